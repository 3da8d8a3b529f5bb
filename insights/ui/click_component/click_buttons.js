// A row of buttons whose every click reaches the server exactly once.
//
// Streamlit's own button is a trigger: under load (a live-update tick meeting a
// click) one click could reach two script runs, and two clicks before a redraw
// could merge. Here each click is numbered and kept in an outbox, sent with
// every later click until Python acknowledges it; Python acts on each number
// once. A click carries the insight it was made on (Python's `target` when the
// button was drawn), so a click made as the room moves on still counts where
// the person saw it. Each click also carries the stamp of the server session
// that drew the buttons: after a reconnect to a new session (a restarted
// server, a laptop woken after minutes) the clicks of the old one are dropped,
// never counted again. Labels are set with textContent: never markup.

const NONCE = Math.random().toString(36).slice(2) + Date.now().toString(36);
const KEPT = 200; // unacknowledged clicks kept; more than this means the server is gone
let sequence = 0;

class ClickButtons {
  constructor(host) {
    this.root = document.createElement("div");
    this.root.className = "row";
    host.appendChild(this.root);
    this.outbox = [];
    this.target = null;
    this.session = null;
    this.root.addEventListener("click", (e) => this.onClick(e));
  }

  update(data, setStateValue) {
    this.setStateValue = setStateValue;
    const acked = data && data.acked;
    if (acked && acked.nonce === NONCE) {
      this.outbox = this.outbox.filter((c) => c.seq > acked.seq);
    }
    this.target = data ? data.target : null;
    this.session = data ? data.session : null;
    this.outbox = this.outbox.filter((c) => c.session === this.session);
    this.render((data && data.buttons) || []);
  }

  // Buttons are kept (not rebuilt) when their ids stay the same, so focus stays put.
  render(buttons) {
    const existing = [...this.root.children];
    const same = existing.length === buttons.length && existing.every((b, i) => b.dataset.id === buttons[i].id);
    if (!same) {
      this.root.replaceChildren(
        ...buttons.map((spec) => {
          const node = document.createElement("button");
          node.type = "button";
          node.dataset.id = spec.id;
          return node;
        }),
      );
    }
    buttons.forEach((spec, i) => {
      const node = this.root.children[i];
      node.textContent = String(spec.label);
      node.title = spec.help ? String(spec.help) : "";
      node.className = spec.primary ? "primary" : "secondary";
      node.disabled = Boolean(spec.disabled);
    });
  }

  onClick(event) {
    const node = event.target.closest("button");
    if (!node || node.disabled || !this.setStateValue) return;
    sequence += 1;
    this.outbox.push({ seq: sequence, button: node.dataset.id, target: this.target, session: this.session });
    this.outbox = this.outbox.slice(-KEPT);
    this.setStateValue("clicks", { nonce: NONCE, clicks: this.outbox });
  }
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let buttons = parentElement.__clickButtons;
  if (!buttons) {
    buttons = new ClickButtons(parentElement);
    parentElement.__clickButtons = buttons;
  }
  buttons.update(data, setStateValue);
}

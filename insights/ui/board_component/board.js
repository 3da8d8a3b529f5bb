// The theme board: cards dragged (or picked, then moved) onto theme tiles.
//
// Python sends the board as data on every run; this draws it and keeps the
// person's moves in an outbox until Python acknowledges them. A move shows at
// once where it was dropped; the outbox is re-applied over any board that
// arrives before its acknowledgement, and a board that arrives in the middle
// of a drag waits until the drop. So the screen never jumps and no move is
// lost, however fast the person drags. Every text from the workspace is set
// with textContent: a note is never markup.

const NONCE = Math.random().toString(36).slice(2) + Date.now().toString(36);
let sequence = 0;
const COLOR = /^#[0-9a-fA-F]{6}$/;
const DRAG_START_PX = 5;
const EDGE_PX = 56;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function plural(count, word, many) {
  return `${Number(count).toLocaleString("en-US")} ${count === 1 ? word : many || word + "s"}`;
}

function button(label, action, attrs = {}) {
  const node = el("button", "act", label);
  node.type = "button";
  node.dataset.action = action;
  for (const [name, value] of Object.entries(attrs)) node.dataset[name] = value;
  return node;
}

class Board {
  constructor(host) {
    this.host = host;
    this.root = el("div", "board");
    host.appendChild(this.root);
    this.data = null;
    this.deferred = null;
    this.outbox = [];
    this.picked = new Set();
    this.press = null;
    this.drag = null;
    this.scrollTimer = null;
    this.cardsByKey = new Map();
    this.columns = new Map();
    this.root.addEventListener("pointerdown", (e) => this.onPointerDown(e));
    this.root.addEventListener("click", (e) => this.onClick(e));
    this.root.addEventListener("keydown", (e) => this.onKey(e));
    this.onMove = (e) => this.onPointerMove(e);
    this.onUp = (e) => this.onPointerUp(e);
  }

  // -- data from Python ------------------------------------------------------------------

  update(data, setStateValue) {
    this.setStateValue = setStateValue;
    const acked = data && data.acked;
    if (acked && acked.nonce === NONCE) {
      this.outbox = this.outbox.filter((m) => m.seq > acked.seq);
    }
    if (this.drag || this.press) {
      this.deferred = data; // drawn after the drop: never pull a card from under the pointer
      return;
    }
    this.render(data);
  }

  render(data) {
    this.data = data;
    this.cardsByKey.clear();
    this.columns.clear();
    const root = this.root;
    root.replaceChildren();
    root.dataset.locked = data.locked ? "true" : "false";
    root.appendChild(this.statusBar());
    root.appendChild(this.selectionBar());
    const themes = el("section", "themes");
    themes.setAttribute("aria-label", "Themes");
    for (const tile of data.themes) themes.appendChild(this.tile(tile));
    if (!data.themes.length) {
      themes.appendChild(el("p", "empty", "No themes yet: add one in the Themes view above."));
    }
    root.appendChild(themes);
    root.appendChild(this.pool(data.pool));
    const known = new Set(this.cardsByKey.keys());
    for (const key of [...this.picked]) if (!known.has(key)) this.picked.delete(key);
    this.overlayOutbox();
    this.refresh();
  }

  statusBar() {
    const bar = el("div", "status");
    bar.setAttribute("role", "status");
    bar.setAttribute("aria-live", "polite");
    this.statusNode = bar;
    return bar;
  }

  selectionBar() {
    const bar = el("div", "selection");
    this.selectionNode = bar;
    return bar;
  }

  column(id, name, countNode, body) {
    this.columns.set(id, { name, countNode, body });
  }

  tile(tile) {
    const node = el("div", "tile" + (tile.expanded ? " expanded" : ""));
    node.dataset.column = tile.id;
    node.style.setProperty("--c", COLOR.test(tile.color) ? tile.color : "#455A64");
    const head = el("div", "tile-head");
    const name = el("span", "name", tile.name);
    if (tile.description) head.title = tile.description;
    const count = el("span", "count");
    head.append(name, count);
    const body = el("div", "tile-body");
    for (const card of tile.items) body.appendChild(this.card(card, tile.id));
    node.append(head, body);
    const hidden = tile.shown_of - tile.items.length;
    if (tile.expanded) {
      node.appendChild(button("Show fewer", "expand", { column: tile.id }));
    } else if (hidden > 0) {
      node.appendChild(button(`Show all ${tile.shown_of.toLocaleString("en-US")}`, "expand", { column: tile.id }));
    }
    this.column(tile.id, tile.name, count, body);
    count.dataset.cards = tile.cards;
    count.dataset.highlights = tile.highlights;
    return node;
  }

  pool(pool) {
    const node = el("section", "pool");
    node.dataset.column = pool.id;
    node.setAttribute("aria-label", "Unassigned");
    const head = el("div", "pool-head");
    const title = el("span", "name", pool.name);
    const count = el("span", "count");
    count.dataset.cards = pool.cards;
    count.dataset.highlights = pool.highlights;
    const pager = el("span", "pager");
    const previous = button("‹ Previous", "page", { to: String(pool.page - 1) });
    previous.disabled = pool.page <= 1;
    const next = button("Next ›", "page", { to: String(pool.page + 1) });
    next.disabled = pool.page >= pool.pages;
    const where = pool.shown_of
      ? `${pool.first.toLocaleString("en-US")}–${pool.last.toLocaleString("en-US")} of ${pool.shown_of.toLocaleString("en-US")}`
      : "none";
    pager.append(previous, el("span", "where", where), next);
    head.append(title, count, pager);
    const suggested = pool.items.filter((c) => c.suggestion);
    if (suggested.length && !this.data.locked) {
      head.appendChild(
        button(`Accept the ${plural(suggested.length, "suggestion")} on this page`, "accept-all"),
      );
    }
    const body = el("div", "pool-body");
    for (const card of pool.items) body.appendChild(this.card(card, pool.id));
    if (!pool.items.length) {
      body.appendChild(
        el("p", "empty", this.data.filtered ? "No unassigned card matches the filter." : "Every card is in a theme."),
      );
    }
    node.append(head, body);
    this.column(pool.id, pool.name, count, body);
    return node;
  }

  card(card, columnId) {
    const node = el("div", "card");
    node.dataset.key = card.key;
    node.dataset.column = columnId;
    node.dataset.mentions = card.mentions;
    node.tabIndex = 0;
    node.title = card.tip;
    node.setAttribute("role", "button");
    node.setAttribute("aria-pressed", "false");
    node.append(el("div", "text", card.text), el("div", "who", card.who));
    if (card.mixed) {
      const mixed = el("div", "mixed");
      mixed.appendChild(el("span", "mixed-words", card.mixed));
      for (const choice of card.choices) {
        mixed.appendChild(button(`All in ${choice.name}`, "choose", { to: choice.to }));
      }
      node.appendChild(mixed);
    }
    if (card.suggestion) {
      const s = card.suggestion;
      const line = el("div", "suggest");
      line.appendChild(button(`→ ${s.name}`, "accept", { to: s.to }));
      line.appendChild(el("span", "why", `${s.score}% like “${s.like}”`));
      node.appendChild(line);
    }
    this.cardsByKey.set(card.key, node);
    return node;
  }

  // -- moves: shown at once, kept until acknowledged ---------------------------------------

  move(keys, to, via) {
    const cards = keys.filter((k) => this.cardsByKey.has(k) && this.cardsByKey.get(k).dataset.column !== to);
    if (!cards.length || !this.columns.has(to)) return;
    if (this.data.locked) {
      this.say("The board is locked: nothing was moved. Unlock it above to sort.", "warning");
      return;
    }
    const move = { seq: ++sequence, cards, to, via };
    this.outbox.push(move);
    this.place(move);
    for (const key of cards) this.picked.delete(key);
    this.refresh();
    if (this.setStateValue) {
      this.setStateValue("outbox", { nonce: NONCE, moves: this.outbox.map((m) => ({ ...m })) });
    }
  }

  place(move) {
    const target = this.columns.get(move.to);
    if (!target) return;
    for (const key of move.cards) {
      const node = this.cardsByKey.get(key);
      if (!node || node.dataset.column === move.to) continue;
      const from = this.columns.get(node.dataset.column);
      const mentions = Number(node.dataset.mentions) || 1;
      if (from) this.bump(from.countNode, -1, -mentions);
      this.bump(target.countNode, 1, mentions);
      node.dataset.column = move.to;
      node.querySelector(".suggest")?.remove();
      node.querySelector(".mixed")?.remove();
      target.body.querySelector(".empty")?.remove();
      target.body.prepend(node);
    }
  }

  bump(countNode, cards, highlights) {
    countNode.dataset.cards = Number(countNode.dataset.cards) + cards;
    countNode.dataset.highlights = Number(countNode.dataset.highlights) + highlights;
  }

  overlayOutbox() {
    for (const move of this.outbox) this.place(move);
  }

  refresh() {
    for (const { countNode } of this.columns.values()) {
      const cards = Number(countNode.dataset.cards);
      const highlights = Number(countNode.dataset.highlights);
      countNode.textContent =
        plural(cards, "card") + (highlights !== cards ? ` · ${plural(highlights, "highlight")}` : "");
    }
    for (const [key, node] of this.cardsByKey) {
      const picked = this.picked.has(key);
      node.classList.toggle("picked", picked);
      node.setAttribute("aria-pressed", picked ? "true" : "false");
    }
    this.root.dataset.pending = String(this.outbox.length);
    this.drawSelection();
    if (this.outbox.length) {
      this.say(`Saving ${plural(this.outbox.reduce((n, m) => n + m.cards.length, 0), "card")}…`, "saving");
    } else if (this.data.notice && this.data.notice.text) {
      this.say(this.data.notice.text, this.data.notice.kind);
    } else {
      this.say(this.data.locked ? "The board is locked: cards cannot be moved." : "", this.data.locked ? "warning" : "info");
    }
  }

  say(text, kind) {
    this.statusNode.textContent = text;
    this.statusNode.dataset.kind = kind || "info";
  }

  drawSelection() {
    const bar = this.selectionNode;
    bar.replaceChildren();
    if (!this.picked.size) {
      bar.hidden = true;
      return;
    }
    bar.hidden = false;
    bar.appendChild(el("span", "picked-count", `${plural(this.picked.size, "card")} picked`));
    const select = el("select", "target");
    select.setAttribute("aria-label", "Move the picked cards to");
    for (const [id, column] of this.columns) {
      const option = el("option", null, column.name);
      option.value = id;
      select.appendChild(option);
    }
    bar.append(el("span", null, "Move to"), select, button("Move", "move-picked"), button("Clear", "clear-picked"));
  }

  // -- the person's hands --------------------------------------------------------------------

  onClick(e) {
    const act = e.target.closest("button[data-action]");
    if (!act || act.disabled) return;
    const card = act.closest(".card");
    const action = act.dataset.action;
    if (action === "accept" && card) this.move([card.dataset.key], act.dataset.to, "suggestion");
    else if (action === "choose" && card) this.move([card.dataset.key], act.dataset.to, "choice");
    else if (action === "accept-all") {
      for (const item of this.data.pool.items) {
        if (item.suggestion) this.move([item.key], item.suggestion.to, "suggestion");
      }
    } else if (action === "move-picked") {
      const to = this.selectionNode.querySelector("select").value;
      this.move([...this.picked], to, "selection");
    } else if (action === "clear-picked") {
      this.picked.clear();
      this.refresh();
    } else if (action === "page") this.setView({ page: Number(act.dataset.to) });
    else if (action === "expand") {
      const open = new Set(this.data.view.expanded || []);
      if (open.has(act.dataset.column)) open.delete(act.dataset.column);
      else open.add(act.dataset.column);
      this.setView({ expanded: [...open] });
    }
  }

  setView(change) {
    const view = { ...this.data.view, ...change };
    if (this.setStateValue) this.setStateValue("view", view);
  }

  onKey(e) {
    const card = e.target.closest && e.target.closest(".card");
    if (!card || e.target !== card || (e.key !== " " && e.key !== "Enter")) return;
    e.preventDefault();
    this.togglePick(card.dataset.key);
  }

  togglePick(key) {
    if (this.picked.has(key)) this.picked.delete(key);
    else this.picked.add(key);
    this.refresh();
  }

  onPointerDown(e) {
    if (e.button !== 0 || e.target.closest("button, select, a")) return;
    const card = e.target.closest(".card");
    if (!card) return;
    this.press = { card, x: e.clientX, y: e.clientY };
    window.addEventListener("pointermove", this.onMove);
    window.addEventListener("pointerup", this.onUp);
    window.addEventListener("pointercancel", this.onUp);
  }

  onPointerMove(e) {
    if (!this.press) return;
    if (!this.drag) {
      if (Math.hypot(e.clientX - this.press.x, e.clientY - this.press.y) < DRAG_START_PX) return;
      if (this.data.locked) {
        this.say("The board is locked: cards cannot be moved. Unlock it above to sort.", "warning");
        this.endPress();
        return;
      }
      this.startDrag(e);
    }
    e.preventDefault();
    this.drag.x = e.clientX;
    this.drag.y = e.clientY;
    this.drag.ghost.style.transform = `translate(${e.clientX + 8}px, ${e.clientY + 8}px)`;
    this.hover(this.dropTarget(e.clientX, e.clientY));
    this.autoScroll();
  }

  startDrag(e) {
    const key = this.press.card.dataset.key;
    const keys = this.picked.has(key) ? [...this.picked] : [key];
    const ghost = el("div", "ghost", keys.length > 1 ? `${keys.length} cards` : this.press.card.querySelector(".text").textContent);
    this.root.appendChild(ghost);
    for (const k of keys) this.cardsByKey.get(k)?.classList.add("dragging");
    this.drag = { keys, ghost, over: null, x: e.clientX, y: e.clientY };
    this.root.classList.add("is-dragging");
  }

  dropTarget(x, y) {
    const scope = this.root.getRootNode();
    const found = (scope.elementFromPoint ? scope : document).elementFromPoint(x, y);
    const column = found && found.closest ? found.closest("[data-column]:not(.card)") : null;
    return column && this.root.contains(column) ? column : null;
  }

  hover(column) {
    if (this.drag.over === column) return;
    this.drag.over?.classList.remove("over");
    column?.classList.add("over");
    this.drag.over = column;
  }

  onPointerUp(e) {
    const drag = this.drag;
    const press = this.press;
    this.endPress();
    if (!drag) {
      if (press && e.type === "pointerup") this.togglePick(press.card.dataset.key);
      return;
    }
    const target = this.dropTarget(e.clientX, e.clientY);
    drag.ghost.remove();
    drag.over?.classList.remove("over");
    this.root.classList.remove("is-dragging");
    for (const k of drag.keys) this.cardsByKey.get(k)?.classList.remove("dragging");
    this.drag = null;
    if (this.deferred) {
      const waiting = this.deferred;
      this.deferred = null;
      this.render(waiting);
    }
    if (target) this.move(drag.keys, target.dataset.column, "drag");
  }

  endPress() {
    this.press = null;
    if (!this.drag && this.deferred) {
      const waiting = this.deferred;
      this.deferred = null;
      this.render(waiting);
    }
    window.removeEventListener("pointermove", this.onMove);
    window.removeEventListener("pointerup", this.onUp);
    window.removeEventListener("pointercancel", this.onUp);
    clearInterval(this.scrollTimer);
    this.scrollTimer = null;
  }

  // While dragging near an edge, scroll whatever can scroll there: a tile, the pool, the page.
  autoScroll() {
    if (this.scrollTimer) return;
    this.scrollTimer = setInterval(() => {
      if (!this.drag) return;
      const { x, y } = this.drag;
      for (const box of this.scrollers(x, y)) {
        const rect = box === document.scrollingElement ? { top: 0, bottom: window.innerHeight } : box.getBoundingClientRect();
        const step = y < rect.top + EDGE_PX ? -18 : y > rect.bottom - EDGE_PX ? 18 : 0;
        if (step && box.scrollTop + step >= 0 && box.scrollTop + box.clientHeight + step <= box.scrollHeight + 18) {
          box.scrollTop += step;
          this.hover(this.dropTarget(x, y));
          return;
        }
      }
    }, 30);
  }

  scrollers(x, y) {
    const found = [];
    let node = this.dropTarget(x, y) || this.root;
    while (node) {
      if (node.nodeType === 1) {
        const style = getComputedStyle(node);
        if (/(auto|scroll)/.test(style.overflowY) && node.scrollHeight > node.clientHeight) found.push(node);
      }
      node = node.parentNode || node.host || null;
      if (node && node.nodeType === 11) node = node.host;
    }
    found.push(document.scrollingElement);
    return found;
  }
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let board = parentElement.__themeBoard;
  if (!board) {
    board = new Board(parentElement);
    parentElement.__themeBoard = board;
  }
  board.update(data, setStateValue);
}

"""The Workshop page's panels: one insight in large type, votes, timer, decision, sessions."""

from __future__ import annotations

import time
from datetime import date

import pandas as pd
import streamlit as st

from insights import export_formats, people
from insights.access import Capability
from insights.model import is_theme_key
from insights.quote_bank import strongest_quotes
from insights.sessions import Changes, SavedSession, save_session
from insights.store import Store, WorkspaceData
from insights.theme_assignment import set_locked
from insights.ui.gate import may, require
from insights.ui.state import attempt
from insights.ui.text import md_escape
from insights.ui.vote_buttons import room_vote_buttons
from insights.wording import share
from insights.workshop_room import (
    TIMER_CHOICES,
    Step,
    clock,
    default_session_name,
    move,
    seconds_left,
)

# Readable from the back of a room at 1280×720: larger type, stronger contrast, no clutter.
PROJECTOR_CSS = """
<style>
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 4rem 2.5rem 2rem; }
[data-testid="stMainBlockContainer"] p,
[data-testid="stMainBlockContainer"] li,
[data-testid="stMainBlockContainer"] label { font-size: 1.25rem; color: #111; }
[data-testid="stMainBlockContainer"] h1 { font-size: 1.7rem; padding: 0; }
[data-testid="stMainBlockContainer"] h2 { font-size: 2.6rem; line-height: 1.2; color: #000; }
[data-testid="stMainBlockContainer"] [data-testid="stMetricValue"] p {
  font-size: 2.8rem; font-weight: 700; color: #000; line-height: 1.1;
}
[data-testid="stMetricLabel"] p { font-size: 1.1rem; color: #222; }
[data-testid="stMainBlockContainer"] blockquote {
  border-left: 0.45rem solid #0d47a1; padding-left: 1rem; margin: 0.5rem 0; opacity: 1;
}
[data-testid="stMainBlockContainer"] blockquote p {
  font-size: 1.5rem; line-height: 1.4; color: #000; opacity: 1;
}
[data-testid="stMainBlockContainer"] button p { font-size: 1.25rem; }
[data-testid="stMainBlockContainer"] [data-testid="stHeaderActionElements"] { display: none; }
[data-testid="stMainBlockContainer"] textarea,
[data-testid="stMainBlockContainer"] input { font-size: 1.25rem !important; line-height: 1.4; }
.workshop-clock { font-size: 3rem; font-weight: 800; font-variant-numeric: tabular-nums; }
</style>
"""


def projector_style() -> None:
    st.html(PROJECTOR_CSS)  # our own CSS, no untrusted text


def lock_switch(store: Store, workspace: str, locked: bool) -> None:
    """The board lock: cards and themes stay put while the room votes and decides."""
    key = "workshop_lock"
    st.session_state[key] = locked  # follow the store: another tab may have changed it

    def changed() -> None:
        wanted = bool(st.session_state[key])
        attempt(
            _locked_by_facilitator,
            store,
            workspace,
            wanted,
            success="Board locked: cards and themes cannot move." if wanted else "Board unlocked.",
        )

    st.toggle(
        "Lock the board",
        key=key,
        on_change=changed,
        disabled=not may(Capability.LOCK_BOARD),
        help="While locked, no card can be dragged to another theme and no theme changes, "
        "so the ranking holds still during the session. Votes and decisions stay open. "
        "Only a facilitator can lock or unlock it.",
    )


def navigation(keys: list[str], ranked: pd.DataFrame, here: Step) -> None:
    """Previous, where the room is, Next, and a list to jump to any insight."""
    state = st.session_state

    def go(by: int) -> None:
        step = move(keys, state.get("workshop_key"), by, state.get("workshop_position", 0))
        state["workshop_key"], state["workshop_position"] = step.key, step.position

    def jump() -> None:
        # Streamlit sends the choice back as its label; a label from before the list
        # reordered (a colleague's vote) matches no insight: the room stays where it is.
        if state["workshop_jump"] in keys:
            state["workshop_key"] = state["workshop_jump"]

    previous, position, following, chooser = st.columns([1, 1, 1, 4], vertical_alignment="center")
    # No arrow icons: the key hint (← →) Streamlit draws on a button with a shortcut is one.
    previous.button(
        "Previous",
        on_click=go,
        args=(-1,),
        disabled=not here.has_previous,
        shortcut="Left",
        width="stretch",
        key="workshop_previous",
    )
    position.markdown(f"**Insight {here.label}**")
    following.button(
        "Next",
        on_click=go,
        args=(1,),
        disabled=not here.has_next,
        shortcut="Right",
        width="stretch",
        key="workshop_next",
        type="primary",
    )
    labels = {
        key: f"{rank}. {title[:90]}"
        for rank, (key, title) in enumerate(zip(ranked["key"], ranked["title"], strict=True), 1)
    }
    state["workshop_jump"] = here.key
    chooser.selectbox(
        "Jump to",
        keys,
        format_func=labels.__getitem__,
        key="workshop_jump",
        on_change=jump,
        label_visibility="collapsed",
    )


def insight_card(
    insight: pd.Series, seen: pd.DataFrame, data: WorkspaceData, items: list[str]
) -> None:
    """The insight on the shared screen: what it is, how much evidence, the roadmap, quotes."""
    theme = insight["theme"] if isinstance(insight["theme"], str) and insight["theme"] else ""
    if theme and not is_theme_key(insight["key"]):
        st.caption(f"Theme: {md_escape(theme)}")
    st.markdown(f"## {md_escape(insight['title'])}")
    callout = {"broad": st.success, "caution": st.warning}.get(insight["badge_level"], st.info)
    callout(md_escape(insight["badge"]), icon=":material/fact_check:")
    figures = st.columns(4)
    figures[0].metric("Participants", int(insight["participants"]))
    figures[1].metric("Mentions", int(insight["mentions"]))
    figures[2].metric("Share of people", share(insight["participant_share"]))
    figures[3].metric("Score", f"{insight['score']:.0f}")
    st.markdown(f"**Segments:** {md_escape(export_formats.segments_text(insight['segments']))}")
    status = insight["roadmap_status"] or export_formats.NOT_ON_ROADMAP
    on_roadmap = f"**Roadmap:** {md_escape(status)}"
    if items:
        on_roadmap += " · " + "; ".join(md_escape(i) for i in items)
    st.markdown(on_roadmap)
    quotes = strongest_quotes(seen, insight["key"], data)
    if not quotes:
        st.caption("No quote can be shown (the only ones were declined for quoting).")
    for text, who in quotes:
        st.markdown(f"> “{md_escape(text)}”  \n> — {md_escape(who)}")


def votes_panel(workspace: str, key: str, votes: int) -> None:
    """Dot votes for the insight on screen: one click, one dot."""
    st.metric("Dot votes", votes)
    room_vote_buttons(workspace, key, votes)


def timer_panel(key: str) -> None:
    """An optional countdown per insight; it only ticks while it runs."""
    minutes = st.selectbox(
        "Timer per insight",
        TIMER_CHOICES,
        format_func=lambda m: "Off" if m == 0 else f"{m} min",
        key="workshop_timer_minutes",
    )
    minutes = minutes or 0
    started: dict[str, float] = st.session_state.setdefault("workshop_timer_started", {})
    if not minutes:
        return

    def start_clock() -> None:
        started[key] = time.time()

    def stop_clock() -> None:
        started.pop(key, None)

    left = seconds_left(started.get(key), minutes, time.time())
    start, stop = st.columns(2)
    start.button(
        "Restart" if left is not None else "Start",
        key="workshop_timer_start",
        on_click=start_clock,
        width="stretch",
    )
    stop.button(
        "Stop",
        key="workshop_timer_stop",
        on_click=stop_clock,
        disabled=left is None,
        width="stretch",
    )

    @st.fragment(run_every=1 if left else None)
    def countdown() -> None:
        now_left = seconds_left(started.get(key), minutes, time.time())
        if now_left is None:
            st.markdown(
                f'<div class="workshop-clock">{clock(minutes * 60)}</div>', unsafe_allow_html=True
            )
            return
        color = "#b71c1c" if now_left <= 15 else "#000"
        st.markdown(
            f'<div class="workshop-clock" style="color:{color}">{clock(now_left)}</div>',
            unsafe_allow_html=True,  # our own figures, no untrusted text
        )
        if now_left == 0:
            st.markdown("**Time's up.** Decide, or give it another round.")
            if left:  # it just ran out: one full run to stop the ticking
                st.rerun(scope="app")

    countdown()


def save_session_form(store: Store, workspace: str, state: dict) -> None:
    """Keep a snapshot of the ranking, votes and decisions under a name."""
    with st.form("workshop_save_session", border=False):
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        name = left.text_input(
            "Session name",
            value=default_session_name(date.today()),
            key="workshop_session_name",
        )
        if right.form_submit_button("Save session", icon=":material/save:", width="stretch"):
            ranked = len(state["ranking"]["theme"]) + len(state["ranking"]["group"])
            attempt(
                save_session,
                store,
                workspace,
                name,
                state,
                success=f"Session saved: {ranked} ranked insights, "
                f"{len(state['votes'])} with votes, {len(state['decisions'])} decisions.",
            )
            st.rerun()


def _arrow(was: int | None, now: int | None) -> str:
    if was is None:
        return "new in the list"
    if now is None:
        return "left the list"
    return f"▲ {was - now}" if now < was else f"▼ {now - was}"


def changes_panel(
    saved: SavedSession | None, changes: Changes | None, data: WorkspaceData, titles: dict
) -> None:
    """What changed since the last saved session."""
    if saved is None or changes is None:
        st.caption(
            "No session saved yet. Save one at the end of this workshop; the next one "
            "opens with what changed since."
        )
        return
    when = pd.Timestamp(saved.saved_at).strftime("%d %b %Y, %H:%M UTC")
    by = f" by {md_escape(people.who(saved.saved_by))}" if saved.saved_by else ""
    st.caption(f"Compared with “{md_escape(saved.name)}”, saved {when}{by}.")
    if not changes.any:
        st.success("Nothing changed since then.", icon=":material/check_circle:")
        return
    texts = dict(zip(data.highlights["id"], data.highlights["text"], strict=True))
    new, moved, ranks, decided = st.tabs(
        [
            f"New highlights ({len(changes.new_highlights)})",
            f"Cards that moved theme ({len(changes.moved)})",
            f"Rank changes ({len(changes.rank_changes)})",
            f"Decisions ({len(changes.decision_changes)})",
        ]
    )
    with new:
        _table(["Highlight"], [(texts.get(h, h),) for h in changes.new_highlights])
    with moved:
        _table(
            ["Highlight", "From", "To"],
            [(texts.get(h, h), was or "—", now or "—") for h, was, now in changes.moved],
        )
    with ranks:
        _table(
            ["Insight", "Was", "Now", "Change"],
            [
                (title, _rank(was), _rank(now), _arrow(was, now))
                for _, title, was, now in changes.rank_changes
            ],
        )
    with decided:
        _table(
            ["Insight", "Before", "Now"],
            [
                (titles.get(k, k), was or "—", now or "—")
                for k, was, now in changes.decision_changes
            ],
        )


def _rank(rank: int | None) -> str:
    return "—" if rank is None else str(rank)


def _table(columns: list[str], rows: list[tuple]) -> None:
    st.dataframe(pd.DataFrame(rows, columns=columns), hide_index=True, width="stretch")


def _locked_by_facilitator(store: Store, workspace: str, wanted: bool) -> None:
    """Lock or unlock the board, if this person facilitates."""
    require(Capability.LOCK_BOARD)
    set_locked(store, workspace, wanted)

"""The Themes page's board: our own drag-and-drop component, drawn in a fragment.

A drag reruns only this fragment: the moves are saved, the board is read
again and sent back as data; the component is never re-mounted, so nothing
the person sees jumps, and a drag made while the last one is being saved
waits in the component's outbox (see ``insights.board``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from insights.board import (
    BoardFilter,
    BoardView,
    RequestedMove,
    board_data,
    new_moves,
    to_moves,
)
from insights.errors import InsightsError
from insights.outbox import Outbox, acknowledgement, mark_done
from insights.store import Store, WorkspaceData
from insights.suggest import suggest_themes
from insights.theme_assignment import assign
from insights.ui.components import our_component
from insights.ui.state import card_table_of, component_key, derived, workspace_data
from insights.wording import plural

_component = our_component("insights_theme_board", "board_component", "board")
_APPLIED = "_board_applied"  # component nonce -> highest move number applied
_NOTICE = "_board_notice"


def board_key(workspace: str) -> str:
    return component_key("theme_board", workspace)


def component_state(workspace: str) -> dict[str, Any]:
    """What the component last sent: its outbox of moves and its view (page, open tiles)."""
    value = st.session_state.get(board_key(workspace))
    return dict(value) if value else {}


def say(kind: str, text: str) -> None:
    """A line in the board's status bar (set as text, never markup)."""
    st.session_state[_NOTICE] = {"kind": kind, "text": text}


def _apply(store: Store, workspace: str, requested: RequestedMove, data: WorkspaceData) -> None:
    members = card_table_of(store, data).set_index("key")["highlight_ids"].to_dict()
    moves = to_moves(requested, members)
    if not moves:
        say("warning", "Those cards changed meanwhile (regrouped or removed): nothing moved.")
        return
    names = dict(zip(data.themes["id"], data.themes["name"], strict=True))
    target = "Unassigned" if requested.theme_id is None else names.get(requested.theme_id, "?")
    cards = plural(len(moves), "card")
    assign(store, workspace, moves, via=requested.via, describe=f"{cards} to {target}")
    say("success", f"Moved {cards} to {target}.")


def save_moves(store: Store, workspace: str) -> None:
    """Save the moves the component sent that this tab has not saved yet, each one action."""
    state = component_state(workspace)
    outbox = Outbox.read(state.get("outbox"), "moves")
    applied: dict[str, int] = st.session_state.setdefault(_APPLIED, {})
    for requested in new_moves(outbox, applied):
        try:
            _apply(store, workspace, requested, workspace_data(store, workspace))
        except InsightsError as error:
            say("error", str(error))
        mark_done(applied, outbox, requested.seq)  # tried once: a refusal is not retried


def has_pending_moves(workspace: str) -> bool:
    """Whether the component sent moves this tab has not saved yet (a live rerun waits)."""
    outbox = Outbox.read(component_state(workspace).get("outbox"), "moves")
    return bool(new_moves(outbox, st.session_state.get(_APPLIED, {})))


def _view(workspace: str, known: set[str]) -> dict[str, Any]:
    view = component_state(workspace).get("view") or {}
    page = view.get("page", 1)
    expanded = [c for c in view.get("expanded") or [] if c in known]
    return {"page": page if isinstance(page, int) else 1, "expanded": expanded}


def _suggest(store: Store, data: WorkspaceData, pool: pd.DataFrame) -> dict:
    keys = tuple(pool["key"])
    return derived(
        store,
        data,
        f"suggestions {hash(keys)}",
        ("highlights", "assignments", "themes"),
        lambda: suggest_themes(data, pool),
    )


def build_view(
    store: Store, data: WorkspaceData, board_filter: BoardFilter, view: dict[str, Any]
) -> BoardView:
    """The board for this snapshot, filter and view (page, expanded tiles)."""
    cards = card_table_of(store, data)
    assignments = data.assignments
    return board_data(
        cards,
        data.themes,
        theme_of=dict(zip(assignments["highlight_id"], assignments["theme_id"], strict=True)),
        assigned_at=dict(zip(assignments["highlight_id"], assignments["assigned_at"], strict=True)),
        board_filter=board_filter,
        page=view["page"],
        expanded=view["expanded"],
        suggest=lambda pool: _suggest(store, data, pool),
    )


def draw_board(store: Store, workspace: str, board_filter: BoardFilter) -> WorkspaceData:
    """Draw the board as the store has it now (``save_moves`` first saves what was moved)."""
    data = workspace_data(store, workspace)
    known = {f"t{int(t)}" for t in data.themes["id"]}
    view = _view(workspace, known)
    board = build_view(store, data, board_filter, view)
    applied = st.session_state.get(_APPLIED, {})
    outbox = Outbox.read(component_state(workspace).get("outbox"), "moves")
    payload = {
        **board.data,
        "view": {"page": board.page, "expanded": view["expanded"]},
        "locked": bool(data.info.locked),
        "notice": st.session_state.get(_NOTICE),
        "acked": acknowledgement(outbox, applied),
    }
    _component(
        data=payload,
        key=board_key(workspace),
        default={"outbox": None, "view": {"page": 1, "expanded": []}},
        on_outbox_change=_ignore,
        on_view_change=_ignore,
    )
    return data


def _ignore() -> None:
    """The component's state is read when the fragment runs; nothing to do in a callback."""

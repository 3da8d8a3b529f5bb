"""The drag-and-drop board (streamlit-sortables) and the panels around it.

The component keeps the items it was first given for as long as its key
stays the same, and gives back what the person's drags made of them. So
the key carries a board version that goes up whenever *Python* changes what
the board holds (another session's move, an undo, a filter, another page),
and stays the same after a drag: the browser already shows that card where
it was dropped.
"""

from __future__ import annotations

import streamlit as st
from streamlit_sortables import sort_items

from insights.board import BoardView, moved_cards, same_membership
from insights.errors import InsightsError
from insights.store import Store
from insights.themes import Move, assign
from insights.ui.state import flash

_SHOWN = "_board_shown"  # what the browser shows: the items last given or dragged
_VERSION = "_board_version"

CARD_TEXT = "#14171A"
CARD_BACKGROUND = "#FFFFFF"


def board_style(colors: list[str]) -> str:
    """Columns headed in their theme's color, cards dark on white: readable on a projector."""
    rules = [
        ".sortable-component.vertical { gap: 8px; align-items: flex-start; }",
        # equal columns side by side, wrapping to a second row when there are many themes
        ".sortable-component.vertical .sortable-container { flex: 1 1 170px; min-width: 150px;"
        " padding: 0; border-radius: 8px; }",
        ".sortable-container-header { color: #FFFFFF; font-weight: 700; font-size: 1.05rem;"
        " padding: 8px 10px; border-radius: 8px 8px 0 0; }",
        f".sortable-item, .sortable-item:hover {{ background-color: {CARD_BACKGROUND};"
        f" color: {CARD_TEXT}; border: 1px solid #B0BEC5; border-radius: 6px;"
        " font-size: 0.95rem; line-height: 1.3; padding: 6px 8px; text-align: left; }",
    ]
    for position, color in enumerate(colors, start=1):
        rules.append(
            f".sortable-container:nth-of-type({position}) .sortable-container-header"
            f" {{ background-color: {color}; }}"
        )
        rules.append(
            f".sortable-container:nth-of-type({position}) .sortable-item"
            f" {{ border-left: 6px solid {color}; }}"
        )
    return "\n".join(rules)


def draw_board(
    store: Store, workspace: str, view: BoardView, colors: list[str], locked: bool
) -> list[Move]:
    """Draw the board and save what a drag moved; returns the moves saved.

    No rerun follows a drag: the browser already shows the card where it was
    dropped, and the page draws its counts after the board.
    """
    state = st.session_state
    version = state.get(_VERSION, 0)
    shown = state.get(_SHOWN)
    if shown is None or not same_membership(shown, view.columns):
        version += 1  # Python changed what the board holds: start the component afresh
        state[_VERSION] = version
    result = sort_items(
        view.columns,
        multi_containers=True,
        direction="vertical",
        custom_style=board_style(colors),
        key=f"board_{workspace}_{version}",
    )
    moves = moved_cards(view, result)
    if not moves:
        state[_SHOWN] = result if result else view.columns
        return []
    if locked:
        _put_back(view, "The board is locked: that move was not saved.")
        return []
    target = _column_name(view, moves[0].theme_id)
    cards = len({m.card for m in moves})
    try:
        assign(
            store,
            workspace,
            moves,
            via="drag",
            describe=f"{cards} card{'s' if cards > 1 else ''} to {target}",
        )
    except InsightsError as error:
        _put_back(view, str(error))
        return []
    state[_SHOWN] = result
    st.toast(f"Moved to {target}.", icon=":material/check_circle:")
    return moves


def _put_back(view: BoardView, message: str) -> None:
    """Start the component afresh on the next run, from the saved board, and say why."""
    st.session_state[_VERSION] = st.session_state.get(_VERSION, 0) + 1
    st.session_state[_SHOWN] = view.columns
    flash("warning", message)
    st.rerun()


def _column_name(view: BoardView, theme_id: int | None) -> str:
    position = view.column_themes.index(theme_id)
    header = view.columns[position]["header"]
    return "Unassigned" if theme_id is None else header.removeprefix("▸ ").split(" (collapsed)")[0]


def reset_board() -> None:
    """Make the next draw start the component afresh (after an undo, a table edit, …)."""
    st.session_state.pop(_SHOWN, None)

"""Themes: sort highlights into themes by dragging cards, or in bulk in a table."""

import streamlit as st

from insights.ui.live_updates import follow
from insights.ui.page import open_page, stop_without_highlights, workbench_layout
from insights.ui.state import card_table_of, groups_of, workspace_data
from insights.ui.themes_board import draw_board, save_moves
from insights.ui.themes_panels import (
    board_filter_panel,
    counts_row,
    history_view,
    table_view,
    theme_editor,
    toolbar,
)

VIEWS = ["Board", "Table", "Themes", "History"]

store, workspace = open_page()
workbench_layout()
data = workspace_data(store, workspace)
follow(store, workspace, data, board=True)  # live: colleagues' changes
cards = card_table_of(store, data)

heading, picker = st.columns([3, 2], vertical_alignment="bottom")
heading.title("Sort into themes")
view = picker.segmented_control("View", VIEWS, default="Board", key="themes_view") or "Board"
stop_without_highlights(cards.empty)

tools, filters = st.columns([1, 1], vertical_alignment="top")
if view in ("Board", "Table"):
    with filters:
        board_filter = board_filter_panel(groups_of(store, data))


@st.fragment
def board_section() -> None:
    """The toolbar and the board: a drag, an undo or the lock reruns only this."""
    save_moves(store, workspace)  # first: the toolbar's Undo must know of a drag just made
    with tools:
        toolbar(store, workspace, workspace_data(store, workspace).info.locked, board=True)
    draw_board(store, workspace, board_filter)


if view == "Board":
    board_section()
elif view == "Table":
    with tools:
        toolbar(store, workspace, data.info.locked)
    counts_row(board_filter.in_scope(cards), data.themes)
    table_view(store, workspace, board_filter.apply(cards), data, data.info.locked)
elif view == "Themes":
    with tools:
        toolbar(store, workspace, data.info.locked)
    theme_editor(store, workspace, data, cards, data.info.locked)
else:
    history_view(store.event_log(workspace, limit=200), data)

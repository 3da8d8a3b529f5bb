"""Themes: sort highlights into themes by dragging cards, or in bulk in a table."""

import streamlit as st

from insights.board import BoardFilter, build_board, column_counts
from insights.grouping import group_table
from insights.suggest import suggest_themes
from insights.themes import card_table, move_stacks, redo_move, set_locked, undo_move
from insights.ui.board import draw_board, reset_board
from insights.ui.page import open_page, stop_without_highlights
from insights.ui.state import derived, flash, workspace_data
from insights.ui.themes_panels import (
    counts_row,
    history_view,
    suggestions_panel,
    table_view,
    theme_editor,
)

VIEWS = ["Board", "Table", "Themes", "History"]

store, workspace = open_page()
data = workspace_data(store, workspace)
locked = data.info.locked
groups = derived(
    store, data, "groups", ("highlights", "clusters", "cluster_members"), lambda: group_table(data)
)
cards = derived(
    store,
    data,
    "cards",
    ("highlights", "clusters", "cluster_members", "assignments"),
    lambda: card_table(data, groups),
)
themes = data.themes
theme_names = {int(t.id): t.name for t in data.ordered_themes.itertuples()}

st.title("Sort into themes")
# Drawn after the board (a drag saved there changes them), shown above it.
toolbar = st.container()
notices = st.container()
counts_slot = st.empty()

view = st.session_state.get("themes_view") or "Board"

stop_without_highlights(cards.empty, notices)

if view in ("Board", "Table"):
    with st.expander("Filter", icon=":material/filter_list:", expanded=False):
        first, second, third = st.columns(3)
        segments = first.multiselect(
            "Segment", sorted({s for seg in groups["segments"] for s in seg}), key="filter_segments"
        )
        focus = second.multiselect(
            "Focus", sorted({f for fs in groups["focus_areas"] for f in fs}), key="filter_focus"
        )
        people = third.multiselect(
            "Participant", sorted({p for ps in groups["people"] for p in ps}), key="filter_people"
        )
        search = st.text_input("Text", placeholder="a word in the highlight", key="filter_text")
    board_filter = BoardFilter(tuple(segments), tuple(focus), tuple(people), search)

if view == "Board":
    options, paging = st.columns([3, 1])
    collapsed = options.multiselect(
        "Collapse columns to their count",
        list(theme_names),
        format_func=theme_names.get,
        key="collapsed_themes",
    )
    page = paging.number_input("Unassigned page", min_value=1, value=1, key="unassigned_page")
    board = build_board(cards, themes, board_filter=board_filter, page=page, collapsed=collapsed)
    hidden = {t: n for t, n in board.hidden.items() if n and t not in collapsed}
    if hidden:
        st.caption(
            "Columns show their 40 largest cards; "
            + ", ".join(f"{theme_names[t]} has {n} more" for t, n in hidden.items())
            + ". Use the filter or the Table view to reach them."
        )
    counts = column_counts(cards, themes)
    moves = draw_board(store, workspace, board, [c.color for c in counts], locked)
    if moves:  # saved: count the cards where they are now
        placed = {m.card: m.theme_id for m in moves}
        cards = cards.assign(
            theme_id=[
                placed.get(k, t) for k, t in zip(cards["key"], cards["theme_id"], strict=True)
            ]
        )
    shown_keys = {board.card_of_label[label] for label in board.columns[0]["items"]} - {
        m.card for m in moves
    }
    suggestions_panel(
        store,
        workspace,
        cards,
        suggest_themes(data, cards[cards["key"].isin(shown_keys)]),
        theme_names,
        locked,
    )
elif view == "Table":
    table_view(store, workspace, board_filter.apply(cards), theme_names, locked)
elif view == "Themes":
    highlight_counts = {
        c.theme_id: c.highlights for c in column_counts(cards, themes) if c.theme_id is not None
    }
    theme_editor(store, workspace, themes, highlight_counts, locked)
else:
    texts = dict(zip(data.highlights["id"], data.highlights["text"], strict=True))
    history_view(store.event_log(workspace, limit=200), texts, theme_names)

with counts_slot:
    counts_row(column_counts(cards, themes))


def _toggle_lock() -> None:
    set_locked(store, workspace, st.session_state["board_locked"])
    reset_board()


with toolbar:
    left, middle, right = st.columns([2, 2, 1], vertical_alignment="center")
    left.segmented_control("View", VIEWS, default="Board", key="themes_view")
    right.toggle(
        "Lock the board",
        value=locked,
        key="board_locked",
        on_change=_toggle_lock,
        help="During a workshop: nothing can be moved or changed until it is unlocked.",
    )
    history = move_stacks(store, workspace)
    undo_column, redo_column = middle.columns(2)
    if undo_column.button(
        "Undo",
        icon=":material/undo:",
        disabled=locked or history.next_undo is None,
        help=f"Undo: {history.next_undo.subject}" if history.next_undo else "Nothing to undo",
    ):
        step = undo_move(store, workspace)
        reset_board()
        flash("success", f"Undid: {step.subject}.")
        st.rerun()
    if redo_column.button(
        "Redo",
        icon=":material/redo:",
        disabled=locked or history.next_redo is None,
        help=f"Redo: {history.next_redo.subject}" if history.next_redo else "Nothing to redo",
    ):
        step = redo_move(store, workspace)
        reset_board()
        flash("success", f"Redid: {step.subject}.")
        st.rerun()

if locked:
    notices.warning(
        "**The board is locked.** Cards and themes cannot be changed; a card dragged now goes "
        "back where it was. Unlock it with the switch above.",
        icon=":material/lock:",
    )

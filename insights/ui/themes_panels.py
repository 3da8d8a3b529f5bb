"""The Themes page's panels besides the board: filter, toolbar, table, theme editor, history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from insights.access import Capability
from insights.board import UNASSIGNED, BoardFilter, card_code, column_counts
from insights.errors import InsightsError
from insights.history import StaleStep, Step
from insights.store import Store, WorkspaceData
from insights.theme_assignment import (
    Move,
    assign,
    create_theme,
    delete_theme,
    merge_themes,
    move_stacks,
    move_theme,
    redo_move,
    set_locked,
    undo_move,
    update_theme,
)
from insights.theme_history import history_rows
from insights.ui.gate import may, require
from insights.ui.state import attempt, flash
from insights.ui.text import md_escape
from insights.ui.themes_board import say
from insights.ui.undo_bar import undo_redo_buttons
from insights.wording import plural

TABLE_PAGE = 200
_TABLE_VERSION = "_theme_table_version"


def _bump_table() -> None:
    """Start the table editor afresh: its edits are saved, the store has them now."""
    st.session_state[_TABLE_VERSION] = st.session_state.get(_TABLE_VERSION, 0) + 1


def _do(function, *args, success: str, **kwargs) -> None:
    """Take the action, then say what happened (or why it could not).

    The table starts afresh either way: it shows what is saved, and an edit that was
    refused (the board was locked meanwhile, say) is said, not kept to be sent again.
    """
    attempt(function, *args, success=success, **kwargs)
    _bump_table()


def board_filter_panel(groups: pd.DataFrame) -> BoardFilter:
    """Narrow the board or the table to segments, focus areas, people or words."""
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
        aside = int((~groups["feedback"].astype(bool)).sum()) if len(groups) else 0
        are = "is" if aside == 1 else "are"
        shown = st.toggle(
            f"Show the {plural(aside, 'note')} that {are} not feedback",  # numbers
            key="filter_not_feedback",
            disabled=not aside,
            help='Thanks, "ok", a handle or a link alone, a retweet: kept, never ranked. '
            "Mark a note as feedback on Deduplicate.",
        )
    if aside and not shown:
        hidden = f"Hiding {plural(aside, 'note')} that {are} not feedback"  # numbers
        st.caption(hidden + ": open Filter to show them.")
    return BoardFilter(tuple(segments), tuple(focus), tuple(people), search, shown)


def counts_row(cards: pd.DataFrame, themes: pd.DataFrame) -> None:
    """How many cards (and highlights) each column holds."""
    parts = [
        f"**{md_escape(c.name)}** {c.cards}"
        + (f" ({plural(c.highlights, 'highlight')})" if c.highlights != c.cards else "")
        for c in column_counts(cards, themes)
    ]
    st.markdown(" · ".join(parts))


def _tell(board: bool, kind: str, message: str) -> None:
    """Say what happened: in the board's status line, or as a toast on the next run."""
    if board:
        say(kind, message)
    else:
        flash(kind, message)


def _undo_or_redo(
    store: Store, workspace: str, redo: bool, board: bool, expected: int | None
) -> None:
    """Undo or redo the step the button offered (``expected``), or say why it cannot."""
    try:
        step = (redo_move if redo else undo_move)(store, workspace, expected=expected)
    except InsightsError as error:
        _tell(board, "warning" if isinstance(error, StaleStep) else "error", str(error))
        return
    if step is None:
        _tell(
            board,
            "warning",
            "Nothing to " + ("redo" if redo else "undo") + ": someone may have done it already "
            "in another tab. The board shows where things are now.",
        )
        return
    _tell(board, "success", ("Redid: " if redo else "Undid: ") + step.subject + ".")
    if not board:
        _bump_table()


def _toggle_lock(store: Store, workspace: str, board: bool) -> None:
    wanted = bool(st.session_state["board_locked"])
    try:
        require(Capability.LOCK_BOARD)
        set_locked(store, workspace, wanted)
    except InsightsError as error:
        _tell(board, "error", str(error))
        return
    _tell(board, "success", "Board locked." if wanted else "Board unlocked.")


def _event_id(step: Step | None) -> int | None:
    return None if step is None else step.event_id


def toolbar(store: Store, workspace: str, locked: bool, *, board: bool = False) -> None:
    """Lock, undo and redo: on the left, where no message covers them."""
    history = move_stacks(store, workspace)
    st.session_state["board_locked"] = locked  # follow the store: another tab may have changed it
    lock, undo, redo = st.columns([3, 2, 2], vertical_alignment="center")
    lock.toggle(
        "Lock the board",
        key="board_locked",
        on_change=_toggle_lock,
        disabled=not may(Capability.LOCK_BOARD),
        args=(store, workspace, board),
        help="During a workshop: nothing can be moved or changed until it is unlocked.",
    )
    undo_redo_buttons(
        (undo, redo),
        history,
        lambda again, step: {
            "label": "Redo" if again else "Undo",
            "disabled": locked or step is None,
            "help": md_escape(f"{'Redo' if again else 'Undo'}: {step.subject}")
            if step
            else f"Nothing to {'redo' if again else 'undo'}",
            "on_click": _undo_or_redo,
            "args": (store, workspace, again, board, _event_id(step)),
            "width": "stretch",
        },
    )
    if locked and not board:
        st.warning(
            "**The board is locked.** Cards and themes cannot be changed. "
            "Unlock it with the switch above.",
            icon=":material/lock:",
        )


def table_view(
    store: Store, workspace: str, cards: pd.DataFrame, data: WorkspaceData, locked: bool
) -> None:
    """Every card as a row: change its theme in the Theme column, or pick rows and assign them."""
    theme_names = {int(t.id): t.name for t in data.ordered_themes.itertuples()}
    names = [UNASSIGNED, *theme_names.values()]
    id_of = {name: tid for tid, name in theme_names.items()}
    page, rows = _table_page(cards)
    frame = _table_frame(rows, theme_names)
    edited = _table_editor(frame, names, page)
    changed = edited["theme"] != frame["theme"]
    if changed.any():  # locked meanwhile (in another tab)? the store refuses, and it is said
        _save_table_edits(store, workspace, rows, edited, changed, id_of)
    _bulk_assign(store, workspace, rows, edited["pick"].to_numpy(), names, id_of, locked)


def _table_page(cards: pd.DataFrame) -> tuple[int, pd.DataFrame]:
    """The page of the table to show (a number input when there is more than one)."""
    pages = max(1, -(-len(cards) // TABLE_PAGE))
    page = (
        st.number_input(f"Page (of {pages})", 1, pages, 1, key="theme_table_page")
        if pages > 1
        else 1
    )
    return page, cards.iloc[(page - 1) * TABLE_PAGE : page * TABLE_PAGE]


def _table_frame(rows: pd.DataFrame, theme_names: dict[int, str]) -> pd.DataFrame:
    """The table's rows: a pick box, the card, its text, voices, who and its theme."""
    return pd.DataFrame(
        {
            "pick": False,
            "card": [card_code(k) for k in rows["key"]],
            "text": rows["text"].tolist(),
            "voices": rows["mentions"].tolist(),
            "who": [", ".join(p[:3]) + ("…" if len(p) > 3 else "") for p in rows["people"]],
            "theme": [
                theme_names.get(t, UNASSIGNED) if pd.notna(t) else UNASSIGNED
                for t in rows["theme_id"]
            ],
        }
    )


def _table_editor(frame: pd.DataFrame, names: list[str], page: int) -> pd.DataFrame:
    """The editable table; only Pick and Theme can change."""
    version = st.session_state.get(_TABLE_VERSION, 0)
    return st.data_editor(
        frame,
        hide_index=True,
        width="stretch",
        # not disabled when locked: that would make it another widget, and an edit made
        # just before a colleague locked the board would vanish without a word; the store
        # refuses it instead, and says so (the banner above says it is locked)
        disabled=["card", "text", "voices", "who"],
        column_config={
            "pick": st.column_config.CheckboxColumn("Pick", width="small"),
            "card": st.column_config.TextColumn("Card", width="small"),
            "text": st.column_config.TextColumn("Highlight", width="large"),
            "voices": st.column_config.NumberColumn("Voices", width="small"),
            "who": st.column_config.TextColumn("Who", width="medium"),
            "theme": st.column_config.SelectboxColumn("Theme", options=names, required=True),
        },
        key=f"theme_table_{version}_{page}",
    )


def _save_table_edits(
    store: Store,
    workspace: str,
    rows: pd.DataFrame,
    edited: pd.DataFrame,
    changed: pd.Series,
    id_of: dict[str, int],
) -> None:
    """Save the themes changed in the Theme column, as one action."""
    moves = [
        Move(key, ids, id_of.get(theme))
        for key, ids, theme in zip(
            rows["key"][changed.to_numpy()],
            rows["highlight_ids"][changed.to_numpy()],
            edited["theme"][changed],
            strict=True,
        )
    ]
    _save_moves(
        store,
        workspace,
        moves,
        f"{len(moves)} card{'s' if len(moves) > 1 else ''} from the table",
        lambda moved: f"Saved {plural(moved, 'highlight move')}.",
    )


def _save_moves(store: Store, workspace: str, moves: list[Move], describe: str, success) -> None:
    """Save the table's moves as one action, say so, and draw the table afresh."""
    _do(assign, store, workspace, moves, via="table", describe=describe, success=success)
    st.rerun()


def _bulk_assign(
    store: Store,
    workspace: str,
    rows: pd.DataFrame,
    picked,
    names: list[str],
    id_of: dict[str, int],
    locked: bool,
) -> None:
    """Assign the picked rows to one theme."""
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    target = left.selectbox("Assign the picked cards to", names, key="bulk_target")
    if right.button(
        f"Assign {int(picked.sum())} picked",
        disabled=locked or not picked.any(),
        icon=":material/done_all:",
    ):
        moves = [
            Move(key, ids, id_of.get(target))
            for key, ids in zip(rows["key"][picked], rows["highlight_ids"][picked], strict=True)
        ]
        _save_moves(
            store,
            workspace,
            moves,
            f"{len(moves)} cards to {target}",
            lambda moved: f"{plural(moved, 'highlight')} moved to {target}.",
        )


def _save_theme(store: Store, workspace: str, tid: int) -> None:
    """Save a theme's fields as they are in the widgets now (read when the button is pressed)."""
    state = st.session_state
    _do(
        update_theme,
        store,
        workspace,
        tid,
        name=state[f"theme_name_{tid}"],
        color=state[f"theme_color_{tid}"],
        description=state[f"theme_desc_{tid}"],
        success="Theme saved.",
    )


def theme_editor(
    store: Store, workspace: str, data: WorkspaceData, cards: pd.DataFrame, locked: bool
) -> None:
    """Create, rename, recolor, describe, reorder, merge and delete themes."""
    themes = data.themes
    counts = {
        c.theme_id: c.highlights for c in column_counts(cards, themes) if c.theme_id is not None
    }
    _new_theme_form(store, workspace, locked)
    ordered = themes.sort_values(["position", "id"])
    ids = [int(i) for i in ordered["id"]]
    for theme in ordered.itertuples():
        tid = int(theme.id)
        with st.expander(
            md_escape(f"{theme.name} · {plural(counts.get(tid, 0), 'highlight')}"),
            icon=":material/label:",
        ):
            _theme_fields(store, workspace, theme, ids, locked)
            others = {int(o.id): o.name for o in ordered.itertuples() if int(o.id) != tid}
            if others:
                _theme_merge(store, workspace, theme, others, locked)
            _theme_delete(store, workspace, theme, locked)


def _new_theme_form(store: Store, workspace: str, locked: bool) -> None:
    """A form that adds a theme: name, color, description."""
    with st.form("new_theme", clear_on_submit=True, border=True):
        st.markdown("**New theme**")
        name_column, color_column = st.columns([4, 1])
        name = name_column.text_input("Name", placeholder="Shipping costs")
        color = color_column.color_picker("Color", "#00695C")
        description = st.text_input("Description (optional)")
        if st.form_submit_button("Add theme", disabled=locked, icon=":material/add:"):
            _do(
                create_theme,
                store,
                workspace,
                name,
                color=color,
                description=description,
                success=f"Added the theme “{name.strip()}”.",
            )
            st.rerun()


def _theme_fields(store: Store, workspace: str, theme, ids: list[int], locked: bool) -> None:
    """A theme's name, color and description, Save, and its place among the columns."""
    tid = int(theme.id)
    name_column, color_column = st.columns([4, 1])
    name_column.text_input("Name", theme.name, key=f"theme_name_{tid}")
    color_column.color_picker("Color", theme.color, key=f"theme_color_{tid}")
    st.text_input("Description", theme.description, key=f"theme_desc_{tid}")
    save, left, right = st.columns([2, 1, 1])
    save.button(
        "Save",
        key=f"theme_save_{tid}",
        disabled=locked,
        icon=":material/save:",
        on_click=_save_theme,
        args=(store, workspace, tid),
    )
    for column, label, key, first, icon, step in (
        (left, "Move left", f"theme_left_{tid}", ids[0], ":material/arrow_back:", -1),
        (right, "Move right", f"theme_right_{tid}", ids[-1], ":material/arrow_forward:", 1),
    ):
        column.button(
            label,
            key=key,
            disabled=locked or tid == first,
            icon=icon,
            on_click=_do,
            args=(move_theme, store, workspace, tid, step),
            kwargs={"success": "Moved."},
        )


def _theme_merge(store: Store, workspace: str, theme, others: dict[int, str], locked: bool) -> None:
    """Merge this theme into another one."""
    tid = int(theme.id)
    merge_column, merge_button = st.columns([3, 1], vertical_alignment="bottom")
    into = merge_column.selectbox(
        "Merge into", list(others), format_func=others.get, key=f"theme_into_{tid}"
    )
    merge_button.button(
        "Merge",
        key=f"theme_merge_{tid}",
        disabled=locked,
        icon=":material/merge:",
        on_click=_do,
        args=(merge_themes, store, workspace, tid, into),
        kwargs={"success": f"Merged “{theme.name}” into “{others[into]}”."},
    )


def _theme_delete(store: Store, workspace: str, theme, locked: bool) -> None:
    """Delete this theme, once a box says so."""
    tid = int(theme.id)
    sure = st.checkbox(
        "Yes, delete this theme (its cards go back to Unassigned)", key=f"theme_sure_{tid}"
    )
    st.button(
        "Delete theme",
        key=f"theme_delete_{tid}",
        disabled=locked or not sure,
        icon=":material/delete:",
        on_click=_do,
        args=(delete_theme, store, workspace, tid),
        kwargs={"success": f"Deleted “{theme.name}”: its cards are back in Unassigned."},
    )


def history_view(events: pd.DataFrame, data: WorkspaceData) -> None:
    """What moved where and when, newest first."""
    rows = history_rows(events, data)
    if rows.empty:
        st.caption("Nothing has been moved yet.")
        return
    st.dataframe(rows, hide_index=True, width="stretch")

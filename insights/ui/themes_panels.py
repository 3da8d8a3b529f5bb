"""The Themes page's panels besides the board: counts, suggestions, table, theme editor, history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from insights.board import UNASSIGNED, ColumnCount, card_code
from insights.store import Store
from insights.suggest import Suggestion
from insights.themes import (
    Move,
    assign,
    create_theme,
    delete_theme,
    merge_themes,
    move_theme,
    update_theme,
)
from insights.ui.board import reset_board
from insights.ui.state import attempt
from insights.ui.text import md_escape

TABLE_PAGE = 200
_TABLE_VERSION = "_theme_table_version"


def _do(function, *args, success: str, **kwargs) -> None:
    """A callback: take the action, then say what happened (or why it could not)."""
    if attempt(function, *args, success=success, **kwargs):
        reset_board()
        st.session_state[_TABLE_VERSION] = st.session_state.get(_TABLE_VERSION, 0) + 1


def counts_row(counts: list[ColumnCount]) -> None:
    """How many cards (and highlights) each column holds."""
    parts = [
        f"**{md_escape(c.name)}** {c.cards}"
        + (f" ({c.highlights} highlights)" if c.highlights != c.cards else "")
        for c in counts
    ]
    st.markdown(" · ".join(parts))


def suggestions_panel(
    store: Store,
    workspace: str,
    cards: pd.DataFrame,
    suggestions: dict[str, Suggestion],
    theme_names: dict[int, str],
    locked: bool,
) -> None:
    """Suggested themes for the unassigned cards shown; one click accepts, never on its own."""
    if not suggestions:
        return
    with st.expander(
        f"Suggested themes for {len(suggestions)} unassigned cards", icon=":material/lightbulb:"
    ):
        st.caption(
            "Each suggestion comes from the sorted highlight this card is most like. "
            "Nothing moves until you accept it."
        )
        by_key = cards.set_index("key")
        for key, suggestion in suggestions.items():
            card = by_key.loc[key]
            text, button = st.columns([6, 1], vertical_alignment="center")
            text.markdown(
                f"{card_code(key)} · {md_escape(card['text'][:100])} → "
                f"**{md_escape(theme_names[suggestion.theme_id])}** "
                f"({suggestion.score:.0f}% like “{md_escape(suggestion.example[:60])}”)"
            )
            button.button(
                "Accept",
                key=f"suggest_{key}",
                disabled=locked,
                on_click=_do,
                args=(
                    assign,
                    store,
                    workspace,
                    [Move(key, card["highlight_ids"], suggestion.theme_id)],
                ),
                kwargs={
                    "via": "suggestion",
                    "describe": f"1 card to {theme_names[suggestion.theme_id]}",
                    "success": f"Moved to {theme_names[suggestion.theme_id]}.",
                },
            )


def table_view(
    store: Store,
    workspace: str,
    cards: pd.DataFrame,
    theme_names: dict[int, str],
    locked: bool,
) -> None:
    """Every card as a row: change its theme in the Theme column, or pick rows and assign them."""
    names = [UNASSIGNED, *theme_names.values()]
    id_of = {name: tid for tid, name in theme_names.items()}
    pages = max(1, -(-len(cards) // TABLE_PAGE))
    page = (
        st.number_input(f"Page (of {pages})", 1, pages, 1, key="theme_table_page")
        if pages > 1
        else 1
    )
    rows = cards.iloc[(page - 1) * TABLE_PAGE : page * TABLE_PAGE]
    frame = pd.DataFrame(
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
    version = st.session_state.get(_TABLE_VERSION, 0)
    edited = st.data_editor(
        frame,
        hide_index=True,
        width="stretch",
        disabled=locked or ["card", "text", "voices", "who"],
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
    changed = edited["theme"] != frame["theme"]
    if changed.any() and not locked:
        moves = [
            Move(key, ids, id_of.get(theme))
            for key, ids, theme in zip(
                rows["key"][changed.to_numpy()],
                rows["highlight_ids"][changed.to_numpy()],
                edited["theme"][changed],
                strict=True,
            )
        ]
        _do(
            assign,
            store,
            workspace,
            moves,
            via="table",
            describe=f"{len(moves)} card{'s' if len(moves) > 1 else ''} from the table",
            success="Saved {result} highlight moves.",
        )
        st.rerun()
    picked = edited["pick"].to_numpy()
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
        _do(
            assign,
            store,
            workspace,
            moves,
            via="table",
            describe=f"{len(moves)} cards to {target}",
            success=f"{{result}} highlights moved to {target}.",
        )
        st.rerun()


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
    store: Store, workspace: str, themes: pd.DataFrame, counts: dict[int, int], locked: bool
) -> None:
    """Create, rename, recolor, describe, reorder, merge and delete themes."""
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
    ordered = themes.sort_values(["position", "id"])
    ids = [int(i) for i in ordered["id"]]
    for theme in ordered.itertuples():
        tid = int(theme.id)
        with st.expander(
            f"{theme.name} · {counts.get(tid, 0)} highlights", icon=":material/label:"
        ):
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
            left.button(
                "Move left",
                key=f"theme_left_{tid}",
                disabled=locked or tid == ids[0],
                icon=":material/arrow_back:",
                on_click=_do,
                args=(move_theme, store, workspace, tid, -1),
                kwargs={"success": "Moved."},
            )
            right.button(
                "Move right",
                key=f"theme_right_{tid}",
                disabled=locked or tid == ids[-1],
                icon=":material/arrow_forward:",
                on_click=_do,
                args=(move_theme, store, workspace, tid, 1),
                kwargs={"success": "Moved."},
            )
            others = {int(o.id): o.name for o in ordered.itertuples() if int(o.id) != tid}
            if others:
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


HISTORY_ACTIONS = {
    "themes.assign": "Moved",
    "themes.undo": "Undid a move",
    "themes.redo": "Redid a move",
    "theme.create": "Added theme",
    "theme.update": "Edited theme",
    "theme.reorder": "Reordered themes",
    "theme.merge": "Merged themes",
    "theme.delete": "Deleted theme",
    "board.lock": "Locked the board",
    "board.unlock": "Unlocked the board",
}


def history_view(events: pd.DataFrame, texts: dict[str, str], theme_names: dict[int, str]) -> None:
    """What moved where and when, newest first."""
    events = events[events["action"].isin(HISTORY_ACTIONS)] if len(events) else events
    if events.empty:
        st.caption("Nothing has been moved yet.")
        return
    rows = []
    for event in events.head(50).itertuples():
        detail = ""
        if event.action in ("themes.assign", "themes.undo", "themes.redo") and event.after:
            moved = [(h, t) for h, t in event.after]
            first_h, first_t = moved[0]
            where = theme_names.get(first_t, UNASSIGNED) if first_t is not None else UNASSIGNED
            detail = f"{len(moved)} highlights → {where}: “{texts.get(first_h, first_h)[:60]}”" + (
                " …" if len(moved) > 1 else ""
            )
        rows.append(
            {
                "When": pd.Timestamp(event.at).strftime("%d %b %H:%M:%S"),
                "What": HISTORY_ACTIONS[event.action],
                "Subject": event.subject,
                "Details": detail,
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

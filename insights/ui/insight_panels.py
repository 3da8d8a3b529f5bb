"""The Insights page's panels: the ranked table, the drill-down, the roadmap comparison."""

from __future__ import annotations

import zlib

import pandas as pd
import streamlit as st

from insights.decisions import (
    count_copies_separately,
    link,
    save_weights,
    set_decision,
    set_severity,
    unlink,
)
from insights.export_formats import segments_text
from insights.model import Decision, is_theme_key
from insights.prioritize import (
    PARTS,
    CopySet,
    Weights,
    copy_sets,
    earlier_weights_ignored,
    formula,
    quotes,
)
from insights.roadmap import real_links
from insights.store import Store, WorkspaceData
from insights.ui.state import attempt
from insights.ui.tables import highlight_table
from insights.ui.text import md_escape
from insights.ui.who import decided_line
from insights.wording import plural, share

TABLE_ROWS = 200
NO_DECISION = "— none yet —"
BADGE_ICONS = {"broad": "✅", "caution": "⚠️", "thin": "•"}


def insight_table(ranked: pd.DataFrame, key: str) -> str | None:
    """The ranked insights; returns the key of the row the person selected, if any."""
    shown = ranked.head(TABLE_ROWS)
    table = pd.DataFrame(
        {
            "Insight": shown["title"],
            "Theme": shown["theme"].fillna("—"),
            "Score": shown["score"].round(0),
            "Mentions": shown["mentions"],
            "Participants": [
                f"{p} ({share(s)})"
                for p, s in zip(shown["participants"], shown["participant_share"], strict=True)
            ],
            "Segments": shown["segments"].map(segments_text),
            "Focus": shown["focus_areas"].map(", ".join),
            "Votes": shown["votes"],
            "Severity": shown["severity"],
            "Roadmap": shown["roadmap_status"].replace("", "—"),
            "Decision": shown["decision"].replace("", "—"),
            "Evidence": [
                f"{BADGE_ICONS.get(lv, '')} {b}"
                for lv, b in zip(shown["badge_level"], shown["badge"], strict=True)
            ],
        }
    )
    if shown["key"].map(is_theme_key).all():
        table = table.drop(columns=["Theme"])  # the insight is the theme
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        column_config={
            "Insight": st.column_config.TextColumn(width="large"),
            "Score": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d"),
        },
    )
    if len(ranked) > TABLE_ROWS:
        st.caption(
            f"Showing the top {TABLE_ROWS} of {len(ranked)}. Filter to see the others."  # numbers
        )
    rows = event.selection.rows if event is not None else []
    return shown["key"].iloc[rows[0]] if rows else None


_WEIGHTS_OPEN = "_weights_dialog_open"


def weights_editor(store: Store, workspace: str, weights: Weights) -> None:
    """The score's formula in words, and a dialog to adjust its weights.

    A dialog, not an expander: its sliders are drawn only while it is open, so
    every other click on the page has five widgets fewer to redraw.
    """
    st.caption(formula(weights))  # our own words: no markup to escape
    if earlier_weights_ignored(store.workspace(workspace).settings):
        st.caption(
            "The weights saved for the earlier score meant something else: the defaults "
            "apply until you save new ones."
        )
    if st.button("Adjust the weights…", icon=":material/tune:", key="open_weights"):
        st.session_state[_WEIGHTS_OPEN] = True
    if st.session_state.get(_WEIGHTS_OPEN):
        _weights_dialog(store, workspace, weights)


def _close_weights() -> None:
    st.session_state.pop(_WEIGHTS_OPEN, None)


@st.dialog("Adjust the weights", on_dismiss=_close_weights)
def _weights_dialog(store: Store, workspace: str, weights: Weights) -> None:
    values = {}
    for name, words in PARTS.items():
        values[name] = st.slider(
            name.capitalize(),
            0.0,
            1.0,
            float(getattr(weights, name)),
            0.05,
            key=f"weight_{name}",
            help=words,
        )
    defaults = ", ".join(f"{name} {value:g}" for name, value in Weights().as_dict().items())
    st.caption(f"Defaults: {defaults}.")  # our words: weight names and numbers
    if st.button("Save weights", icon=":material/save:", type="primary"):
        if attempt(
            save_weights,
            store,
            workspace,
            Weights(**values),
            success="Weights saved with the workspace.",
        ):
            _close_weights()
        st.rerun()


def drill_down(
    store: Store,
    workspace: str,
    data: WorkspaceData,
    seen: pd.DataFrame,
    insight: pd.Series,
    suggestions: list,
) -> None:
    """The quotes behind an insight, and what the team decides about it."""
    key = insight["key"]
    st.subheader(md_escape(insight["title"]))
    level = {"broad": st.success, "caution": st.warning, "thin": st.info}[insight["badge_level"]]
    level(md_escape(insight["badge"]), icon=":material/fact_check:")
    st.caption(
        f"{plural(int(insight['mentions']), 'mention')} · "
        f"{plural(int(insight['participants']), 'participant')} "
        f"({share(insight['participant_share'])} of those in view) · "
        f"{md_escape(segments_text(insight['segments']))} · score {insight['score']:.0f}"
    )
    for found in copy_sets(seen, key, data.info.settings):
        copies_panel(store, workspace, key, found)
    behind = quotes(seen, key)
    highlight_table(
        behind,
        {
            "participant": "Participant",
            "segment": "Segment",
            "interview_date": "Date",
            "text": "Quote",
            "source_url": "Recording",
        },
        column_config={
            "Quote": st.column_config.TextColumn(width="large"),
            "Recording": st.column_config.LinkColumn(display_text="Open ▶"),
        },
    )
    decide, rate = st.columns([3, 2])
    with decide:
        decision_form(store, workspace, insight, form_key=f"decide_{key}")
        decided_line(data, key)
    with rate.form(f"rate_{key}", border=True):
        st.slider(
            "Severity or impact",
            1,
            5,
            int(insight["severity"]),
            help="1 minor … 5 critical. Part of the priority score.",
            key=f"severity_{key}",
        )
        st.form_submit_button(
            "Save severity",
            icon=":material/priority_high:",
            on_click=lambda: attempt(
                set_severity,
                store,
                workspace,
                key,
                st.session_state[f"severity_{key}"],
                success="Severity saved.",
            ),
        )
    links_panel(store, workspace, data, key, [s for s in suggestions if s.insight_key == key])


def copies_panel(store: Store, workspace: str, key: str, found: CopySet) -> None:
    """Participants who wrote the same words: counted once until a person says otherwise."""
    people = len(found.participants)
    quoted = md_escape(found.text if len(found.text) <= 160 else found.text[:157] + "…")
    ids = list(found.highlight_ids)
    button = f"copies_{key}_{found.highlight_ids[0]}"
    if found.confirmed:
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.caption(f"Counted as {people} separate voices, as confirmed: “{quoted}”")
        right.button(
            "Count once",
            key=button,
            on_click=attempt,
            args=(count_copies_separately, store, workspace, ids),
            kwargs={"separate": False, "success": "Counted once again."},
        )
        return
    with st.container(border=True):
        st.markdown(
            f"**Copied text.** These {people} participants wrote the same words: “{quoted}” "
            f"({', '.join(md_escape(p) for p in found.participants)}). They count as one "
            "voice for now. Count them as separate voices?"
        )
        st.button(
            "Count as separate voices",
            key=button,
            icon=":material/group_add:",
            on_click=attempt,
            args=(count_copies_separately, store, workspace, ids),
            kwargs={"success": f"Counted as {people} separate voices."},
        )


def decision_form(
    store: Store,
    workspace: str,
    insight: pd.Series,
    *,
    form_key: str,
    horizontal: bool = True,
    submit: str = "Save decision",
) -> None:
    """Act now / Inform our understanding / Revisit later, and a note: one form, one save.

    Saved in a callback, for the insight the form was drawn for: if a colleague deleted
    it meanwhile, the person is told, rather than the page moving on without a word.
    """
    key = insight["key"]
    current = insight["decision"] or NO_DECISION
    saved = zlib.crc32(f"{current}\x1f{insight['note']}".encode())  # what the store holds
    choice_key, note_key = f"{form_key}_choice_{saved}", f"{form_key}_note_{saved}"
    with st.form(form_key, border=True):
        options = [NO_DECISION, *[d.value for d in Decision]]
        st.radio(
            "Decision",
            options,
            index=options.index(current),
            horizontal=horizontal,
            key=choice_key,
        )
        st.text_area(
            "Note",
            value=insight["note"],
            placeholder="Why, who, and what happens next",
            key=note_key,
        )
        st.form_submit_button(
            submit,
            type="primary",
            icon=":material/gavel:",
            on_click=_decide,
            args=(store, workspace, key, choice_key, note_key),
        )


def _decide(store: Store, workspace: str, key: str, choice_key: str, note_key: str) -> None:
    """Save the decision form's choice and note for the insight ``key``."""
    choice = st.session_state[choice_key]
    attempt(
        set_decision,
        store,
        workspace,
        key,
        None if choice == NO_DECISION else choice,
        st.session_state[note_key],
        success="Decision saved.",
    )


def links_panel(
    store: Store, workspace: str, data: WorkspaceData, key: str, suggestions: list
) -> None:
    """This insight's roadmap items: linked, suggested, or to add by hand."""
    items = data.active_roadmap
    if items.empty:
        st.caption("No roadmap imported: import the roadmap worksheet to compare.")
        return
    names = dict(zip(items["id"], items["item"], strict=True))
    statuses = dict(zip(items["id"], items["status"], strict=True))
    links = real_links(data)
    mine = links[links["insight_key"] == key]["roadmap_item_id"].tolist() if len(links) else []
    st.markdown("**Roadmap**")
    for item in mine:
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.markdown(f"🔗 {md_escape(names[item])} · *{md_escape(statuses[item])}*")
        right.button(
            "Remove",
            key=f"unlink_{key}_{item}",
            on_click=attempt,
            args=(unlink, store, workspace, key, item),
            kwargs={"success": "Link removed."},
        )
    for suggestion in suggestions:
        item = suggestion.item_id
        left, middle, right = st.columns([4, 1, 1], vertical_alignment="center")
        left.markdown(
            f"Suggested: {md_escape(names[item])} · *{md_escape(statuses[item])}* "
            f"({suggestion.score:.0f}% similar)"
        )
        for column, label, function, options in (
            (middle, "Confirm", link, {"suggested": True, "success": "Linked."}),
            (right, "Dismiss", unlink, {"dismiss": True, "success": "Dismissed."}),
        ):
            column.button(
                label,
                key=f"{label.lower()}_{key}_{item}",
                on_click=attempt,
                args=(function, store, workspace, key, item),
                kwargs=options,
            )
    others = {i: n for i, n in names.items() if i not in mine}
    left, right = st.columns([5, 1], vertical_alignment="bottom")
    chosen = left.selectbox(
        "Link to a roadmap item",
        list(others),
        format_func=others.get,
        key=f"add_link_{key}",
        index=None,
        placeholder="Choose an item",
    )
    right.button(
        "Link",
        key=f"link_{key}",
        disabled=chosen is None,
        on_click=attempt,
        args=(link, store, workspace, key, chosen),
        kwargs={"success": "Linked."},
    )

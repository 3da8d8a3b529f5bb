"""Quote bank: testimonial candidates, each with the participant's consent and attribution."""

import pandas as pd
import streamlit as st

from insights import people
from insights.model import Attribution, Consent
from insights.quote_bank import (
    add,
    bank,
    bank_edits,
    candidates,
    save_edits,
)
from insights.store import WorkspaceData
from insights.ui.export_panels import quote_bank_download
from insights.ui.page import open_page, stop_without_highlights
from insights.ui.state import attempt, workspace_data
from insights.ui.tables import highlight_table
from insights.ui.who import when
from insights.wording import plural

ALL = "All"
EDITOR_VERSION = "_quote_editor_version"


def bank_figures(entries: pd.DataFrame) -> None:
    """How many quotes the bank holds, and how many of each consent."""
    counts = entries["consent"].value_counts()
    figures = st.columns(len(Consent) + 1)
    figures[0].metric("In the bank", len(entries))
    for column, consent in zip(figures[1:], Consent, strict=True):
        column.metric(consent.value.capitalize(), int(counts.get(consent.value, 0)))


def _next_editor_version() -> None:
    st.session_state[EDITOR_VERSION] = st.session_state.get(EDITOR_VERSION, 0) + 1


def add_quotes(found: pd.DataFrame) -> None:
    """The highlights found, to pick from, and the consent and name the picked ones get."""
    picked = highlight_table(
        found,
        {
            "text": "Highlight",
            "participant": "Participant",
            "segment": "Segment",
            "interview_date": "Date",
        },
        on_select="rerun",
        selection_mode="multi-row",
        key=f"quote_candidates_{st.session_state.get(EDITOR_VERSION, 0)}",
        column_config={"Highlight": st.column_config.TextColumn(width="large")},
    )
    rows = picked.selection.rows if picked is not None else []
    left, middle, right = st.columns([2, 2, 2], vertical_alignment="bottom")
    consent = left.selectbox("Consent", [c.value for c in Consent], key="quote_new_consent")
    attribution = middle.selectbox(
        "Name them as", [a.value for a in Attribution], index=2, key="quote_new_attribution"
    )
    if right.button(
        f"Add {len(rows)} to the bank" if rows else "Select highlights to add",
        type="primary",
        disabled=not rows,
        icon=":material/bookmark_add:",
        key="quote_add",
    ):
        if attempt(
            add,
            store,
            workspace,
            found["id"].iloc[rows].tolist(),
            consent=consent,
            attribution=attribution,
            success=lambda added: f"Added {plural(added, 'quote')} to the bank.",
        ):
            _next_editor_version()
        st.rerun()
    if len(found) == 50:
        st.caption("Showing the first 50 matches: type more words to narrow them.")


def find_quotes(data: WorkspaceData, open_at_first: bool) -> None:
    """Search the highlights outside the bank, to add some."""
    with st.expander("Add quotes", icon=":material/add_comment:", expanded=open_at_first):
        query = st.text_input(
            "Find highlights", placeholder="a word, or a participant's name", key="quote_search"
        )
        found = candidates(data, query)
        if found.empty:
            st.caption("No highlight outside the bank matches.")
        else:
            add_quotes(found)


BANK_COLUMNS = {
    "text": st.column_config.TextColumn("Quote", width="large"),
    "participant": "Participant",
    "segment": "Segment",
    "consent": st.column_config.SelectboxColumn(
        "Consent", options=[c.value for c in Consent], required=True
    ),
    "attribution": st.column_config.SelectboxColumn(
        "Name them as", options=[a.value for a in Attribution], required=True
    ),
    "attributed_to": st.column_config.TextColumn("Exported as", help="How exports name the author"),
    "note": st.column_config.TextColumn("Note"),
    "changed": st.column_config.TextColumn("Last changed", help="By whom, and when"),
    "remove": st.column_config.CheckboxColumn("Remove", help="Take it out of the bank"),
}


def bank_editor(entries: pd.DataFrame) -> None:
    """The bank as an editable table, filtered by consent; an edit is saved at once."""
    wanted = st.segmented_control(
        "Consent", [ALL, *[c.value for c in Consent]], default=ALL, key="quote_filter"
    )
    shown = entries if wanted in (None, ALL) else entries[entries["consent"] == wanted]
    table = shown[
        ["highlight_id", "text", "participant", "segment", "consent", "attribution", "note"]
    ].assign(
        attributed_to=shown["attributed_to"],
        changed=[
            f"{people.who(by)}, {when(at)}"
            for by, at in zip(shown["changed_by"], shown["changed_at"], strict=True)
        ],
        remove=False,
    )
    edited = st.data_editor(
        table,
        hide_index=True,
        width="stretch",
        disabled=["highlight_id", "text", "participant", "segment", "attributed_to", "changed"],
        column_order=list(BANK_COLUMNS),
        column_config=BANK_COLUMNS,
        key=f"quote_editor_{wanted}_{st.session_state.get(EDITOR_VERSION, 0)}",
    )
    edits = bank_edits(table, edited)
    if edits.updates or edits.removals:
        attempt(
            save_edits,
            store,
            workspace,
            edits,
            success=lambda changed: f"Quote bank saved ({changed} changed).",
        )
        # a fresh table either way: it shows what is saved (a refused change is said, not kept)
        _next_editor_version()
        st.rerun()


store, workspace = open_page()
data = workspace_data(store, workspace)
st.title("Quote bank")
st.caption(
    "Collect the quotes worth using as testimonials and track each participant's consent. "
    "Exports never use a declined quote, and an anonymous quote never carries a name."
)
stop_without_highlights(data.active_highlights.empty)
entries = bank(data)
bank_figures(entries)
find_quotes(data, open_at_first=entries.empty)
if entries.empty:
    st.caption("The bank is empty: find highlights above and add them.")
    st.stop()
bank_editor(entries)
quote_bank_download(data, workspace, key="quote_bank_csv")

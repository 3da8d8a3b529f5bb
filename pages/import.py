"""Import: highlights and the roadmap from a Google Sheet, a file, or the sample study."""

import streamlit as st

from insights.importing import (
    ImportPlan,
    import_into_new_workspace,
    plan_import,
    run_import,
    suggested_mapping,
)
from insights.ingest import restore
from insights.sources.mapping import HIGHLIGHTS, ROADMAP, mapping_problems
from insights.sources.reading import default_workspace_name
from insights.sources.sample import sample_tables
from insights.sources.table import SourceTables
from insights.store import Store
from insights.ui.importer import (
    ask_date_order,
    file_source_picker,
    mapping_editor,
    preview,
    sheet_source,
    sheets_available,
    show_notes,
)
from insights.ui.navigation import page_for
from insights.ui.page import open_page
from insights.ui.state import show_error, switch_workspace, workspace_data
from insights.ui.text import md_escape

SOURCES = ["Google Sheet", "CSV or Excel file", "Sample study"]
_RESULT = "_import_result"


def last_result() -> None:
    """What the last import or restore did, with the way to the overview."""
    result = st.session_state.pop(_RESULT, None)
    if not result:
        return
    st.success(md_escape(result), icon=":material/check_circle:")
    overview = page_for("overview")
    if overview is not None:
        st.page_link(overview, label="See the workspace overview", icon=":material/dashboard:")


def pick_source() -> SourceTables | None:
    """The source's tables as read, or None (a failure is a message: nothing was saved)."""
    # Open on a source that can work: a Google Sheet needs credentials, a file does not.
    default_source = SOURCES[0] if sheets_available() else SOURCES[1]
    kind = (
        st.segmented_control("Source", SOURCES, default=default_source, key="import_source")
        or default_source  # a click on the chosen source unchooses it: keep showing one
    )
    readers = {SOURCES[0]: sheet_source, SOURCES[1]: file_source_picker, SOURCES[2]: sample_tables}
    try:
        return readers[kind]()
    except Exception as error:  # every failure is a message; nothing has been saved
        show_error(error)
        return None


def map_columns(store: Store, tables: SourceTables) -> ImportPlan | None:
    """The column mapping a person confirms, and the import it makes (or why none yet)."""
    st.subheader("Columns")
    st.caption(
        "Check which column holds what. Detected from the headers and the content; "
        "your choice is remembered for this source."
    )
    highlight_mapping = mapping_editor(
        tables, HIGHLIGHTS, suggested_mapping(store, tables, HIGHLIGHTS)
    )
    problems = mapping_problems(highlight_mapping, HIGHLIGHTS, tables.highlights.columns)
    roadmap_mapping = None
    if tables.roadmap is not None:
        st.markdown("**Roadmap columns**")
        roadmap_mapping = mapping_editor(tables, ROADMAP, suggested_mapping(store, tables, ROADMAP))
        problems += mapping_problems(roadmap_mapping, ROADMAP, tables.roadmap.columns)
    for problem in problems:
        show_error(problem, icon=":material/rule:")
    if problems:
        return None
    try:
        plan = plan_import(tables, highlight_mapping, roadmap_mapping)
        if plan.date_question is None:
            return plan
        order = ask_date_order(plan.date_question, tables)
        if order is None:
            return plan
        return plan_import(tables, highlight_mapping, roadmap_mapping, date_order=order)
    except Exception as error:
        show_error(error)
        return None


def show_preview(tables: SourceTables, plan: ImportPlan) -> None:
    st.subheader("Preview")
    roadmap_part = (
        f" and {plan.roadmap_count} roadmap items" if plan.frames.roadmap is not None else ""
    )
    st.write(f"{plan.highlight_count:,} highlights{roadmap_part} from {md_escape(tables.source)}.")
    show_notes(plan.notes)
    preview(plan)


def save(store: Store, workspace: str, tables: SourceTables, plan: ImportPlan) -> None:
    """Into this workspace or a new one; the page says what was imported after the rerun."""
    st.subheader("Save")
    targets = [f"This workspace ({workspace})", "A new workspace"]
    target = st.radio(
        "Import into", targets, format_func=md_escape, horizontal=True, key="import_target"
    )
    new_name = None
    if target == targets[1]:
        new_name = st.text_input(
            "New workspace name", value=default_workspace_name(tables), key="import_new_name"
        )
    waiting = plan.date_question is not None
    if waiting:
        st.caption("Say how the dates are written (above) to import.")
    if not st.button("Import", type="primary", icon=":material/download:", disabled=waiting):
        return
    try:
        destination = workspace
        if new_name is None:
            summary = run_import(store, destination, plan)
        else:  # made in the import's own transaction: a failed one leaves nothing
            destination, summary = import_into_new_workspace(store, new_name, plan)
    except Exception as error:
        show_error(error)
        return
    message = f"Imported into {destination}: highlights {summary.highlights}."
    if summary.roadmap is not None:
        message += f" Roadmap items: {summary.roadmap}."
    if summary.themes_created:
        message += f" New themes from the sheet: {', '.join(summary.themes_created)}."
    st.session_state[_RESULT] = message
    if destination != workspace:
        switch_workspace(destination)
    st.rerun()


def removed_from_source(store: Store, workspace: str) -> None:
    """Highlights gone from the source, which a person may restore."""
    removed = workspace_data(store, workspace).removed_highlights
    if not len(removed):
        return
    with st.expander(
        f"Removed from the source ({len(removed)})", icon=":material/restore_from_trash:"
    ):
        st.caption(
            "These highlights are no longer in the source, so they do not count. Restore the ones "
            "to keep: later imports will not remove them again."
        )
        labels = {
            row.id: f"{row.id} · {row.participant} · {row.text[:80]}"
            for row in removed.itertuples()
        }
        chosen = st.multiselect("Highlights to restore", list(labels), format_func=labels.get)
        if st.button("Restore", disabled=not chosen, icon=":material/restore:"):
            count = restore(store, workspace, chosen)
            st.session_state[_RESULT] = f"Restored {count} highlights."
            st.rerun()


store, workspace = open_page()
st.title("Import")
st.write(
    "Bring in your interview highlights, and optionally your roadmap. Re-importing the same "
    "source adds new rows, updates changed ones and keeps everything you did in the app."
)
last_result()
tables = pick_source()
plan = map_columns(store, tables) if tables is not None else None
if tables is not None and plan is not None:
    show_preview(tables, plan)
    save(store, workspace, tables, plan)
removed_from_source(store, workspace)

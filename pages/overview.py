"""Overview: what the open workspace holds and what is still to do."""

import streamlit as st

from insights.ui.bars import count_bars
from insights.ui.navigation import page_for
from insights.ui.page import open_page, samples_note
from insights.ui.state import workspace_data
from insights.ui.text import md_escape
from insights.wording import plural
from insights.workspace_summary import WorkspaceSummary, summarize, worth_charting


def empty_note(summary: WorkspaceSummary) -> None:
    if summary.highlights == 0:
        st.info(
            "This workspace has no highlights yet. Import the notes of your interviews "
            "from a Google Sheet, a CSV or an Excel file to get started.",
            icon=":material/upload_file:",
        )


def figures(summary: WorkspaceSummary) -> None:
    """What the workspace holds, in six numbers."""
    shown = [
        ("Highlights", summary.highlights),
        ("Interviews", summary.interviews),
        ("Participants", summary.participants),
        ("Themes", summary.themes),
        ("Groups", summary.clusters),
        ("Roadmap items", summary.roadmap_items),
    ]
    for column, (label, value) in zip(st.columns(6), shown, strict=True):
        column.metric(label, f"{value:,}")
    if summary.not_feedback:
        st.caption(
            f"{plural(summary.not_feedback, 'highlight')} "  # numbers
            f'{"is" if summary.not_feedback == 1 else "are"} not feedback (thanks, "ok", a '
            "handle alone, a retweet): kept, but never grouped or ranked. Review them on "
            "Deduplicate."
        )
    if summary.removed_highlights:
        st.caption(
            f"{summary.removed_highlights} highlights were removed from their source and no "
            "longer count; they are kept so they can be restored."
        )


def last_import(summary: WorkspaceSummary) -> None:
    last = summary.last_import
    if last is None:
        return
    counts = last.summary.get("highlights", {})
    where = f" · worksheet {md_escape(last.worksheet)}" if last.worksheet else ""
    st.markdown(
        f"**Last import:** {md_escape(last.source)}{where} · "
        f"{last.imported_at:%d %b %Y %H:%M} UTC · "
        f"{counts.get('new', 0)} new, {counts.get('changed', 0)} changed, "
        f"{counts.get('removed', 0)} removed, {counts.get('unchanged', 0)} unchanged"
    )


def still_to_do(summary: WorkspaceSummary) -> None:
    """The next steps, each a link to its page."""
    st.subheader("What is still to do")
    if not summary.next_steps:
        st.success("Everything is sorted, grouped and decided.", icon=":material/check_circle:")
        export_page = page_for("export")
        if export_page is not None:
            st.page_link(
                export_page, label="Export the prioritized list", icon=":material/ios_share:"
            )
    for step in summary.next_steps:
        page = page_for(step.step)
        if page is not None:
            st.page_link(page, label=step.message, icon=":material/arrow_forward:")
        else:
            st.markdown(f"- {md_escape(step.message)}")


def charts(summary: WorkspaceSummary) -> None:
    shown = [
        ("Participants per segment", summary.participants_by_segment, "participant"),
        ("Highlights per focus", summary.highlights_by_focus, "highlight"),
        ("Roadmap by status", summary.roadmap_by_status, "roadmap item"),
    ]
    shown = [chart for chart in shown if worth_charting(chart[1])]  # no "(not set)"-only chart
    if not (summary.highlights and shown):
        return
    for column, (title, counts, noun) in zip(st.columns(3), shown, strict=False):
        with column:
            st.subheader(title)
            count_bars(counts, noun)


store, name = open_page()
data = workspace_data(store, name)
summary = summarize(data)
st.title("Overview")
st.caption(f"Workspace: **{md_escape(name)}** · revision {data.info.revision}")
samples_note(name)
empty_note(summary)
figures(summary)
last_import(summary)
still_to_do(summary)
charts(summary)

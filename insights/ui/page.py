"""What every page does first: make sure it runs inside app.py, then open the workspace."""

from __future__ import annotations

import sys
from importlib import resources

import streamlit as st

from insights.model import SAMPLE_WORKSPACE, SYNTHESIZED_WORKSPACE
from insights.store import Store
from insights.ui.state import WORKSPACE_KEY, get_store, switch_workspace

# The tab's icon: a file of ours, sent inline. A Material icon would be fetched from
# Google's font server, and no request may leave the app (tests/e2e/test_hostile_journey.py);
# an emoji makes Streamlit load its emoji catalog (0.15–0.34 s of a fresh first screen).
APP_ICON = str(resources.files("insights.ui").joinpath("app_icon.svg"))


def _in_pages_folder_mode() -> bool:
    """Whether Streamlit runs this script inside its old "pages folder" mode (``_mpa_v1``).

    A flag of Streamlit's says whether runs start in that mode, but it is one flag
    for the whole process, read when each run starts: sessions that open at once
    on a fresh server see it change under them. The run's own call stack says it.
    """
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "_mpa_v1" and "streamlit" in frame.f_code.co_filename:
            return True
        frame = frame.f_back
    return False


def leave_pages_folder_mode() -> None:
    """Run again through app.py's own navigation when Streamlit ran us the old way.

    Because a pages/ folder sits beside app.py, a fresh server process starts in
    Streamlit's old "pages folder" mode until some run calls st.navigation. A
    session that opens then (a tab left open across a restart, a shared link, or
    twenty people at once) has its first run made that way: a page file alone (no
    store, no sidebar), or app.py inside an outer navigation, where app.py's own
    st.navigation page cannot run. Both end the mode and rerun, through app.py.
    Called first by app.py and by every page.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a future Streamlit without the old mode
        return
    if PagesManager.uses_pages_directory or _in_pages_folder_mode():
        PagesManager.uses_pages_directory = False
        st.rerun()


def open_page() -> tuple[Store, str]:
    """The store and the name of the workspace this tab shows."""
    leave_pages_folder_mode()
    return get_store(), st.session_state[WORKSPACE_KEY]


def stop_without_highlights(empty: bool, where=st) -> None:
    """Pages that count highlights have nothing to show before an import: say so and stop."""
    if empty:
        where.info(
            "This workspace has no highlights yet. Import some first.", icon=":material/info:"
        )
        st.stop()


WORKBENCH_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding: 2.5rem 2rem 2rem; }
[data-testid="stMainBlockContainer"] h1 { padding-top: 0; }
</style>
"""


def workbench_layout() -> None:
    """Less padding around a page that needs its width and height (the board)."""
    st.html(WORKBENCH_CSS)  # our own CSS, no untrusted text


SAMPLE_NOTES = {
    SAMPLE_WORKSPACE: (
        "This is the raw sample study: 285 notes from 22 interviews, as they come from the "
        "sheet. Try the whole path here: group, sort into themes, rank, decide. To see what a "
        "finished synthesis looks like first, open the synthesized sample.",
        SYNTHESIZED_WORKSPACE,
        "Synthesized sample →",
    ),
    SYNTHESIZED_WORKSPACE: (
        "This is the same study after a team's synthesis: repeated points grouped, 80% of the "
        "notes in themes, votes, decisions, roadmap links and a saved workshop session. Look "
        "at Insights, the Workshop and Export. To do the steps yourself, open the raw sample.",
        SAMPLE_WORKSPACE,
        "Raw sample →",
    ),
}


def samples_note(workspace: str) -> None:
    """On a bundled sample: what it is for, and a button to the other one."""
    note = SAMPLE_NOTES.get(workspace)
    if note is None:
        return
    words, other, label = note
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.info(words, icon=":material/school:")
    if right.button(label, key="open_other_sample", width="stretch"):
        switch_workspace(other)
        st.rerun()

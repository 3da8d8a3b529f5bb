"""The sidebar: which workspace is open, and creating, resetting or deleting one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from insights.access import Capability
from insights.errors import InsightsError
from insights.model import SAMPLE_WORKSPACE
from insights.store import Store
from insights.ui.gate import facilitators_only, may
from insights.ui.state import (
    WORKSPACE_KEY,
    current_workspace,
    flash,
    show_error,
    switch_workspace,
)
from insights.wording import plural
from insights.workspaces import (
    WorkspaceListing,
    create_workspace,
    delete_workspace,
    ensure_samples,
    list_workspaces,
    reset_sample,
)

_NEW_NAME_KEY = "new_workspace_name"
# Which confirmation is open. Kept in session state so the dialog stays open
# while the person types in it, and closed by its buttons or by dismissing it.
_OPEN_DIALOG = "_workspace_dialog"


def _open_dialog(which: str) -> None:
    st.session_state[_OPEN_DIALOG] = which


def _close_dialog() -> None:
    st.session_state.pop(_OPEN_DIALOG, None)


_RESET_WARNING = (
    "This puts the sample back exactly as it was shipped. Everything done in it "
    "since (themes, groups, assignments, votes, decisions) is replaced. "
    "Your other workspaces are not touched."
)
_DELETE_WARNING = (
    "Deleting removes the workspace and everything in it: highlights, themes, groups, "
    "votes, decisions and history. It cannot be undone. The source sheet is not touched."
)


@st.dialog("New workspace", on_dismiss=_close_dialog)
def _new_workspace(store: Store) -> None:
    """Name a new, empty workspace (one per study); it opens at once."""
    with st.form("create_workspace", border=False):
        st.text_input("Name", key=_NEW_NAME_KEY, placeholder="Spring 2026 study")
        created = st.form_submit_button("Create", type="primary", icon=":material/add:")
    if not created:
        return
    name = st.session_state.get(_NEW_NAME_KEY, "")
    _finish(
        lambda: create_workspace(store, name),
        lambda info: (info.name, f"Created the workspace “{info.name}”."),
    )


def _finish(run: Callable[[], Any], done: Callable[[Any], tuple[str, str]]) -> None:
    """Run a dialog's action; then close the dialog, open the workspace ``done`` names
    and say what it says. A known error is said in the dialog, which stays open.
    """
    try:
        result = run()
    except InsightsError as error:
        show_error(error)
        return
    _close_dialog()
    workspace, message = done(result)
    switch_workspace(workspace)
    flash("success", message)
    st.rerun()


@st.dialog("Reset the sample study?", on_dismiss=_close_dialog)
def _confirm_reset(store: Store, name: str) -> None:
    st.write(_RESET_WARNING)
    left, right = st.columns(2)
    if left.button("Reset the sample", type="primary", icon=":material/restart_alt:"):
        _finish(
            lambda: reset_sample(store, name),
            lambda summary: (name, f"{name} reset: {plural(summary.highlights.new, 'highlight')}."),
        )
    if right.button("Cancel"):
        _close_dialog()
        st.rerun()


@st.dialog("Delete this workspace?", on_dismiss=_close_dialog)
def _confirm_delete(store: Store, name: str) -> None:
    st.write(_DELETE_WARNING)
    typed = st.text_input("Type the workspace name to confirm", key="confirm_delete_name")
    if st.button("Delete for good", type="primary", disabled=typed.strip() != name):
        _finish(
            lambda: delete_workspace(store, name),
            lambda _: (SAMPLE_WORKSPACE, f"Deleted the workspace “{name}”."),
        )


def _holds(listing: WorkspaceListing) -> str:
    """What the open workspace holds, under the picker: it follows imports at once."""
    return f"Holds {plural(listing.highlights, 'highlight')}."


def workspace_sidebar(store: Store) -> str:
    """Draw the workspace controls; return the name of the open workspace."""
    listings = list_workspaces(store)
    if not listings:  # the samples were deleted from the command line
        ensure_samples(store)
        listings = list_workspaces(store)
    names = [item.info.name for item in listings]
    name = current_workspace(names)
    current = next(item for item in listings if item.info.name == name)

    with st.sidebar:
        # The options are the bare names. Streamlit 1.67 sends a selectbox's value back
        # as its label: a label holding a count that changed meanwhile (an import, a
        # colleague's) came back as a name no workspace has, and the tab jumped away.
        st.selectbox(
            "Workspace",
            names,
            key=WORKSPACE_KEY,
            help="Each workspace is one study: its highlights, themes, roadmap and decisions.",
        )
        st.caption(_holds(current))
        st.button(
            "New workspace…",
            icon=":material/add:",
            width="stretch",
            on_click=_open_dialog,
            args=("create",),
        )
        facilitator = may(Capability.DELETE_WORKSPACE)
        if not facilitator:
            facilitators_only(Capability.DELETE_WORKSPACE)
        elif current.info.is_sample:
            st.button(
                "Reset this sample…",
                icon=":material/restart_alt:",
                on_click=_open_dialog,
                args=("reset",),
            )
        else:
            st.button(
                "Delete workspace…",
                icon=":material/delete:",
                on_click=_open_dialog,
                args=("delete",),
            )
    # Dialogs open from the main area: Streamlit does not open them inside the sidebar.
    dialog = st.session_state.get(_OPEN_DIALOG)
    if dialog == "create":
        _new_workspace(store)
    elif dialog == "reset" and current.info.is_sample and facilitator:
        _confirm_reset(store, name)
    elif dialog == "delete" and not current.info.is_sample and facilitator:
        _confirm_delete(store, name)
    return name

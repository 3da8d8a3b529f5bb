"""Live updates on Themes, Insights and the Workshop: a colleague's change shows within seconds.

A page calls ``follow`` after reading the workspace. It announces (a toast) what
others changed since this tab last drew, and starts a fragment that polls the
revision every few seconds (``INSIGHTS_LIVE_SECONDS``) and reruns the page only
when someone else moved it, never for this tab's own actions, and not while
the theme board still has moves to save.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.runtime.scriptrunner import get_script_run_ctx

from insights.errors import WorkspaceNotFound
from insights.live import all_own, changes_since, current_revision, interval_seconds, notice
from insights.store import Store, WorkspaceData
from insights.ui.text import md_escape
from insights.ui.themes_board import has_pending_moves

_SEEN = "_live_seen"  # (workspace id, revision) this tab last drew
_OWN = "_live_own"  # workspace id -> revisions this tab's own actions made


def _remember_own(workspace_id: int, revision: int) -> None:
    """Called by the store after an action commits: note it when a tab's script made it."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return  # the CLI, a test, a thread of no session: a colleague, not this tab
    own = st.session_state.setdefault(_OWN, {})
    own.setdefault(workspace_id, set()).add(revision)


def _own(workspace_id: int) -> set[int]:
    return st.session_state.get(_OWN, {}).get(workspace_id, set())


def follow(store: Store, workspace: str, data: WorkspaceData, *, board: bool = False) -> None:
    """Say what others changed since this tab last drew, remember ``data``'s revision, poll."""
    if _remember_own not in store.on_commit:
        store.on_commit.append(_remember_own)
    info = data.info
    seen = st.session_state.get(_SEEN)
    own = _own(info.id)
    if seen and seen[0] == info.id and info.revision > seen[1]:
        changes = changes_since(store, info.id, seen[1])
        others = [c for c in changes if c.revision <= info.revision and c.revision not in own]
        sentence = notice(others)
        if sentence:
            st.toast(md_escape(sentence), icon=":material/group:")
    st.session_state[_SEEN] = (info.id, info.revision)
    own.difference_update({r for r in own if r <= info.revision})
    st.fragment(_poll, run_every=interval_seconds())(store, workspace, board)


def _poll(store: Store, workspace: str, board: bool) -> None:
    """One tick: read the revision; rerun the page only for someone else's change."""
    seen = st.session_state.get(_SEEN)
    try:
        workspace_id, revision = current_revision(store, workspace)
    except WorkspaceNotFound:
        st.rerun(scope="app")  # deleted meanwhile: the app picks another
    except SQLAlchemyError:
        return  # the database is briefly unreachable: no error box every tick, try again
    if seen is None or (seen[0] == workspace_id and revision <= seen[1]):
        return
    if seen[0] == workspace_id and all_own(seen[1], revision, _own(workspace_id)):
        st.session_state[_SEEN] = (workspace_id, revision)  # drawn already, by this tab
        return
    if board and has_pending_moves(workspace):
        return  # the board saves its drag first; the next tick reruns
    st.rerun(scope="app")

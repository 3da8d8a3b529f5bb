"""The open store and the current workspace, shared by every page.

The store is the source of truth; session state only remembers which
workspace this browser tab looks at (also kept in the URL, so a refresh or a
shared link opens the same one). Reads are cached by (workspace id, revision):
a rerun that changed nothing reads nothing but the revision.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy.engine import make_url

from insights.errors import InsightsError
from insights.filters import InsightFilter
from insights.grouping import group_table
from insights.model import SAMPLE_WORKSPACE
from insights.prioritize import Prioritized, evidence, prioritize
from insights.settings import database_url
from insights.store import Store, WorkspaceData
from insights.theme_assignment import card_table
from insights.ui.text import md_escape
from insights.workspaces import ensure_samples

T = TypeVar("T")

WORKSPACE_KEY = "workspace"
_PENDING_SWITCH = "_workspace_switch_to"
_FLASH = "_flash_message"
_PENDING_ERROR = "_pending_error_"


def secrets() -> dict:
    """Streamlit secrets as a plain dict; empty when there is no secrets.toml."""
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml at all is the common case
        return {}


def safe_url(url: str) -> str:
    """The database URL with any password hidden, fit to show."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unreadable database URL)"


@st.cache_resource(show_spinner="Opening the workspace store…")
def _open_store(url: str) -> Store:
    store = Store(url)
    ensure_samples(store)
    return store


def get_store() -> Store:
    """The store for this app, opened once per process; stops the page with a message on failure."""
    url = database_url(secrets=secrets())
    try:
        return _open_store(url)
    except InsightsError as error:
        show_error(error)
    except Exception as error:  # a bad URL, a missing driver, an unreachable server
        st.error(
            md_escape(
                f"The workspace store at {safe_url(url)} could not be opened "
                f"({type(error).__name__}). Check INSIGHTS_DATABASE_URL, or unset it to use "
                "the default file .insights/insights.db."
            )
        )
    st.stop()
    raise AssertionError("unreachable")


@st.cache_resource(show_spinner=False)
def _snapshots() -> tuple[threading.Lock, dict[tuple[str, int], WorkspaceData]]:
    """The latest snapshot of each workspace, shared by every session of this server."""
    return threading.Lock(), {}


def workspace_data(store: Store, name: str) -> WorkspaceData:
    """The workspace as it is now: from memory when nothing changed, else refreshed.

    A refresh reads again only the tables changed since the last snapshot (a drag
    on the board reads the assignments, not 10,000 highlights). Snapshots are
    shared, not copied: pages must not modify them.
    """
    workspace_id, revision = store.revision(name)
    lock, cache = _snapshots()
    key = (store.url, workspace_id)
    with lock:
        previous = cache.get(key)
    if previous is not None and previous.info.revision == revision:
        return previous
    fresh = store.refresh(previous) if previous is not None else store.load(name)
    with lock:
        current = cache.get(key)
        if current is None or current.info.revision <= fresh.info.revision:
            cache[key] = fresh
    return fresh


@st.cache_resource(show_spinner=False)
def _derived() -> tuple[threading.Lock, OrderedDict]:
    return threading.Lock(), OrderedDict()


def derived(
    store: Store,
    data: WorkspaceData,
    name: str,
    tables: tuple[str, ...],
    compute: Callable[[], T],
    *,
    keep: int = 24,
) -> T:
    """A value computed from some tables of a snapshot, kept until one of them changes.

    The card table, say, depends on highlights and groups: a drag (which changes
    only assignments) finds it ready. Shared by every session, not copied.
    """
    key = (store.url, data.info.id, name, data.version_of(*tables))
    lock, cache = _derived()
    with lock:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    value = compute()
    with lock:
        cache[key] = value
        while len(cache) > keep:
            cache.popitem(last=False)
    return value


def groups_of(store: Store, data: WorkspaceData) -> pd.DataFrame:
    """``grouping.group_table``, kept until the highlights or the groups change."""
    return derived(
        store,
        data,
        "groups",
        ("highlights", "clusters", "cluster_members"),
        lambda: group_table(data),
    )


def card_table_of(store: Store, data: WorkspaceData) -> pd.DataFrame:
    """``theme_assignment.card_table``, kept until highlights, groups or assignments change."""
    groups = groups_of(store, data)
    return derived(
        store,
        data,
        "cards",
        ("highlights", "clusters", "cluster_members", "assignments"),
        lambda: card_table(data, groups),
    )


def evidence_of(store: Store, data: WorkspaceData) -> pd.DataFrame:
    """Every highlight with its group and theme (``prioritize.evidence``), kept until the
    highlights, groups or themes change: votes and decisions do not recompute it."""
    return derived(
        store,
        data,
        "evidence",
        ("highlights", "clusters", "cluster_members", "assignments", "themes"),
        lambda: evidence(data),
    )


def prioritized(
    store: Store, data: WorkspaceData, view: InsightFilter, level: str, found: pd.DataFrame
) -> Prioritized:
    """``prioritize.prioritize`` for this view, kept until anything in the workspace changes:
    a rerun that changed nothing (a timer tick, a click elsewhere) ranks nothing."""
    return derived(
        store,
        data,
        f"prioritized {view!r} {level}",
        tuple(data.versions),
        lambda: prioritize(data, view, level, found),
    )


def switch_workspace(name: str) -> None:
    """Open another workspace on the next run (safe to call after the picker is drawn)."""
    st.session_state[_PENDING_SWITCH] = name


def current_workspace(names: list[str]) -> str:
    """The workspace this tab shows: a pending switch, the tab's choice, the URL, the sample.

    When the workspace this tab showed is gone (deleted in another tab), it says so and
    runs the page again: a click made for the deleted one is never applied to another.
    """
    state = st.session_state
    pending = state.pop(_PENDING_SWITCH, None)
    if pending in names:
        state[WORKSPACE_KEY] = pending
    shown = state.get(WORKSPACE_KEY)
    if shown not in names:
        wanted = st.query_params.get(WORKSPACE_KEY)
        fallback = SAMPLE_WORKSPACE if SAMPLE_WORKSPACE in names else names[0]
        if shown is None and wanted in names:
            state[WORKSPACE_KEY] = wanted
        else:
            state[WORKSPACE_KEY] = fallback
            if shown is not None:  # open in this tab until now
                flash(
                    "warning",
                    f"The workspace “{shown}” no longer exists: someone may have deleted "
                    f"it, perhaps in another tab. This is “{fallback}”.",
                )
                st.query_params[WORKSPACE_KEY] = fallback
                st.rerun()
            if wanted:  # named by a link or a bookmark
                flash(
                    "warning",
                    f"No workspace “{wanted}” here (renamed, deleted, or a cut link). "
                    f"Showing “{fallback}”.",
                )
    name = state[WORKSPACE_KEY]
    if st.query_params.get(WORKSPACE_KEY) != name:
        st.query_params[WORKSPACE_KEY] = name
    return name


def attempt(
    function: Callable[..., T],
    *args,
    success: str | Callable[[T], str],
    error_at: str | None = None,
    **kwargs,
) -> bool:
    """Take an action; say on the next run what happened, or why it could not happen.

    The one way the pages run a store action. ``success`` is the message, or a
    function of the action's result that makes it (never a template: a message
    may quote what a person typed). A known error is said in words: as a toast
    on the next run, or, with ``error_at``, in a red box where the page calls
    ``show_pending_error(error_at)``.
    """
    try:
        result = function(*args, **kwargs)
    except InsightsError as error:
        if error_at is None:
            flash("error", str(error))
        else:
            st.session_state[_PENDING_ERROR + error_at] = str(error)
        return False
    flash("success", success(result) if callable(success) else success)
    return True


def show_pending_error(place: str) -> None:
    """Why the last action ``attempt``-ed with ``error_at=place`` could not be taken."""
    error = st.session_state.pop(_PENDING_ERROR + place, None)
    if error:
        show_error(error)


def flash(kind: str, message: str) -> None:
    """A message for the next run (after st.rerun), e.g. from a dialog: plain text.

    Several actions in one run (three quick clicks) each keep their message, once.
    """
    said: list[tuple[str, str]] = st.session_state.setdefault(_FLASH, [])
    if (kind, message) not in said:
        said.append((kind, message))


_TOAST_ICONS = {"success": ":material/check_circle:", "warning": ":material/info:"}


def show_flash() -> None:
    """What the last actions did, as toasts; they may quote names, so they are escaped."""
    for kind, message in st.session_state.pop(_FLASH, []):
        st.toast(md_escape(message), icon=_TOAST_ICONS.get(kind))


def component_key(kind: str, workspace: str) -> str:
    """A component's widget key for a workspace: Streamlit refuses keys holding "__",
    and a workspace may be called anything, so the name is hashed."""
    return f"{kind}::{hashlib.sha256(workspace.encode()).hexdigest()[:16]}"


def show_error(error: Exception | str, icon: str = ":material/error:") -> None:
    """An error's message in a red box: its words may quote names, so they are escaped.

    An error that is not one of ours is named, not shown: its words were not
    written for a person (and nothing was saved).
    """
    if isinstance(error, Exception) and not isinstance(error, InsightsError):
        st.error(
            f"Something unexpected went wrong ({type(error).__name__}). Nothing was saved. "
            "Try again; if it keeps happening, report it with the file or sheet that caused it.",
            icon=icon,
        )
        return
    st.error(md_escape(str(error)), icon=icon)

"""Workspace verbs shared by the app's sidebar and ``insights workspaces``."""

from __future__ import annotations

from dataclasses import dataclass

from insights import quotes
from insights.errors import InvalidWorkspaceName
from insights.ingest import ImportSummary, apply_import
from insights.model import SAMPLE_WORKSPACE, WorkspaceKind
from insights.sources.sample import sample_frames, sample_quote_bank
from insights.store import Action, Store, WorkspaceInfo
from insights.themes import seed_themes


@dataclass(frozen=True)
class WorkspaceListing:
    info: WorkspaceInfo
    highlights: int


def list_workspaces(store: Store) -> list[WorkspaceListing]:
    """Every workspace with how many highlights it holds; the sample first."""
    counts = store.counts()
    listings = [WorkspaceListing(w, counts.get(w.id, 0)) for w in store.workspaces()]
    return sorted(listings, key=lambda w: (not w.info.is_sample, w.info.name.casefold()))


def create_workspace(store: Store, name: str) -> WorkspaceInfo:
    """An empty workspace with the seed themes, ready for an import."""
    return store.create_workspace(name, kind=WorkspaceKind.USER, populate=seed_themes)


def delete_workspace(store: Store, name: str) -> None:
    store.delete_workspace(name)


def _fill_sample(act: Action) -> ImportSummary:
    seed_themes(act)
    summary = apply_import(act, sample_frames())
    for entry in sample_quote_bank():
        quotes.put(
            act,
            entry["highlight_id"],
            consent=entry["consent"],
            attribution=entry["attribution"],
            note=entry["note"],
        )
    return summary


def ensure_sample(store: Store) -> WorkspaceInfo:
    """The sample study workspace, created from the bundled files if it is missing."""
    if store.has_workspace(SAMPLE_WORKSPACE):
        return store.workspace(SAMPLE_WORKSPACE)
    return store.create_workspace(
        SAMPLE_WORKSPACE, kind=WorkspaceKind.SAMPLE, populate=_fill_sample
    )


def reset_sample(store: Store) -> ImportSummary:
    """Put the sample study back as shipped, in one action (its revision keeps rising)."""
    if not store.has_workspace(SAMPLE_WORKSPACE):
        ensure_sample(store)
    info = store.workspace(SAMPLE_WORKSPACE)
    if not info.is_sample:
        raise InvalidWorkspaceName(
            f"“{SAMPLE_WORKSPACE}” is a workspace of your own, not the bundled sample; "
            "rename or delete it before resetting the sample."
        )
    with store.action(SAMPLE_WORKSPACE, "workspace.reset", subject=SAMPLE_WORKSPACE) as act:
        store.clear(act)
        summary = _fill_sample(act)
        act.record(SAMPLE_WORKSPACE, action="workspace.reset")
        return summary

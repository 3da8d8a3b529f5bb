"""Workspace verbs shared by the app's sidebar and ``insights workspaces``."""

from __future__ import annotations

from dataclasses import dataclass

from insights.model import WorkspaceKind
from insights.samples import ensure_sample, ensure_samples, reset_sample
from insights.store import Store, WorkspaceInfo
from insights.theme_assignment import seed_themes

__all__ = [
    "WorkspaceListing",
    "create_workspace",
    "delete_workspace",
    "ensure_sample",
    "ensure_samples",
    "list_workspaces",
    "reset_sample",
]


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

"""Errors a person can act on. Their message says what is wrong and how to fix it."""

from __future__ import annotations


class InsightsError(Exception):
    """Base of every error the app shows as a message instead of a traceback."""


class StoreError(InsightsError):
    """The workspace store cannot do what was asked."""


class WorkspaceNotFound(StoreError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"There is no workspace named “{name}”. Pick one from the list or create it first."
        )
        self.name = name


class WorkspaceExists(StoreError):
    def __init__(self, name: str) -> None:
        super().__init__(f"A workspace named “{name}” already exists. Choose another name.")
        self.name = name


class InvalidWorkspaceName(StoreError):
    pass


class SchemaTooNew(StoreError):
    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"This workspace database was written by a newer release (schema {found}; "
            f"this release reads up to {supported}). Upgrade the app "
            "(pip install -U interview-insights) or point INSIGHTS_DATABASE_URL elsewhere."
        )
        self.found = found
        self.supported = supported

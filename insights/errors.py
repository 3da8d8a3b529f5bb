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


def _first_line(error: BaseException) -> str:
    """What the database driver said, without SQLAlchemy's SQL and links: one line."""
    original = getattr(error, "orig", None) or error
    if isinstance(original, OSError) and original.strerror:
        return (
            f"{original.strerror}: {original.filename}" if original.filename else original.strerror
        )
    text = str(original).split("\n")[0].strip()
    return text or type(original).__name__


def hidden_password(url: str) -> str:
    """A database URL fit to show: its password replaced by ***."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL: show its scheme only
        return url.split("://", 1)[0] + "://…" if "://" in url else "(an unreadable URL)"


class StoreUnavailable(StoreError):
    """The workspace store cannot be opened or read: a bad URL, file, server or driver."""

    def __init__(self, url: str, error: BaseException, *, doing: str = "opened") -> None:
        super().__init__(
            f"The workspace store at {hidden_password(url)} could not be {doing}: "
            f"{_first_line(error)}. Check INSIGHTS_DATABASE_URL (or --database), that the "
            "file is a workspace database and can be read, or that the server is running."
        )
        self.url = url

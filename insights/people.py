"""Who does an action: the person every event, decision and change is recorded under.

The core does not know about sign-in. The app registers a *source* (a function
that returns the signed-in person's email, or None), read each time an action
is recorded; code may also name the person for a block (``acting_as``), as
tests and the CLI do. With neither, the person is "you": the single-user tool.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

SINGLE_USER = "you"

_named: ContextVar[str | None] = ContextVar("insights_actor", default=None)
_source: list[Callable[[], str | None]] = []


def use_source(source: Callable[[], str | None] | None) -> None:
    """Read the person from ``source`` from now on (None: nobody, i.e. "you")."""
    _source.clear()
    if source is not None:
        _source.append(source)


@contextmanager
def acting_as(person: str) -> Iterator[None]:
    """Record everything done inside the block under ``person``."""
    token = _named.set(person)
    try:
        yield
    finally:
        _named.reset(token)


def current_actor() -> str:
    """The person an action now is recorded under."""
    named = _named.get()
    if named:
        return named
    if _source:
        try:
            found = _source[0]()
        except Exception:  # a source that cannot tell (no session, say) means single-user
            found = None
        if found:
            return found
    return SINGLE_USER


def who(actor: object) -> str:
    """An event's person as pages show it; events from before release 0.6 name no one."""
    text = str(actor or "").strip()
    return text or "—"

"""Live updates: what colleagues changed since this tab last drew, read cheaply, said in words.

A page remembers the revision it drew. A poll reads only the workspace's
revision (one indexed row); when it moved, ``changes_since`` reads the few
events after it, and ``notice`` turns them into one sentence such as
"dana@example.com moved 3 cards to Pain points".
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select

from insights import schema
from insights.people import SINGLE_USER, who
from insights.store import Store
from insights.wording import plural

INTERVAL_SETTING = "INSIGHTS_LIVE_SECONDS"
DEFAULT_INTERVAL_S = 2.0
_READ_AT_MOST = 200

# How a sentence names an action: a verb phrase, and whether the event's subject follows it
# (subjects that are ids, such as "theme:3" or "12", are left out).
_PHRASES: dict[str, tuple[str, bool]] = {
    "themes.assign": ("moved", True),
    "themes.undo": ("undid a move", False),
    "themes.redo": ("redid a move", False),
    "theme.create": ("added the theme", True),
    "theme.update": ("edited a theme", False),
    "theme.reorder": ("reordered the themes", False),
    "theme.merge": ("merged two themes", False),
    "theme.delete": ("deleted a theme", False),
    "board.lock": ("locked the board", False),
    "board.unlock": ("unlocked the board", False),
    "insight.decide": ("decided on an insight", False),
    "insight.rate": ("rated an insight", False),
    "insight.vote": ("voted", False),
    "insight.weights": ("changed the priority weights", False),
    "workshop.save": ("saved the workshop session", True),
    "import": ("imported highlights", False),
    "groups.run": ("regrouped the highlights", False),
}
_VIA = re.compile(r"\s*\((drag|suggestion|choice|selection)\)$")


@dataclass(frozen=True)
class Change:
    """One event after the revision a tab drew: its revision, action, person and subject."""

    revision: int
    action: str
    actor: str
    subject: str


def interval_seconds(environ: Mapping[str, str] | None = None) -> float:
    """How often an open page polls, in seconds (INSIGHTS_LIVE_SECONDS; tests make it short)."""
    raw = (os.environ if environ is None else environ).get(INTERVAL_SETTING, "")
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_INTERVAL_S
    return value if value > 0 else DEFAULT_INTERVAL_S


def current_revision(store: Store, workspace: str) -> tuple[int, int]:
    """(workspace id, revision) in one indexed query: what a poll that finds nothing costs."""
    return store.revision(workspace)


def changes_since(store: Store, workspace_id: int, revision: int) -> list[Change]:
    """The events after ``revision``, oldest first (at most the last 200)."""
    events = schema.events
    query = (
        select(events.c.revision, events.c.action, events.c.actor, events.c.subject)
        .where((events.c.workspace_id == workspace_id) & (events.c.revision > revision))
        .order_by(events.c.revision.desc(), events.c.id.desc())
        .limit(_READ_AT_MOST)
    )
    with store.reading() as conn:
        rows = conn.execute(query).all()
    return [Change(r.revision, r.action, r.actor or "", r.subject or "") for r in reversed(rows)]


def all_own(seen: int, now: int, own: Iterable[int]) -> bool:
    """Whether every revision after ``seen`` up to ``now`` was made by this tab itself."""
    return set(range(seen + 1, now + 1)) <= set(own)


def _phrase(change: Change) -> str:
    verb, with_subject = _PHRASES.get(change.action, ("made a change", False))
    subject = _VIA.sub("", change.subject).strip() if with_subject else ""
    return f"{verb} {subject}" if subject else verb


def notice(changes: list[Change]) -> str | None:
    """One sentence on what changed and who changed it ("You …" when it was "you")."""
    sentence = _sentence(changes)
    if sentence and sentence.startswith(f"{SINGLE_USER} "):
        return sentence[0].upper() + sentence[1:]
    return sentence


def _sentence(changes: list[Change]) -> str | None:
    """The sentence for ``notice``; None when nothing changed.

    One change: "dana@… moved 3 cards to Pain points". Several by one person adds
    "and made 2 other changes"; several people are named together, latest last.
    """
    if not changes:
        return None
    latest = changes[-1]
    people = list(dict.fromkeys(who(c.actor) for c in changes))
    if len(changes) == 1:
        return f"{people[0]} {_phrase(latest)}"
    if len(people) == 1:
        others = plural(len(changes) - 1, "other change")
        return f"{people[0]} {_phrase(latest)} and made {others}"
    names = ", ".join(people[:-1]) + f" and {people[-1]}"
    made = plural(len(changes), "change")
    return f"{names} made {made}; last, {who(latest.actor)} {_phrase(latest)}"

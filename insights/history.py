"""Undo and redo from the event log.

An undoable action records, in its event, the state it changed *before* and
*after*. Undoing it records an ``<kind>.undo`` event naming it; redoing, a
``<kind>.redo`` event. Replaying these in order gives the two stacks: what
can be undone (newest first) and what can be redone. A new action empties
the redo stack, as in any editor. A reset of the workspace ends the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, select

from insights import schema
from insights.errors import InsightsError

RESET = "workspace.reset"


class StaleStep(InsightsError):
    """The step a tab offered to undo or redo is not the next one any more."""

    def __init__(self, verb: str) -> None:
        super().__init__(
            f"Nothing to {verb}: in another tab, someone already did, or changed something "
            "since. The page now shows where things are."
        )


@dataclass(frozen=True)
class Step:
    """One undoable action, as its event recorded it."""

    event_id: int
    action: str
    subject: str
    before: Any
    after: Any
    at: Any


@dataclass(frozen=True)
class Stacks:
    done: list[Step]  # oldest first: the last one is undone next
    undone: list[Step]  # oldest first: the last one is redone next

    @property
    def next_undo(self) -> Step | None:
        return self.done[-1] if self.done else None

    @property
    def next_redo(self) -> Step | None:
        return self.undone[-1] if self.undone else None


def stacks(
    conn: Connection, workspace_id: int, actions: Iterable[str], undo: str, redo: str
) -> Stacks:
    """The undo and redo stacks of a kind of action in one workspace."""
    actions = tuple(actions)
    events = schema.events
    rows = conn.execute(
        select(
            events.c.id,
            events.c.action,
            events.c.subject,
            events.c.before,
            events.c.after,
            events.c.at,
        )
        .where(
            and_(
                events.c.workspace_id == workspace_id,
                events.c.action.in_((*actions, undo, redo, RESET)),
            )
        )
        .order_by(events.c.id)
    ).mappings()
    done: list[Step] = []
    undone: list[Step] = []
    for row in rows:
        action = row["action"]
        if action == RESET:
            done, undone = [], []
        elif action == undo:
            target = int(row["subject"])
            if done and done[-1].event_id == target:
                undone.append(done.pop())
        elif action == redo:
            target = int(row["subject"])
            if undone and undone[-1].event_id == target:
                done.append(undone.pop())
        else:
            done.append(
                Step(row["id"], action, row["subject"], row["before"], row["after"], row["at"])
            )
            undone = []
    return Stacks(done=done, undone=undone)


def expected_step(step: Step | None, expected: int | None, verb: str) -> Step | None:
    """The step to undo (or redo); with ``expected`` (the step a tab offered), only that one.

    A tab drawn before a colleague's undo, or before their newer action, must not take
    back something else than what its button said: StaleStep instead.
    """
    if expected is not None and (step is None or step.event_id != expected):
        raise StaleStep(verb)
    return step

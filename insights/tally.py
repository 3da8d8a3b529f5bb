"""An insight's vote total, counted from the dots people put on it.

The priority score reads one number per insight (the ``votes`` table). Since
votes are stored per person (``dot_votes``), that number is never written from
what a page saw: it is summed again from the rows inside the transaction that
changed them. Every action first locks its workspace's row (the revision bump),
so two clicks at once are counted one after the other, and none is lost.

The room's count, entered by hand in single-user mode, is the row of person
``ROOM`` in round 0: it adds to the people's dots, so counts kept before
votes were per person survive.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, select

from insights import schema
from insights.errors import InsightsError
from insights.store import Action, utcnow

ROOM = "(room)"
ROOM_ROUND = 0


class VoteProblem(InsightsError):
    """A vote cannot be counted as asked."""


def _where(act: Action, key: str) -> Any:
    dots = schema.dot_votes
    return and_(dots.c.workspace_id == act.workspace_id, dots.c.insight_key == key)


def current_total(act: Action, key: str) -> int:
    """The insight's total as the ``votes`` table holds it now (0 when it has no row)."""
    votes = schema.votes
    found = act.conn.execute(
        select(votes.c.votes).where(
            and_(votes.c.workspace_id == act.workspace_id, votes.c.insight_key == key)
        )
    ).scalar_one_or_none()
    return int(found or 0)


def recount(act: Action, key: str) -> int:
    """Sum the insight's dots and save the total the score reads; returns it."""
    dots = schema.dot_votes
    total = int(
        act.conn.execute(
            select(func.coalesce(func.sum(dots.c.dots), 0)).where(_where(act, key))
        ).scalar_one()
    )
    votes = schema.votes
    where = and_(votes.c.workspace_id == act.workspace_id, votes.c.insight_key == key)
    updated = act.conn.execute(votes.update().where(where).values(votes=total, updated_at=utcnow()))
    if updated.rowcount == 0:
        act.conn.execute(
            votes.insert().values(
                workspace_id=act.workspace_id, insight_key=key, votes=total, updated_at=utcnow()
            )
        )
    return total


def dots_of(act: Action, key: str, person: str, round_: int) -> int:
    """How many dots ``person`` put on the insight in this round."""
    dots = schema.dot_votes
    found = act.conn.execute(
        select(dots.c.dots).where(
            and_(_where(act, key), dots.c.person == person, dots.c.round == round_)
        )
    ).scalar_one_or_none()
    return int(found or 0)


def put_dots(act: Action, key: str, person: str, round_: int, count: int) -> None:
    """Set ``person``'s dots on the insight in this round (0 removes the row)."""
    dots = schema.dot_votes
    where = and_(_where(act, key), dots.c.person == person, dots.c.round == round_)
    if count <= 0:
        act.conn.execute(dots.delete().where(where))
        return
    updated = act.conn.execute(dots.update().where(where).values(dots=count, updated_at=utcnow()))
    if updated.rowcount == 0:
        act.conn.execute(
            dots.insert().values(
                workspace_id=act.workspace_id,
                insight_key=key,
                person=person,
                round=round_,
                dots=count,
                updated_at=utcnow(),
            )
        )


def set_room_count(act: Action, key: str, total: int) -> int:
    """Make the insight's total ``total`` by setting the room's row; returns the total.

    People's own dots cannot be taken away by the room: a total below them is refused.
    """
    total = int(total)
    if total < 0:
        raise VoteProblem("Votes cannot be negative.")
    room = dots_of(act, key, ROOM, ROOM_ROUND)
    people = recount(act, key) - room
    if total < people:
        raise VoteProblem(
            f"{people} of this insight's votes were placed by people signed in; "
            f"the room's count cannot bring the total below {people}."
        )
    put_dots(act, key, ROOM, ROOM_ROUND, total - people)
    return recount(act, key)


def add_room_dots(act: Action, key: str, change: int) -> int:
    """Add (or take away) dots on the room's row, counted from the store, not a page."""
    room = dots_of(act, key, ROOM, ROOM_ROUND)
    if room + change < 0:
        raise VoteProblem("The room has no dot on this insight to take away.")
    put_dots(act, key, ROOM, ROOM_ROUND, room + change)
    return recount(act, key)

"""Dot voting in a workshop session: each person has a few dots to spend on insights.

As in an affinity-mapping session: the facilitator sets how many dots each person
has (default 5) and whether one person may put more than one dot on an insight.
A workshop session is a voting round: starting a new round gives everyone their
dots back, and the dots already placed keep counting in the totals. The rules
live in the workspace's settings; the dots in ``dot_votes``, one row per person,
insight and round; the total the score reads is recounted in the same
transaction (insights.tally), so concurrent clicks lose nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select

from insights import schema
from insights.decisions import _check_insight, _keep_group
from insights.store import Action, Store
from insights.tally import ROOM, VoteProblem, dots_of, put_dots, recount

DEFAULT_DOTS = 5
MAX_DOTS = 50
SETTINGS_KEY = "dot_voting"


@dataclass(frozen=True)
class DotRules:
    """How the current workshop session votes."""

    dots: int = DEFAULT_DOTS  # per person, per round
    stack: bool = False  # may one person put several dots on one insight?
    round: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {"dots": self.dots, "stack": self.stack, "round": self.round}


def rules_of(settings: Mapping[str, Any] | None) -> DotRules:
    """The rules kept in a workspace's settings (defaults when none were set)."""
    saved = (settings or {}).get(SETTINGS_KEY) or {}
    try:
        return DotRules(
            dots=int(saved.get("dots", DEFAULT_DOTS)),
            stack=bool(saved.get("stack", False)),
            round=max(int(saved.get("round", 1)), 1),
        )
    except (TypeError, ValueError):  # a hand-edited settings column: start from defaults
        return DotRules()


def _rules_in(act: Action) -> tuple[dict[str, Any], DotRules]:
    settings = act.settings()
    return settings, rules_of(settings)


def _save_rules(act: Action, settings: dict[str, Any], rules: DotRules) -> None:
    act.save_settings({**settings, SETTINGS_KEY: rules.as_dict()})


def set_rules(store: Store, workspace: str, *, dots: int, stack: bool) -> DotRules:
    """The facilitator sets each person's dots and whether dots may stack on one insight."""
    if not 1 <= int(dots) <= MAX_DOTS:
        raise VoteProblem(f"Give each person between 1 and {MAX_DOTS} dots.")
    with store.action(workspace, "workshop.dots", subject="dot voting") as act:
        settings, before = _rules_in(act)
        rules = DotRules(dots=int(dots), stack=bool(stack), round=before.round)
        _save_rules(act, settings, rules)
        act.record("dot voting", before=before.as_dict(), after=rules.as_dict())
        return rules


def new_round(store: Store, workspace: str) -> DotRules:
    """Start a new voting round: everyone has all their dots again; placed dots still count."""
    with store.action(workspace, "workshop.round", subject="dot voting") as act:
        settings, before = _rules_in(act)
        rules = DotRules(dots=before.dots, stack=before.stack, round=before.round + 1)
        _save_rules(act, settings, rules)
        act.record("dot voting", before=before.as_dict(), after=rules.as_dict())
        return rules


def _spent(act: Action, person: str, round_: int) -> int:
    dots = schema.dot_votes
    return int(
        act.conn.execute(
            select(func.coalesce(func.sum(dots.c.dots), 0)).where(
                and_(
                    dots.c.workspace_id == act.workspace_id,
                    dots.c.person == person,
                    dots.c.round == round_,
                )
            )
        ).scalar_one()
    )


def _check_person(person: str) -> str:
    person = (person or "").strip()
    if not person or person == ROOM:
        raise VoteProblem("Sign in to place your own dots.")
    return person


def place_dot(store: Store, workspace: str, key: str, person: str) -> int:
    """Put one of ``person``'s dots on the insight; returns the dots they have left.

    Everything is checked and counted inside the transaction: what the page showed
    may be seconds old, and colleagues click at the same moment.
    """
    person = _check_person(person)
    with store.action(workspace, "insight.vote", subject=key) as act:
        _check_insight(act, key)
        _, rules = _rules_in(act)
        spent = _spent(act, person, rules.round)
        if spent >= rules.dots:
            raise VoteProblem(
                f"You have placed all your {rules.dots} dots in this session. Take one back "
                "from another insight to place it here."
            )
        mine = dots_of(act, key, person, rules.round)
        if mine and not rules.stack:
            raise VoteProblem(
                "You already have a dot on this insight; in this session each person puts "
                "at most one dot on an insight."
            )
        return _change(act, key, person, rules, mine, mine + 1, rules.dots - spent - 1)


def take_back_dot(store: Store, workspace: str, key: str, person: str) -> int:
    """Take one of ``person``'s dots off the insight (this round); returns their dots left."""
    person = _check_person(person)
    with store.action(workspace, "insight.vote", subject=key) as act:
        _check_insight(act, key)
        _, rules = _rules_in(act)
        mine = dots_of(act, key, person, rules.round)
        if not mine:
            raise VoteProblem("You have no dot on this insight in this session.")
        spent = _spent(act, person, rules.round)
        return _change(act, key, person, rules, mine, mine - 1, rules.dots - spent + 1)


def _change(
    act: Action, key: str, person: str, rules: DotRules, was: int, now: int, left: int
) -> int:
    before_total = int(
        act.conn.execute(
            select(func.coalesce(func.max(schema.votes.c.votes), 0)).where(
                and_(
                    schema.votes.c.workspace_id == act.workspace_id,
                    schema.votes.c.insight_key == key,
                )
            )
        ).scalar_one()
    )
    put_dots(act, key, person, rules.round, now)
    total = recount(act, key)
    _keep_group(act, key)
    act.record(
        key,
        before={"votes": before_total, "dots": was},
        after={"votes": total, "dots": now, "person": person, "round": rules.round},
        action="insight.vote",
    )
    return max(left, 0)


@dataclass(frozen=True)
class Ballot:
    """One person's dots in the current round: where they are and how many are left."""

    rules: DotRules
    placed: dict[str, int]  # insight key -> this person's dots on it

    @property
    def left(self) -> int:
        return max(self.rules.dots - sum(self.placed.values()), 0)


def ballot(store: Store, workspace: str, person: str) -> Ballot:
    """Where ``person``'s dots are in the workspace's current round."""
    dots = schema.dot_votes
    with store.reading() as conn:
        info = store.workspace_in(conn, workspace)
        rules = rules_of(info.settings)
        rows = conn.execute(
            select(dots.c.insight_key, dots.c.dots).where(
                and_(
                    dots.c.workspace_id == info.id,
                    dots.c.person == person,
                    dots.c.round == rules.round,
                )
            )
        )
        return Ballot(rules=rules, placed={key: int(n) for key, n in rows})


def voters(store: Store, workspace: str, key: str) -> list[tuple[str, int]]:
    """Who put dots on the insight (all rounds), most dots first; the room's count excluded."""
    dots = schema.dot_votes
    with store.reading() as conn:
        info = store.workspace_in(conn, workspace)
        rows = conn.execute(
            select(dots.c.person, func.sum(dots.c.dots))
            .where(
                and_(
                    dots.c.workspace_id == info.id,
                    dots.c.insight_key == key,
                    dots.c.person != ROOM,
                )
            )
            .group_by(dots.c.person)
        )
        found = [(person, int(n)) for person, n in rows if n]
    return sorted(found, key=lambda pair: (-pair[1], pair[0]))

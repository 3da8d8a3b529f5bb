"""What a team decides about an insight: its decision and note, severity, votes, roadmap links,
and whether participants who wrote the same words are separate voices.

Each is one action with its event. A group (``cluster:<id>``) that receives
any of these becomes *accepted*: a later run of the grouping never drops a
group people have voted on, rated, linked or decided about.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, delete, select

from insights import schema, tally
from insights.errors import InsightsError
from insights.model import Decision, InsightKey, InsightKind, is_group_key
from insights.people import current_actor
from insights.prioritize import FORMULA_VERSION, SEPARATE_VOICES, Weights, weights_problem
from insights.roadmap import CONFIRMED, DISMISSED, MANUAL
from insights.store import Action, Store, utcnow


class DecisionProblem(InsightsError):
    """A decision cannot be saved as asked."""


def _keep_group(act: Action, key: str) -> None:
    if is_group_key(key):
        act.conn.execute(
            schema.clusters.update()
            .where(
                and_(
                    schema.clusters.c.workspace_id == act.workspace_id,
                    schema.clusters.c.id == InsightKey.parse(key).number,
                    schema.clusters.c.status != "accepted",
                )
            )
            .values(status="accepted", updated_at=utcnow())
        )


_INSIGHT_TABLES = {
    InsightKind.THEME: schema.themes,
    InsightKind.GROUP: schema.clusters,
    InsightKind.HIGHLIGHT: schema.highlights,
}


def _check_insight(act: Action, key: str) -> None:
    """The insight a page offered may be gone: its theme deleted, its group regrouped."""
    try:
        parsed = InsightKey.parse(key)
    except ValueError:
        raise DecisionProblem(
            f"“{key}” is not an insight (theme:…, cluster:… or highlight:…)."
        ) from None
    table = _INSIGHT_TABLES[parsed.kind]
    # themes and groups have numbers for ids
    row_id = parsed.id if parsed.kind == InsightKind.HIGHLIGHT else parsed.number
    if row_id is None or not act.holds(table, row_id):
        raise DecisionProblem(
            "That insight is no longer in this workspace: someone deleted its theme or "
            "regrouped it, perhaps in another tab. The page now shows the list as it is."
        )


def _upsert(act: Action, table: Any, key: str, values: dict[str, Any]) -> dict[str, Any] | None:
    where = and_(table.c.workspace_id == act.workspace_id, table.c.insight_key == key)
    before = act.conn.execute(select(table).where(where)).mappings().one_or_none()
    if before is None:
        act.conn.execute(
            table.insert().values(workspace_id=act.workspace_id, insight_key=key, **values)
        )
    else:
        act.conn.execute(table.update().where(where).values(**values))
    return None if before is None else {k: v for k, v in before.items() if k in values}


def set_decision(
    store: Store, workspace: str, key: str, decision: str | None, note: str = ""
) -> None:
    """Record Act now / Inform our understanding / Revisit later with a note (None clears it)."""
    with store.action(workspace, "insight.decide", subject=key) as act:
        _check_insight(act, key)
        decide(act, key, decision, note)


def decide(act: Action, key: str, decision: str | None, note: str = "") -> None:
    """``set_decision`` inside an action already open (an import, a sample being built)."""
    if decision is not None and decision not in {d.value for d in Decision}:
        raise DecisionProblem(
            f"“{decision}” is not a decision; choose Act now, Inform our understanding "
            "or Revisit later."
        )
    table = schema.decisions
    if decision is None:
        act.conn.execute(
            delete(table).where(
                and_(table.c.workspace_id == act.workspace_id, table.c.insight_key == key)
            )
        )
        act.record(key, after=None, action="insight.decide")
        return
    before = _upsert(
        act,
        table,
        key,
        {
            "decision": decision,
            "note": note.strip(),
            "decided_at": utcnow(),
            "decided_by": current_actor(),
        },
    )
    _keep_group(act, key)
    act.record(
        key,
        before=before,
        after={"decision": decision, "note": note.strip()},
        action="insight.decide",
    )


def set_severity(store: Store, workspace: str, key: str, severity: int) -> None:
    """Rate how severe (or impactful) an insight is, 1 to 5."""
    if not 1 <= int(severity) <= 5:
        raise DecisionProblem("Severity goes from 1 (minor) to 5 (critical).")
    with store.action(workspace, "insight.rate", subject=key) as act:
        _check_insight(act, key)
        before = _upsert(
            act, schema.insight_ratings, key, {"severity": int(severity), "updated_at": utcnow()}
        )
        _keep_group(act, key)
        act.record(key, before=before, after={"severity": int(severity)}, action="insight.rate")


def set_votes(store: Store, workspace: str, key: str, votes: int) -> None:
    """Record an insight's dot votes (0 or more)."""
    with store.action(workspace, "insight.vote", subject=key) as act:
        _check_insight(act, key)
        put_votes(act, key, votes)


def put_votes(act: Action, key: str, votes: int) -> None:
    """``set_votes`` inside an action already open: the room's count, next to people's dots."""
    if int(votes) < 0:
        raise DecisionProblem("Votes cannot be negative.")
    before = tally.current_total(act, key)
    total = tally.set_room_count(act, key, int(votes))
    _keep_group(act, key)
    act.record(key, before={"votes": before}, after={"votes": total}, action="insight.vote")


def add_room_votes(store: Store, workspace: str, key: str, change: int) -> int:
    """The room's +1 or −1 (single-user mode), counted from the store, not from the page:
    two clicks at once are two votes. Returns the new total."""
    with store.action(workspace, "insight.vote", subject=key) as act:
        _check_insight(act, key)
        before = tally.current_total(act, key)
        total = tally.add_room_dots(act, key, int(change))
        _keep_group(act, key)
        act.record(key, before={"votes": before}, after={"votes": total}, action="insight.vote")
        return total


def _set_link(act: Action, key: str, item_id: str, origin: str | None) -> None:
    links = schema.insight_roadmap_links
    where = and_(
        links.c.workspace_id == act.workspace_id,
        links.c.insight_key == key,
        links.c.roadmap_item_id == item_id,
    )
    act.conn.execute(delete(links).where(where))
    if origin is not None:
        act.conn.execute(
            links.insert().values(
                workspace_id=act.workspace_id,
                insight_key=key,
                roadmap_item_id=item_id,
                origin=origin,
                created_at=utcnow(),
            )
        )


def _check_item(act: Action, item_id: str) -> None:
    if not act.holds(schema.roadmap_items, item_id):
        raise DecisionProblem("That roadmap item is not in this workspace any more.")


def link(store: Store, workspace: str, key: str, item_id: str, *, suggested: bool = False) -> None:
    """Link an insight to a roadmap item: confirming a suggestion, or by hand."""
    with store.action(workspace, "roadmap.link", subject=f"{key} -> {item_id}") as act:
        _check_insight(act, key)
        link_in(act, key, item_id, suggested=suggested)


def link_in(act: Action, key: str, item_id: str, *, suggested: bool = False) -> None:
    """``link`` inside an action already open."""
    _check_item(act, item_id)
    _set_link(act, key, item_id, CONFIRMED if suggested else MANUAL)
    _keep_group(act, key)


def review_links(
    store: Store,
    workspace: str,
    confirmed: list[tuple[str, str]],
    dismissed: list[tuple[str, str]],
) -> int:
    """Confirm some suggested links and dismiss others, in one action; returns how many."""
    count = len(confirmed) + len(dismissed)
    if not count:
        return 0
    with store.action(workspace, "roadmap.review", subject=f"{count} suggested links") as act:
        for key, item_id in confirmed:
            link_in(act, key, item_id, suggested=True)
        for key, item_id in dismissed:
            _set_link(act, key, item_id, DISMISSED)
        act.record(
            f"{count} suggested links",
            after={"confirmed": confirmed, "dismissed": dismissed},
            action="roadmap.review",
        )
        return count


def unlink(store: Store, workspace: str, key: str, item_id: str, *, dismiss: bool = False) -> None:
    """Remove a link; ``dismiss`` also keeps the pair from being suggested again."""
    with store.action(workspace, "roadmap.unlink", subject=f"{key} -> {item_id}") as act:
        _set_link(act, key, item_id, DISMISSED if dismiss else None)


def save_weights(store: Store, workspace: str, weights: Weights) -> None:
    """Keep the priority weights with the workspace, marked with the formula they are for."""
    values = weights.as_dict()
    problem = weights_problem(values)
    if problem:
        raise DecisionProblem(problem)
    saved = {**values, "formula": FORMULA_VERSION}
    with store.action(workspace, "insight.weights", subject="priority weights") as act:
        current = act.settings()
        act.save_settings({**current, "priority_weights": saved})
        act.record("priority weights", before=current.get("priority_weights"), after=saved)


def count_copies_separately(
    store: Store, workspace: str, highlight_ids: list[str], *, separate: bool = True
) -> int:
    """Confirm that participants who wrote the same words are separate voices (or take it
    back, ``separate=False``); until then their copies count once. Returns how many changed."""
    wanted = {str(h) for h in highlight_ids}
    with store.action(workspace, "insight.copies", subject=f"{len(wanted)} highlights") as act:
        found = act.held(schema.highlights, wanted)
        if not found:
            raise DecisionProblem("Those highlights are not in this workspace any more.")
        current = act.settings()
        before = set(current.get(SEPARATE_VOICES) or [])
        after = before | found if separate else before - found
        act.save_settings({**current, SEPARATE_VOICES: sorted(after)})
        act.record(
            "copied text",
            before={"separate": sorted(before & found)},
            after={"separate": sorted(after & found)},
        )
        return len(after ^ before)

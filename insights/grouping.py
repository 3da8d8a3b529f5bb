"""Groups of near-duplicate highlights in a workspace: proposed, reviewed, counted once.

The engine (``insights.near_duplicates``) proposes groups; a person reviews them:
accepts one, removes a member (it becomes a group of its own), merges two,
or rewrites a group's wording. Every such decision makes the groups it
touches *accepted*, and a later run of the grouping only replaces groups
still *proposed*: it never undoes what a person decided, and a re-import
keeps it all (highlight ids are stable). Decisions can be undone, newest
first, from the snapshots the event log keeps.

Downstream, ``group_table`` lists every group once (a highlight in no group
is a group of one), with its mentions and its unique participants.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from sqlalchemy import and_, delete, select

from insights import schema
from insights.errors import InsightsError
from insights.feedback_marks import feedback_only, not_feedback_mask
from insights.history import Stacks, Step, expected_step, stacks
from insights.model import group_key, highlight_key
from insights.near_duplicates import (
    DEFAULT_METHOD,
    DEFAULT_SCORER,
    DEFAULT_THRESHOLD,
    METHODS,
    MIN_THRESHOLD,
    Merges,
    Progress,
    build_merges,
    groups_from_labels,
)
from insights.perf import paused_gc
from insights.store import Action, Store, WorkspaceData, utcnow

PROPOSED = "proposed"
ACCEPTED = "accepted"

# Event actions that are a person's decision about groups, and can be undone.
DECISIONS = ("groups.accept", "groups.remove_member", "groups.merge", "groups.rename")
UNDO = "groups.undo"
REDO = "groups.redo"


class GroupingProblem(InsightsError):
    """A grouping action cannot be done as asked."""


@dataclass(frozen=True)
class GroupingSettings:
    threshold: float = DEFAULT_THRESHOLD
    scorer: str = DEFAULT_SCORER
    method: str = DEFAULT_METHOD  # MEANING (by meaning and wording) or WORDING


def settings_of(data: WorkspaceData) -> GroupingSettings:
    """The threshold, scorer and method last used in this workspace (the defaults at first)."""
    saved = data.info.settings.get("grouping", {})
    method = str(saved.get("method", DEFAULT_METHOD))
    return GroupingSettings(
        threshold=float(saved.get("threshold", DEFAULT_THRESHOLD)),
        scorer=str(saved.get("scorer", DEFAULT_SCORER)),
        method=method if method in METHODS else DEFAULT_METHOD,
    )


# -- what the engine works on ---------------------------------------------------------


def accepted_members(data: WorkspaceData) -> set[str]:
    """Highlights in groups a person decided on: the engine leaves them alone."""
    if data.clusters.empty:
        return set()
    accepted = set(data.clusters.loc[data.clusters["status"] == ACCEPTED, "id"])
    members = data.cluster_members
    return set(members.loc[members["cluster_id"].isin(accepted), "highlight_id"])


def eligible(data: WorkspaceData) -> pd.DataFrame:
    """Active highlights the engine may group: feedback (``insights.feedback_marks``), not
    removed, not in an accepted group."""
    active = feedback_only(data.active_highlights, data.info.settings)
    if active.empty:
        return active.reset_index(drop=True)
    return active[~active["id"].isin(accepted_members(data))].reset_index(drop=True)


def compute_merges(
    highlights: pd.DataFrame,
    *,
    scorer: str = DEFAULT_SCORER,
    method: str = DEFAULT_METHOD,
    vectors: np.ndarray | None = None,
    progress: Progress | None = None,
) -> Merges:
    """The engine's merges for these highlights (cache them: any threshold is then instant).

    ``vectors``: the highlights' sentence vectors, in their order (``insights.vectors``
    keeps them in the store); computed here when the method needs them and none are given.
    """
    kwargs = {"progress": progress} if progress is not None else {}
    return build_merges(
        highlights["text"].tolist(),
        highlights["id"].tolist(),
        scorer=scorer,
        method=method,
        vectors=vectors,
        **kwargs,
    )


# -- saving a run -----------------------------------------------------------------------


@dataclass(frozen=True)
class RunSummary:
    groups: int  # groups of two or more
    grouped_highlights: int  # highlights in those groups
    replaced: int  # proposed groups the run replaced
    kept: int  # accepted groups left as they were


def _delete_clusters(act: Action, cluster_ids: Iterable[int]) -> None:
    ids = list(cluster_ids)
    if not ids:
        return
    act.conn.execute(
        delete(schema.cluster_members).where(
            and_(
                schema.cluster_members.c.workspace_id == act.workspace_id,
                schema.cluster_members.c.cluster_id.in_(ids),
            )
        )
    )
    act.conn.execute(delete(schema.clusters).where(schema.clusters.c.id.in_(ids)))


def _insert_cluster(
    act: Action,
    members: list[tuple[str, float]],
    representative: str,
    *,
    status: str,
    label: str = "",
    cluster_id: int | None = None,
) -> int:
    now = utcnow()
    values: dict[str, Any] = {
        "workspace_id": act.workspace_id,
        "representative_id": representative,
        "label": label,
        "status": status,
        "created_at": now,
        "updated_at": now,
    }
    if cluster_id is not None:
        values["id"] = cluster_id
    new_id = act.conn.execute(schema.clusters.insert().values(**values)).inserted_primary_key[0]
    act.conn.execute(
        schema.cluster_members.insert(),
        [
            {
                "workspace_id": act.workspace_id,
                "highlight_id": highlight,
                "cluster_id": new_id,
                "similarity": float(similarity),
            }
            for highlight, similarity in members
        ],
    )
    return int(new_id)


def save_grouping(
    store: Store,
    workspace: str,
    highlights: pd.DataFrame,
    merges: Merges,
    threshold: float,
) -> RunSummary:
    """Replace the proposed groups with the engine's groups at ``threshold``; keep accepted ones.

    ``highlights`` and ``merges`` are what ``eligible`` and ``compute_merges``
    gave; if a person accepted a group meanwhile, its members are skipped.
    """
    if not MIN_THRESHOLD <= threshold <= 100:
        raise GroupingProblem(f"Choose a threshold between {MIN_THRESHOLD:g} and 100.")
    groups = [g for g in groups_from_labels(merges, merges.labels(threshold)) if g.size > 1]
    ids = highlights["id"].tolist()
    with store.action(workspace, "groups.run", subject=f"threshold {threshold:g}") as act:
        clusters = schema.clusters
        rows = act.conn.execute(
            select(clusters.c.id, clusters.c.status).where(
                clusters.c.workspace_id == act.workspace_id
            )
        ).all()
        proposed = [r.id for r in rows if r.status == PROPOSED]
        kept = len(rows) - len(proposed)
        _delete_clusters(act, proposed)
        taken = set(
            act.conn.execute(
                select(schema.cluster_members.c.highlight_id).where(
                    schema.cluster_members.c.workspace_id == act.workspace_id
                )
            ).scalars()
        )
        saved, grouped = 0, 0
        for group in groups:
            members = [(ids[m.position], m.similarity) for m in group.members]
            members = [(h, s) for h, s in members if h not in taken]
            if len(members) < 2:
                continue
            representative = ids[group.representative]
            if representative not in {h for h, _ in members}:
                representative = members[0][0]
            _insert_cluster(act, members, representative, status=PROPOSED)
            saved += 1
            grouped += len(members)
        _save_settings(act, threshold, merges.scorer, merges.method)
        summary = RunSummary(
            groups=saved, grouped_highlights=grouped, replaced=len(proposed), kept=kept
        )
        act.record(
            f"threshold {threshold:g}",
            after={"threshold": threshold, **summary.__dict__},
            action="groups.run",
        )
        return summary


def _save_settings(act: Action, threshold: float, scorer: str, method: str) -> None:
    settings = act.settings()
    settings["grouping"] = {"threshold": threshold, "scorer": scorer, "method": method}
    act.save_settings(settings)


# -- a person's decisions -----------------------------------------------------------------


def _snapshot(act: Action, cluster_ids: Iterable[int]) -> list[dict[str, Any]]:
    """The clusters as they are, members included: what undo puts back."""
    ids = sorted(set(cluster_ids))
    if not ids:
        return []
    c, m = schema.clusters, schema.cluster_members
    rows = act.conn.execute(
        select(c).where(and_(c.c.workspace_id == act.workspace_id, c.c.id.in_(ids)))
    ).mappings()
    members: dict[int, list[list[Any]]] = {}
    for row in act.conn.execute(
        select(m.c.cluster_id, m.c.highlight_id, m.c.similarity)
        .where(and_(m.c.workspace_id == act.workspace_id, m.c.cluster_id.in_(ids)))
        .order_by(m.c.highlight_id)
    ):
        members.setdefault(row.cluster_id, []).append([row.highlight_id, row.similarity])
    return [
        {
            "id": row["id"],
            "label": row["label"],
            "status": row["status"],
            "representative_id": row["representative_id"],
            "members": members.get(row["id"], []),
        }
        for row in rows
    ]


def _cluster(act: Action, cluster_id: int) -> dict[str, Any]:
    found = _snapshot(act, [cluster_id])
    if not found:
        raise GroupingProblem(
            "That group no longer exists; someone may have changed it. The page shows it now."
        )
    return found[0]


def _set_cluster(act: Action, cluster_id: int, **values: Any) -> None:
    act.conn.execute(
        schema.clusters.update()
        .where(schema.clusters.c.id == cluster_id)
        .values(updated_at=utcnow(), **values)
    )


def accept_group(store: Store, workspace: str, cluster_id: int) -> None:
    """Keep this group as it is: later runs of the grouping leave it alone."""
    with store.action(workspace, "groups.accept", subject=str(cluster_id)) as act:
        before = _snapshot(act, [cluster_id])
        _cluster(act, cluster_id)
        _set_cluster(act, cluster_id, status=ACCEPTED)
        act.record(str(cluster_id), before=before, after=_snapshot(act, [cluster_id]))


def rename_group(store: Store, workspace: str, cluster_id: int, label: str) -> None:
    """Say the group's point in a person's words (empty: back to the representative's text)."""
    label = " ".join((label or "").split())
    with store.action(workspace, "groups.rename", subject=str(cluster_id)) as act:
        before = _snapshot(act, [cluster_id])
        _cluster(act, cluster_id)
        _set_cluster(act, cluster_id, label=label, status=ACCEPTED)
        act.record(str(cluster_id), before=before, after=_snapshot(act, [cluster_id]))


def remove_member(store: Store, workspace: str, cluster_id: int, highlight_id: str) -> int:
    """Take a highlight out of a group; it becomes a group of its own. Returns its new group."""
    with store.action(workspace, "groups.remove_member", subject=highlight_id) as act:
        group = _cluster(act, cluster_id)
        members = {h: s for h, s in group["members"]}
        if highlight_id not in members:
            raise GroupingProblem("That highlight is not in this group any more.")
        before = [group]
        act.conn.execute(
            delete(schema.cluster_members).where(
                and_(
                    schema.cluster_members.c.workspace_id == act.workspace_id,
                    schema.cluster_members.c.highlight_id == highlight_id,
                )
            )
        )
        remaining = [h for h in members if h != highlight_id]
        changes: dict[str, Any] = {"status": ACCEPTED}
        if group["representative_id"] == highlight_id and remaining:
            changes["representative_id"] = max(remaining, key=lambda h: (members[h], h))
        _set_cluster(act, cluster_id, **changes)
        alone = _insert_cluster(act, [(highlight_id, 100.0)], highlight_id, status=ACCEPTED)
        act.record(highlight_id, before=before, after=_snapshot(act, [cluster_id, alone]))
        return alone


def merge_groups(store: Store, workspace: str, keep_id: int, other_id: int) -> None:
    """Put two groups together; the first keeps its wording and representative."""
    if keep_id == other_id:
        raise GroupingProblem("Pick two different groups to merge.")
    with store.action(workspace, "groups.merge", subject=f"{other_id} into {keep_id}") as act:
        keep, other = _cluster(act, keep_id), _cluster(act, other_id)
        before = [keep, other]
        act.conn.execute(
            schema.cluster_members.update()
            .where(
                and_(
                    schema.cluster_members.c.workspace_id == act.workspace_id,
                    schema.cluster_members.c.cluster_id == other_id,
                )
            )
            .values(cluster_id=keep_id)
        )
        act.conn.execute(delete(schema.clusters).where(schema.clusters.c.id == other_id))
        _set_cluster(act, keep_id, status=ACCEPTED)
        act.record(f"{other_id} into {keep_id}", before=before, after=_snapshot(act, [keep_id]))


def decision_stacks(store: Store, workspace: str) -> Stacks:
    """Group decisions that can be undone, and undone ones that can be redone."""
    with store.reading() as conn:
        info = store.workspace_in(conn, workspace)
        return stacks(conn, info.id, DECISIONS, UNDO, REDO)


def last_decision(store: Store, workspace: str) -> Step | None:
    """The newest group decision not yet undone (the history ends at a reset)."""
    return decision_stacks(store, workspace).next_undo


def _replace(act: Action, remove: list[dict[str, Any]], restore: list[dict[str, Any]]) -> None:
    """Swap one snapshot of clusters for another, taking back highlights a run gave away."""
    _delete_clusters(act, [c["id"] for c in remove] + [c["id"] for c in restore])
    members = {h for c in restore for h, _ in c["members"]}
    if members:
        stray = act.conn.execute(
            select(schema.cluster_members.c.cluster_id).where(
                and_(
                    schema.cluster_members.c.workspace_id == act.workspace_id,
                    schema.cluster_members.c.highlight_id.in_(members),
                )
            )
        ).scalars()
        _delete_clusters(act, set(stray))
    used = set(act.conn.execute(select(schema.clusters.c.id)).scalars())
    for cluster in restore:
        _insert_cluster(
            act,
            [(h, s) for h, s in cluster["members"]],
            cluster["representative_id"],
            status=cluster["status"],
            label=cluster["label"],
            cluster_id=None if cluster["id"] in used else cluster["id"],
        )


def undo_last(store: Store, workspace: str, *, expected: int | None = None) -> str | None:
    """Undo the newest group decision; returns what was undone, or None if there is nothing.

    ``expected``: the event id of the decision the person saw offered (see ``expected_step``).
    """
    step = expected_step(last_decision(store, workspace), expected, "undo")
    if step is None:
        return None
    with store.action(workspace, UNDO, subject=str(step.event_id)) as act:
        _replace(act, step.after or [], step.before or [])
        act.record(str(step.event_id), before=step.after, after=step.before, action=UNDO)
    return describe(step)


def redo_last(store: Store, workspace: str, *, expected: int | None = None) -> str | None:
    """Do again the group decision undone last; returns what was redone, or None."""
    step = expected_step(decision_stacks(store, workspace).next_redo, expected, "redo")
    if step is None:
        return None
    with store.action(workspace, REDO, subject=str(step.event_id)) as act:
        _replace(act, step.before or [], step.after or [])
        act.record(str(step.event_id), before=step.before, after=step.after, action=REDO)
    return describe(step)


def describe(step: Step) -> str:
    """A decision in words, for the Undo and Redo buttons."""
    return {
        "groups.accept": "accepting a group",
        "groups.rename": "rewording a group",
        "groups.remove_member": "removing a highlight from a group",
        "groups.merge": "merging two groups",
    }.get(step.action, step.action)


# -- every group, counted once ----------------------------------------------------------

KIND_SINGLE = "single"
KIND_REPEATING = "one participant repeating"
KIND_AGREEING = "several participants agreeing"


class GroupRow(NamedTuple):
    """One row of ``group_table``: a group, or a highlight in no group."""

    key: str
    cluster_id: int | None
    status: str
    text: str
    representative_id: str
    highlight_ids: list[str]
    member_texts: list[str]
    mentions: int
    participants: int
    people: list[str]
    segments: dict[str, int]
    focus_areas: list[str]
    kind: str
    feedback: bool = True  # False: every member is "not feedback" (insights.feedback_marks)


GROUP_COLUMNS = list(GroupRow._fields)


@paused_gc()
def group_table(data: WorkspaceData) -> pd.DataFrame:
    """One row per group of active highlights; a highlight in no group is a group of one.

    Columns: key (a group's or a lone highlight's ``InsightKey``), cluster_id, status, text (the
    group's wording), representative_id, highlight_ids, member_texts, mentions, participants,
    people (their names), segments ({segment: unique participants}), focus_areas, kind,
    feedback (False when every member is not feedback: "thanks!", "ok").
    Largest first. One pass over the highlights: it runs on every page view.
    """
    active = data.active_highlights
    if active.empty:
        return pd.DataFrame(columns=GROUP_COLUMNS)
    members = data.cluster_members
    cluster_of = dict(zip(members["highlight_id"], members["cluster_id"], strict=True))
    clusters = data.clusters.set_index("id").to_dict("index") if len(data.clusters) else {}
    cards: dict[str, dict[str, Any]] = {}
    columns = [active[c].tolist() for c in ("id", "text", "participant", "segment", "focus")]
    set_aside = not_feedback_mask(active, data.info.settings).tolist()
    for hid, text, person, segment, focus, aside in zip(*columns, set_aside, strict=True):
        # A note set aside as not feedback is never counted in a group (as in the ranking).
        cluster_id = None if aside else cluster_of.get(hid)
        key = group_key(cluster_id) if cluster_id is not None else highlight_key(hid)
        card = cards.get(key)
        if card is None:
            card = cards[key] = {
                "cluster_id": None if cluster_id is None else int(cluster_id),
                "highlight_ids": [],
                "member_texts": [],
                "people": {},
                "focus": [],
                "feedback": False,
            }
        card["feedback"] = card["feedback"] or not aside
        card["highlight_ids"].append(hid)
        card["member_texts"].append(text)
        if person and person.strip():
            card["people"].setdefault(person, set()).add(segment)
        if focus and focus not in card["focus"]:
            card["focus"].append(focus)
    rows = []
    for key, card in cards.items():
        ids = card["highlight_ids"]
        info = clusters.get(card["cluster_id"]) if card["cluster_id"] is not None else None
        chosen = info["representative_id"] if info else None
        representative = chosen if chosen in ids else ids[0]
        text = (info or {}).get("label") or card["member_texts"][ids.index(representative)]
        segments: dict[str, int] = {}
        for person_segments in card["people"].values():
            for segment in person_segments:
                segments[str(segment)] = segments.get(str(segment), 0) + 1
        participants = len(card["people"])
        mentions = len(ids)
        if mentions == 1:
            kind = KIND_SINGLE
        elif participants <= 1:
            kind = KIND_REPEATING
        else:
            kind = KIND_AGREEING
        rows.append(
            GroupRow(
                key=key,
                cluster_id=card["cluster_id"],
                status=info["status"] if info else "",
                text=text,
                representative_id=representative,
                highlight_ids=ids,
                member_texts=card["member_texts"],
                mentions=mentions,
                participants=participants,
                people=list(card["people"]),
                segments=segments,
                focus_areas=sorted(card["focus"]),
                kind=kind,
                feedback=card["feedback"],
            )
        )
    rows.sort(key=lambda r: (-r.mentions, -r.participants, r.key))
    table = pd.DataFrame(rows, columns=GROUP_COLUMNS)
    table["cluster_id"] = table["cluster_id"].astype(object)
    return table


def fingerprint(highlights: pd.DataFrame, scorer: str, method: str = DEFAULT_METHOD) -> str:
    """A key for the engine's result: the same highlights, scorer and method give the same
    merges."""
    digest = hashlib.sha1(f"{scorer}\x1f{method}".encode())
    for highlight_id, text in zip(highlights["id"], highlights["text"], strict=True):
        digest.update(f"{highlight_id}\x1f{text}\x1e".encode())
    return digest.hexdigest()


def review_queue(table: pd.DataFrame, show: str, search: str = "") -> pd.DataFrame:
    """Groups of two or more to show on the review page: "proposed", "accepted" or "all".

    A search keeps groups whose wording or members mention every word searched.
    """
    groups = table[table["cluster_id"].notna()]
    if show in (PROPOSED, ACCEPTED):
        groups = groups[groups["status"] == show]
    words = search.casefold().split()
    if words:

        def matches(row: pd.Series) -> bool:
            haystack = row["text"].casefold() + " " + " ".join(row["member_texts"]).casefold()
            return all(w in haystack for w in words)

        groups = groups[groups.apply(matches, axis=1)] if len(groups) else groups
    return groups


def add_accepted_group(act: Action, highlight_ids: list[str], label: str = "") -> int:
    """Save a group a person has already made (a bundled sample, say): accepted as it is."""
    if len(highlight_ids) < 2:
        raise GroupingProblem("A group needs at least two highlights.")
    members = [(h, 100.0) for h in highlight_ids]
    return _insert_cluster(act, members, highlight_ids[0], status=ACCEPTED, label=label)


def mark_grouped(act: Action, threshold: float, scorer: str, method: str) -> None:
    """Record that the grouping has run, at this threshold, with this scorer and method."""
    _save_settings(act, threshold, scorer, method)

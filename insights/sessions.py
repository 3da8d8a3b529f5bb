"""Synthesis sessions: a saved snapshot of where things stood, and what changed since.

"Save session" keeps the ranking (themes and groups), the votes, the
decisions and which theme each highlight was in. The next session opens
with what changed since: new highlights, cards that moved theme, insights
whose rank changed, new or changed decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import select

from insights import schema
from insights.errors import InsightsError
from insights.people import current_actor
from insights.store import Action, Store, WorkspaceData, as_utc, utcnow

GROUPS_KEPT = 300  # the top groups whose rank is remembered


class SessionProblem(InsightsError):
    """A session cannot be saved as asked."""


def _ranking(ranked: pd.DataFrame, limit: int | None = None) -> list[list[Any]]:
    rows = ranked.head(limit) if limit else ranked
    return [
        [key, title, rank, round(float(score), 2)]
        for rank, (key, title, score) in enumerate(
            zip(rows["key"], rows["title"], rows["score"], strict=True), start=1
        )
    ]


def snapshot(
    data: WorkspaceData, themes_ranked: pd.DataFrame, groups_ranked: pd.DataFrame
) -> dict[str, Any]:
    """Where things stand: what a saved session keeps."""
    names = dict(zip(data.themes["id"], data.themes["name"], strict=True))
    active = set(data.active_highlights["id"])
    return {
        "ranking": {
            "theme": _ranking(themes_ranked),
            "group": _ranking(groups_ranked, GROUPS_KEPT),
        },
        "votes": {
            k: int(v) for k, v in zip(data.votes["insight_key"], data.votes["votes"], strict=True)
        },
        "decisions": {
            k: [d, n]
            for k, d, n in zip(
                data.decisions["insight_key"],
                data.decisions["decision"],
                data.decisions["note"],
                strict=True,
            )
        },
        "themes": {
            h: names.get(t, "")
            for h, t in zip(
                data.assignments["highlight_id"], data.assignments["theme_id"], strict=True
            )
            if h in active
        },
        "highlights": sorted(active),
    }


def save_session(store: Store, workspace: str, name: str, state: dict[str, Any]) -> int:
    """Keep a snapshot under a name ("Workshop 3 March"); returns its id."""
    name = " ".join((name or "").split())
    if not name:
        raise SessionProblem("Give the session a name, for example “Synthesis 12 March”.")
    with store.action(workspace, "workshop.save", subject=name) as act:
        return keep_session(act, name, state)


def keep_session(act: Action, name: str, state: dict[str, Any]) -> int:
    """``save_session`` inside an action already open."""
    name = " ".join((name or "").split())
    if not name:
        raise SessionProblem("Give the session a name, for example “Synthesis 12 March”.")
    session_id = act.conn.execute(
        schema.workshop_sessions.insert().values(
            workspace_id=act.workspace_id,
            name=name[:200],
            saved_at=utcnow(),
            saved_by=current_actor(),
            snapshot=state,
        )
    ).inserted_primary_key[0]
    act.record(name, after={"session_id": session_id}, action="workshop.save")
    return int(session_id)


@dataclass(frozen=True)
class SavedSession:
    id: int
    name: str
    saved_at: Any
    snapshot: dict[str, Any]
    saved_by: str = ""  # empty for sessions saved before release 0.6


def last_session(store: Store, workspace: str) -> SavedSession | None:
    """The most recently saved session of a workspace."""
    sessions = schema.workshop_sessions
    with store.reading() as conn:
        info = store.workspace_in(conn, workspace)
        row = (
            conn.execute(
                select(sessions)
                .where(sessions.c.workspace_id == info.id)
                .order_by(sessions.c.id.desc())
                .limit(1)
            )
            .mappings()
            .one_or_none()
        )
    if row is None:
        return None
    return SavedSession(
        row["id"],
        row["name"],
        as_utc(row["saved_at"]),
        dict(row["snapshot"]),
        row["saved_by"] or "",
    )


@dataclass(frozen=True)
class Changes:
    new_highlights: list[str] = field(default_factory=list)  # ids
    moved: list[tuple[str, str, str]] = field(default_factory=list)  # (highlight, from, to)
    rank_changes: list[tuple[str, str, int | None, int | None]] = field(default_factory=list)
    decision_changes: list[tuple[str, str, str]] = field(default_factory=list)  # (key, before, now)

    @property
    def any(self) -> bool:
        return bool(self.new_highlights or self.moved or self.rank_changes or self.decision_changes)


def changes_since(before: dict[str, Any], now: dict[str, Any], level: str = "theme") -> Changes:
    """What changed between a saved snapshot and the present one."""
    old_ids = set(before.get("highlights", []))
    new_highlights = [h for h in now.get("highlights", []) if h not in old_ids]
    old_themes, new_themes = before.get("themes", {}), now.get("themes", {})
    moved = [
        (h, old_themes.get(h, ""), new_themes.get(h, ""))
        for h in sorted(set(old_themes) | set(new_themes))
        if h in old_ids and old_themes.get(h, "") != new_themes.get(h, "")
    ]
    old_rank = {
        key: (title, rank) for key, title, rank, _ in before.get("ranking", {}).get(level, [])
    }
    new_rank = {key: (title, rank) for key, title, rank, _ in now.get("ranking", {}).get(level, [])}
    rank_changes = []
    for key in list(new_rank) + [k for k in old_rank if k not in new_rank]:
        was = old_rank.get(key, (None, None))[1]
        is_ = new_rank.get(key, (None, None))[1]
        if was != is_:
            title = (new_rank.get(key) or old_rank.get(key))[0]
            rank_changes.append((key, title, was, is_))
    old_decisions, new_decisions = before.get("decisions", {}), now.get("decisions", {})
    decision_changes = [
        (
            key,
            " — ".join(filter(None, old_decisions.get(key, ["", ""]))),
            " — ".join(filter(None, new_decisions[key])),
        )
        for key in new_decisions
        if old_decisions.get(key) != new_decisions[key]
    ]
    return Changes(new_highlights, moved, rank_changes, decision_changes)

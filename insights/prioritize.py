"""Insights, their counts and their priority.

An insight is a theme, and within it each group of near-duplicates (a
highlight in no group is a group of one). Both levels are counted from the
same evidence, one row per active highlight, so a group counts once, with
its mentions and its unique participants, and removed highlights never count.

The priority score is a weighted average of five parts, each from 0 to 1,
scaled to 0-100 (``FORMULA`` says it in words; the weights are saved with the
workspace):

- participants: the share of the people in view who said it;
- breadth: the share of the segments in view it comes from;
- votes: its dot votes, compared with the most-voted insight at its level;
- severity: what a person rated it, 1 to 5 (3 until rated);
- recency: how late in the study its interviews were, on average.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from insights.model import HIGHLIGHT_FIELDS
from insights.perf import paused_gc
from insights.store import WorkspaceData

DEFAULT_SEVERITY = 3
THEME = "theme"
GROUP = "group"


@dataclass(frozen=True)
class Weights:
    participants: float = 0.35
    breadth: float = 0.20
    votes: float = 0.20
    severity: float = 0.15
    recency: float = 0.10

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Weights:
        saved = settings.get("priority_weights") or {}
        values = {f.name: float(saved.get(f.name, getattr(cls(), f.name))) for f in fields(cls)}
        return cls(**values)

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    @property
    def total(self) -> float:
        return sum(self.as_dict().values())


PARTS = {
    "participants": "the share of the people in view who said it",
    "breadth": "the share of the segments in view it comes from",
    "votes": "its votes compared with the most-voted insight",
    "severity": "its severity, rated 1 to 5 (3 until rated)",
    "recency": "how recent its interviews are within the study",
}


def formula(weights: Weights) -> str:
    """The score in plain words, with the weights in use."""
    total = weights.total or 1.0
    parts = ", ".join(
        f"{PARTS[name]} ({value / total:.0%})" for name, value in weights.as_dict().items() if value
    )
    return f"Priority (0–100) is a weighted average of {parts}."


def evidence(data: WorkspaceData) -> pd.DataFrame:
    """One row per active highlight with its theme and its group: what every count is made of."""
    active = data.active_highlights
    columns = [
        *HIGHLIGHT_FIELDS,
        "date",
        "theme_id",
        "theme",
        "group_key",
        "group_text",
    ]
    if active.empty:
        return pd.DataFrame(columns=columns)
    with paused_gc():
        frame = active[list(HIGHLIGHT_FIELDS)].copy()
        frame["date"] = pd.to_datetime(frame["interview_date"], errors="coerce")
        theme_of = dict(
            zip(data.assignments["highlight_id"], data.assignments["theme_id"], strict=True)
        )
        names = dict(zip(data.themes["id"], data.themes["name"], strict=True))
        cluster_of = dict(
            zip(
                data.cluster_members["highlight_id"],
                data.cluster_members["cluster_id"],
                strict=True,
            )
        )
        ids = frame["id"].tolist()
        # a group's members share its theme: the one most of them are in
        group_keys = [
            f"cluster:{cluster_of[h]}" if h in cluster_of else f"highlight:{h}" for h in ids
        ]
        frame["group_key"] = group_keys
        frame["raw_theme"] = pd.array([theme_of.get(h) for h in ids], dtype="Int64")
        in_theme = frame.dropna(subset=["raw_theme"])
        votes = in_theme.groupby(["group_key", "raw_theme"]).size().reset_index(name="n")
        majority = (
            votes.sort_values(["group_key", "n", "raw_theme"], ascending=[True, False, True])
            .drop_duplicates("group_key")
            .set_index("group_key")["raw_theme"]
        )
        frame["theme_id"] = frame["group_key"].map(majority).astype("Int64")
        frame["theme"] = frame["theme_id"].map(names).astype(object)
        labels = data.clusters.set_index("id")["label"].to_dict() if len(data.clusters) else {}
        reps = (
            data.clusters.set_index("id")["representative_id"].to_dict()
            if len(data.clusters)
            else {}
        )
        text_of = dict(zip(ids, frame["text"], strict=True))
        group_text = []
        for key, own in zip(group_keys, frame["text"], strict=True):
            if key.startswith("cluster:"):
                cid = int(key[8:])
                group_text.append(labels.get(cid) or text_of.get(reps.get(cid), own))
            else:
                group_text.append(own)
        frame["group_text"] = group_text
    return frame[columns]


def _recency(dates: pd.Series) -> pd.Series:
    known = dates.dropna()
    if known.empty or known.min() == known.max():
        return pd.Series(0.5, index=dates.index)
    span = (known.max() - known.min()).total_seconds()
    return ((dates - known.min()).dt.total_seconds() / span).fillna(0.5)


@dataclass(frozen=True)
class Scope:
    """Who is in view: the denominators of the shares."""

    participants: int
    segments: int

    @classmethod
    def of(cls, people: pd.DataFrame) -> Scope:
        named = people[people["participant"].fillna("").str.strip() != ""]
        return cls(
            participants=int(named["participant"].nunique()),
            segments=int(named["segment"].replace("", pd.NA).dropna().nunique()),
        )


def _badge(
    mentions: int, top_share: float, top_person: str, segments: dict[str, int], people: int
) -> tuple[str, str]:
    """(level, words): "thin", "caution" or "broad"."""
    if mentions <= 1:
        return "thin", "One mention only"
    if top_share > 0.5 and people >= 1:
        count = round(top_share * mentions)
        return "caution", f"Mostly one voice: {top_person} gives {count} of {mentions} mentions"
    if len(segments) == 1 and people >= 1:
        return "caution", f"All from one segment: {next(iter(segments))}"
    return "broad", f"{people} participants across {len(segments)} segments"


def rank(
    seen: pd.DataFrame,
    level: str,
    *,
    scope: Scope,
    data: WorkspaceData,
    weights: Weights,
    roadmap_status: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Insights at one level ("theme" or "group") from the evidence in view, best first.

    Columns: key, theme_id, theme, title, mentions, points, participants,
    participant_share, segments, segment_count, focus_areas, votes, severity,
    recency, score, roadmap_status, decision, note, badge_level, badge, and the
    parts of the score.
    """
    columns = [
        "key",
        "theme_id",
        "theme",
        "title",
        "mentions",
        "points",
        "participants",
        "participant_share",
        "segments",
        "segment_count",
        "focus_areas",
        "votes",
        "severity",
        "recency",
        "score",
        "roadmap_status",
        "decision",
        "note",
        "badge_level",
        "badge",
        "part_participants",
        "part_breadth",
        "part_votes",
        "part_severity",
        "part_recency",
    ]
    frame = seen if level == GROUP else seen[seen["theme_id"].notna()]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    with paused_gc():
        frame = frame.assign(
            key=(
                frame["group_key"] if level == GROUP else "theme:" + frame["theme_id"].astype(str)
            ),
            recency=_recency(frame["date"]),
            person=frame["participant"].fillna("").str.strip(),
        )
        grouped = frame.groupby("key", sort=False)
        table = pd.DataFrame(
            {
                "theme_id": grouped["theme_id"].first(),
                "theme": grouped["theme"].first(),
                "title": grouped["group_text"].first()
                if level == GROUP
                else grouped["theme"].first(),
                "mentions": grouped.size(),
                "points": grouped["group_key"].nunique(),
                "recency": grouped["recency"].mean(),
            }
        )
        named = frame[frame["person"] != ""]
        table["participants"] = (
            named.groupby("key")["person"].nunique().reindex(table.index).fillna(0).astype(int)
        )
        per_person = named.groupby(["key", "person"]).size().reset_index(name="n")
        loudest = per_person.sort_values(["key", "n", "person"], ascending=[True, False, True])
        loudest = loudest.drop_duplicates("key").set_index("key")
        top = loudest["n"].reindex(table.index).fillna(0)
        top_name = loudest["person"].reindex(table.index).fillna("")
        per_segment = named[named["segment"] != ""].groupby(["key", "segment"])["person"].nunique()
        segments: dict[str, dict[str, int]] = {}
        for (key, segment), count in per_segment.items():
            segments.setdefault(key, {})[segment] = int(count)
        focus: dict[str, list[str]] = {}
        pairs = frame.loc[frame["focus"] != "", ["key", "focus"]].drop_duplicates()
        for key, area in zip(pairs["key"].tolist(), pairs["focus"].tolist(), strict=True):
            focus.setdefault(key, []).append(area)
        table["segments"] = [segments.get(k, {}) for k in table.index]
        table["segment_count"] = [len(segments.get(k, {})) for k in table.index]
        table["focus_areas"] = [sorted(focus.get(k, [])) for k in table.index]
        votes = dict(zip(data.votes["insight_key"], data.votes["votes"], strict=True))
        ratings = dict(
            zip(data.insight_ratings["insight_key"], data.insight_ratings["severity"], strict=True)
        )
        decisions = data.decisions.set_index("insight_key") if len(data.decisions) else None
        table["votes"] = [int(votes.get(k, 0)) for k in table.index]
        table["severity"] = [int(ratings.get(k, DEFAULT_SEVERITY)) for k in table.index]
        table["decision"] = [
            decisions.at[k, "decision"] if decisions is not None and k in decisions.index else ""
            for k in table.index
        ]
        table["note"] = [
            decisions.at[k, "note"] if decisions is not None and k in decisions.index else ""
            for k in table.index
        ]
        status = roadmap_status or {}
        table["roadmap_status"] = [status.get(k, "") for k in table.index]

        most_votes = max(table["votes"].max(), 0)
        table["participant_share"] = (
            table["participants"] / scope.participants if scope.participants else 0.0
        )
        table["part_participants"] = table["participant_share"].clip(0, 1)
        table["part_breadth"] = (
            (table["segment_count"] / scope.segments).clip(0, 1) if scope.segments else 0.0
        )
        table["part_votes"] = table["votes"] / most_votes if most_votes else 0.0
        table["part_severity"] = (table["severity"] - 1) / 4
        table["part_recency"] = table["recency"]
        w = weights.as_dict()
        total = weights.total or 1.0
        table["score"] = 100 * sum(w[name] * table[f"part_{name}"] for name in w) / total
        badges = [
            _badge(int(m), (t / m) if m else 0.0, str(n), s, int(p))
            for m, t, n, s, p in zip(
                table["mentions"],
                top,
                top_name,
                table["segments"],
                table["participants"],
                strict=True,
            )
        ]
        table["badge_level"] = [b[0] for b in badges]
        table["badge"] = [b[1] for b in badges]
        table = table.reset_index().rename(columns={"index": "key"})
        table = table.sort_values(
            ["score", "participants", "mentions", "key"], ascending=[False, False, False, True]
        ).reset_index(drop=True)
    return table[columns]


def quotes(seen: pd.DataFrame, key: str) -> pd.DataFrame:
    """The highlights behind an insight (a theme or a group), for the drill-down."""
    if key.startswith("theme:"):
        picked = seen[seen["theme_id"] == int(key.split(":", 1)[1])]
    else:
        picked = seen[seen["group_key"] == key]
    return picked.sort_values(["date", "participant", "id"], na_position="last")[
        ["id", "participant", "segment", "interview_date", "text", "source_url"]
    ]


def theme_segment_matrix(seen: pd.DataFrame, value: str = "participants") -> pd.DataFrame:
    """Themes × segments: unique participants (or mentions) in each cell."""
    framed = seen[seen["theme_id"].notna() & (seen["segment"] != "")]
    if framed.empty:
        return pd.DataFrame()
    if value == "mentions":
        matrix = framed.groupby(["theme", "segment"]).size()
    else:
        matrix = framed.groupby(["theme", "segment"])["participant"].nunique()
    return matrix.unstack(fill_value=0).astype(int)


def weights_problem(values: dict[str, float]) -> str | None:
    """Why these weights cannot be saved, or None."""
    if any(v < 0 for v in values.values()):
        return "Weights cannot be negative."
    if not np.isclose(sum(values.values()), 0) and sum(values.values()) > 0:
        return None
    return "At least one weight must be above zero."

"""The roadmap against the evidence: aligned items, gaps and unsupported bets.

A link says "this insight is evidence for this roadmap item". Links are
suggested by the similarity of the insight's notes to the item's name,
description and area (the theme suggestions' ``insights.suggest.similarity``:
shared content words, or the same meaning) and become real only when a
person confirms them; a person can
also remove a link, dismiss a suggestion for good, or add a link by hand.

- aligned: roadmap items with evidence linked to them;
- gaps: insights with strong evidence (``STRONG_PARTICIPANTS`` people or more)
  and no roadmap item;
- unsupported bets: roadmap items with no evidence linked at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from insights.filters import rows_of_insight
from insights.model import RoadmapStatus, is_theme_key, theme_key
from insights.store import WorkspaceData

CONFIRMED = "confirmed"
MANUAL = "manual"
DISMISSED = "dismissed"
REAL = (CONFIRMED, MANUAL)

SUGGEST_SCORE = 55.0  # below this, no suggestion
SUGGESTIONS_PER_INSIGHT = 2
STRONG_PARTICIPANTS = 3  # a gap needs at least this many people saying it

# Better statuses first: an insight shows the most advanced of its items.
STATUS_ORDER = [
    RoadmapStatus.SHIPPED.value,
    RoadmapStatus.IN_PROGRESS.value,
    RoadmapStatus.PLANNED.value,
    RoadmapStatus.IDEA.value,
]
NO_ITEM = "no roadmap item"


def best_status(statuses: list[str]) -> str:
    ranked = sorted(
        statuses, key=lambda s: STATUS_ORDER.index(s) if s in STATUS_ORDER else len(STATUS_ORDER)
    )
    return ranked[0] if ranked else ""


def real_links(data: WorkspaceData) -> pd.DataFrame:
    links = data.insight_roadmap_links
    items = set(data.active_roadmap["id"]) if len(data.active_roadmap) else set()
    if links.empty:
        return links
    return links[links["origin"].isin(REAL) & links["roadmap_item_id"].isin(items)]


def insight_status(data: WorkspaceData, seen: pd.DataFrame) -> dict[str, str]:
    """Each insight's roadmap status: its own links, and a theme also its groups' links."""
    links = real_links(data)
    if links.empty:
        return {}
    status_of = dict(zip(data.active_roadmap["id"], data.active_roadmap["status"], strict=True))
    per_key: dict[str, list[str]] = {}
    for key, item in zip(links["insight_key"], links["roadmap_item_id"], strict=True):
        per_key.setdefault(key, []).append(status_of.get(item, ""))
    theme_of_group = (
        seen.drop_duplicates("group_key")
        .dropna(subset=["theme_id"])
        .set_index("group_key")["theme_id"]
    )
    for key, statuses in list(per_key.items()):
        if key in theme_of_group.index:
            per_key.setdefault(theme_key(theme_of_group[key]), []).extend(statuses)
    return {key: best_status(statuses) for key, statuses in per_key.items()}


LINK_METHOD = "meaning"  # measured on the sample: see docs/benchmarks.md


def link_scores(texts: list[str], item_texts: list[str], method: str = LINK_METHOD) -> np.ndarray:
    """How alike each insight's text is to each roadmap item's (0 to 100, below
    SUGGEST_SCORE as 0): the same similarity as theme suggestions."""
    from insights.suggest import similarity

    return similarity(texts, item_texts, cutoff=SUGGEST_SCORE, method=method)


@dataclass(frozen=True)
class LinkSuggestion:
    insight_key: str
    item_id: str
    score: float


def suggest_links(
    data: WorkspaceData, insights: pd.DataFrame, seen: pd.DataFrame
) -> list[LinkSuggestion]:
    """Likely links for ``insights`` (rows of ``prioritize.rank``), best first, never one
    a person confirmed, added or dismissed already."""
    items = data.active_roadmap
    if items.empty or insights.empty:
        return []
    item_texts = [f"{r.item} {r.item} {r.description} {r.area}" for r in items.itertuples()]
    texts = []
    for key, title in zip(insights["key"], insights["title"], strict=True):
        rows = rows_of_insight(seen, key)
        if is_theme_key(key):
            notes = rows["group_text"].unique()[:20]
        else:
            notes = rows["text"].tolist()[:20]
        texts.append(f"{title} {' '.join(notes)}")
    scores = link_scores(texts, item_texts)
    known = data.insight_roadmap_links
    taken = (
        set(zip(known["insight_key"], known["roadmap_item_id"], strict=True))
        if len(known)
        else set()
    )
    found = []
    for row, key in enumerate(insights["key"]):
        best = np.argsort(-scores[row], kind="stable")[:SUGGESTIONS_PER_INSIGHT]
        for column in best:
            score = float(scores[row, column])
            item = items["id"].iloc[column]
            if score >= SUGGEST_SCORE and (key, item) not in taken:
                found.append(LinkSuggestion(key, item, score))
    return sorted(found, key=lambda s: (-s.score, s.insight_key, s.item_id))


def _highlights_of(key: str, seen: pd.DataFrame) -> set[str]:
    return set(rows_of_insight(seen, key)["id"])


def aligned(data: WorkspaceData, seen: pd.DataFrame) -> pd.DataFrame:
    """Roadmap items with evidence: the insights linked, and the mentions and people behind them."""
    links = real_links(data)
    rows = []
    by_id = data.active_roadmap.set_index("id") if len(data.active_roadmap) else None
    for item_id, part in links.groupby("roadmap_item_id") if len(links) else []:
        behind: set[str] = set()
        for key in part["insight_key"]:
            behind |= _highlights_of(key, seen)
        if not behind:
            continue
        people = seen[seen["id"].isin(behind)]
        item = by_id.loc[item_id]
        rows.append(
            {
                "item_id": item_id,
                "item": item["item"],
                "status": item["status"],
                "target_quarter": item["target_quarter"],
                "insights": len(part),
                "mentions": len(behind),
                "participants": int(people["participant"].replace("", pd.NA).dropna().nunique()),
                "segments": int(people["segment"].replace("", pd.NA).dropna().nunique()),
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "item_id",
            "item",
            "status",
            "target_quarter",
            "insights",
            "mentions",
            "participants",
            "segments",
        ],
    )
    return frame.sort_values(
        ["participants", "mentions", "item"], ascending=[False, False, True]
    ).reset_index(drop=True)


def gaps(insights: pd.DataFrame) -> pd.DataFrame:
    """Insights with strong evidence and no roadmap item, best first."""
    if insights.empty:
        return insights
    strong = insights["participants"] >= STRONG_PARTICIPANTS
    return insights[strong & (insights["roadmap_status"] == "")].reset_index(drop=True)


def unsupported(data: WorkspaceData, seen: pd.DataFrame) -> pd.DataFrame:
    """Roadmap items with no evidence linked to them (in view)."""
    items = data.active_roadmap
    if items.empty:
        return items
    with_evidence = set(aligned(data, seen)["item_id"])
    left = items[~items["id"].isin(with_evidence)]
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    return (
        left.assign(_order=left["status"].map(order).fillna(len(order)))
        .sort_values(["_order", "item"])
        .drop(columns="_order")[["id", "item", "status", "target_quarter", "owner", "area"]]
    )


def coverage(data: WorkspaceData, seen: pd.DataFrame) -> pd.DataFrame:
    """How much evidence (mentions) sits behind items of each status, and behind none."""
    links = real_links(data)
    status_of = dict(zip(data.active_roadmap["id"], data.active_roadmap["status"], strict=True))
    best: dict[str, str] = {}
    for key, item in (
        zip(links["insight_key"], links["roadmap_item_id"], strict=True) if len(links) else []
    ):
        for highlight in _highlights_of(key, seen):
            best[highlight] = best_status([best.get(highlight, ""), status_of.get(item, "")])
    statuses = seen["id"].map(lambda h: best.get(h) or NO_ITEM)
    counts = statuses.value_counts()
    order = [*STATUS_ORDER, NO_ITEM]
    total = int(counts.sum())
    return pd.DataFrame(
        {
            "status": order,
            "mentions": [int(counts.get(s, 0)) for s in order],
            "share": [(counts.get(s, 0) / total) if total else 0.0 for s in order],
        }
    )

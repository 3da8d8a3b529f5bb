"""Insights, their counts and their priority.

An insight is a theme, and within it each group of near-duplicates (a
highlight in no group is a group of one). Both levels are counted from the
same evidence, one row per active highlight, so a group counts once, with
its mentions and its unique participants, and removed highlights never count.

The priority score follows the people. Its spine is the number of distinct
participants behind an insight, on a log scale: ``1 + log2(participants)``,
so twice the people always adds the same (1 to 2 as much as 20 to 40). Four
tie-breakers add at most their weight each, in the same unit (one doubling
of the people):

- breadth: the share of the segments in view it comes from;
- votes: its dot votes, ``votes / (votes + 4)``: each dot adds less than the
  one before, and no count of dots reaches a full doubling;
- severity: what a person rated it, 1 to 5 (3 until rated);
- recency: how late in the study its interviews were, on average.

At the default weights the tie-breakers add up to 0.9, less than the
participants' weight (1), so no mix of spread, votes, severity and recency
lifts an insight above one with twice the people; within that, they decide.
The sum is scaled to 0-100 against the largest insight in view with every
tie-breaker at full, so one dot moves a score by at most ``vote_step_bound``
points (4.2 at the defaults). ``formula`` says all this in words.

Why this and not a weighted average of the share of the largest insight
(linear or log-scaled): measured with bench/score_formula.py on the sample
study and on 3,008 banking77 queries as notes from 530 people (numbers in
docs/benchmarks.md), all three put a five-person group above every single
note at rest (the old score had it at #2744, and a copied post at #1). But
in a weighted average a doubling of the people is worth less the larger the
largest insight is, while votes and ratings keep their full range: ten dots
on one note lifted it over insights with twice its people (82 such pairs
with the linear share, 20 with the log share, 0 here). Here a doubling is
worth 1 at any size and the tie-breakers less than 1 together, so the rule
holds by construction (tests/unit/test_priority_rules.py checks it).

Verbatim copies are counted once. When participants wrote the same words
(case, punctuation and spacing aside, at least ``MIN_COPY_WORDS`` words: a
copied post, not two people saying "too expensive"), the first copy counts
and the others are flagged "copied text" until a person confirms that they
are separate voices (``decisions.count_copies_separately``); the confirmed
highlight ids are kept in the workspace settings under ``SEPARATE_VOICES``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from insights.feedback_marks import feedback_only
from insights.filters import InsightFilter, rows_of_insight
from insights.model import (
    HIGHLIGHT_FIELDS,
    InsightKey,
    InsightKind,
    group_key,
    highlight_key,
    is_group_key,
)
from insights.perf import paused_gc
from insights.roadmap import insight_status, real_links
from insights.store import WorkspaceData
from insights.theme_assignment import majority_themes
from insights.wording import plural

DEFAULT_SEVERITY = 3
THEME = "theme"
GROUP = "group"

# Weights saved before the score followed the people meant something else:
# they are read only when saved with this version of the formula.
FORMULA_VERSION = 2
VOTES_FOR_HALF = 4  # the votes part is votes / (votes + 4): half full at 4 dots
MIN_COPY_WORDS = 12  # shorter texts are often the same short question, not a copy
SEPARATE_VOICES = "separate_voices"  # settings: highlight ids confirmed as separate voices


@dataclass(frozen=True)
class Weights:
    """How much each part of the score weighs; tie-breakers in doublings of the people."""

    participants: float = 1.0
    breadth: float = 0.15
    votes: float = 0.4
    severity: float = 0.3
    recency: float = 0.05

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Weights:
        saved = settings.get("priority_weights") or {}
        if saved.get("formula") != FORMULA_VERSION:
            saved = {}  # weights of the earlier formula: they do not mean the same here
        values = {f.name: float(saved.get(f.name, getattr(cls(), f.name))) for f in fields(cls)}
        return cls(**values)

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    @property
    def tie_breakers(self) -> float:
        """The most the four tie-breakers can add together."""
        return self.breadth + self.votes + self.severity + self.recency


def earlier_weights_ignored(settings: dict[str, Any]) -> bool:
    """Whether the workspace holds weights saved for the earlier formula (now set aside)."""
    saved = settings.get("priority_weights") or {}
    return bool(saved) and saved.get("formula") != FORMULA_VERSION


PARTS = {
    "participants": "the number of people who said it, log-scaled: twice the people adds "
    "the same at any size",
    "breadth": "the share of the segments in view it comes from",
    "votes": "its dot votes; each adds less than the one before",
    "severity": "its severity, rated 1 to 5 (3 until rated)",
    "recency": "how recent its interviews are within the study",
}


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def formula(weights: Weights) -> str:
    """The score in plain words, with the weights in use."""
    extras = [
        f"{name} {value:g}"
        for name, value in weights.as_dict().items()
        if name != "participants" and value
    ]
    if not weights.participants:
        alone = [n for n, v in weights.as_dict().items() if v]
        what = (
            f"{alone[0]} alone" if len(extras) == 1 else f"a weighted average of {_listed(extras)}"
        )
        return f"Priority (0–100) is {what}; the number of participants does not count."
    text = (
        f"Priority (0–100) follows the people: 1 + log2(participants) (weight "
        f"{weights.participants:g}), so twice the people always adds the same."
    )
    if extras:
        listed = _listed(extras)
        text += (
            f" {listed[0].upper()}{listed[1:]} add at most their weight each, "
            f"{weights.tie_breakers:g} together: "
        )
        if weights.tie_breakers < weights.participants:
            text += (
                "less than twice the people, so they break ties and never lift an insight "
                "above one with twice the participants."
            )
        else:
            text += (
                "as much as twice the people or more, so they can lift an insight above one "
                "with twice the participants."
            )
    return text + " 100 is the largest insight in view with everything at full."


def vote_step_bound(weights: Weights) -> float:
    """The most one dot vote can move a score, in points (the first dot moves it most)."""
    most = weights.participants + weights.tie_breakers
    return 100 * weights.votes / (1 + VOTES_FOR_HALF) / most if most else 0.0


def people_scale(participants: pd.Series | np.ndarray) -> np.ndarray:
    """1 + log2(participants): 1 for one person, 2 for two, 3 for four; 0 when no one is named."""
    counts = np.asarray(participants, dtype=float)
    return np.log2(2 * np.maximum(counts, 0.5))


def votes_part(votes: pd.Series | np.ndarray) -> np.ndarray:
    """votes / (votes + 4): 0.2 for one dot, 0.5 for four, never 1."""
    counts = np.maximum(np.asarray(votes, dtype=float), 0)
    return counts / (counts + VOTES_FOR_HALF)


_WORD = re.compile(r"\w+")
_APOSTROPHES = str.maketrans({"’": "", "‘": "", "`": "", "´": "", "'": ""})


def all_copies(texts: list[str]) -> bool:
    """Whether these texts are one text copied (the same words, long enough to call a copy)."""
    keys = {copy_key(t) for t in texts}
    return len(keys) == 1 and "" not in keys


@lru_cache(maxsize=200_000)
def copy_key(text: str) -> str:
    """The text's words, case, punctuation and spacing aside; "" when too short to call a copy.

    Lighter than ``textnorm.normalize`` on purpose: "Honestly, the price is fair" and
    "The price is fair" are two people saying one thing, not a copy. Cached: the
    evidence is rebuilt after every drag, the texts seldom change.
    """
    value = text or ""
    if not value.isascii():
        value = unicodedata.normalize("NFKC", value).translate(_APOSTROPHES)
    found = _WORD.findall(value.casefold().replace("'", "").replace("`", ""))
    return " ".join(found) if len(found) >= MIN_COPY_WORDS else ""


def separate_voices(settings: dict[str, Any]) -> frozenset[str]:
    """Highlights a person confirmed as separate voices though they copy another's words."""
    return frozenset(str(h) for h in settings.get(SEPARATE_VOICES) or ())


def evidence(data: WorkspaceData) -> pd.DataFrame:
    """One row per active highlight that is feedback, with its theme, its group and its
    ``copy_key``: what every count is made of. Notes that are not feedback ("thanks!", "ok";
    ``insights.feedback_marks``) are never counted or ranked."""
    active = feedback_only(data.active_highlights, data.info.settings)
    columns = [
        *HIGHLIGHT_FIELDS,
        "date",
        "theme_id",
        "theme",
        "group_key",
        "group_text",
        "copy_key",
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
            group_key(cluster_of[h]) if h in cluster_of else highlight_key(h) for h in ids
        ]
        frame["group_key"] = group_keys
        frame["raw_theme"] = pd.array([theme_of.get(h) for h in ids], dtype="Int64")
        majority = majority_themes(frame["group_key"], frame["raw_theme"])
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
            if is_group_key(key):
                cid = InsightKey.parse(key).number
                group_text.append(labels.get(cid) or text_of.get(reps.get(cid), own))
            else:
                group_text.append(own)
        frame["group_text"] = group_text
        frame["copy_key"] = [copy_key(t) for t in frame["text"].tolist()]
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


COLUMNS = [
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
    "copies",
    "badge_level",
    "badge",
    "part_participants",
    "part_breadth",
    "part_votes",
    "part_severity",
    "part_recency",
]


def _keyed(seen: pd.DataFrame, level: str) -> pd.DataFrame:
    """The evidence at one level: each row with its insight's key, its recency and its person."""
    frame = seen if level == GROUP else seen[seen["theme_id"].notna()]
    frame = frame.reset_index(drop=True)
    if "copy_key" not in frame.columns:
        frame = frame.assign(copy_key=[copy_key(t) for t in frame["text"].tolist()])
    return frame.assign(
        key=(
            frame["group_key"]
            if level == GROUP
            else InsightKind.THEME.prefix + frame["theme_id"].astype(str)
        ),
        recency=_recency(frame["date"]),
        person=frame["participant"].fillna("").str.strip(),
    )


def _copy_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows whose words another participant wrote too, within the same insight."""
    named = frame[(frame["copy_key"] != "") & (frame["person"] != "")]
    named = named[named["copy_key"].duplicated(keep=False)]  # cheap: most words are unique
    if named.empty:
        return named
    people = named.groupby(["key", "copy_key"])["person"].transform("nunique")
    return named[people >= 2]


def _counted(frame: pd.DataFrame, copies: pd.DataFrame, confirmed: Iterable[str]) -> pd.Series:
    """Which rows count: all but copies of another participant's words not yet confirmed.

    In each set of copies (``_copy_rows``) the confirmed ones count; until one is
    confirmed, the earliest counts, once.
    """
    counted = pd.Series(True, index=frame.index)
    if copies.empty:
        return counted
    sets = ["key", "copy_key"]
    ok = copies["id"].astype(str).isin(set(confirmed))
    any_ok = ok.groupby([copies["key"], copies["copy_key"]]).transform("any")
    earliest = ~copies.sort_values(["date", "id"], na_position="last").duplicated(sets)
    counted.loc[copies.index] = ok | (~any_ok & earliest.reindex(copies.index))
    return counted


def _counts(frame: pd.DataFrame, counted: pd.Series, level: str) -> pd.DataFrame:
    """Per insight: title, mentions, groups, recency, participants and its loudest voice."""
    everything = frame.groupby("key", sort=False)
    all_count = bool(counted.all())
    kept = frame if all_count else frame[counted]
    grouped = everything if all_count else kept.groupby("key", sort=False)
    table = pd.DataFrame(
        {
            "theme_id": everything["theme_id"].first(),
            "theme": everything["theme"].first(),
            "title": everything["group_text" if level == GROUP else "theme"].first(),
        }
    )
    table["mentions"] = grouped.size().reindex(table.index).fillna(0).astype(int)
    table["points"] = grouped["group_key"].nunique().reindex(table.index).fillna(0).astype(int)
    table["recency"] = grouped["recency"].mean().reindex(table.index)
    table["copies"] = (
        0 if all_count else (~counted).groupby(frame["key"]).sum().reindex(table.index).astype(int)
    )
    named = kept[kept["person"] != ""]
    table["participants"] = (
        named.groupby("key")["person"].nunique().reindex(table.index).fillna(0).astype(int)
    )
    per_person = named.groupby(["key", "person"]).size().reset_index(name="n")
    loudest = per_person.sort_values(["key", "n", "person"], ascending=[True, False, True])
    loudest = loudest.drop_duplicates("key").set_index("key")
    table["_top"] = loudest["n"].reindex(table.index).fillna(0)
    table["_top_name"] = loudest["person"].reindex(table.index).fillna("")
    return table


def _add_spread(table: pd.DataFrame, kept: pd.DataFrame, keys: list[str]) -> None:
    """People per segment, and the focus areas, of each insight."""
    named = kept[kept["person"] != ""]
    per_segment = named[named["segment"] != ""].groupby(["key", "segment"])["person"].nunique()
    segments: dict[str, dict[str, int]] = {}
    for (key, segment), count in zip(per_segment.index.tolist(), per_segment.tolist(), strict=True):
        segments.setdefault(key, {})[segment] = int(count)
    focus: dict[str, list[str]] = {}
    pairs = kept.loc[kept["focus"] != "", ["key", "focus"]].drop_duplicates()
    for key, area in zip(pairs["key"].tolist(), pairs["focus"].tolist(), strict=True):
        focus.setdefault(key, []).append(area)
    found = [segments.get(k, {}) for k in keys]
    table["segments"] = found
    table["segment_count"] = [len(s) for s in found]
    table["focus_areas"] = [sorted(focus.get(k, [])) for k in keys]


def _add_team_choices(
    table: pd.DataFrame, data: WorkspaceData, status: dict[str, str], keys: list[str]
) -> None:
    """What the team gave each insight: votes, severity, decision and note, roadmap status."""
    votes = dict(zip(data.votes["insight_key"], data.votes["votes"], strict=True))
    ratings = dict(
        zip(data.insight_ratings["insight_key"], data.insight_ratings["severity"], strict=True)
    )
    decided = data.decisions.set_index("insight_key") if len(data.decisions) else None
    table["votes"] = [int(votes.get(k, 0)) for k in keys]
    table["severity"] = [int(ratings.get(k, DEFAULT_SEVERITY)) for k in keys]
    for column in ("decision", "note"):
        chosen = {} if decided is None else decided[column].to_dict()
        table[column] = [chosen.get(k, "") for k in keys]
    table["roadmap_status"] = [status.get(k, "") for k in keys]


def _add_score(table: pd.DataFrame, scope: Scope, weights: Weights) -> None:
    """The parts of the score (each 0 to 1) and the score, as the module docstring says."""
    table["participant_share"] = (
        table["participants"] / scope.participants if scope.participants else 0.0
    )
    people = people_scale(table["participants"])
    largest = max(float(people.max()), 1.0)
    table["part_participants"] = people / largest
    table["part_breadth"] = (
        (table["segment_count"] / scope.segments).clip(0, 1) if scope.segments else 0.0
    )
    table["part_votes"] = votes_part(table["votes"])
    table["part_severity"] = (table["severity"] - 1) / 4
    table["part_recency"] = table["recency"]
    w = weights.as_dict()
    extras = [name for name in w if name != "participants"]
    raw = w["participants"] * people + sum(w[n] * table[f"part_{n}"] for n in extras)
    most = w["participants"] * largest + weights.tie_breakers
    table["score"] = 100 * raw / most if most else 0.0


def _copy_flags(copies: pd.DataFrame, counted: pd.Series) -> dict[str, str]:
    """Insight key -> "Copied text: ..." for insights holding copies not yet confirmed."""
    if copies.empty or counted.all():
        return {}
    copies = copies.assign(uncounted=~counted.loc[copies.index])
    open_sets = copies[copies.groupby(["key", "copy_key"])["uncounted"].transform("any")]
    flags = {}
    for key, found in open_sets.groupby("key"):
        sets, people = found["copy_key"].nunique(), found["person"].nunique()
        if sets == 1:
            flags[key] = f"Copied text: {people} participants wrote the same words, counted once"
        else:
            flags[key] = (
                f"Copied text: {sets} texts written word for word by {people} participants, "
                "each counted once"
            )
    return flags


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
    return "broad", f"{plural(people, 'participant')} across {plural(len(segments), 'segment')}"


def _add_badges(table: pd.DataFrame, flags: dict[str, str], keys: list[str]) -> None:
    """The evidence badge: thin, a caution (one voice, one segment, copied text) or broad."""
    levels, words = [], []
    for key, m, top, name, segments, people in zip(
        keys,
        table["mentions"].tolist(),
        table["_top"].tolist(),
        table["_top_name"].tolist(),
        table["segments"].tolist(),
        table["participants"].tolist(),
        strict=True,
    ):
        level, text = _badge(m, (top / m) if m else 0.0, str(name), segments, people)
        if key in flags:
            level, text = "caution", flags[key] + ("" if m <= 1 else f" · {text}")
        levels.append(level)
        words.append(text)
    table["badge_level"] = levels
    table["badge"] = words


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

    Columns: ``COLUMNS``: key, theme, title, counts (copies not yet confirmed count
    once; ``copies`` says how many highlights were left out), the team's votes,
    severity, decision and note, the roadmap status, the badge, the score and its parts.
    """
    frame = _keyed(seen, level)
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    with paused_gc():
        copies = _copy_rows(frame)
        counted = _counted(frame, copies, separate_voices(data.info.settings))
        table = _counts(frame, counted, level)
        keys = table.index.tolist()
        _add_spread(table, frame[counted], keys)
        _add_team_choices(table, data, roadmap_status or {}, keys)
        _add_score(table, scope, weights)
        _add_badges(table, _copy_flags(copies, counted), keys)
        table = table.rename_axis("key").reset_index()
        table = table.sort_values(
            ["score", "participants", "mentions", "key"], ascending=[False, False, False, True]
        ).reset_index(drop=True)
    return table[COLUMNS]


@dataclass(frozen=True)
class CopySet:
    """Participants who wrote the same words, within one insight."""

    text: str  # as the earliest of them wrote it
    highlight_ids: tuple[str, ...]
    participants: tuple[str, ...]
    confirmed: bool  # a person confirmed them all as separate voices


def copy_sets(seen: pd.DataFrame, key: str, settings: dict[str, Any]) -> list[CopySet]:
    """The sets of copied words within an insight (a theme or a group), for the drill-down."""
    picked = rows_of_insight(seen, key)
    rows = _copy_rows(
        picked.assign(
            key=key,
            person=picked["participant"].fillna("").str.strip(),
            copy_key=[copy_key(t) for t in picked["text"].tolist()],
        )
    )
    confirmed = separate_voices(settings)
    found = []
    for _, members in rows.sort_values(["date", "id"], na_position="last").groupby(
        "copy_key", sort=False
    ):
        ids = tuple(str(h) for h in members["id"])
        found.append(
            CopySet(
                text=str(members["text"].iloc[0]),
                highlight_ids=ids,
                participants=tuple(dict.fromkeys(members["person"])),
                confirmed=all(h in confirmed for h in ids),
            )
        )
    return found


def quotes(seen: pd.DataFrame, key: str) -> pd.DataFrame:
    """The highlights behind an insight (a theme or a group), for the drill-down."""
    return rows_of_insight(seen, key).sort_values(
        ["date", "participant", "id"], na_position="last"
    )[["id", "participant", "segment", "interview_date", "text", "source_url"]]


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


@dataclass(frozen=True)
class Prioritized:
    """The prioritized list as the page shows it, and what it was made from."""

    data: WorkspaceData
    view: InsightFilter
    level: str
    seen: pd.DataFrame
    themes: pd.DataFrame
    groups: pd.DataFrame
    scope: Scope  # the participants the shares are counted against

    @property
    def ranked(self) -> pd.DataFrame:
        return self.groups if self.level == GROUP else self.themes


EVERYTHING = InsightFilter()


def prioritize(
    data: WorkspaceData,
    view: InsightFilter = EVERYTHING,
    level: str = THEME,
    found: pd.DataFrame | None = None,
) -> Prioritized:
    """Rank the insights in view, as the Insights page does."""
    found = evidence(data) if found is None else found
    seen = view.apply(found)
    scope = Scope.of(view.people_in_scope(found))
    weights = Weights.from_settings(data.info.settings)
    status = insight_status(data, seen)
    themes = rank(seen, THEME, scope=scope, data=data, weights=weights, roadmap_status=status)
    groups = rank(seen, GROUP, scope=scope, data=data, weights=weights, roadmap_status=status)
    return Prioritized(data, view, level, seen, themes, groups, scope)


def roadmap_items_of(data: WorkspaceData) -> dict[str, list[str]]:
    """Insight key -> the names of the roadmap items linked to it, sorted."""
    links = real_links(data)
    names = dict(zip(data.active_roadmap["id"], data.active_roadmap["item"], strict=True))
    items_of: dict[str, list[str]] = {}
    for key, item in (
        zip(links["insight_key"], links["roadmap_item_id"], strict=True) if len(links) else []
    ):
        items_of.setdefault(key, []).append(names.get(item, item))
    return {key: sorted(items) for key, items in items_of.items()}

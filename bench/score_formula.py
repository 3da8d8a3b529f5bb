"""Benchmark: which priority score follows the people? Four formulas, two studies.

Run:  python bench/score_formula.py [--notes 3000] [--participants 600]

Studies:
- the bundled sample study, grouped at 85 and partly sorted into the seed
  themes (as tests/helpers/sorted_sample.py does);
- banking77's queries as interview notes (--data or $INSIGHTS_DEV_CORPORA, see bench/corpora.py):
  N notes drawn at random, from P synthetic participants (a few say a lot,
  most say one or two things, as in a real study), each in one of six
  cohorts and interviewed on one of 28 days; the query's category, folded
  into 15 tags, is its theme (as a sheet's tag column would be). Two
  realistic cases are added: one 20-word post copied word for word by three
  participants in three cohorts on the last day (the "spam tweet"), and five
  participants of one cohort saying one thing early in the study. Then the
  notes are grouped at 85, as the Deduplicate page does.

Formulas, each from the same counts (participants, segments, votes,
severity, recency):
- old: the earlier release: weighted average of the share of people
  in view (0.35), segments (0.20), votes / most-voted (0.20), severity
  (0.15), recency (0.10); copies count as separate people;
- linear: weighted average of participants / the largest insight in view
  (0.6), segments (0.1), votes / (votes + 4) (0.15), severity (0.1),
  recency (0.05); copies count once;
- log-share: the same, with log(1 + participants) / log(1 + the largest);
- people-first (chosen, ``insights.prioritize.rank``): 1 + log2(participants)
  plus tie-breakers worth at most 0.9 of a doubling; copies count once.

Measured at each level: Spearman's rho of score against participants; "2x
inversions": pairs where one insight has at least twice the participants of
another yet ranks below it; the copied post's rank; the rank of the best
single-participant note against the five-person group; the largest move of
one dot vote on a room that has voted (60 dots over the top 20), and the 2x
inversions ten dots on the best single note create.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "helpers"))
sys.path.insert(0, str(ROOT / "bench"))

from corpora import banking77  # noqa: E402

from insights.grouping import compute_merges, eligible, save_grouping  # noqa: E402
from insights.importing import run_import  # noqa: E402
from insights.ingest import ImportFrames  # noqa: E402
from insights.model import SAMPLE_WORKSPACE  # noqa: E402
from insights.prioritize import (  # noqa: E402
    GROUP,
    SEPARATE_VOICES,
    THEME,
    Weights,
    evidence,
    people_scale,
    prioritize,
    rank,
    votes_part,
)
from insights.store import Store  # noqa: E402
from insights.workspaces import create_workspace  # noqa: E402

BANKING = banking77()
NAME = "Banking notes"
SPAM = (
    "Get your free travel card today with no fees at all just follow the link in our "
    "profile and share this post"
)
FIVE = [
    "The app logs me out every time I switch to another app",
    "The app logs me out each time I switch to another app",
    "the app logs me out every single time I switch to another app",
    "The app keeps logging me out every time I switch to another app",
    "The app logs me out every time I switch over to another app",
]


def banking_study(url: str, notes: int, participants: int, seed: int = 11) -> Store:
    """banking77 as interview notes, with a copied post and a five-person point (see above)."""
    rng = np.random.default_rng(seed)
    source = pd.read_csv(BANKING).sample(notes, random_state=seed).reset_index(drop=True)
    weights = 1 / np.arange(1, participants + 1) ** 0.8  # a few people say a lot
    who = rng.choice(participants, size=notes, p=weights / weights.sum())
    cohort = rng.integers(0, 6, size=participants)
    day = rng.integers(1, 29, size=participants)
    categories = sorted(source["category"].unique())
    tag_of = {c: f"Tag {i % 15 + 1:02d}" for i, c in enumerate(categories)}
    rows = [
        _row(f"N{i:05d}", text, int(p), cohort, day, tag_of[c])
        for i, (text, c, p) in enumerate(zip(source["text"], source["category"], who, strict=True))
    ]
    spammers = [p for p in range(participants) if day[p] == 28][:3] or [0, 1, 2]
    rows += [
        _row(f"S{i}", SPAM, p, cohort, day, "Tag 01", last=True) for i, p in enumerate(spammers)
    ]
    five = [p for p in range(participants) if cohort[p] == 0][-5:]
    rows += [
        _row(f"F{i}", text, p, cohort, day, "Tag 02", first=True)
        for i, (text, p) in enumerate(zip(FIVE, five, strict=True))
    ]
    store = Store(url)
    create_workspace(store, NAME)
    run_import(store, NAME, ImportFrames(pd.DataFrame(rows), source="bench", source_kind="csv"))
    highlights = eligible(store.load(NAME))
    save_grouping(store, NAME, highlights, compute_merges(highlights), 85)
    return store


def _row(hid, text, p, cohort, day, tag, *, first=False, last=False) -> dict:
    when = 1 if first else 28 if last else int(day[p])
    return {
        "id": hid,
        "text": text,
        "participant": f"Participant {p:03d}",
        "segment": f"Cohort {'ABCDEF'[int(cohort[p])]}",
        "focus": "Customer",
        "interview_date": date(2026, 3, when),
        "interviewer": "Dana",
        "source_url": "",
        "source_row": 2,
        "extra": {},
        "theme": tag,
    }


def sample_study(url: str) -> Store:
    from sorted_sample import sort_sample

    return sort_sample(Store(url))


# -- the four formulas, from one ranked table ------------------------------------------------


def old(table: pd.DataFrame, scope) -> pd.Series:
    most = max(int(table["votes"].max()), 0)
    parts = (
        0.35 * table["participants"] / max(scope.participants, 1)
        + 0.20 * table["part_breadth"]
        + 0.20 * (table["votes"] / most if most else 0.0)
        + 0.15 * table["part_severity"]
        + 0.10 * table["part_recency"]
    )
    return 100 * parts


def _shared(table: pd.DataFrame, people: pd.Series) -> pd.Series:
    parts = (
        0.6 * people
        + 0.1 * table["part_breadth"]
        + 0.15 * votes_part(table["votes"])
        + 0.1 * table["part_severity"]
        + 0.05 * table["part_recency"]
    )
    return 100 * parts


def linear(table: pd.DataFrame, scope) -> pd.Series:
    return _shared(table, table["participants"] / max(int(table["participants"].max()), 1))


def log_share(table: pd.DataFrame, scope) -> pd.Series:
    largest = np.log1p(max(int(table["participants"].max()), 1))
    return _shared(table, np.log1p(table["participants"]) / largest)


def people_first(table: pd.DataFrame, scope) -> pd.Series:
    w = Weights()
    people = people_scale(table["participants"])
    largest = max(float(people.max()), 1.0)
    raw = (
        w.participants * people
        + w.breadth * table["part_breadth"]
        + w.votes * votes_part(table["votes"])
        + w.severity * table["part_severity"]
        + w.recency * table["part_recency"]
    )
    return pd.Series(100 * raw / (w.participants * largest + w.tie_breakers), index=table.index)


FORMULAS = {"old": old, "linear": linear, "log-share": log_share, "people-first": people_first}


# -- measures ------------------------------------------------------------------------------


def ordered(table: pd.DataFrame, score: pd.Series) -> pd.DataFrame:
    return (
        table.assign(score=score)
        .sort_values(
            ["score", "participants", "mentions", "key"], ascending=[False, False, False, True]
        )
        .reset_index(drop=True)
    )


def inversions(ranked: pd.DataFrame, ratio: float = 2) -> tuple[int, int]:
    """(inversions, pairs): an insight ranked above one with ``ratio`` times its people or more
    (any more people at all when ``ratio`` is 1), of the pairs with such a gap."""
    people = ranked["participants"].to_numpy()
    everyone = np.sort(people)
    bad = pairs = 0
    for i, count in enumerate(people):
        if count >= 1:
            wanted = ratio * count if ratio > 1 else count + 1
            bad += int(np.count_nonzero(people[i + 1 :] >= wanted))
            pairs += len(everyone) - int(np.searchsorted(everyone, wanted))
    return bad, pairs


def spearman(ranked: pd.DataFrame) -> float:
    """Spearman's rho of the order against participants (the Pearson r of their ranks)."""
    position = pd.Series(-np.arange(len(ranked), dtype=float)).rank()
    return float(position.corr(ranked["participants"].rank().reset_index(drop=True)))


def room_votes(ranked: pd.DataFrame, seed: int = 5) -> pd.Series:
    """60 dots over the top 20, as a room of 20 with 3 dots each might give."""
    rng = np.random.default_rng(seed)
    top = ranked["key"].head(20).to_numpy()
    votes = pd.Series(0, index=ranked["key"])
    for key in rng.choice(top, size=60):
        votes[key] += 1
    return votes


def one_dot(table: pd.DataFrame, scope, formula, votes: pd.Series) -> float:
    """The largest score move one more dot makes, on any insight, after the room voted."""
    base = table.assign(votes=table["key"].map(votes).fillna(0).astype(int))
    before = formula(base, scope)
    worst = 0.0
    for i in range(len(base)):
        after = formula(base.assign(votes=base["votes"] + (np.arange(len(base)) == i)), scope)
        worst = max(worst, float((after - before).abs().max()))
        if i > 400:  # enough: the moves repeat
            break
    return worst


def ten_dots(table: pd.DataFrame, scope, formula) -> int:
    """2x inversions after ten dots on the best-placed single-participant insight."""
    ranked = ordered(table, formula(table, scope))
    singles = ranked[ranked["participants"] == 1]
    if singles.empty:
        return 0
    key = singles["key"].iloc[0]
    voted = table.assign(votes=table["votes"] + 10 * (table["key"] == key))
    return inversions(ordered(voted, formula(voted, scope)))[0]


def measure(name: str, store: Store, workspace: str) -> None:
    data = store.load(workspace)
    found = evidence(data)
    result = prioritize(data, found=found)
    everyone = replace(data.info, settings={SEPARATE_VOICES: list(found["id"])})
    raw_data = replace(data, info=everyone)
    print(
        f"\n## {name}: {len(found):,} notes, {result.scope.participants} participants, "
        f"{result.scope.segments} segments"
    )
    for level in (THEME, GROUP):
        counted = result.themes if level == THEME else result.groups
        raw = rank(result.seen, level, scope=result.scope, data=raw_data, weights=Weights())
        print(f"\n{level} level: {len(counted):,} insights")
        print(
            "| formula | rho | fewer people above more | 2x inversions | copied post | "
            "best single | 5-person group | first dot | one more dot | 2x inv. after 10 dots |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for label, formula in FORMULAS.items():
            table = raw if label == "old" else counted
            ranked = ordered(table, formula(table, result.scope))
            bad, pairs = inversions(ranked)
            spam = ranked.index[ranked["title"].str.startswith(SPAM[:30])]
            five = ranked.index[ranked["title"].isin(FIVE)]
            singles = ranked.index[ranked["participants"] == 1]
            dot = one_dot(table, result.scope, formula, room_votes(ranked))
            first = one_dot(table, result.scope, formula, pd.Series(dtype=int))
            fewer, differ = inversions(ranked, ratio=1)
            print(
                f"| {label} | {spearman(ranked):.2f} | {fewer:,} of {differ:,} | "
                f"{bad:,} of {pairs:,} | "
                f"{'#' + str(spam[0] + 1) if len(spam) else '—'} | "
                f"{'#' + str(singles[0] + 1) if len(singles) else '—'} | "
                f"{'#' + str(five[0] + 1) if len(five) else '—'} | {first:.1f} | {dot:.1f} | "
                f"{ten_dots(table, result.scope, formula):,} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=3000)
    parser.add_argument("--participants", type=int, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        measure("Sample study", sample_study(f"sqlite:///{folder}/sample.db"), SAMPLE_WORKSPACE)
        if BANKING is not None:
            store = banking_study(f"sqlite:///{folder}/bank.db", args.notes, args.participants)
            measure("banking77 as notes", store, NAME)
        else:
            print("\n(banking77 not found: only the sample was measured)")
        print(f"\n{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()

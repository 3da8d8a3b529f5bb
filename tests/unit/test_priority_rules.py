"""The rules the priority score keeps at its default weights, for any study (hypothesis).

- the number of distinct participants dominates: twice the people always rank higher,
  whatever the votes, severity, segments and dates;
- segment spread and recency only break ties;
- one dot vote moves a score by a few points at most, and no count of dots reorders
  insights whose participant counts differ by 2x or more;
- participants who wrote the same words count once until a person confirms them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from insights.prioritize import (
    GROUP,
    MIN_COPY_WORDS,
    SEPARATE_VOICES,
    Scope,
    Weights,
    copy_key,
    rank,
    vote_step_bound,
)
from insights.store import WorkspaceData, WorkspaceInfo
from insights.wording import plural, share

DEFAULTS = Weights()
START = date(2026, 3, 1)
COPIED = "Get your free travel card today with no fees, just follow the link in our profile!"


@dataclass(frozen=True)
class Point:
    """One insight of a generated study: who said it, where from, when, and the team's marks."""

    people: int
    repeats: int  # extra mentions by its first participant
    segments: int
    day: int
    votes: int
    severity: int


points = st.builds(
    Point,
    people=st.integers(1, 48),
    repeats=st.integers(0, 3),
    segments=st.integers(1, 6),
    day=st.integers(0, 27),
    votes=st.integers(0, 40),
    severity=st.integers(1, 5),
)
studies = st.lists(points, min_size=2, max_size=8)


def _note(key: str, hid: str, text: str, who: str, segment: str, day: int) -> dict:
    return {
        "id": hid,
        "text": text,
        "participant": who,
        "segment": segment,
        "focus": "Product",
        "interview_date": START + timedelta(days=day),
        "interviewer": "",
        "source_url": "",
        "date": pd.Timestamp(START + timedelta(days=day)),
        "theme_id": pd.NA,
        "theme": None,
        "group_key": key,
        "group_text": f"Point {key}",
    }


def _evidence(study: list[Point]) -> pd.DataFrame:
    rows = []
    for i, point in enumerate(study):
        for j in range(point.people):
            for k in range(1 + (point.repeats if j == 0 else 0)):
                rows.append(
                    _note(
                        f"cluster:{i}",
                        f"h{i}-{j}-{k}",
                        f"note {i} {j} {k}",
                        f"P{i}-{j}",
                        f"Segment {j % point.segments}",
                        point.day,
                    )
                )
    return pd.DataFrame(rows)


def _data(study: list[Point], votes: dict[str, int] | None = None, **settings) -> WorkspaceData:
    now = datetime.now(UTC)
    given_votes = votes or {f"cluster:{i}": p.votes for i, p in enumerate(study)}
    empty = pd.DataFrame()
    return WorkspaceData(
        info=WorkspaceInfo(1, "Study", "user", 1, False, now, now, settings),
        highlights=empty,
        themes=empty,
        assignments=empty,
        clusters=empty,
        cluster_members=empty,
        roadmap_items=empty,
        insight_roadmap_links=empty,
        votes=pd.DataFrame({"insight_key": list(given_votes), "votes": list(given_votes.values())}),
        decisions=pd.DataFrame(columns=["insight_key", "decision", "note"]),
        insight_ratings=pd.DataFrame(
            {
                "insight_key": [f"cluster:{i}" for i in range(len(study))],
                "severity": [p.severity for p in study],
            }
        ),
        quote_bank=empty,
        import_batches=empty,
    )


def _rank(seen: pd.DataFrame, data: WorkspaceData) -> pd.DataFrame:
    return rank(seen, GROUP, scope=Scope.of(seen), data=data, weights=DEFAULTS)


def _positions(ranked: pd.DataFrame) -> dict[str, int]:
    return {key: position for position, key in enumerate(ranked["key"])}


@given(studies)
@settings(max_examples=60, deadline=None)
def test_twice_the_people_always_rank_higher(study: list[Point]) -> None:
    ranked = _rank(_evidence(study), _data(study))
    people = dict(zip(ranked["key"], ranked["participants"], strict=True))
    at = _positions(ranked)
    for a in people:
        for b in people:
            if people[a] >= 2 * people[b]:
                assert at[a] < at[b], (people[a], people[b])


@given(studies)
@settings(max_examples=60, deadline=None)
def test_segment_spread_and_recency_only_break_ties(study: list[Point]) -> None:
    """With no votes and no ratings, only people count, unless the counts are close
    (within 2 ** (breadth + recency) = 1.15x): there spread and recency decide."""
    quiet = [Point(p.people, p.repeats, p.segments, p.day, 0, 3) for p in study]
    ranked = _rank(_evidence(quiet), _data(quiet))
    people = dict(zip(ranked["key"], ranked["participants"], strict=True))
    at = _positions(ranked)
    lead = DEFAULTS.breadth + DEFAULTS.recency
    for a in people:
        for b in people:
            if math.log2(people[a] / people[b]) > lead + 1e-9:
                assert at[a] < at[b]


def test_among_equals_the_wider_spread_then_the_more_recent_comes_first() -> None:
    study = [
        Point(4, 0, 1, 27, 0, 3),  # one segment, latest
        Point(4, 0, 4, 0, 0, 3),  # four segments, earliest
        Point(4, 0, 1, 10, 0, 3),  # one segment, in between
    ]
    ranked = _rank(_evidence(study), _data(study))
    assert ranked["key"].tolist() == ["cluster:1", "cluster:0", "cluster:2"]


@given(studies, st.data())
@settings(max_examples=60, deadline=None)
def test_one_dot_moves_only_its_own_score_and_by_a_few_points(study, data) -> None:
    seen = _evidence(study)
    before = _rank(seen, _data(study)).set_index("key")["score"]
    chosen = f"cluster:{data.draw(st.integers(0, len(study) - 1))}"
    votes = {f"cluster:{i}": p.votes for i, p in enumerate(study)}
    votes[chosen] += 1
    after = _rank(seen, _data(study, votes)).set_index("key")["score"]

    moved = (after - before.reindex(after.index)).abs()
    assert moved.drop(chosen).max() == 0  # no vote counts against another insight
    assert 0 < moved[chosen] <= vote_step_bound(DEFAULTS) + 1e-9
    assert vote_step_bound(DEFAULTS) <= 5  # a few points


@given(studies, st.data())
@settings(max_examples=60, deadline=None)
def test_no_count_of_dots_reorders_a_2x_gap_in_people(study, data) -> None:
    seen = _evidence(study)
    chosen = f"cluster:{data.draw(st.integers(0, len(study) - 1))}"
    votes = {f"cluster:{i}": p.votes for i, p in enumerate(study)}
    votes[chosen] += data.draw(st.integers(1, 1000))
    ranked = _rank(seen, _data(study, votes))
    people = dict(zip(ranked["key"], ranked["participants"], strict=True))
    at = _positions(ranked)
    for other, count in people.items():
        if count >= 2 * people[chosen]:
            assert at[other] < at[chosen]
        if 2 * count <= people[chosen]:
            assert at[other] > at[chosen]


def _with_copies(study: list[Point], copiers: int, variants: list[str]) -> pd.DataFrame:
    """The study with ``copiers`` new participants writing the same words into its first point."""
    copies = [
        _note("cluster:0", f"c{m}", variants[m % len(variants)], f"Copier {m}", "Segment 0", 27)
        for m in range(copiers)
    ]
    return pd.concat([_evidence(study), pd.DataFrame(copies)], ignore_index=True)


variants = st.lists(
    st.sampled_from(
        [COPIED, COPIED.upper(), COPIED.replace(",", ""), "  " + COPIED.replace(" ", "  ")]
    ),
    min_size=1,
    max_size=4,
)


@given(studies, st.integers(2, 12), variants)
@settings(max_examples=50, deadline=None)
def test_copied_words_count_once_until_a_person_confirms(study, copiers, words) -> None:
    alone = _rank(_evidence(study), _data(study)).set_index("key").loc["cluster:0"]
    seen = _with_copies(study, copiers, words)

    copied = _rank(seen, _data(study)).set_index("key").loc["cluster:0"]
    assert copied["participants"] == alone["participants"] + 1  # one voice, however many
    assert copied["mentions"] == alone["mentions"] + 1
    assert copied["copies"] == copiers - 1
    assert copied["badge_level"] == "caution"
    assert copied["badge"].startswith(
        f"Copied text: {copiers} participants wrote the same words, counted once"
    )

    confirmed = [f"c{m}" for m in range(copiers)]
    separate = _rank(seen, _data(study, **{SEPARATE_VOICES: confirmed})).set_index("key")
    assert separate.loc["cluster:0", "participants"] == alone["participants"] + copiers
    assert separate.loc["cluster:0", "copies"] == 0
    assert "Copied" not in separate.loc["cluster:0", "badge"]


def test_a_short_phrase_said_by_several_people_is_agreement_not_a_copy() -> None:
    study = [Point(1, 0, 1, 0, 0, 3), Point(1, 0, 1, 0, 0, 3)]
    seen = _with_copies(study, 5, ["Too many emails every day."])
    ranked = _rank(seen, _data(study)).set_index("key")
    assert ranked.loc["cluster:0", "participants"] == 6
    assert ranked.loc["cluster:0", "copies"] == 0
    assert copy_key("Too many emails every day.") == ""
    assert len(COPIED.split()) >= MIN_COPY_WORDS


def test_a_copy_is_the_same_words_not_the_same_meaning() -> None:
    said = "I do not understand how the loyalty points work or what they are worth"
    assert copy_key(said) == copy_key(
        "i DO not understand how the loyalty points work, or what they are worth!"
    )
    assert copy_key(said) == copy_key(f"  {said.replace(' ', '  ')}…")
    # said, not copied: a filler, a contraction or a plural makes it another person's words
    assert copy_key(said) != copy_key(f"Honestly {said}")
    assert copy_key(said) != copy_key(said.replace("do not", "don't"))
    assert copy_key(said) != copy_key(said.replace("points work", "point works"))


def test_words_and_shares_read_as_people_write_them() -> None:
    assert [plural(1, "participant"), plural(2, "participant"), plural(0, "segment")] == [
        "1 participant",
        "2 participants",
        "0 segments",
    ]
    shares = [0, 2 / 600, 5 / 600, 1 / 20000, 0.05, 0.0996, 1 / 3, 1]
    assert [share(s) for s in shares] == [
        "0%",
        "0.3%",
        "0.8%",
        "<0.1%",
        "5%",
        "10%",
        "33%",
        "100%",
    ]


def test_a_group_of_one_text_copied_is_told_from_people_agreeing() -> None:
    from insights.prioritize import all_copies

    spam = "Win a free cruise today, just click the link in my profile and claim your prize now"
    assert all_copies([spam, spam.upper(), spam + "!!"])
    assert not all_copies([spam, "Shipping costs too much on a small order, I hate paying it"])
    assert not all_copies(["The price is fair", "the price is fair"])  # too short to be a copy

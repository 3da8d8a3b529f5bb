"""Counting, scoring and filtering insights; the roadmap comparison; decisions."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from small_study import ROWS, WS, make_study

from insights.decisions import (
    DecisionProblem,
    link,
    save_weights,
    set_decision,
    set_severity,
    set_votes,
    unlink,
)
from insights.filters import NO_THEME, InsightFilter
from insights.ingest import ImportFrames, import_into
from insights.model import SAMPLE_WORKSPACE
from insights.prioritize import (
    GROUP,
    THEME,
    Scope,
    Weights,
    evidence,
    formula,
    quotes,
    rank,
    theme_segment_matrix,
)
from insights.roadmap import aligned, coverage, gaps, insight_status, suggest_links, unsupported
from insights.store import Store
from insights.workspaces import ensure_sample


@pytest.fixture
def study(store: Store) -> Store:
    return make_study(store)


EVERYTHING = InsightFilter()
DEFAULT_WEIGHTS = Weights()


def _ranked(
    store: Store, level: str, view: InsightFilter = EVERYTHING, weights: Weights = DEFAULT_WEIGHTS
):
    data = store.load(WS)
    found = evidence(data)
    seen = view.apply(found)
    scope = Scope.of(view.people_in_scope(found))
    return (
        rank(
            seen,
            level,
            scope=scope,
            data=data,
            weights=weights,
            roadmap_status=insight_status(data, seen),
        ),
        seen,
        data,
    )


def test_a_group_counts_once_with_its_mentions_and_participants(study: Store) -> None:
    themes, _, _ = _ranked(study, THEME)
    pain = themes.set_index("title").loc["Pain points"]
    assert (pain["mentions"], pain["points"], pain["participants"]) == (
        5,
        2,
        4,
    )  # shipping group + the lid
    groups, _, _ = _ranked(study, GROUP)
    shipping = groups[groups["title"].str.contains("hipping")].iloc[0]
    assert (shipping["mentions"], shipping["participants"]) == (4, 3)
    assert shipping["segments"] == {"VIP": 1, "Sale": 2}


def test_removed_highlights_never_count(study: Store) -> None:
    _, seen, _ = _ranked(study, THEME)
    assert "x1" not in set(seen["id"])
    assert Scope.of(seen).participants == 6  # Zed said only the removed note


def test_shares_are_of_the_people_in_view(study: Store) -> None:
    themes, _, _ = _ranked(study, THEME)
    assert themes.set_index("title").loc["Pain points", "participant_share"] == pytest.approx(4 / 6)
    vip_only, _, _ = _ranked(study, THEME, InsightFilter(segments=("VIP",)))
    assert vip_only.set_index("title").loc["Pain points", "participant_share"] == pytest.approx(
        1 / 3
    )


def test_the_score_follows_its_formula_and_weights(study: Store) -> None:
    data = study.load(WS)
    love = int(data.themes.set_index("name").loc["Product love", "id"])
    set_votes(study, WS, f"theme:{love}", 4)
    set_severity(study, WS, f"theme:{love}", 5)
    themes, _, _ = _ranked(study, THEME)
    row = themes.set_index("title").loc["Product love"]
    # participants 2/6, breadth 1/2, votes 4/4, severity (5-1)/4, recency: all on days 5-6 of 1..10
    recency = ((5 - 1) * 3 + (6 - 1)) / 4 / 9
    expected = 100 * (0.35 * 2 / 6 + 0.20 * 1 / 2 + 0.20 * 1 + 0.15 * 1 + 0.10 * recency)
    assert row["score"] == pytest.approx(expected)
    only_votes, _, _ = _ranked(study, THEME, weights=Weights(0, 0, 1, 0, 0))
    assert only_votes.iloc[0]["title"] == "Product love" and only_votes.iloc[0][
        "score"
    ] == pytest.approx(100)
    assert formula(Weights()).startswith(
        "Priority (0–100) is a weighted average of the share of the people"
    )


def test_the_evidence_badge_cautions_about_a_few_strong_voices(study: Store) -> None:
    themes, _, _ = _ranked(study, THEME)
    badges = themes.set_index("title")["badge"]
    assert badges["Product love"] == "Mostly one voice: Hana gives 3 of 4 mentions"
    groups, _, _ = _ranked(study, GROUP)
    lid = groups.set_index("title").loc["The lid is hard to open"]
    assert (lid["badge_level"], lid["badge"]) == ("thin", "One mention only")
    vip, _, _ = _ranked(study, THEME, InsightFilter(segments=("VIP",)))
    assert (
        vip.set_index("title").loc["Pain points", "badge"]
        == "Mostly one voice: Ann gives 2 of 2 mentions"
    )


def test_filters_narrow_the_evidence_and_travel_in_a_link() -> None:
    found = pd.DataFrame(
        {
            "id": ["1", "2", "3"],
            "text": ["Shipping costs", "Love it", "Pump broke"],
            "participant": ["A", "B", "C"],
            "segment": ["VIP", "Sale", "VIP"],
            "focus": ["Customer", "Product", "Product"],
            "date": pd.to_datetime(["2026-03-01", "2026-03-05", None]),
            "theme": ["Pain", None, "Pain"],
        }
    )
    assert InsightFilter(themes=("Pain",)).apply(found)["id"].tolist() == ["1", "3"]
    assert InsightFilter(themes=(NO_THEME,)).apply(found)["id"].tolist() == ["2"]
    assert InsightFilter(focus=("Product",), segments=("VIP",)).apply(found)["id"].tolist() == ["3"]
    assert InsightFilter(date_from=date(2026, 3, 2)).apply(found)["id"].tolist() == ["2"]
    assert InsightFilter(text="SHIP cost").apply(found)["id"].tolist() == ["1"]

    view = InsightFilter(
        themes=("Pain", "Love"), segments=("VIP",), date_to=date(2026, 3, 9), text="pump"
    )
    query = view.to_query()
    assert query == {"theme": ["Pain", "Love"], "segment": ["VIP"], "to": "2026-03-09", "q": "pump"}
    back = InsightFilter.from_query(query, known_themes={"Pain"})
    assert back.themes == ("Pain",) and back.unknown == ("Love",)
    assert back.date_to == date(2026, 3, 9) and back.text == "pump"
    assert InsightFilter.from_query({"from": "not a date"}).date_from is None


def test_drill_down_quotes_and_the_heatmap(study: Store) -> None:
    themes, seen, _ = _ranked(study, THEME)
    key = themes.set_index("title").loc["Pain points", "key"]
    behind = quotes(seen, key)
    assert behind["id"].tolist() == ["a1", "a2", "a3", "a4", "c1"]
    assert behind["source_url"].iloc[0] == "https://rec/a1"
    matrix = theme_segment_matrix(seen)
    assert matrix.loc["Pain points"].to_dict() == {"Sale": 3, "VIP": 1}


def test_the_roadmap_comparison(study: Store) -> None:
    items = pd.DataFrame(
        [
            {
                "id": "R-ship",
                "item": "Lower shipping costs",
                "description": "Shipping too expensive for small orders",
                "status": "planned",
                "target_quarter": "Q3",
                "owner": "Sam",
                "area": "Customer",
                "source_row": 2,
                "extra": {},
            },
            {
                "id": "R-men",
                "item": "Men's line",
                "description": "Beard oil",
                "status": "idea",
                "target_quarter": "2027",
                "owner": "Dana",
                "area": "Product",
                "source_row": 3,
                "extra": {},
            },
        ]
    )
    import_into(
        study,
        WS,
        ImportFrames(
            pd.DataFrame(ROWS[:0], columns=list(ROWS[0])),
            roadmap=items,
            source="road",
            source_kind="csv",
        ),
    )
    groups, seen, data = _ranked(study, GROUP)
    shipping = groups[groups["title"].str.contains("hipping")].iloc[0]["key"]

    suggested = suggest_links(data, groups, seen)
    assert [(s.insight_key, s.item_id) for s in suggested][:1] == [(shipping, "R-ship")]
    assert {s.item_id for s in suggested} == {"R-ship"}

    link(study, WS, shipping, "R-ship", suggested=True)
    groups, seen, data = _ranked(study, GROUP)
    assert groups.set_index("key").loc[shipping, "roadmap_status"] == "planned"
    themes, _, _ = _ranked(study, THEME)
    assert (
        themes.set_index("title").loc["Pain points", "roadmap_status"] == "planned"
    )  # through its group
    assert aligned(data, seen)[["item", "mentions", "participants"]].values.tolist() == [
        ["Lower shipping costs", 4, 3]
    ]
    assert unsupported(data, seen)["item"].tolist() == ["Men's line"]
    assert (
        gaps(themes)["title"].tolist() == []
    )  # Product love: 2 people only; Pain points: on the roadmap
    covered = coverage(data, seen).set_index("status")["mentions"]
    assert (covered["planned"], covered["no roadmap item"]) == (4, 5)
    assert not any(
        s.insight_key == shipping for s in suggest_links(data, groups, seen)
    )  # confirmed: not suggested

    unlink(study, WS, shipping, "R-ship", dismiss=True)
    groups, seen, data = _ranked(study, GROUP)
    assert suggest_links(data, groups, seen) == []  # dismissed for good
    assert aligned(data, seen).empty


def test_decisions_are_checked_and_keep_their_group(study: Store) -> None:
    data = study.load(WS)
    cluster = int(data.clusters["id"].iloc[0])
    set_decision(study, WS, f"cluster:{cluster}", "Act now", "  Test a $35 threshold ")
    decided = study.load(WS)
    assert decided.decisions.iloc[0][["decision", "note"]].tolist() == [
        "Act now",
        "Test a $35 threshold",
    ]
    assert (
        decided.clusters.set_index("id").loc[cluster, "status"] == "accepted"
    )  # a re-run keeps it
    with pytest.raises(DecisionProblem, match="not a decision"):
        set_decision(study, WS, "theme:1", "Maybe")
    with pytest.raises(DecisionProblem, match="from 1"):
        set_severity(study, WS, "theme:1", 6)
    set_decision(study, WS, f"cluster:{cluster}", None)
    assert study.load(WS).decisions.empty


def test_weights_are_saved_with_the_workspace(study: Store) -> None:
    save_weights(study, WS, Weights(participants=1, breadth=0, votes=0, severity=0, recency=0))
    assert Weights.from_settings(study.load(WS).info.settings).participants == 1
    with pytest.raises(DecisionProblem, match="At least one weight"):
        save_weights(study, WS, Weights(0, 0, 0, 0, 0))


def test_the_sample_study_ranks_without_themes(store: Store) -> None:
    ensure_sample(store)
    data = store.load(SAMPLE_WORKSPACE)
    found = evidence(data)
    groups = rank(found, GROUP, scope=Scope.of(found), data=data, weights=Weights())
    assert groups["mentions"].sum() == 285 and (groups["theme_id"].isna()).all()
    assert rank(found, THEME, scope=Scope.of(found), data=data, weights=Weights()).empty

"""Counting, scoring and filtering insights; the roadmap comparison; decisions."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from small_study import ROWS, WS, make_study
from sorted_sample import sort_sample

from insights import prioritize, schema
from insights.decisions import (
    DecisionProblem,
    count_copies_separately,
    link,
    save_weights,
    set_decision,
    set_severity,
    set_votes,
    unlink,
)
from insights.filters import NO_THEME, InsightFilter
from insights.importing import run_import
from insights.ingest import ImportFrames
from insights.model import SAMPLE_WORKSPACE
from insights.prioritize import (
    GROUP,
    THEME,
    Scope,
    Weights,
    copy_sets,
    earlier_weights_ignored,
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
    # people: 1 + log2(2) = 2 of the largest theme's 1 + log2(4) = 3; breadth 1/2 (VIP of VIP
    # and Sale); votes 4 / (4 + 4); severity (5-1)/4; recency: all on days 5-6 of 1..10
    recency = ((5 - 1) * 3 + (6 - 1)) / 4 / 9
    raw = 1.0 * 2 + 0.15 * 1 / 2 + 0.4 * 4 / 8 + 0.3 * 1 + 0.05 * recency
    assert row["score"] == pytest.approx(100 * raw / (1.0 * 3 + 0.9))
    only_votes, _, _ = _ranked(study, THEME, weights=Weights(0, 0, 1, 0, 0))
    assert only_votes.iloc[0]["title"] == "Product love"
    assert only_votes.iloc[0]["score"] == pytest.approx(100 * 4 / 8)  # votes alone
    assert formula(Weights()).startswith(
        "Priority (0–100) follows the people: 1 + log2(participants) (weight 1)"
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
    run_import(
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


# -- the score follows the people ----------------------------------------------------------


def _note(hid: str, text: str, who: str, segment: str, day: int) -> dict:
    return {
        "id": hid,
        "text": text,
        "participant": who,
        "segment": segment,
        "focus": "Product",
        "interview_date": date(2026, 3, day),
        "interviewer": "Dana Whitfield",
        "source_url": "",
        "source_row": 2,
        "extra": {},
    }


def _add_to_sample(store: Store, notes: list[dict]) -> None:
    ensure_sample(store)
    run_import(
        store, SAMPLE_WORKSPACE, ImportFrames(pd.DataFrame(notes), source="more", source_kind="csv")
    )
    sort_sample(store)  # grouped at 85, partly sorted into themes


def _sample_groups(store: Store) -> pd.DataFrame:
    return prioritize.prioritize(store.load(SAMPLE_WORKSPACE), level=GROUP).groups


FIVE_SAY_ONE_THING = [
    "The refill pouch leaks all over my bag",
    "the refill pouch leaks all over my bag!",
    "The refill pouch leaks all over my bag.",
    "Honestly the refill pouch leaks all over my bag",
    "The refill pouch leaks all over my gym bag",
]


def test_a_group_of_five_outranks_every_single_mention_note(store: Store) -> None:
    # five people of one segment, interviewed first: no spread, no recency to help them
    _add_to_sample(
        store,
        [
            _note(f"F{i}", text, f"Refill person {i}", "Engaged non-buyer", 2)
            for i, text in enumerate(FIVE_SAY_ONE_THING)
        ],
    )
    before = _sample_groups(store)
    # the room has voted for the single notes on top, and rated one critical
    singles = before[before["mentions"] == 1]["key"].head(3).tolist()
    for key in singles:
        set_votes(store, SAMPLE_WORKSPACE, key, 6)
    set_severity(store, SAMPLE_WORKSPACE, singles[0], 5)

    groups = _sample_groups(store)
    five = groups.index[groups["participants"] == 5]
    assert len(five) == 1 and "refill pouch" in groups.loc[five[0], "title"]
    single_mentions = groups.index[groups["mentions"] == 1]
    assert five[0] < single_mentions.min()
    # and every group of several people ranks above every note said once
    assert groups.index[groups["participants"] >= 2].max() < single_mentions.min()


COPIED_POST = (
    "Win a free year of body butter, just follow our page and share this post with three "
    "friends before Friday"
)


def test_copied_text_counts_once_until_a_person_confirms_it(store: Store) -> None:
    people = [("Maya Robinson", "VIP repeat buyer"), ("Kai Brennan", "One-time buyer")]
    people.append(("Lucy Nguyen", "Engaged non-buyer"))
    _add_to_sample(
        store,
        [_note(f"C{i}", COPIED_POST, who, segment, 31) for i, (who, segment) in enumerate(people)],
    )
    groups = _sample_groups(store).set_index("title")
    copied = groups.loc[COPIED_POST]
    assert (copied["mentions"], copied["participants"], copied["copies"]) == (1, 1, 2)
    assert copied["badge"] == "Copied text: 3 participants wrote the same words, counted once"
    # one voice: below every group of several people
    assert groups.index.get_loc(COPIED_POST) > max(
        groups.index.get_loc(t) for t in groups.index[groups["participants"] >= 2]
    )

    result = prioritize.prioritize(store.load(SAMPLE_WORKSPACE), level=GROUP)
    [found] = copy_sets(result.seen, copied["key"], result.data.info.settings)
    assert (found.text, found.highlight_ids, found.confirmed) == (
        COPIED_POST,
        ("C0", "C1", "C2"),
        False,
    )
    assert found.participants == ("Maya Robinson", "Kai Brennan", "Lucy Nguyen")

    assert count_copies_separately(store, SAMPLE_WORKSPACE, ["C0", "C1", "C2"]) == 3
    result = prioritize.prioritize(store.load(SAMPLE_WORKSPACE), level=GROUP)
    assert copy_sets(result.seen, copied["key"], result.data.info.settings)[0].confirmed
    event = store.event_log(SAMPLE_WORKSPACE, limit=1).iloc[0]
    assert (event["action"], event["after"]) == ("insight.copies", {"separate": ["C0", "C1", "C2"]})
    confirmed = _sample_groups(store).set_index("title").loc[COPIED_POST]
    assert (confirmed["participants"], confirmed["copies"]) == (3, 0)
    assert confirmed["badge"] == "3 participants across 3 segments"

    count_copies_separately(store, SAMPLE_WORKSPACE, ["C0", "C1", "C2"], separate=False)
    assert _sample_groups(store).set_index("title").loc[COPIED_POST, "participants"] == 1
    with pytest.raises(DecisionProblem, match="not in this workspace"):
        count_copies_separately(store, SAMPLE_WORKSPACE, ["no-such-highlight"])


def test_weights_saved_for_the_earlier_score_are_set_aside(study: Store) -> None:
    earlier = {"participants": 0.35, "breadth": 0.2, "votes": 0.2, "severity": 0.15, "recency": 0.1}
    with study.action(WS, "test.earlier") as act:
        act.conn.execute(
            schema.workspaces.update()
            .where(schema.workspaces.c.id == act.workspace_id)
            .values(settings={"priority_weights": earlier})
        )
    settings = study.load(WS).info.settings
    assert Weights.from_settings(settings) == Weights()  # they meant something else
    assert earlier_weights_ignored(settings)

    save_weights(study, WS, Weights(participants=1, breadth=0.5, votes=0, severity=0, recency=0))
    settings = study.load(WS).info.settings
    assert Weights.from_settings(settings).breadth == 0.5
    assert not earlier_weights_ignored(settings)

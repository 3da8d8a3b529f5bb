"""Live updates in the core: the cheap revision read, the changes since, and the notice."""

from __future__ import annotations

import pytest
from small_study import WS, make_study

from insights import people
from insights.live import (
    Change,
    all_own,
    changes_since,
    current_revision,
    interval_seconds,
    notice,
)
from insights.store import Store
from insights.theme_assignment import Move, assign


@pytest.fixture
def study(store: Store) -> Store:
    return make_study(store)


def _pain(study: Store) -> int:
    return int(study.load(WS).themes.set_index("name").loc["Pain points", "id"])


def test_the_revision_read_moves_with_each_action_and_names_the_workspace(study: Store) -> None:
    workspace_id, before = current_revision(study, WS)
    with people.acting_as("dana@example.com"):
        assign(study, WS, [Move("highlight:c1", ["c1"], _pain(study))], via="drag")
    assert current_revision(study, WS) == (workspace_id, before + 1)


def test_changes_since_a_revision_name_who_and_what_oldest_first(study: Store) -> None:
    workspace_id, seen = current_revision(study, WS)
    pain = _pain(study)
    with people.acting_as("dana@example.com"):
        assign(study, WS, [Move("highlight:c1", ["c1"], pain)], via="drag", describe="1 card to X")
    with people.acting_as("lee@example.com"):
        assign(study, WS, [Move("highlight:a1", ["a1"], pain)], via="drag", describe="1 card to Y")

    found = changes_since(study, workspace_id, seen)

    assert [(c.revision, c.actor, c.subject) for c in found] == [
        (seen + 1, "dana@example.com", "1 card to X (drag)"),
        (seen + 2, "lee@example.com", "1 card to Y (drag)"),
    ]
    assert changes_since(study, workspace_id, seen + 2) == []


def test_a_move_reads_as_a_sentence_without_how_it_was_made() -> None:
    move = Change(5, "themes.assign", "dana@example.com", "3 cards to Pain points (drag)")
    assert notice([move]) == "dana@example.com moved 3 cards to Pain points"


def test_several_changes_by_one_person_and_by_several() -> None:
    a = Change(5, "theme.create", "dana@example.com", "Pricing")
    b = Change(6, "themes.assign", "dana@example.com", "1 card to Pricing (selection)")
    c = Change(7, "insight.vote", "lee@example.com", "theme:3")
    assert notice([a]) == "dana@example.com added the theme Pricing"
    assert notice([a, b]) == "dana@example.com moved 1 card to Pricing and made 1 other change"
    assert notice([a, b, c]) == (
        "dana@example.com and lee@example.com made 3 changes; last, lee@example.com voted"
    )
    assert notice([]) is None


def test_in_single_user_mode_another_tab_is_you() -> None:
    move = Change(5, "themes.assign", "you", "1 card to Pain points (drag)")
    assert notice([move]) == "You moved 1 card to Pain points"


def test_an_unknown_action_or_an_unnamed_person_still_reads() -> None:
    assert notice([Change(2, "something.new", "", "x")]) == "— made a change"


def test_only_revisions_this_tab_made_count_as_its_own() -> None:
    assert all_own(4, 6, {5, 6})
    assert not all_own(4, 6, {6})
    assert all_own(6, 6, set())


def test_the_poll_interval_comes_from_the_environment() -> None:
    assert interval_seconds({}) == 2.0
    assert interval_seconds({"INSIGHTS_LIVE_SECONDS": "0.5"}) == 0.5
    assert interval_seconds({"INSIGHTS_LIVE_SECONDS": "soon"}) == 2.0
    assert interval_seconds({"INSIGHTS_LIVE_SECONDS": "-1"}) == 2.0

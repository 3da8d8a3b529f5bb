"""Actions taken from a page drawn before a colleague's change: refused, with a reason.

The pages pass what they showed (the step an Undo button named, the insight on
screen); the core checks it is still so, in the store, on every backend.
"""

from __future__ import annotations

import pytest
from small_study import WS, make_study

from insights.decisions import DecisionProblem, link, set_decision, set_severity, set_votes
from insights.grouping import accept_group, decision_stacks, rename_group, undo_last
from insights.history import StaleStep
from insights.theme_assignment import Move, assign, delete_theme, move_stacks, undo_move


@pytest.fixture
def study(store):
    return make_study(store)


def _theme(study, name: str) -> int:
    return int(study.load(WS).themes.set_index("name").loc[name, "id"])


def test_undo_takes_back_only_the_move_the_button_named(study) -> None:
    love = _theme(study, "Product love")
    assign(study, WS, [Move("highlight:c1", ["c1"], love)], via="t")
    offered = move_stacks(study, WS).next_undo.event_id
    undo_move(study, WS)  # a colleague undid it, then moved another card
    assign(study, WS, [Move("highlight:a1", ["a1"], love)], via="t")

    with pytest.raises(StaleStep, match="Nothing to undo"):
        undo_move(study, WS, expected=offered)

    themes = study.load(WS).assignments.set_index("highlight_id")["theme_id"]
    assert themes["a1"] == love
    assert undo_move(study, WS, expected=move_stacks(study, WS).next_undo.event_id)


def test_undo_takes_back_only_the_group_decision_the_button_named(study) -> None:
    first, second = sorted(int(c) for c in study.load(WS).clusters["id"])[:2]
    accept_group(study, WS, first)
    offered = decision_stacks(study, WS).next_undo.event_id
    rename_group(study, WS, second, "Said by a colleague")

    with pytest.raises(StaleStep):
        undo_last(study, WS, expected=offered)
    assert "Said by a colleague" in set(study.load(WS).clusters["label"])

    undo_last(study, WS)  # the colleague's own undo
    undo_last(study, WS)
    with pytest.raises(StaleStep, match="Nothing to undo"):
        undo_last(study, WS, expected=offered)  # already undone


def test_a_decision_vote_rating_or_link_for_a_deleted_insight_is_refused(study) -> None:
    pain = _theme(study, "Pain points")
    delete_theme(study, WS, pain)
    key = f"theme:{pain}"
    for action in (
        lambda: set_decision(study, WS, key, "Act now", "note"),
        lambda: set_votes(study, WS, key, 1),
        lambda: set_severity(study, WS, key, 4),
        lambda: link(study, WS, key, "R1"),
    ):
        with pytest.raises(DecisionProblem, match="no longer in this workspace"):
            action()
    data = study.load(WS)
    assert key not in set(data.decisions["insight_key"]) | set(data.votes["insight_key"])


@pytest.mark.parametrize("key", ["cluster:999", "highlight:nope", "theme:x", "Pain points"])
def test_a_key_that_names_no_insight_is_refused(study, key: str) -> None:
    with pytest.raises(DecisionProblem):
        set_decision(study, WS, key, "Act now")


def test_decisions_on_groups_and_highlights_that_exist_are_kept(study) -> None:
    cluster = int(study.load(WS).clusters["id"].iloc[0])
    set_decision(study, WS, f"cluster:{cluster}", "Act now")
    set_decision(study, WS, "highlight:c1", "Revisit later")
    assert set(study.load(WS).decisions["insight_key"]) == {f"cluster:{cluster}", "highlight:c1"}

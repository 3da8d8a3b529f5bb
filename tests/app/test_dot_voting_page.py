"""The Workshop page for signed-in people: each places their own dots and sees those left."""

from __future__ import annotations

from fake_clicks import click, drawn, is_disabled
from streamlit.testing.v1 import AppTest

from insights import dots, people
from insights.model import SAMPLE_WORKSPACE
from insights.prioritize import prioritize
from insights.store import Store
from insights.theme_assignment import Move, assign
from insights.ui.text import md_escape
from insights.ui.vote_buttons import DOT_BACK, DOT_PLACE, ROOM_UP

PAGE = "pages/workshop.py"


def _signed_in(new_app, email: str) -> AppTest:
    at = new_app()
    at.user = {"is_logged_in": True, "email": email, "name": email.split("@")[0]}
    at.query_params["workspace"] = SAMPLE_WORKSPACE
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _dots_left(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Your dots left"))


def _first(store: Store) -> str:
    return prioritize(store.load(SAMPLE_WORKSPACE)).themes["key"].iloc[0]


def test_a_signed_in_person_places_their_own_dots(sorted_sample: Store, new_app) -> None:
    key = _first(sorted_sample)
    before = int(prioritize(sorted_sample.load(SAMPLE_WORKSPACE)).themes["votes"].iloc[0])
    at = _signed_in(new_app, "alice@example.com")
    assert _dots_left(at) == "**Your dots left: 5 of 5**"
    assert set(drawn(at)["buttons"]) == {DOT_BACK, DOT_PLACE}  # no room count here

    click(at, DOT_PLACE)

    assert _dots_left(at).startswith("**Your dots left: 4 of 5**")
    assert is_disabled(at, DOT_PLACE)  # one dot per insight by default
    votes = sorted_sample.load(SAMPLE_WORKSPACE).votes.set_index("insight_key")["votes"]
    assert int(votes[key]) == before + 1
    assert any(md_escape("alice@example.com") in c.value for c in at.caption)

    bob = _signed_in(new_app, "bob@example.com")
    assert _dots_left(bob) == "**Your dots left: 5 of 5**"
    click(bob, DOT_PLACE)
    assert (
        int(sorted_sample.load(SAMPLE_WORKSPACE).votes.set_index("insight_key")["votes"][key])
        == before + 2
    )

    click(at, DOT_BACK)
    assert _dots_left(at) == "**Your dots left: 5 of 5**"
    assert dots.voters(sorted_sample, SAMPLE_WORKSPACE, key) == [("bob@example.com", 1)]


def test_the_facilitator_sets_the_dots_and_a_new_round(sorted_sample: Store, new_app) -> None:
    at = _signed_in(new_app, "dana@example.com")
    at.number_input[0].set_value(2)
    at.checkbox(key="workshop_dot_stack").check()
    at.button[[b.label for b in at.button].index("Save the voting rules")].click().run()

    rules = dots.rules_of(sorted_sample.workspace(SAMPLE_WORKSPACE).settings)
    assert (rules.dots, rules.stack) == (2, True)
    click(at, DOT_PLACE)
    click(at, DOT_PLACE)
    assert _dots_left(at).startswith("**Your dots left: 0 of 2**")
    assert is_disabled(at, DOT_PLACE)

    at.button(key="workshop_dot_round").click().run()
    assert _dots_left(at).startswith("**Your dots left: 2 of 2**")
    key = _first(sorted_sample)
    assert dots.voters(sorted_sample, SAMPLE_WORKSPACE, key) == [("dana@example.com", 2)]


def test_without_sign_in_the_room_count_is_entered_as_before(
    sorted_sample: Store, open_page
) -> None:
    at = open_page(PAGE)
    assert not [m for m in at.markdown if m.value.startswith("**Your dots left")]
    assert "Save the voting rules" not in [b.label for b in at.button]
    click(at, ROOM_UP)
    click(at, ROOM_UP)
    key = _first(sorted_sample)
    assert (
        dots.voters(sorted_sample, SAMPLE_WORKSPACE, key) == []
    )  # the room's count, no one's dots


def test_what_a_signed_in_person_does_is_recorded_under_their_name(
    sorted_sample: Store, new_app
) -> None:
    at = _signed_in(new_app, "Dana@Example.com")
    click(at, DOT_PLACE)
    radio = next(r for r in at.radio if r.key.startswith("workshop_decide_"))
    radio.set_value("Act now")
    next(b for b in at.button if b.label == "Record decision").click().run()
    assert not at.exception, at.exception

    events = sorted_sample.event_log(SAMPLE_WORKSPACE)
    newest = events.head(2)
    assert newest["action"].tolist() == ["insight.decide", "insight.vote"]
    assert set(newest["actor"]) == {"dana@example.com"}
    key = _first(sorted_sample)
    decided = sorted_sample.load(SAMPLE_WORKSPACE).decisions.set_index("insight_key").loc[key]
    assert decided["decided_by"] == "dana@example.com"
    assert any(
        c.value.startswith("Act now: decided by " + md_escape("dana@example.com"))
        for c in at.caption
    )


def test_history_on_the_themes_page_names_who_moved_cards(sorted_sample: Store, new_app) -> None:
    at = _signed_in(new_app, "erin@example.com")
    key = _first(sorted_sample)
    theme_id = int(key.split(":")[1])
    hid = sorted_sample.load(SAMPLE_WORKSPACE).active_highlights["id"].iloc[0]
    with people.acting_as("frank@example.com"):  # a colleague, on another server
        assign(
            sorted_sample, SAMPLE_WORKSPACE, [Move(f"highlight:{hid}", [hid], theme_id)], via="t"
        )
    at.switch_page("pages/themes.py").run()
    at.segmented_control(key="themes_view").set_value("History").run()
    history = at.dataframe[0].value
    assert history.iloc[0]["Who"] == "frank@example.com"
    assert "you" in set(history["Who"])  # the sample was sorted without sign-in

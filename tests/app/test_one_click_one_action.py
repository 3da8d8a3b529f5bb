"""A click on a vote or dot button is counted once: never lost, never twice.

The load test (bench/load_sessions.py) saw Streamlit 1.67 hand one click on
its own button to two script runs (82 votes for 80 clicks from 20 sessions).
Our vote buttons number each click and resend unacknowledged ones
(insights/ui/click_buttons.py); the page acts on each number once, on the
insight the click was made on.
"""

from __future__ import annotations

from fake_clicks import click, drawn
from streamlit.testing.v1 import AppTest

from insights.model import SAMPLE_WORKSPACE
from insights.store import Store
from insights.ui.vote_buttons import ROOM_UP, votes_key

PAGE = "pages/workshop.py"


def _votes(store: Store) -> dict[str, int]:
    return store.load(SAMPLE_WORKSPACE).votes.set_index("insight_key")["votes"].to_dict()


def test_each_click_is_one_vote_and_a_click_seen_again_is_not(
    sorted_sample: Store, open_page
) -> None:
    at = open_page(PAGE)
    key = drawn(at)["target"]
    before = _votes(sorted_sample).get(key, 0)
    for _ in range(3):
        click(at, ROOM_UP)
    at.run()  # the same clicks reach another run (a live-update tick): nothing more
    at.run()
    assert _votes(sorted_sample)[key] == before + 3
    assert drawn(at)["acked"] == {"nonce": "tab-1", "seq": 3}  # the browser may forget them


def test_clicks_made_before_the_page_answers_all_count(sorted_sample: Store, open_page) -> None:
    at = open_page(PAGE)
    key = drawn(at)["target"]
    before = _votes(sorted_sample).get(key, 0)
    click(at, ROOM_UP, times=4)  # four clicks arrive in one run
    assert _votes(sorted_sample)[key] == before + 4
    assert not at.exception


def test_a_click_counts_on_the_insight_it_was_made_on(sorted_sample: Store, open_page) -> None:
    """The room moved on (Next) before the click arrived: it counts where it was made."""
    at = open_page(PAGE)
    shown = drawn(at)
    first = shown["target"]
    before = _votes(sorted_sample)
    next(b for b in at.button if b.label == "Next").click().run()
    second = drawn(at)["target"]
    assert second != first
    at.session_state[votes_key(SAMPLE_WORKSPACE)] = {
        "clicks": {
            "nonce": "tab-1",
            "clicks": [
                {"seq": 1, "button": ROOM_UP, "target": first, "session": shown["session"]},
                {"seq": 2, "button": "<script>", "target": first, "session": shown["session"]},
                {"seq": 3, "button": ROOM_UP, "target": "", "session": shown["session"]},
                {"seq": 4, "button": [ROOM_UP], "target": first, "session": shown["session"]},
            ],
        }
    }
    at.run()
    assert not at.exception, at.exception
    after = _votes(sorted_sample)
    assert after[first] == before.get(first, 0) + 1
    assert sum(after.values()) == sum(before.values()) + 1
    assert drawn(at)["target"] == second  # the room stays where it is
    assert drawn(at)["acked"]["seq"] == 4  # the browser may forget the malformed ones too


def test_clicks_from_before_a_reconnect_are_not_counted_again(
    sorted_sample: Store, open_page
) -> None:
    """A new server session (a restart, a laptop woken after minutes) receives the
    browser's last outbox again: its clicks went to the old session, not this one."""
    at = open_page(PAGE)
    key = drawn(at)["target"]
    before = _votes(sorted_sample).get(key, 0)
    click(at, ROOM_UP, times=2)
    sent = at.session_state[votes_key(SAMPLE_WORKSPACE)]
    reconnected = open_page(PAGE)  # a new session: nothing acted on, a new stamp
    reconnected.session_state[votes_key(SAMPLE_WORKSPACE)] = sent
    reconnected.run()
    assert _votes(sorted_sample)[key] == before + 2
    click(reconnected, ROOM_UP)  # a click on the buttons the new session drew
    assert _votes(sorted_sample)[key] == before + 3


def test_each_tab_counts_its_own_clicks(sorted_sample: Store, new_app) -> None:
    """Two tabs' first clicks are two votes: what one tab acted on is its own."""
    tabs: list[AppTest] = []
    for _ in range(2):
        at = new_app()
        at.query_params["workspace"] = SAMPLE_WORKSPACE
        at.run()
        at.switch_page(PAGE).run()
        tabs.append(at)
    key = drawn(tabs[0])["target"]
    before = _votes(sorted_sample).get(key, 0)
    for at in tabs:
        click(at, ROOM_UP)
    assert _votes(sorted_sample)[key] == before + 2

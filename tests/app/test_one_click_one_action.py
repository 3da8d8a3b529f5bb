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
    at = open_page(PAGE)
    first = drawn(at)["target"]
    before = _votes(sorted_sample)
    at.session_state[votes_key(SAMPLE_WORKSPACE)] = {
        "clicks": {
            "nonce": "tab-1",
            "clicks": [
                {"seq": 1, "button": ROOM_UP, "target": first},
                {"seq": 2, "button": "<script>", "target": first},  # no such button
                {"seq": 3, "button": ROOM_UP, "target": ""},  # made on nothing
            ],
        }
    }
    at.run()
    after = _votes(sorted_sample)
    assert after[first] == before.get(first, 0) + 1
    assert sum(after.values()) == sum(before.values()) + 1


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

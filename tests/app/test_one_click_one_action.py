"""A click that adds (a vote, a dot) is counted once, even when Streamlit delivers it twice.

The load test (bench/load_sessions.py) saw Streamlit 1.67 hand one click to two
script runs: 62 votes for 60 clicks from 20 sessions. Both deliveries call back
with the arguments the button was drawn with; ``attempt(click=...)`` acts on the
first only, while a new click (on the button drawn again) is counted.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from insights.model import SAMPLE_WORKSPACE
from insights.store import Store

PAGE = "pages/workshop.py"


def _deliveries() -> None:
    import streamlit as st

    from insights.ui.state import attempt

    done: list[int] = st.session_state.setdefault("done", [])
    if not done:
        attempt(done.append, 1, success="counted", click="first click")
        attempt(done.append, 2, success="counted", click="first click")  # delivered again
        attempt(done.append, 3, success="counted", click="second click")
        attempt(done.append, 4, success="counted")  # no token: every call acts
        attempt(done.append, 5, success="counted")
    st.write(f"acted on {done}")


def test_the_same_click_delivered_twice_acts_once() -> None:
    at = AppTest.from_function(_deliveries).run()
    assert not at.exception, at.exception
    assert at.markdown[0].value == "acted on [1, 3, 4, 5]"


def test_each_click_on_the_vote_button_is_a_vote(sorted_sample: Store, open_page) -> None:
    at = open_page(PAGE)
    key = at.selectbox(key="workshop_jump").value
    before = sorted_sample.load(SAMPLE_WORKSPACE).votes.set_index("insight_key")["votes"]
    for _ in range(3):  # the button is drawn again after each click, with a new token
        at.button(key="workshop_vote_up").click().run()
    after = sorted_sample.load(SAMPLE_WORKSPACE).votes.set_index("insight_key")["votes"]
    assert int(after[key]) == int(before.get(key, 0)) + 3

"""Our components as Streamlit draws them (the other page tests use stand-ins): any
workspace name works, and a click sent in the component's shape is counted once."""

from __future__ import annotations

import pytest
from small_study import make_study

from insights.store import Store
from insights.ui.vote_buttons import ROOM_UP, votes_key

pytestmark = pytest.mark.real_components

ODD_NAME = "Q3__study <b>&</b>"  # Streamlit refuses component keys that hold "__"


@pytest.fixture
def odd_study(app_url: str) -> Store:
    return make_study(Store(app_url), workspace=ODD_NAME)


def test_the_board_and_the_vote_buttons_draw_for_any_workspace_name(
    odd_study: Store, open_page
) -> None:
    for page in ("pages/themes.py", "pages/workshop.py"):
        at = open_page(page, {"workspace": ODD_NAME})
        assert not at.exception, at.exception
        assert at.session_state["workspace"] == ODD_NAME


def test_a_click_in_the_real_component_shape_is_one_vote(odd_study: Store, open_page) -> None:
    at = open_page("pages/workshop.py", {"workspace": ODD_NAME})
    key = at.session_state["workshop_key"]
    session = at.session_state["_clicks_session"]
    click = {"seq": 1, "button": ROOM_UP, "target": key, "session": session}
    at.session_state[votes_key(ODD_NAME)] = {"clicks": {"nonce": "tab", "clicks": [click]}}
    at.run()
    at.run()  # the same state again
    assert not at.exception, at.exception
    votes = odd_study.load(ODD_NAME).votes.set_index("insight_key")["votes"]
    assert int(votes[key]) == 1

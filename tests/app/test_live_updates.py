"""Live updates: a colleague's change, made through the store, shows and is announced."""

from __future__ import annotations

import pytest
from fake_board import FakeBoard
from markup import as_text
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from insights import people
from insights.model import SAMPLE_WORKSPACE
from insights.store import Store
from insights.theme_assignment import Move, assign


@pytest.fixture
def page(app: AppTest, board: FakeBoard) -> AppTest:
    app.switch_page("pages/themes.py").run()
    assert not app.exception
    return app


def _toasts(at: AppTest) -> list[str]:
    return [as_text(t.value) for t in at.toast]


def _colleague_moves(app_url: str, highlight: str, theme: str) -> None:
    store = Store(app_url)
    theme_id = int(store.load(SAMPLE_WORKSPACE).themes.set_index("name").loc[theme, "id"])
    with people.acting_as("dana@example.com"):
        move = Move(f"highlight:{highlight}", [highlight], theme_id)
        assign(store, SAMPLE_WORKSPACE, [move], via="drag", describe=f"1 card to {theme}")


def _tick(url: str, workspace: str) -> None:
    """A page whose poll runs on demand: as the fragment's tick would, without the page."""
    import streamlit as st

    from insights.store import Store
    from insights.ui import live_updates as live

    store = Store(url)
    if st.session_state.pop("tick", False):
        live._poll(store, workspace, st.session_state.get("board", False))
        st.stop()
    st.session_state["draws"] = st.session_state.get("draws", 0) + 1
    live.follow(store, workspace, store.load(workspace))
    if st.button("Move one myself"):
        theme_id = int(store.load(workspace).themes["id"].iloc[0])
        assign(store, workspace, [Move("highlight:H002", ["H002"], theme_id)], via="drag")


def test_a_colleagues_move_shows_on_the_board_and_is_announced(
    page: AppTest, board: FakeBoard, app_url: str
) -> None:
    _colleague_moves(app_url, "H001", "Pain points")
    page.run()

    assert not page.exception
    assert board.keys_in("Pain points") == ["highlight:H001"]
    assert "dana@example.com moved 1 card to Pain points" in _toasts(page)
    page.run()
    assert not any("dana" in t for t in _toasts(page))  # said once


def test_a_tabs_own_drag_is_not_announced_to_itself(
    page: AppTest, board: FakeBoard, app_url: str
) -> None:
    board.drop("highlight:H001", "Pain points")
    page.run()
    page.run()
    assert board.keys_in("Pain points") == ["highlight:H001"]
    assert not any("moved" in t for t in _toasts(page))


def test_a_poll_reruns_the_page_only_for_someone_elses_change(
    app_url: str, sorted_sample: Store
) -> None:
    at = AppTest.from_function(_tick, args=(app_url, SAMPLE_WORKSPACE), default_timeout=60)
    at.run()
    at.session_state["tick"] = True
    at.run()
    assert at.session_state["draws"] == 1  # nothing new: the page was not redrawn

    at.run()
    at.button[0].click().run()  # this tab's own change, after the page read the workspace
    at.session_state["tick"] = True
    at.run()
    assert at.session_state["draws"] == 3  # no rerun for it
    assert not at.toast

    _colleague_moves(app_url, "H001", "Pain points")
    at.session_state["tick"] = True
    at.run()
    assert not at.exception
    assert at.session_state["draws"] == 4
    assert _toasts(at) == ["dana@example.com moved 1 card to Pain points"]


def test_a_poll_waits_while_the_board_still_holds_a_move(
    app_url: str, sorted_sample: Store, monkeypatch
) -> None:
    monkeypatch.setattr("insights.ui.live_updates.has_pending_moves", lambda workspace: True)
    at = AppTest.from_function(_tick, args=(app_url, SAMPLE_WORKSPACE), default_timeout=60)
    at.run()
    _colleague_moves(app_url, "H001", "Pain points")
    at.session_state["board"] = True
    at.session_state["tick"] = True
    at.run()
    assert at.session_state["draws"] == 1

    monkeypatch.setattr("insights.ui.live_updates.has_pending_moves", lambda workspace: False)
    at.session_state["tick"] = True
    at.run()
    assert at.session_state["draws"] == 2  # saved: the next tick reruns


def test_a_poll_that_cannot_reach_the_store_waits_without_an_error_box(
    app_url: str, sorted_sample: Store, monkeypatch
) -> None:
    at = AppTest.from_function(_tick, args=(app_url, SAMPLE_WORKSPACE), default_timeout=60)
    at.run()

    def unreachable(store, workspace):
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr("insights.ui.live_updates.current_revision", unreachable)
    at.session_state["tick"] = True
    at.run()
    assert not at.exception
    assert at.session_state["draws"] == 1

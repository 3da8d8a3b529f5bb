"""Live updates in two browsers: a card dragged in one appears on the other's board
within about 3 seconds, without a reload, and the other is told who moved what."""

from __future__ import annotations

import time

from board import card, cards_in, column, drag_card, first_pool_card, wait_saved
from playwright.sync_api import Page, expect
from streamlit_page import open_app

from insights.model import SAMPLE_WORKSPACE
from insights.store import Store
from insights.workspaces import ensure_samples


def _two_people_on_the_board(
    start_server, tmp_path, page: Page, new_page, monkeypatch
) -> tuple[Page, str]:
    """A server on the samples that polls every second, ``page`` and a colleague both on
    its Themes board: the colleague's page, and the store's URL."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = Store(url)
    ensure_samples(store)
    store.close()
    monkeypatch.setenv("INSIGHTS_LIVE_SECONDS", "1")
    server = start_server(url)
    open_app(page, f"{server.url}/themes")
    colleague = new_page()
    open_app(colleague, f"{server.url}/themes")
    return colleague, url


def test_a_drag_in_one_browser_shows_on_the_other_board_without_a_reload(
    start_server, tmp_path, page: Page, new_page, monkeypatch
) -> None:
    colleague, _ = _two_people_on_the_board(start_server, tmp_path, page, new_page, monkeypatch)
    key = first_pool_card(page)
    before = colleague.evaluate("performance.timeOrigin")

    drag_card(page, key, "Pain points")
    wait_saved(page)
    saved = time.monotonic()

    pain_points = column(colleague, "Pain points").get_attribute("data-column")
    expect(card(colleague, key)).to_have_attribute("data-column", pain_points, timeout=3_000)
    toast = colleague.get_by_test_id("stToast")
    expect(toast).to_contain_text("You moved 1 card to Pain points", timeout=1_000)
    assert time.monotonic() - saved < 3.5
    assert colleague.evaluate("performance.timeOrigin") == before  # never reloaded
    expect(page.get_by_test_id("stToast").filter(has_text="moved 1 card")).to_have_count(0)


def test_a_live_rerun_while_a_card_is_held_keeps_the_drag(
    start_server, tmp_path, page: Page, new_page, monkeypatch
) -> None:
    colleague, url = _two_people_on_the_board(start_server, tmp_path, page, new_page, monkeypatch)
    mine, theirs = cards_in(page, "Unassigned").nth(0), cards_in(page, "Unassigned").nth(1)
    mine, theirs = mine.get_attribute("data-key"), theirs.get_attribute("data-key")

    def meanwhile(release) -> None:
        drag_card(page, mine, "Pain points")  # a colleague's move while the card is held
        wait_saved(page)
        expect(colleague.get_by_test_id("stToast")).to_contain_text("moved 1 card to Pain points")
        release()

    drag_card(colleague, theirs, "Product love", settle=meanwhile)
    wait_saved(colleague)

    for person in (page, colleague):
        for key, theme in ((mine, "Pain points"), (theirs, "Product love")):
            target = column(person, theme).get_attribute("data-column")
            expect(card(person, key)).to_have_attribute("data-column", target, timeout=5_000)
    events = Store(url).event_log(SAMPLE_WORKSPACE)
    assert (events["action"] == "themes.assign").sum() == 2  # both drags saved, once each

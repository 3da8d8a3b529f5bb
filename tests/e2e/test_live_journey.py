"""Live updates in two browsers: a card dragged in one appears on the other's board
within about 3 seconds, without a reload, and the other is told who moved what."""

from __future__ import annotations

import time

from board import card, column, drag_card, first_pool_card, wait_saved
from playwright.sync_api import Page, expect
from streamlit_page import open_app

from insights.store import Store
from insights.workspaces import ensure_samples


def test_a_drag_in_one_browser_shows_on_the_other_board_without_a_reload(
    start_server, tmp_path, page: Page, new_page, monkeypatch
) -> None:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    ensure_samples(Store(url))
    monkeypatch.setenv("INSIGHTS_LIVE_SECONDS", "1")
    server = start_server(url)
    open_app(page, f"{server.url}/themes")
    colleague = new_page()
    open_app(colleague, f"{server.url}/themes")
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

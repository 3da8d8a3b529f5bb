"""A person sorts cards on the theme board with the mouse: ten drags in a row, a refresh,
a colleague's view, undo; drags made faster than the server saves them; a board of
fifteen themes and 3,000 notes that fits in about two screens.

The drags run on SQLite and, when CI names a server, on PostgreSQL: a team's store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from backends import BACKENDS, fresh_database
from board import board, card, cards_in, column, drag_card, first_pool_card, wait_saved
from large_study import WS, make_large_study
from playwright.sync_api import Page, expect
from streamlit_page import open_app, wait_for_app

from insights.store import Store


@pytest.fixture(scope="module", params=BACKENDS)
def server(request, start_server, tmp_path_factory) -> Iterator:
    """The app on a store of its own, once per backend."""
    with fresh_database(request.param, tmp_path_factory.mktemp("board")) as url:
        running = start_server(url)
        yield running
        running.stop()


def _watch_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _keys(page: Page, name: str) -> set[str]:
    return set(cards_in(page, name).evaluate_all("cards => cards.map(c => c.dataset.key)"))


def _open_tile(page: Page, name: str) -> None:
    """Show every card of a tile (it shows its newest few until opened)."""
    show_all = column(page, name).get_by_role("button", name="Show all")
    expect(show_all).to_be_visible()
    show_all.click()
    expect(column(page, name).get_by_role("button", name="Show fewer")).to_be_visible()


def test_ten_drags_in_a_row_a_refresh_a_colleague_and_undo(page: Page, server, new_page) -> None:
    errors = _watch_errors(page)
    open_app(page, f"{server.url}/themes")
    expect(column(page, "Unassigned")).to_contain_text("1–30 of 285")  # a paged pool
    expect(cards_in(page, "Pain points")).to_have_count(0)

    moved = []
    for _ in range(10):
        key = first_pool_card(page)
        drag_card(page, key, "Pain points")
        wait_saved(page)
        expect(card(page, key)).to_have_attribute(
            "data-column", column(page, "Pain points").get_attribute("data-column")
        )
        moved.append(key)
    expect(page.locator(".board .status")).to_have_text("Moved 1 card to Pain points.")
    expect(column(page, "Pain points").locator(".count")).to_have_text("10 cards")

    page.reload()
    wait_for_app(page)
    _open_tile(page, "Pain points")
    assert _keys(page, "Pain points") == set(moved)
    assert not set(moved) & _keys(page, "Unassigned")

    colleague = new_page()
    open_app(colleague, f"{server.url}/themes")
    _open_tile(colleague, "Pain points")
    assert _keys(colleague, "Pain points") == set(moved)

    page.get_by_role("button", name="Undo").click()
    wait_for_app(page)
    expect(cards_in(page, "Pain points")).to_have_count(9)
    expect(page.locator(".board .status")).to_contain_text("Undid: 1 card to Pain points")
    expect(page.get_by_text("Component Error")).to_have_count(0)
    assert errors == []


def test_drags_faster_than_the_saves_are_all_kept(page: Page, server) -> None:
    errors = _watch_errors(page)
    open_app(page, f"{server.url}/themes")
    expect(board(page)).to_be_visible()
    before = len(_keys(page, "Marketing & brand"))
    moved = []
    for _ in range(5):  # no wait between drops: the outbox queues them
        key = first_pool_card(page)
        drag_card(page, key, "Marketing & brand")
        moved.append(key)
    wait_saved(page)
    page.reload()
    wait_for_app(page)
    _open_tile(page, "Marketing & brand")
    assert set(moved) <= _keys(page, "Marketing & brand")
    assert len(_keys(page, "Marketing & brand")) == before + 5
    expect(page.get_by_text("Component Error")).to_have_count(0)
    assert errors == []


def test_fifteen_themes_and_three_thousand_notes_fit_in_about_two_screens(
    browser, start_server, tmp_path_factory
) -> None:
    url = f"sqlite:///{tmp_path_factory.mktemp('large') / 'store.db'}"
    make_large_study(Store(url)).close()
    running = start_server(url)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        open_app(page, f"{running.url}/themes?workspace={WS.replace(' ', '+')}")
        expect(page.locator(".board .tile")).to_have_count(15)
        expect(column(page, "Unassigned")).to_contain_text("1–30 of 1,500")
        height = page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
        assert height <= 2 * 900, f"the board is {height}px tall at 1440×900"
        # the themes come first, above the pool, and every tile starts on the first screen
        # or just below it (the tile area scrolls on its own)
        first_tile = page.locator(".board .tile").first.bounding_box()
        pool = column(page, "Unassigned").bounding_box()
        assert first_tile["y"] < pool["y"] and first_tile["y"] < 900
        for tile in page.locator(".board .tile").all():
            assert tile.locator(".card").count() <= 2  # compact: the newest, not all
        key = first_pool_card(page)
        drag_card(page, key, "Tag 11")
        wait_saved(page)
        expect(page.locator(".board .status")).to_have_text("Moved 1 card to Tag 11.")
    finally:
        context.close()

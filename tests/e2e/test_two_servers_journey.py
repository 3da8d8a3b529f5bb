"""Two app servers on one store, as a team runs it behind a load balancer or after a
restart: a card dragged through one is on the other's board, and both show the same
history. On SQLite and, when CI names a server, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from backends import BACKENDS, fresh_database
from board import card, cards_in, column, drag_card, first_pool_card, wait_saved
from playwright.sync_api import Page, expect
from streamlit_page import open_app, wait_for_app

from insights.store import Store
from insights.workspaces import ensure_samples


@pytest.fixture(scope="module", params=BACKENDS)
def two_servers(request, start_server, tmp_path_factory) -> Iterator[tuple]:
    with fresh_database(request.param, tmp_path_factory.mktemp("two")) as url:
        store = Store(url)
        ensure_samples(store)  # before either starts: both find the samples made
        store.close()
        first, second = start_server(url), start_server(url)
        yield first, second
        first.stop()
        second.stop()


def _history_rows(page: Page) -> list[str]:
    """The Themes page's history, read from the table's accessible cells."""
    page.get_by_role("radio", name="History", exact=True).click()
    wait_for_app(page)
    grid = page.get_by_test_id("stDataFrame").first
    cells = grid.locator("td[role=gridcell]")  # the grid's accessible table
    expect(cells.filter(has_text="Pain points").first).to_be_attached()
    return grid.locator("tr").all_inner_texts()


def test_a_drag_through_one_server_is_on_the_other_with_the_same_history(
    two_servers, page: Page, new_page
) -> None:
    first, second = two_servers
    open_app(page, f"{first.url}/themes")
    colleague = new_page()
    open_app(colleague, f"{second.url}/themes")
    key = first_pool_card(page)
    expect(card(colleague, key)).to_have_attribute(
        "data-column", cards_in(colleague, "Unassigned").first.get_attribute("data-column")
    )

    drag_card(page, key, "Pain points")
    wait_saved(page)

    colleague.reload()
    wait_for_app(colleague)
    pain_points = column(colleague, "Pain points").get_attribute("data-column")
    expect(card(colleague, key)).to_have_attribute("data-column", pain_points)
    mine, theirs = _history_rows(page), _history_rows(colleague)
    assert any("Pain points" in row for row in mine), mine
    assert mine == theirs

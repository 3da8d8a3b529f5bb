"""A server that has just started, and several people open a page's link at once (a
tab left open across a restart, a link shared in a meeting): every one of them gets the
page, none an exception box."""

from __future__ import annotations

from playwright.sync_api import expect
from streamlit_page import wait_for_app

from insights.model import SYNTHESIZED_WORKSPACE
from insights.store import Store
from insights.workspaces import ensure_samples

PEOPLE = 5


def test_several_people_opening_a_page_link_on_a_fresh_server_all_get_the_page(
    start_server, tmp_path, new_page
) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = Store(url)
    ensure_samples(store)
    store.close()
    server = start_server(url)  # nothing has run on it yet
    pages = [new_page() for _ in range(PEOPLE)]
    link = f"{server.url}/insights?workspace={SYNTHESIZED_WORKSPACE.replace(' ', '%20')}"
    for page in pages:  # all connect before any has drawn its page
        page.goto(link, wait_until="commit")
    for page in pages:
        wait_for_app(page)
        expect(page.get_by_text("Prioritized insights")).to_be_visible()
        expect(page.get_by_test_id("stException")).to_have_count(0)

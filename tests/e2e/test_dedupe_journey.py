"""A person groups the sample's repeated feedback, accepts a group, refreshes, and finds it kept;
and sees two notes in other words grouped by meaning, with the reason shown."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from streamlit_page import open_app, wait_for_app

SHIPPING = "For a small order the shipping is just too expensive."
LATE = "My order arrived late, it took about ten days."
NINE_DAYS = "Delivery took nine days, I'd forgotten I ordered it by the time it came."


def group_headline(page: Page, text: str):
    """The group's bold headline, not the same words in its members' table."""
    return page.get_by_role("strong").filter(has_text=text)


def test_group_accept_and_refresh(page: Page, server) -> None:
    open_app(page, f"{server.url}/dedupe")
    expect(page.get_by_text("285 highlights would form 229 points")).to_be_visible()

    page.get_by_role("button", name="Group highlights").click()
    wait_for_app(page)
    expect(page.get_by_text("32 groups, largest first.")).to_be_visible()
    expect(group_headline(page, SHIPPING)).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ participants agreeing")).first).to_be_visible()

    page.get_by_role("button", name="Accept").first.click()
    wait_for_app(page)
    expect(
        page.get_by_text("31 groups, largest first.")
    ).to_be_visible()  # one left the review queue

    page.reload()
    wait_for_app(page)
    page.get_by_text("Accepted", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_role("button", name="Undo accepting a group")).to_be_visible()


def test_two_notes_in_other_words_are_grouped_by_meaning(
    page: Page, start_server, tmp_path
) -> None:
    server = start_server(f"sqlite:///{tmp_path / 'store.db'}")  # a sample of its own
    open_app(page, f"{server.url}/dedupe")
    expect(page.get_by_role("radio", name="By meaning and wording")).to_be_checked()
    page.get_by_role("button", name="Group highlights").click()
    wait_for_app(page)

    expect(page.get_by_text("32 groups, largest first.")).to_be_visible()
    search = page.get_by_placeholder("a word in the group")
    search.fill("ten days")
    search.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("1 group, largest first.")).to_be_visible()
    grid = page.get_by_test_id("stDataFrame")
    expect(grid).to_have_count(1)
    cells = grid.locator("td[role=gridcell]")  # the grid's accessible table
    expect(cells.filter(has_text=LATE)).to_have_count(1)
    expect(cells.filter(has_text=NINE_DAYS)).to_have_count(1)
    expect(cells.filter(has_text="says it best")).to_have_count(1)
    expect(cells.filter(has_text=re.compile(r"^same meaning \d+$"))).to_have_count(1)

"""A person groups the sample's repeated feedback, accepts a group, refreshes, and finds it kept."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from streamlit_page import open_app, wait_for_app

SHIPPING = "For a small order the shipping is just too expensive."


def group_headline(page: Page, text: str):
    """The group's bold headline, not the same words in its members' table."""
    return page.get_by_role("strong").filter(has_text=text)


def test_group_accept_and_refresh(page: Page, server) -> None:
    open_app(page, f"{server.url}/dedupe")
    expect(page.get_by_text("285 highlights would form 267 points")).to_be_visible()

    page.get_by_role("button", name="Group highlights").click()
    wait_for_app(page)
    expect(page.get_by_text("11 groups, largest first.")).to_be_visible()
    expect(group_headline(page, SHIPPING)).to_be_visible()
    expect(page.get_by_text("4 participants agreeing").first).to_be_visible()

    page.get_by_role("button", name="Accept").first.click()
    wait_for_app(page)
    expect(
        page.get_by_text("10 groups, largest first.")
    ).to_be_visible()  # one left the review queue

    page.reload()
    wait_for_app(page)
    page.get_by_text("Accepted", exact=True).click()
    wait_for_app(page)
    expect(group_headline(page, SHIPPING)).to_be_visible()
    expect(page.get_by_role("button", name="Undo accepting a group")).to_be_visible()

"""A person drags a card onto a theme, refreshes and finds it there; a colleague sees it; undo returns it."""

from __future__ import annotations

from board import card, column, drag_card
from playwright.sync_api import Page, expect
from streamlit_page import open_app, wait_for_app


def test_drag_refresh_colleague_and_undo(page: Page, server, new_page) -> None:
    open_app(page, f"{server.url}/themes")
    expect(column(page, "Pain points").locator(".sortable-item")).to_have_count(0)

    drag_card(page, "H001", "Pain points")
    wait_for_app(page)
    expect(page.get_by_text("Moved to Pain points.")).to_be_visible()
    expect(column(page, "Pain points").locator(".sortable-item", has_text="H001 ·")).to_have_count(
        1
    )

    page.reload()
    wait_for_app(page)
    expect(column(page, "Pain points").locator(".sortable-item", has_text="H001 ·")).to_have_count(
        1
    )
    expect(column(page, "Unassigned").locator(".sortable-item", has_text="H001 ·")).to_have_count(0)

    colleague = new_page()
    open_app(colleague, f"{server.url}/themes")
    expect(
        column(colleague, "Pain points").locator(".sortable-item", has_text="H001 ·")
    ).to_have_count(1)

    page.get_by_role("button", name="Undo").click()
    wait_for_app(page)
    expect(column(page, "Pain points").locator(".sortable-item")).to_have_count(0)
    expect(card(page, "H001")).to_have_count(1)
    expect(column(page, "Unassigned").locator(".sortable-item", has_text="H001 ·")).to_have_count(1)

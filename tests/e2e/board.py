"""Dragging a card on the theme board, with the mouse, the way a person does.

The board is our own component, drawn in an open shadow root: Playwright's
CSS locators reach into it. A column is a theme tile (by its name) or the
Unassigned pool; a card is found by its key ("highlight:H001", "cluster:3").
"""

from __future__ import annotations

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

UNASSIGNED = "Unassigned"


def board(page: Page):
    return page.locator(".board")


def column(page: Page, name: str):
    """A theme tile by its exact name, or the Unassigned pool."""
    if name == UNASSIGNED:
        return page.locator(".board .pool")
    return page.locator(".board .tile").filter(
        has=page.locator(".tile-head .name").get_by_text(name, exact=True)
    )


def cards_in(page: Page, name: str):
    return column(page, name).locator(".card")


def card(page: Page, key: str):
    """A card, by its key ("highlight:H004", "cluster:12")."""
    return page.locator(f'.board .card[data-key="{key}"]')


def first_pool_card(page: Page) -> str:
    """The key of the first card in Unassigned."""
    return cards_in(page, UNASSIGNED).first.get_attribute("data-key")


def wait_saved(page: Page) -> None:
    """Every move the board holds has been saved and acknowledged."""
    expect(board(page)).to_have_attribute("data-pending", "0")


def _box(page: Page, locator, *, scroll: bool = False) -> dict:
    """Where an element is on screen, retried while the board redraws under it."""
    for _ in range(100):
        try:
            if scroll:
                locator.scroll_into_view_if_needed(timeout=2_000)
            box = locator.bounding_box(timeout=2_000)
        except PlaywrightError:
            box = None
        if box is not None:
            return box
        page.wait_for_timeout(20)
    raise AssertionError(f"{locator} is not on the board")


def drag_card(page: Page, key: str, name: str, settle=None):
    """Press on a card, move in small steps onto a column, let go.

    ``settle(release)``, when given, is called with the final release and its
    result returned (the latency benchmark times from the drop).
    """
    source = _box(page, card(page, key), scroll=True)
    page.mouse.move(source["x"] + source["width"] / 2, source["y"] + min(source["height"] / 2, 20))
    page.mouse.down()
    page.mouse.move(source["x"] + source["width"] / 2 + 8, source["y"] + 20, steps=4)
    target = _box(page, column(page, name))
    page.mouse.move(
        target["x"] + target["width"] / 2, target["y"] + min(target["height"] / 2, 40), steps=12
    )
    if settle is None:
        page.mouse.up()
        return None
    return settle(page.mouse.up)

"""Dragging a card on the theme board, with the mouse, the way a person does."""

from __future__ import annotations

from playwright.sync_api import Page

BOARD_FRAME = 'iframe[title="streamlit_sortables.sortable_items"]'


def board(page: Page):
    return page.frame_locator(BOARD_FRAME)


def column(page: Page, header: str):
    """A column of the board, by the start of its header."""
    return (
        board(page)
        .locator(".sortable-container")
        .filter(has=board(page).locator(".sortable-container-header", has_text=header))
    )


def card(page: Page, code: str):
    """A card, by its id ("H004", "G12")."""
    return board(page).locator(".sortable-item", has_text=f"{code} ·")


def drag_card(page: Page, code: str, header: str) -> None:
    """Press on a card, move in small steps onto a column, let go."""
    source = card(page, code).bounding_box()
    target = column(page, header).locator(".sortable-container-body").bounding_box()
    page.mouse.move(source["x"] + source["width"] / 2, source["y"] + source["height"] / 2)
    page.mouse.down()
    page.mouse.move(
        source["x"] + source["width"] / 2 + 5, source["y"] + source["height"] / 2 + 5, steps=5
    )
    page.mouse.move(
        target["x"] + target["width"] / 2, target["y"] + min(target["height"] / 2, 30), steps=20
    )
    page.mouse.up()

"""A facilitator runs a workshop on a 1280×720 projector: big type, keys to move, dots kept,
a timer that ticks on its own."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Browser, Page, expect
from streamlit_page import expect_metrics, open_app, wait_for_app


def test_a_workshop_on_a_projector(browser: Browser, sorted_server) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_app(page, f"{sorted_server.url}/workshop")

        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
        heading = page.locator("h2").first
        expect(heading).to_be_visible()
        size = heading.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 36, f"the insight's title is {size}px: too small for a room"
        expect(page.get_by_text("Insight 1 of 2")).to_be_visible()
        for control in (
            page.get_by_role("combobox", name="Jump to"),
            page.get_by_label("Note"),
            page.get_by_role("button", name="Next").locator("p").first,
        ):
            px = control.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
            assert px >= 20, f"a control in the room is {px}px: too small for a projector"
        # one arrow per button: the key hint; no arrow icon beside it
        for name in ("Previous", "Next"):
            button = page.get_by_role("button", name=name)
            expect(button.get_by_test_id("stIconMaterial")).to_have_count(0)
        first_title = heading.inner_text()

        page.locator("body").press("ArrowRight")  # the clicker's "next"
        wait_for_app(page)
        expect(page.get_by_text("Insight 2 of 2")).to_be_visible()
        second_title = page.locator("h2").first.inner_text()
        assert second_title != first_title

        page.get_by_role("button", name="+1").click()
        wait_for_app(page)
        expect(page.get_by_test_id("stMetric").filter(has_text="Dot votes")).to_contain_text("1")

        page.reload()  # the dot lives in the store, not in the browser
        _open_again_on(page, second_title)
        expect_metrics(page, {"Dot votes": "1"})

        plus = page.get_by_role("button", name="+1")
        for _ in range(3):  # three quick clicks, before the page answers: three dots
            plus.click()
        wait_for_app(page)
        expect(page.get_by_test_id("stMetric").filter(has_text="Dot votes")).to_contain_text("4")
        page.reload()
        _open_again_on(page, second_title)
        expect_metrics(page, {"Dot votes": "4"})

        _run_the_timer(page)
    finally:
        context.close()


def _clock(page: Page) -> int:
    minutes, seconds = page.locator(".workshop-clock").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def _open_again_on(page: Page, title: str) -> None:
    """After a reload the room opens on the first insight: go on to ``title``."""
    wait_for_app(page)
    for _ in range(2):
        if page.locator("h2").first.inner_text() == title:
            break
        page.get_by_role("button", name="Next").click()
        wait_for_app(page)
    assert page.locator("h2").first.inner_text() == title


def _run_the_timer(page: Page) -> None:
    """One minute per insight: it counts down with nobody touching the page."""
    page.get_by_test_id("stSelectbox").filter(has_text="Timer per insight").click()
    page.get_by_role("option", name="1 min", exact=True).click()
    wait_for_app(page)
    expect(page.locator(".workshop-clock")).to_have_text("1:00")
    page.get_by_role("button", name="Start").click()
    expect(page.locator(".workshop-clock")).to_have_text(re.compile(r"0:5\d"))
    before = _clock(page)
    time.sleep(3)
    assert _clock(page) <= before - 2, "the clock did not tick on its own"

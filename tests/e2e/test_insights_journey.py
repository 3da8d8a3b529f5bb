"""A person clicks a bar of the frequency chart, and the page (its table) narrows to that theme."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from streamlit_page import open_app, wait_for_app


def test_clicking_a_bar_filters_the_page(page: Page, sorted_server) -> None:
    open_app(page, f"{sorted_server.url}/insights")
    page.get_by_test_id("stButtonGroup").get_by_text(
        "Charts", exact=True
    ).click()  # the page shows one part at a time
    wait_for_app(page)
    chart = page.get_by_test_id("stVegaLiteChart").first
    bar = chart.locator('.mark-rect path[aria-label*="theme: Pain points"]').first
    expect(bar).to_be_visible()
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_for_app(page)

    in_force = page.get_by_text("In force:", exact=False).first  # the filters' box is closed
    expect(in_force).to_contain_text("themes: Pain points")
    expect(page).to_have_url(re.compile(r"theme=Pain(\+|%20)points"))
    summary = page.get_by_text("highlights from", exact=False).first
    expect(summary).to_contain_text("participants in view · 1 theme ·")
    ranked = page.get_by_test_id("stDataFrame").filter(has_text="Score").first
    first_column = ranked.locator('td[role="gridcell"][aria-colindex="1"]')
    expect(first_column).to_have_text(["Pain points"])  # Product love is filtered out

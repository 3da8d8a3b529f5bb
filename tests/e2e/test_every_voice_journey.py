"""A person imports raw feedback where forty people made one point, among thanks and other
notes, groups it, and finds that point at the top of Insights with all forty people."""

from __future__ import annotations

import csv
import re

from playwright.sync_api import Page, expect
from streamlit_page import open_app, sidebar, wait_for_app

POINT = "The app keeps logging me out"
VARIANTS = [POINT, POINT.lower(), POINT + "!", POINT + " again", "@shopapp " + POINT]
OTHERS = [
    "Checkout is too slow",
    "Checkout is too slow!",
    "checkout is too slow",
    "Shipping to Canada costs too much",
    "I want a dark mode",
    "Customer support answered within minutes",
]
THANKS = ["thanks!", "@shopapp thank you", "ok", "Thank you.", "really!??"]


def _study(path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Highlight", "Participant", "Segment", "Date"])
        for i in range(40):
            writer.writerow([VARIANTS[i % len(VARIANTS)], f"Person {i}", "VIP", "2026-03-02"])
        for i in range(60):  # more thanks than complaints, as in a support queue
            writer.writerow([THANKS[i % len(THANKS)], f"Thanker {i}", "VIP", "2026-03-03"])
        for i, text in enumerate(OTHERS):
            writer.writerow([text, f"Other {i}", "Sale", "2026-03-04"])


def test_forty_people_one_point_top_of_insights(page: Page, start_server, tmp_path) -> None:
    server = start_server(f"sqlite:///{tmp_path / 'store.db'}")
    source = tmp_path / "support-queue.csv"
    _study(source)
    open_app(page, f"{server.url}/import")
    page.locator("input[type=file]").first.set_input_files(str(source))
    wait_for_app(page)
    expect(page.get_by_text("106 highlights from support-queue.csv.")).to_be_visible()
    page.get_by_text("A new workspace", exact=True).click()
    wait_for_app(page)
    page.get_by_label("New workspace name").fill("Support queue")
    page.get_by_label("New workspace name").press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Import", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("Imported into Support queue: highlights 106 new")).to_be_visible()

    sidebar(page).get_by_role("link", name="Overview").click()
    wait_for_app(page)
    expect(page.get_by_text("60 highlights are not feedback")).to_be_visible()

    sidebar(page).get_by_role("link", name="Deduplicate").click()
    wait_for_app(page)
    page.get_by_role("button", name="Group highlights").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"groups? proposed from 43 highlights"))).to_be_visible()

    sidebar(page).get_by_role("link", name="Insights").click()
    wait_for_app(page)
    page.get_by_test_id("stButtonGroup").get_by_text("Groups within themes", exact=True).click()
    wait_for_app(page)
    ranked = page.get_by_test_id("stDataFrame").filter(has_text="Score").first
    first_row = ranked.locator('tr:has(td[role="gridcell"])').first
    expect(first_row.locator('td[aria-colindex="1"]')).to_contain_text("logging me out")
    expect(first_row.locator('td[aria-colindex="5"]')).to_have_text(re.compile(r"^40 "))
    expect(ranked).not_to_contain_text("thank")

    page.reload()  # the grouping is kept, not held by the tab
    wait_for_app(page)
    expect(page.get_by_test_id("stDataFrame").filter(has_text="Score").first).to_contain_text(
        "logging me out"
    )

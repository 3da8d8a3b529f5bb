"""Helpers that act on a Streamlit page the way a person does, and wait like one."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def wait_for_app(page: Page) -> None:
    """Wait until the script has finished running and every element is drawn."""
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=30_000)
    page.wait_for_timeout(150)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=30_000)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=30_000)


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def metrics(page: Page) -> dict[str, str]:
    """The st.metric figures on the page, label -> value."""
    found = {}
    for metric in page.get_by_test_id("stMetric").all():
        label = metric.get_by_test_id("stMetricLabel").inner_text().strip()
        found[label] = metric.get_by_test_id("stMetricValue").inner_text().strip()
    return found


def sidebar(page: Page):
    return page.get_by_test_id("stSidebar")


def workspace_picker(page: Page):
    return sidebar(page).get_by_role("combobox", name="Workspace")


def choose_workspace(page: Page, label: str) -> None:
    """Open the sidebar's workspace dropdown and pick an option, as a person would."""
    workspace_picker(page).click()
    page.get_by_role("option", name=label).click()
    wait_for_app(page)

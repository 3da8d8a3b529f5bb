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


def create_workspace_in_sidebar(page: Page, name: str) -> None:
    """Sidebar, "New workspace…", a name, Create: as a person makes a workspace."""
    sidebar(page).get_by_role("button", name="New workspace").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill(name)
    dialog.get_by_role("button", name="Create").click()
    wait_for_app(page)


def metric(page: Page, label: str):
    """The value of the st.metric with this label, for a waiting ``expect``."""
    return (
        page.get_by_test_id("stMetric")
        .filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
        .get_by_test_id("stMetricValue")
    )


def expect_metrics(page: Page, figures: dict[str, str]) -> None:
    """Wait until each metric shows its figure (a rerun may still be drawing)."""
    for label, value in figures.items():
        expect(metric(page, label)).to_have_text(value)

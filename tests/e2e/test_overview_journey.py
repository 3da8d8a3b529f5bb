"""A person opens the app on the sample study, makes a workspace, refreshes, finds it kept."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from streamlit_page import (
    choose_workspace,
    create_workspace_in_sidebar,
    expect_metrics,
    metrics,
    open_app,
    wait_for_app,
    workspace_picker,
)


def test_the_overview_shows_the_sample_study(page: Page, server) -> None:
    open_app(page, server.url)

    expected = {
        "Highlights": "285",
        "Interviews": "22",
        "Participants": "20",
        "Themes": "4",
        "Groups": "0",
        "Roadmap items": "26",
    }
    expect_metrics(page, expected)
    assert metrics(page) == expected  # and no other figure
    expect(page.get_by_text("285 highlights not yet in a theme.")).to_be_visible()
    expect(page.get_by_text("Participants per segment")).to_be_visible()
    expect(page).to_have_url(re.compile(r"workspace=Sample(\+|%20)study"))


def test_a_new_workspace_is_kept_after_a_refresh_and_seen_by_a_colleague(
    page: Page, server, new_page
) -> None:
    open_app(page, server.url)
    create_workspace_in_sidebar(page, "Spring 2026 study")
    expect(page.get_by_text("This workspace has no highlights yet")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)  # it closes once the workspace is made
    expect(workspace_picker(page)).to_have_value("Spring 2026 study")

    page.reload()
    wait_for_app(page)
    expect(workspace_picker(page)).to_have_value("Spring 2026 study")
    expect_metrics(page, {"Highlights": "0"})

    colleague = new_page()
    open_app(colleague, server.url)
    expect_metrics(colleague, {"Highlights": "285"})  # they start on the sample
    choose_workspace(colleague, "Spring 2026 study")
    expect_metrics(colleague, {"Highlights": "0"})

"""A person opens the Import page straight from a link, uploads a CSV, imports, and finds it kept."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from streamlit_page import (
    create_workspace_in_sidebar,
    expect_metrics,
    open_app,
    sidebar,
    wait_for_app,
    workspace_picker,
)

CSV = (
    "Spring interviews, raw notes\n"
    "\n"
    "What they said,Customer,Cohort,Date\n"
    "Shipping is way to expensive for one jar,Tom Becker,One-time buyer,2026-03-09\n"
    "The shipping fee put me off ordering again,Aisha Rahman,One-time buyer,2026-03-10\n"
    "I reorder the body butter every six weeks,Maya Robinson,VIP,2026-03-02\n"
)


def test_upload_map_import_and_refresh(page: Page, server, tmp_path) -> None:
    # The first request of a fresh server names a page: it must still run through app.py.
    open_app(page, f"{server.url}/import")
    expect(sidebar(page).get_by_role("combobox", name="Workspace")).to_be_visible()

    # no Google credentials here: the page opens on the file source
    source = tmp_path / "spring-notes.csv"
    source.write_text(CSV, encoding="utf-8")
    page.locator("input[type=file]").first.set_input_files(str(source))
    wait_for_app(page)
    expect(page.get_by_text("3 highlights from spring-notes.csv.")).to_be_visible()
    expect(
        page.get_by_text("The header is on row 3; the rows above it were skipped.")
    ).to_be_visible()

    page.get_by_text("A new workspace", exact=True).click()
    wait_for_app(page)
    page.get_by_label("New workspace name").fill("Spring notes")
    page.get_by_label("New workspace name").press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Import", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("Imported into Spring notes: highlights 3 new")).to_be_visible()
    expect(workspace_picker(page)).to_have_value("Spring notes")

    page.get_by_role("link", name="See the workspace overview").click()
    wait_for_app(page)
    expect_metrics(page, {"Highlights": "3", "Interviews": "3", "Participants": "3"})

    page.reload()
    wait_for_app(page)
    expect(workspace_picker(page)).to_have_value("Spring notes")
    expect_metrics(page, {"Highlights": "3"})


def test_importing_into_the_open_workspace_keeps_it_open(page: Page, server, tmp_path) -> None:
    """A PM trial: a workspace made in the sidebar, notes imported into it, then the next
    page: the picker's value came back as its old label ("… (0)") and the tab jumped
    to the sample, saying the workspace no longer existed."""
    open_app(page, server.url)
    create_workspace_in_sidebar(page, "Bank calls")
    expect(workspace_picker(page)).to_have_value("Bank calls")

    sidebar(page).get_by_role("link", name="Import").click()
    wait_for_app(page)
    source = tmp_path / "bank-calls.csv"
    source.write_text(CSV, encoding="utf-8")
    page.locator("input[type=file]").first.set_input_files(str(source))
    wait_for_app(page)
    page.get_by_role("button", name="Import", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("Imported into Bank calls: highlights 3 new")).to_be_visible()
    expect(sidebar(page).get_by_text("Holds 3 highlights.")).to_be_visible()

    sidebar(page).get_by_role("link", name="Deduplicate").click()
    wait_for_app(page)
    expect(workspace_picker(page)).to_have_value("Bank calls")
    expect(page.get_by_text("no longer exists")).to_have_count(0)

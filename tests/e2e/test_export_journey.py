"""A person downloads the prioritized list, and the file holds what the page showed."""

from __future__ import annotations

import csv
import io

import openpyxl
from playwright.sync_api import Page, expect
from streamlit_page import open_app

from insights import export_formats, prioritize
from insights.filters import InsightFilter
from insights.model import SAMPLE_WORKSPACE
from insights.store import Store


def _download(page: Page, label: str):
    button = page.get_by_test_id("stDownloadButton").filter(has_text=label).first
    expect(button).to_be_visible()
    with page.expect_download() as info:
        button.click()
    return info.value


def test_the_csv_download_holds_the_filtered_list_shown(page: Page, sorted_server) -> None:
    open_app(page, f"{sorted_server.url}/export?segment=Sale-only+shopper&level=theme")
    expect(page.get_by_text("highlights in view", exact=False).first).to_contain_text(
        "segments: Sale-only shopper"
    )

    download = _download(page, "CSV")

    assert download.suggested_filename.startswith("sample-study-prioritized-insights-")
    assert download.suggested_filename.endswith(".csv")
    text = download.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    store = Store(sorted_server.database_url)
    expected = export_formats.insight_rows(
        prioritize.prioritize(
            store.load(SAMPLE_WORKSPACE), InsightFilter(segments=("Sale-only shopper",))
        )
    )
    store.close()
    assert rows[0] == list(expected.columns)
    assert [r[1] for r in rows[1:]] == expected["Insight"].tolist()
    assert [r[5] for r in rows[1:]] == [str(m) for m in expected["Mentions"]]
    # and the page showed the same insights, in the same order
    preview = page.get_by_test_id("stDataFrame").first
    expect(preview).to_contain_text(expected["Insight"].iloc[0])


def test_the_workbook_and_markdown_downloads_open(page: Page, sorted_server) -> None:
    open_app(page, f"{sorted_server.url}/export?level=theme")

    workbook = _download(page, "Excel workbook")
    assert workbook.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(workbook.path().read_bytes()))
    assert book.sheetnames == list(export_formats.SHEETS)
    assert book["Prioritized insights"]["B1"].value == "Insight"

    markdown = _download(page, "Markdown")
    content = markdown.path().read_text(encoding="utf-8")
    assert content.startswith("# Prioritized insights: Sample study")
    assert "| Rank | Insight |" in content


def test_the_insights_page_downloads_its_view_too(page: Page, sorted_server) -> None:
    open_app(page, f"{sorted_server.url}/insights?theme=Pain+points")
    exports = page.get_by_test_id("stExpander").filter(has_text="Export this list as shown")
    exports.locator("summary").click()  # drawn when opened

    download = _download(page, "CSV")

    rows = list(csv.reader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["Pain points"]

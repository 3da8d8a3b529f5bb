"""The Export page: the list as shown, downloads, and the write-back to a (loopback) Google Sheet."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from insights import export_formats, prioritize
from insights.filters import InsightFilter
from insights.model import SAMPLE_WORKSPACE
from insights.prioritize import GROUP
from insights.store import Store
from insights.ui.insight_filters import OPEN_KEY

PAGE = "pages/export.py"
KEY = "1ExportPageStudyKeyAbcdefghijklm"
URL = f"https://docs.google.com/spreadsheets/d/{KEY}/edit"


def _preview(at: AppTest):
    return next(d for d in at.dataframe if list(d.value.columns)[:2] == ["Rank", "Insight"]).value


def test_the_preview_is_what_is_exported_with_the_filters_in_the_link(
    sorted_sample: Store, open_page
) -> None:
    at = open_page(PAGE, {"segment": "VIP repeat buyer", "level": "group"})

    expected = export_formats.insight_rows(
        prioritize.prioritize(
            sorted_sample.load(SAMPLE_WORKSPACE),
            InsightFilter(segments=("VIP repeat buyer",)),
            GROUP,
        )
    )
    shown = _preview(at)
    assert shown.astype(str).values.tolist() == expected.astype(str).values.tolist()
    at.session_state[OPEN_KEY] = True  # the filters' box, opened
    at.run()
    assert at.multiselect(key="f_segments").value == ["VIP repeat buyer"]
    assert "segments: VIP repeat buyer" in next(
        m.value for m in at.markdown if "highlights in view" in m.value
    ).replace("\\", "")


def test_every_download_is_offered(sorted_sample: Store, open_page) -> None:
    at = open_page(PAGE)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:3] == ["CSV", "Excel workbook", "Markdown"]
    assert labels[3] == "Quote bank (7 quotes; declined ones left out)"


def test_without_credentials_it_says_how_to_connect(sorted_sample: Store, open_page) -> None:
    at = open_page(PAGE)
    told = " ".join(i.value for i in at.info)
    assert "cannot write to Google Sheets" in told and "as an Editor" in told
    assert "upload the sheet" not in told  # that is the import's way out, not the export's
    assert "writeback_go" not in [b.key for b in at.button]


@pytest.fixture
def sheet(sheets_api, monkeypatch):
    monkeypatch.setenv("INSIGHTS_SHEETS_ENDPOINT", sheets_api.url)
    sheets_api.add_spreadsheet(KEY, "Fern & Foam", {"Highlights": [["Quote"], ["hello"]]})
    return sheets_api


def test_the_list_is_written_back_to_the_sheet(sorted_sample: Store, open_page, sheet) -> None:
    at = open_page(PAGE)
    at.text_input(key="writeback_url").input(URL).run()
    at.button(key="writeback_go").click().run()

    assert not at.exception
    assert "Created “Prioritized insights” in “Fern & Foam” with" in at.success[0].value.replace(
        "\\", ""
    )
    stored = sheet.values(KEY, "Prioritized insights")
    assert stored[0][:3] == ["Rank", "Insight", "Level"]
    assert [r[1] for r in stored[1:]] == _preview(at)["Insight"].tolist()
    writes = [r for r in sheet.requests if r.path.endswith("values:batchUpdate")]
    assert [w.body["valueInputOption"] for w in writes] == ["RAW"]


def test_a_refused_write_is_explained_not_raised(sorted_sample: Store, open_page, sheet) -> None:
    sheet.spreadsheets[KEY].shared = False
    at = open_page(PAGE)
    at.text_input(key="writeback_url").input(URL).run()
    at.button(key="writeback_go").click().run()

    assert not at.exception
    assert "no access" in at.error[0].value or "not shared" in at.error[0].value


def test_themes_go_back_into_the_sheet_it_was_imported_from(
    sorted_sample: Store, open_page, sheet
) -> None:
    from insights.importing import plan_import, run_import, suggested_mapping
    from insights.sources.credentials import GoogleCredentials
    from insights.sources.mapping import HIGHLIGHTS
    from insights.sources.sheets import open_client, read_sheet
    from insights.theme_assignment import Move, assign

    none = GoogleCredentials(None, "none")
    tables = read_sheet(open_client(none, endpoint=sheet.url), URL, "Highlights", None, none)
    run_import(
        sorted_sample,
        SAMPLE_WORKSPACE,
        plan_import(tables, suggested_mapping(sorted_sample, tables, HIGHLIGHTS)),
    )
    data = sorted_sample.load(SAMPLE_WORKSPACE)
    hello = data.active_highlights.set_index("text").loc["hello", "id"]
    love = int(data.themes.set_index("name").loc["Product love", "id"])
    assign(sorted_sample, SAMPLE_WORKSPACE, [Move(f"highlight:{hello}", [hello], love)], via="t")

    at = open_page(PAGE)
    assert at.text_input(key="writeback_url").value == URL  # the sheet it came from
    at.checkbox(key="writeback_themes").check().run()
    at.button(key="writeback_go").click().run()

    assert "themes into a new column B of “Highlights”" in at.success[0].value.replace("\\", "")
    assert sheet.values(KEY, "Highlights")[:2] == [["Quote", "Theme"], ["hello", "Product love"]]

"""The Import page: sample, files and Google Sheets, mapping, bad input, restore."""

from __future__ import annotations

import re

import pytest
import streamlit as st
from bad_input import REFUSED
from markup import as_text
from streamlit.testing.v1 import AppTest

from insights.model import SAMPLE_WORKSPACE
from insights.store import Store

KEY = "1FernFoamStudyKeyAbcdefghijklmnop"
NOTES_CSV = (
    b"What they said,Customer,Cohort\n"
    b"Shipping is too expensive,Ann,vip\n"
    b"Love the lavender soak,Bo,sale only\n"
)


@pytest.fixture(autouse=True)
def _fresh_sheet_cache():
    st.cache_data.clear()


@pytest.fixture
def page(app: AppTest) -> AppTest:
    app.switch_page("pages/import.py").run()
    assert not app.exception
    return app


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _choose_source(at: AppTest, source: str) -> None:
    at.segmented_control(key="import_source").set_value(source).run()


def _upload(at: AppTest, data: bytes, name: str = "notes.csv") -> None:
    _choose_source(at, "CSV or Excel file")
    at.file_uploader(key="upload").set_value((name, data, "text/csv")).run()


def test_a_file_is_mapped_previewed_and_imported(page: AppTest, app_url: str) -> None:
    _upload(page, NOTES_CSV)

    assert (
        page.selectbox(
            key=next(k for k in _keys(page) if k.startswith("map_highlights_text_"))
        ).value
        == "What they said"
    )
    assert r"2 highlights from notes\.csv." in [m.value for m in page.markdown]  # escaped
    _button(page, "Import").click().run()

    assert not page.exception
    assert as_text(page.success[0].value).startswith("Imported into Sample study: highlights 2 new")
    texts = set(Store(app_url).load(SAMPLE_WORKSPACE).highlights["text"])
    assert {"Shipping is too expensive", "Love the lavender soak"} <= texts
    assert "Holds 287 highlights." in [c.value for c in page.sidebar.caption]  # counted at once


def _keys(at: AppTest) -> list[str]:
    return [s.key for s in at.selectbox if s.key]


def test_unmapping_the_text_column_blocks_the_import_with_a_reason(page: AppTest) -> None:
    _upload(page, NOTES_CSV)
    text_key = next(k for k in _keys(page) if k.startswith("map_highlights_text_"))

    page.selectbox(key=text_key).set_value("— not used —").run()

    assert "No column is mapped to “Highlight text”" in as_text(page.error[0].value)
    assert not [b for b in page.button if b.label == "Import"]


def test_a_bad_file_is_a_message_and_the_workspace_is_untouched(
    page: AppTest, app_url: str
) -> None:
    before = Store(app_url).revision(SAMPLE_WORKSPACE)
    _upload(page, b"Quote,Customer\n", "header-only.csv")

    assert not page.exception
    assert "holds only a header row" in as_text(page.error[0].value)
    assert Store(app_url).revision(SAMPLE_WORKSPACE) == before


@pytest.mark.parametrize("case", list(REFUSED))
def test_every_bad_input_is_a_message_that_saves_nothing(
    page: AppTest, app_url: str, case: str
) -> None:
    name, data, message = REFUSED[case]
    before = Store(app_url).revision(SAMPLE_WORKSPACE)

    _upload(page, data, name)
    imports = [b for b in page.button if b.label == "Import" and not b.disabled]
    if imports:  # refused on saving rather than on reading
        imports[0].click().run()

    assert not page.exception
    said = [e.value.replace("\\", "") for e in [*page.error, *page.warning]]
    assert any(re.search(message, m) for m in said), said
    assert Store(app_url).revision(SAMPLE_WORKSPACE) == before


def test_a_store_that_cannot_be_opened_is_a_message(tmp_path, monkeypatch, new_app) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database at all\n" * 100)
    monkeypatch.setenv("INSIGHTS_DATABASE_URL", f"sqlite:///{broken}")
    st.cache_resource.clear()

    at = new_app()
    at.run()

    assert not at.exception
    assert "could not be opened: file is not a database" in as_text(at.error[0].value)


def test_the_sample_study_imports_into_a_new_workspace(page: AppTest, app_url: str) -> None:
    _choose_source(page, "Sample study")
    page.radio(key="import_target").set_value("A new workspace").run()
    page.text_input(key="import_new_name").set_value("Practice run").run()
    _button(page, "Import").click().run()

    assert page.sidebar.selectbox(key="workspace").value == "Practice run"
    assert len(Store(app_url).load("Practice run").active_highlights) == 285


def test_without_credentials_the_sheet_tab_says_how_to_connect(page: AppTest) -> None:
    _choose_source(page, "Google Sheet")
    assert "No Google credentials are set up" in as_text(page.info[0].value)


@pytest.fixture
def sheet_page(app_url, new_app, sheets_api, monkeypatch) -> AppTest:
    sheets_api.add_spreadsheet(
        KEY,
        "Spring study",
        {
            "Highlights": [
                ["Quote", "Customer", "Tag"],
                ["Shipping costs too much", "Ann", "Pain points"],
                ["Emails every day is too many", "Bo", "Marketing & brand"],
            ],
            "Roadmap": [["Item", "Status"], ["Weekly digest email", "idea"]],
        },
    )
    monkeypatch.setenv("INSIGHTS_SHEETS_ENDPOINT", sheets_api.url)
    at = new_app()
    at.run()
    at.switch_page("pages/import.py").run()
    return at


def test_a_google_sheet_is_read_in_two_requests_and_imported(
    sheet_page: AppTest, sheets_api, app_url
) -> None:
    sheet_page.text_input(key="sheet_url").set_value(
        f"https://docs.google.com/spreadsheets/d/{KEY}/edit"
    ).run()

    assert sheet_page.selectbox(key=f"ws_{KEY}").value == "Highlights"
    assert sheet_page.selectbox(key=f"roadmap_ws_{KEY}").value == "Roadmap"
    assert sheets_api.request_count == 2
    _button(sheet_page, "Import").click().run()

    assert sheets_api.request_count == 2  # reruns read from the cache, not from Google
    message = as_text(sheet_page.success[0].value)
    assert "highlights 2 new" in message and "Roadmap items: 1 new" in message
    data = Store(app_url).load(SAMPLE_WORKSPACE)
    theme_names = data.themes.set_index("id")["name"]
    assigned = {theme_names[t] for t in data.assignments["theme_id"]}
    assert assigned == {"Pain points", "Marketing & brand"}  # the sheet's tags became assignments

    _button(sheet_page, "Refresh").click().run()
    assert sheets_api.request_count == 4  # Refresh reads the sheet again


def test_a_sheet_error_is_a_message(sheet_page: AppTest, sheets_api) -> None:
    sheets_api.fail(404)
    sheet_page.text_input(key="sheet_url").set_value(KEY).run()
    assert not sheet_page.exception
    assert "cannot find the sheet" in as_text(sheet_page.error[0].value)


def test_a_link_that_is_not_a_sheet_is_a_message(sheet_page: AppTest) -> None:
    sheet_page.text_input(key="sheet_url").set_value("https://example.com/my-notes").run()
    assert "not a Google Sheet link" in as_text(sheet_page.error[0].value)


def test_removed_highlights_can_be_restored(page: AppTest, app_url: str) -> None:
    first = b"ID,Quote\n1,Keep me\n2,Gone soon\n"
    second = b"ID,Quote\n1,Keep me\n"
    _upload(page, first)
    _button(page, "Import").click().run()
    _upload(page, second)
    _button(page, "Import").click().run()
    assert "1 removed" in as_text(page.success[0].value)

    page.multiselect[0].select("2").run()
    _button(page, "Restore").click().run()

    assert as_text(page.success[0].value) == "Restored 1 highlights."
    restored = Store(app_url).load(SAMPLE_WORKSPACE).highlights.set_index("id").loc["2"]
    assert not restored["removed"] and restored["kept"]


def test_a_cyrillic_file_is_detected_said_to_be_a_guess_and_can_be_read_otherwise(
    page: AppTest,
) -> None:
    text = "Цитата;Клиент\nДоставка слишком дорогая для маленького заказа;Анна\nМне очень нравится аромат лаванды;Борис\n"
    _upload(page, text.encode("cp1251"))

    assert "Read as Windows-1251 (Cyrillic) (a guess), separated by semicolons." in [
        c.value for c in page.caption
    ]
    picker = page.selectbox(key="upload_encoding")
    for usual in (
        "Windows-1251 (Cyrillic)",
        "Shift-JIS (Japanese)",
        "Windows-1252 (Western European)",
        "ISO-8859-1 (Latin-1)",
        "GB18030 (Chinese, simplified)",
    ):
        assert usual in picker.options
    assert picker.options[1] == "Windows-1251 (Cyrillic)"  # the detected one, first
    assert any("a guess" in i.value for i in page.info)
    assert (
        "Доставка слишком дорогая для маленького заказа"
        in page.dataframe[0].value.iloc[:, 0].tolist()
    )

    picker.set_value("Windows-1252 (Western European)").run()

    assert not page.exception
    assert "Read as Windows-1252 (Western European), separated by semicolons." in [
        c.value for c in page.caption
    ]
    assert not any("a guess" in i.value for i in page.info)


def test_a_pipe_separated_file_is_read_by_its_pipes(page: AppTest) -> None:
    _upload(page, b"Quote|Customer\nToo pricey, honestly|Ann\nLove it|Bo\n", "notes.txt")
    assert "Read as UTF-8, separated by pipes (|)." in [c.value for c in page.caption]
    assert page.dataframe[0].value.iloc[:, 0].tolist() == ["Too pricey, honestly", "Love it"]


def test_dates_that_read_two_ways_are_asked_before_the_import(page: AppTest, app_url: str) -> None:
    _upload(page, b"Quote,Customer,Date\nToo pricey,Ann,03/04/2026\nLove it,Bo,05/04/2026\n")

    assert not page.exception
    assert "03/04/2026 is 3 April 2026 day first, or March 4, 2026 month first" in (
        page.warning[0].value.replace("\\", "")
    )
    assert _button(page, "Import").disabled
    order = next(r for r in page.radio if r.key and r.key.startswith("date_order_"))
    assert order.value is None  # no answer is assumed

    order.set_value("day first").run()
    assert not _button(page, "Import").disabled
    _button(page, "Import").click().run()

    assert not page.exception
    stored = Store(app_url).load(SAMPLE_WORKSPACE).highlights.set_index("text")["interview_date"]
    assert str(stored["Too pricey"]) == "2026-04-03"


def test_a_link_to_one_worksheet_preselects_it(sheet_page: AppTest, sheets_api) -> None:
    spreadsheet = sheets_api.spreadsheets[KEY]
    gid = spreadsheet.worksheet("Roadmap").sheet_id

    sheet_page.text_input(key="sheet_url").set_value(
        f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid={gid}"
    ).run()

    assert not sheet_page.exception
    chosen = next(s for s in sheet_page.selectbox if s.label == "Highlights worksheet")
    assert chosen.value == "Roadmap"


def test_a_refused_import_into_a_new_workspace_leaves_no_workspace(
    page: AppTest, app_url: str
) -> None:
    _upload(page, b"Quote,Customer,Tag\nToo pricey,Ann,Pain points\nSlow,Bo," + b"x" * 61 + b"\n")
    page.radio(key="import_target").set_value("A new workspace").run()
    page.text_input(key="import_new_name").set_value("Autumn study").run()

    _button(page, "Import").click().run()

    assert not page.exception
    assert "The theme in row 3" in as_text(page.error[0].value)
    assert not Store(app_url).has_workspace("Autumn study")
    assert page.sidebar.selectbox(key="workspace").value == SAMPLE_WORKSPACE


def test_without_credentials_the_page_opens_on_a_file(page: AppTest) -> None:
    assert page.segmented_control(key="import_source").value == "CSV or Excel file"


def test_with_a_sheets_api_the_page_opens_on_a_sheet(sheet_page: AppTest) -> None:
    assert sheet_page.segmented_control(key="import_source").value == "Google Sheet"

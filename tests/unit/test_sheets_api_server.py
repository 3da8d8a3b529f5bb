"""The loopback Sheets API server answers gspread's writes too (for write-back later)."""

from __future__ import annotations

import pytest

from insights.sources.credentials import GoogleCredentials
from insights.sources.retry import UncertainWrite
from insights.sources.sheets import open_client

KEY = "1WriteBackSheetKeyAbcdefghijklmnop"


def test_gspread_reads_and_writes_through_every_endpoint(sheets_api) -> None:
    sheets_api.add_spreadsheet(
        KEY, "Study", {"Highlights": [["Quote", "Theme"], ["Too pricey", ""]]}
    )
    client = open_client(GoogleCredentials(None, "none"), endpoint=sheets_api.url)
    spreadsheet = client.open_by_key(KEY)  # spreadsheets.get

    sheet = spreadsheet.add_worksheet(
        "Prioritized insights", rows=10, cols=5
    )  # spreadsheets:batchUpdate
    sheet.update(
        [["Insight", "Mentions"], ["=1+1", "4"]], "A1", value_input_option="RAW"
    )  # values.update
    sheet.append_row(["Refills", "6"], value_input_option="RAW")  # values:append
    sheet.batch_update(
        [{"range": "C1", "values": [["Decision"]]}], value_input_option="RAW"
    )  # values:batchUpdate

    assert sheet.get_all_values() == [  # values.get, padded by gspread
        ["Insight", "Mentions", "Decision"],
        ["=1+1", "4", ""],
        ["Refills", "6", ""],
    ]
    writes = [r for r in sheets_api.requests if r.method in ("PUT", "POST") and "/values" in r.path]
    assert all(
        r.query.get("valueInputOption") == ["RAW"]
        or (r.body or {}).get("valueInputOption") == "RAW"
        for r in writes
    )
    assert [w.title for w in spreadsheet.worksheets()] == ["Highlights", "Prioritized insights"]
    spreadsheet.del_worksheet(sheet)  # spreadsheets:batchUpdate deleteSheet
    assert [w.title for w in spreadsheet.worksheets()] == ["Highlights"]


def test_formulas_read_as_shown_or_as_typed_and_a_raw_write_replaces_one(sheets_api) -> None:
    spreadsheet = sheets_api.add_spreadsheet(
        KEY, "Study", {"Highlights": [["Quote", "Count"], ["Too pricey", "2"]]}
    )
    spreadsheet.worksheet("Highlights").formulas[(2, 2)] = "=LEN(A2)/5"
    sheet = open_client(GoogleCredentials(None, "none"), endpoint=sheets_api.url).open_by_key(KEY)
    worksheet = sheet.worksheet("Highlights")

    assert worksheet.get_all_values() == [["Quote", "Count"], ["Too pricey", "2"]]
    assert worksheet.get_all_values(value_render_option="FORMULA")[1] == [
        "Too pricey",
        "=LEN(A2)/5",
    ]

    worksheet.update([["3"]], "B2", value_input_option="RAW")
    assert spreadsheet.worksheet("Highlights").formulas == {}


def test_a_stalled_request_is_carried_out_though_its_answer_comes_too_late(sheets_api) -> None:
    spreadsheet = sheets_api.add_spreadsheet(KEY, "Study", {"Highlights": [["Quote"]]})
    sheets_api.stall(1.0, match=":batchUpdate")
    client = open_client(GoogleCredentials(None, "none"), endpoint=sheets_api.url, timeout=0.3)

    with pytest.raises(UncertainWrite, match="timed out"):  # and not sent again blindly
        client.open_by_key(KEY).add_worksheet("Later", rows=5, cols=5)

    assert [w.title for w in spreadsheet.worksheets] == ["Highlights", "Later"]
    assert len([r for r in sheets_api.requests if r.path.endswith(":batchUpdate")]) == 1

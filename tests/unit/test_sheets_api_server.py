"""The loopback Sheets API server answers gspread's writes too (for write-back later)."""

from __future__ import annotations

from insights.sources.credentials import GoogleCredentials
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

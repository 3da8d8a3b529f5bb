"""Write-back to the Google Sheet, through the real gspread client and our loopback server."""

from __future__ import annotations

import pytest

from insights import export_formats, prioritize
from insights.importing import plan_import, run_import, suggested_mapping
from insights.prioritize import GROUP
from insights.sources.credentials import GoogleCredentials
from insights.sources.mapping import HIGHLIGHTS
from insights.sources.sheets import RetryPolicy, SheetsError, open_client, read_sheet
from insights.store import Store
from insights.theme_assignment import Move, assign
from insights.workspaces import create_workspace
from insights.writeback import (
    PRIORITIZED_WORKSHEET,
    describe,
    imported_sheets,
    table_values,
    theme_names,
    write_back,
)

KEY = "1WriteBackStudyKeyAbcdefghijklmn"
URL = f"https://docs.google.com/spreadsheets/d/{KEY}/edit"
WS = "Write-back study"
CREDENTIALS = GoogleCredentials(None, "test", client_email="insights@study.iam.gserviceaccount.com")

HIGHLIGHTS_ROWS = [
    ["Spring interviews"],
    [],
    ["Quote", "Customer", "Cohort"],
    ["Shipping is too expensive", "Ann", "VIP"],
    ["Shipping costs too much", "Bo", "Sale only"],
    ["=1+2 is my locker code", "Cy", "VIP"],
    ["", "", ""],
    ["The lid is hard to open", "Dee", "Sale only"],
]


@pytest.fixture
def sheet(sheets_api):
    sheets_api.add_spreadsheet(KEY, "Fern & Foam interviews", {"Highlights": HIGHLIGHTS_ROWS})
    return sheets_api


@pytest.fixture
def client(sheet):
    policy = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.02, sleep=lambda s: None)
    return open_client(CREDENTIALS, endpoint=sheet.url, policy=policy, timeout=5)


@pytest.fixture
def workspace(store: Store, client, sheet) -> Store:
    """The sheet imported into a workspace, two highlights sorted into a theme."""
    create_workspace(store, WS)
    tables = read_sheet(client, URL, "Highlights", None, CREDENTIALS)
    run_import(store, WS, plan_import(tables, suggested_mapping(store, tables, HIGHLIGHTS)))
    data = store.load(WS)
    themes = data.themes.set_index("name")["id"]
    ids = data.active_highlights.set_index("text")["id"]
    pain = int(themes["Pain points"])
    assign(
        store,
        WS,
        [Move(f"highlight:{ids[t]}", [ids[t]], pain) for t in ids.index if "hipping" in t],
        via="t",
    )
    sheet.requests.clear()
    return store


def _table(store: Store):
    return export_formats.insight_rows(prioritize.prioritize(store.load(WS), level=GROUP))


def _mapping_for(store: Store):
    return lambda tables: suggested_mapping(store, tables, HIGHLIGHTS)


def test_the_list_goes_into_a_new_worksheet_in_three_requests_all_raw(
    workspace: Store, client, sheet
) -> None:
    table = _table(workspace)

    result = write_back(client, URL, CREDENTIALS, table)

    assert sheet.request_count == 3
    metadata, layout, values = sheet.requests
    assert (metadata.method, layout.path, values.path) == (
        "GET",
        f"/v4/spreadsheets/{KEY}:batchUpdate",
        f"/v4/spreadsheets/{KEY}/values:batchUpdate",
    )
    assert [next(iter(r)) for r in layout.body["requests"]] == ["addSheet", "repeatCell"]
    assert values.body["valueInputOption"] == "RAW"
    stored = sheet.values(KEY, PRIORITIZED_WORKSHEET)
    assert stored == [[str(v) for v in r] for r in table_values(table)]
    assert "=1+2 is my locker code" in {r[1] for r in stored}  # text, as RAW keeps it
    assert (result.rows, result.replaced, result.theme_column) == (len(table), False, None)


def test_a_second_write_back_replaces_the_worksheet_in_place(
    workspace: Store, client, sheet
) -> None:
    write_back(client, URL, CREDENTIALS, _table(workspace))
    first_id = sheet.spreadsheets[KEY].worksheet(PRIORITIZED_WORKSHEET).sheet_id
    shorter = _table(workspace).head(1)
    sheet.requests.clear()

    result = write_back(client, URL, CREDENTIALS, shorter)

    assert result.replaced and sheet.request_count == 3
    worksheets = sheet.spreadsheets[KEY].worksheets
    assert [w.title for w in worksheets].count(PRIORITIZED_WORKSHEET) == 1
    assert sheet.spreadsheets[KEY].worksheet(PRIORITIZED_WORKSHEET).sheet_id == first_id
    stored = [r for r in sheet.values(KEY, PRIORITIZED_WORKSHEET) if any(r)]
    assert stored == [[str(v) for v in r] for r in table_values(shorter)]  # nothing left over
    assert sheet.requests[2].body["valueInputOption"] == "RAW"


def test_themes_go_into_a_new_theme_column_of_the_right_rows(
    workspace: Store, client, sheet
) -> None:
    data = workspace.load(WS)
    # someone sorted the sheet by customer, descending, after the import
    rows = sheet.spreadsheets[KEY].worksheet("Highlights").rows
    rows[3:] = [rows[7], rows[6], rows[5], rows[4], rows[3]]
    sheet.spreadsheets[KEY].worksheet("Highlights").column_count = 3  # the grid is full

    result = write_back(
        client,
        URL,
        CREDENTIALS,
        _table(workspace),
        themes=theme_names(data),
        highlights_worksheet="Highlights",
        mapping_for=_mapping_for(workspace),
    )

    assert sheet.request_count == 4  # one more: the highlights worksheet is read
    assert all(
        r.body["valueInputOption"] == "RAW"
        for r in sheet.requests
        if r.method == "POST" and "values" in r.path
    )
    layout = sheet.requests[2].body["requests"]
    assert {"appendDimension": {"sheetId": 0, "dimension": "COLUMNS", "length": 1}} in layout
    stored = sheet.values(KEY, "Highlights")
    assert stored[2] == ["Quote", "Customer", "Cohort", "Theme"]
    theme_of = {r[0]: r[3] for r in stored[3:] if r and r[0]}
    assert theme_of == {
        "The lid is hard to open": "",
        "=1+2 is my locker code": "",
        "Shipping costs too much": "Pain points",
        "Shipping is too expensive": "Pain points",
    }
    assert (result.themes_written, result.theme_column, result.theme_column_added) == (
        4,
        "D",
        True,
    )


def test_an_existing_theme_column_is_reused_and_unknown_rows_keep_their_value(
    workspace: Store, client, sheet
) -> None:
    rows = sheet.spreadsheets[KEY].worksheet("Highlights").rows
    rows[2].append("theme")
    rows[3].append("old label")
    rows.append(["Added after the import", "Eve", "VIP", "kept as is"])

    result = write_back(
        client,
        URL,
        CREDENTIALS,
        _table(workspace),
        themes=theme_names(workspace.load(WS)),
        highlights_worksheet="Highlights",
        mapping_for=_mapping_for(workspace),
    )

    stored = sheet.values(KEY, "Highlights")
    assert stored[2][3] == "theme" and not result.theme_column_added
    assert stored[3][3] == "Pain points"  # the app's theme wins for its highlights
    assert stored[-1][3] == "kept as is"  # not a highlight of this workspace


def test_no_access_says_whom_to_share_with_as_editor(workspace: Store, client, sheet) -> None:
    sheet.fail(403, match=":batchUpdate")

    with pytest.raises(SheetsError) as raised:
        write_back(client, URL, CREDENTIALS, _table(workspace))

    assert "insights@study.iam.gserviceaccount.com" in str(raised.value)
    assert "Editor" in str(raised.value)
    assert PRIORITIZED_WORKSHEET not in [w.title for w in sheet.spreadsheets[KEY].worksheets]


def test_quota_is_retried_then_explained(workspace: Store, client, sheet) -> None:
    sheet.fail(429, times=2, match="values:batchUpdate")
    write_back(client, URL, CREDENTIALS, _table(workspace))  # two 429s, then through
    assert sheet.request_count == 5

    sheet.fail(429, times=5, match="values:batchUpdate")
    with pytest.raises(SheetsError, match="60 writes a minute"):
        write_back(client, URL, CREDENTIALS, _table(workspace))


def test_a_missing_highlights_worksheet_is_named(workspace: Store, client, sheet) -> None:
    with pytest.raises(SheetsError, match="no worksheet named “Notes”.*Highlights"):
        write_back(
            client,
            URL,
            CREDENTIALS,
            _table(workspace),
            themes={},
            highlights_worksheet="Notes",
            mapping_for=_mapping_for(workspace),
        )
    assert sheet.request_count == 1  # nothing was written


def test_the_workspace_remembers_which_sheet_it_came_from(workspace: Store) -> None:
    found = imported_sheets(workspace.load(WS))
    assert [(s.key, s.worksheet, s.title) for s in found] == [
        (KEY, "Highlights", "Fern & Foam interviews")
    ]
    assert found[0].url == URL


def test_a_quote_longer_than_a_sheets_cell_is_cut_and_says_so(store: Store, client, sheet) -> None:
    long_note = "Shipping is too expensive, and here is why. " * 1_500  # 66,000 characters
    sheet.spreadsheets[KEY].worksheet("Highlights").rows.append([long_note, "Eve", "VIP"])
    create_workspace(store, WS)
    tables = read_sheet(client, URL, "Highlights", None, CREDENTIALS)
    run_import(store, WS, plan_import(tables, suggested_mapping(store, tables, HIGHLIGHTS)))

    write_back(client, URL, CREDENTIALS, _table(store))  # Google refused the whole batch before

    cells = [c for r in sheet.values(KEY, PRIORITIZED_WORKSHEET) for c in r]
    cut = next(c for c in cells if "here is why" in c)
    assert len(cut) <= 50_000
    assert cut.endswith(
        "[cut: Google Sheets cells hold 50,000 characters; this one has 65,999. "
        "The CSV export keeps it whole.]"
    )


# -- writes that may have happened: look before sending them again ---------------------------


@pytest.fixture
def impatient(sheet):
    """A client that gives up on an answer after 0.5 s (the server will stall for 1 s)."""
    policy = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.02, sleep=lambda s: None)
    return open_client(CREDENTIALS, endpoint=sheet.url, policy=policy, timeout=0.5)


def _layout_batches(sheet) -> list:
    return [r for r in sheet.requests if r.path == f"/v4/spreadsheets/{KEY}:batchUpdate"]


@pytest.mark.parametrize(
    "lost_answer",
    [
        lambda api: api.stall(1.0, match=f"{KEY}:batchUpdate"),  # done, answered too late
        lambda api: api.fail(503, match=f"{KEY}:batchUpdate", applied=True),  # done, then 503
        lambda api: api.fail(0, match=f"{KEY}:batchUpdate", applied=True),  # done, then dropped
    ],
)
def test_a_worksheet_whose_creation_was_not_confirmed_is_looked_for_not_created_twice(
    workspace: Store, impatient, sheet, lost_answer
) -> None:
    lost_answer(sheet)
    table = _table(workspace)

    result = write_back(impatient, URL, CREDENTIALS, table)

    titles = [w.title for w in sheet.spreadsheets[KEY].worksheets]
    assert titles.count(PRIORITIZED_WORKSHEET) == 1
    assert sheet.values(KEY, PRIORITIZED_WORKSHEET) == [
        [str(v) for v in r] for r in table_values(table)
    ]
    adds = [b for b in _layout_batches(sheet) if "addSheet" in str(b.body)]
    assert len(adds) == 1  # never sent again blindly
    assert not result.replaced
    assert "did not confirm" in describe(result) and "found it done" in describe(result)


def test_a_creation_that_did_not_happen_is_made_after_looking(
    workspace: Store, impatient, sheet
) -> None:
    sheet.fail(503, match=f"{KEY}:batchUpdate")  # refused, nothing done

    result = write_back(impatient, URL, CREDENTIALS, _table(workspace))

    assert [w.title for w in sheet.spreadsheets[KEY].worksheets].count(PRIORITIZED_WORKSHEET) == 1
    assert len([b for b in _layout_batches(sheet) if "addSheet" in str(b.body)]) == 2
    assert "did not confirm" in describe(result) and "made it" in describe(result)


def test_a_lost_answer_never_adds_the_theme_column_twice(
    workspace: Store, impatient, sheet
) -> None:
    sheet.spreadsheets[KEY].worksheet("Highlights").column_count = 3  # the column must be added
    sheet.stall(1.0, match=f"{KEY}:batchUpdate")

    result = write_back(
        impatient,
        URL,
        CREDENTIALS,
        _table(workspace),
        themes=theme_names(workspace.load(WS)),
        highlights_worksheet="Highlights",
        mapping_for=_mapping_for(workspace),
    )

    assert sheet.spreadsheets[KEY].worksheet("Highlights").column_count == 4
    assert result.theme_column == "D" and result.themes_written == 4


def test_values_are_simply_written_again_after_a_lost_answer(
    workspace: Store, impatient, sheet
) -> None:
    sheet.stall(1.0, match="values:batchUpdate")
    table = _table(workspace)

    write_back(impatient, URL, CREDENTIALS, table)

    assert sheet.values(KEY, PRIORITIZED_WORKSHEET) == [
        [str(v) for v in r] for r in table_values(table)
    ]
    assert len([r for r in sheet.requests if r.path.endswith("values:batchUpdate")]) == 2


def test_the_theme_column_touches_only_the_highlights_rows(workspace: Store, client, sheet) -> None:
    worksheet = sheet.spreadsheets[KEY].worksheet("Highlights")
    worksheet.rows[2].append("Theme")
    worksheet.rows.append(["Count of themed notes", "", "", "2"])  # row 9, not a highlight
    worksheet.formulas[(9, 4)] = '=COUNTIF(D4:D8,"?*")'
    worksheet.rows[6] = ["", "", "", "3"]  # row 7, between highlights: a subtotal
    worksheet.formulas[(7, 4)] = '=COUNTIF(D4:D6,"?*")'

    write_back(
        client,
        URL,
        CREDENTIALS,
        _table(workspace),
        themes=theme_names(workspace.load(WS)),
        highlights_worksheet="Highlights",
        mapping_for=_mapping_for(workspace),
    )

    assert worksheet.formulas == {
        (9, 4): '=COUNTIF(D4:D8,"?*")',
        (7, 4): '=COUNTIF(D4:D6,"?*")',
    }  # formulas outside the highlights' rows survive
    written = [
        d["range"]
        for r in sheet.requests
        if r.path.endswith("values:batchUpdate")
        for d in r.body["data"]
    ]
    assert written[1:] == ["'Highlights'!D4:D6", "'Highlights'!D8"]  # not rows 7 and 9
    assert [r[3] for r in worksheet.rows[3:6]] == ["Pain points", "Pain points", ""]


def test_a_quota_refusal_of_the_layout_is_simply_retried(workspace: Store, client, sheet) -> None:
    sheet.fail(429, match=f"{KEY}:batchUpdate")  # refused: Google did nothing, so resending is safe

    result = write_back(client, URL, CREDENTIALS, _table(workspace))

    assert [(r.method, r.path.rsplit("/", 1)[-1]) for r in sheet.requests] == [
        ("GET", KEY),
        ("POST", f"{KEY}:batchUpdate"),
        ("POST", f"{KEY}:batchUpdate"),
        ("POST", "values:batchUpdate"),
    ]
    assert [w.title for w in sheet.spreadsheets[KEY].worksheets].count(PRIORITIZED_WORKSHEET) == 1
    assert result.notes == ()

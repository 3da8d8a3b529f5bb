"""Google Sheets through the real gspread client, against our loopback Sheets API server."""

from __future__ import annotations

import re
import time
from datetime import date

import pytest
import requests

from insights.importing import plan_import
from insights.sources.credentials import GoogleCredentials
from insights.sources.sheets import (
    REQUEST_TIMEOUT_S,
    RetryPolicy,
    SheetsError,
    open_client,
    parse_sheet_gid,
    parse_sheet_key,
    read_sheet,
)

KEY = "1FernFoamStudyKeyAbcdefghijklmnop"
URL = f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=0"
NO_CREDENTIALS = GoogleCredentials(None, "no credentials")
SERVICE_ACCOUNT = GoogleCredentials(
    None, "test", client_email="insights@study.iam.gserviceaccount.com"
)

HIGHLIGHTS = [
    ["Spring interviews — raw notes"],
    [],
    ["Quote", "Customer", "Cohort", "", "Date"],
    ["Shipping is too expensive", "Ann", "VIP", "", "2026-03-01"],
    [],
    ["007 is my locker code", "Bo", "sale only"],
]
ROADMAP = [["Item", "Status"], ["Refill pouches", "planned"]]


@pytest.fixture
def sheet(sheets_api):
    sheets_api.add_spreadsheet(
        KEY, "Fern & Foam interviews", {"Notes": HIGHLIGHTS, "Roadmap": ROADMAP}
    )
    return sheets_api


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(sheet, sleeps):
    policy = RetryPolicy(attempts=4, base_delay=0.5, max_delay=4, sleep=sleeps.append)
    return open_client(NO_CREDENTIALS, endpoint=sheet.url, policy=policy, timeout=2)


def test_both_worksheets_are_read_in_two_requests(client, sheet) -> None:
    tables = read_sheet(client, URL, "Notes", "Roadmap", NO_CREDENTIALS)

    assert sheet.request_count == 2
    metadata, values = sheet.requests
    assert (metadata.method, metadata.path) == ("GET", f"/v4/spreadsheets/{KEY}")
    assert values.path.endswith("/values:batchGet")
    assert values.query["ranges"] == ["'Notes'", "'Roadmap'"]
    assert values.authorization is None  # no credentials: unauthenticated, to the endpoint
    highlights = tables.highlights
    assert highlights.header_row == 3 and highlights.row_numbers == [4, 6]
    assert highlights.dropped_empty_rows == 1
    assert list(highlights.frame.columns) == ["Quote", "Customer", "Cohort", "Column D", "Date"]
    assert highlights.frame.iloc[1].tolist() == ["007 is my locker code", "Bo", "sale only", "", ""]
    assert tables.roadmap.frame.iloc[0].tolist() == ["Refill pouches", "planned"]
    assert (tables.source_key, tables.worksheet) == (f"sheet:{KEY}", "Notes")


def test_quota_answers_are_retried_with_growing_waits(client, sheet, sleeps) -> None:
    sheet.fail(429, times=2)

    read_sheet(client, KEY, "Notes", None, NO_CREDENTIALS)

    assert sheet.request_count == 4  # two refused, then metadata and values
    assert len(sleeps) == 2 and 0.25 <= sleeps[0] <= 0.5 and 0.5 <= sleeps[1] <= 1.0


def test_retry_after_is_honoured_up_to_the_cap(client, sheet, sleeps) -> None:
    sheet.fail(503, times=1, retry_after="30")
    read_sheet(client, KEY, "Notes", None, NO_CREDENTIALS)
    assert sleeps == [4]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (429, "request quota is used up"),
        (500, r"having trouble \(error 500\)"),
        (503, r"having trouble \(error 503\)"),
    ],
)
def test_retries_are_bounded_then_explained(client, sheet, sleeps, status, message) -> None:
    sheet.fail(status, times=100)

    with pytest.raises(SheetsError, match=message):
        read_sheet(client, KEY, "Notes", None, NO_CREDENTIALS)

    assert sheet.request_count == 4 and len(sleeps) == 3


@pytest.mark.parametrize("status", [400, 403, 404])
def test_client_errors_are_not_retried(client, sheet, sleeps, status) -> None:
    sheet.fail(status, times=100)
    with pytest.raises(SheetsError):
        read_sheet(client, KEY, "Notes", None, NO_CREDENTIALS)
    assert sheet.request_count == 1 and sleeps == []


def test_a_missing_sheet_says_check_the_link(client) -> None:
    with pytest.raises(SheetsError, match="cannot find the sheet. Check the link"):
        read_sheet(client, "1NoSuchSheetAbcdefghijklmnopqrs", "Notes", None, NO_CREDENTIALS)


def test_a_private_sheet_names_the_email_to_share_with(sheets_api) -> None:
    sheets_api.add_spreadsheet(KEY, "Private", {"Notes": HIGHLIGHTS}, shared=False)
    client = (
        open_client(SERVICE_ACCOUNT, endpoint=sheets_api.url)
        if False
        else open_client(NO_CREDENTIALS, endpoint=sheets_api.url)
    )
    with pytest.raises(SheetsError) as raised:
        read_sheet(client, KEY, "Notes", None, SERVICE_ACCOUNT)
    assert "click Share and add insights@study.iam.gserviceaccount.com" in str(raised.value)


def test_a_renamed_worksheet_lists_the_ones_there_are(client, sheet) -> None:
    with pytest.raises(SheetsError, match="no worksheet named “Highlights”.*Notes, Roadmap"):
        read_sheet(client, KEY, "Highlights", None, NO_CREDENTIALS)
    assert sheet.request_count == 1  # no values request for a worksheet that is not there


@pytest.mark.parametrize(
    ("rows", "message"),
    [([], "is empty"), ([["Quote", "Customer"]], "holds only a header row")],
)
def test_an_empty_or_header_only_worksheet_is_explained(sheets_api, rows, message) -> None:
    sheets_api.add_spreadsheet(KEY, "Study", {"Notes": rows})
    client = open_client(NO_CREDENTIALS, endpoint=sheets_api.url)
    with pytest.raises(Exception, match=message):
        read_sheet(client, KEY, "Notes", None, NO_CREDENTIALS)


def test_an_unreachable_server_is_explained(sleeps) -> None:
    policy = RetryPolicy(attempts=2, sleep=sleeps.append)
    client = open_client(NO_CREDENTIALS, endpoint="http://127.0.0.1:9", policy=policy, timeout=2)
    with pytest.raises(SheetsError, match="cannot be reached"):
        read_sheet(client, KEY, "Notes", None, NO_CREDENTIALS)
    assert len(sleeps) == 1


def test_a_dropped_connection_is_retried(client, sheet, sleeps) -> None:
    sheet.fail(0, times=1)
    read_sheet(client, KEY, "Notes", None, NO_CREDENTIALS)
    assert len(sleeps) == 1


def test_a_slow_server_is_a_timeout_message(sheet, sleeps) -> None:
    sheet.delay = 1.5
    policy = RetryPolicy(attempts=2, sleep=sleeps.append)
    client = open_client(NO_CREDENTIALS, endpoint=sheet.url, policy=policy, timeout=0.5)
    with pytest.raises(SheetsError, match="did not answer in time"):
        read_sheet(client, KEY, "Notes", None, NO_CREDENTIALS)


def test_no_credentials_and_no_endpoint_says_how_to_set_them_up() -> None:
    with pytest.raises(
        SheetsError, match=r"No Google credentials are set up.*\[connections.gsheets\]"
    ):
        open_client(NO_CREDENTIALS)


@pytest.mark.parametrize(
    "text",
    ["https://example.com/doc", "not a link", "https://docs.google.com/document/d/abc/edit", ""],
)
def test_a_link_that_is_not_a_sheet_is_refused(text: str) -> None:
    with pytest.raises(SheetsError, match="not a Google Sheet link"):
        parse_sheet_key(text)


def test_keys_come_from_links_or_stand_alone() -> None:
    assert parse_sheet_key(URL) == KEY
    assert parse_sheet_key(f"  {KEY} ") == KEY


def test_the_server_shapes_match_the_recorded_cassettes(sheet) -> None:
    """Ragged rows and an empty row as [], as Google answers (gspread cassette test_get_all_values)."""
    reply = requests.get(
        f"{sheet.url}/v4/spreadsheets/{KEY}/values/'Notes'!A1:E6", timeout=5
    ).json()
    assert reply["range"] == "'Notes'!A1:E6"
    assert reply["values"][1] == [] and reply["values"][5] == [
        "007 is my locker code",
        "Bo",
        "sale only",
    ]
    missing = requests.get(f"{sheet.url}/v4/spreadsheets/nope", timeout=5)
    assert missing.status_code == 404
    assert missing.json() == {
        "error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}
    }


@pytest.mark.parametrize(
    ("locale", "read_as"),
    [("en_GB", date(2026, 4, 3)), ("de_DE", date(2026, 4, 3)), ("en_US", date(2026, 3, 4))],
)
def test_dates_follow_the_sheets_locale(sheets_api, locale: str, read_as: date) -> None:
    shown = "03.04.2026" if locale == "de_DE" else "03/04/2026"
    sheets_api.add_spreadsheet(
        KEY,
        "Study",
        {"Notes": [["Quote", "Customer", "Date"], ["Too pricey", "Ann", shown]]},
        locale=locale,
    )
    client = open_client(NO_CREDENTIALS, endpoint=sheets_api.url)
    tables = read_sheet(client, KEY, "Notes", None, NO_CREDENTIALS)

    plan = plan_import(
        tables, {"Quote": "text", "Customer": "participant", "Date": "interview_date"}
    )

    assert plan.date_question is None
    assert plan.frames.highlights["interview_date"].tolist() == [read_as]
    assert f"as the sheet's locale ({locale}) writes them." in plan.notes[-1]


def test_a_date_that_contradicts_the_locale_is_asked(sheets_api) -> None:
    rows = [["Quote", "Date"], ["Too pricey", "03/04/2026"], ["Love it", "25/03/2026"]]
    sheets_api.add_spreadsheet(KEY, "Study", {"Notes": rows}, locale="en_US")
    client = open_client(NO_CREDENTIALS, endpoint=sheets_api.url)
    tables = read_sheet(client, KEY, "Notes", None, NO_CREDENTIALS)

    plan = plan_import(tables, {"Quote": "text", "Date": "interview_date"})

    assert (
        "the sheet's locale (en_US) writes dates month first, but 25/03/2026 can only be day first"
        in (plan.date_question.message)
    )


@pytest.mark.parametrize(
    ("link", "gid"),
    [
        (f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=1234567", 1234567),
        (f"https://docs.google.com/spreadsheets/d/{KEY}/edit?gid=42#gid=42", 42),
        (f"https://docs.google.com/spreadsheets/d/{KEY}/edit?usp=sharing&gid=7", 7),
        (f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=0", 0),
        (f"https://docs.google.com/spreadsheets/d/{KEY}/edit", None),
        (KEY, None),
    ],
)
def test_a_links_gid_names_its_worksheet(link: str, gid: int | None) -> None:
    assert parse_sheet_gid(link) == gid


def test_one_call_blocks_no_longer_than_its_budget_and_says_what_happened(sheet) -> None:
    sheet.delay = 1.0  # every answer takes a second
    policy = RetryPolicy(attempts=10, base_delay=0.05, max_delay=0.1, budget=1.5)
    client = open_client(NO_CREDENTIALS, endpoint=sheet.url, policy=policy, timeout=0.6)
    start = time.monotonic()

    with pytest.raises(SheetsError) as raised:
        read_sheet(client, KEY, "Notes", None, NO_CREDENTIALS)

    assert time.monotonic() - start < 2.0  # ten tries of 0.6 s were allowed, the budget is 1.5 s
    message = str(raised.value)
    assert "did not answer in time" in message
    assert re.search(r"\(Gave up after [23] tries in [12] s: timed out, timed out", message)


def test_the_default_budget_caps_a_call_at_about_30_seconds() -> None:
    assert RetryPolicy().budget == 30
    assert RetryPolicy().budget > REQUEST_TIMEOUT_S  # a timed-out try leaves time for another

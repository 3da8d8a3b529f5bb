"""Read highlights and the roadmap from a Google Sheet, with the real gspread client.

Two Sheets API requests read a whole import: the spreadsheet's metadata
(its worksheets) and one ``values:batchGet`` for the highlights and roadmap
worksheets together. Quota (60 reads a minute per user) is precious: the app
caches both. 429 and 5xx answers are retried a bounded number of times with
exponential backoff and jitter, within about 30 s per call, and changes
that must not happen twice are never resent blindly (see ``retry``).
Every failure becomes a SheetsError whose message says what to do.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import gspread
import requests
from gspread.exceptions import APIError
from gspread.utils import absolute_range_name

from insights.errors import InsightsError
from insights.sources.credentials import GoogleCredentials
from insights.sources.retry import BoundedRetryHTTPClient, GaveUp, RetryPolicy, UncertainWrite
from insights.sources.table import SourceTables, table_from_rows

GOOGLE_SHEETS_ROOT = "https://sheets.googleapis.com"
SHEETS_ENDPOINT_SETTING = "INSIGHTS_SHEETS_ENDPOINT"
# One try waits this long for an answer; all tries of one call, RetryPolicy.budget (30 s).
REQUEST_TIMEOUT_S = 20

_URL_KEY = re.compile(r"/spreadsheets/d/([a-zA-Z0-9_-]+)")
_BARE_KEY = re.compile(r"^[a-zA-Z0-9_-]{20,}$")
_GID = re.compile(r"[#?&]gid=(\d+)")


class SheetsError(InsightsError):
    """A Google Sheet could not be read or written; the message says what to do."""


def configured_endpoint(environ: Mapping[str, str] | None = None) -> str | None:
    """The root that Sheets API traffic goes to instead of Google's, if one is set."""
    return (
        (os.environ if environ is None else environ).get(SHEETS_ENDPOINT_SETTING) or ""
    ).strip() or None


def parse_sheet_key(url_or_key: str) -> str:
    """The spreadsheet key from a sheet's address (or the key itself)."""
    value = (url_or_key or "").strip()
    match = _URL_KEY.search(value)
    if match:
        return match.group(1)
    if _BARE_KEY.match(value):
        return value
    raise SheetsError(
        "That is not a Google Sheet link. Open the sheet in your browser and copy its address: "
        "it looks like https://docs.google.com/spreadsheets/d/1AbC…/edit"
    )


def parse_sheet_gid(url: str) -> int | None:
    """The worksheet a sheet's link points at (its ``gid``), if it names one."""
    match = _GID.search(url or "")
    return int(match.group(1)) if match else None


# -- HTTP: a routed session and a bounded retry ----------------------------------


def _reroute(url: str, root: str) -> str:
    if url.startswith(GOOGLE_SHEETS_ROOT):
        return root.rstrip("/") + url[len(GOOGLE_SHEETS_ROOT) :]
    return url


class _RoutedSession(requests.Session):
    """A session that sends Sheets API calls to another root (tests, proxies)."""

    def __init__(self, root: str) -> None:
        super().__init__()
        self.root = root

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:
        return super().request(method, _reroute(url, self.root), *args, **kwargs)


def _authorized_session(credentials: Any, root: str | None) -> requests.Session:
    from google.auth.transport.requests import AuthorizedSession

    class _RoutedAuthorizedSession(AuthorizedSession):
        def request(self, method: str, url: str, *args: Any, **kwargs: Any):
            return super().request(method, _reroute(url, root) if root else url, *args, **kwargs)

    return _RoutedAuthorizedSession(credentials)


def open_client(
    credentials: GoogleCredentials,
    *,
    endpoint: str | None = None,
    policy: RetryPolicy | None = None,
    timeout: float = REQUEST_TIMEOUT_S,
) -> gspread.Client:
    """A gspread client. With ``endpoint``, Sheets traffic goes there instead of Google.

    Without credentials, requests to the endpoint go out unauthenticated.
    """
    policy = policy or RetryPolicy()
    if credentials.credentials is not None:
        session = _authorized_session(credentials.credentials, endpoint)
    elif endpoint:
        session = _RoutedSession(endpoint)
    else:
        raise SheetsError(credentials.missing_message())
    client = gspread.Client(
        auth=None,
        session=session,
        http_client=lambda auth, session: BoundedRetryHTTPClient(auth, session, policy=policy),
    )
    client.set_timeout(timeout)
    return client


# -- reading -----------------------------------------------------------------------


@dataclass(frozen=True)
class WorksheetInfo:
    title: str
    sheet_id: int
    rows: int
    columns: int
    hidden: bool = False


@dataclass(frozen=True)
class SheetInfo:
    key: str
    title: str
    url: str
    locale: str
    worksheets: list[WorksheetInfo]

    @property
    def titles(self) -> list[str]:
        return [w.title for w in self.worksheets]

    def title_of(self, gid: int | None) -> str | None:
        """The title of the worksheet with this id (a link's ``gid``), if there is one."""
        return next((w.title for w in self.worksheets if w.sheet_id == gid), None)


_METADATA_FIELDS = (
    "spreadsheetId,spreadsheetUrl,properties(title,locale),"
    "sheets(properties(sheetId,title,index,hidden,sheetType,gridProperties))"
)


def explain(
    error: BaseException,
    credentials: GoogleCredentials,
    what: str = "the sheet",
    *,
    doing: str = "Reading",
) -> SheetsError:
    """A SheetsError saying what went wrong with a Sheets call and what to do about it."""
    if isinstance(error, SheetsError):
        return error
    if isinstance(error, GaveUp):
        found = explain(error.last, credentials, what, doing=doing)
        return SheetsError(f"{found} (Gave up after {error.summary}.)")
    if isinstance(error, UncertainWrite):
        return SheetsError(
            f"Google Sheets did not confirm a change to {what} ({error.what}), so it may or may "
            "not have been made. Open the sheet to look, then try again; nothing in the app "
            "was changed."
        )
    if isinstance(error, APIError):
        return _explain_api_error(error, credentials, what, doing=doing)
    if isinstance(error, requests.Timeout):
        return SheetsError(
            "Google Sheets did not answer in time. Check your connection and try again; a very "
            "large sheet may need a second try."
        )
    if isinstance(error, requests.ConnectionError):
        return SheetsError(
            "Google Sheets cannot be reached: the network is unreachable or a firewall blocks "
            f"{urlsplit(GOOGLE_SHEETS_ROOT).netloc}. Check your connection and try again."
        )
    from google.auth.exceptions import GoogleAuthError

    if isinstance(error, GoogleAuthError):
        return SheetsError(
            f"The Google credentials ({credentials.origin}) were refused or could not be "
            "checked. Check that the service account key is current and the machine can reach "
            "Google, then try again."
        )
    return SheetsError(f"{doing} {what} failed unexpectedly ({type(error).__name__}).")


def _explain_api_error(
    error: APIError, credentials: GoogleCredentials, what: str, *, doing: str
) -> SheetsError:
    """What an error answer from the Sheets API means, by its status."""
    status = error.response.status_code
    message = str(error.error.get("message", "")) if isinstance(error.error, Mapping) else ""
    if status == 404:
        return SheetsError(
            f"Google Sheets cannot find {what}. Check the link; the sheet may have been "
            "deleted or the link may be incomplete."
        )
    if status == 403:
        if "has not been used" in message or "disabled" in message:
            return SheetsError(
                "The Google Sheets API is not enabled for your Google Cloud project. Enable "
                "it in the Cloud console (APIs & Services › Library › Google Sheets API), "
                "wait a minute, and try again."
            )
        if credentials.client_email:
            return SheetsError(
                f"{what[0].upper() + what[1:]} is not shared with the app. In Google Sheets, "
                f"click Share and add {credentials.client_email} (Viewer is enough to import; "
                "Editor to write results back)."
            )
        return SheetsError(
            f"Your Google account has no access to {what}. Ask its owner to share it with you."
        )
    if status == 401:
        return SheetsError(
            f"Google rejected the credentials ({credentials.origin}). Create a new key for the "
            "service account, or sign in again, and update the settings."
        )
    if status == 429 and doing != "Reading":
        return SheetsError(
            "Google Sheets' request quota is used up for now (60 writes a minute per user, "
            "shared by everyone using this app). Wait a minute and write back again; "
            "everything in the app is kept."
        )
    if status == 429:
        return SheetsError(
            "Google Sheets' request quota is used up for now (60 reads a minute per user, "
            "shared by everyone using this app). Wait a minute, then press Refresh; the app "
            "caches what it read for five minutes."
        )
    if status >= 500:
        return SheetsError(
            f"Google Sheets is having trouble (error {status}) and did not answer after "
            "several tries. Try again in a minute."
        )
    if status == 400 and "Unable to parse range" in message:
        return SheetsError(f"A worksheet of {what} was not found; it may have been renamed.")
    return SheetsError(f"Google Sheets refused the request (error {status}): {message}")


def fetch_sheet_info(client: gspread.Client, key: str, credentials: GoogleCredentials) -> SheetInfo:
    """The sheet's title and worksheets: one Sheets API request."""
    try:
        meta = client.http_client.fetch_sheet_metadata(
            key, params={"includeGridData": "false", "fields": _METADATA_FIELDS}
        )
    except Exception as error:
        raise explain(error, credentials) from None
    worksheets = [
        WorksheetInfo(
            title=p["title"],
            sheet_id=int(p.get("sheetId", 0)),
            rows=int(p.get("gridProperties", {}).get("rowCount", 0)),
            columns=int(p.get("gridProperties", {}).get("columnCount", 0)),
            hidden=bool(p.get("hidden", False)),
        )
        for p in (s.get("properties", {}) for s in meta.get("sheets", []))
        if p.get("sheetType", "GRID") == "GRID"
    ]
    properties = meta.get("properties", {})
    return SheetInfo(
        key=key,
        title=properties.get("title", key),
        url=meta.get("spreadsheetUrl", f"https://docs.google.com/spreadsheets/d/{key}/edit"),
        locale=properties.get("locale", ""),
        worksheets=worksheets,
    )


def fetch_worksheet_rows(
    client: gspread.Client, key: str, titles: list[str], credentials: GoogleCredentials
) -> dict[str, list[list[str]]]:
    """Every cell of several worksheets, as shown in the sheet: one Sheets API request."""
    ranges = [absolute_range_name(title) for title in titles]
    try:
        reply = client.http_client.values_batch_get(
            key,
            ranges,
            params={"valueRenderOption": "FORMATTED_VALUE", "majorDimension": "ROWS"},
        )
    except Exception as error:
        raise explain(error, credentials) from None
    ranges_back = reply.get("valueRanges", [])
    return {title: list(r.get("values", [])) for title, r in zip(titles, ranges_back, strict=False)}


def sheet_tables(
    info: SheetInfo,
    rows: Mapping[str, list[list[str]]],
    worksheet: str,
    roadmap_worksheet: str | None = None,
) -> SourceTables:
    """The worksheets' rows read as tables, ready for mapping."""
    for title in filter(None, (worksheet, roadmap_worksheet)):
        if title not in info.titles:
            raise SheetsError(
                f"The sheet “{info.title}” has no worksheet named “{title}”. "
                f"Its worksheets are: {', '.join(info.titles)}."
            )
    highlights = table_from_rows(rows.get(worksheet, []), what=f"The worksheet “{worksheet}”")
    roadmap = (
        table_from_rows(
            rows.get(roadmap_worksheet, []), what=f"The worksheet “{roadmap_worksheet}”"
        )
        if roadmap_worksheet
        else None
    )
    return SourceTables(
        source=f"{info.title} (Google Sheet)",
        source_key=f"sheet:{info.key}",
        source_kind="sheet",
        highlights=highlights,
        roadmap=roadmap,
        worksheet=worksheet,
        roadmap_worksheet=roadmap_worksheet,
        locale=info.locale,
    )


def read_sheet(
    client: gspread.Client,
    url_or_key: str,
    worksheet: str,
    roadmap_worksheet: str | None,
    credentials: GoogleCredentials,
    *,
    info: SheetInfo | None = None,
) -> SourceTables:
    """The one sheet reader (the app, the CLI, the tests and bench): a sheet's highlights
    (and roadmap) worksheets, two Sheets API requests in all.

    ``info``: the sheet's worksheets, already read (the app and the CLI read them first to
    choose the worksheets); then it is one request.
    """
    key = parse_sheet_key(url_or_key)
    info = fetch_sheet_info(client, key, credentials) if info is None else info
    titles = [t for t in (worksheet, roadmap_worksheet) if t]
    missing = [t for t in titles if t not in info.titles]
    if missing:
        return sheet_tables(info, {}, worksheet, roadmap_worksheet)  # raises with the list
    return sheet_tables(
        info, fetch_worksheet_rows(client, key, titles, credentials), worksheet, roadmap_worksheet
    )

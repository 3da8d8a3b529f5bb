"""A loopback server that speaks the Google Sheets API v4, for the real gspread client.

It answers with the shapes recorded in gspread's own test cassettes (release
6.2.1): metadata with ``sheets[].properties``, ragged value rows (trailing
empty cells dropped, an empty row as ``[]``, no ``values`` key for an empty
range), ``valueRanges`` for batchGet, and Google's error bodies. Tests can
make it fail (404, 403, 400, 429, 5xx, a dropped connection), slow it down,
and count and inspect every request.

Endpoints: spreadsheets.get, spreadsheets:batchUpdate (addSheet, deleteSheet,
updateSheetProperties, appendDimension, updateCells that empties a range; other
requests, formatting say, are accepted and ignored), values.get, values:batchGet,
values.update, values:batchUpdate, values:append, values:clear. A batch that
fails changes nothing, as with Google.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

ERRORS = {
    400: ("INVALID_ARGUMENT", "Invalid request."),
    401: (
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token.",
    ),
    403: ("PERMISSION_DENIED", "The caller does not have permission"),
    404: ("NOT_FOUND", "Requested entity was not found."),
    429: (
        "RESOURCE_EXHAUSTED",
        "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute "
        "per user' of service 'sheets.googleapis.com' for consumer 'project_number:1234'.",
    ),
    500: ("INTERNAL", "Internal error encountered."),
    503: ("UNAVAILABLE", "The service is currently unavailable."),
}


# The most characters one cell may hold in Google Sheets.
CELL_LIMIT = 50_000


class Refused(ValueError):
    """A request Google would refuse with 400 and this message."""


_CELL = re.compile(r"^([A-Za-z]*)(\d*)$")


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def _letters(number: int) -> str:
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


def split_range(a1: str) -> tuple[str, str | None]:
    """ "'My sheet'!A1:B2" -> ("My sheet", "A1:B2"); "Sheet1" -> ("Sheet1", None)."""
    if a1.startswith("'"):
        end = 1
        title = ""
        while end < len(a1):
            if a1[end] == "'" and a1[end + 1 : end + 2] == "'":
                title += "'"
                end += 2
            elif a1[end] == "'":
                break
            else:
                title += a1[end]
                end += 1
        rest = a1[end + 1 :]
        return title, rest[1:] if rest.startswith("!") else None
    if "!" in a1:
        title, cells = a1.rsplit("!", 1)
        return title, cells
    return a1, None


@dataclass
class Worksheet:
    title: str
    sheet_id: int
    index: int
    rows: list[list[str]] = field(default_factory=list)
    row_count: int = 1000
    column_count: int = 26
    hidden: bool = False
    # (row, column), 1-based -> the formula a person typed; ``rows`` holds what it shows
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)

    def bounds(self, cells: str | None) -> tuple[int, int, int, int]:
        """1-based (first row, first column, last row, last column) of an A1 range."""
        if not cells:
            return 1, 1, self.row_count, self.column_count
        start, _, end = cells.partition(":")
        sm, em = _CELL.match(start), _CELL.match(end or start)
        if sm is None or em is None:
            raise ValueError(cells)
        c1 = _column_number(sm.group(1)) if sm.group(1) else 1
        r1 = int(sm.group(2)) if sm.group(2) else 1
        c2 = _column_number(em.group(1)) if em.group(1) else self.column_count
        r2 = int(em.group(2)) if em.group(2) else self.row_count
        return r1, c1, r2, c2

    def read(
        self, cells: str | None, render: str = "FORMATTED_VALUE"
    ) -> tuple[str, list[list[str]]]:
        r1, c1, r2, c2 = self.bounds(cells)
        shown = self.rows
        if render == "FORMULA":  # what was typed: formulas instead of what they show
            shown = [
                [self.formulas.get((i, j), v) for j, v in enumerate(row, start=1)]
                for i, row in enumerate(self.rows, start=1)
            ]
        block = [row[c1 - 1 : c2] for row in shown[r1 - 1 : r2]]
        while block and not any(block[-1]):
            block.pop()
        ragged = []
        for row in block:
            row = list(row)
            while row and row[-1] == "":
                row.pop()
            ragged.append(row)
        width = max((len(r) for r in ragged), default=0)
        last_row = r1 + len(ragged) - 1 if ragged else r1
        last_column = c1 + width - 1 if width else c1
        a1 = f"{self.quoted}!{_letters(c1)}{r1}:{_letters(max(last_column, c1))}{max(last_row, r1)}"
        return a1, ragged

    def write(self, cells: str | None, values: list[list[Any]]) -> tuple[str, int, int]:
        r1, c1, _, _ = self.bounds(cells)
        width = max((len(r) for r in values), default=0)
        if any(isinstance(v, str) and len(v) > CELL_LIMIT for row in values for v in row):
            raise Refused(  # Google's answer to a cell over its limit
                f"Your input contains more than the maximum of {CELL_LIMIT} characters "
                "in a single cell."
            )
        if r1 - 1 + len(values) > self.row_count or c1 - 1 + width > self.column_count:
            # Google's answer to a write outside the grid (values.update never grows it)
            raise Refused(
                f"Range ({self.quoted}!{_letters(c1)}{r1}) exceeds grid limits. "
                f"Max rows: {self.row_count}, max columns: {self.column_count}"
            )
        for i, row in enumerate(values):
            target = r1 - 1 + i
            while len(self.rows) <= target:
                self.rows.append([])
            line = self.rows[target]
            for j, value in enumerate(row):
                column = c1 - 1 + j
                while len(line) <= column:
                    line.append("")
                line[column] = "" if value is None else str(value)
                self.formulas.pop((target + 1, column + 1), None)  # RAW: the cell is a value now
        end = f"{_letters(c1 + max(width, 1) - 1)}{r1 + max(len(values), 1) - 1}"
        return f"{self.quoted}!{_letters(c1)}{r1}:{end}", len(values), width

    def clear(self, cells: str | None) -> None:
        r1, c1, r2, c2 = self.bounds(cells)
        for row in self.rows[r1 - 1 : r2]:
            for j in range(c1 - 1, min(c2, len(row))):
                row[j] = ""

    @property
    def quoted(self) -> str:
        return "'" + self.title.replace("'", "''") + "'"

    def properties(self) -> dict[str, Any]:
        props = {
            "sheetId": self.sheet_id,
            "title": self.title,
            "index": self.index,
            "sheetType": "GRID",
            "gridProperties": {"rowCount": self.row_count, "columnCount": self.column_count},
        }
        if self.hidden:
            props["hidden"] = True
        return props


@dataclass
class Spreadsheet:
    key: str
    title: str
    worksheets: list[Worksheet]
    locale: str = "en_US"
    shared: bool = True

    def worksheet(self, title: str) -> Worksheet | None:
        return next((w for w in self.worksheets if w.title == title), None)

    def metadata(self) -> dict[str, Any]:
        return {
            "spreadsheetId": self.key,
            "properties": {
                "title": self.title,
                "locale": self.locale,
                "autoRecalc": "ON_CHANGE",
                "timeZone": "Etc/GMT",
            },
            "sheets": [{"properties": w.properties()} for w in self.worksheets],
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{self.key}/edit",
        }


@dataclass
class Fault:
    status: int  # an HTTP status, or 0 to drop the connection without an answer
    times: int
    match: str = ""  # only requests whose path contains this
    retry_after: str | None = None
    applied: bool = False  # the request is carried out first, then answered with ``status``
    stall: float = 0.0  # seconds to hold the answer (the client may time out meanwhile)


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    authorization: str | None


def _render(request: Request) -> str:
    return request.query.get("valueRenderOption", ["FORMATTED_VALUE"])[0]


class FakeSheetsAPI:
    """Use as ``with FakeSheetsAPI() as api:`` and point INSIGHTS_SHEETS_ENDPOINT at api.url."""

    def __init__(self) -> None:
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self.requests: list[Request] = []
        self.faults: list[Fault] = []
        self.delay = 0.0
        self.tokens_issued = 0
        self._lock = threading.Lock()
        self._next_sheet_id = 1000
        self._server: ThreadingHTTPServer | None = None

    # -- set-up ----------------------------------------------------------------

    def add_spreadsheet(
        self,
        key: str,
        title: str,
        worksheets: dict[str, list[list[Any]]],
        *,
        locale: str = "en_US",
        shared: bool = True,
    ) -> Spreadsheet:
        sheets = []
        for index, (name, rows) in enumerate(worksheets.items()):
            rows = [["" if v is None else str(v) for v in row] for row in rows]
            width = max((len(r) for r in rows), default=0)
            sheets.append(
                Worksheet(
                    title=name,
                    sheet_id=0 if index == 0 else self._new_sheet_id(),
                    index=index,
                    rows=rows,
                    row_count=max(1000, len(rows)),
                    column_count=max(26, width),
                )
            )
        spreadsheet = Spreadsheet(key, title, sheets, locale=locale, shared=shared)
        self.spreadsheets[key] = spreadsheet
        return spreadsheet

    def fail(
        self,
        status: int,
        *,
        times: int = 1,
        match: str = "",
        retry_after: str | None = None,
        applied: bool = False,
    ) -> None:
        """The next ``times`` matching requests get ``status`` (0: the connection drops).

        With ``applied``, the request is carried out before the error is sent, as when
        Google made a change and the answer was lost.
        """
        self.faults.append(Fault(status, times, match, retry_after, applied=applied))

    def stall(self, seconds: float, *, times: int = 1, match: str = "") -> None:
        """The next ``times`` matching requests are carried out, then answered ``seconds`` late.

        A client with a shorter timeout gives up although the change was made.
        """
        self.faults.append(Fault(200, times, match, applied=True, stall=seconds))

    def _new_sheet_id(self) -> int:
        self._next_sheet_id += 1
        return self._next_sheet_id

    # -- inspection ------------------------------------------------------------

    @property
    def request_count(self) -> int:
        return len(self.requests)

    def values(self, key: str, title: str) -> list[list[str]]:
        """A worksheet's cells as stored (for asserting on writes)."""
        return self.spreadsheets[key].worksheet(title).rows

    # -- the server ------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None, "start the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeSheetsAPI:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _handle(self) -> None:
                api._serve(self)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that timed out and hung up is not the server's problem

        self._server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSheetsAPI:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # -- request handling --------------------------------------------------------

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:  # a form-encoded body (the token endpoint)
            body = parse_qs(raw.decode("utf-8", "replace"))
        request = Request(
            handler.command,
            unquote(parts.path),
            parse_qs(parts.query, keep_blank_values=True),
            body,
            handler.headers.get("Authorization"),
        )
        with self._lock:
            self.requests.append(request)
            fault = self._take_fault(request)
        if self.delay:
            time.sleep(self.delay)
        if fault is not None and fault.applied:
            status, payload = self._carry_out(request)
            time.sleep(fault.stall)
            if fault.status == 200:
                self._answer(handler, status, payload)
                return
        if fault is not None:
            if fault.status == 0:
                handler.close_connection = True
                handler.connection.close()
                return
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            self._error(handler, fault.status, headers=headers)
            return
        self._answer(handler, *self._carry_out(request))

    def _carry_out(self, request: Request) -> tuple[int, Any]:
        with self._lock:
            before = copy.deepcopy(self.spreadsheets) if request.method != "GET" else None
            try:
                status, payload = self._route(request)
            except KeyError:
                status, payload = 404, None
            except Refused as error:
                status, payload = 400, {"message": str(error)}
            except ValueError as error:
                status, payload = 400, {"message": f"Unable to parse range: {error}"}
            if status != 200 and before is not None:  # all or nothing
                for key, kept in before.items():
                    self.spreadsheets[key].worksheets = kept.worksheets
        return status, payload

    def _answer(self, handler: BaseHTTPRequestHandler, status: int, payload: Any) -> None:
        if status != 200:
            self._error(handler, status, (payload or {}).get("message"))
        else:
            self._send(handler, 200, payload)

    def _take_fault(self, request: Request) -> Fault | None:
        for fault in self.faults:
            if fault.times > 0 and fault.match in request.path:
                fault.times -= 1
                return fault
        return None

    def _send(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        payload: Any,
        headers: dict | None = None,
    ) -> None:
        data = json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=UTF-8")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _error(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        message: str | None = None,
        headers: dict | None = None,
    ) -> None:
        name, default = ERRORS.get(status, ("UNKNOWN", "Unknown error."))
        body = {"error": {"code": status, "message": message or default, "status": name}}
        self._send(handler, status, body, headers)

    def _route(self, request: Request) -> tuple[int, Any]:
        if request.path == "/token" and request.method == "POST":
            # Google's OAuth token endpoint, for service-account credentials whose
            # token_uri points here: any signed assertion gets a token.
            self.tokens_issued += 1
            return 200, {
                "access_token": "loopback-token",
                "expires_in": 3600,
                "token_type": "Bearer",
            }
        match = re.match(r"^/v4/spreadsheets/([^/:]+)(.*)$", request.path)
        if not match:
            return 404, None
        key, rest = match.groups()
        spreadsheet = self.spreadsheets[key]
        if not spreadsheet.shared:
            return 403, None
        method = request.method
        if rest == "" and method == "GET":
            return 200, spreadsheet.metadata()
        if rest == ":batchUpdate" and method == "POST":
            return 200, self._batch_update(spreadsheet, request.body or {})
        if rest == "/values:batchGet" and method == "GET":
            return 200, {
                "spreadsheetId": key,
                "valueRanges": [
                    self._value_range(spreadsheet, a1, _render(request))
                    for a1 in request.query.get("ranges", [])
                ],
            }
        if rest == "/values:batchUpdate" and method == "POST":
            return 200, self._values_batch_update(spreadsheet, request.body or {})
        values = re.match(r"^/values/(.+?)(:append|:clear)?$", rest)
        if values:
            a1, verb = values.groups()
            if verb == ":append" and method == "POST":
                return 200, self._append(spreadsheet, a1, request.body or {})
            if verb == ":clear" and method == "POST":
                _title, cells = split_range(a1)
                self._sheet(spreadsheet, a1).clear(cells)
                return 200, {"spreadsheetId": key, "clearedRange": a1}
            if method == "GET":
                return 200, self._value_range(spreadsheet, a1, _render(request))
            if method == "PUT":
                _title, cells = split_range(a1)
                updated, rows, columns = self._sheet(spreadsheet, a1).write(
                    cells, (request.body or {}).get("values", [])
                )
                return 200, {
                    "spreadsheetId": key,
                    "updatedRange": updated,
                    "updatedRows": rows,
                    "updatedColumns": columns,
                    "updatedCells": rows * columns,
                }
        return 404, None

    def _sheet(self, spreadsheet: Spreadsheet, a1: str) -> Worksheet:
        title, _ = split_range(a1)
        worksheet = spreadsheet.worksheet(title)
        if worksheet is None:
            raise ValueError(a1)
        return worksheet

    def _value_range(
        self, spreadsheet: Spreadsheet, a1: str, render: str = "FORMATTED_VALUE"
    ) -> dict[str, Any]:
        _title, cells = split_range(a1)
        answered, rows = self._sheet(spreadsheet, a1).read(cells, render)
        reply: dict[str, Any] = {"range": answered, "majorDimension": "ROWS"}
        if rows:
            reply["values"] = rows
        return reply

    def _values_batch_update(self, spreadsheet: Spreadsheet, body: dict) -> dict[str, Any]:
        responses = []
        for item in body.get("data", []):
            _title, cells = split_range(item["range"])
            updated, rows, columns = self._sheet(spreadsheet, item["range"]).write(
                cells, item.get("values", [])
            )
            responses.append(
                {
                    "spreadsheetId": spreadsheet.key,
                    "updatedRange": updated,
                    "updatedRows": rows,
                    "updatedColumns": columns,
                    "updatedCells": rows * columns,
                }
            )
        return {
            "spreadsheetId": spreadsheet.key,
            "totalUpdatedRows": sum(r["updatedRows"] for r in responses),
            "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
            "responses": responses,
        }

    def _append(self, spreadsheet: Spreadsheet, a1: str, body: dict) -> dict[str, Any]:
        worksheet = self._sheet(spreadsheet, a1)
        last = len(worksheet.rows)
        while last and not any(worksheet.rows[last - 1]):
            last -= 1
        worksheet.row_count = max(worksheet.row_count, last + len(body.get("values", [])))
        updated, rows, columns = worksheet.write(f"A{last + 1}", body.get("values", []))
        return {
            "spreadsheetId": spreadsheet.key,
            "updates": {
                "spreadsheetId": spreadsheet.key,
                "updatedRange": updated,
                "updatedRows": rows,
                "updatedColumns": columns,
                "updatedCells": rows * columns,
            },
        }

    def _batch_update(self, spreadsheet: Spreadsheet, body: dict) -> dict[str, Any]:
        replies: list[dict[str, Any]] = []
        for change in body.get("requests", []):
            if "addSheet" in change:
                props = change["addSheet"].get("properties", {})
                if spreadsheet.worksheet(props.get("title", "")) is not None:
                    raise Refused(f'A sheet with the name "{props["title"]}" already exists.')
                grid = props.get("gridProperties", {})
                worksheet = Worksheet(
                    title=props.get("title") or f"Sheet{len(spreadsheet.worksheets) + 1}",
                    sheet_id=props.get("sheetId") or self._new_sheet_id(),
                    index=len(spreadsheet.worksheets),
                    row_count=grid.get("rowCount", 1000),
                    column_count=grid.get("columnCount", 26),
                )
                spreadsheet.worksheets.append(worksheet)
                replies.append({"addSheet": {"properties": worksheet.properties()}})
            elif "deleteSheet" in change:
                sheet_id = change["deleteSheet"]["sheetId"]
                spreadsheet.worksheets = [
                    w for w in spreadsheet.worksheets if w.sheet_id != sheet_id
                ]
                replies.append({})
            elif "updateSheetProperties" in change:
                props = change["updateSheetProperties"]["properties"]
                worksheet = next(
                    w for w in spreadsheet.worksheets if w.sheet_id == props["sheetId"]
                )
                grid = props.get("gridProperties", {})
                worksheet.row_count = grid.get("rowCount", worksheet.row_count)
                worksheet.column_count = grid.get("columnCount", worksheet.column_count)
                worksheet.rows = [  # shrinking the grid drops what falls outside it
                    row[: worksheet.column_count] for row in worksheet.rows[: worksheet.row_count]
                ]
                worksheet.title = props.get("title", worksheet.title)
                replies.append({})
            elif "updateCells" in change:
                # only the form that empties a range: no rows, fields naming the values
                update = change["updateCells"]
                if update.get("rows") or "userEnteredValue" not in update.get("fields", ""):
                    raise Refused("only clearing updateCells is supported")
                target = update["range"]
                worksheet = next(
                    w for w in spreadsheet.worksheets if w.sheet_id == target["sheetId"]
                )
                for row in worksheet.rows[
                    target.get("startRowIndex", 0) : target.get("endRowIndex")
                ]:
                    for j in range(
                        target.get("startColumnIndex", 0),
                        min(target.get("endColumnIndex", len(row)), len(row)),
                    ):
                        row[j] = ""
                replies.append({})
            elif "appendDimension" in change:
                append = change["appendDimension"]
                worksheet = next(
                    w for w in spreadsheet.worksheets if w.sheet_id == append["sheetId"]
                )
                if append["dimension"] == "COLUMNS":
                    worksheet.column_count += append["length"]
                else:
                    worksheet.row_count += append["length"]
                replies.append({})
            else:
                replies.append({})
        return {"spreadsheetId": spreadsheet.key, "replies": replies}

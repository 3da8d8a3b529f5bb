"""Write the prioritized list back to the Google Sheet it came from.

A worksheet named "Prioritized insights" is created, or emptied and reused
when it exists (formulas elsewhere that point at it keep working). Its
layout changes go in one ``spreadsheets:batchUpdate``; every value goes in
one ``values:batchUpdate`` with ``valueInputOption=RAW``, so a highlight
that starts with ``=`` is stored as the text it is and never runs. With the
theme column asked for, the highlights worksheet is read once more, its
rows matched to highlights by id (the same mapping the import used), and
each row's theme written into its "Theme" column (added when missing).

Requests: the sheet's metadata, the layout batch and the values batch;
one read more for the theme column.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import gspread
import pandas as pd
from gspread.exceptions import APIError
from gspread.utils import absolute_range_name, rowcol_to_a1

from insights.export_formats import fit_cell, insight_rows
from insights.importing import suggested_mapping
from insights.prioritize import Prioritized
from insights.sources.credentials import GoogleCredentials
from insights.sources.mapping import HIGHLIGHTS, map_highlights, normalize_header
from insights.sources.retry import UncertainWrite
from insights.sources.sheets import (
    SheetInfo,
    SheetsError,
    explain,
    fetch_sheet_info,
    fetch_worksheet_rows,
    parse_sheet_key,
    sheet_tables,
)
from insights.sources.table import SourceTables
from insights.store import Store, WorkspaceData

PRIORITIZED_WORKSHEET = "Prioritized insights"
THEME_HEADER = "Theme"
_MAX_SHEET_ID = 2**31 - 1
# How many layout batches one write-back may send when Google does not confirm them.
_LAYOUT_TRIES = 3
# Google refuses a whole write when one cell holds more characters than this.
SHEETS_CELL_LIMIT = 50_000


@dataclass(frozen=True)
class WriteBackResult:
    """What was written, for the confirmation the person sees."""

    sheet_title: str
    url: str
    worksheet: str
    rows: int
    replaced: bool  # the worksheet existed and was emptied first
    themes_written: int = 0
    theme_worksheet: str | None = None
    theme_column: str | None = None  # its letter, "H"
    theme_column_added: bool = False
    notes: tuple[str, ...] = ()  # what else happened: a lost answer, what the app did about it


@dataclass(frozen=True)
class ThemeColumn:
    """The cells that put each highlight's theme into the highlights worksheet.

    Only the rows of the workspace's highlights are written (and the header, when
    the column is new): every other cell of the column, a formula, a total or a
    note, is left as it is.
    """

    worksheet: str
    column: int  # 1-based
    header_row: int  # 1-based
    cells: dict[int, str]  # 1-based row -> the text to write there
    written: int  # highlights whose row got their theme
    added: bool  # the column did not exist

    @property
    def letter(self) -> str:
        return rowcol_to_a1(1, self.column).rstrip("0123456789")

    def ranges(self) -> list[dict[str, Any]]:
        """The cells as ``values:batchUpdate`` data: one range per run of adjacent rows."""
        runs: list[list[int]] = []
        for row in sorted(self.cells):
            if runs and row == runs[-1][-1] + 1:
                runs[-1].append(row)
            else:
                runs.append([row])
        data = []
        for run in runs:
            first = rowcol_to_a1(run[0], self.column)
            last = rowcol_to_a1(run[-1], self.column)
            cells = first if len(run) == 1 else f"{first}:{last}"
            data.append(
                {
                    "range": absolute_range_name(self.worksheet, cells),
                    "majorDimension": "ROWS",
                    "values": [[self.cells[r]] for r in run],
                }
            )
        return data


def cell_value(value: object) -> str | int | float | bool:
    """A value as the Sheets API takes it: numbers stay numbers, the rest is text."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if hasattr(value, "item"):  # numpy numbers
        value = value.item()
    if isinstance(value, bool | int | float):
        return value
    return fit_cell(
        str(value), SHEETS_CELL_LIMIT, "Google Sheets", "The CSV export keeps it whole."
    )


def table_values(table: pd.DataFrame) -> list[list[str | int | float | bool]]:
    """A table as rows of cells, its header first."""
    return [[str(c) for c in table.columns]] + [
        [cell_value(v) for v in row] for row in table.itertuples(index=False)
    ]


def theme_column(
    tables: SourceTables,
    mapping: Mapping[str, str],
    themes: Mapping[str, str],
) -> ThemeColumn:
    """The theme of each highlight, placed in the worksheet's "Theme" column.

    Rows are matched by the highlight id the import gives them, so a sheet
    whose rows were sorted since still gets each theme on the right row. A
    row that is not one of ``themes``' highlights is not written at all.
    """
    table = tables.highlights
    columns = table.columns
    found = next((i for i, h in enumerate(columns) if normalize_header(h) == "theme"), None)
    column = len(columns) + 1 if found is None else found + 1
    mapped = map_highlights(table.frame, mapping, table.row_numbers)
    cells: dict[int, str] = {} if found is not None else {table.header_row: THEME_HEADER}
    written = 0
    for row, highlight in zip(mapped["source_row"], mapped["id"], strict=True):
        if highlight in themes:
            cells[int(row)] = themes[highlight]
            written += 1
    return ThemeColumn(
        worksheet=tables.worksheet or "",
        column=column,
        header_row=table.header_row,
        cells=cells,
        written=written,
        added=found is None,
    )


def _new_sheet_id(info: SheetInfo) -> int:
    taken = {w.sheet_id for w in info.worksheets}
    candidate = max(taken, default=0) + 1
    while candidate in taken or candidate > _MAX_SHEET_ID:
        candidate = random.randint(1, _MAX_SHEET_ID)
    return candidate


def layout_requests(
    info: SheetInfo, rows: int, columns: int, theme: ThemeColumn | None = None
) -> tuple[list[dict[str, Any]], bool]:
    """The layout batch: the worksheet made (or emptied) to fit, its header bold and frozen."""
    grid = {"rowCount": max(rows, 1), "columnCount": max(columns, 1), "frozenRowCount": 1}
    existing = next((w for w in info.worksheets if w.title == PRIORITIZED_WORKSHEET), None)
    if existing is None:
        sheet_id = _new_sheet_id(info)
        requests: list[dict[str, Any]] = [
            {
                "addSheet": {
                    "properties": {
                        "sheetId": sheet_id,
                        "title": PRIORITIZED_WORKSHEET,
                        "gridProperties": grid,
                    }
                }
            }
        ]
    else:
        sheet_id = existing.sheet_id
        requests = [
            {"updateCells": {"range": {"sheetId": sheet_id}, "fields": "userEnteredValue"}},
            {
                "updateSheetProperties": {
                    "properties": {"sheetId": sheet_id, "gridProperties": grid},
                    "fields": "gridProperties(rowCount,columnCount,frozenRowCount)",
                }
            },
        ]
    requests.append(
        {
            "repeatCell": {
                "range": {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": 1},
                "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                "fields": "userEnteredFormat.textFormat.bold",
            }
        }
    )
    if theme is not None:
        target = next(w for w in info.worksheets if w.title == theme.worksheet)
        if theme.column > target.columns:
            requests.append(
                {
                    "appendDimension": {
                        "sheetId": target.sheet_id,
                        "dimension": "COLUMNS",
                        "length": theme.column - target.columns,
                    }
                }
            )
    return requests, existing is not None


def _lay_out(
    client: gspread.Client,
    key: str,
    credentials: GoogleCredentials,
    info: SheetInfo,
    rows: int,
    table: pd.DataFrame,
    theme: ThemeColumn | None,
) -> tuple[bool, tuple[str, ...]]:
    """Send the layout batch. When Google does not confirm it, look before sending it again.

    The batch adds a worksheet (and maybe a column): sent twice, it would fail with
    "already exists" or add two columns. So after a timeout, a dropped connection or
    a 5xx, the sheet's metadata is read again and the batch made anew from what is
    there: it then adds only what is still missing. Google applies a batch whole or
    not at all, so the worksheet's presence says whether the batch was done.
    Returns whether the worksheet was there before, and what the person should know.
    """
    requests, replaced = layout_requests(info, rows, len(table.columns), theme)
    creating = not replaced
    for _ in range(_LAYOUT_TRIES - 1):
        try:
            client.http_client.batch_update(key, {"requests": requests})
            return replaced, ()
        except UncertainWrite as error:
            lost = error.what
        info = fetch_sheet_info(client, key, credentials)
        requests, exists = layout_requests(info, rows, len(table.columns), theme)
        try:
            client.http_client.batch_update(key, {"requests": requests})
        except UncertainWrite:
            continue  # not confirmed again: look again
        except APIError as error:  # the first batch landed after we looked
            if error.response.status_code != 400 or "already exists" not in str(error):
                raise
            continue
        if not creating:
            found = "sent it again (it changes nothing twice)"
        elif exists:
            found = f"found it done, so “{PRIORITIZED_WORKSHEET}” was not created twice"
        else:
            found = "found it not done, and made it"
        return replaced, (
            f"Google Sheets did not confirm the worksheet's layout ({lost}); the app looked "
            f"at the sheet and {found}.",
        )
    raise SheetsError(
        f"Google Sheets did not confirm the layout of “{PRIORITIZED_WORKSHEET}” after "
        f"{_LAYOUT_TRIES} tries. Open the sheet to look; write back again when it answers."
    )


def write_back(
    client: gspread.Client,
    url_or_key: str,
    credentials: GoogleCredentials,
    table: pd.DataFrame,
    *,
    themes: Mapping[str, str] | None = None,
    highlights_worksheet: str | None = None,
    mapping_for: Callable[[SourceTables], Mapping[str, str]] | None = None,
) -> WriteBackResult:
    """Put ``table`` into the "Prioritized insights" worksheet.

    With ``themes`` (every highlight id of the workspace -> its theme name, "" for
    none), also write each highlight's theme into ``highlights_worksheet``, read
    with the mapping ``mapping_for`` gives (the one the import used).
    """
    key = parse_sheet_key(url_or_key)
    info = fetch_sheet_info(client, key, credentials)
    theme = None
    if themes is not None:
        if not highlights_worksheet or highlights_worksheet not in info.titles:
            raise SheetsError(
                f"The sheet “{info.title}” has no worksheet named “{highlights_worksheet}” to "
                f"write themes into. Its worksheets are: {', '.join(info.titles)}."
            )
        if highlights_worksheet == PRIORITIZED_WORKSHEET:
            raise SheetsError(
                f"“{PRIORITIZED_WORKSHEET}” is where the list goes; pick the worksheet that "
                "holds the highlights for the theme column."
            )
        rows = fetch_worksheet_rows(client, key, [highlights_worksheet], credentials)
        tables = sheet_tables(info, rows, highlights_worksheet)
        mapping = mapping_for(tables) if mapping_for is not None else {}
        if "text" not in mapping.values():
            raise SheetsError(
                f"The columns of “{highlights_worksheet}” no longer match the import: no "
                "column holds the highlight text. Import the sheet again, then write back."
            )
        theme = theme_column(tables, mapping, themes)
    values = table_values(table)
    data = [
        {
            "range": absolute_range_name(PRIORITIZED_WORKSHEET, "A1"),
            "majorDimension": "ROWS",
            "values": values,
        }
    ]
    if theme is not None:
        data.extend(theme.ranges())
    try:
        replaced, notes = _lay_out(client, key, credentials, info, len(values), table, theme)
        client.http_client.values_batch_update(key, {"valueInputOption": "RAW", "data": data})
    except Exception as error:
        raise explain(error, credentials, "the sheet", doing="Writing to") from None
    return WriteBackResult(
        notes=notes,
        sheet_title=info.title,
        url=info.url,
        worksheet=PRIORITIZED_WORKSHEET,
        rows=len(values) - 1,
        replaced=replaced,
        themes_written=theme.written if theme else 0,
        theme_worksheet=theme.worksheet if theme else None,
        theme_column=theme.letter if theme else None,
        theme_column_added=theme.added if theme else False,
    )


def theme_names(data: WorkspaceData) -> dict[str, str]:
    """Every highlight id of the workspace -> its theme's name ("" when in no theme)."""
    names = dict(zip(data.themes["id"], data.themes["name"], strict=True))
    themed = dict(
        zip(
            data.assignments["highlight_id"],
            (names.get(t, "") for t in data.assignments["theme_id"]),
            strict=True,
        )
    )
    return {h: themed.get(h, "") for h in data.active_highlights["id"]}


@dataclass(frozen=True)
class ImportedSheet:
    """A Google Sheet worksheet this workspace's highlights came from."""

    key: str
    worksheet: str
    title: str  # the sheet's title at the import

    @property
    def url(self) -> str:
        return f"https://docs.google.com/spreadsheets/d/{self.key}/edit"


def imported_sheets(data: WorkspaceData) -> list[ImportedSheet]:
    """The sheets imported into this workspace, the latest import first."""
    batches = data.import_batches
    if batches.empty:
        return []
    sheets = batches[batches["source_kind"] == "sheet"].sort_values("id", ascending=False)
    found: list[ImportedSheet] = []
    for batch in sheets.itertuples():
        key = str(batch.source_key).removeprefix("sheet:").split(":", 1)[0]
        entry = ImportedSheet(
            key=key,
            worksheet=batch.worksheet or "",
            title=str(batch.source).removesuffix(" (Google Sheet)"),
        )
        if key and all((e.key, e.worksheet) != (entry.key, entry.worksheet) for e in found):
            found.append(entry)
    return found


def publish(
    store: Store,
    result: Prioritized,
    client: gspread.Client,
    credentials: GoogleCredentials,
    url_or_key: str,
    *,
    theme_worksheet: str | None = None,
) -> WriteBackResult:
    """The prioritized list as shown, written back; with ``theme_worksheet``, each highlight's
    theme too, its rows read with the mapping the import used. The app and the CLI call this."""
    return write_back(
        client,
        url_or_key,
        credentials,
        insight_rows(result),
        themes=theme_names(result.data) if theme_worksheet else None,
        highlights_worksheet=theme_worksheet,
        mapping_for=lambda tables: suggested_mapping(store, tables, HIGHLIGHTS),
    )


def describe(outcome: WriteBackResult) -> str:
    """What was written, in a sentence (plain text)."""
    verb = "Replaced" if outcome.replaced else "Created"
    message = (
        f"{verb} “{outcome.worksheet}” in “{outcome.sheet_title}” with {outcome.rows} insights."
    )
    if outcome.theme_worksheet:
        added = "a new" if outcome.theme_column_added else "its"
        message += (
            f" Wrote {outcome.themes_written} highlights' themes into {added} column "
            f"{outcome.theme_column} of “{outcome.theme_worksheet}”."
        )
    return " ".join([message, *outcome.notes])

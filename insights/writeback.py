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
from gspread.utils import absolute_range_name, rowcol_to_a1

from insights.export import Prioritized, fit_cell, insight_rows
from insights.importing import suggested_mapping
from insights.sources.credentials import GoogleCredentials
from insights.sources.mapping import HIGHLIGHTS, map_highlights, normalize_header
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


@dataclass(frozen=True)
class ThemeColumn:
    """The cells that put each highlight's theme into the highlights worksheet."""

    worksheet: str
    column: int  # 1-based
    header_row: int  # 1-based
    values: list[str]  # from the header row down
    written: int  # highlights whose row got their theme
    added: bool  # the column did not exist

    @property
    def letter(self) -> str:
        return rowcol_to_a1(1, self.column).rstrip("0123456789")

    @property
    def a1(self) -> str:
        first = rowcol_to_a1(self.header_row, self.column)
        last = rowcol_to_a1(self.header_row + len(self.values) - 1, self.column)
        return absolute_range_name(self.worksheet, f"{first}:{last}")


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
    row that is not one of ``themes``' highlights keeps what its cell holds.
    """
    table = tables.highlights
    columns = table.columns
    found = next((i for i, h in enumerate(columns) if normalize_header(h) == "theme"), None)
    column = len(columns) + 1 if found is None else found + 1
    mapped = map_highlights(table.frame, mapping, table.row_numbers)
    id_of_row = dict(zip(mapped["source_row"], mapped["id"], strict=True))
    existing = (
        dict(zip(table.row_numbers, table.frame.iloc[:, found], strict=True))
        if found is not None
        else {}
    )
    last_row = max(table.row_numbers, default=table.header_row)
    values = [columns[found] if found is not None else THEME_HEADER]
    written = 0
    for row in range(table.header_row + 1, last_row + 1):
        highlight = id_of_row.get(row)
        if highlight is not None and highlight in themes:
            values.append(themes[highlight])
            written += 1
        else:
            values.append(existing.get(row, ""))
    return ThemeColumn(
        worksheet=tables.worksheet or "",
        column=column,
        header_row=table.header_row,
        values=values,
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
    requests, replaced = layout_requests(info, len(values), len(table.columns), theme)
    data = [
        {
            "range": absolute_range_name(PRIORITIZED_WORKSHEET, "A1"),
            "majorDimension": "ROWS",
            "values": values,
        }
    ]
    if theme is not None:
        data.append(
            {"range": theme.a1, "majorDimension": "ROWS", "values": [[v] for v in theme.values]}
        )
    try:
        client.http_client.batch_update(key, {"requests": requests})
        client.http_client.values_batch_update(key, {"valueInputOption": "RAW", "data": data})
    except Exception as error:
        raise explain(error, credentials, "the sheet", doing="Writing to") from None
    return WriteBackResult(
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
    return message

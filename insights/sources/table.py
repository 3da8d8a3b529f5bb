"""From rows of cells (a worksheet, a CSV, an Excel sheet) to a table with a header.

Every source ends up here, so a sheet and a file are read the same way:
title or blank rows above the header are skipped, duplicate or missing
header names get unique ones, ragged rows are padded, empty rows are dropped
and counted, and every cell stays text, trimmed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from insights.errors import InsightsError

# How far down a header row may sit under titles and notes.
HEADER_SEARCH_ROWS = 20


class TableProblem(InsightsError):
    """A table cannot be read as highlights or roadmap items."""


@dataclass(frozen=True)
class RawTable:
    """A source table: header names, text cells, and where each row came from."""

    frame: pd.DataFrame  # one column per header, every cell a str
    row_numbers: list[int]  # 1-based row in the source, for each frame row
    header_row: int  # 1-based row of the header in the source
    dropped_empty_rows: int = 0
    notes: list[str] = field(default_factory=list)  # things the person should know

    @property
    def columns(self) -> list[str]:
        return list(self.frame.columns)


def _cells(row: Sequence[object]) -> list[str]:
    return ["" if c is None else str(c).strip() for c in row]


def _filled(row: list[str]) -> int:
    return sum(1 for c in row if c)


def find_header_row(rows: list[list[str]]) -> int:
    """Index of the header: the first row as wide as the table below it.

    A title ("Customer interviews, spring 2026") or a note above the header
    fills one or two cells; the header fills about as many as the data rows.
    """
    window = rows[:HEADER_SEARCH_ROWS]
    widths = [_filled(r) for r in window]
    for i, width in enumerate(widths):
        if width == 0:
            continue
        below = [w for w in widths[i + 1 : i + 11] if w] or [width]
        typical = sorted(below)[len(below) // 2]
        if width >= 2 and width >= 0.6 * typical:
            return i
        if width >= typical and typical <= 1:
            return i  # a one-column table
    return next((i for i, w in enumerate(widths) if w), 0)


def _unique_headers(header: list[str], width: int) -> tuple[list[str], list[str]]:
    names: list[str] = []
    notes: list[str] = []
    seen: dict[str, int] = {}
    for i in range(width):
        name = header[i] if i < len(header) else ""
        if not name:
            name = f"Column {_column_letter(i)}"
        key = name.casefold()
        if key in seen:
            seen[key] += 1
            renamed = f"{name} ({seen[key]})"
            notes.append(f"Two columns are named “{name}”; the second is shown as “{renamed}”.")
            name = renamed
        else:
            seen[key] = 1
        names.append(name)
    return names, notes


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _without_nul(rows: list[list[str]]) -> tuple[list[list[str]], str | None]:
    """The rows with NUL characters removed, and a note naming the rows that had any.

    NUL is never text, and no database text column can hold it (PostgreSQL refuses it):
    every other control character is kept as it came.
    """
    cells = 0
    row_numbers: list[int] = []
    for number, row in enumerate(rows, start=1):
        found = sum(1 for c in row if "\x00" in c)
        if found:
            cells += found
            row_numbers.append(number)
            row[:] = [c.replace("\x00", "").strip() for c in row]
    if not cells:
        return rows, None
    shown = ", ".join(str(n) for n in row_numbers[:5]) + (", …" if len(row_numbers) > 5 else "")
    held = "1 cell held" if cells == 1 else f"{cells} cells held"
    where = "row" if len(row_numbers) == 1 else "rows"
    return rows, (
        f"{held} NUL characters (\\x00), which cannot be stored; "
        f"they were removed ({where} {shown})."
    )


def table_from_rows(rows: Sequence[Sequence[object]], *, what: str) -> RawTable:
    """Read rows of cells as a table; ``what`` names it in messages ("The worksheet “Notes”")."""
    cleaned, nul_note = _without_nul([_cells(r) for r in rows])
    if not any(_filled(r) for r in cleaned):
        raise TableProblem(f"{what} is empty. Check that you picked the right one.")
    header_index = find_header_row(cleaned)
    body = cleaned[header_index + 1 :]
    width = max([len(cleaned[header_index])] + [len(r) for r in body])
    # trailing columns that are empty everywhere (header included) are not columns
    while width > 1 and not any(
        len(r) >= width and r[width - 1] for r in [cleaned[header_index], *body]
    ):
        width -= 1
    headers, notes = _unique_headers(cleaned[header_index], width)

    kept_rows: list[list[str]] = []
    numbers: list[int] = []
    dropped = 0
    for offset, row in enumerate(body):
        padded = (row + [""] * width)[:width]
        if not any(padded):
            dropped += 1
            continue
        kept_rows.append(padded)
        numbers.append(header_index + 2 + offset)
    # empty rows at the very end are just the sheet's unused grid, not "dropped"
    trailing = 0
    for row in reversed(body):
        if any(row):
            break
        trailing += 1
    dropped -= trailing
    if not kept_rows:
        raise TableProblem(
            f"{what} holds only a header row (“{', '.join(h for h in headers if h)[:120]}”) "
            "and no data. Add rows below the header, or pick another worksheet."
        )
    if header_index:
        notes.insert(0, f"The header is on row {header_index + 1}; the rows above it were skipped.")
    if nul_note:
        notes.append(nul_note)
    frame = pd.DataFrame(kept_rows, columns=headers, dtype=object)
    return RawTable(
        frame=frame,
        row_numbers=numbers,
        header_row=header_index + 1,
        dropped_empty_rows=dropped,
        notes=notes,
    )


@dataclass(frozen=True)
class SourceTables:
    """What one source holds, read but not yet mapped."""

    source: str  # what the person calls it: a file name, a sheet's title
    source_key: str  # identity for remembered mappings: "file:notes.csv", "sheet:<key>"
    source_kind: str  # "csv", "xlsx", "sheet", "sample"
    highlights: RawTable
    roadmap: RawTable | None = None
    worksheet: str | None = None
    roadmap_worksheet: str | None = None
    locale: str = ""  # a Google Sheet's locale ("en_GB"): how it writes dates


def pick_worksheet(titles: list[str], wanted: str | None, usual: str) -> str | None:
    """The worksheet asked for; else one named like ``usual`` ("Highlights"); else None."""
    if wanted:
        return wanted
    return next((t for t in titles if t.strip().casefold().startswith(usual)), None)

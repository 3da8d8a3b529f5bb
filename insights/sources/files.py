"""Read highlights from a CSV or an Excel file, whatever its encoding and delimiter.

The encoding is detected, never guessed silently (see ``encodings``): when it is
a guess the table says so, and the person can pick another. The delimiter is
whichever of comma, semicolon, tab and pipe splits the first lines best.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path

from insights.sources.encodings import detect_encoding, encoding_label, is_guess
from insights.sources.table import RawTable, SourceTables, TableProblem, table_from_rows

# The delimiters a CSV may use, the most usual first (it wins a tie).
DELIMITERS = (",", ";", "\t", "|")
_SNIFF_LINES = 50
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls

csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True)
class FileTables:
    """The tables of one file: one for a CSV, one per sheet of a workbook."""

    name: str
    kind: str  # "csv" or "xlsx"
    tables: dict[str, list[list[str]]]  # sheet name -> rows of cells ("" for a CSV)
    encoding: str | None = None
    delimiter: str | None = None
    encoding_guessed: bool = False  # detected, and not with certainty (no BOM, not UTF-8)

    @property
    def sheet_names(self) -> list[str]:
        return list(self.tables)

    def table(self, sheet: str | None = None) -> RawTable:
        """One sheet (the first by default) read as a table with a header."""
        sheet = sheet if sheet is not None else self.sheet_names[0]
        if sheet not in self.tables:
            raise TableProblem(f"The file {self.name} has no sheet named “{sheet}”.")
        label = (
            f"The sheet “{sheet}” of {self.name}"
            if self.kind == "xlsx"
            else f"The file {self.name}"
        )
        table = table_from_rows(self.tables[sheet], what=label)
        if self.encoding_guessed:
            note = (
                f"Read as {encoding_label(self.encoding)}: a guess, since the file is neither "
                "UTF-8 nor UTF-16. If letters look wrong, choose another encoding."
            )
            table = replace(table, notes=[note, *table.notes])
        return table


def _looks_binary(data: bytes) -> bool:
    """Whether bytes are an image, an archive, a program: not text with a stray control.

    Notes may hold a few control characters (a vertical tab from Excel, a bell, an
    escape): those stay. A binary file has them everywhere: about one byte in nine.
    """
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 11, 12, 13, 27))
    return controls > max(8, 0.08 * len(sample))


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most consistent, widest rows."""
    lines = text.splitlines()[:_SNIFF_LINES]
    sample = "\n".join(lines)
    best, best_score = ",", (-1.0, 0)
    for delimiter in DELIMITERS:
        widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(r)]
        if not widths:
            continue
        typical = max(set(widths), key=widths.count)
        consistency = widths.count(typical) / len(widths)
        score = (consistency if typical > 1 else 0.0, typical)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def csv_rows(text: str, delimiter: str, name: str) -> list[list[str]]:
    """The rows of a CSV text; a quote left open at the end is an error naming its row.

    Left open, a quote swallows every row after it into one cell, and the import would
    silently hold fewer rows than the file. Sloppy quotes that do close (``"abc"def``)
    are read as spreadsheet apps read them.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    last_start = line = 0
    for row in reader:
        rows.append(row)
        last_start, line = line + 1, reader.line_num
    if rows and '"' in text:
        lines = io.StringIO(text, newline="").readlines()
        last_record = "".join(lines[last_start - 1 :])
        try:
            list(csv.reader(io.StringIO(last_record, newline=""), delimiter=delimiter, strict=True))
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                row = len(rows)
                where = f"row {row}" if row == last_start else f"row {row} (line {last_start})"
                start = " ".join(lines[last_start - 1].split())[:60]
                raise TableProblem(
                    f'A quote (") in {name} is never closed: it opens in {where}, “{start}”, '
                    "and every row after it would be read as part of one cell. Nothing was "
                    "imported. Close the quote in that row, or export the file again from "
                    "your spreadsheet app."
                ) from None
    return rows


def read_csv_bytes(data: bytes, name: str, *, encoding: str | None = None) -> FileTables:
    """A CSV's rows; the encoding and delimiter are detected unless given."""
    if not data.strip():
        raise TableProblem(f"The file {name} is empty.")
    if data.startswith(_ZIP_MAGIC):
        return read_xlsx_bytes(data, name)  # an Excel file with the wrong extension
    guessed = False
    if encoding is None:
        encoding = detect_encoding(data)
        guessed = is_guess(encoding)
    if not encoding.startswith("utf-16") and _looks_binary(data):
        raise TableProblem(
            f"The file {name} is not a text CSV file (it holds binary data). Export the sheet "
            "as CSV (File › Download › Comma-separated values) or upload the .xlsx file itself."
        )
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise TableProblem(
            f"The file {name} cannot be read as {encoding_label(encoding)}. "
            "Choose another encoding, or save it again as UTF-8 CSV."
        ) from None
    text = text.lstrip("\ufeff")
    delimiter = detect_delimiter(text)
    rows = csv_rows(text, delimiter, name)
    return FileTables(
        name=name,
        kind="csv",
        tables={"": rows},
        encoding=encoding,
        delimiter=delimiter,
        encoding_guessed=guessed,
    )


# What a damaged workbook raises while it is opened or read: a zip that is cut
# short or fails its checksum (BadZipFile), compressed bytes that do not inflate
# (zlib.error), XML cut half way (ParseError, a SyntaxError), a part that is
# missing (KeyError), or values openpyxl cannot make sense of.
_BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    SyntaxError,
    EOFError,
    OSError,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
)


def _reason(error: BaseException) -> str:
    """The error in a few words, on one line: "ParseError: unclosed token"."""
    detail = " ".join(str(error).split())[:100]
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__


def _cell_text(value: object) -> str:
    """A cell as the person sees it: whole numbers without ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_xlsx_bytes(data: bytes, name: str) -> FileTables:
    """Every worksheet of an .xlsx workbook, each formula as the value it last showed.

    The value, not the formula: a Google Sheet is read as it shows too, and a formula
    is not a note. (A formula never calculated, in a file a program wrote, has none.)
    """
    from openpyxl import load_workbook  # imported here: only Excel imports pay for it

    if data.startswith(_OLE_MAGIC):
        raise TableProblem(
            f"The file {name} is an old Excel 97-2003 (.xls) workbook. "
            "Open it in Excel or Google Sheets and save it as .xlsx or CSV."
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _BROKEN as error:
        raise TableProblem(
            f"The file {name} is not a readable Excel workbook ({_reason(error)}). "
            "Save it again as .xlsx, or export it as CSV."
        ) from None
    tables: dict[str, list[list[str]]] = {}
    try:
        for sheet in workbook.worksheets:
            try:
                tables[sheet.title] = [
                    [_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)
                ]
            except _BROKEN as error:  # read-only mode parses each sheet only now
                raise TableProblem(
                    f"The sheet “{sheet.title}” of {name} is damaged and cannot be read "
                    f"({_reason(error)}). Open the file in Excel or Google Sheets and save it "
                    "again, or export that sheet as CSV."
                ) from None
    finally:
        workbook.close()
    if not tables:
        raise TableProblem(f"The workbook {name} has no worksheets.")
    return FileTables(name=name, kind="xlsx", tables=tables)


def is_workbook(data: bytes, name: str) -> bool:
    """Whether a file is read as an Excel workbook (by its extension or its first bytes)."""
    suffix = Path(name).suffix.lower()
    return suffix in (".xlsx", ".xlsm", ".xls") or data.startswith((_ZIP_MAGIC, _OLE_MAGIC))


def read_file_bytes(data: bytes, name: str, *, encoding: str | None = None) -> FileTables:
    """A CSV, TSV or XLSX file, by its extension and its first bytes."""
    if is_workbook(data, name):
        return read_xlsx_bytes(data, name)
    return read_csv_bytes(data, name, encoding=encoding)


def read_file(path: str | Path, *, encoding: str | None = None) -> FileTables:
    """A file from disk (the CLI's way in)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TableProblem(f"There is no file at {path}.") from None
    except OSError as error:
        raise TableProblem(f"The file {path} cannot be read: {error.strerror}.") from None
    return read_file_bytes(data, path.name, encoding=encoding)


def file_source(
    tables: FileTables,
    worksheet: str | None = None,
    roadmap_worksheet: str | None = None,
    roadmap_file: FileTables | None = None,
) -> SourceTables:
    """A file's highlights (and roadmap: another sheet of it, or another file), ready to map."""
    highlights = tables.table(worksheet)
    if roadmap_file is not None:
        roadmap = roadmap_file.table(roadmap_worksheet)
    elif roadmap_worksheet:
        roadmap = tables.table(roadmap_worksheet)
    else:
        roadmap = None
    sheet = worksheet if tables.kind == "xlsx" else None
    if tables.kind == "xlsx" and sheet is None:
        sheet = tables.sheet_names[0]
    return SourceTables(
        source=tables.name,
        source_key=f"file:{tables.name}",
        source_kind=tables.kind,
        highlights=highlights,
        roadmap=roadmap,
        worksheet=sheet,
        roadmap_worksheet=roadmap_worksheet,
    )

"""Read highlights from a CSV or an Excel file, whatever its encoding and delimiter.

The encoding is detected, never guessed silently: a byte-order mark or valid
UTF-8 is certain; otherwise the file is read as Windows-1252 and the table
says so, so the person can pick another encoding if the accents look wrong.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path

from insights.sources.table import RawTable, SourceTables, TableProblem, table_from_rows

DELIMITERS = (",", ";", "\t")
ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (with BOM)",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 (little-endian, no BOM)",
    "utf-16-be": "UTF-16 (big-endian, no BOM)",
    "cp1252": "Windows-1252 (Western European)",
    "latin-1": "ISO-8859-1 (Latin-1)",
}
# A BOM or valid UTF-8 leaves no doubt; anything else is an inference worth telling.
CERTAIN_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16")
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
        if self.encoding and self.encoding not in CERTAIN_ENCODINGS:
            encoding = ENCODINGS.get(self.encoding, self.encoding)
            note = f"Read as {encoding}. If accents look wrong, choose another encoding."
            table = replace(table, notes=[note, *table.notes])
        return table


def detect_encoding(data: bytes) -> str:
    """The encoding of a text file: BOM, UTF-16 without BOM, UTF-8, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(b"\x00") >= len(sample) // 4:
        return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return controls / len(sample) > 0.05


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
    encoding = encoding or detect_encoding(data)
    if not encoding.startswith("utf-16") and _looks_binary(data):
        raise TableProblem(
            f"The file {name} is not a text CSV file (it holds binary data). Export the sheet "
            "as CSV (File › Download › Comma-separated values) or upload the .xlsx file itself."
        )
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise TableProblem(
            f"The file {name} cannot be read as {ENCODINGS.get(encoding, encoding)}. "
            "Choose another encoding, or save it again as UTF-8 CSV."
        ) from None
    text = text.lstrip("\ufeff")
    delimiter = detect_delimiter(text)
    rows = csv_rows(text, delimiter, name)
    return FileTables(
        name=name, kind="csv", tables={"": rows}, encoding=encoding, delimiter=delimiter
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


def read_file_bytes(data: bytes, name: str, *, encoding: str | None = None) -> FileTables:
    """A CSV, TSV or XLSX file, by its extension and its first bytes."""
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm") or data.startswith(_ZIP_MAGIC):
        return read_xlsx_bytes(data, name)
    if suffix == ".xls" or data.startswith(_OLE_MAGIC):
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

"""One way in for every source the command line names: a file path or a sheet link."""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from insights.settings import streamlit_secrets
from insights.sources.credentials import resolve_credentials
from insights.sources.files import file_source, read_file
from insights.sources.sheets import (
    SHEETS_ENDPOINT_SETTING,
    SheetsError,
    fetch_sheet_info,
    fetch_worksheet_rows,
    open_client,
    parse_sheet_gid,
    parse_sheet_key,
    sheet_tables,
)
from insights.sources.table import SourceTables
from insights.spreadsheet_safety import neutralize

FILE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls")

# The CSV that `insights import --output` writes: these first, then every other column.
OUTPUT_COLUMNS = {
    "id": "id",
    "text": "text",
    "participant": "participant",
    "segment": "segment",
    "focus": "focus",
    "interview_date": "date",
    "interviewer": "interviewer",
    "source_url": "source",
    "theme": "theme",
}


def pick_worksheet(titles: list[str], wanted: str | None, usual: str) -> str | None:
    """The worksheet asked for; else one named like ``usual`` ("Highlights"); else None."""
    if wanted:
        return wanted
    return next((t for t in titles if t.strip().casefold().startswith(usual)), None)


def read_source(
    source: str,
    worksheet: str | None = None,
    roadmap_worksheet: str | None = None,
    roadmap_file: str | None = None,
    encoding: str | None = None,
    *,
    secrets: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> SourceTables:
    """The tables of a CSV/XLSX path or a Google Sheet link/key.

    Without ``worksheet``, the one a sheet link points at (``#gid=``), else the one
    named "Highlights…", else the first is read, and a worksheet named "Roadmap…" is
    read as the roadmap if there is one.
    """
    environ = os.environ if environ is None else environ
    roadmap = read_file(roadmap_file) if roadmap_file else None
    path = Path(source).expanduser()
    if path.exists() or path.suffix.lower() in FILE_SUFFIXES:
        tables = read_file(path, encoding=encoding)
        if tables.kind == "csv":
            return file_source(tables, roadmap_file=roadmap)
        names = tables.sheet_names
        chosen = pick_worksheet(names, worksheet, "highlight") or names[0]
        road = None if roadmap else pick_worksheet(names, roadmap_worksheet, "roadmap")
        return file_source(tables, chosen, road, roadmap)

    key = parse_sheet_key(source)
    secrets = streamlit_secrets() if secrets is None else secrets
    credentials = resolve_credentials(secrets, environ)
    client = open_client(credentials, endpoint=environ.get(SHEETS_ENDPOINT_SETTING) or None)
    info = fetch_sheet_info(client, key, credentials)
    if not info.titles:
        raise SheetsError(f"The sheet “{info.title}” has no worksheets to read.")
    linked = info.title_of(parse_sheet_gid(source))  # a link to one tab reads that tab
    chosen = pick_worksheet(info.titles, worksheet or linked, "highlight") or info.titles[0]
    road = None if roadmap else pick_worksheet(info.titles, roadmap_worksheet, "roadmap")
    wanted = [t for t in (chosen, road) if t]
    missing = [t for t in wanted if t not in info.titles]
    rows = {} if missing else fetch_worksheet_rows(client, key, wanted, credentials)
    tables = sheet_tables(info, rows, chosen, road)  # names the missing worksheet, if any
    return replace(tables, roadmap=roadmap.table()) if roadmap is not None else tables


def default_workspace_name(tables: SourceTables) -> str:
    """A workspace named after the source: the sheet's title, or the file's name."""
    name = tables.source.removesuffix(" (Google Sheet)")
    return Path(name).stem if tables.source_kind in ("csv", "xlsx") else name


def write_highlights_csv(highlights: pd.DataFrame, path: str | Path) -> int:
    """Mapped highlights as a CSV: the usual columns first, then the source's others.

    Cells a spreadsheet would run as formulas are neutralized.
    """
    extra_keys: list[str] = []
    for extra in highlights["extra"]:
        for key in extra:
            if key not in extra_keys and key not in OUTPUT_COLUMNS.values():
                extra_keys.append(key)
    header = [*OUTPUT_COLUMNS.values(), *extra_keys]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in highlights.to_dict("records"):
            values = [
                "" if row.get(field) is None else str(row.get(field, ""))
                for field in OUTPUT_COLUMNS
            ]
            values += [row["extra"].get(key, "") for key in extra_keys]
            writer.writerow([neutralize(v) for v in values])
    return len(highlights)

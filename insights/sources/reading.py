"""One way in for every source the command line names: a file path or a sheet link."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from insights.settings import streamlit_secrets
from insights.sources.credentials import resolve_credentials
from insights.sources.files import file_source, read_file
from insights.sources.sheets import (
    SHEETS_ENDPOINT_SETTING,
    SheetsError,
    fetch_sheet_info,
    open_client,
    parse_sheet_gid,
    parse_sheet_key,
    read_sheet,
)
from insights.sources.table import SourceTables, pick_worksheet

FILE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls")


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
    tables = read_sheet(client, key, chosen, road, credentials, info=info)
    return replace(tables, roadmap=roadmap.table()) if roadmap is not None else tables


def default_workspace_name(tables: SourceTables) -> str:
    """A workspace named after the source: the sheet's title, or the file's name."""
    name = tables.source.removesuffix(" (Google Sheet)")
    return Path(name).stem if tables.source_kind in ("csv", "xlsx") else name

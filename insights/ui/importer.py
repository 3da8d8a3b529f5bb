"""Widgets of the Import page: pick a source, confirm the column mapping, preview."""

from __future__ import annotations

import hashlib
import os

import streamlit as st

from insights.importing import DateQuestion, ImportPlan
from insights.model import FIELD_LABELS, HIGHLIGHT_FIELDS, ROADMAP_FIELDS
from insights.sources.credentials import GoogleCredentials, resolve_credentials
from insights.sources.dates import DAY_FIRST, MONTH_FIRST
from insights.sources.encodings import detect_encoding, encoding_choices, encoding_label
from insights.sources.files import file_source, is_workbook, read_file_bytes
from insights.sources.sheets import (
    SheetInfo,
    configured_endpoint,
    fetch_sheet_info,
    open_client,
    parse_sheet_gid,
    parse_sheet_key,
    read_sheet,
)
from insights.sources.table import SourceTables, pick_worksheet
from insights.ui.state import secrets
from insights.ui.text import md_escape

SHEET_CACHE_SECONDS = 300
NOT_USED = "— not used —"
NO_ROADMAP = "— no roadmap —"
DETECT = "Detect automatically"
# .xls is accepted so that the person reads why it cannot be imported and what to do
UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls"]

# The order fields are offered in: the highlight's text first, its id last.
HIGHLIGHT_FIELD_ORDER = (*HIGHLIGHT_FIELDS[1:], "theme", "id")
ROADMAP_FIELD_ORDER = ROADMAP_FIELDS


def _endpoint() -> str | None:
    return configured_endpoint()


def credentials() -> GoogleCredentials:
    """The Google credentials configured for this app (Streamlit secrets first)."""
    return resolve_credentials(secrets(), os.environ)


# Sheet reads are cached for five minutes, shared by every session: Google allows 60
# reads a minute per user. ``origin`` (where the credentials come from) is part of
# the key, so other credentials never see another account's cached sheet.
@st.cache_data(ttl=SHEET_CACHE_SECONDS, show_spinner="Reading the sheet's worksheets…")
def _sheet_info(key: str, endpoint: str | None, origin: str) -> SheetInfo:
    found = credentials()
    return fetch_sheet_info(open_client(found, endpoint=endpoint), key, found)


@st.cache_data(ttl=SHEET_CACHE_SECONDS, show_spinner="Reading the worksheets…")
def _read_sheet(
    key: str, worksheet: str, roadmap: str | None, endpoint: str | None, origin: str
) -> SourceTables:
    found = credentials()
    info = _sheet_info(key, endpoint, origin)
    return read_sheet(
        open_client(found, endpoint=endpoint), key, worksheet, roadmap, found, info=info
    )


def sheets_available() -> bool:
    """Whether a Google Sheet can be read here: credentials, or a Sheets API of our own."""
    return credentials().configured or bool(_endpoint())


def refresh_sheet_cache() -> None:
    """Forget what was read from Google Sheets, so the next read fetches it again."""
    _sheet_info.clear()
    _read_sheet.clear()


def sheet_source() -> SourceTables | None:
    """A Google Sheet: its link, its worksheets, the two read in one request."""
    found = credentials()
    endpoint = _endpoint()
    if not found.configured and not endpoint:
        st.info(found.missing_message(), icon=":material/key:")
        return None
    if found.client_email:
        share_with(found.client_email, "a Viewer (enough to import)")
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    url = left.text_input(
        "Google Sheet link",
        value=found.default_spreadsheet or "",
        placeholder="https://docs.google.com/spreadsheets/d/…/edit",
        key="sheet_url",
    )
    if right.button("Refresh", icon=":material/refresh:", help="Read the sheet again now."):
        refresh_sheet_cache()
    if not url.strip():
        return None
    key = parse_sheet_key(url)
    info = _sheet_info(key, endpoint, found.origin)
    if not info.worksheets:
        st.warning(md_escape(f"The sheet “{info.title}” has no worksheets."))
        return None
    titles = info.titles
    st.caption(
        f"Sheet: **{md_escape(info.title)}** · {len(titles)} worksheets "
        "(read at most every five minutes)."
    )
    first, second = st.columns(2)
    gid = parse_sheet_gid(url)
    linked = info.title_of(gid)  # the tab the link was copied from
    if gid is not None and linked is None:
        st.caption(
            f"The link points at a worksheet (gid={gid}) this sheet no longer has."  # numbers
        )
    default = linked or pick_worksheet(titles, None, "highlight") or titles[0]
    worksheet = first.selectbox(
        "Highlights worksheet",
        titles,
        index=titles.index(default),
        key=f"ws_{key}" if linked is None else f"ws_{key}_{gid}",
    )
    roadmap_default = pick_worksheet(titles, None, "roadmap")
    options = [NO_ROADMAP, *[t for t in titles if t != worksheet]]
    roadmap = second.selectbox(
        "Roadmap worksheet (optional)",
        options,
        index=options.index(roadmap_default) if roadmap_default in options else 0,
        key=f"roadmap_ws_{key}",
    )
    roadmap = None if roadmap == NO_ROADMAP else roadmap
    return _read_sheet(key, worksheet, roadmap, endpoint, found.origin)


def share_with(email: str, access: str) -> None:
    """The service account's address, to copy into the sheet's Share dialog.

    Shown as plain text, with a copy button: escaped Markdown would put an invisible
    word joiner after the "@" into what is copied.
    """
    st.caption(f"Share the sheet with this address, as {access}:")
    st.code(email, language=None)


def file_source_picker() -> SourceTables | None:
    """An uploaded CSV or Excel file, and optionally a roadmap file."""
    upload = st.file_uploader(
        "Highlights file (CSV, TSV or Excel)", type=UPLOAD_TYPES, key="upload"
    )
    if upload is None:
        return None
    data = upload.getvalue()
    encoding = None
    if not is_workbook(data, upload.name):
        choices = encoding_choices(detect_encoding(data))  # the detected one first
        chosen = st.selectbox(
            "Encoding",
            [DETECT, *choices.values()],
            key="upload_encoding",
            help="Detected from the file. Change it only if letters or symbols look wrong.",
        )
        encoding = next((k for k, v in choices.items() if v == chosen), None)
    tables = read_file_bytes(data, upload.name, encoding=encoding)
    worksheet = roadmap_sheet = None
    roadmap_file = None
    if tables.kind == "xlsx":
        names = tables.sheet_names
        first, second = st.columns(2)
        default = pick_worksheet(names, None, "highlight") or names[0]
        worksheet = first.selectbox(
            "Highlights sheet", names, index=names.index(default), key="xlsx_sheet"
        )
        options = [NO_ROADMAP, *[n for n in names if n != worksheet]]
        roadmap_default = pick_worksheet(names, None, "roadmap")
        choice = second.selectbox(
            "Roadmap sheet (optional)",
            options,
            index=options.index(roadmap_default) if roadmap_default in options else 0,
            key="xlsx_roadmap_sheet",
        )
        roadmap_sheet = None if choice == NO_ROADMAP else choice
    else:
        guess = " (a guess)" if tables.encoding_guessed else ""
        st.caption(
            f"Read as {encoding_label(tables.encoding)}{guess}, "
            f"separated by {_delimiter_name(tables.delimiter)}."
        )
    if roadmap_sheet is None:
        roadmap_upload = st.file_uploader(
            "Roadmap file (optional)", type=UPLOAD_TYPES, key="roadmap_upload"
        )
        if roadmap_upload is not None:
            roadmap_file = read_file_bytes(roadmap_upload.getvalue(), roadmap_upload.name)
    return file_source(tables, worksheet, roadmap_sheet, roadmap_file)


def _delimiter_name(delimiter: str | None) -> str:
    names = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "pipes (|)"}
    return names.get(delimiter or ",", "commas")


def _signature(tables: SourceTables, kind: str) -> str:
    table = tables.highlights if kind == "highlights" else tables.roadmap
    columns = "\x1f".join(table.columns) if table is not None else ""
    raw = f"{tables.source_key}|{tables.worksheet}|{tables.roadmap_worksheet}|{columns}"
    return hashlib.sha1(raw.encode()).hexdigest()[:10]


def mapping_editor(tables: SourceTables, kind: str, suggested: dict[str, str]) -> dict[str, str]:
    """One dropdown per field, preset to the suggested column; returns {column: field}."""
    table = tables.highlights if kind == "highlights" else tables.roadmap
    order = HIGHLIGHT_FIELD_ORDER if kind == "highlights" else ROADMAP_FIELD_ORDER
    by_field = {f: h for h, f in suggested.items()}
    options = [NOT_USED, *table.columns]
    signature = _signature(tables, kind)
    chosen: dict[str, str] = {}
    grid = st.columns(3)
    for i, field in enumerate(order):
        default = by_field.get(field)
        label = FIELD_LABELS[field] + (" *" if field in ("text", "item") else "")
        column = grid[i % 3].selectbox(
            label,
            options,
            index=options.index(default) if default in options else 0,
            key=f"map_{kind}_{field}_{signature}",
        )
        if column != NOT_USED:
            chosen[column] = field
    return chosen


def ask_date_order(question: DateQuestion, tables: SourceTables) -> str | None:
    """Ask how the source writes its dates; None until the person answers."""
    said = question.readings
    example = md_escape(question.example)
    choices = {
        DAY_FIRST: f"Day first: {example} is {md_escape(said[DAY_FIRST])}",
        MONTH_FIRST: f"Month first: {example} is {md_escape(said[MONTH_FIRST])}",
    }
    st.warning(md_escape(question.message), icon=":material/calendar_month:")
    return st.radio(
        f"How are the dates in “{md_escape(question.column)}” written?",
        list(choices),
        index=None,
        format_func=choices.get,
        key=f"date_order_{_signature(tables, 'highlights')}",
    )


def show_notes(notes: list[str]) -> None:
    """What the import did to the rows; a note may quote a header or a cell."""
    for note in notes:
        st.info(md_escape(note), icon=":material/info:")


def preview(plan: ImportPlan) -> None:
    """The first rows as they will be saved: what the mapping does, at a glance."""
    shown = plan.frames.highlights.head(8).copy()
    shown["interview_date"] = shown["interview_date"].astype(str).replace("None", "")
    columns = ["text", "participant", "segment", "focus", "interview_date", "interviewer", "theme"]
    shown = shown[[c for c in columns if c in shown.columns]]
    shown.columns = [FIELD_LABELS.get(c, c) for c in shown.columns]
    st.dataframe(shown, hide_index=True, width="stretch")
    roadmap = plan.frames.roadmap
    if roadmap is not None and len(roadmap):
        st.dataframe(
            roadmap.head(5)[["item", "status", "target_quarter", "owner", "area"]].rename(
                columns=FIELD_LABELS
            ),
            hide_index=True,
            width="stretch",
        )

"""The bundled sample study: Fern & Foam's spring 2026 customer interviews.

Shipped as two CSV files in the layout of the Google Sheet template, so a
user can paste them into their own sheet and import them back, and a third
that starts the quote bank (every consent status appears in it). This
module only reads them; they are mapped and saved by ``insights.samples``.
"""

from __future__ import annotations

import csv
import io
from importlib import resources

from insights.sources.table import SourceTables, table_from_rows

HIGHLIGHTS_FILE = "sample_highlights.csv"
ROADMAP_FILE = "sample_roadmap.csv"
SOURCE_NAME = "Bundled sample study (Fern & Foam, spring 2026)"


def read_sample_rows(name: str) -> list[list[str]]:
    """One of the sample's CSV files, as rows of text cells."""
    text = resources.files("insights.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def sample_tables() -> SourceTables:
    """The sample study as an import source, like a sheet with two worksheets."""
    return SourceTables(
        source=SOURCE_NAME,
        source_key="sample:fern-and-foam-2026",
        source_kind="sample",
        highlights=table_from_rows(read_sample_rows(HIGHLIGHTS_FILE), what="The sample highlights"),
        roadmap=table_from_rows(read_sample_rows(ROADMAP_FILE), what="The sample roadmap"),
    )

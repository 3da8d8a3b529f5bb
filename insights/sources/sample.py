"""The bundled sample study: Fern & Foam's spring 2026 customer interviews.

Shipped as two CSV files in the layout of the Google Sheet template, so a
user can paste them into their own sheet and import them back.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from insights.ingest import ImportFrames
from insights.model import HIGHLIGHT_TEMPLATE, ROADMAP_TEMPLATE
from insights.sources.mapping import map_highlights, map_roadmap

HIGHLIGHTS_FILE = "sample_highlights.csv"
ROADMAP_FILE = "sample_roadmap.csv"
SOURCE_NAME = "Bundled sample study (Fern & Foam, spring 2026)"


def read_sample_csv(name: str) -> pd.DataFrame:
    """One of the sample's CSV files, every cell as text."""
    with resources.files("insights.data").joinpath(name).open("rb") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False, encoding="utf-8")


def sample_frames() -> ImportFrames:
    """The sample study, mapped and ready to save into a workspace."""
    return ImportFrames(
        highlights=map_highlights(read_sample_csv(HIGHLIGHTS_FILE), HIGHLIGHT_TEMPLATE),
        roadmap=map_roadmap(read_sample_csv(ROADMAP_FILE), ROADMAP_TEMPLATE),
        source=SOURCE_NAME,
        source_kind="sample",
    )

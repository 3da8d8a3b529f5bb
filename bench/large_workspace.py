"""A large workspace for the page benchmarks: N highlights, grouped and sorted into themes.

The highlight texts are banking77's queries when
banking77 is found (bench/corpora.py: --data or $INSIGHTS_DEV_CORPORA), else the sample
study's highlights repeated; 300 participants over the four segments, three
focus areas, 28 interview days.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd
from corpora import banking77

from insights.importing import run_import
from insights.ingest import ImportFrames
from insights.model import Focus, Segment
from insights.sources.sample import HIGHLIGHTS_FILE, read_sample_rows
from insights.store import Store
from insights.theme_assignment import create_theme
from insights.workspaces import create_workspace

ROOT = Path(__file__).resolve().parent.parent
BANKING = banking77()
NAME = "Bench"


def texts(count: int) -> tuple[list[str], str]:
    if BANKING is not None:
        with BANKING.open(encoding="utf-8") as handle:
            found = [row["text"] for row in csv.DictReader(handle)]
        origin = "banking77"
    else:
        found = [row[1] for row in read_sample_rows(HIGHLIGHTS_FILE)[1:]]
        origin = "the sample study, repeated (banking77 not found)"
    return [
        found[i % len(found)] + ("" if i < len(found) else f" ({i})") for i in range(count)
    ], origin


def make_workspace(
    url: str, count: int, *, grouped: bool = False, sorted_share: float = 0.0, themes: int = 4
) -> str:
    """Create the workspace; optionally group it and sort a share of its cards into themes.

    ``themes`` above the four seed themes adds themes named like a tag column's.
    """
    store = Store(url)
    create_workspace(store, NAME)
    for extra in range(max(themes - 4, 0)):
        create_theme(store, NAME, f"Tag {extra + 1:02d}")
    notes, origin = texts(count)
    segments, focus = list(Segment), list(Focus)
    frame = pd.DataFrame(
        {
            "id": [f"B{i:05d}" for i in range(count)],
            "text": notes,
            "participant": [f"Participant {i % 300:03d}" for i in range(count)],
            "segment": [segments[(i % 300) % 4].value for i in range(count)],
            "focus": [focus[i % 3].value for i in range(count)],
            "interview_date": [date(2026, 3, 1 + i % 28) for i in range(count)],
            "interviewer": "Dana",
            "source_url": "",
            "source_row": range(2, count + 2),
            "extra": [{} for _ in range(count)],
        }
    )
    run_import(store, NAME, ImportFrames(frame, source="bench", source_kind="csv"))
    if grouped:
        from insights.grouping import compute_merges, eligible, save_grouping

        highlights = eligible(store.load(NAME))
        save_grouping(store, NAME, highlights, compute_merges(highlights), 85)
    if sorted_share:
        from insights.theme_assignment import Move, assign, card_table

        data = store.load(NAME)
        cards = card_table(data)
        themes = data.themes["id"].tolist()
        chosen = cards.iloc[: int(len(cards) * sorted_share)]
        moves = [
            Move(key, ids, int(themes[i % len(themes)]))
            for i, (key, ids) in enumerate(zip(chosen["key"], chosen["highlight_ids"], strict=True))
        ]
        assign(store, NAME, moves, via="bench")
    store.close()
    return origin

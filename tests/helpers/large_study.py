"""A large study for the board at scale: 3,000 notes, 600 participants, 15 themes.

The notes are the sample study's, each said again by other people with a
number that makes the text its own ("… (note 412)"); half the cards are
sorted, round the themes, the rest wait in Unassigned.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from insights.importing import run_import
from insights.ingest import ImportFrames
from insights.model import Focus, Segment
from insights.sources.sample import HIGHLIGHTS_FILE, read_sample_rows
from insights.store import Store
from insights.theme_assignment import Move, assign, card_table, create_theme
from insights.workspaces import create_workspace

WS = "Large study"


def make_large_study(store: Store, notes: int = 3000, themes: int = 15) -> Store:
    """The workspace, with ``themes`` themes (the four seed ones first) and half sorted."""
    create_workspace(store, WS)
    for extra in range(themes - 4):
        create_theme(store, WS, f"Tag {extra + 1:02d}")
    sample = [row[1] for row in read_sample_rows(HIGHLIGHTS_FILE)[1:]]
    segments, focus = list(Segment), list(Focus)
    frame = pd.DataFrame(
        {
            "id": [f"L{i:05d}" for i in range(notes)],
            "text": [f"{sample[i % len(sample)]} (note {i})" for i in range(notes)],
            "participant": [f"Participant {i % 600:03d}" for i in range(notes)],
            "segment": [segments[i % 4].value for i in range(notes)],
            "focus": [focus[i % 3].value for i in range(notes)],
            "interview_date": [date(2026, 3, 1 + i % 28) for i in range(notes)],
            "interviewer": "Dana",
            "source_url": "",
            "source_row": range(2, notes + 2),
            "extra": [{} for _ in range(notes)],
        }
    )
    run_import(store, WS, ImportFrames(frame, source="large study", source_kind="csv"))
    data = store.load(WS)
    cards = card_table(data)
    theme_ids = data.themes.sort_values(["position", "id"])["id"].tolist()
    half = cards.iloc[: len(cards) // 2]
    moves = [
        Move(key, ids, int(theme_ids[i % len(theme_ids)]))
        for i, (key, ids) in enumerate(zip(half["key"], half["highlight_ids"], strict=True))
    ]
    assign(store, WS, moves, via="test")
    return store

"""A small study for tests of counting, ranking and exporting: nine highlights, two themes.

Shipping (a1–a4: three people, Ann twice), fragrance-free (b1–b4: Hana three
times, Dee once), the lid (c1: one person), and x1, removed.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from insights import schema
from insights.grouping import compute_merges, eligible, save_grouping
from insights.importing import run_import
from insights.ingest import ImportFrames
from insights.store import Store
from insights.theme_assignment import Move, assign
from insights.workspaces import create_workspace

WS = "Study"


def row(hid: str, text: str, who: str, segment: str, day: int, focus: str = "Product") -> dict:
    return {
        "id": hid,
        "text": text,
        "participant": who,
        "segment": segment,
        "focus": focus,
        "interview_date": date(2026, 3, day),
        "interviewer": "Dana",
        "source_url": f"https://rec/{hid}",
        "source_row": 2,
        "extra": {},
    }


ROWS = [
    row("a1", "Shipping is too expensive", "Ann", "VIP", 1),
    row("a2", "Shipping is too expensive!", "Bo", "Sale", 2),
    row("a3", "shipping is to expensive", "Cy", "Sale", 3),
    row("a4", "Shipping is way too expensive", "Ann", "VIP", 4),
    row("b1", "I want a fragrance-free butter", "Hana", "VIP", 5, "Marketing"),
    row("b2", "Fragrance free is all I care about", "Hana", "VIP", 5, "Marketing"),
    row("b3", "Please make it unscented", "Hana", "VIP", 5, "Marketing"),
    row("b4", "Unscented please", "Dee", "VIP", 6, "Marketing"),
    row("c1", "The lid is hard to open", "Eve", "Sale", 10),
    row("x1", "Removed later", "Zed", "VIP", 10),
]


def make_study(store: Store, rows: list[dict] = ROWS, workspace: str = WS) -> Store:
    """The study in ``workspace`` (``WS``): imported, grouped, and sorted into two themes."""
    create_workspace(store, workspace)
    run_import(store, workspace, ImportFrames(pd.DataFrame(rows), source="t", source_kind="csv"))
    with store.action(workspace, "test.remove") as act:
        act.conn.execute(
            schema.highlights.update().where(schema.highlights.c.id == "x1").values(removed=True)
        )
    highlights = eligible(store.load(workspace))
    save_grouping(store, workspace, highlights, compute_merges(highlights), 85)
    themes = store.load(workspace).themes.set_index("name")["id"]
    pain, love = int(themes["Pain points"]), int(themes["Product love"])
    assign(
        store,
        workspace,
        [Move(f"highlight:{h}", [h], pain) for h in ("a1", "a2", "a3", "a4", "c1")],
        via="t",
    )
    assign(
        store,
        workspace,
        [Move(f"highlight:{h}", [h], love) for h in ("b1", "b2", "b3", "b4")],
        via="t",
    )
    return store

"""A workspace with hostile text in every field a person or a file can fill.

Its name, the import's source and worksheet, notes, participants, segments, focus
areas, interviewers, theme names and descriptions, group wordings, roadmap items
(item, description, status, quarter, owner, area), decision notes, quote-bank
notes and the saved session's name all hold strings of ``HOSTILE_TEXT``. Every page
has something to show: groups to review and accepted ones, copied text, themes
with decisions, votes and roadmap links, a suggested link, a removed highlight, a
saved session with changes since.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from bad_input import HOSTILE_TEXT

from insights import schema
from insights.decisions import link, set_decision, set_votes
from insights.grouping import compute_merges, eligible, group_table, rename_group, save_grouping
from insights.importing import run_import
from insights.ingest import ImportFrames
from insights.model import Attribution, Consent
from insights.prioritize import prioritize
from insights.quote_bank import mark
from insights.sessions import save_session, snapshot
from insights.store import Store
from insights.theme_assignment import Move, assign, create_theme
from insights.workspaces import create_workspace

H = HOSTILE_TEXT
WORKSPACE = "[Sign in](http://hostile.test/ws) ![w](http://hostile.test/w.png) {Q3}"
EVERYTHING = " ".join(H)  # every attack in one string, for the long fields
SOURCE = "![s](http://hostile.test/s.png) notes {Q3}.csv"
WORKSHEET = "[Tab](http://hostile.test/tab)"
SESSION = "[Session](http://hostile.test/session) {Q3}"
TOPICS = [
    "shipping is too expensive for a small order",
    "the lavender soak smells wonderful",
    "the pump on the lotion bottle breaks",
    "I found you through a friend on social media",
    "delivery took almost two weeks",
    "I buy a gift set every holiday season",
    "the lid of the jar is hard to open",
    "the body butter melts in summer",
    "I wish there was an unscented version",
    "the website checkout keeps failing",
]
COPIED = (
    "honestly the shipping cost is the one thing that stops me from ordering more often " + H[4]
)


def _row(i: int, hid: str, text: str, participant: str) -> dict:
    return {
        "id": hid,
        "text": text,
        "participant": participant,
        "segment": H[(i % 3) + 1],
        "focus": H[6 + i % 2],
        "interview_date": date(2026, 3, 1 + i),
        "interviewer": H[(i + 5) % len(H)],
        "source_url": "",
        "source_row": i + 2,
        "extra": {},
    }


def _highlights() -> pd.DataFrame:
    rows = [_row(i, f"h{i:02}", f"{H[i]} {TOPICS[i]}", H[i]) for i in range(len(H))]
    rows += [
        _row(10, "h10", rows[0]["text"], H[1]),  # said again by another: a group
        _row(11, "h11", rows[1]["text"], H[2]),
        _row(12, "h12", COPIED, H[3]),  # the same words from two people: copied text
        _row(13, "h13", COPIED, H[5]),
        _row(14, "h14", f"{H[1]} removed from the source later", H[0]),
    ]
    return pd.DataFrame(rows)


def _roadmap() -> pd.DataFrame:
    items = [
        ("R1", f"{H[0]} {TOPICS[0]}", "planned"),  # worded like a group: suggested
        ("R2", H[1], H[7]),
        ("R3", f"{H[2]} a loyalty programme", "idea"),  # no evidence: an unsupported bet
    ]
    return pd.DataFrame(
        [
            {
                "id": rid,
                "item": item,
                "description": EVERYTHING,
                "status": status,
                "target_quarter": H[8],
                "owner": H[1],
                "area": H[3],
                "source_row": n + 2,
                "extra": {},
            }
            for n, (rid, item, status) in enumerate(items)
        ]
    )


def make_hostile_study(store: Store) -> str:
    """Fill ``WORKSPACE`` with hostile text everywhere; returns its name."""
    create_workspace(store, WORKSPACE)
    frames = ImportFrames(
        _highlights(), source=SOURCE, source_kind="csv", roadmap=_roadmap(), worksheet=WORKSHEET
    )
    run_import(store, WORKSPACE, frames)
    with store.action(WORKSPACE, "test.remove") as act:
        act.conn.execute(
            schema.highlights.update().where(schema.highlights.c.id == "h14").values(removed=True)
        )

    highlights = eligible(store.load(WORKSPACE))
    save_grouping(store, WORKSPACE, highlights, compute_merges(highlights, method="wording"), 85)
    groups = group_table(store.load(WORKSPACE))
    clusters = groups[groups["cluster_id"].notna()].sort_values("representative_id")
    rename_group(store, WORKSPACE, int(clusters["cluster_id"].iloc[0]), H[5])  # accepted

    themes = [
        create_theme(store, WORKSPACE, name, description=H[(i + 1) % len(H)])
        for i, name in enumerate(H)
    ]
    cards = group_table(store.load(WORKSPACE))
    moves = [
        Move(key, list(ids), themes[n % len(themes)])
        for n, (key, ids) in enumerate(zip(cards["key"], cards["highlight_ids"], strict=True))
        if n < len(cards) - 2  # two cards stay in the pool
    ]
    assign(store, WORKSPACE, moves, via="test")

    first = f"theme:{themes[0]}"
    set_decision(store, WORKSPACE, first, "Act now", EVERYTHING)
    set_votes(store, WORKSPACE, first, 3)
    link(store, WORKSPACE, first, "R2")
    mark(
        store,
        WORKSPACE,
        "h01",
        consent=Consent.GRANTED,
        attribution=Attribution.FULL_NAME,
        note=EVERYTHING,
    )
    mark(store, WORKSPACE, "h02", consent=Consent.REQUESTED, note=H[0])

    data = store.load(WORKSPACE)
    ranked = prioritize(data)
    save_session(store, WORKSPACE, SESSION, snapshot(data, ranked.themes, ranked.groups))
    # after the session: a card moves and a decision changes, so there are changes to show
    last = cards.iloc[-1]
    assign(store, WORKSPACE, [Move(last["key"], list(last["highlight_ids"]), themes[1])], via="t")
    set_decision(store, WORKSPACE, f"theme:{themes[1]}", "Revisit later", H[3])
    return WORKSPACE

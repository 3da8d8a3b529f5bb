"""The sample study grouped by wording at the default threshold, partly sorted into the seed themes."""

from __future__ import annotations

from insights.grouping import compute_merges, eligible, save_grouping
from insights.model import SAMPLE_WORKSPACE
from insights.near_duplicates import WORDING
from insights.prioritize import evidence
from insights.store import Store
from insights.theme_assignment import Move, assign
from insights.workspaces import ensure_sample

SORTING = [
    ("shipping", "Pain points"),
    ("pump", "Pain points"),
    ("scent", "Pain points"),
    ("butter", "Product love"),
    ("email", "Marketing & brand"),
    ("sale", "Customer behaviors"),
]


def sort_sample(store: Store) -> Store:
    """Group the sample by wording at 85 and sort the highlights that name a topic into its theme.

    By wording: the tests built on this fixture count its groups (grouping by meaning
    has tests of its own)."""
    ensure_sample(store)
    highlights = eligible(store.load(SAMPLE_WORKSPACE))
    merges = compute_merges(highlights, method=WORDING)
    save_grouping(store, SAMPLE_WORKSPACE, highlights, merges, 85)
    found = evidence(store.load(SAMPLE_WORKSPACE))
    ids = store.load(SAMPLE_WORKSPACE).themes.set_index("name")["id"]
    for word, theme in SORTING:
        hits = found[found["text"].str.contains(word, case=False)]
        moves = [Move(k, list(g["id"]), int(ids[theme])) for k, g in hits.groupby("group_key")]
        assign(store, SAMPLE_WORKSPACE, moves, via="test")
    return store

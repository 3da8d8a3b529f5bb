"""Groups in a workspace: a run proposes, a person decides, a re-run or re-import keeps it."""

from __future__ import annotations

import numpy as np
import pytest

from insights import schema
from insights.grouping import (
    ACCEPTED,
    KIND_AGREEING,
    KIND_REPEATING,
    KIND_SINGLE,
    PROPOSED,
    GroupingProblem,
    accept_group,
    compute_merges,
    eligible,
    group_table,
    last_decision,
    merge_groups,
    redo_last,
    remove_member,
    rename_group,
    save_grouping,
    settings_of,
    undo_last,
)
from insights.importing import run_import
from insights.model import SAMPLE_WORKSPACE
from insights.near_duplicates import MEANING, WORDING
from insights.samples import sample_frames
from insights.store import Store
from insights.workspaces import ensure_sample

WS = SAMPLE_WORKSPACE


def _run(store: Store, threshold: float = 85, method: str = WORDING):
    """Group the workspace. These tests pin grouping by wording: their counts are its counts;
    a person's decisions are kept the same way whatever the method (tested below)."""
    data = store.load(WS)
    highlights = eligible(data)
    return save_grouping(
        store, WS, highlights, compute_merges(highlights, method=method), threshold
    )


def _group_of(store: Store, highlight_id: str) -> dict:
    table = group_table(store.load(WS))
    return table[table["highlight_ids"].map(lambda ids: highlight_id in ids)].iloc[0].to_dict()


def _id_of(store: Store, text: str) -> str:
    highlights = store.load(WS).highlights
    return highlights.loc[highlights["text"] == text, "id"].iloc[0]


SHIPPING = "Shipping is too expensive for a small order."
TOM = "Like I said, the shipping cost is what stopped me from ordering again."


@pytest.fixture
def grouped(store: Store) -> Store:
    ensure_sample(store)
    _run(store)
    return store


def test_a_run_saves_proposed_groups_and_its_threshold(grouped: Store) -> None:
    data = grouped.load(WS)
    assert len(data.clusters) == 11 and set(data.clusters["status"]) == {PROPOSED}
    assert len(data.cluster_members) == 29
    assert settings_of(data).threshold == 85


def test_the_group_table_counts_each_group_once_with_its_voices(grouped: Store) -> None:
    table = group_table(grouped.load(WS))
    assert table["mentions"].sum() == 285  # every highlight counted exactly once
    assert len(table) == 285 - 29 + 11
    shipping = _group_of(grouped, _id_of(grouped, SHIPPING))
    assert (shipping["mentions"], shipping["participants"], shipping["kind"]) == (
        4,
        4,
        KIND_AGREEING,
    )
    assert shipping["segments"] == {
        "Engaged non-buyer": 1,
        "One-time buyer": 2,
        "Sale-only shopper": 1,
    }
    tom = _group_of(grouped, _id_of(grouped, TOM))
    assert (tom["mentions"], tom["participants"], tom["kind"]) == (3, 1, KIND_REPEATING)
    assert table.iloc[-1]["kind"] == KIND_SINGLE


def test_removed_highlights_never_count(grouped: Store) -> None:
    shipping = _id_of(grouped, SHIPPING)
    with grouped.action(WS, "test.remove") as act:
        act.conn.execute(
            schema.highlights.update()
            .where(schema.highlights.c.id == shipping)
            .values(removed=True)
        )
    table = group_table(grouped.load(WS))
    assert table["mentions"].sum() == 284
    group = _group_of(grouped, _id_of(grouped, "Shipping is way to expensive for a small order"))
    assert group["mentions"] == 3


def test_decisions_are_kept_by_a_rerun_and_a_reimport(grouped: Store) -> None:
    shipping = _group_of(grouped, _id_of(grouped, SHIPPING))["cluster_id"]
    tom = _group_of(grouped, _id_of(grouped, TOM))["cluster_id"]
    rename_group(grouped, WS, shipping, "Shipping costs too much for small orders")
    accept_group(grouped, WS, tom)

    _run(grouped, threshold=99)  # a stricter run would split both groups...
    run_import(grouped, WS, sample_frames())  # ...and a re-import changes nothing of them

    data = grouped.load(WS)
    kept = data.clusters.set_index("id")
    assert kept.loc[shipping, "status"] == ACCEPTED
    assert kept.loc[shipping, "label"] == "Shipping costs too much for small orders"
    assert _group_of(grouped, _id_of(grouped, TOM))["mentions"] == 3
    assert (
        _group_of(grouped, _id_of(grouped, SHIPPING))["text"]
        == "Shipping costs too much for small orders"
    )


def test_removing_a_member_makes_it_a_group_of_its_own(grouped: Store) -> None:
    member = _id_of(grouped, SHIPPING)
    cluster = _group_of(grouped, member)["cluster_id"]

    alone = remove_member(grouped, WS, cluster, member)
    _run(grouped)  # the engine would put it back; it must not

    assert _group_of(grouped, member)["cluster_id"] == alone
    assert _group_of(grouped, member)["mentions"] == 1
    assert (
        _group_of(grouped, _id_of(grouped, "Shipping is way to expensive for a small order"))[
            "mentions"
        ]
        == 3
    )


def test_merging_two_groups(grouped: Store) -> None:
    shipping = _group_of(grouped, _id_of(grouped, SHIPPING))["cluster_id"]
    tom = _group_of(grouped, _id_of(grouped, TOM))["cluster_id"]

    merge_groups(grouped, WS, shipping, tom)

    merged = _group_of(grouped, _id_of(grouped, TOM))
    assert (merged["cluster_id"], merged["mentions"], merged["participants"]) == (shipping, 7, 5)
    with pytest.raises(GroupingProblem, match="no longer exists"):
        accept_group(grouped, WS, tom)


def test_decisions_undo_newest_first(grouped: Store) -> None:
    shipping = _group_of(grouped, _id_of(grouped, SHIPPING))["cluster_id"]
    tom = _group_of(grouped, _id_of(grouped, TOM))["cluster_id"]
    before = group_table(grouped.load(WS))
    rename_group(grouped, WS, shipping, "Shipping")
    merge_groups(grouped, WS, shipping, tom)

    assert undo_last(grouped, WS) == "merging two groups"
    assert _group_of(grouped, _id_of(grouped, TOM))["cluster_id"] == tom
    assert _group_of(grouped, _id_of(grouped, SHIPPING))["text"] == "Shipping"
    assert undo_last(grouped, WS) == "rewording a group"
    after = group_table(grouped.load(WS))
    assert after[["key", "text", "mentions", "status"]].equals(
        before[["key", "text", "mentions", "status"]]
    )
    assert undo_last(grouped, WS) is None
    assert last_decision(grouped, WS) is None


def test_an_undone_decision_can_be_redone_until_a_new_one(grouped: Store) -> None:
    shipping = _group_of(grouped, _id_of(grouped, SHIPPING))["cluster_id"]
    tom = _group_of(grouped, _id_of(grouped, TOM))["cluster_id"]
    merge_groups(grouped, WS, shipping, tom)
    undo_last(grouped, WS)

    assert redo_last(grouped, WS) == "merging two groups"
    assert _group_of(grouped, _id_of(grouped, TOM))["cluster_id"] == shipping
    undo_last(grouped, WS)
    accept_group(grouped, WS, tom)  # a new decision: nothing left to redo
    assert redo_last(grouped, WS) is None


def test_an_undone_split_survives_a_rerun_in_between(grouped: Store) -> None:
    member = _id_of(grouped, SHIPPING)
    cluster = _group_of(grouped, member)["cluster_id"]
    remove_member(grouped, WS, cluster, member)
    _run(grouped)
    undo_last(grouped, WS)
    assert _group_of(grouped, member)["mentions"] == 4


def test_a_threshold_out_of_range_is_refused(grouped: Store) -> None:
    data = grouped.load(WS)
    with pytest.raises(GroupingProblem, match="between 70 and 100"):
        save_grouping(grouped, WS, eligible(data), compute_merges(eligible(data)), 60)


# -- grouping by meaning ------------------------------------------------------------------


def test_a_run_by_meaning_groups_paraphrases_and_saves_its_method(grouped: Store) -> None:
    late = _id_of(grouped, "My order arrived late, it took about ten days.")
    nine = _id_of(
        grouped, "Delivery took nine days, I'd forgotten I ordered it by the time it came."
    )
    assert _group_of(grouped, late)["mentions"] == 1  # by wording: apart

    _run(grouped, method=MEANING)

    data = grouped.load(WS)
    assert settings_of(data).method == MEANING
    assert late in _group_of(grouped, nine)["highlight_ids"]
    fair = _id_of(grouped, "The price is fair for the quality.")
    too_high = _id_of(grouped, "The price is too high at full price.")
    assert too_high not in _group_of(grouped, fair)["highlight_ids"]


def test_decisions_survive_a_change_of_method(grouped: Store) -> None:
    shipping = _group_of(grouped, _id_of(grouped, SHIPPING))["cluster_id"]
    rename_group(grouped, WS, shipping, "Shipping costs too much for small orders")
    tom = _group_of(grouped, _id_of(grouped, TOM))
    leaving = tom["highlight_ids"][0]
    alone = remove_member(grouped, WS, tom["cluster_id"], leaving)
    before = _group_of(grouped, _id_of(grouped, SHIPPING))["highlight_ids"]

    _run(grouped, method=MEANING)  # meaning would group both differently...
    _run(grouped, method=WORDING)  # ...and back again: a person's decisions stay

    kept = _group_of(grouped, _id_of(grouped, SHIPPING))
    assert (kept["cluster_id"], kept["text"], kept["status"]) == (
        shipping,
        "Shipping costs too much for small orders",
        ACCEPTED,
    )
    assert kept["highlight_ids"] == before
    assert _group_of(grouped, leaving)["cluster_id"] == alone
    assert _group_of(grouped, leaving)["mentions"] == 1


def test_vectors_are_stored_once_and_follow_a_reimport(store: Store, monkeypatch) -> None:
    from insights import vectors

    ensure_sample(store)
    texts = store.load(WS).active_highlights["text"].tolist()
    embedded: list[int] = []
    real = vectors.embed
    monkeypatch.setattr(vectors, "embed", lambda t, m=None: embedded.append(len(t)) or real(t, m))

    first = vectors.stored_vectors(store, WS, texts)
    again = vectors.stored_vectors(store, WS, texts)

    distinct = len({" ".join(t.casefold().split()) for t in texts})
    assert embedded[0] <= len(texts) and embedded[0] >= distinct - 10 and len(embedded) == 1
    assert np.array_equal(first, again)  # read back exactly as first used
    assert vectors.stored_count(store, WS) == embedded[0]

    changed = [*texts[:-1], "A brand new note about the candles burning unevenly."]
    vectors.stored_vectors(store, WS, changed)
    assert embedded[1:] == [1]  # only the new text
    assert vectors.stored_count(store, WS) == embedded[0]  # the old text's vector is gone

"""Every voice counted: one point is one group whatever its size, and noise never leads."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from insights.linkage import PairwiseSimilarity, VectorSimilarity, average_linkage
from insights.near_duplicates import MEANING, WORDING, build_merges, group_texts
from insights.not_feedback import is_not_feedback, strip_noise

LOGGED_OUT = "The app keeps logging me out"
SLOW = "Checkout is too slow"
OTHERS = [
    "Shipping to Canada costs too much",
    "I want a dark mode",
    "The search never finds the product I type",
    "Customer support answered within minutes",
    "Please add Apple Pay at checkout",
]


def _variants(text: str, count: int) -> list[str]:
    """Light variants as people type them: case, punctuation, a typo, "again" added."""
    forms = [text, text.lower(), text.upper() + "!", text + ".", text + " again", text + "!!"]
    words = text.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    typo = words.copy()
    typo[longest] = typo[longest][:2] + typo[longest][3:]
    forms.append(" ".join(typo))
    return [forms[i % len(forms)] for i in range(count)]


def _size_of(groups, texts: list[str], text: str) -> int:
    for group in groups:
        if any(texts[m.position] == text for m in group.members):
            return group.size
    raise AssertionError(f"{text!r} is in no group")


def test_thirty_and_twelve_identical_notes_are_one_group_each_by_either_method() -> None:
    texts = [LOGGED_OUT] * 30 + [SLOW] * 12 + OTHERS
    for method in (MEANING, WORDING):
        groups = group_texts(texts, method=method)
        assert _size_of(groups, texts, LOGGED_OUT) == 30
        assert _size_of(groups, texts, SLOW) == 12


def test_light_variants_still_make_one_group_of_thirty_and_one_of_twelve() -> None:
    texts = _variants(LOGGED_OUT, 30) + _variants(SLOW, 12) + OTHERS
    groups = group_texts(texts)
    assert _size_of(groups, texts, LOGGED_OUT) == 30
    assert _size_of(groups, texts, SLOW) == 12


@settings(max_examples=15, deadline=None)
@given(copies=st.integers(min_value=2, max_value=400), others=st.integers(0, 5))
def test_no_group_size_limit(copies: int, others: int) -> None:
    texts = [LOGGED_OUT] * copies + OTHERS[:others]
    groups = group_texts(texts, method=WORDING)
    assert groups[0].size == copies


def test_a_threshold_only_splits_or_joins_one_merge_tree() -> None:
    texts = _variants(LOGGED_OUT, 12) + _variants(SLOW, 8) + OTHERS * 2
    merges = build_merges(texts)
    assert np.all(np.diff(merges.heights) <= 1e-9)
    previous = None
    for threshold in range(100, 69, -5):
        labels = merges.labels(threshold)
        if previous is not None:  # each group at the stricter threshold sits in one group here
            for label in set(previous.tolist()):
                assert len(set(labels[previous == label].tolist())) == 1
        previous = labels


def test_opposite_opinions_never_join_even_when_repeated() -> None:
    texts = ["The price is too high"] * 5 + ["The price is not too high"] * 5
    for method in (MEANING, WORDING):
        assert max(g.size for g in group_texts(texts, method=method, threshold=70)) == 5


def test_exact_average_linkage_counts_every_pair_not_only_candidates() -> None:
    """Three units with one candidate pair each: the average includes the pair never scored."""
    vectors = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]])
    weights = np.ones(3)
    pairs = np.array([[0, 1], [1, 2]])
    tree = average_linkage(3, pairs, VectorSimilarity(vectors, weights), floor=0)
    assert np.isclose(tree.heights[0], 0.8)  # 0 and 1 first
    assert np.isclose(tree.heights[1], (0.6 + 0.0) / 2)  # {0,1} to 2

    scores = np.array([[100, 80, 0], [80, 100, 60], [0, 60, 100]], dtype=float)
    tree = average_linkage(
        3,
        pairs,
        PairwiseSimilarity(weights, lambda a, b: scores[np.ix_(a, b)]),
        floor=0,
    )
    assert list(tree.heights) == [80, 30]


def test_unit_weights_count_in_the_average() -> None:
    vectors = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    similarity = VectorSimilarity(vectors, np.array([3.0, 1.0, 1.0]))
    similarity.merge(0, 1)
    assert similarity.links(0, [2])[0] == 0
    assert similarity.weights[0] == 4


NOT_FEEDBACK = [
    "@united thanks!",
    "ok",
    "Okay.",
    "really!??",
    "Thank you.",
    "?",
    "@AmericanAir",
    "😂😂",
    "thank youuu @JetBlue 🙏",
    "RT @VirginAmerica: Book now and fly to Miami from $59 http://t.co/abc",
    "Sent from my iPhone",
    "good morning @delta",
    "Cheers, Dave",
]
FEEDBACK = [
    "@united lost my bag again",
    "thanks for nothing @delta",
    "Thanks! Also the app logs me out every day",
    "on hold for 2 hours 😡",
    "where is my order?",
    "great crew on flight 221!",
    "cant log in",
    "promo code not working",
    "RT @FreshCart: free delivery! // my last two orders came late",
    "no response",
    "still no reply @delta",
    "still on hold",
    # Questions with names and acronyms in them are feedback, not greetings to someone.
    "Where is my PIN?",
    "Are you Visa or Mastercard?",
    "I have a new email.",
    "WHAT IS THE REASON FOR THAT",
]


def test_content_free_notes_are_told_from_feedback() -> None:
    assert [t for t in NOT_FEEDBACK if not is_not_feedback(t)] == []
    assert [t for t in FEEDBACK if is_not_feedback(t)] == []


def test_noise_is_stripped_before_comparing() -> None:
    assert strip_noise("@united lost my bag http://t.co/x 😡") == "lost my bag"
    texts = ["@united lost my bag", "lost my bag http://t.co/abc", "The seats are comfy"]
    groups = group_texts(texts, method=WORDING)
    assert groups[0].size == 2


def test_not_feedback_is_never_grouped_or_ranked(tmp_path) -> None:
    from insights.feedback_marks import mark
    from insights.grouping import compute_merges, eligible, save_grouping
    from insights.prioritize import prioritize
    from insights.store import Store
    from insights.workspace_summary import summarize
    from insights.workspaces import create_workspace

    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    create_workspace(store, "study")
    rows = [_row(f"t{i}", "thanks!", f"p{i}") for i in range(200)]
    rows += [_row(f"b{i}", "On hold for two hours", f"q{i}") for i in range(5)]
    rows += [_row("c1", "The app crashes at checkout", "z")]
    _import(store, rows)
    data = store.load("study")
    assert summarize(data).not_feedback == 200
    highlights = eligible(data)
    assert set(highlights["id"]) == {f"b{i}" for i in range(5)} | {"c1"}
    save_grouping(store, "study", highlights, compute_merges(highlights), 85)
    ranked = prioritize(store.load("study"), level="group").groups
    assert len(ranked) == 2
    assert ranked.iloc[0]["participants"] == 5
    assert "thanks!" not in set(ranked["text"]) if "text" in ranked else True

    # A person's "this is feedback" is kept, and survives a re-import of the same rows.
    mark(store, "study", ["t0"], feedback=True)
    _import(store, rows)
    assert "t0" in set(eligible(store.load("study"))["id"])
    mark(store, "study", ["b0"], feedback=False)
    again = store.load("study")
    assert "b0" not in set(eligible(again)["id"])
    assert summarize(again).not_feedback == 200
    # ... and through a new grouping run: b0 stays out of every group.
    highlights = eligible(again)
    save_grouping(store, "study", highlights, compute_merges(highlights), 85)
    regrouped = store.load("study")
    assert "b0" not in set(regrouped.cluster_members["highlight_id"])
    assert "t0" in set(eligible(regrouped)["id"])


def _row(hid: str, text: str, who: str) -> dict:
    from datetime import date

    return {
        "id": hid,
        "text": text,
        "participant": who,
        "segment": "VIP",
        "focus": "Product",
        "interview_date": date(2026, 3, 1),
        "interviewer": "Dana",
        "source_url": "",
        "source_row": 2,
        "extra": {},
    }


def _import(store, rows: list[dict]) -> None:
    from insights.importing import run_import
    from insights.ingest import ImportFrames

    run_import(store, "study", ImportFrames(pd.DataFrame(rows), source="t", source_kind="csv"))


def test_cli_dedupe_groups_thirty_copies_and_says_which_rows_are_not_feedback(tmp_path) -> None:
    import csv

    from click.testing import CliRunner

    from insights.cli import main

    source = tmp_path / "notes.csv"
    rows = [["Note", "Who"]]
    rows += [[LOGGED_OUT, f"p{i}"] for i in range(30)]
    rows += [[SLOW, f"q{i}"] for i in range(12)]
    rows += [["thanks!", "r1"], ["@united", "r2"], *[[t, "s"] for t in OTHERS]]
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    output = tmp_path / "out.csv"
    result = CliRunner().invoke(
        main, ["dedupe", str(source), "--text-column", "Note", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert "2 rows are not feedback" in result.output
    written = list(csv.DictReader(output.open(encoding="utf-8")))
    assert {r["cluster_size"] for r in written if r["Note"] == LOGGED_OUT} == {"30"}
    assert {r["cluster_size"] for r in written if r["Note"] == SLOW} == {"12"}
    assert [r["feedback"] for r in written if r["Who"] in ("r1", "r2")] == ["no", "no"]
    assert [r["cluster_id"] for r in written if r["Who"] in ("r1", "r2")] == ["", ""]


def test_themes_hide_cards_that_are_not_feedback_unless_asked(tmp_path) -> None:
    from insights.board import BoardFilter
    from insights.store import Store
    from insights.theme_assignment import card_table
    from insights.workspace_summary import summarize
    from insights.workspaces import create_workspace

    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    create_workspace(store, "study")
    rows = [_row(f"t{i}", "thanks!", f"p{i}") for i in range(3)]
    rows += [_row("c1", "The app crashes at checkout", "z")]
    _import(store, rows)
    data = store.load("study")
    cards = card_table(data)
    assert set(BoardFilter().apply(cards)["key"]) == {"highlight:c1"}
    assert len(BoardFilter(not_feedback=True).apply(cards)) == 4
    assert summarize(data).unassigned_highlights == 1  # the thanks are not left to sort


def test_a_grouped_note_marked_not_feedback_leaves_its_group_everywhere(tmp_path) -> None:
    from insights.feedback_marks import mark
    from insights.grouping import compute_merges, eligible, group_table, save_grouping
    from insights.prioritize import prioritize
    from insights.store import Store
    from insights.workspace_summary import summarize
    from insights.workspaces import create_workspace

    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    create_workspace(store, "study")
    _import(store, [_row(f"b{i}", "I can't log in to the app", f"p{i}") for i in range(5)])
    assert summarize(store.load("study")).next_steps[0].message.startswith(
        "Group repeated feedback: 5 highlights"
    )
    highlights = eligible(store.load("study"))
    save_grouping(store, "study", highlights, compute_merges(highlights), 85)
    mark(store, "study", ["b0"], feedback=False)
    data = store.load("study")
    table = group_table(data).set_index("key")
    grouped = table[table["cluster_id"].notna()]
    assert grouped["mentions"].tolist() == [4]
    assert table.loc["highlight:b0", "feedback"] == False  # noqa: E712
    ranked = prioritize(data, level="group").groups
    assert ranked["participants"].tolist() == [4]


def test_a_group_is_shown_in_its_cleanest_wording() -> None:
    texts = ["@mybank I can't log in to the app", "I can't log in to the app."] * 3
    texts += ["I can't log in to the app"] * 2
    group = group_texts(texts)[0]
    assert group.size == 8
    assert texts[group.representative] == "I can't log in to the app"


def test_opinions_said_in_idioms_keep_notes_apart() -> None:
    from insights.stance import opposite

    assert opposite("I love the lavender scent", "I can't stand the lavender scent")
    assert opposite("gentle on my skin", "dries out my skin")
    assert opposite("this is a waste of money", "this is not a waste of money")
    assert not opposite("The lid fell apart", "the lid broke within a week")

"""Theme and roadmap-link suggestions weigh meaning where it is as sure as the grouping."""

from __future__ import annotations

from insights import roadmap, suggest


def test_a_card_in_other_words_is_suggested_the_theme_of_the_same_point() -> None:
    examples = ["My jar was broken when the box came", "I love the rose scent, it is my favourite."]
    cards = ["The jar arrived cracked"]

    assert suggest.best_examples(cards, examples, method=suggest.WORDING) == [None]
    ((best, score),) = suggest.best_examples(cards, examples, method=suggest.MEANING)
    assert best == 0 and score >= suggest.MEANING_FLOOR


def test_meaning_below_the_same_point_level_suggests_nothing() -> None:
    scores = suggest.similarity(
        ["The jar is heavy"], ["Shipping took two weeks"], cutoff=suggest.MIN_SCORE
    )
    assert scores.tolist() == [[0.0]]


def test_links_use_the_same_similarity() -> None:
    insight = ["The emails are constantly in my inbox and it's annoying"]
    items = ["Too many emails, it feels like spam", "Candle collection expansion: new scents"]
    by_wording = roadmap.link_scores(insight, items, method=suggest.WORDING)
    by_meaning = roadmap.link_scores(insight, items, method=suggest.MEANING)
    assert by_wording.tolist() == [[0.0, 0.0]]
    assert by_meaning[0, 0] >= roadmap.SUGGEST_SCORE and by_meaning[0, 1] == 0.0
    assert roadmap.LINK_METHOD == suggest.MEANING

"""Grouping by meaning: the model loads offline, paraphrases meet, opposite opinions never do."""

from __future__ import annotations

import csv
import socket
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insights import embeddings
from insights.near_duplicates import (
    MEANING,
    MIN_THRESHOLD,
    SAME_MEANING,
    SAME_WORDS,
    WORDING,
    basis,
    build_merges,
    group_texts,
    meaning_score,
    meaning_text,
)
from insights.neighbours import nearest_pairs
from insights.stance import opposite

CONTRAST = Path(__file__).parent.parent / "fixtures" / "shop_contrast.csv"


def _contrast(kind: str) -> list[tuple[str, str]]:
    with CONTRAST.open(encoding="utf-8", newline="") as handle:
        return [(r["a"], r["b"]) for r in csv.DictReader(handle) if r["kind"] == kind]


# -- the model ---------------------------------------------------------------------------


def test_the_model_loads_from_the_installed_package_with_the_network_unreachable(
    monkeypatch, tmp_path
) -> None:
    import tokenizers

    tried: list[str] = []

    def refuse(*args, **kwargs):
        tried.append(repr(args[:2]))
        raise OSError("network unreachable (test)")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    class NoHubTokenizer:  # a tokenizer from a file, never from the Hugging Face hub
        from_file = staticmethod(tokenizers.Tokenizer.from_file)
        from_pretrained = staticmethod(refuse)

    monkeypatch.setattr(tokenizers, "Tokenizer", NoHubTokenizer)
    monkeypatch.setenv("HOME", str(tmp_path))  # nothing may be written to a cache either
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")

    loaded = embeddings.load_model()

    assert tried == []
    assert loaded.vectors.shape == (32_001, embeddings.DIMENSIONS)
    assert list(tmp_path.iterdir()) == []
    vectors = embeddings.embed(["The delivery took forever", ""], loaded)
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0)
    assert not vectors[1].any()  # an empty text has no direction


def test_model_files_that_are_not_the_pinned_release_are_refused(monkeypatch, tmp_path) -> None:
    real = embeddings.package_folder()
    for name in (embeddings.WEIGHTS, embeddings.TOKENIZER):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes((real / name).read_bytes())
    (tmp_path / embeddings.WEIGHTS).write_bytes(b"not the weights")
    monkeypatch.setattr(embeddings, "package_folder", lambda: tmp_path)

    with pytest.raises(embeddings.ModelMissing, match="not the file of wordllama 0.4.0.post1"):
        embeddings.load_model()
    (tmp_path / embeddings.WEIGHTS).unlink()
    with pytest.raises(embeddings.ModelMissing, match="has no weights/"):
        embeddings.load_model()


def test_the_model_is_loaded_once_per_process() -> None:
    assert embeddings.model() is embeddings.model()


def test_vectors_put_paraphrases_closer_than_other_topics() -> None:
    a, b, other = embeddings.embed(
        [
            meaning_text("My package took almost two weeks to arrive"),
            meaning_text("Delivery was really slow, I waited nearly 14 days for my order"),
            meaning_text("I love the rose fragrance best of all"),
        ]
    )
    assert float(a @ b) > float(a @ other) + 0.2


def test_the_embedding_matches_wordllamas_own() -> None:
    from wordllama import WordLlama

    # The way wordllama itself loads the wheel's model offline: same files, same vectors.
    reference = WordLlama.load(cache_dir=embeddings.package_folder(), disable_download=True)
    texts = ["the pump broke", "shipping is way too expensive for a small order", "ok"]
    ours = embeddings.embed(texts)
    theirs = reference.embed(texts, norm=True)
    assert np.allclose(ours, theirs, atol=1e-3)  # ours are rounded to float16


def test_nearest_pairs_by_index_find_what_all_pairs_find(monkeypatch) -> None:
    import insights.neighbours as neighbours

    rng = np.random.default_rng(3)
    centres = rng.normal(size=(40, 32))
    vectors = np.repeat(centres, 30, axis=0) + rng.normal(scale=0.15, size=(1200, 32))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    exact, _ = nearest_pairs(vectors, 5, 0.5)
    monkeypatch.setattr(neighbours, "EXACT_LIMIT", 100)
    indexed, cosines = nearest_pairs(vectors, 5, 0.5)
    found = {tuple(p) for p in indexed.tolist()}
    wanted = {tuple(p) for p in exact.tolist()}
    assert len(found & wanted) >= 0.95 * len(wanted)
    assert (indexed[:, 0] < indexed[:, 1]).all() and (cosines >= 0.5).all()


# -- one scale ------------------------------------------------------------------------------


def test_meaning_is_on_the_grouping_scale() -> None:
    from insights import near_duplicates

    assert float(meaning_score(1.0)) == 100.0
    assert float(meaning_score(near_duplicates.COSINE_AT_DEFAULT)) == pytest.approx(85.0)
    assert float(meaning_score(0.0)) < MIN_THRESHOLD  # unrelated texts: below the slider
    assert float(meaning_score(-1.0)) >= 0.0


# -- the stance guard --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The price is too high", "The price is fair for the quality"),
        ("I love the lavender scent", "I hate the lavender scent"),
        ("Shipping was fast", "Shipping was slow"),
        ("The pump works", "The pump doesn't work"),
        ("There is no free sample in the box", "There is a free sample in the box"),
        ("Prices went up", "Prices went down"),
        ("I like the new jar", "I dislike the new jar"),
        ("The scent lasts all day", "The scent doesn't last long enough"),
        ("Checkout was easy", "Checkout wasn't easy"),
        ("The lotion is not greasy", "The lotion is greasy"),
    ],
)
def test_opposite_stance_is_recognised(a: str, b: str) -> None:
    assert opposite(a, b) and opposite(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("I don't like the scent", "I dislike the scent"),
        ("The price is too high", "It's not cheap, the price is too much"),
        ("Shipping is too expensive", "I hate paying so much for delivery"),
        ("Shipping was not fast", "Shipping was slow"),
        ("Too many emails", "I wish there were fewer emails"),
        ("I can't find the tracking number", "Where is my tracking number?"),
        ("20% off is what made me buy", "I buy on sale"),
    ],
)
def test_same_stance_in_other_words_is_not_opposite(a: str, b: str) -> None:
    assert not opposite(a, b)


@pytest.mark.parametrize("method", [MEANING, WORDING])
def test_no_opposite_pair_of_the_contrast_set_is_ever_grouped(method: str) -> None:
    pairs = _contrast("opposite")
    texts = [t for pair in pairs for t in pair]
    merges = build_merges(texts, [str(i) for i in range(len(texts))], method=method)
    labels = merges.labels(MIN_THRESHOLD)  # the loosest threshold there is
    together = [(a, b) for i, (a, b) in enumerate(pairs) if labels[2 * i] == labels[2 * i + 1]]
    assert together == []


def test_the_guard_holds_for_groups_not_only_pairs() -> None:
    # Many notes close to both sides: average linkage alone would join the two ends.
    middle = [f"The price of the body butter{'!' * k}" for k in range(8)]
    texts = [
        "The price of the body butter is too high",
        *middle,
        "The price of the body butter is fair",
    ]
    for threshold in (MIN_THRESHOLD, 80, 85):
        groups = group_texts(texts, [str(i) for i in range(len(texts))], threshold=threshold)
        assert not any({0, len(texts) - 1} <= set(g.positions) for g in groups)


OPINIONS = [
    "the price is too high",
    "the price is fair",
    "shipping was fast",
    "shipping was slow",
    "i love the lavender scent",
    "i hate the lavender scent",
    "the pump works",
    "the pump does not work",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(
        st.builds(
            lambda phrase, extra: f"{phrase} {extra}".strip(),
            st.sampled_from(OPINIONS),
            st.sampled_from(["", "honestly", "for me", "!!", "every time"]),
        ),
        min_size=2,
        max_size=30,
    ),
    threshold=st.floats(70, 100),
)
def test_no_group_ever_holds_two_opposite_notes(texts, threshold) -> None:
    groups = group_texts(texts, [str(i) for i in range(len(texts))], threshold=threshold)
    for group in groups:
        members = [texts[p] for p in group.positions]
        assert not any(opposite(a, b) for a in members for b in members)


# -- meaning and wording combined ---------------------------------------------------------------


def test_meaning_groups_paraphrases_that_wording_misses() -> None:
    pairs = _contrast("same")
    texts = [t for pair in pairs for t in pair]
    keys = [str(i) for i in range(len(texts))]

    def grouped(method: str) -> int:
        labels = build_merges(texts, keys, method=method).labels(85)
        return sum(labels[2 * i] == labels[2 * i + 1] for i in range(len(pairs)))

    by_meaning, by_wording = grouped(MEANING), grouped(WORDING)
    assert by_wording == 0
    assert by_meaning >= 14  # measured: 19 of these 40 (and 14 with the opposite pairs mixed in)


def test_each_member_says_why_it_is_in_its_group() -> None:
    texts = [
        "My package took almost two weeks to arrive",
        "Delivery was slow, my order took nearly two weeks to arrive",
        "my package took almost two weeks to arive",
        "I love the rose scent",
    ]
    groups = group_texts(texts, list("abcd"), threshold=75)
    group = groups[0]
    assert sorted(group.positions) == [0, 1, 2]
    why = {texts[m.position]: m.basis for m in group.members if m.position != group.representative}
    assert set(why.values()) == {SAME_WORDS, SAME_MEANING}
    assert why["Delivery was slow, my order took nearly two weeks to arrive"] == SAME_MEANING
    member = next(m for m in group.members if texts[m.position].startswith("Delivery"))
    assert basis(texts[member.position], texts[group.representative], member.similarity) == (
        SAME_MEANING
    )
    assert basis(texts[2], texts[0], 97.0) == SAME_WORDS


def test_grouping_by_wording_never_loads_the_model(monkeypatch) -> None:
    def refuse():
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(embeddings, "model", refuse)
    groups = group_texts(["Shipping is too expensive", "shipping is to expensive"], method=WORDING)
    assert groups[0].size == 2


def test_given_vectors_are_used_and_the_input_order_does_not_matter() -> None:
    texts = [
        "Delivery took forever",
        "Shipping was really slow, it took ages",
        "I love the rose scent",
        "Rose is my favourite fragrance",
    ]
    vectors = embeddings.embed([meaning_text(t) for t in texts])
    keys = list("abcd")
    merges = build_merges(texts, keys, vectors=vectors)
    reordered = [3, 1, 0, 2]
    again = build_merges(
        [texts[i] for i in reordered], [keys[i] for i in reordered], vectors=vectors[reordered]
    )
    assert np.allclose(merges.heights, again.heights)
    with pytest.raises(ValueError, match="Unknown method"):
        build_merges(texts, method="vibes")


def test_notes_with_no_neighbour_close_enough_stay_alone() -> None:
    groups = group_texts(["the price is too high", "shipping was fast"], ["a", "b"])
    assert sorted(g.size for g in groups) == [1, 1]

"""Group highlights that say the same thing, so ten voices count as one insight.

How, and why this way (the figures are in docs/benchmarks.md):

1. Each text is stripped of noise (@handles, links, emoji, signatures:
   ``insights.not_feedback``) and normalized (``insights.textnorm``): case,
   punctuation, contractions, filler words and word endings stop mattering.
2. Texts that read the same are one *unit*, weighted by how many notes it
   holds, and texts one typo apart (wording ``NEAR_EXACT`` or more, same
   stance) join it: thirty copies of a sentence are one unit of thirty
   before anything is compared, so no count of copies is ever split.
3. Candidates are found cheaply, never by comparing all pairs. By wording:
   units that share one of their rarest content words (by its first four
   letters, so most typos still meet). By meaning (the default method): also
   each unit's ``MEANING_NEIGHBOURS`` nearest units (``insights.neighbours``).
   Candidates only say which groups to compare, never how big a group may get.
4. Units merge by exact average linkage (``insights.linkage``): two groups
   join when *all* their pairs of notes are, on average, as alike as the
   threshold asks, so a group can grow to any size while a chain of notes
   that each resemble the next never pulls unrelated notes together. By
   meaning, "alike" is the cosine of ``comparison_vectors`` (the model's
   sentence vectors plus the units' rare words), mapped to 0-100 so that
   ``COSINE_AT_DEFAULT`` is the default threshold (85); by wording, a
   rapidfuzz score of the normalized words.
5. A stance guard (``insights.stance``): two groups holding notes with
   opposite stance on one subject ("the price is too high" / "the price is
   fair") never merge, however alike their words or topic.

The merges are computed once, from the most to the least similar, down to
``MIN_THRESHOLD``; a threshold only says where to stop. So the slider's
preview is instant, the same input gives the same groups in any order, and
raising the threshold can only split groups, never merge them.
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from insights.linkage import (
    PairwiseSimilarity,
    Similarity,
    StanceSummary,
    VectorSimilarity,
    average_linkage,
)
from insights.model import DEFAULT_GROUPING_THRESHOLD, MIN_GROUPING_THRESHOLD
from insights.not_feedback import strip_noise
from insights.stance import Stance, stance
from insights.textnorm import STOPWORDS, normalize, plain_words

MIN_THRESHOLD = MIN_GROUPING_THRESHOLD
DEFAULT_THRESHOLD = DEFAULT_GROUPING_THRESHOLD
SCORERS: dict[str, Callable[..., float]] = {
    "token_sort_ratio": fuzz.token_sort_ratio,
    "token_set_ratio": fuzz.token_set_ratio,
    "ratio": fuzz.ratio,
    "WRatio": fuzz.WRatio,
}
DEFAULT_SCORER = "token_sort_ratio"

MEANING = "meaning"  # by meaning and wording: the default
WORDING = "wording"  # by wording only
METHODS = (MEANING, WORDING)
DEFAULT_METHOD = MEANING
COSINE_AT_DEFAULT = 0.50  # measured on four dev sets: see docs/benchmarks.md
COSINE_AT_MIN = 0.35  # the slider's low end (70); pairs below it are not candidates
MEANING_NEIGHBOURS = 10  # nearest units by meaning, per unit: candidates, not a size limit
SAME_WORDS = "same words"
SAME_MEANING = "same meaning"


def meaning_score(cosine: np.ndarray | float) -> np.ndarray:
    """Cosine on the grouping's 0-100 scale, rising with it: COSINE_AT_DEFAULT is the default
    threshold (85), 1.0 is 100, and COSINE_AT_MIN is the lowest threshold (70). Below that,
    notes are unrelated for the grouping: they are never candidates."""
    cosine = np.asarray(cosine, dtype=np.float64)
    upper = (100.0 - DEFAULT_THRESHOLD) / (1.0 - COSINE_AT_DEFAULT)
    lower = (DEFAULT_THRESHOLD - MIN_THRESHOLD) / (COSINE_AT_DEFAULT - COSINE_AT_MIN)
    score = np.where(
        cosine >= COSINE_AT_DEFAULT,
        DEFAULT_THRESHOLD + (cosine - COSINE_AT_DEFAULT) * upper,
        DEFAULT_THRESHOLD - (COSINE_AT_DEFAULT - cosine) * lower,
    )
    return np.clip(score, 0.0, 100.0)


def meaning_text(text: str) -> str:
    """What the embedding model reads: no handles, links or emoji (``strip_noise``), casefolded
    words, contractions spelled out, no filler."""
    return " ".join(plain_words(strip_noise(text)))


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


# token_sort_ratio is ratio over sorted words: sort each text once, not once per pair.
_PREPARED: dict[str, tuple[Callable[[str], str], Callable[..., float]]] = {
    "token_sort_ratio": (_sorted_words, fuzz.ratio),
}


def _prepared(scorer: str, texts: Sequence[str]) -> tuple[list[str], Callable[..., float]]:
    """Texts ready for a fast scorer that gives the same scores as ``scorer``."""
    prepare, fast = _PREPARED.get(scorer, (None, SCORERS[scorer]))
    return ([prepare(t) for t in texts] if prepare else list(texts)), fast


FEATURE_LETTERS = 4  # a word is found by its first letters: "shiping" meets "shipping"
RARE_FEATURES = 2  # how many of its rarest words a text is found by
MAX_POSTING = 100  # a word in more texts than this pairs texts with neighbours only
NEIGHBOURS = 12  # how many sorted neighbours, for such a word

Progress = Callable[[str, float], None]


def _no_progress(stage: str, fraction: float) -> None:
    pass


@dataclass(frozen=True)
class Merges:
    """Every merge the grouping would make, most similar first, down to MIN_THRESHOLD.

    ``order`` maps positions here to positions in the input; a threshold cuts
    the list: the merges at or above it make the groups.
    """

    order: np.ndarray  # canonical position -> input position
    normalized: list[str]  # by canonical position
    heights: np.ndarray  # similarity of each merge, non-increasing
    left: np.ndarray  # canonical positions joined by each merge
    right: np.ndarray
    scorer: str = DEFAULT_SCORER
    candidates: int = 0  # pairs scored
    method: str = WORDING
    vectors: np.ndarray | None = None  # by canonical position, unit length (method MEANING)
    texts: list[str] = field(default_factory=list)  # as written, by canonical position

    @property
    def size(self) -> int:
        return len(self.order)

    def labels(self, threshold: float) -> np.ndarray:
        """A group label for each input position: the smallest canonical position in its group."""
        parent = np.arange(self.size)

        def find(x: int) -> int:
            root = x
            while parent[root] != root:
                root = parent[root]
            while parent[x] != root:
                parent[x], x = root, parent[x]
            return root

        count = int(np.searchsorted(-self.heights, -threshold, side="right"))
        for a, b in zip(self.left[:count], self.right[:count], strict=True):
            ra, rb = find(int(a)), find(int(b))
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        canonical = np.array([find(i) for i in range(self.size)], dtype=np.int64)
        labels = np.empty(self.size, dtype=np.int64)
        labels[self.order] = canonical
        return labels

    def preview(self, threshold: float) -> tuple[int, int]:
        """(groups that would form, highlights that would be merged into another's group)."""
        merges = int(np.searchsorted(-self.heights, -threshold, side="right"))
        return self.size - merges, merges


def _features(text: str) -> set[str]:
    return {w[:FEATURE_LETTERS] for w in text.split() if w not in STOPWORDS and len(w) > 1}


def candidate_pairs(normalized: Sequence[str], progress: Progress = _no_progress) -> np.ndarray:
    """Pairs (i < j) worth scoring, as an (n, 2) array; never all pairs."""
    n = len(normalized)
    features = [_features(t) for t in normalized]
    frequency: dict[str, int] = defaultdict(int)
    for found in features:
        for f in found:
            frequency[f] += 1
    postings: dict[str, list[int]] = defaultdict(list)
    for i, found in enumerate(features):
        useful = sorted((frequency[f], f) for f in found if frequency[f] > 1)
        for _, f in useful[:RARE_FEATURES]:
            postings[f].append(i)
        if not found:  # only common words: found by the whole text
            postings["\x00" + normalized[i]].append(i)
    progress("Finding candidates", 0.3)
    chunks: list[np.ndarray] = []
    for members in postings.values():
        if len(members) < 2:
            continue
        ids = np.asarray(members, dtype=np.int64)
        if len(ids) <= MAX_POSTING:
            a, b = np.triu_indices(len(ids), k=1)
            chunks.append(np.stack([ids[a], ids[b]], axis=1))
        else:
            ids = ids[np.argsort([normalized[i] for i in ids], kind="stable")]
            for step in range(1, NEIGHBOURS + 1):
                chunks.append(np.stack([ids[:-step], ids[step:]], axis=1))
    if not chunks:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(chunks)
    pairs.sort(axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    keys = np.sort(pairs[:, 0] * n + pairs[:, 1])
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]  # sorted unique, fast
    return np.stack([keys // n, keys % n], axis=1)


def _unique_pairs(n: int, *chunks: np.ndarray) -> np.ndarray:
    parts = [c[:, 0].astype(np.int64) * n + c[:, 1] for c in chunks if len(c)]
    if not parts:
        return np.empty((0, 2), dtype=np.int64)
    keys = np.sort(np.concatenate(parts))
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]  # sorted unique, fast
    return np.stack([keys // n, keys % n], axis=1)


def _wording_scores(
    prepared: tuple[list[str], Callable[..., float]], pairs: np.ndarray, cutoff: float
) -> np.ndarray:
    """Scores of ``pairs`` on texts made ready once by ``_prepared``."""
    if not len(pairs):
        return np.empty(0, dtype=np.float64)
    prepared, fast = prepared
    return process.cpdist(
        [prepared[i] for i in pairs[:, 0]],
        [prepared[j] for j in pairs[:, 1]],
        scorer=fast,
        score_cutoff=cutoff,
        workers=-1,
    ).astype(np.float64)


def units_of(normalized: Sequence[str]) -> np.ndarray:
    """Each canonical position's unit: positions with the same normalized text (they are
    consecutive in canonical order) form one unit, numbered from 0."""
    if not len(normalized):
        return np.empty(0, dtype=np.int64)
    starts = np.fromiter(
        (i == 0 or normalized[i] != normalized[i - 1] for i in range(len(normalized))),
        dtype=bool,
        count=len(normalized),
    )
    return np.cumsum(starts) - 1


def _stance_summary(said: Stance) -> StanceSummary:
    return StanceSummary(
        negated=set(said.negated),
        plain=set(said.asserted - said.negated),
        positive_only=said.signs == {+1},
        negative_only=said.signs == {-1},
        one_sided={(p, s) for p, s in said.poles if (p, 1 - s) not in said.poles},
    )


MEANING_SHARE = 0.7  # of a comparison vector's similarity: the model's; the rest, shared words
WORD_BUCKETS = 256  # dimensions the shared-words part is hashed into
CENTRE_AFTER = 100  # distinct texts at which the set's mean is half subtracted


def comparison_vectors(
    embeddings: np.ndarray, normalized: Sequence[str], weights: np.ndarray
) -> np.ndarray:
    """Unit vectors whose dot product is how alike two texts are by meaning.

    Two parts, measured on four dev sets (docs/benchmarks.md): the model's
    sentence vectors, centred on this set's mean (what every note shares,
    "my card", says nothing of which point it makes), and the note's rare
    words (TF-IDF, hashed), so that notes naming the same rare thing ("PIN",
    "top-up") meet even when the model misses it. ``weights``: how many notes
    each text stands for.
    """
    embeddings = np.asarray(embeddings, dtype=np.float64)
    total = max(float(weights.sum()), 1.0)
    # The mean of the distinct texts, trusted as far as there are enough of them to tell
    # what they all share (a handful of texts would mostly centre on themselves).
    distinct = len(embeddings)
    shared = embeddings.mean(axis=0) * (distinct / (distinct + CENTRE_AFTER)) if distinct else 0
    centred = embeddings - shared
    _unit_rows(centred)
    rows = [[w for w in text.split() if w not in STOPWORDS] for text in normalized]
    seen: dict[str, float] = defaultdict(float)
    for words_, weight in zip(rows, weights.tolist(), strict=True):
        for w in set(words_):
            seen[w] += weight
    hashed = np.zeros((len(rows), WORD_BUCKETS), dtype=np.float64)
    for i, words_ in enumerate(rows):
        for w in set(words_):
            bucket = zlib.crc32(w.encode()) % WORD_BUCKETS
            hashed[i, bucket] += np.log((1.0 + total) / (1.0 + seen[w])) + 1.0
    _unit_rows(hashed)
    both = np.hstack([np.sqrt(MEANING_SHARE) * centred, np.sqrt(1 - MEANING_SHARE) * hashed])
    _unit_rows(both)
    return np.ascontiguousarray(both, dtype=np.float32)


def _unit_rows(matrix: np.ndarray) -> None:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    np.divide(matrix, norms, out=matrix, where=norms > 0)


def comparable(text: str) -> str:
    """The text as the grouping compares it: noise stripped (``insights.not_feedback``),
    then normalized (``insights.textnorm``)."""
    return normalize(strip_noise(text))


def build_merges(
    texts: Sequence[str],
    keys: Sequence[str] | None = None,
    *,
    scorer: str = DEFAULT_SCORER,
    method: str = DEFAULT_METHOD,
    vectors: np.ndarray | None = None,
    progress: Progress = _no_progress,
) -> Merges:
    """Score candidates and compute every merge down to MIN_THRESHOLD.

    ``keys`` (the highlights' ids) fix the order ties are broken in, so the
    result does not depend on the order of the input. With ``method``
    MEANING, ``vectors`` are the texts' sentence vectors in input order
    (``insights.embeddings.embed`` of ``meaning_text``); they are computed
    here when not given.

    Notes with the same normalized text are one *unit* first (they join at
    100, whatever their number); units then merge by exact average linkage
    (``insights.linkage``): by the average cosine of their vectors (meaning) or
    the average wording score of their notes (wording).
    """
    if scorer not in SCORERS:
        raise ValueError(f"Unknown scorer {scorer!r}; choose one of {', '.join(SCORERS)}.")
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}; choose one of {', '.join(METHODS)}.")
    progress("Normalizing", 0.0)
    normalized_input = [comparable(t) for t in texts]
    keys = list(keys) if keys is not None else [""] * len(texts)
    order = np.array(
        sorted(range(len(texts)), key=lambda i: (normalized_input[i], texts[i], keys[i])),
        dtype=np.int64,
    )
    normalized = [normalized_input[i] for i in order]
    n = len(texts)
    exact_of = units_of(normalized)
    exact_count = int(exact_of[-1]) + 1 if n else 0
    exact_first = np.flatnonzero(np.r_[True, exact_of[1:] != exact_of[:-1]]) if n else exact_of
    exact_texts = [normalized[i] for i in exact_first.tolist()]
    progress("Finding candidates by wording", 0.1)
    pairs = candidate_pairs(exact_texts)
    progress("Comparing wording", 0.2)
    wording = _wording_scores(_prepared(scorer, exact_texts), pairs, MIN_THRESHOLD)
    pairs, wording = pairs[wording >= MIN_THRESHOLD], wording[wording >= MIN_THRESHOLD]
    progress("Checking stance", 0.25)
    stances = [
        _stance_summary(stance(strip_noise(texts[int(order[i])]))) for i in exact_first.tolist()
    ]
    root = _near_exact_roots(exact_count, pairs, wording, stances)
    roots = np.unique(root)
    unit_of_exact = np.searchsorted(roots, root)
    unit_of = unit_of_exact[exact_of]
    unit_count = len(roots)
    first = exact_first[roots]  # a unit's first canonical position
    weights = np.bincount(unit_of, minlength=unit_count).astype(np.float64)
    unit_texts = [exact_texts[r] for r in roots.tolist()]
    unit_stances = [stances[r] for r in roots.tolist()]
    pairs = unit_of_exact[pairs] if len(pairs) else pairs
    pairs = _unique_pairs(unit_count, np.sort(pairs[pairs[:, 0] != pairs[:, 1]], axis=1))
    ready = _prepared(scorer, unit_texts)
    canonical_vectors = None
    if method == MEANING:
        progress("Reading meaning", 0.3)
        if vectors is None:
            from insights.embeddings import embed

            vectors = embed([meaning_text(t) for t in texts])
        unit_vectors = comparison_vectors(
            np.asarray(vectors, dtype=np.float32)[order[first]], unit_texts, weights
        )
        canonical_vectors = unit_vectors[unit_of]
        progress("Finding candidates by meaning", 0.4)
        from insights.neighbours import nearest_pairs

        # Nearest by the model's part alone (half the dimensions; shared rare words already
        # made candidates by wording), as low as the words' part could lift to the floor.
        model_part = np.ascontiguousarray(unit_vectors[:, : vectors.shape[1]])
        lowest = max(0.0, _cosine_at(MIN_THRESHOLD) - (1 - MEANING_SHARE))
        near, _ = nearest_pairs(model_part, MEANING_NEIGHBOURS, lowest)
        pairs = _unique_pairs(unit_count, pairs, near)
        similarity: Similarity = VectorSimilarity(unit_vectors, weights)
        floor, scale = _cosine_at(MIN_THRESHOLD), meaning_score
    else:  # a unit's notes are one typo apart at most: its first wording stands for them
        similarity = PairwiseSimilarity(weights, lambda a, b: _wording_block(ready, a, b))
        floor, scale = MIN_THRESHOLD, np.asarray
    progress("Comparing candidates", 0.55)
    tree = average_linkage(unit_count, pairs, similarity, floor=floor, stances=unit_stances)
    progress("Done", 1.0)
    # At 100: every note joins its exact repeats, and near-exact repeats join one unit.
    repeats = np.flatnonzero(np.r_[False, exact_of[1:] == exact_of[:-1]]) if n else exact_of
    joined = np.flatnonzero(root != np.arange(exact_count))
    return Merges(
        order=order,
        normalized=normalized,
        texts=[texts[i] for i in order.tolist()],
        heights=np.concatenate(
            [np.full(len(repeats) + len(joined), 100.0), np.asarray(scale(tree.heights), float)]
        ),
        left=np.concatenate(
            [exact_first[exact_of[repeats]], exact_first[root[joined]], first[tree.left]]
        ).astype(np.int64),
        right=np.concatenate([repeats, exact_first[joined], first[tree.right]]).astype(np.int64),
        scorer=scorer,
        candidates=len(pairs),
        method=method,
        vectors=canonical_vectors,
    )


NEAR_EXACT = 92  # wording score at which two notes are one unit before any grouping


def _near_exact_roots(
    count: int, pairs: np.ndarray, wording: np.ndarray, stances: list[StanceSummary]
) -> np.ndarray:
    """Each exact unit's near-exact unit, named by its smallest member ("chekout is too slow"
    joins "checkout is too slow"); opposed stances never join. ``stances`` are absorbed."""
    root = np.arange(count)

    def find(x: int) -> int:
        while root[x] != x:
            root[x] = root[root[x]]
            x = int(root[x])
        return x

    close = np.flatnonzero(wording >= NEAR_EXACT)
    for i in close[np.lexsort((pairs[close, 1], pairs[close, 0], -wording[close]))].tolist():
        a, b = find(int(pairs[i, 0])), find(int(pairs[i, 1]))
        if a != b and not stances[a].opposes(stances[b]):
            keep, gone = min(a, b), max(a, b)
            root[gone] = keep
            stances[keep].absorb(stances[gone])
    return np.array([find(i) for i in range(count)], dtype=np.int64)


def _wording_block(
    prepared: tuple[list[str], Callable[..., float]], a: list[int], b: list[int]
) -> np.ndarray:
    texts, fast = prepared
    return process.cdist(
        [texts[i] for i in a], [texts[j] for j in b], scorer=fast, workers=1
    ).astype(np.float64)


def _cosine_at(score: float) -> float:
    """The cosine that ``meaning_score`` maps to ``score`` (MIN_THRESHOLD to 100)."""
    if score >= DEFAULT_THRESHOLD:
        return COSINE_AT_DEFAULT + (score - DEFAULT_THRESHOLD) * (1.0 - COSINE_AT_DEFAULT) / (
            100.0 - DEFAULT_THRESHOLD
        )
    return COSINE_AT_DEFAULT - (DEFAULT_THRESHOLD - score) * (COSINE_AT_DEFAULT - COSINE_AT_MIN) / (
        DEFAULT_THRESHOLD - MIN_THRESHOLD
    )


@dataclass(frozen=True)
class Member:
    position: int  # in the input
    similarity: float  # to the group's representative, 0 to 100
    basis: str = SAME_WORDS  # SAME_WORDS or SAME_MEANING: which similarity it was


@dataclass(frozen=True)
class Group:
    """Highlights that say the same thing; ``representative`` says it best."""

    representative: int  # input position
    members: list[Member] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def positions(self) -> list[int]:
        return [m.position for m in self.members]


LARGE_GROUP = 1_500  # distinct wordings beyond which a group's representative is found by centroid


def groups_from_labels(merges: Merges, labels: np.ndarray) -> list[Group]:
    """Groups with their representative (the member most similar to the others), largest first.

    Members that read the same (one normalized text) are compared once, so a
    group of 10,000 copies costs what a group of one does.
    """
    position_of = np.empty(merges.size, dtype=np.int64)
    position_of[merges.order] = np.arange(merges.size)  # input -> canonical
    by_label: dict[int, list[int]] = defaultdict(list)
    for position, label in enumerate(labels.tolist()):
        by_label[label].append(position)
    groups = []
    for members in by_label.values():
        members.sort(key=lambda p: position_of[p])
        if len(members) == 1:
            groups.append(Group(members[0], [Member(members[0], 100.0)]))
            continue
        canonical = [int(position_of[p]) for p in members]
        wordings = list(dict.fromkeys(merges.normalized[c] for c in canonical))
        unit = {w: i for i, w in enumerate(wordings)}
        member_unit = [unit[merges.normalized[c]] for c in canonical]
        weights = np.bincount(member_unit, minlength=len(wordings)).astype(np.float64)
        first_of = {}
        for c, u in zip(canonical, member_unit, strict=True):
            first_of.setdefault(u, c)
        rows = (
            merges.vectors[[first_of[u] for u in range(len(wordings))]]
            if merges.vectors is not None
            else None
        )
        texts, scorer = _prepared(merges.scorer, wordings)
        if len(wordings) <= LARGE_GROUP:
            wording = process.cdist(texts, texts, scorer=scorer).astype(np.float64)
            meaning = meaning_score(rows @ rows.T) if rows is not None else np.zeros_like(wording)
            np.fill_diagonal(meaning, 100.0)
            # the most alike to the others; of equals, the wording most people used, then the first
            best = int(np.argmax(np.maximum(wording, meaning) @ weights + weights * 1e-6))
            wording, meaning = wording[best], meaning[best]
        else:
            if rows is not None:
                centre = weights @ rows
                best = int(np.argmax(rows @ centre))
                meaning = meaning_score(rows @ rows[best])
            else:
                best = int(np.argmax(weights))
                meaning = np.zeros(len(wordings))
            wording = process.cdist([texts[best]], texts, scorer=scorer)[0].astype(np.float64)
        meaning[best] = 100.0
        similarity = np.maximum(wording, meaning)
        representative = _cleanest(
            merges,
            [(p, c) for p, c, u in zip(members, canonical, member_unit, strict=True) if u == best],
        )
        groups.append(
            Group(
                representative,
                [
                    Member(
                        p,
                        float(similarity[u]),
                        SAME_WORDS if wording[u] >= min(meaning[u], NEAR_EXACT) else SAME_MEANING,
                    )
                    for p, u in zip(members, member_unit, strict=True)
                ],
            )
        )
    groups.sort(key=lambda g: (-g.size, position_of[g.representative]))
    return groups


def _cleanest(merges: Merges, candidates: list[tuple[int, int]]) -> int:
    """Of notes that read the same, the one to show: the least noise (handles, links), then the
    wording most people used, then the first (``candidates``: input and canonical positions)."""
    if not merges.texts:
        return candidates[0][0]
    written = [merges.texts[c] for _, c in candidates]
    used = Counter(written)
    best = min(
        range(len(candidates)),
        key=lambda i: (len(written[i]) - len(strip_noise(written[i])), -used[written[i]], i),
    )
    return candidates[best][0]


def basis(text: str, representative: str, similarity: float, scorer: str = DEFAULT_SCORER) -> str:
    """Why a member is in its group: SAME_WORDS when its wording alone scores ``similarity``."""
    prepared, fast = _prepared(scorer, [comparable(text), comparable(representative)])
    return SAME_WORDS if fast(prepared[0], prepared[1]) >= similarity - 0.5 else SAME_MEANING


def group_texts(
    texts: Sequence[str],
    keys: Sequence[str] | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    scorer: str = DEFAULT_SCORER,
    method: str = DEFAULT_METHOD,
    vectors: np.ndarray | None = None,
    progress: Progress = _no_progress,
) -> list[Group]:
    """Group texts that say the same thing at ``threshold`` (70 to 100)."""
    if not MIN_THRESHOLD <= threshold <= 100:
        raise ValueError(f"The threshold must be between {MIN_THRESHOLD:g} and 100.")
    merges = build_merges(
        texts, keys, scorer=scorer, method=method, vectors=vectors, progress=progress
    )
    return groups_from_labels(merges, merges.labels(threshold))

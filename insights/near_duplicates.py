"""Group highlights that say the same thing, so ten voices count as one insight.

How, and why this way (the figures are in docs/benchmarks.md):

1. Each text is normalized (``insights.textnorm``): case, punctuation,
   contractions, filler words and word endings stop mattering.
2. Candidates are found cheaply, never by scoring all pairs.
   *By wording*: every text names its few rarest content words (by their
   first four letters, so most typos still meet), and only texts that name a
   word in common are compared. *By meaning* (the default method): each
   text's sentence vector (``insights.embeddings``) finds its
   ``MEANING_NEIGHBOURS`` nearest texts (``insights.neighbours``).
3. Candidates are scored on one scale, 0 to 100. Wording: a rapidfuzz scorer
   on the normalized words. Meaning: the cosine of the two vectors, mapped
   so that ``COSINE_AT_DEFAULT`` is the default threshold (85), 1.0 is 100
   and ``COSINE_AT_MIN`` the lowest threshold (70). A pair's similarity is
   the higher of the two, and says which it was: "same words" or "same
   meaning". Each text keeps its ``MOST_SIMILAR`` best candidates.
4. A stance guard (``insights.stance``): two notes with opposite stance on
   one subject ("the price is too high" / "the price is fair") are never in
   one group, however alike their words or topic. Their pair is dropped, and
   two groups holding such a pair between them never merge.
5. Groups form by average linkage over those scores: two groups join only
   when their members are, on average, as similar as the threshold asks.
   Single linkage would chain "price too high" to "price fair" through the
   notes in between; average linkage does not.

The merges are computed once, from the most to the least similar, down to
``MIN_THRESHOLD``; a threshold only says where to stop. So the slider's
preview is instant, the same input gives the same groups in any order, and
raising the threshold can only split groups, never merge them.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from insights.model import DEFAULT_GROUPING_THRESHOLD, MIN_GROUPING_THRESHOLD
from insights.stance import Stance, opposed, stance
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
COSINE_AT_DEFAULT = 0.55  # measured on six dev sets: see docs/benchmarks.md
COSINE_AT_MIN = 0.40  # the slider's low end (70); pairs below it are not candidates
MEANING_NEIGHBOURS = 6  # nearest texts by meaning, per text
MOST_SIMILAR = 5  # a text keeps its this many most similar candidates (by meaning)
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
    """What the embedding model reads: casefolded words, contractions spelled out, no filler."""
    return " ".join(plain_words(text))


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
    opposed_pairs: int = 0  # candidate pairs the stance guard kept apart

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


Conflict = Callable[[list[int], list[int]], bool]


def _average_linkage(
    n: int, pairs: np.ndarray, scores: np.ndarray, conflict: Conflict | None = None
) -> tuple[list[float], list[int], list[int]]:
    """Average-linkage merges over a sparse similarity graph (missing pairs count as 0).

    ``conflict(members_a, members_b)`` says two groups must never merge (the
    stance guard); a group that conflicts with another keeps conflicting with
    it as either grows. Deterministic: ties go to the groups with the smallest positions.
    """
    neighbours: dict[int, dict[int, float]] = defaultdict(dict)
    for (a, b), s in zip(pairs.tolist(), scores.tolist(), strict=True):
        neighbours[a][b] = s
        neighbours[b][a] = s
    size = dict.fromkeys(neighbours, 1)
    version = dict.fromkeys(neighbours, 0)
    members: dict[int, list[int]] = {i: [i] for i in neighbours}
    apart: dict[int, set[int]] = defaultdict(set)
    heap = [(-s, a, b, 0, 0) for (a, b), s in zip(pairs.tolist(), scores.tolist(), strict=True)]
    heapq.heapify(heap)
    heights: list[float] = []
    left: list[int] = []
    right: list[int] = []
    while heap:
        negative, a, b, va, vb = heapq.heappop(heap)
        if version.get(a) != va or version.get(b) != vb:
            continue  # stale: one side has merged since
        link = -negative
        if link < MIN_THRESHOLD:
            break
        if b in apart[a]:
            continue
        if conflict is not None and conflict(members[a], members[b]):
            apart[a].add(b)
            apart[b].add(a)
            continue
        keep, gone = (a, b) if a < b else (b, a)
        heights.append(link)
        left.append(keep)
        right.append(gone)
        merged = neighbours.pop(gone)
        mine = neighbours[keep]
        mine.pop(gone, None)
        merged.pop(keep, None)
        for c, total in merged.items():
            mine[c] = mine.get(c, 0.0) + total
            other = neighbours[c]
            other.pop(gone, None)
            other[keep] = mine[c]
        for c in apart.pop(gone, set()):
            apart[c].discard(gone)
            if c != keep:
                apart[c].add(keep)
                apart[keep].add(c)
        size[keep] += size.pop(gone)
        members[keep].extend(members.pop(gone))
        version.pop(gone)
        version[keep] += 1
        for c, total in mine.items():
            link_c = total / (size[keep] * size[c])
            if link_c >= MIN_THRESHOLD and c not in apart[keep]:
                x, y = (keep, c) if keep < c else (c, keep)
                heapq.heappush(heap, (-link_c, x, y, version[x], version[y]))
    return heights, left, right


def _unique_pairs(n: int, *chunks: np.ndarray) -> np.ndarray:
    parts = [c[:, 0].astype(np.int64) * n + c[:, 1] for c in chunks if len(c)]
    if not parts:
        return np.empty((0, 2), dtype=np.int64)
    keys = np.sort(np.concatenate(parts))
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]  # sorted unique, fast
    return np.stack([keys // n, keys % n], axis=1)


def _opposed_pairs(stances: list[Stance], pairs: np.ndarray) -> np.ndarray:
    """Which pairs take opposite sides; only pairs where both texts state something are read."""
    negates = np.fromiter((bool(s.negated) for s in stances), dtype=bool, count=len(stances))
    signs = np.fromiter((bool(s.signs) for s in stances), dtype=bool, count=len(stances))
    poles = np.fromiter((bool(s.poles) for s in stances), dtype=bool, count=len(stances))
    a, b = pairs[:, 0], pairs[:, 1]
    maybe = negates[a] | negates[b] | (signs[a] & signs[b]) | (poles[a] & poles[b])
    apart = np.zeros(len(pairs), dtype=bool)
    for i in np.flatnonzero(maybe).tolist():
        apart[i] = opposed(stances[int(a[i])], stances[int(b[i])])
    return apart


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


def _cosines(vectors: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    out = np.empty(len(pairs), dtype=np.float32)
    for start in range(0, len(pairs), 200_000):  # bounded memory
        chunk = pairs[start : start + 200_000]
        out[start : start + len(chunk)] = np.einsum(
            "ij,ij->i", vectors[chunk[:, 0]], vectors[chunk[:, 1]]
        )
    return out


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
    """
    if scorer not in SCORERS:
        raise ValueError(f"Unknown scorer {scorer!r}; choose one of {', '.join(SCORERS)}.")
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}; choose one of {', '.join(METHODS)}.")
    progress("Normalizing", 0.0)
    normalized_input = [normalize(t) for t in texts]
    keys = list(keys) if keys is not None else [""] * len(texts)
    order = np.array(
        sorted(range(len(texts)), key=lambda i: (normalized_input[i], texts[i], keys[i])),
        dtype=np.int64,
    )
    normalized = [normalized_input[i] for i in order]
    n = len(texts)
    progress("Finding candidates by wording", 0.1)
    pairs = candidate_pairs(normalized)
    progress("Comparing wording", 0.2)
    ready = _prepared(scorer, normalized)
    wording = _wording_scores(ready, pairs, MIN_THRESHOLD)
    pairs = pairs[wording >= MIN_THRESHOLD]
    canonical_vectors = None
    if method == MEANING:
        progress("Reading meaning", 0.25)
        if vectors is None:
            from insights.embeddings import embed

            vectors = embed([meaning_text(t) for t in texts])
        canonical_vectors = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32)[order])
        progress("Finding candidates by meaning", 0.4)
        from insights.neighbours import nearest_pairs

        near, _ = nearest_pairs(canonical_vectors, MEANING_NEIGHBOURS, _cosine_at(MIN_THRESHOLD))
        pairs = _unique_pairs(n, pairs, near)
    progress("Comparing candidates", 0.55)
    if method == MEANING:
        scores = np.maximum(
            _wording_scores(ready, pairs, 0.0),
            meaning_score(_cosines(canonical_vectors, pairs)),
        )
    else:
        scores = wording[wording >= MIN_THRESHOLD]
    keep = scores >= MIN_THRESHOLD
    pairs, scores = pairs[keep], scores[keep]
    if method == MEANING:
        pairs, scores = _most_similar(n, pairs, scores, MOST_SIMILAR)
    progress("Checking stance", 0.7)
    stances = [stance(texts[i]) for i in order.tolist()]
    apart = _opposed_pairs(stances, pairs)
    pairs, scores = pairs[~apart], scores[~apart]
    progress("Grouping", 0.8)
    heights, left, right = _average_linkage(n, pairs, scores, _conflict(stances))
    progress("Done", 1.0)
    return Merges(
        order=order,
        normalized=normalized,
        heights=np.asarray(heights, dtype=np.float64),
        left=np.asarray(left, dtype=np.int64),
        right=np.asarray(right, dtype=np.int64),
        scorer=scorer,
        candidates=len(pairs),
        method=method,
        vectors=canonical_vectors,
        opposed_pairs=int(apart.sum()),
    )


def _most_similar(
    n: int, pairs: np.ndarray, scores: np.ndarray, keep: int
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs among each text's ``keep`` most similar (for either text of the pair).

    Meaning makes many weak candidates; the linkage's cost grows with them, its
    groups hardly change (a group forms from its members' closest links).
    """
    if not len(pairs):
        return pairs, scores
    ends = np.concatenate([pairs[:, 0], pairs[:, 1]])
    others = np.concatenate([pairs[:, 1], pairs[:, 0]])
    doubled = np.concatenate([scores, scores])
    order = np.lexsort((others, -doubled, ends))
    ranked = ends[order]
    first = np.searchsorted(ranked, ranked, side="left")
    wanted = np.zeros(len(order), dtype=bool)
    wanted[order] = (np.arange(len(order)) - first) < keep
    chosen = wanted[: len(pairs)] | wanted[len(pairs) :]
    return pairs[chosen], scores[chosen]


def _cosine_at(score: float) -> float:
    """The cosine that ``meaning_score`` maps to ``score`` (MIN_THRESHOLD to 100)."""
    if score >= DEFAULT_THRESHOLD:
        return COSINE_AT_DEFAULT + (score - DEFAULT_THRESHOLD) * (1.0 - COSINE_AT_DEFAULT) / (
            100.0 - DEFAULT_THRESHOLD
        )
    return COSINE_AT_DEFAULT - (DEFAULT_THRESHOLD - score) * (COSINE_AT_DEFAULT - COSINE_AT_MIN) / (
        DEFAULT_THRESHOLD - MIN_THRESHOLD
    )


def _conflict(stances: list[Stance]) -> Conflict:
    """Two groups conflict when a member of one is opposed to a member of the other."""
    said = stances
    negates = [bool(s.negated) for s in stances]
    signs = [bool(s.signs) for s in stances]
    poles = [bool(s.poles) for s in stances]

    def conflict(a: list[int], b: list[int]) -> bool:
        maybe = (
            any(negates[x] for x in a)
            or any(negates[y] for y in b)
            or (any(signs[x] for x in a) and any(signs[y] for y in b))
            or (any(poles[x] for x in a) and any(poles[y] for y in b))
        )
        return maybe and any(opposed(said[x], said[y]) for x in a for y in b)

    return conflict


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


def groups_from_labels(merges: Merges, labels: np.ndarray) -> list[Group]:
    """Groups with their representative (the member most similar to the others), largest first."""
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
        texts, scorer = _prepared(merges.scorer, [merges.normalized[c] for c in canonical])
        wording = process.cdist(texts, texts, scorer=scorer).astype(np.float64)
        if merges.vectors is not None:
            rows = merges.vectors[canonical]
            meaning = meaning_score(rows @ rows.T)
            np.fill_diagonal(meaning, 100.0)
        else:
            meaning = np.zeros_like(wording)
        matrix = np.maximum(wording, meaning)
        best = int(np.argmax(matrix.sum(axis=1)))  # first of equals: canonical order
        groups.append(
            Group(
                members[best],
                [
                    Member(
                        p,
                        float(matrix[best, i]),
                        SAME_WORDS if wording[best, i] >= meaning[best, i] else SAME_MEANING,
                    )
                    for i, p in enumerate(members)
                ],
            )
        )
    groups.sort(key=lambda g: (-g.size, position_of[g.representative]))
    return groups


def basis(text: str, representative: str, similarity: float, scorer: str = DEFAULT_SCORER) -> str:
    """Why a member is in its group: SAME_WORDS when its wording alone scores ``similarity``."""
    prepared, fast = _prepared(scorer, [normalize(text), normalize(representative)])
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

"""Group highlights that say the same thing, so ten voices count as one insight.

How, and why this way (the figures are in docs/benchmarks.md):

1. Each text is normalized (``insights.textnorm``): case, punctuation,
   contractions, filler words and word endings stop mattering.
2. Candidates are found cheaply, never by scoring all pairs: every text
   names its few rarest content words (by their first four letters, so most
   typos still meet), and only texts that name a word in common are compared.
   A word so common that its list would be huge contributes pairs of
   neighbours in sorted order instead of all its pairs: memory stays bounded.
3. Candidates are scored with a rapidfuzz scorer, in C++, many at once.
4. Groups form by average linkage over those scores: two groups join only
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
from insights.textnorm import STOPWORDS, normalize

MIN_THRESHOLD = MIN_GROUPING_THRESHOLD
DEFAULT_THRESHOLD = DEFAULT_GROUPING_THRESHOLD
SCORERS: dict[str, Callable[..., float]] = {
    "token_sort_ratio": fuzz.token_sort_ratio,
    "token_set_ratio": fuzz.token_set_ratio,
    "ratio": fuzz.ratio,
    "WRatio": fuzz.WRatio,
}
DEFAULT_SCORER = "token_sort_ratio"


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


def _average_linkage(
    n: int, pairs: np.ndarray, scores: np.ndarray
) -> tuple[list[float], list[int], list[int]]:
    """Average-linkage merges over a sparse similarity graph (missing pairs count as 0).

    Deterministic: ties go to the pair of groups with the smallest positions.
    """
    neighbours: dict[int, dict[int, float]] = defaultdict(dict)
    for (a, b), s in zip(pairs.tolist(), scores.tolist(), strict=True):
        neighbours[a][b] = s
        neighbours[b][a] = s
    size = dict.fromkeys(neighbours, 1)
    version = dict.fromkeys(neighbours, 0)
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
        size[keep] += size.pop(gone)
        version.pop(gone)
        version[keep] += 1
        for c, total in mine.items():
            link_c = total / (size[keep] * size[c])
            if link_c >= MIN_THRESHOLD:
                x, y = (keep, c) if keep < c else (c, keep)
                heapq.heappush(heap, (-link_c, x, y, version[x], version[y]))
    return heights, left, right


def build_merges(
    texts: Sequence[str],
    keys: Sequence[str] | None = None,
    *,
    scorer: str = DEFAULT_SCORER,
    progress: Progress = _no_progress,
) -> Merges:
    """Score candidates and compute every merge down to MIN_THRESHOLD.

    ``keys`` (the highlights' ids) fix the order ties are broken in, so the
    result does not depend on the order of the input.
    """
    if scorer not in SCORERS:
        raise ValueError(f"Unknown scorer {scorer!r}; choose one of {', '.join(SCORERS)}.")
    progress("Normalizing", 0.0)
    normalized_input = [normalize(t) for t in texts]
    keys = list(keys) if keys is not None else [""] * len(texts)
    order = np.array(
        sorted(range(len(texts)), key=lambda i: (normalized_input[i], texts[i], keys[i])),
        dtype=np.int64,
    )
    normalized = [normalized_input[i] for i in order]
    progress("Finding candidates", 0.2)
    pairs = candidate_pairs(normalized, progress)
    progress("Comparing candidates", 0.5)
    if len(pairs):
        prepared, fast = _prepared(scorer, normalized)
        scores = process.cpdist(
            [prepared[i] for i in pairs[:, 0]],
            [prepared[j] for j in pairs[:, 1]],
            scorer=fast,
            score_cutoff=MIN_THRESHOLD,
            workers=-1,
        )
        keep = scores >= MIN_THRESHOLD
        pairs, scores = pairs[keep], scores[keep].astype(np.float64)
    else:
        scores = np.empty(0)
    progress("Grouping", 0.8)
    heights, left, right = _average_linkage(len(texts), pairs, scores)
    progress("Done", 1.0)
    return Merges(
        order=order,
        normalized=normalized,
        heights=np.asarray(heights, dtype=np.float64),
        left=np.asarray(left, dtype=np.int64),
        right=np.asarray(right, dtype=np.int64),
        scorer=scorer,
        candidates=len(pairs),
    )


@dataclass(frozen=True)
class Member:
    position: int  # in the input
    similarity: float  # to the group's representative, 0 to 100


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
        texts, scorer = _prepared(
            merges.scorer, [merges.normalized[position_of[p]] for p in members]
        )
        matrix = process.cdist(texts, texts, scorer=scorer)
        best = int(np.argmax(matrix.sum(axis=1)))  # first of equals: canonical order
        groups.append(
            Group(
                members[best],
                [Member(p, float(matrix[best, i])) for i, p in enumerate(members)],
            )
        )
    groups.sort(key=lambda g: (-g.size, position_of[g.representative]))
    return groups


def group_texts(
    texts: Sequence[str],
    keys: Sequence[str] | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    scorer: str = DEFAULT_SCORER,
    progress: Progress = _no_progress,
) -> list[Group]:
    """Group texts that say the same thing at ``threshold`` (50 to 100)."""
    if not MIN_THRESHOLD <= threshold <= 100:
        raise ValueError(f"The threshold must be between {MIN_THRESHOLD:g} and 100.")
    merges = build_merges(texts, keys, scorer=scorer, progress=progress)
    return groups_from_labels(merges, merges.labels(threshold))

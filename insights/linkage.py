"""Exact average linkage over a sparse candidate graph, for groups of any size.

Which groups may merge comes from a few candidate pairs per note (cheap to
find); how alike two groups are is always the exact average over *every*
pair of their members, never a guess that counts unscored pairs as "not
alike" (that capped groups at the candidate count: thirty copies of one
sentence came out as a group of six).

Two ways to know a group's average similarity to another:

- ``VectorSimilarity`` (by meaning): the average cosine of two groups is
  the dot product of their members' summed unit vectors divided by both
  sizes, so it costs one dot product, however large the groups.
- ``PairwiseSimilarity`` (by wording): sums of pair scores are kept per pair
  of groups and added up as groups merge (Lance-Williams); a block never
  scored is scored whole, once, when it is first needed.

Members carry weights (a unit of identical notes weighs as many notes as it
holds), and a ``StanceSummary`` per group (the stance guard) keeps two
groups apart for good. Merges come out most similar first, never rising, so any
threshold is a cut of one merge tree: raising it only splits groups.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Protocol

import numpy as np


class Similarity(Protocol):
    """The average similarity between groups, kept up to date as they merge (on any scale
    that rises with likeness: a cosine, a 0-100 score)."""

    def links(self, group: int, others: Sequence[int]) -> np.ndarray: ...

    def pair_links(self, pairs: np.ndarray) -> np.ndarray: ...

    def merge(self, keep: int, gone: int) -> None: ...


class VectorSimilarity:
    """Average cosine of unit vectors, from their weighted sums."""

    def __init__(self, vectors: np.ndarray, weights: np.ndarray) -> None:
        self.unit = np.ascontiguousarray(vectors, dtype=np.float32)
        self.sums = self.unit.astype(np.float64) * weights[:, None]
        self.weights = weights.astype(np.float64).copy()

    def links(self, group: int, others: Sequence[int]) -> np.ndarray:
        index = np.asarray(others, dtype=np.int64)
        dots = self.sums[index] @ self.sums[group]
        return dots / (self.weights[index] * self.weights[group])

    def pair_links(self, pairs: np.ndarray) -> np.ndarray:
        """Links of single units (before any merge): the cosines of their vectors."""
        out = np.empty(len(pairs))
        for start in range(0, len(pairs), 8_192):  # bounded memory, cache-sized blocks
            a, b = pairs[start : start + 8_192, 0], pairs[start : start + 8_192, 1]
            out[start : start + len(a)] = np.einsum("ij,ij->i", self.unit[a], self.unit[b])
        return out

    def merge(self, keep: int, gone: int) -> None:
        self.sums[keep] += self.sums[gone]
        self.weights[keep] += self.weights[gone]


class PairwiseSimilarity:
    """Average of pair scores, the missing blocks scored on demand by ``score_block``.

    ``score_block(units_a, units_b)`` returns the (len a, len b) scores of two
    lists of units, 0-100.
    """

    def __init__(
        self,
        weights: np.ndarray,
        score_block: Callable[[list[int], list[int]], np.ndarray],
    ) -> None:
        self.weights = weights.astype(np.float64)
        self.size = self.weights.copy()
        self.members: dict[int, list[int]] = {}
        self.totals: dict[int, dict[int, float]] = {}
        self.score_block = score_block

    def _members(self, group: int) -> list[int]:
        return self.members.get(group, [group])

    def _total(self, a: int, b: int) -> float:
        known = self.totals.get(a, {}).get(b)
        if known is None:
            units_a, units_b = self._members(a), self._members(b)
            block = self.score_block(units_a, units_b)
            known = float(self.weights[units_a] @ block @ self.weights[units_b])
            self.totals.setdefault(a, {})[b] = known
            self.totals.setdefault(b, {})[a] = known
        return known

    def links(self, group: int, others: Sequence[int]) -> np.ndarray:
        totals = np.array([self._total(group, int(c)) for c in others], dtype=np.float64)
        return totals / (self.size[group] * self.size[np.asarray(others, dtype=np.int64)])

    def pair_links(self, pairs: np.ndarray) -> np.ndarray:
        return np.array(
            [self._total(a, b) / (self.size[a] * self.size[b]) for a, b in pairs.tolist()],
            dtype=np.float64,
        )

    def merge(self, keep: int, gone: int) -> None:
        mine = self.totals.setdefault(keep, {})
        theirs = self.totals.pop(gone, {})
        mine.pop(gone, None)
        theirs.pop(keep, None)
        for c in set(mine) | set(theirs):
            total = mine.get(c)
            if total is None:
                total = self._total(keep, c)
            other = theirs.get(c)
            if other is None:
                other = self._total(gone, c)
                self.totals[gone].pop(c, None)
            mine[c] = total + other
            self.totals[c].pop(gone, None)
            self.totals[c][keep] = mine[c]
        self.totals.pop(gone, None)
        self.members[keep] = self._members(keep) + self.members.pop(gone, [gone])
        self.size[keep] += self.size[gone]


@dataclass
class StanceSummary:
    """What a group's members say, enough to tell whether any of them opposes another group's.

    It is exact: two groups conflict here exactly when some member of one is
    ``insights.stance.opposed`` to some member of the other.
    """

    negated: set[str] = field(default_factory=set)
    plain: set[str] = field(default_factory=set)  # asserted and not negated by that member
    positive_only: bool = False
    negative_only: bool = False
    one_sided: set[tuple[int, int]] = field(default_factory=set)

    def opposes(self, other: StanceSummary) -> bool:
        return bool(
            (self.negated and not self.negated.isdisjoint(other.plain))
            or (other.negated and not other.negated.isdisjoint(self.plain))
            or (self.positive_only and other.negative_only)
            or (self.negative_only and other.positive_only)
            or (
                self.one_sided
                and other.one_sided
                and any((pair, 1 - side) in other.one_sided for pair, side in self.one_sided)
            )
        )

    @property
    def says(self) -> bool:
        """Whether it takes any side at all; two groups that take none never oppose."""
        return bool(self.negated or self.positive_only or self.negative_only or self.one_sided)

    def absorb(self, other: StanceSummary) -> None:
        self.negated |= other.negated
        self.plain |= other.plain
        self.positive_only |= other.positive_only
        self.negative_only |= other.negative_only
        self.one_sided |= other.one_sided


_second = itemgetter(1)
LOOK_AGAIN = -2  # a heap entry that asks to find a group's most similar neighbour again


@dataclass(frozen=True)
class Tree:
    """The merges, most similar first: ``left[i]`` and ``right[i]`` join at ``heights[i]``."""

    heights: np.ndarray
    left: np.ndarray
    right: np.ndarray


def average_linkage(
    count: int,
    pairs: np.ndarray,
    similarity: Similarity,
    *,
    floor: float,
    stances: Sequence[StanceSummary] | None = None,
) -> Tree:
    """Merge ``count`` units along candidate ``pairs`` by exact average linkage, down to ``floor``
    (on the similarity's own scale, as the heights are).

    Two groups are compared when some member of one was a candidate of some
    member of the other and their link is at least ``floor`` (a later merge
    rarely lifts a link back above it). Groups whose stances oppose never
    merge (checked when their link comes up, so only for the few links that
    do). The same input gives the same merges, ties included; a merged group
    keeps the smaller position.
    """
    pairs = pairs[pairs[:, 0] != pairs[:, 1]] if len(pairs) else pairs
    links_of: dict[int, dict[int, float]] = {}  # each group's links at or above the floor
    if len(pairs):
        for (a, b), link in zip(pairs.tolist(), similarity.pair_links(pairs).tolist(), strict=True):
            if link >= floor:
                links_of.setdefault(a, {})[b] = link
                links_of.setdefault(b, {})[a] = link
    summaries = list(stances) if stances is not None else None
    says = [s.says for s in summaries] if summaries is not None else []
    version = [0] * count
    # The heap holds each group's most similar neighbour, not every link, so it stays
    # small; an entry is good while both versions hold. When a group's most similar
    # merges away, its old link bounds all its links (the merged group's included): the
    # group is looked at again only when that bound comes to the top (LOOK_AGAIN).
    best_link = [-np.inf] * count
    best_other = [-1] * count
    heap: list[tuple[float, int, int, int, int]] = []

    def opposed(a: int, b: int) -> bool:
        return summaries is not None and (says[a] or says[b]) and summaries[a].opposes(summaries[b])

    def offer(group: int, other: int, link: float) -> None:
        best_link[group], best_other[group] = link, other
        x, y = (group, other) if group < other else (other, group)
        heapq.heappush(heap, (-link, x, y, version[x], version[y]))

    def find_best(group: int) -> None:
        best_link[group], best_other[group] = -np.inf, -1
        near = links_of.get(group)
        if not near:
            return
        other, link = max(near.items(), key=_second)  # ties: the first found (deterministic)
        if not opposed(group, other):
            offer(group, other, link)
            return
        for other in sorted(near, key=lambda c: (-near[c], c)):
            if not opposed(group, other):
                offer(group, other, near[other])
                return

    for a in sorted(links_of):
        find_best(a)
    heights: list[float] = []
    left: list[int] = []
    right: list[int] = []
    while heap:
        negative, a, b, va, vb = heapq.heappop(heap)
        if b == LOOK_AGAIN:
            if version[a] == va and best_other[a] == LOOK_AGAIN:
                find_best(a)
            continue
        if version[a] != va or version[b] != vb:
            continue  # one side has merged since
        if opposed(a, b):  # for good: a stance only grows as a group does
            find_best(a)
            find_best(b)
            continue
        keep, gone = a, b  # a < b
        # Never rising: a pair first compared after a merge can be more alike than the
        # merge before it (its members were not candidates); it joins at that level.
        heights.append(min(-negative, heights[-1]) if heights else -negative)
        left.append(keep)
        right.append(gone)
        similarity.merge(keep, gone)
        if summaries is not None:
            summaries[keep].absorb(summaries[gone])
            says[keep] = says[keep] or says[gone]
        version[keep] += 1
        version[gone] = -1
        best_link[gone], best_other[gone] = -np.inf, -1
        others = list(
            (links_of.pop(keep, {}).keys() | links_of.pop(gone, {}).keys()) - {keep, gone}
        )
        links = similarity.links(keep, others).tolist() if others else []
        mine: dict[int, float] = {}
        for c, link in zip(others, links, strict=True):
            row = links_of[c]
            row.pop(gone, None)
            if link >= floor:
                row[keep] = mine[c] = link
                if link > best_link[c] and not opposed(c, keep):
                    offer(c, keep, link)  # above all its other links: its most similar now
                    continue
            else:
                row.pop(keep, None)
            if best_other[c] == keep or best_other[c] == gone:
                best_other[c] = LOOK_AGAIN
                heapq.heappush(heap, (-best_link[c], c, LOOK_AGAIN, version[c], 0))
        links_of[keep] = mine
        find_best(keep)
    return Tree(
        heights=np.asarray(heights, dtype=np.float64),
        left=np.asarray(left, dtype=np.int64),
        right=np.asarray(right, dtype=np.int64),
    )

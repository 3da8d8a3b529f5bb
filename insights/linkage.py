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
holds), and a ``Conflict`` check (the stance guard) keeps two groups apart
for good. Merges come out most similar first, never rising, so any
threshold is a cut of one merge tree: raising it only splits groups.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np


class Similarity(Protocol):
    """The average similarity (0-100) between groups, kept up to date as they merge."""

    def links(self, group: int, others: list[int]) -> np.ndarray: ...

    def merge(self, keep: int, gone: int) -> None: ...


class VectorSimilarity:
    """Average cosine by summed vectors, mapped to the 0-100 scale by ``scale``."""

    def __init__(
        self,
        vectors: np.ndarray,
        weights: np.ndarray,
        scale: Callable[[np.ndarray], np.ndarray],
    ) -> None:
        self.sums = np.asarray(vectors, dtype=np.float64) * weights[:, None]
        self.weights = weights.astype(np.float64).copy()
        self.scale = scale

    def links(self, group: int, others: list[int]) -> np.ndarray:
        index = np.asarray(others, dtype=np.int64)
        dots = self.sums[index] @ self.sums[group]
        return self.scale(dots / (self.weights[index] * self.weights[group]))

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
        known: dict[tuple[int, int], float] | None = None,
    ) -> None:
        self.weights = weights.astype(np.float64)
        self.size = self.weights.copy()
        self.members: dict[int, list[int]] = {}
        self.totals: dict[int, dict[int, float]] = {}
        self.score_block = score_block
        for (a, b), score in (known or {}).items():
            total = score * self.weights[a] * self.weights[b]
            self.totals.setdefault(a, {})[b] = total
            self.totals.setdefault(b, {})[a] = total

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

    def links(self, group: int, others: list[int]) -> np.ndarray:
        totals = np.array([self._total(group, c) for c in others], dtype=np.float64)
        return totals / (self.size[group] * self.size[np.asarray(others, dtype=np.int64)])

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
            or any((pair, 1 - side) in other.one_sided for pair, side in self.one_sided)
        )

    def absorb(self, other: StanceSummary) -> None:
        self.negated |= other.negated
        self.plain |= other.plain
        self.positive_only |= other.positive_only
        self.negative_only |= other.negative_only
        self.one_sided |= other.one_sided


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
    """Merge ``count`` units along candidate ``pairs`` by exact average linkage, down to ``floor``.

    Two groups are compared when some member of one was a candidate of some
    member of the other. Groups whose stances oppose never merge. Ties go to
    the smallest positions, so the result is deterministic; the group keeps
    the smaller position.
    """
    adjacent: dict[int, set[int]] = {}
    for a, b in pairs.tolist():
        if a != b:
            adjacent.setdefault(a, set()).add(b)
            adjacent.setdefault(b, set()).add(a)
    summaries = list(stances) if stances is not None else None
    version = [0] * count
    heap: list[tuple[float, int, int, int, int]] = []

    def entries(group: int, others: list[int]) -> list[tuple[float, int, int, int, int]]:
        if not others:
            return []
        links = similarity.links(group, others)
        close = np.flatnonzero(links >= floor).tolist()
        mine = summaries[group] if summaries is not None else None
        found = []
        for i in close:
            c = others[i]
            if mine is not None and mine.opposes(summaries[c]):  # type: ignore[index]
                continue
            x, y = (group, c) if group < c else (c, group)
            found.append((-float(links[i]), x, y, version[x], version[y]))
        return found

    for a in sorted(adjacent):
        heap.extend(entries(a, sorted(c for c in adjacent[a] if c > a)))
    heapq.heapify(heap)
    heights: list[float] = []
    left: list[int] = []
    right: list[int] = []
    while heap:
        negative, a, b, va, vb = heapq.heappop(heap)
        if version[a] != va or version[b] != vb:
            continue  # one side has merged since
        keep, gone = a, b  # a < b
        # Never rising: a pair first compared after a merge can be more alike than the
        # merge before it (its members were not candidates); it joins at that level.
        heights.append(min(-negative, heights[-1]) if heights else -negative)
        left.append(keep)
        right.append(gone)
        similarity.merge(keep, gone)
        mine = adjacent.get(keep, set())
        theirs = adjacent.pop(gone, set())
        mine |= theirs
        mine.discard(keep)
        mine.discard(gone)
        for c in theirs:
            if c != keep:
                near = adjacent[c]
                near.discard(gone)
                near.add(keep)
        if summaries is not None:
            summaries[keep].absorb(summaries[gone])
        version[keep] += 1
        version[gone] = -1
        for entry in entries(keep, sorted(mine)):
            heapq.heappush(heap, entry)
    return Tree(
        heights=np.asarray(heights, dtype=np.float64),
        left=np.asarray(left, dtype=np.int64),
        right=np.asarray(right, dtype=np.int64),
    )

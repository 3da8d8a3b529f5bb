"""Stable ids for rows whose source has no id column.

A highlight without an id gets ``H-`` and a hash of its participant and text;
a roadmap item gets ``R-`` and a hash of its name. Case, spacing and
punctuation at the ends do not change the id, so a tidied sheet keeps its
assignments; a reworded note becomes a new highlight.

The same note can come twice from one participant (said twice, pasted
twice). Each occurrence is a highlight of its own: the first keeps the plain
id, the second gets ``-2`` after it, the third ``-3``, counted in source
order among rows with that same participant and text. A row inserted or
removed elsewhere changes no id; only another copy of that very note shifts
the occurrence numbers of the copies below it, which say the same thing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable

_SPACES = re.compile(r"\s+")


def normalize_for_id(value: str) -> str:
    text = unicodedata.normalize("NFKC", value or "").casefold()
    return _SPACES.sub(" ", text).strip(" \t\r\n.,;:!?\"'")


def stable_id(prefix: str, *parts: str) -> str:
    """``prefix-`` and the first 12 hex digits of a SHA-1 over the normalized parts."""
    joined = "\x1f".join(normalize_for_id(p) for p in parts)
    return f"{prefix}-{hashlib.sha1(joined.encode('utf-8')).hexdigest()[:12]}"


def with_occurrence(base: str, occurrence: int) -> str:
    """The id of the ``occurrence``-th copy (1-based) of a row whose first copy is ``base``."""
    return base if occurrence <= 1 else f"{base}-{occurrence}"


def occurrences(keys: Iterable[Hashable]) -> list[int]:
    """For each key in order, how many times it has come so far: 1, 2, 3…"""
    seen: Counter = Counter()
    numbers = []
    for key in keys:
        seen[key] += 1
        numbers.append(seen[key])
    return numbers


def highlight_id(participant: str, text: str, occurrence: int = 1) -> str:
    return with_occurrence(stable_id("H", participant, text), occurrence)


def highlight_ids(participants: Iterable[str], texts: Iterable[str]) -> list[str]:
    """Ids for rows in source order, each repeated note numbered by its occurrence."""
    bases = [stable_id("H", p, t) for p, t in zip(participants, texts, strict=True)]
    return [with_occurrence(b, n) for b, n in zip(bases, occurrences(bases), strict=True)]


def roadmap_item_id(item: str, occurrence: int = 1) -> str:
    return with_occurrence(stable_id("R", item), occurrence)


def roadmap_item_ids(items: Iterable[str]) -> list[str]:
    """Ids for roadmap items in source order; an item listed twice gets ``-2``."""
    bases = [stable_id("R", item) for item in items]
    return [with_occurrence(b, n) for b, n in zip(bases, occurrences(bases), strict=True)]

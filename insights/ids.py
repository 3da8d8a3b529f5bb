"""Stable ids for rows whose source has no id column.

A highlight without an id gets ``H-`` and a hash of its participant and text;
a roadmap item gets ``R-`` and a hash of its name. Case, spacing and
punctuation at the ends do not change the id, so a tidied sheet keeps its
assignments; a reworded note becomes a new highlight.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize_for_id(value: str) -> str:
    text = unicodedata.normalize("NFKC", value or "").casefold()
    return _SPACES.sub(" ", text).strip(" \t\r\n.,;:!?\"'")


def stable_id(prefix: str, *parts: str) -> str:
    """``prefix-`` and the first 12 hex digits of a SHA-1 over the normalized parts."""
    joined = "\x1f".join(normalize_for_id(p) for p in parts)
    return f"{prefix}-{hashlib.sha1(joined.encode('utf-8')).hexdigest()[:12]}"


def highlight_id(participant: str, text: str) -> str:
    return stable_id("H", participant, text)


def roadmap_item_id(item: str) -> str:
    return stable_id("R", item)

"""Numbers in words, the same on every page: plurals and shares."""

from __future__ import annotations

import math


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 participant', '2 participants', '1,204 highlights'; ``many`` for irregular plurals."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def share(ratio: float) -> str:
    """A share as people read it: "33%", "5%", "0.3%" (2 of 600), "<0.1%"; never "0%" for some."""
    if not ratio or math.isnan(ratio):
        return "0%"
    percent = 100 * ratio
    if percent < 0.1:
        return "<0.1%"
    if percent < 9.95:
        return f"{percent:.1f}".rstrip("0").rstrip(".") + "%"
    return f"{percent:.0f}%"

"""Numbers in words, the same on every page: plurals and shares."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 participant', '2 participants', '1,204 highlights'; ``many`` for irregular plurals."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def share(part: float, whole: float) -> str:
    """A share with the precision it needs: '50%', '8%', '0.3%', '<0.1%', '0%' only for none."""
    if not whole or not part:
        return "0%"
    ratio = part / whole
    if ratio >= 0.095:
        return f"{ratio:.0%}"
    if ratio >= 0.001:
        return f"{ratio:.1%}"
    return "<0.1%"

"""The arithmetic of a synthesis workshop: where the room is in the list, and the timer.

The room follows an insight, not a position: votes move the ranking, and the
insight on screen must not change under the facilitator because of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

TIMER_CHOICES = (0, 1, 2, 3, 5, 10)  # minutes per insight; 0 is no timer


@dataclass(frozen=True)
class Step:
    """Which insight is on screen, and what next and previous lead to."""

    key: str | None
    position: int  # 0-based
    total: int

    @property
    def has_previous(self) -> bool:
        return self.position > 0

    @property
    def has_next(self) -> bool:
        return self.position < self.total - 1

    @property
    def label(self) -> str:
        return f"{self.position + 1} of {self.total}" if self.total else "0 of 0"


def locate(keys: Sequence[str], current: str | None, fallback: int = 0) -> Step:
    """The step showing ``current`` where it now ranks; if it left the list, the one at
    ``fallback`` (the position it had), so the room carries on from there."""
    if not keys:
        return Step(None, 0, 0)
    if current in keys:
        position = list(keys).index(current)
    else:
        position = min(max(fallback, 0), len(keys) - 1)
    return Step(keys[position], position, len(keys))


def move(keys: Sequence[str], current: str | None, by: int, fallback: int = 0) -> Step:
    """The step ``by`` places after (or before) the current insight, held at the ends."""
    here = locate(keys, current, fallback)
    if not here.total:
        return here
    position = min(max(here.position + by, 0), here.total - 1)
    return Step(keys[position], position, here.total)


def seconds_left(started_at: float | None, minutes: int, now: float) -> int | None:
    """Seconds left on an insight's timer (never below 0); None when it is not running."""
    if started_at is None or minutes <= 0:
        return None
    return max(0, round(started_at + minutes * 60 - now))


def clock(seconds: int) -> str:
    """125 -> "2:05"."""
    minutes, rest = divmod(max(seconds, 0), 60)
    return f"{minutes}:{rest:02d}"


def default_session_name(today: date) -> str:
    """ "Workshop 27 Nov 2026": what a facilitator would type."""
    return f"Workshop {today.day} {today:%b %Y}"

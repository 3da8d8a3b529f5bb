"""Clicks on our click buttons (insights/ui/click_buttons.py): which to act on, each once."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from insights.outbox import Outbox, unseen


@dataclass(frozen=True)
class Click:
    """One click: its number in the page load, the button, and what it was made on."""

    seq: int
    button: str
    target: str


def new_clicks(
    outbox: Outbox | None, applied: Mapping[str, int], buttons: Collection[str]
) -> list[Click]:
    """The clicks not yet acted on, in order; a click on no known button or target is dropped.

    Dropped clicks still count as seen: their numbers are below the next good one.
    """
    found = []
    for seq, entry in unseen(outbox, applied):
        button, target = entry.get("button"), entry.get("target")
        if button in buttons and isinstance(target, str) and target:
            found.append(Click(seq, button, target))
    return found

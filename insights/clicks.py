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
    outbox: Outbox | None, applied: Mapping[str, int], buttons: Collection[str], session: str
) -> list[Click]:
    """The clicks to act on now, in order: not acted on yet, on a known button and target,
    and made on buttons this server session drew.

    A click stamped with another session was made before the browser reconnected
    (a restarted server, a laptop woken after minutes): the session it went to
    acted on it, or ended before it could, and this session cannot tell which, so
    it is not counted again.
    """
    found = []
    for seq, entry in unseen(outbox, applied):
        button, target = entry.get("button"), entry.get("target")
        if (
            isinstance(button, str)
            and button in buttons
            and isinstance(target, str)
            and target
            and entry.get("session") == session
        ):
            found.append(Click(seq, button, target))
    return found

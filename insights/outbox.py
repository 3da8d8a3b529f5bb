"""What a browser component asked for, numbered, until the server says it was done.

Our components (the theme board, the vote buttons) keep each request in an
outbox: a nonce for the page load and a number per request, sent again with
every later request until the server acknowledges it. The server acts on a
number once, whatever the number of script runs the same state reaches: a
request is never lost when two arrive before one run, and never counted twice
when Streamlit hands one state to two runs.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Outbox:
    """A component's unacknowledged requests, as it sent them."""

    nonce: str
    entries: list[Mapping[str, Any]]

    @classmethod
    def read(cls, value: Any, field: str) -> Outbox | None:
        """The outbox in a component's state (requests under ``field``), or None if malformed."""
        if not isinstance(value, Mapping):
            return None
        nonce, entries = value.get("nonce"), value.get(field)
        if not isinstance(nonce, str) or not isinstance(entries, list):
            return None
        return cls(nonce, [e for e in entries if isinstance(e, Mapping)])


def unseen(outbox: Outbox | None, applied: Mapping[str, int]) -> list[tuple[int, Mapping]]:
    """(number, request) for the requests numbered above what was applied, in order.

    ``applied`` maps the component's nonce (one per page load) to the highest
    number acted on. A request without a whole number is skipped.
    """
    if outbox is None:
        return []
    done = applied.get(outbox.nonce, 0)
    found = []
    for entry in outbox.entries:
        seq = entry.get("seq")
        if isinstance(seq, int) and not isinstance(seq, bool) and seq > done:
            found.append((seq, entry))
    return sorted(found, key=lambda pair: pair[0])


def mark_done(applied: MutableMapping[str, int], outbox: Outbox, seq: int) -> None:
    """Remember that request ``seq`` was acted on (or refused): it is never tried again."""
    applied[outbox.nonce] = max(applied.get(outbox.nonce, 0), seq)


def acknowledgement(outbox: Outbox | None, applied: Mapping[str, int]) -> dict | None:
    """What to send the component back so it can forget the requests acted on."""
    if outbox is None:
        return None
    return {"nonce": outbox.nonce, "seq": applied.get(outbox.nonce, 0)}

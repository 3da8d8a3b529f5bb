"""A row of buttons that acts on every click exactly once: for votes and dots.

Streamlit's own button is a trigger value, and the load test saw one click
reach two script runs when a live-update tick met it (82 votes for 80
clicks). These buttons keep numbered clicks in the browser until the server
acknowledges them (``insights.outbox``), so a click is neither lost nor
counted twice. ``take_clicks`` acts on them before the page reads the
workspace, so the totals it then draws include them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import streamlit as st

from insights.clicks import new_clicks
from insights.outbox import Outbox, acknowledgement, mark_done, unseen
from insights.ui.components import our_component

_component = our_component("insights_click_buttons", "click_component", "click_buttons")
_APPLIED = "_clicks_applied"  # component key -> {page-load nonce: highest click acted on}
_SESSION = "_clicks_session"  # this server session's stamp, sent with the buttons


@dataclass(frozen=True)
class ClickButton:
    """One button of the row: ``id`` names it in the clicks sent back."""

    id: str
    label: str
    help: str = ""
    primary: bool = False
    disabled: bool = False


def _outbox(key: str) -> Outbox | None:
    value = st.session_state.get(key)
    return Outbox.read(value.get("clicks"), "clicks") if isinstance(value, Mapping) else None


def _session() -> str:
    """This server session's stamp: clicks carry the stamp of the buttons they were made on."""
    return st.session_state.setdefault(_SESSION, uuid.uuid4().hex)


def take_clicks(key: str, actions: Mapping[str, Callable[[str], Any]]) -> None:
    """Act once on each click the row ``key`` sent since the last run: ``actions[button](target)``.

    A click is marked done before it is acted on: an action that fails says why
    (through ``attempt``) and is not tried again on the next run. Entries that
    are not clicks to act on (malformed, or from an earlier server session) are
    marked done too, so the browser can forget them.
    """
    outbox = _outbox(key)
    if outbox is None:
        return
    applied: dict[str, int] = st.session_state.setdefault(_APPLIED, {}).setdefault(key, {})
    pending = unseen(outbox, applied)
    for click in new_clicks(outbox, applied, actions.keys(), _session()):
        mark_done(applied, outbox, click.seq)
        actions[click.button](click.target)
    if pending:
        mark_done(applied, outbox, pending[-1][0])


def click_buttons(key: str, target: str, buttons: Sequence[ClickButton]) -> None:
    """Draw the row; each click on it is sent back with ``target`` (what it was made on)."""
    applied = st.session_state.get(_APPLIED, {}).get(key, {})
    _component(
        data={
            "target": target,
            "session": _session(),
            "buttons": [asdict(b) for b in buttons],
            "acked": acknowledgement(_outbox(key), applied),
        },
        key=key,
        default={"clicks": None},
        on_clicks_change=_ignore,
    )


def _ignore() -> None:
    """The clicks are read by ``take_clicks`` when the page runs; nothing to do here."""

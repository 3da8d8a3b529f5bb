"""The click-button component stood in for in AppTest (which cannot click it): what the
page drew, and clicks played back in the component's outbox shape, per session."""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.testing.v1 import AppTest

from insights.model import SAMPLE_WORKSPACE
from insights.ui.vote_buttons import votes_key

_DRAWN = "_test_drawn::"


def render(*, data: dict[str, Any], key: str, default: dict, **callbacks: Any) -> dict:
    """Stands in for the component: keeps what the page sent it in the session."""
    st.session_state[_DRAWN + key] = data
    return {}


def drawn(at: AppTest, workspace: str = SAMPLE_WORKSPACE) -> dict[str, Any]:
    """What the page last sent the vote buttons: ``target`` and ``buttons`` by id."""
    data = at.session_state[_DRAWN + votes_key(workspace)]
    return {**data, "buttons": {b["id"]: b for b in data["buttons"]}}


def click(
    at: AppTest, button: str, *, times: int = 1, workspace: str = SAMPLE_WORKSPACE
) -> AppTest:
    """A person clicks a vote button ``times`` before the page answers, then it runs."""
    key = votes_key(workspace)
    shown = drawn(at, workspace)
    assert not shown["buttons"][button]["disabled"], f"{button} is disabled"
    sent = at.session_state[key]["clicks"] if key in at.session_state else None
    clicks = list(sent["clicks"]) if sent else []
    for _ in range(times):
        seq = clicks[-1]["seq"] + 1 if clicks else 1
        clicks.append(
            {"seq": seq, "button": button, "target": shown["target"], "session": shown["session"]}
        )
    at.session_state[key] = {"clicks": {"nonce": "tab-1", "clicks": clicks}}
    return at.run()


def is_disabled(at: AppTest, button: str, workspace: str = SAMPLE_WORKSPACE) -> bool:
    """Whether the page drew ``button`` disabled (the server refuses its click anyway)."""
    return bool(drawn(at, workspace)["buttons"][button]["disabled"])

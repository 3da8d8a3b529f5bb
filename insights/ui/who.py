"""Who did what, and when, in a line: under a decision, a saved session, a history row.

Names are emails people signed in with (or "you"): untrusted text, escaped here.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from insights.people import who
from insights.store import WorkspaceData
from insights.ui.text import md_escape


def when(value: object) -> str:
    """A stored time as pages show it: "03 Mar 2026, 14:05 UTC"."""
    return pd.Timestamp(value).strftime("%d %b %Y, %H:%M UTC") if value is not None else ""


def decided_line(data: WorkspaceData, key: str) -> None:
    """ "Decided by dana@… on 03 Mar 2026, 14:05 UTC" under an insight's decision form."""
    decisions = data.decisions
    if decisions.empty or "decided_by" not in decisions:
        return
    found = decisions[decisions["insight_key"] == key]
    if found.empty:
        return
    row = found.iloc[0]
    st.caption(
        f"{md_escape(row['decision'])}: decided by {md_escape(who(row['decided_by']))}, "
        f"{when(row['decided_at'])}."
    )

"""Counts drawn as labelled bars with Streamlit's own progress bars: light for a first screen.

A chart library costs the browser its code (Plotly: 4.7 MB) and the server its
import (Altair: about 0.4 s); these bars cost neither, so the Overview opens fast.
"""

from __future__ import annotations

import streamlit as st

from insights.ui.text import md_escape
from insights.wording import plural, share


def count_bars(counts: dict[str, int], noun: str) -> None:
    """Counts as labelled bars ("Shipped · **1** roadmap item"), in the order given, the
    largest full; ``noun`` is what is counted, in the singular."""
    largest = max(counts.values(), default=0) or 1
    for name, count in counts.items():
        number, _, words = plural(count, noun).partition(" ")
        st.progress(count / largest, text=f"{md_escape(name)} · **{number}** {words}")


def coverage_bars(statuses: list[str], mentions: list[int], shares: list[float]) -> None:
    """How much of the evidence sits behind shipped, in-progress, planned items, and behind
    none: one bar per status, as a share of the mentions in view."""
    for status, count, part in zip(statuses, mentions, shares, strict=True):
        st.progress(
            min(max(part, 0.0), 1.0), text=f"{md_escape(status)} · **{count:,}** ({share(part)})"
        )

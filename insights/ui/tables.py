"""Highlights shown as a read-only table, written once (the Insights and Quote bank pages)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st


def highlight_table(frame: pd.DataFrame, names: dict[str, str], **options: Any) -> Any:
    """``frame`` with its columns named for people (``names``) and its id left out;
    ``options`` go to ``st.dataframe`` (a selection, a key, column settings).
    """
    shown = frame.rename(columns=names).drop(columns=["id"])
    return st.dataframe(shown, hide_index=True, width="stretch", **options)

"""Our own Streamlit components (components v2): plain JavaScript and CSS shipped in the package."""

from __future__ import annotations

from importlib import resources
from typing import Any

import streamlit as st


def our_component(name: str, folder: str, stem: str) -> Any:
    """Register the component ``name`` from ``insights/ui/<folder>/<stem>.js`` and ``.css``."""
    assets = resources.files("insights.ui").joinpath(folder)
    return st.components.v2.component(
        name,
        html="",
        css=assets.joinpath(f"{stem}.css").read_text(encoding="utf-8"),
        js=assets.joinpath(f"{stem}.js").read_text(encoding="utf-8"),
    )

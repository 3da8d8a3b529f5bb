"""The Insights page's filters: widgets that start from the page's address and write back to it."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from insights.filters import NO_THEME, PARAMS, InsightFilter
from insights.prioritize import GROUP, THEME
from insights.ui.text import md_escape

KEYS = {
    "themes": "f_themes",
    "segments": "f_segments",
    "focus": "f_focus",
    "participants": "f_participants",
    "dates": "f_dates",
    "text": "f_text",
}
_PENDING = "_pending_filter"


def _seed_from_url(known_themes: set[str]) -> None:
    """On a fresh visit (a shared link), the widgets start from the address."""
    if any(key in st.session_state for key in KEYS.values()):
        return
    wanted = InsightFilter.from_query(st.query_params.to_dict() | _lists(), known_themes)
    st.session_state[KEYS["themes"]] = list(wanted.themes)
    st.session_state[KEYS["segments"]] = list(wanted.segments)
    st.session_state[KEYS["focus"]] = list(wanted.focus)
    st.session_state[KEYS["participants"]] = list(wanted.participants)
    st.session_state[KEYS["text"]] = wanted.text
    if wanted.date_from or wanted.date_to:
        st.session_state["_f_dates_from_url"] = (wanted.date_from, wanted.date_to)
    if wanted.unknown:
        st.session_state["_f_unknown"] = wanted.unknown


def _lists() -> dict[str, list[str]]:
    """Parameters that may repeat (?theme=a&theme=b), as lists."""
    return {
        PARAMS[name]: st.query_params.get_all(PARAMS[name])
        for name in ("themes", "segments", "focus", "participants")
        if st.query_params.get_all(PARAMS[name])
    }


def request_filter(**changes: list[str]) -> None:
    """Ask for filter values on the next run (from a chart click, a button)."""
    pending = st.session_state.setdefault(_PENDING, {})
    pending.update(changes)


def _apply_pending() -> None:
    pending = st.session_state.pop(_PENDING, None)
    for name, values in (pending or {}).items():
        st.session_state[KEYS[name]] = values


def filter_widgets(
    evidence: pd.DataFrame, theme_names: list[str], *, expanded: bool = True
) -> InsightFilter:
    """Draw the filters; return the filter they make, and put it in the page's address."""
    _seed_from_url(set(theme_names))
    _apply_pending()
    unknown = st.session_state.pop("_f_unknown", None)
    if unknown:
        st.warning(  # the names come from the address: anyone can write a link
            md_escape(
                f"The link names themes this workspace does not have ({', '.join(unknown)}); "
                "they are left out of the view."
            ),
            icon=":material/link_off:",
        )
    dates = evidence["date"].dropna()
    low = dates.min().date() if len(dates) else date.today()
    high = dates.max().date() if len(dates) else date.today()
    label = "Filters" if expanded else "Filters: what is in the room"
    with st.expander(label, icon=":material/filter_list:", expanded=expanded):
        first, second, third = st.columns(3)
        themes = first.multiselect("Theme", [*theme_names, NO_THEME], key=KEYS["themes"])
        segments = second.multiselect(
            "Segment", sorted(s for s in evidence["segment"].unique() if s), key=KEYS["segments"]
        )
        focus = third.multiselect(
            "Focus area", sorted(f for f in evidence["focus"].unique() if f), key=KEYS["focus"]
        )
        fourth, fifth, sixth = st.columns(3)
        people = fourth.multiselect(
            "Participant",
            sorted(p for p in evidence["participant"].unique() if p),
            key=KEYS["participants"],
        )
        seeded = st.session_state.pop("_f_dates_from_url", None)
        if seeded is not None:
            st.session_state[KEYS["dates"]] = (seeded[0] or low, seeded[1] or high)
        current = st.session_state.get(KEYS["dates"])
        if current is not None and not all(low <= d <= high for d in current if d):
            st.session_state[KEYS["dates"]] = (low, high)  # the study's dates changed
        picked = fifth.date_input(
            "Interview dates",
            min_value=low,
            max_value=high,
            key=KEYS["dates"],
            **({} if KEYS["dates"] in st.session_state else {"value": (low, high)}),
        )
        text = sixth.text_input("Text", placeholder="a word in the highlights", key=KEYS["text"])
    # a date range is picked in two clicks: until the second, there is only a start
    picked = list(picked) if isinstance(picked, tuple | list) else [picked]
    start, end = ([*picked, None, None])[:2]
    chosen = InsightFilter(
        themes=tuple(themes),
        segments=tuple(segments),
        focus=tuple(focus),
        participants=tuple(people),
        date_from=start if start and start > low else None,
        date_to=end if end and end < high else None,
        text=text,
    )
    _write_url(chosen)
    return chosen


def _write_url(chosen: InsightFilter) -> None:
    """Put the filter in the address, leaving other parameters (the workspace) alone."""
    wanted = chosen.to_query()
    for name in PARAMS.values():
        if name not in wanted and name in st.query_params:
            del st.query_params[name]
    for name, value in wanted.items():
        current = st.query_params.get_all(name)
        if current != (value if isinstance(value, list) else [value]):
            st.query_params[name] = value


LEVEL_PARAM = "level"
LEVEL_LABELS = {THEME: "Themes", GROUP: "Groups within themes"}


def level_picker(key: str, *, default: str = THEME) -> str:
    """Themes or groups: picked here, started from the address, and written back to it."""
    if key not in st.session_state:
        wanted = st.query_params.get(LEVEL_PARAM)
        st.session_state[key] = LEVEL_LABELS.get(wanted or default, LEVEL_LABELS[default])
    picked = st.segmented_control("Level", list(LEVEL_LABELS.values()), key=key)
    level = GROUP if picked == LEVEL_LABELS[GROUP] else THEME
    if st.query_params.get(LEVEL_PARAM) != level:
        st.query_params[LEVEL_PARAM] = level
    return level


def view_query() -> dict[str, list[str]]:
    """The page's address parameters (workspace, filters, level), for a link to another page."""
    return {name: st.query_params.get_all(name) for name in st.query_params}

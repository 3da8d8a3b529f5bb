"""The Insights page's filters: widgets that start from the page's address and write back to it."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from insights.export_formats import describe_view
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
    """Filters no widget holds start from the address: on a fresh visit (a shared
    link), and after the box was closed (Streamlit forgets a widget not drawn)."""
    missing = [name for name, key in KEYS.items() if key not in st.session_state]
    if not missing:
        return
    wanted = InsightFilter.from_query(st.query_params.to_dict() | _lists(), known_themes)
    for name in missing:
        if name == "dates":
            if wanted.date_from or wanted.date_to:
                st.session_state["_f_dates_from_url"] = (wanted.date_from, wanted.date_to)
        elif name == "text":
            st.session_state[KEYS["text"]] = wanted.text
        else:
            st.session_state[KEYS[name]] = list(getattr(wanted, name))
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
    evidence: pd.DataFrame, theme_names: list[str], *, label: str = "Filters"
) -> InsightFilter:
    """Draw the filters; return the filter they make, and put it in the page's address.

    The box starts closed and its widgets are drawn only while it is open: six
    widgets drawn on every visit made opening Insights wait for them
    (bench/browser_latency.py, "page switch"). While it is closed, the filter in
    force is the address's (kept there on every run) and is said under the box.
    """
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
    _settle_dates(low, high)
    box = st.expander(label, icon=":material/filter_list:", key=OPEN_KEY, on_change="rerun")
    if box.open:
        with box:
            _widgets(evidence, theme_names, low, high)
    chosen = _chosen(low, high)
    if not box.open:
        _hold(chosen, low, high)
        if chosen.active:
            st.caption(f"In force: {md_escape(describe_view(chosen))}. Open Filters to change.")
    _write_url(chosen)
    return chosen


OPEN_KEY = "f_open"


def _settle_dates(low: date, high: date) -> None:
    """The date range from the address, or the study's whole range once it changed."""
    seeded = st.session_state.pop("_f_dates_from_url", None)
    if seeded is not None:
        st.session_state[KEYS["dates"]] = (seeded[0] or low, seeded[1] or high)
    current = st.session_state.get(KEYS["dates"])
    if current is not None and not all(low <= d <= high for d in current if d):
        st.session_state[KEYS["dates"]] = (low, high)  # the study's dates changed


def _widgets(evidence: pd.DataFrame, theme_names: list[str], low: date, high: date) -> None:
    """The six filter widgets; their values are read back from session state."""
    first, second, third = st.columns(3)
    first.multiselect("Theme", [*theme_names, NO_THEME], key=KEYS["themes"])
    second.multiselect(
        "Segment", sorted(s for s in evidence["segment"].unique() if s), key=KEYS["segments"]
    )
    third.multiselect(
        "Focus area", sorted(f for f in evidence["focus"].unique() if f), key=KEYS["focus"]
    )
    fourth, fifth, sixth = st.columns(3)
    fourth.multiselect(
        "Participant",
        sorted(p for p in evidence["participant"].unique() if p),
        key=KEYS["participants"],
    )
    fifth.date_input(
        "Interview dates",
        min_value=low,
        max_value=high,
        key=KEYS["dates"],
        **({} if KEYS["dates"] in st.session_state else {"value": (low, high)}),
    )
    sixth.text_input("Text", placeholder="a word in the highlights", key=KEYS["text"])


def _hold(chosen: InsightFilter, low: date, high: date) -> None:
    """Keep the filter in session state while its widgets are not drawn: Streamlit then
    forgets their values and would show what was set before they were drawn."""
    for name in ("themes", "segments", "focus", "participants"):
        st.session_state[KEYS[name]] = list(getattr(chosen, name))
    st.session_state[KEYS["text"]] = chosen.text
    st.session_state[KEYS["dates"]] = (chosen.date_from or low, chosen.date_to or high)


def _chosen(low: date, high: date) -> InsightFilter:
    """The filter the widgets (or, while they are not drawn, the address) hold."""
    state = st.session_state
    picked = state.get(KEYS["dates"]) or (low, high)
    # a date range is picked in two clicks: until the second, there is only a start
    picked = list(picked) if isinstance(picked, tuple | list) else [picked]
    start, end = ([*picked, None, None])[:2]
    return InsightFilter(
        themes=tuple(state.get(KEYS["themes"]) or ()),
        segments=tuple(state.get(KEYS["segments"]) or ()),
        focus=tuple(state.get(KEYS["focus"]) or ()),
        participants=tuple(state.get(KEYS["participants"]) or ()),
        date_from=start if start and start > low else None,
        date_to=end if end and end < high else None,
        text=state.get(KEYS["text"]) or "",
    )


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

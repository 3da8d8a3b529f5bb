"""The Insights page's filters: widgets that start from the page's address and write back to it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
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


def _from_url(known_themes: set[str]) -> InsightFilter:
    """On a fresh visit (a shared link), the filter starts from the address."""
    wanted = InsightFilter.from_query(st.query_params.to_dict() | _lists(), known_themes)
    if wanted.unknown:
        st.session_state["_f_unknown"] = wanted.unknown
    return wanted


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


def _with_pending(in_force: InsightFilter) -> tuple[InsightFilter, bool]:
    """The filter with the values asked for since the last run; whether there were any."""
    pending = st.session_state.pop(_PENDING, None) or {}
    changes = {name: tuple(values) for name, values in pending.items()}
    return (replace(in_force, **changes), True) if changes else (in_force, False)


def filter_widgets(
    evidence: pd.DataFrame, theme_names: list[str], *, label: str = "Filters"
) -> InsightFilter:
    """Draw the filters; return the filter they make, and put it in the page's address.

    The box starts closed and its widgets are drawn only while it is open: six
    widgets drawn on every visit made opening Insights wait for them
    (bench/browser_latency.py, "page switch"). The filter in force is kept in
    session state (and in the address), said under the box while it is closed,
    and handed to the widgets when they are drawn again (Streamlit forgets the
    values of widgets it did not draw, and each page has widgets of its own).
    Names the workspace does not have (another workspace's theme, a theme
    renamed meanwhile) are left out, as the widgets would.
    """
    in_force = st.session_state.get(_IN_FORCE)
    if in_force is None:
        in_force = _from_url(set(theme_names))
    in_force, asked = _with_pending(in_force)
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
    options = _options(evidence, theme_names)
    box = st.expander(label, icon=":material/filter_list:", key=OPEN_KEY, on_change="rerun")
    if box.open:
        if asked or not st.session_state.get(_DRAWN):
            _into_widgets(_kept(in_force, low, high, options), low, high)
        _settle_dates(low, high)
        with box:
            _widgets(options, theme_names, low, high)
        chosen = _kept(_from_widgets(low, high), low, high, options)
    else:
        chosen = _kept(in_force, low, high, options)
        if chosen.active:
            st.caption(f"In force: {md_escape(describe_view(chosen))}. Open Filters to change.")
    st.session_state[_DRAWN] = bool(box.open)
    st.session_state[_IN_FORCE] = chosen
    _write_url(chosen)
    return chosen


OPEN_KEY = "f_open"
_IN_FORCE = "_f_in_force"  # the filter in force, whether or not its widgets are drawn
_DRAWN = "_f_drawn"  # whether the last run drew the widgets (their state then holds it)


def _settle_dates(low: date, high: date) -> None:
    """The study's whole date range once the range in the widget is no longer in it."""
    current = st.session_state.get(KEYS["dates"])
    if current is not None and not all(low <= d <= high for d in current if d):
        st.session_state[KEYS["dates"]] = (low, high)  # the study's dates changed


def _widgets(options: dict[str, set[str]], theme_names: list[str], low: date, high: date) -> None:
    """The six filter widgets; their values are read back from session state."""
    first, second, third = st.columns(3)
    first.multiselect("Theme", [*theme_names, NO_THEME], key=KEYS["themes"])
    second.multiselect("Segment", sorted(options["segments"]), key=KEYS["segments"])
    third.multiselect("Focus area", sorted(options["focus"]), key=KEYS["focus"])
    fourth, fifth, sixth = st.columns(3)
    fourth.multiselect("Participant", sorted(options["participants"]), key=KEYS["participants"])
    fifth.date_input(
        "Interview dates",
        min_value=low,
        max_value=high,
        key=KEYS["dates"],
        **({} if KEYS["dates"] in st.session_state else {"value": (low, high)}),
    )
    sixth.text_input("Text", placeholder="a word in the highlights", key=KEYS["text"])


def _into_widgets(in_force: InsightFilter, low: date, high: date) -> None:
    """Hand the filter in force to the widgets about to be drawn."""
    for name in LIST_FILTERS:
        st.session_state[KEYS[name]] = list(getattr(in_force, name))
    st.session_state[KEYS["text"]] = in_force.text
    st.session_state[KEYS["dates"]] = (in_force.date_from or low, in_force.date_to or high)


LIST_FILTERS = ("themes", "segments", "focus", "participants")


def _options(evidence: pd.DataFrame, theme_names: list[str]) -> dict[str, set[str]]:
    """What each list filter can hold in this workspace."""
    return {
        "themes": {*theme_names, NO_THEME},
        "segments": {s for s in evidence["segment"].unique() if s},
        "focus": {f for f in evidence["focus"].unique() if f},
        "participants": {p for p in evidence["participant"].unique() if p},
    }


def _from_widgets(low: date, high: date) -> InsightFilter:
    """The filter the widgets hold."""
    state = st.session_state
    picked = state.get(KEYS["dates"]) or (low, high)
    # a date range is picked in two clicks: until the second, there is only a start
    picked = list(picked) if isinstance(picked, tuple | list) else [picked]
    start, end = ([*picked, None, None])[:2]
    return InsightFilter(
        **{name: tuple(state.get(KEYS[name]) or ()) for name in LIST_FILTERS},
        date_from=start,
        date_to=end,
        text=state.get(KEYS["text"]) or "",
    )


def _kept(
    wanted: InsightFilter, low: date, high: date, options: dict[str, set[str]]
) -> InsightFilter:
    """``wanted`` with only the names and dates this workspace has (a bound at the
    study's first or last day is no bound)."""
    lists = {
        name: tuple(v for v in getattr(wanted, name) if v in options[name]) for name in LIST_FILTERS
    }
    start, end = wanted.date_from, wanted.date_to
    return InsightFilter(
        **lists,
        date_from=start if start and low < start <= high else None,
        date_to=end if end and low <= end < high else None,
        text=wanted.text,
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


def address_choice(
    label: str, key: str, param: str, choices: Mapping[str, str], default: str
) -> str:
    """A one-of choice started from the address and written back to it, so a reload or a
    shared link keeps it. ``choices`` maps each label to its value in the address;
    returns the chosen value (``default``'s when the person unselects)."""
    if key not in st.session_state:
        wanted = st.query_params.get(param)
        found = [name for name, value in choices.items() if value == wanted]
        st.session_state[key] = found[0] if found else default
    value = choices[st.segmented_control(label, list(choices), key=key) or default]
    if st.query_params.get(param) != value:
        st.query_params[param] = value
    return value


def level_picker(key: str, *, default: str = THEME) -> str:
    """Themes or groups: picked here, started from the address, and written back to it."""
    labels = {label: level for level, label in LEVEL_LABELS.items()}
    return address_choice("Level", key, LEVEL_PARAM, labels, LEVEL_LABELS[default])


def view_query(leave_out: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """The page's address parameters (workspace, filters, level), for a link to another page;
    ``leave_out``: this page's own (what part it shows, say)."""
    return {
        name: st.query_params.get_all(name) for name in st.query_params if name not in leave_out
    }

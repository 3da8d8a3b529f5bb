"""Workshop: a synthesis session on a shared screen, one insight at a time, in priority order."""

import streamlit as st

from insights import dots
from insights.access import Capability
from insights.filters import InsightFilter
from insights.prioritize import GROUP, THEME, roadmap_items_of
from insights.sessions import changes_since, last_session, snapshot
from insights.ui.dots_panel import dot_rules_form, dots_panel
from insights.ui.gate import may
from insights.ui.insight_filters import filter_widgets, level_picker
from insights.ui.insight_panels import decision_form
from insights.ui.live_updates import follow
from insights.ui.navigation import point_to
from insights.ui.page import open_page, stop_without_highlights
from insights.ui.signed_in import signed_in_email
from insights.ui.state import evidence_of, prioritized, show_flash, workspace_data
from insights.ui.text import md_escape
from insights.ui.vote_buttons import take_votes
from insights.ui.who import decided_line
from insights.ui.workshop_panels import (
    changes_panel,
    insight_card,
    lock_switch,
    navigation,
    projector_style,
    save_session_form,
    timer_panel,
    votes_panel,
)
from insights.workshop_room import locate

st.set_page_config(page_title="Workshop · Interview insights", initial_sidebar_state="collapsed")
projector_style()

store, workspace = open_page()
# Vote clicks first, here for a run of the whole page and in the room for a run of the
# room alone (each click counts once either way): the ranking below then includes them.
take_votes(store, workspace, signed_in_email())
data = workspace_data(store, workspace)
follow(store, workspace, data)  # live: colleagues' changes
found = evidence_of(store, data)
theme_names = data.ordered_themes["name"].tolist()

st.title(f"Workshop · {md_escape(workspace)}")
stop_without_highlights(found.empty)


def group_and_sort_first(grouped: bool) -> None:
    """The room starts from themes: until there are some, say what to do first, and stop."""
    st.info(
        "**Group and sort first.** A workshop starts from themes, and no highlight is in a "
        "theme yet, so there is nothing to put in front of the room.",
        icon=":material/co_present:",
    )
    if grouped:
        point_to(
            "dedupe",
            "The groups are ready: review them, or go through them here (“Groups within "
            "themes” under “Set up the room”).",
            "Review the groups",
        )
    else:
        point_to(
            "dedupe",
            "First group repeated feedback, so ten people saying one thing count as one "
            "insight with ten voices.",
            "Group repeated feedback first",
        )
    point_to("themes", "Then sort the groups into themes on the board.", "Sort into themes")
    st.stop()


grouped = bool(found["group_key"].duplicated().any())  # some group holds two or more
lock, setup = st.columns([1, 4], vertical_alignment="top")
with lock:  # on the left: messages appear top right and would cover it
    lock_switch(store, workspace, data.info.locked)
with setup, st.expander("Set up the room: level and filters", icon=":material/tune:"):
    level = level_picker("workshop_level", default=THEME)
    view = filter_widgets(found, theme_names, label="Filters: what is in the room")
    if signed_in_email() and may(Capability.RUN_VOTING):  # people vote with their own dots
        dot_rules_form(store, dots.rules_of(data.info.settings), workspace)
if level == THEME and found["theme_id"].isna().all():
    group_and_sort_first(grouped)
if level == GROUP and not grouped:
    point_to(
        "dedupe",
        "Nothing is grouped yet, so every highlight counts alone and the list would open on "
        "one random note. Grouped, ten people saying one thing count as one insight with ten "
        "voices.",
        "Group repeated feedback first",
    )
    st.stop()
result = prioritized(store, data, view, level, found)
if result.ranked.empty:
    st.warning(
        "No insight is in view. Loosen the filters under “Set up the room”.",
        icon=":material/filter_alt_off:",
    )
    st.stop()

# -- the room: one fragment, so a vote, a decision or "Next" redraws only this part ------------


@st.fragment
def room(view: InsightFilter, level: str) -> None:
    """The insight on screen and what the room does with it; it follows an insight, not a
    position, so votes that reorder the list don't move it."""
    person = signed_in_email()
    take_votes(store, workspace, person)  # first: the totals read below include them
    show_flash()  # what the last click here did: a fragment rerun skips app.py's
    data = workspace_data(store, workspace)
    result = prioritized(store, data, view, level, evidence_of(store, data))
    ranked = result.ranked
    if ranked.empty:
        return
    keys = ranked["key"].tolist()
    state = st.session_state
    here = locate(keys, state.get("workshop_key"), state.get("workshop_position", 0))
    state["workshop_key"], state["workshop_position"] = here.key, here.position
    navigation(keys, ranked, here)
    insight = ranked.iloc[here.position]
    card, side = st.columns([3, 1], gap="large")
    with card:
        insight_card(insight, result.seen, data, roadmap_items_of(data).get(here.key, []))
    with side:
        if person:  # signed in: one's own dots
            dots_panel(store, data, here.key, int(insight["votes"]), person)
        else:  # single-user mode: the facilitator counts the room's dots
            votes_panel(workspace, here.key, int(insight["votes"]))
        timer_panel(here.key)
        decision_form(
            store,
            workspace,
            insight,
            form_key=f"workshop_decide_{here.key}_{data.version_of('decisions')}",
            horizontal=False,
            submit="Record decision",
        )
        decided_line(data, here.key)


room(view, level)

# -- the session: keep it, and see what changed since the last one -------------------------

st.divider()
# a session keeps the whole workspace, not the room's filters: rank it all (once, if filtered)
everything = prioritized(store, data, InsightFilter(), THEME, found) if view.active else result
now = snapshot(data, everything.themes, everything.groups)
saved = last_session(store, workspace)
with st.expander(
    "Changes since the last session" + (f" (“{md_escape(saved.name)}”)" if saved else ""),
    icon=":material/difference:",
    expanded=saved is not None,
):
    all_titles = dict(zip(everything.themes["key"], everything.themes["title"], strict=True))
    all_titles |= dict(zip(everything.groups["key"], everything.groups["title"], strict=True))
    changes_panel(
        saved, changes_since(saved.snapshot, now, level) if saved else None, data, all_titles
    )
save_session_form(store, workspace, now)

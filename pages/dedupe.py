"""Deduplicate: group repeated feedback, so ten voices count as one point, and review the groups."""

import math

import streamlit as st

from insights.grouping import (
    ACCEPTED,
    PROPOSED,
    eligible,
    group_table,
    review_queue,
    save_grouping,
    settings_of,
)
from insights.near_duplicates import MIN_THRESHOLD
from insights.ui.dedupe_panels import (
    ERRORS_AT,
    METHOD_LABELS,
    group_card,
    merges_for,
    not_feedback_panel,
    undo_bar,
    why,
)
from insights.ui.page import open_page, stop_without_highlights
from insights.ui.state import attempt, show_pending_error, workspace_data
from insights.ui.text import md_escape
from insights.wording import plural

PAGE_SIZE = 15

store, workspace = open_page()
data = workspace_data(store, workspace)
settings = settings_of(data)

st.title("Group repeated feedback")
st.write(
    "Notes that say the same thing are grouped, so ten people saying one thing count as one "
    "point with ten voices, and one person saying it ten times does not. Groups you accept, "
    "reword, merge or split are kept as they are, whatever runs or imports follow."
)
show_pending_error(ERRORS_AT)

undo_bar(store, workspace)

stop_without_highlights(data.active_highlights.empty)

st.subheader("Find groups")
highlights = eligible(data)
method = (
    st.segmented_control(
        "Group notes that say the same thing",
        list(METHOD_LABELS),
        format_func=METHOD_LABELS.get,
        default=settings.method,
        key="dedupe_method",
        help="By meaning and wording: also notes that make the same point in other words "
        '("delivery took forever" and "shipping was slow"). By wording only: notes worded '
        'alike. Either way, notes with opposite opinions on one subject ("the price is too '
        'high" and "the price is fair") are never grouped. Nothing leaves this machine.',
    )
    or settings.method
)
merges = merges_for(store, workspace, highlights, settings.scorer, method)
threshold = st.slider(
    "How alike must two notes be to count as the same point?",
    min_value=int(MIN_THRESHOLD),
    max_value=100,
    value=round(settings.threshold),
    help="Similarity from 0 to 100, the same scale for wording and meaning. Wording is "
    "compared after ignoring case, punctuation, word order, filler words, contractions, "
    "plurals and small typos; meaning by what the notes say. 85 is the measured default; "
    "lower finds more, higher is stricter.",
    key="dedupe_threshold",
)
groups, merged = merges.preview(threshold)
kept = len(data.clusters[data.clusters["status"] == ACCEPTED]) if len(data.clusters) else 0
st.markdown(
    f"At **{threshold}**, {plural(len(highlights), 'highlight')} would form "
    f"**{plural(groups, 'point')}**: **{plural(merged, 'highlight')}** would be counted into "
    "another's group."
    + (
        f" {plural(kept, 'group')} you decided on {'is' if kept == 1 else 'are'} kept as "
        f"{'it is' if kept == 1 else 'they are'}."
        if kept
        else ""
    )
)
if st.button("Group highlights", type="primary", icon=":material/join:"):
    attempt(
        save_grouping,
        store,
        workspace,
        highlights,
        merges,
        threshold,
        success=lambda s: (
            f"{plural(s.groups, 'group')} proposed from "
            f"{plural(s.grouped_highlights, 'highlight')}."
        ),
    )
    st.rerun()

not_feedback_panel(store, workspace, data)

st.subheader("Review groups")
table = group_table(data)
left, right = st.columns([2, 3])
show = left.segmented_control(
    "Show", ["To review", "Accepted", "All"], default="To review", key="dedupe_show"
)
search = right.text_input("Search", placeholder="a word in the group", key="dedupe_search")
wanted = {"To review": PROPOSED, "Accepted": ACCEPTED}.get(show or "All", "all")
queue = review_queue(table, wanted, search)
if queue.empty:
    if table["cluster_id"].notna().any():
        st.caption("No group matches. Change the filter or the search.")
    else:
        st.caption("No groups yet: choose a threshold and press Group highlights.")
    st.stop()

pages = math.ceil(len(queue) / PAGE_SIZE)
page = (
    st.number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1, key="dedupe_page")
    if pages > 1
    else 1
)
st.caption(f"{plural(len(queue), 'group')}, largest first.")  # numbers

by_id = data.highlights.set_index("id")
similarity = dict(
    zip(data.cluster_members["highlight_id"], data.cluster_members["similarity"], strict=True)
)
all_groups = table[table["cluster_id"].notna()]
names = {int(c): t for c, t in zip(all_groups["cluster_id"], all_groups["text"], strict=True)}
for _, group in queue.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE].iterrows():
    rows = by_id.loc[group["highlight_ids"], ["participant", "segment", "text"]].reset_index()
    rows["similarity"] = rows["id"].map(similarity).round(0)
    rows["why"] = why(rows, group["representative_id"], settings.scorer)
    others = {c: t for c, t in names.items() if c != int(group["cluster_id"])}
    group_card(store, workspace, group, rows, others)

st.caption(
    md_escape(
        f"Last run: {METHOD_LABELS[settings.method].lower()} · threshold {settings.threshold:g} "
        f"· wording scorer {settings.scorer}"
    )
)

"""Insights: the prioritized list, its charts, and the roadmap compared with the evidence."""

import streamlit as st

from insights.prioritize import THEME, Weights
from insights.ui.insight_filters import filter_widgets
from insights.ui.insight_panels import weights_editor
from insights.ui.insight_sections import (
    charts,
    part_picker,
    ranked_section,
    roadmap_section,
    summary_line,
)
from insights.ui.live_updates import follow
from insights.ui.page import open_page, stop_without_highlights
from insights.ui.state import evidence_of, prioritized, workspace_data

store, workspace = open_page()
data = workspace_data(store, workspace)
follow(store, workspace, data)  # live: colleagues' changes
found = evidence_of(store, data)

st.title("Insights")
stop_without_highlights(found.empty)

view = filter_widgets(found, data.ordered_themes["name"].tolist())
shown = prioritized(store, data, view, THEME, found)
summary_line(shown)
if shown.seen.empty:
    st.warning(
        "Nothing matches these filters. Loosen them to see insights.",
        icon=":material/filter_alt_off:",
    )
    st.stop()
weights_editor(store, workspace, Weights.from_settings(data.info.settings))
# One part at a time: every click then redraws a third of what the whole page held.
part = part_picker()
if part == "Charts":
    charts(shown)
elif part == "Roadmap":
    roadmap_section(store, workspace, view)
else:
    ranked_section(store, workspace, view)

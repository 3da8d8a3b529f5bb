"""Export: the prioritized list as shown, to CSV, Excel, Markdown, or back to the Google Sheet."""

import streamlit as st

from insights import export_formats
from insights.prioritize import GROUP, THEME
from insights.ui.export_panels import download_buttons, quote_bank_download, writeback_panel
from insights.ui.insight_filters import filter_widgets, level_picker
from insights.ui.page import open_page, stop_without_highlights
from insights.ui.state import evidence_of, prioritized, workspace_data
from insights.ui.text import md_escape
from insights.wording import plural

store, workspace = open_page()
data = workspace_data(store, workspace)
found = evidence_of(store, data)
theme_names = data.ordered_themes["name"].tolist()

st.title("Export")
stop_without_highlights(found.empty)
st.caption(
    "What is exported is what the Insights page shows: the same filters, the same order, "
    "the same figures. Cells that a spreadsheet would run as a formula are neutralized, and "
    "the quote bank's consent is honoured."
)

view = filter_widgets(found, theme_names)
level = level_picker("export_level", default=GROUP if found["theme_id"].isna().all() else THEME)
result = prioritized(store, data, view, level, found)
rows = export_formats.insight_rows(result)

st.markdown(
    f"{plural(len(rows), 'group' if level == GROUP else 'theme')} from "
    f"{plural(len(result.seen), 'highlight')} in view · "
    f"filters: {md_escape(export_formats.describe_view(view))}"
)
if rows.empty:
    st.warning(
        "Nothing to export at this level: no theme has highlights in view. Sort highlights "
        "into themes, pick “Groups within themes”, or loosen the filters.",
        icon=":material/filter_alt_off:",
    )
    st.stop()

st.dataframe(
    rows,
    hide_index=True,
    width="stretch",
    height="auto",  # ten rows at most, fewer when there are fewer
    column_config={
        "Insight": st.column_config.TextColumn(width="large"),
        "Quote 1": st.column_config.TextColumn(width="large"),
    },
    key="export_preview",
)

st.subheader("Download")
download_buttons(result, workspace, key="export")
quote_bank_download(data, workspace, key="export_quotes_csv")

st.subheader("Back to the Google Sheet")
writeback_panel(store, workspace, result)

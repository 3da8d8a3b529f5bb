"""Insights: the prioritized list, its charts, and the roadmap compared with the evidence."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from insights.decisions import link, unlink
from insights.prioritize import GROUP, THEME, Weights, theme_segment_matrix
from insights.roadmap import aligned, coverage, gaps, suggest_links, unsupported
from insights.ui.charts import (
    CHART_CONFIG,
    frequency_by_theme,
    roadmap_coverage,
    theme_segment_heatmap,
)
from insights.ui.export_panels import download_buttons
from insights.ui.insight_filters import filter_widgets, level_picker, request_filter, view_query
from insights.ui.insight_panels import drill_down, insight_table, weights_editor
from insights.ui.navigation import page_for, point_to
from insights.ui.page import open_page, stop_without_highlights
from insights.ui.state import attempt, evidence_of, prioritized, workspace_data
from insights.ui.text import md_escape
from insights.wording import plural

HEADERS = {
    "item": "Roadmap item",
    "status": "Status",
    "target_quarter": "Target quarter",
    "owner": "Owner",
    "area": "Area",
    "insights": "Insights",
    "mentions": "Mentions",
    "participants": "Participants",
    "segments": "Segments",
    "title": "Insight",
    "theme": "Theme",
    "score": "Score",
}

store, workspace = open_page()
data = workspace_data(store, workspace)
found = evidence_of(store, data)
theme_names = data.ordered_themes["name"].tolist()

st.title("Insights")
stop_without_highlights(found.empty)

view = filter_widgets(found, theme_names)
shown = prioritized(store, data, view, THEME, found)
seen, scope, themes_ranked, groups_ranked = shown.seen, shown.scope, shown.themes, shown.groups
weights = Weights.from_settings(data.info.settings)

unthemed = int(seen["theme_id"].isna().sum())
repeated = int((groups_ranked["mentions"] > 1).sum())
st.markdown(
    f"**{plural(len(seen), 'highlight')}** from **{plural(scope.participants, 'participant')}** "
    f"in view · {plural(len(themes_ranked), 'theme')} · {plural(repeated, 'repeated point')}"
)
if unthemed:
    point_to(
        "themes",
        f"{plural(unthemed, 'highlight')} in view {'is' if unthemed == 1 else 'are'} not in "
        "a theme yet, so in no theme insight.",
        "Sort them into themes",
    )
if seen.empty:
    st.warning(
        "Nothing matches these filters. Loosen them to see insights.",
        icon=":material/filter_alt_off:",
    )
    st.stop()

weights_editor(store, workspace, weights)


# -- charts: a click narrows the page -----------------------------------------------------


def _chart_click(chart: str) -> None:
    points = st.session_state[chart]["selection"]["points"]
    if not points:
        return
    point = points[0]
    if chart.startswith("chart_frequency"):
        request_filter(themes=[point.get("customdata") or point.get("y")])
    else:
        request_filter(themes=[point["y"]], segments=[point["x"]])
    st.session_state["_chart_version"] = st.session_state.get("_chart_version", 0) + 1


version = st.session_state.get("_chart_version", 0)
left, right = st.columns(2)
with left:
    st.subheader("Frequency by theme")
    if themes_ranked.empty:
        st.caption("No highlight in view is in a theme yet.")
    else:
        by_name = themes_ranked.sort_values(
            ["participants", "mentions", "theme"], ascending=[False, False, True]
        ).set_index("theme")  # the most people first, as the ranking
        frequency_key = f"chart_frequency_{version}"
        st.plotly_chart(
            frequency_by_theme(
                list(by_name.index), by_name["mentions"].tolist(), by_name["participants"].tolist()
            ),
            on_select=lambda: _chart_click(frequency_key),
            selection_mode="points",
            key=frequency_key,
            width="stretch",
            config=CHART_CONFIG,
        )
with right:
    st.subheader("Themes × segments")
    matrix = theme_segment_matrix(seen)
    if matrix.empty:
        st.caption("No highlight in view is in a theme yet.")
    else:
        heatmap_key = f"chart_heatmap_{version}"
        st.plotly_chart(
            theme_segment_heatmap(matrix),
            on_select=lambda: _chart_click(heatmap_key),
            selection_mode="points",
            key=heatmap_key,
            width="stretch",
            config=CHART_CONFIG,
        )
st.caption(
    "Click a bar or a cell to narrow the page to it; the filters above show what is applied."
)

# -- the ranked insights -------------------------------------------------------------------

st.subheader("Prioritized insights")
level = level_picker("insight_level")
ranked = groups_ranked if level == GROUP else themes_ranked
if ranked.empty:
    st.caption("No theme has highlights in view. Sort highlights into themes, or look at groups.")
else:
    picked = insight_table(ranked, key=f"insight_table_{level}")
    if picked is not None:
        insight = ranked[ranked["key"] == picked].iloc[0]
        drill_down(
            store,
            workspace,
            data,
            seen,
            insight,
            suggest_links(data, ranked[ranked["key"] == picked], seen),
        )
    else:
        st.caption("Select a row to see the quotes behind it and record a decision.")
    shown = replace(shown, level=level)
    st.markdown("**Export this list as shown**")
    download_buttons(shown, workspace, key="insights_export")
    workshop_page, export_page = page_for("workshop"), page_for("export")
    links = st.columns(2)
    if workshop_page is not None:
        links[0].page_link(
            workshop_page,
            label="Run a workshop on this list",
            icon=":material/co_present:",
            query_params=view_query(),
        )
    if export_page is not None:
        links[1].page_link(
            export_page,
            label="Write it back to the Google Sheet, or export the quote bank",
            icon=":material/ios_share:",
            query_params=view_query(),
        )

# -- the roadmap ---------------------------------------------------------------------------

st.subheader("The roadmap and the evidence")
if data.active_roadmap.empty:
    st.caption(
        "No roadmap imported yet: import the roadmap worksheet to compare it with the evidence."
    )
    st.stop()
chart_column, lists_column = st.columns([2, 3])
with chart_column:
    covered = coverage(data, seen)
    st.plotly_chart(
        roadmap_coverage(
            covered["status"].tolist(), covered["mentions"].tolist(), covered["share"].tolist()
        ),
        key="chart_coverage",
        width="stretch",
        config=CHART_CONFIG,
    )
    st.caption("Mentions in view behind roadmap items of each status, and behind none.")
with lists_column:
    with_evidence = aligned(data, seen)
    missing = pd.concat([gaps(themes_ranked), gaps(groups_ranked[groups_ranked["mentions"] > 1])])
    bets = unsupported(data, seen)
    aligned_tab, gaps_tab, bets_tab = st.tabs(
        [
            f"Aligned ({len(with_evidence)})",
            f"Gaps ({len(missing)})",
            f"Unsupported bets ({len(bets)})",
        ]
    )
    with aligned_tab:
        st.caption("Roadmap items with evidence behind them.")
        st.dataframe(
            with_evidence.drop(columns=["item_id"]).rename(columns=HEADERS),
            hide_index=True,
            width="stretch",
        )
    with gaps_tab:
        st.caption("Insights that 3 or more people raised, with no roadmap item.")
        st.dataframe(
            missing[["title", "theme", "mentions", "participants", "score"]]
            .round({"score": 0})
            .rename(columns=HEADERS),
            hide_index=True,
            width="stretch",
        )
    with bets_tab:
        st.caption("Roadmap items with no evidence linked to them.")
        st.dataframe(
            bets.drop(columns=["id"]).rename(columns=str.capitalize),
            hide_index=True,
            width="stretch",
        )

to_review = suggest_links(data, groups_ranked[groups_ranked["mentions"] > 1].head(60), seen)
if to_review:
    with st.expander(f"Suggested links to review ({len(to_review)})", icon=":material/link:"):
        names = dict(zip(data.active_roadmap["id"], data.active_roadmap["item"], strict=True))
        titles = dict(zip(groups_ranked["key"], groups_ranked["title"], strict=True))
        for suggestion in to_review[:30]:
            text, confirm, dismiss = st.columns([6, 1, 1], vertical_alignment="center")
            text.markdown(
                f"{md_escape(titles[suggestion.insight_key][:90])} → "
                f"**{md_escape(names[suggestion.item_id])}** ({suggestion.score:.0f}% similar)"
            )
            pair = f"{suggestion.insight_key}_{suggestion.item_id}"
            if confirm.button("Confirm", key=f"s_confirm_{pair}"):
                attempt(
                    link,
                    store,
                    workspace,
                    suggestion.insight_key,
                    suggestion.item_id,
                    suggested=True,
                    success="Linked.",
                )
                st.rerun()
            if dismiss.button("Dismiss", key=f"s_dismiss_{pair}"):
                attempt(
                    unlink,
                    store,
                    workspace,
                    suggestion.insight_key,
                    suggestion.item_id,
                    dismiss=True,
                    success="Dismissed.",
                )
                st.rerun()

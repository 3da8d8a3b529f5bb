"""The Insights page, section by section: summary, charts, the ranked list, the roadmap.

The ranked list (with its drill-down) and the roadmap are fragments: a
decision, a severity, a confirmed link or a row picked reruns only that
section, not the charts and tables of the whole page. A filter change, or a
click on a chart (which is a filter change), reruns the page.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from insights.decisions import review_links
from insights.filters import InsightFilter
from insights.prioritize import GROUP, Prioritized, theme_segment_matrix
from insights.roadmap import aligned, coverage, gaps, suggest_links, unsupported
from insights.store import Store
from insights.ui.bars import coverage_bars
from insights.ui.charts import PICK, frequency_by_theme, theme_segment_heatmap
from insights.ui.export_panels import download_buttons
from insights.ui.insight_filters import (
    address_choice,
    level_picker,
    request_filter,
    view_query,
)
from insights.ui.insight_panels import drill_down, insight_table
from insights.ui.navigation import page_for, point_to
from insights.ui.state import attempt, evidence_of, prioritized, show_flash, workspace_data
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
_CHART_VERSION = "_chart_version"
PARTS = ["Ranked insights", "Charts", "Roadmap"]  # the page shows one part at a time
PART_KEY = "insights_part"
PART_PARAM = "show"
_PART_IN_ADDRESS = {"Ranked insights": "ranked", "Charts": "charts", "Roadmap": "roadmap"}


def part_picker() -> str:
    """Which part the page shows (a label of ``PARTS``), kept in the address like the filters."""
    shown = address_choice("Show", PART_KEY, PART_PARAM, _PART_IN_ADDRESS, PARTS[0])
    return next(part for part, value in _PART_IN_ADDRESS.items() if value == shown)


def summary_line(shown: Prioritized) -> None:
    """How much is in view, and what is not in a theme yet."""
    seen = shown.seen
    repeated = int((shown.groups["mentions"] > 1).sum())
    st.markdown(
        f"**{plural(len(seen), 'highlight')}** from "
        f"**{plural(shown.scope.participants, 'participant')}** in view · "
        f"{plural(len(shown.themes), 'theme')} · {plural(repeated, 'repeated point')}"
    )
    unthemed = int(seen["theme_id"].isna().sum())
    if unthemed:
        point_to(
            "themes",
            f"{plural(unthemed, 'highlight')} in view {'is' if unthemed == 1 else 'are'} not "
            "in a theme yet, so in no theme insight.",
            "Sort them into themes",
        )


def _chart_click(chart: str) -> None:
    """A click on a bar (a theme) or a cell (a theme and a segment) narrows the page to it."""
    picked = (st.session_state[chart].get("selection") or {}).get(PICK) or []
    if not picked:
        return
    point = picked[0]
    if "segment" in point:
        request_filter(themes=[point["theme"]], segments=[point["segment"]])
    else:
        request_filter(themes=[point["theme"]])
    st.session_state[_CHART_VERSION] = st.session_state.get(_CHART_VERSION, 0) + 1
    st.session_state[PART_KEY] = PARTS[0]  # show what the click narrowed to: its insights


def _clickable_chart(chart, key: str) -> None:
    st.altair_chart(
        chart,
        on_select=lambda: _chart_click(key),
        selection_mode=PICK,
        key=key,
        width="stretch",
    )


def charts(shown: Prioritized) -> None:
    """Frequency by theme and themes × segments; a click narrows the page to it."""
    version = st.session_state.get(_CHART_VERSION, 0)
    left, right = st.columns(2)
    with left:
        st.subheader("Frequency by theme")
        if shown.themes.empty:
            st.caption("No highlight in view is in a theme yet.")
        else:
            by_name = shown.themes.sort_values(
                ["participants", "mentions", "theme"], ascending=[False, False, True]
            ).set_index("theme")  # the most people first, as the ranking
            figure = frequency_by_theme(
                list(by_name.index), by_name["mentions"].tolist(), by_name["participants"].tolist()
            )
            _clickable_chart(figure, f"chart_frequency_{version}")
    with right:
        st.subheader("Themes × segments")
        matrix = theme_segment_matrix(shown.seen)
        if matrix.empty:
            st.caption("No highlight in view is in a theme yet.")
        else:
            _clickable_chart(theme_segment_heatmap(matrix), f"chart_heatmap_{version}")
    st.caption(
        "Click a bar or a cell to see its ranked insights; the filters above show what is applied."
    )


EXPORT_OPEN = "insights_export_open"


@st.fragment
def ranked_section(store: Store, workspace: str, view: InsightFilter) -> None:
    """The ranked list at the level picked, the drill-down of the row picked, exports."""
    show_flash()  # a fragment rerun skips app.py, which shows the last click's message
    data = workspace_data(store, workspace)
    st.subheader("Prioritized insights")
    level = level_picker("insight_level")
    shown = replace(prioritized(store, data, view, level, evidence_of(store, data)), level=level)
    ranked = shown.ranked
    if ranked.empty:
        st.caption(
            "No theme has highlights in view. Sort highlights into themes, or look at groups."
        )
        return
    picked = insight_table(ranked, key=f"insight_table_{level}")
    if picked is None:
        st.caption("Select a row to see the quotes behind it and record a decision.")
    else:
        row = ranked[ranked["key"] == picked]
        drill_down(
            store, workspace, data, shown.seen, row.iloc[0], suggest_links(data, row, shown.seen)
        )
    exports = st.expander(  # drawn when opened: three buttons fewer on every visit
        "Export this list as shown", icon=":material/download:", key=EXPORT_OPEN, on_change="rerun"
    )
    if exports.open:
        with exports:
            download_buttons(shown, workspace, key="insights_export")
    _onward_links()


def _onward_links() -> None:
    links = st.columns(2)
    for column, (page, label, icon) in zip(
        links,
        (
            (page_for("workshop"), "Run a workshop on this list", ":material/co_present:"),
            (
                page_for("export"),
                "Write it back to the Google Sheet, or export the quote bank",
                ":material/ios_share:",
            ),
        ),
        strict=True,
    ):
        if page is not None:
            column.page_link(
                page, label=label, icon=icon, query_params=view_query(leave_out=(PART_PARAM,))
            )


@st.fragment
def roadmap_section(store: Store, workspace: str, view: InsightFilter) -> None:
    """The roadmap against the evidence in view: coverage, aligned, gaps, bets, suggestions."""
    show_flash()
    data = workspace_data(store, workspace)
    st.subheader("The roadmap and the evidence")
    if data.active_roadmap.empty:
        st.caption(
            "No roadmap imported yet: import the roadmap worksheet to compare it with the evidence."
        )
        return
    shown = prioritized(store, data, view, GROUP, evidence_of(store, data))
    chart_column, lists_column = st.columns([2, 3])
    with chart_column:
        covered = coverage(data, shown.seen)
        st.caption("Mentions in view behind roadmap items of each status, and behind none.")
        coverage_bars(
            covered["status"].tolist(), covered["mentions"].tolist(), covered["share"].tolist()
        )
    with lists_column:
        _roadmap_tabs(data, shown)
    _suggested_links(store, workspace, data, shown)


def _roadmap_tabs(data, shown: Prioritized) -> None:
    with_evidence = aligned(data, shown.seen)
    missing = pd.concat([gaps(shown.themes), gaps(shown.groups[shown.groups["mentions"] > 1])])
    bets = unsupported(data, shown.seen)
    aligned_tab, gaps_tab, bets_tab = st.tabs(
        [
            f"Aligned ({len(with_evidence)})",
            f"Gaps ({len(missing)})",
            f"Unsupported bets ({len(bets)})",
        ]
    )
    tables = [
        (
            aligned_tab,
            "Roadmap items with evidence behind them.",
            with_evidence.drop(columns=["item_id"]).rename(columns=HEADERS),
        ),
        (
            gaps_tab,
            "Insights that 3 or more people raised, with no roadmap item.",
            missing[["title", "theme", "mentions", "participants", "score"]]
            .round({"score": 0})
            .rename(columns=HEADERS),
        ),
        (
            bets_tab,
            "Roadmap items with no evidence linked to them.",
            bets.drop(columns=["id"]).rename(columns=str.capitalize),
        ),
    ]
    for tab, words, table in tables:
        with tab:
            st.caption(words)
            st.dataframe(table, hide_index=True, width="stretch")


LINK, DISMISS, LATER = "Link", "Dismiss", "Decide later"


def _suggested_links(store: Store, workspace: str, data, shown: Prioritized) -> None:
    """Links the wording suggests, reviewed in one table: link, dismiss, or leave for later."""
    groups = shown.groups
    to_review = suggest_links(data, groups[groups["mentions"] > 1].head(60), shown.seen)[:30]
    if not to_review:
        return
    names = dict(zip(data.active_roadmap["id"], data.active_roadmap["item"], strict=True))
    titles = dict(zip(groups["key"], groups["title"], strict=True))
    table = pd.DataFrame(
        {
            "insight": [titles[s.insight_key] for s in to_review],
            "item": [names[s.item_id] for s in to_review],
            "similar": [round(s.score) for s in to_review],
            "choice": LATER,
        }
    )
    title = f"Suggested links to review ({len(to_review)})"
    editor = f"review_links_{data.version_of('insight_roadmap_links')}"
    pairs = [(s.insight_key, s.item_id) for s in to_review]
    with st.expander(title, icon=":material/link:"), st.form("review_links", border=False):
        st.data_editor(
            table,
            hide_index=True,
            width="stretch",
            disabled=["insight", "item", "similar"],
            column_config={
                "insight": st.column_config.TextColumn("Insight", width="large"),
                "item": st.column_config.TextColumn("Roadmap item", width="medium"),
                "similar": st.column_config.NumberColumn("Similar (%)", width="small"),
                "choice": st.column_config.SelectboxColumn(
                    "Your call", options=[LINK, DISMISS, LATER], required=True
                ),
            },
            key=editor,
        )
        st.form_submit_button(
            "Save these choices",
            icon=":material/link:",
            on_click=_save_link_choices,
            args=(store, workspace, pairs, editor),
        )


def _save_link_choices(
    store: Store, workspace: str, pairs: list[tuple[str, str]], editor: str
) -> None:
    """The table's choices, saved before the section is drawn again (one action)."""
    edits = (st.session_state.get(editor) or {}).get("edited_rows", {})
    picked = {int(row): change.get("choice") for row, change in edits.items()}
    attempt(
        review_links,
        store,
        workspace,
        [pair for row, pair in enumerate(pairs) if picked.get(row) == LINK],
        [pair for row, pair in enumerate(pairs) if picked.get(row) == DISMISS],
        success=lambda n: f"Saved {plural(n, 'choice')}.",
    )

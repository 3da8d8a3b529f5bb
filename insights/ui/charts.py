"""Plotly charts drawn the same way on every page: large type, readable on a projector.

Plotly draws its own tags (<a href>, <b>) in labels and hovers: every name shown
goes through ``plot_escape``. A chart a click reads (by its theme or segment) keeps
the names as they are in its data, and shows escaped ones as tick labels and hovers.
"""

from __future__ import annotations

import plotly.graph_objects as go

from insights.ui.text import plot_escape
from insights.wording import share

FONT_SIZE = 16
# No toolbar: it covered the legend, and zooming a bar chart is not what a PM does here.
CHART_CONFIG = {"displayModeBar": False}
BAR_COLOR = "#1565C0"


def count_bars(counts: dict[str, int], value_label: str) -> go.Figure:
    """Horizontal bars, largest on top, each labelled with its count."""
    labels = list(counts)[::-1]
    values = [counts[k] for k in labels]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=[plot_escape(label) for label in labels],
            orientation="h",
            text=values,
            textposition="auto",
            marker_color=BAR_COLOR,
            hovertemplate="%{y}: %{x} " + value_label.lower() + "<extra></extra>",
        )
    )
    figure.update_layout(
        font={"size": FONT_SIZE},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=60 + 48 * max(len(labels), 1),
        xaxis={"title": value_label, "rangemode": "tozero"},
        yaxis={"automargin": True},
        showlegend=False,
    )
    return figure


PROJECTOR_LAYOUT = {
    "font": {"size": FONT_SIZE},
    "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
    "legend": {"orientation": "h", "y": 1.08, "x": 0},
}
MENTIONS_COLOR = "#1565C0"
PARTICIPANTS_COLOR = "#EF6C00"


def frequency_by_theme(
    themes: list[str], mentions: list[int], participants: list[int]
) -> go.Figure:
    """Mentions and unique participants per theme, side by side; a click picks the theme.

    The click reads the theme's name from ``customdata``, which Plotly does not draw.
    """
    shown = [plot_escape(theme) for theme in themes]
    figure = go.Figure(
        [
            go.Bar(
                name="Mentions",
                y=shown,
                x=mentions,
                orientation="h",
                marker_color=MENTIONS_COLOR,
                text=mentions,
                textposition="auto",
                customdata=themes,
                hovertemplate="%{y}: %{x} mentions<extra></extra>",
            ),
            go.Bar(
                name="Unique participants",
                y=shown,
                x=participants,
                orientation="h",
                marker_color=PARTICIPANTS_COLOR,
                text=participants,
                textposition="auto",
                customdata=themes,
                hovertemplate="%{y}: %{x} participants<extra></extra>",
            ),
        ]
    )
    figure.update_layout(
        **PROJECTOR_LAYOUT,
        barmode="group",
        height=120 + 70 * max(len(themes), 1),
        yaxis={"autorange": "reversed", "automargin": True},
        clickmode="event+select",
    )
    return figure


def _labelled(values: list) -> dict:
    """An axis that shows escaped names as ticks while its data keeps them as they are."""
    return {"tickmode": "array", "tickvals": values, "ticktext": [plot_escape(v) for v in values]}


def theme_segment_heatmap(matrix) -> go.Figure:
    """Unique participants in each theme and segment; a click picks both (by their names)."""
    themes, segments = list(matrix.index), list(matrix.columns)
    figure = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=segments,
            y=themes,
            colorscale="Blues",
            text=matrix.to_numpy(),
            texttemplate="%{text}",
            textfont={"size": FONT_SIZE},
            hovertext=[
                [f"{plot_escape(theme)} · {plot_escape(segment)}" for segment in segments]
                for theme in themes
            ],
            hovertemplate="%{hovertext}: %{z} participants<extra></extra>",
            colorbar={"title": "People"},
        )
    )
    figure.update_layout(
        **PROJECTOR_LAYOUT,
        height=120 + 60 * max(len(matrix.index), 1),
        yaxis={"automargin": True, "autorange": "reversed", **_labelled(themes)},
        xaxis={"automargin": True, **_labelled(segments)},
        clickmode="event+select",
    )
    return figure


COVERAGE_COLORS = {
    "shipped": "#2E7D32",
    "in progress": "#1565C0",
    "planned": "#6A1B9A",
    "idea": "#EF6C00",
    "no roadmap item": "#9E9E9E",
}


def roadmap_coverage(statuses: list[str], mentions: list[int], shares: list[float]) -> go.Figure:
    """How much of the evidence sits behind planned, in-progress, shipped items, and behind none."""
    figure = go.Figure(
        go.Bar(
            x=mentions,
            y=[plot_escape(status) for status in statuses],
            orientation="h",
            marker_color=[COVERAGE_COLORS.get(s, BAR_COLOR) for s in statuses],
            text=[f"{m} ({share(s)})" for m, s in zip(mentions, shares, strict=True)],
            textposition="auto",
            hovertemplate="%{y}: %{x} mentions<extra></extra>",
        )
    )
    figure.update_layout(
        **PROJECTOR_LAYOUT,
        height=120 + 50 * len(statuses),
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"title": "Mentions"},
        showlegend=False,
    )
    return figure

"""Plotly charts drawn the same way on every page: large type, readable on a projector."""

from __future__ import annotations

import plotly.graph_objects as go

FONT_SIZE = 16
BAR_COLOR = "#1565C0"


def count_bars(counts: dict[str, int], value_label: str) -> go.Figure:
    """Horizontal bars, largest on top, each labelled with its count."""
    labels = list(counts)[::-1]
    values = [counts[k] for k in labels]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
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

"""The Insights page's charts (Vega-Lite): large type, readable on a projector, clickable.

Altair takes about 0.4 s to import, so the Overview's bars are in ``bars.py``
and this module is imported by the pages that draw these charts only.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

FONT_SIZE = 16

BAR_COLOR = "#1565C0"


MENTIONS_COLOR = "#1565C0"
PARTICIPANTS_COLOR = "#EF6C00"
PICK = "pick"  # the name of a chart's click selection, read back by the page


def _projector(chart: alt.Chart) -> alt.Chart:
    """Large type, no chart menu: readable on a projector."""
    return (
        chart.configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=260)
        .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, orient="top")
        .configure_text(fontSize=FONT_SIZE)
    )


def frequency_by_theme(
    themes: list[str], mentions: list[int], participants: list[int]
) -> alt.Chart:
    """Mentions and unique participants per theme, side by side, in the order given; a click
    picks the theme. (Vega-Lite: a tenth of Plotly's weight in the browser.)"""
    frame = pd.DataFrame(
        {
            "theme": themes * 2,
            "measure": ["Mentions"] * len(themes) + ["Unique participants"] * len(themes),
            "count": [*mentions, *participants],
        }
    )
    pick = alt.selection_point(name=PICK, fields=["theme"])
    base = alt.Chart(frame).encode(
        y=alt.Y("theme:N", sort=themes, title=None),
        x=alt.X("count:Q", title=None),
        yOffset=alt.YOffset("measure:N"),
    )
    bars = (
        base.mark_bar()
        .encode(
            color=alt.Color(
                "measure:N",
                title=None,
                scale=alt.Scale(
                    domain=["Mentions", "Unique participants"],
                    range=[MENTIONS_COLOR, PARTICIPANTS_COLOR],
                ),
            ),
            tooltip=["theme:N", "measure:N", "count:Q"],
        )
        .add_params(pick)
    )
    labels = base.mark_text(align="left", dx=4).encode(text="count:Q")
    return _projector((bars + labels).properties(height=alt.Step(24)))


def theme_segment_heatmap(matrix: pd.DataFrame) -> alt.Chart:
    """Unique participants in each theme and segment; a click picks both."""
    matrix = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    frame = matrix.rename_axis(index="theme", columns="segment").stack().rename("people")
    frame = frame.reset_index()
    pick = alt.selection_point(name=PICK, fields=["theme", "segment"])
    base = alt.Chart(frame).encode(
        x=alt.X(
            "segment:N",
            sort=list(matrix.columns),
            title=None,
            axis=alt.Axis(labelAngle=-30, labelLimit=200, labelOverlap=False, orient="top"),
        ),
        y=alt.Y("theme:N", sort=list(matrix.index), title=None),
    )
    cells = (
        base.mark_rect()
        .encode(
            color=alt.Color("people:Q", title="People", scale=alt.Scale(scheme="blues")),
            tooltip=["theme:N", "segment:N", "people:Q"],
        )
        .add_params(pick)
    )
    counts = base.mark_text().encode(
        text="people:Q",
        color=alt.condition(
            alt.datum.people > frame["people"].max() / 2, alt.value("white"), alt.value("black")
        ),
    )
    return _projector((cells + counts).properties(height=alt.Step(48), width=alt.Step(80)))

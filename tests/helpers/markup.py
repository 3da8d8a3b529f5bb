"""What a page sends to the browser that Streamlit or Plotly would render as markup.

Streamlit renders as Markdown every body, label, tab, expander, help tooltip, toast
and radio or segmented-control option; Plotly renders its own tags in chart labels.
``markup_shown`` walks everything an AppTest run drew, except the fields shown as
plain text (selectbox options, text inputs, table cells, the board's data), and
reports hostile text that would act as markup (``MARKUP_SIGNS``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from bad_input import MARKUP_SIGNS
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from insights.ui.text import WORD_JOINER

# Fields Streamlit shows as plain text, or that are not shown at all.
PLAIN_FIELDS = {
    "id", "icon", "type", "format", "tag", "page", "page_script_hash", "placeholder",
    "deferred_file_id", "form_id", "raw_value", "raw_values", "default", "value", "min",
    "max", "theme", "config", "column_order", "columns", "url", "component_name",
    "css_content", "js_content", "html_content", "css_source_path", "js_source_path",
    "json", "spec", "data", "query_string",
}  # fmt: skip
PLAIN_OPTIONS = {"Selectbox", "MultiSelect"}  # their options are plain text
HTML_TAG = re.compile(MARKUP_SIGNS["an HTML tag"])


def _strings(message: Message) -> Iterator[tuple[str, str, str]]:
    """(message type, field, text) for every string in a proto, nested ones too."""
    for field, value in message.ListFields():
        values = (
            value if hasattr(value, "__len__") and not isinstance(value, str | bytes) else [value]
        )
        for item in values:
            if isinstance(item, Message):
                yield from _strings(item)
            elif isinstance(item, str):
                yield type(message).__name__, field.name, item


def _nodes(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _walk(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _plotly_strings(spec: str) -> Iterator[str]:
    """The strings of a Plotly figure that it draws as text.

    Not ``customdata``, ``z`` or ``tickvals`` (never drawn), nor an axis's data
    when the axis draws ``ticktext`` instead (hovers then draw ``hovertext``).
    """
    figure = json.loads(spec)
    layout = figure.get("layout", {})
    ticked = {
        name[0]
        for name, axis in layout.items()
        if name in ("xaxis", "yaxis") and "ticktext" in axis
    }
    for trace in figure.get("data", []):
        for key, value in trace.items():
            if key in ("customdata", "z", "tickvals") or key in ticked:
                continue
            yield from _walk(value)
    for name, value in layout.items():
        if name in ("xaxis", "yaxis") and isinstance(value, dict):
            value = {k: v for k, v in value.items() if k != "tickvals"}
        if name != "template":
            yield from _walk(value)


def markup_shown(at: AppTest) -> list[str]:
    """Every place where hostile text would act as markup, described."""
    found = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        for kind, field, text in _strings(proto):
            if kind == "PlotlyChart" and field == "spec":
                found += [
                    f"Plotly label {s!r}" for s in _plotly_strings(text) if HTML_TAG.search(s)
                ]
                continue
            if field in PLAIN_FIELDS or (field == "options" and kind in PLAIN_OPTIONS):
                continue
            found += [
                f"{kind}.{field} ({sign}): {text[:160]!r}"
                for sign, pattern in MARKUP_SIGNS.items()
                if re.search(pattern, text)
            ]
    return found


def as_text(markdown: str) -> str:
    """The text a person reads in escaped Markdown: backslashes and word joiners removed."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")

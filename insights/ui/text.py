"""Show untrusted text (highlights, names, messages that quote them) without it acting as markup.

One rule: text that came from a person or a file reaches the page either through a
widget that shows plain text (st.dataframe cells, text inputs, selectbox and
multiselect options, the board component) or through ``md_escape`` first. Streamlit
renders as Markdown every body (markdown, caption, alerts, toasts), every label
(widgets, buttons, expanders, tabs, popovers, metrics, page links), every ``help``
tooltip and the options of radios and segmented controls. Plotly renders its own
pseudo-HTML in axis labels and hovers: ``plot_escape`` is for those.

Messages (a toast, an error) are plain text wherever they are made, in the core as
in the UI, and escaped once, where they are shown.
"""

from __future__ import annotations

import html
import re

# CommonMark lets any ASCII punctuation be escaped with a backslash; Streamlit
# adds :directives:, $math$ and ~strike~ on top, all covered by this set.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:~$&\"'=^])")
# GitHub-flavoured autolinks ("http://x.y", "www.x.y", "a@x.y") are found in the text
# after backslash escapes are undone, so escaping cannot stop them: a word joiner
# (U+2060, invisible) after "://", "www" and "@" breaks the pattern instead.
_AUTOLINK = re.compile(r"(://|www(?=\.)|@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def md_escape(text: object) -> str:
    """Text that Streamlit's Markdown shows literally: no links, images, colors or HTML."""
    value = "" if text is None else str(text)
    value = _AUTOLINK.sub(lambda m: m.group(1) + WORD_JOINER, value)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value).replace("\n", "  \n")


def plot_escape(text: object) -> str:
    """Text that Plotly shows literally in a label or hover: no <a href>, no <b>."""
    return html.escape("" if text is None else str(text), quote=False)

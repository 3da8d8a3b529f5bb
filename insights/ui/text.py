"""Show untrusted text (highlights, names) in Streamlit without it acting as markup."""

from __future__ import annotations

import re

# CommonMark lets any ASCII punctuation be escaped with a backslash; Streamlit
# adds :directives:, $math$ and ~strike~ on top, all covered by this set.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:~$&\"'=^])")


def md_escape(text: object) -> str:
    """Text that Streamlit's Markdown shows literally: no links, images, colors or HTML."""
    value = "" if text is None else str(text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value).replace("\n", "  \n")

"""The app's pages, one per step of the work, and links between them."""

from __future__ import annotations

import streamlit as st

# step -> (file, title, icon); a step appears here only once its page works. The step is
# also the page's address (/themes), and the file must keep that name: a fresh server's
# first run finds the page by its file name (see insights/ui/page.py).
_PAGES: dict[str, tuple[str, str, str]] = {
    "overview": ("pages/overview.py", "Overview", ":material/dashboard:"),
    "import": ("pages/import.py", "Import", ":material/upload_file:"),
    "dedupe": ("pages/dedupe.py", "Deduplicate", ":material/join:"),
    "themes": ("pages/themes.py", "Themes", ":material/view_kanban:"),
    "insights": ("pages/insights.py", "Insights", ":material/insights:"),
    "workshop": ("pages/workshop.py", "Workshop", ":material/co_present:"),
    "quotes": ("pages/quotes.py", "Quote bank", ":material/format_quote:"),
    "export": ("pages/export.py", "Export", ":material/ios_share:"),
}


def _page(step: str) -> st.Page:
    path, title, icon = _PAGES[step]
    return st.Page(path, title=title, icon=icon, url_path=step, default=step == "overview")


def build_pages() -> list[st.Page]:
    """The st.Page objects for st.navigation, in the order the work is done.

    New objects on every run, never shared: st.navigation marks the one it returns
    as the page this run may call, and running it clears the mark, so a page object
    two sessions shared could be run by one and refused to the other.
    """
    return [_page(step) for step in _PAGES]


def page_for(step: str) -> st.Page | None:
    """The page where a step is done (for a link), or None while it has no page yet."""
    return _page(step) if step in _PAGES else None


def point_to(step: str, note: str, action: str) -> None:
    """A note on what is missing, then a short link to the page that fixes it.

    The link's label stays short because Streamlit draws page links on one line.
    """
    st.caption(note)
    page = page_for(step)
    if page is not None:
        _, _, icon = _PAGES[step]
        st.page_link(page, label=action, icon=icon)

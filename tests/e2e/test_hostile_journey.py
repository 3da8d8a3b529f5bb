"""In a real browser: the app calls nothing outside itself, and hostile text stays text.

One server, on a store with the sample studies and a workspace that holds hostile
text in every field (tests/helpers/hostile_study.py); one browser context that
routes every request and records its host (only the app's own, 127.0.0.1, is let
through). The walk opens every page, view, tab, expander and popover, and a few
hostile addresses, and looks after each step for a link or image that points at
the hostile host: in the DOM, inside the board's open shadow root, in Plotly's SVG.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote, urlparse

import pytest
from bad_input import HOSTILE_HOST, HOSTILE_TEXT
from hostile_study import WORKSPACE, make_hostile_study
from playwright.sync_api import Browser, BrowserContext, Page, expect
from streamlit_page import wait_for_app

from insights.store import Store
from insights.workspaces import ensure_samples

APP_HOST = "127.0.0.1"
HOSTILE_THEME = "![x](http://hostile.test/p.png)[Session expired](http://hostile.test/phish)"
HOSTILE_CSV = "\n".join(
    [
        'Quote,Customer,Segment,Date,"Tag [x](http://hostile.test/tag)"',
        *[
            f'"{text} note {n}","{HOSTILE_TEXT[-1 - n]}","{HOSTILE_TEXT[n % 3]}",'
            f'0{n + 1}/04/2026,"{text}"'
            for n, text in enumerate(HOSTILE_TEXT[:9])
        ],
    ]
).encode()

# Every attribute through which a page loads or links something, in the light DOM and in
# every open shadow root (the board); Plotly links with xlink:href. What counts is where
# it points: our own links may carry a hostile workspace name, percent-encoded, in their
# query, and that is text, not a destination.
LINKS_AND_LOADS = """(host) => {
  const names = ["href", "src", "xlink:href", "action", "formaction", "poster", "background"];
  const points = (value) => {
    try { return new URL(value.trim(), document.baseURI).hostname.endsWith(host); }
    catch (e) { return false; }
  };
  const found = [];
  const walk = (root) => {
    for (const element of root.querySelectorAll("*")) {
      for (const attribute of element.attributes) {
        const value = attribute.value;
        const targets =
          names.includes(attribute.name) ? [value]
          : attribute.name === "srcset" ? value.split(",").map((c) => c.trim().split(" ")[0])
          : attribute.name === "style" ? [...value.matchAll(/url\\(["']?([^"')]*)/g)].map((m) => m[1])
          : [];
        if (targets.some(points)) {
          found.push(`<${element.tagName.toLowerCase()} ${attribute.name}="${value}">`);
        }
      }
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  return found;
}"""


@pytest.fixture(scope="module")
def server(start_server, tmp_path_factory):
    """The app as configured: its own config.toml decides on usage statistics."""
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'store.db'}"
    store = Store(url)
    ensure_samples(store)  # made here, not on the first visit: a loaded machine is slow at it
    make_hostile_study(store)
    store.close()
    return start_server(url, settings_from_config=("STREAMLIT_BROWSER_GATHER_USAGE_STATS",))


class Recorded:
    """One browser context whose every request is recorded, and let out only to the app."""

    def __init__(self, context: BrowserContext) -> None:
        self.hosts: list[str] = []
        self.outside: list[str] = []
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.set_default_timeout(60_000)  # a long walk: one slow step on a loaded machine

    def _route(self, route) -> None:
        url = route.request.url
        host = urlparse(url).hostname
        self.hosts.append(host)
        if host == APP_HOST:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@pytest.fixture(scope="module")
def browsing(browser: Browser) -> Iterator[Recorded]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield Recorded(context)
    context.close()


def _open(page: Page, server, path: str, **params: str) -> None:
    query = "&".join(f"{k}={quote(v)}" for k, v in params.items())
    page.goto(f"{server.url}/{path}?{query}")
    wait_for_app(page)


def _click(page: Page, locator) -> None:
    locator.scroll_into_view_if_needed()
    locator.click()
    wait_for_app(page)


def _choose(page: Page, option: str) -> None:
    """Pick an option of a segmented control."""
    _click(page, page.get_by_role("radio", name=option, exact=True))


def _open_all(page: Page, test_id: str) -> None:
    """Open every expander (or click every tab) on the page, one by one."""
    items = page.get_by_test_id(test_id)
    for i in range(items.count()):
        item = items.nth(i)
        if test_id == "stExpander":
            details = item.locator("details").first  # its own; a nested one comes after
            if details.get_attribute("open") is not None:
                continue
            item = details.locator("summary").first
        item.scroll_into_view_if_needed()
        item.click()
    wait_for_app(page)


def _select_first_row(page: Page) -> None:
    """Select the ranked table's first row (its selector, drawn on the grid's canvas)."""
    grid = page.get_by_test_id("stDataFrame").filter(has_text="Score").first
    expect(grid).to_be_visible()
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)
    wait_for_app(page)
    expect(page.get_by_text("Severity or impact")).to_be_visible()  # the drill-down


def _injected(page: Page, where: str) -> list[str]:
    """Links and loads pointing at the hostile host, in the DOM as it is now."""
    found = [f"{where}: {tag}" for tag in page.evaluate(LINKS_AND_LOADS, HOSTILE_HOST)]
    for selector in (f'a[href*="//{HOSTILE_HOST}"]', f'img[src*="//{HOSTILE_HOST}"]'):
        count = page.locator(selector).count()  # CSS locators pierce open shadow roots
        if count:
            found.append(f"{where}: {count} × {selector}")
    return found


def test_a_normal_visit_calls_nothing_outside_the_app(server, browsing: Recorded) -> None:
    page = browsing.page
    page.goto(server.url)
    wait_for_app(page)
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    nav = page.get_by_test_id("stSidebarNav").get_by_role("link")
    expect(nav).to_have_count(8)  # every page
    for address in [nav.nth(i).get_attribute("href") for i in range(1, 8)]:
        page.goto(address)  # the Workshop folds the sidebar away: go by address
        wait_for_app(page)
        expect(page.get_by_test_id("stHeading").first).to_be_visible()

    assert browsing.hosts  # the route saw the page load
    assert not browsing.outside, browsing.outside  # no font, icon, metrics or other call


def test_hostile_text_everywhere_loads_nothing_and_links_nowhere(
    server, browsing: Recorded
) -> None:
    page, problems = browsing.page, []

    def look(where: str) -> None:
        problems.extend(_injected(page, where))

    _open(page, server, "", workspace=WORKSPACE)
    expect(page.get_by_text("Last import:")).to_be_visible()
    look("overview")
    _click(page, page.get_by_test_id("stSidebar").get_by_role("combobox", name="Workspace"))
    look("the workspace list")
    page.keyboard.press("Escape")

    _open(page, server, "import", workspace=WORKSPACE)
    _choose(page, "CSV or Excel file")
    page.locator('input[type="file"]').first.set_input_files(
        files=[{"name": "hostile notes.csv", "mimeType": "text/csv", "buffer": HOSTILE_CSV}]
    )
    wait_for_app(page)
    expect(page.get_by_text("How are the dates in")).to_be_visible()
    _open_all(page, "stExpander")
    look("import")

    _open(page, server, "dedupe", workspace=WORKSPACE)
    _choose(page, "All")
    for label in ("Reword", "Remove a member", "Merge with…"):
        _click(page, page.get_by_test_id("stPopover").filter(has_text=label).first)
        look(f"dedupe, {label}")
        page.keyboard.press("Escape")
    look("dedupe")

    _open(page, server, "themes", workspace=WORKSPACE)
    expect(page.locator(".board .tile").first).to_be_visible()
    look("themes, board")
    for view in ("Table", "Themes", "History"):
        _choose(page, view)
        _open_all(page, "stExpander")
        look(f"themes, {view}")

    _open(page, server, "insights", workspace=WORKSPACE, theme=HOSTILE_THEME)
    expect(page.get_by_text("names themes this workspace does not have")).to_be_visible()
    look("insights, a hostile link")
    _open(page, server, "insights", workspace=WORKSPACE)
    _open_all(page, "stExpander")
    _open_all(page, "stTab")
    look("insights")
    _select_first_row(page)
    look("insights, a theme's drill-down")
    _choose(page, "Groups within themes")
    _select_first_row(page)
    look("insights, a group's drill-down")
    for part in ("Charts", "Roadmap"):  # when the page shows one part at a time
        if page.get_by_role("radio", name=part, exact=True).count():
            _choose(page, part)
            _open_all(page, "stExpander")
            _open_all(page, "stTab")
            look(f"insights, {part}")

    _open(page, server, "workshop", workspace=WORKSPACE, theme=HOSTILE_THEME)
    _open_all(page, "stExpander")
    _open_all(page, "stExpander")  # the filters inside "Set up the room"
    _open_all(page, "stTab")
    look("workshop")
    _click(page, page.get_by_role("button", name="Next"))
    look("workshop, next insight")

    _open(page, server, "quotes", workspace=WORKSPACE)
    _open_all(page, "stExpander")
    look("quotes")

    _open(page, server, "export", workspace=WORKSPACE, theme=HOSTILE_THEME)
    _open_all(page, "stExpander")
    look("export")

    gone = "[Gone](http://hostile.test/gone) ![g](http://hostile.test/g.png)"
    _open(page, server, "", workspace=gone)  # it says so, in a toast that quotes the name
    look("a link to a workspace that is not there")

    assert not problems, "\n".join(problems)
    assert not browsing.outside, browsing.outside
    assert set(browsing.hosts) == {APP_HOST}
    expect(page.get_by_test_id("stToast")).to_contain_text("[Gone](http://")

"""Benchmark: how long a person waits after each click, in a real browser.

Run:  python bench/browser_latency.py [--sizes sample,10000] [--repeat 5]

`streamlit run app.py` is started on a free port and driven by Debian's
chromium (Playwright), the way the browser tests drive it. Each action is
timed from the click (or the drop, or the key) to *settled*: the script has
stopped running and the page shows the action's result. Cold start is timed
from starting the server to the first screen fully drawn.

The baseline, measured in the same run, is the floor of the machine: a
minimal Streamlit app (one button, a counter, a 300-row table) answering a
click, and the same app's cold start for the cold-start row. "first view" is
the part of a cold start after the server first answers: opening the address
of a server that has just started, to the first screen drawn. Figures are
medians over ``--repeat`` rounds (cold starts: over three).

Sizes: "sample" is the bundled sample study, grouped and partly sorted into
themes (as the tests' sorted sample); a number is a workspace of that many
highlights (banking77's queries when bench/corpora.py finds them, grouped, 80%
of its cards sorted into the seed themes).
Targets: median at most 0.7 s at the sample size, 1.5 s at 10,000;
cold start at most 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT / "tests" / "helpers"))

from board import drag_card, first_pool_card  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer  # noqa: E402
from large_workspace import NAME, make_workspace  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402
from sorted_sample import sort_sample  # noqa: E402

from insights.model import SAMPLE_WORKSPACE  # noqa: E402
from insights.store import Store  # noqa: E402

SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0
    && (%s);
}"""


def settle(page: Page, condition: str, timeout: float = 60_000) -> None:
    """Wait, frame by frame, until the script is idle and ``condition`` (JS) holds."""
    page.wait_for_function(SETTLED % condition, polling="raf", timeout=timeout)


def timed(page: Page, act: Callable[[], None], condition: str) -> float:
    started = time.perf_counter()
    act()
    settle(page, condition)
    return time.perf_counter() - started


def text_shown(words: str) -> str:
    return f"document.body.innerText.includes({words!r})"


BOARD = (
    "(document.querySelector('[data-testid=stBidiComponentIsolated]')"
    "?.shadowRoot?.querySelector('.board'))"
)


def board_saved() -> str:
    """Every move on the board acknowledged by the server."""
    return f"{BOARD}?.dataset.pending === '0'"


def board_says(words: str) -> str:
    return f"({BOARD}?.querySelector('.status')?.textContent || '').includes({words!r})"


def open_settled(page: Page, url: str, condition: str = "true") -> None:
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')
    page.wait_for_timeout(200)
    settle(page, condition)


# -- the actions -------------------------------------------------------------------------


def drag_saved(page: Page, base: str) -> float:
    open_settled(page, f"{base}/themes", f"{BOARD} !== null")
    key = first_pool_card(page)
    return drag_card(page, key, "Pain points", settle=lambda act: timed(page, act, board_saved()))


def undo(page: Page, base: str) -> float:
    button = page.get_by_role("button", name="Undo")
    return timed(page, button.click, board_says("Undid"))


def filter_change(page: Page, base: str) -> float:
    open_settled(page, f"{base}/insights", text_shown("Prioritized insights"))
    page.get_by_test_id("stExpander").filter(has_text="Filters").first.locator("summary").click()
    settle(page, "document.querySelector('[data-testid=stMultiSelect]') !== null")
    box = page.get_by_test_id("stMultiSelect").filter(has_text="Segment").first
    box.click()
    option = page.get_by_role("option", name="VIP repeat buyer")
    return timed(page, option.click, "location.search.includes('segment=')")


def chart_click(page: Page, base: str) -> float:
    open_settled(page, f"{base}/insights", text_shown("Prioritized insights"))
    charts = page.get_by_test_id("stButtonGroup").get_by_text("Charts", exact=True)
    timed(page, charts.click, "document.querySelector('[data-testid=stVegaLiteChart]') !== null")
    chart = page.get_by_test_id("stVegaLiteChart").first
    bar = chart.locator(".mark-rect path").first
    bar.wait_for()
    box = bar.bounding_box()
    return timed(
        page,
        lambda: page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2),
        "location.search.includes('theme=')",
    )


def decision_saved(page: Page, base: str) -> float:
    open_settled(page, f"{base}/workshop", text_shown("Dot votes"))
    page.get_by_text("Act now", exact=True).first.click()
    button = page.get_by_role("button", name="Record decision")
    return timed(page, button.click, text_shown("Decision saved"))


def vote(page: Page, base: str) -> float:
    open_settled(page, f"{base}/workshop", text_shown("Dot votes"))
    metric = page.get_by_test_id("stMetric").filter(has_text="Dot votes")
    before = metric.get_by_test_id("stMetricValue").inner_text()
    button = page.get_by_role("button", name="+1")
    condition = (
        "(() => { const m = [...document.querySelectorAll('[data-testid=stMetric]')]"
        ".find(e => e.innerText.includes('Dot votes'));"
        f" return m && !m.innerText.endsWith({before!r}); }})()"
    )
    return timed(page, button.click, condition)


def page_switch(page: Page, base: str) -> float:
    open_settled(page, f"{base}/", text_shown("What is still to do"))
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name="Insights")
    return timed(page, link.click, text_shown("Prioritized insights"))


ACTIONS: dict[str, Callable[[Page, str], float]] = {
    "drag saved": drag_saved,
    "undo": undo,
    "filter change": filter_change,
    "chart click": chart_click,
    "decision saved": decision_saved,
    "vote": vote,
    "page switch": page_switch,
}

# -- the floor: a minimal app on the same machine ----------------------------------------

COLD_ROUNDS = 3  # cold starts per size (and of the minimal app), a median of three

MINIMAL_APP = textwrap.dedent(
    """
    import pandas as pd
    import streamlit as st

    st.session_state.setdefault("n", 0)
    if st.button("Add one"):
        st.session_state.n += 1
    st.write(f"Count {st.session_state.n}")
    st.dataframe(pd.DataFrame({"a": range(300), "b": [str(i) for i in range(300)]}))
    """
)


def floor(browser, repeat: int, folder: Path) -> tuple[list[float], list[float], list[float]]:
    """Click times and cold starts of a minimal app: what this machine cannot go below."""
    app = folder / "minimal_app.py"
    app.write_text(MINIMAL_APP)
    colds, views = [], []
    for _ in range(COLD_ROUNDS):
        started = time.perf_counter()
        server = StreamlitServer(f"sqlite:///{folder / 'unused.db'}", folder / "minimal.log", app)
        healthy = time.perf_counter()
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        open_settled(page, server.url, text_shown("Count 0"))
        colds.append(time.perf_counter() - started)
        views.append(time.perf_counter() - healthy)
        if len(colds) < COLD_ROUNDS:
            page.close()
            server.stop()
    try:
        times = []
        for i in range(1, repeat + 1):
            button = page.get_by_role("button", name="Add one")
            times.append(timed(page, button.click, text_shown(f"Count {i}")))
        page.close()
        return times, colds, views
    finally:
        server.stop()


# -- one size ----------------------------------------------------------------------------


def prepare(size: str, folder: Path) -> tuple[str, str]:
    """A store for this size; returns (database URL, workspace)."""
    url = f"sqlite:///{folder / f'store-{size}.db'}"
    if size == "sample":
        sort_sample(Store(url)).close()
        return url, SAMPLE_WORKSPACE
    make_workspace(url, int(size), grouped=True, sorted_share=0.8)
    return url, NAME


def cold_start(url: str, browser, folder: Path, workspace: str) -> tuple[float, float]:
    """From starting the server, and from its first answer, to the first screen drawn."""
    started = time.perf_counter()
    server = StreamlitServer(url, folder / "cold.log")
    try:
        healthy = time.perf_counter()
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        open_settled(page, f"{server.url}/?workspace={workspace}", text_shown("What is still"))
        done = time.perf_counter()
        page.close()
        return done - started, done - healthy
    finally:
        server.stop()


def measure(size: str, browser, repeat: int, folder: Path) -> dict[str, list[float]]:
    url, workspace = prepare(size, folder)
    results: dict[str, list[float]] = {name: [] for name in ACTIONS}
    colds = [cold_start(url, browser, folder, workspace) for _ in range(COLD_ROUNDS)]
    results["cold start"] = [total for total, _ in colds]
    results["first view"] = [view for _, view in colds]
    server = StreamlitServer(url, folder / f"app-{size}.log")
    try:
        from urllib.parse import quote

        for _ in range(repeat):
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            page = context.new_page()
            page.set_default_timeout(60_000)
            base = server.url
            query = f"?workspace={quote(workspace)}"
            for name, action in ACTIONS.items():
                results[name].append(action(_with_query(page, query), base))
            context.close()
    finally:
        server.stop()
    return results


class _with_query:
    """A page whose goto() keeps the workspace in the address."""

    def __init__(self, page: Page, query: str) -> None:
        self._page, self._query = page, query

    def goto(self, url: str, **kwargs):
        return self._page.goto(url + self._query, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._page, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="sample,10000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name, sync_playwright() as playwright:
        folder = Path(name)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        clicks, colds, views = floor(browser, max(args.repeat, 5), folder)
        base, cold_base = statistics.median(clicks), statistics.median(colds)
        view_base = statistics.median(views)
        print(f"floor (minimal app, one click): {base * 1000:.0f} ms median")
        print(f"floor (minimal app, cold start): {cold_base * 1000:.0f} ms median")
        print(f"floor (minimal app, first view): {view_base * 1000:.0f} ms median")
        sizes = args.sizes.split(",")
        table = {size: measure(size, browser, args.repeat, folder) for size in sizes}
        browser.close()
    print(f"\n{'action':16}" + "".join(f"{s:>22}" for s in sizes))
    floors = {"cold start": cold_base, "first view": view_base}
    for action in [*ACTIONS, *floors]:
        cells = []
        for size in sizes:
            median = statistics.median(table[size][action])
            against = floors.get(action, base)
            cells.append(f"{median * 1000:7.0f} ms ({median / against:4.1f}x floor)")
        print(f"{action:16}" + "".join(f"{c:>22}" for c in cells))


if __name__ == "__main__":
    main()

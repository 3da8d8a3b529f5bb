"""Benchmark: many people open the app at once on one server, then vote in a burst.

Run:  python bench/load_sessions.py [--sessions 20] [--rounds 4] [--database URL]

`streamlit run app.py` is started on a free port (on a fresh SQLite store, or on
the --database given, PostgreSQL say) and driven by Debian's chromium. Each round
opens ``--sessions`` browser sessions at once on Insights, then on the Workshop,
and then every session clicks the Workshop's vote button at the same moment.

Reported per round: exception boxes seen (with their text), the votes the store
holds against the clicks made, and the server's CPU seconds per session load
(user + system time of the server process over the round's page loads, divided
by the number of loads). The first round is on a server that has just started,
the way the issue's sessions were: nothing cached, the samples not made yet.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer  # noqa: E402
from playwright.async_api import Page, async_playwright  # noqa: E402
from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from insights.model import SYNTHESIZED_WORKSPACE  # noqa: E402
from insights.store import Store  # noqa: E402

SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0
    && document.querySelectorAll('[data-testid="stHeading"]').length > 0;
}"""
STATE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app ? `script ${app.getAttribute('data-test-script-state')}, `
    + `connection ${app.getAttribute('data-test-connection-state')}, `
    + `${document.querySelectorAll('[data-testid="stSkeleton"]').length} skeletons: `
    + document.body.innerText.slice(0, 300) : 'no app';
}"""
NO_CLICK = "no button to click within 60 s"
SLOW = "not settled within 120 s of its click (the vote itself is counted below)"
VOTE_BUTTON = "+1"  # the Workshop's "one more dot" button (insights/ui/vote_buttons.py)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def settled(page: Page) -> None:
    await page.wait_for_function(SETTLED, polling=100, timeout=120_000)
    await page.wait_for_timeout(300)  # an exception box is drawn after the script stops
    await page.wait_for_function(SETTLED, polling=100, timeout=120_000)


async def exceptions(page: Page) -> list[str]:
    return [
        text.strip()[:400] for text in await page.get_by_test_id("stException").all_inner_texts()
    ]


async def open_all(pages: list[Page], url: str) -> list[str]:
    """Every session opens ``url`` at the same moment; the exception boxes they show."""

    async def one(page: Page) -> list[str]:
        await page.goto(url, wait_until="commit", timeout=180_000)
        try:
            await settled(page)
        except PlaywrightTimeout:
            state = await page.evaluate(STATE)
            return [f"never settled: {state}"]
        return await exceptions(page)

    found = await asyncio.gather(*(one(page) for page in pages))
    return [text for texts in found for text in texts]


async def vote_burst(pages: list[Page]) -> list[str]:
    """Every session clicks the vote button at once."""

    async def one(page: Page) -> list[str]:
        try:
            button = page.get_by_role("button", name=VOTE_BUTTON, exact=True)
            await button.click(timeout=60_000)
        except PlaywrightTimeout:
            return [f"{NO_CLICK}: {await page.evaluate(STATE)}"]
        try:
            await settled(page)
        except PlaywrightTimeout:
            return [f"{SLOW}: {await page.evaluate(STATE)}"]
        return await exceptions(page)

    found = await asyncio.gather(*(one(page) for page in pages))
    return [text for texts in found for text in texts]


def votes_held(url: str) -> int:
    store = Store(url)
    try:
        votes = store.load(SYNTHESIZED_WORKSPACE).votes
        return int(votes["votes"].sum()) if len(votes) else 0
    finally:
        store.close()


async def votes_settled(url: str, quiet: float = 3.0, limit: float = 60.0) -> int:
    """The votes held once no click is still on its way: unchanged for ``quiet`` seconds.

    A page can look settled before the server has run its click, so reading at once
    could count a vote in the next round (or miss one that lands later).
    """
    held, since, started = votes_held(url), time.monotonic(), time.monotonic()
    while time.monotonic() - since < quiet and time.monotonic() - started < limit:
        await asyncio.sleep(0.5)
        now = votes_held(url)
        if now != held:
            held, since = now, time.monotonic()
    return held


async def one_round(browser, server: StreamlitServer, database: str, sessions: int) -> dict:
    contexts = [
        await browser.new_context(viewport={"width": 1400, "height": 900}) for _ in range(sessions)
    ]
    pages = [await context.new_page() for context in contexts]
    query = f"?workspace={SYNTHESIZED_WORKSPACE.replace(' ', '%20')}"
    started = cpu_seconds(server.process.pid)
    seen = await open_all(pages, f"{server.url}/insights{query}")
    seen += await open_all(pages, f"{server.url}/workshop{query}")
    loads = cpu_seconds(server.process.pid) - started
    before = votes_held(database)
    began = time.perf_counter()
    seen += await vote_burst(pages)
    burst = time.perf_counter() - began
    after = await votes_settled(database)
    for context in contexts:
        await context.close()
    return {
        "exceptions": seen,
        "cpu_per_load": loads / (2 * sessions),
        "votes_added": after - before,
        "clicks": sessions,
        "burst_seconds": burst,
    }


def _sorted_out(found: list[str]) -> tuple[list[str], list[str]]:
    """(exception boxes and missing buttons, pages that were only slow to settle)."""
    slow = [text for text in found if text.startswith(SLOW)]
    return [text for text in found if not text.startswith(SLOW)], slow


async def run(sessions: int, rounds: int, database: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = StreamlitServer(database, Path(folder) / "server.log")
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS
                )
                results = []
                for number in range(1, rounds + 1):
                    result = await one_round(browser, server, database, sessions)
                    results.append(result)
                    boxes, slow = _sorted_out(result["exceptions"])
                    print(
                        f"round {number}: {len(boxes)} exception boxes, {len(slow)} pages slow, "
                        f"{result['votes_added']} votes kept of {result['clicks']} clicks, "
                        f"{result['cpu_per_load']:.2f} CPU s per session load, "
                        f"vote burst answered in {result['burst_seconds']:.1f} s"
                    )
                    for text in result["exceptions"]:
                        print("   ", text.replace("\n", " | "))
                await browser.close()
        finally:
            server.stop()
        cpu = statistics.median(r["cpu_per_load"] for r in results)
        boxes = sum(len(_sorted_out(r["exceptions"])[0]) for r in results)
        kept = sum(r["votes_added"] for r in results)
        clicks = sum(r["clicks"] for r in results)
        print(
            f"\n{sessions} sessions x {rounds} rounds: {boxes} exception boxes, "
            f"{kept} votes for {clicks} clicks, median {cpu:.2f} CPU s per session load"
        )
        if boxes:
            log = (Path(folder) / "server.log").read_text()
            first = log.find("Traceback")
            print("\nthe server's first traceback:\n" + log[first : first + 4000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--database", help="a store URL; default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = args.database or f"sqlite:///{Path(folder) / 'store.db'}"
        asyncio.run(run(args.sessions, args.rounds, database))


if __name__ == "__main__":
    main()

"""Benchmark: what open but idle tabs cost the server (live pages poll every 2 s).

Run:  python bench/idle_sessions.py [--tabs 1,2,4] [--seconds 20]

For each count, `streamlit run app.py` starts on a fresh store, that many
browser tabs open Insights on the synthesized sample and settle, and after
15 s the server's CPU time is read over ``--seconds``: CPU seconds per second.
The baseline, in the same run, is one tab.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer  # noqa: E402
from load_sessions import cpu_seconds, settled  # noqa: E402
from playwright.async_api import async_playwright  # noqa: E402

from insights.model import SYNTHESIZED_WORKSPACE  # noqa: E402


async def idle_cost(tabs: int, seconds: float) -> float:
    """Server CPU seconds per second while ``tabs`` tabs sit on Insights."""
    with tempfile.TemporaryDirectory() as folder:
        server = StreamlitServer(f"sqlite:///{folder}/store.db", Path(folder) / "server.log")
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS
                )
                query = f"?workspace={SYNTHESIZED_WORKSPACE.replace(' ', '%20')}"
                for _ in range(tabs):
                    page = await (await browser.new_context()).new_page()
                    await page.goto(f"{server.url}/insights{query}")
                    await settled(page)
                await asyncio.sleep(15)  # past the pages' first draws
                started, wall = cpu_seconds(server.process.pid), time.perf_counter()
                await asyncio.sleep(seconds)
                used = cpu_seconds(server.process.pid) - started
                cost = used / (time.perf_counter() - wall)
                await browser.close()
        finally:
            server.stop()
    return cost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", default="1,2,4")
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    counts = [int(n) for n in args.tabs.split(",")]
    base = asyncio.run(idle_cost(1, args.seconds))
    print(f"1 idle tab (baseline): {base:.3f} CPU s per s")
    for tabs in [n for n in counts if n != 1]:
        cost = asyncio.run(idle_cost(tabs, args.seconds))
        print(f"{tabs} idle tabs: {cost:.3f} CPU s per s ({cost / max(base, 1e-6):.1f}x one tab)")


if __name__ == "__main__":
    main()

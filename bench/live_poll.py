"""Benchmark: a live-update poll that finds nothing new, with 10,000 highlights.

Run:  python bench/live_poll.py [--highlights 10000] [--repeat 200]

Each timed run is one tick of the Themes page's live fragment, run in
Streamlit's AppTest: read the workspace's revision, see it has not moved,
draw nothing. The baseline, measured in the same invocation, is an empty
rerun of the same script (no store call): the difference is what the poll
adds. The poll's own time is also measured inside the script, and for
contrast the bare revision read and a full workspace load.
Target: a poll that finds nothing costs under 20 ms of server time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from large_workspace import NAME, make_workspace  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from insights.live import current_revision  # noqa: E402
from insights.store import Store  # noqa: E402


def _tick(url: str, workspace: str, poll: bool) -> None:
    """One fragment tick: a poll that finds nothing, or (baseline) nothing at all."""
    import time

    import streamlit as st

    from insights.store import Store
    from insights.ui import live_updates as live

    store = st.cache_resource(Store)(url)
    if "drawn" not in st.session_state:
        st.session_state["drawn"] = True
        live.follow(store, workspace, store.load(workspace), board=True)
        return
    if poll:
        start = time.perf_counter()
        live._poll(store, workspace, True)
        st.session_state["poll_ms"] = (time.perf_counter() - start) * 1000


def _median_ms(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def _app(url: str, poll: bool) -> AppTest:
    at = AppTest.from_function(_tick, args=(url, NAME, poll), default_timeout=60)
    at.run()
    at.run()  # warm: the store is open, the first draw done
    return at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--highlights", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        make_workspace(url, args.highlights, grouped=False, sorted_share=0.3)
        store = Store(url)
        base, base_max = _median_ms(_app(url, poll=False).run, args.repeat)
        poll_at = _app(url, poll=True)
        inside: list[float] = []

        def poll_once() -> None:
            poll_at.run()
            inside.append(poll_at.session_state["poll_ms"])

        poll, poll_max = _median_ms(poll_once, args.repeat)
        assert not poll_at.exception, poll_at.exception
        own = statistics.median(inside)
        read, _ = _median_ms(lambda: current_revision(store, NAME), args.repeat)
        load, _ = _median_ms(lambda: store.load(NAME), 5)
    print(f"{args.highlights:,} highlights; {args.repeat} runs each")
    print(f"empty rerun (baseline), median: {base:.1f} ms (max {base_max:.1f} ms)")
    print(f"poll with nothing new, median: {poll:.1f} ms (max {poll_max:.1f} ms)")
    print(f"the poll itself (inside the script), median: {own:.2f} ms")
    print(f"  of which the revision read: {read:.2f} ms; a full load would be {load:.0f} ms")
    verdict = "met" if max(own, poll - base) < 20 else "NOT met"
    print(f"ratio poll/baseline: {poll / base:.2f}x (+{poll - base:.1f} ms)")
    print(f"target: a poll adds < 20 ms of server time: {verdict}")


if __name__ == "__main__":
    main()

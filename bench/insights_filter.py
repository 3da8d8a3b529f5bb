"""Benchmark: the Insights page with 10,000 highlights, rerun after a filter change.

Run:  python bench/insights_filter.py [--highlights 10000] [--repeat 10]

The workspace (bench/large_workspace.py) is grouped at the default threshold
and 60% of its cards are sorted into the four seed themes. The page runs in
Streamlit's AppTest; each timed run changes one filter (the segment, in turn
one of the four and none), which reruns the whole page: evidence filtered,
insights ranked at both levels, charts, roadmap lists. The baseline, in the
same invocation, is a rerun with nothing changed.
Target: at most 500 ms of server time per filter change (median).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from app_under_test import app_on  # noqa: E402
from large_workspace import NAME, make_workspace  # noqa: E402

from insights.model import Segment  # noqa: E402
from insights.ui.insight_filters import OPEN_KEY  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--highlights", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        origin = make_workspace(url, args.highlights, grouped=True, sorted_share=0.6)
        at = app_on(url, NAME)
        at.switch_page("pages/insights.py").run()
        at.session_state[OPEN_KEY] = True  # the filters' box, opened
        at.run()
        assert not at.exception, at.exception

        choices = [[s.value] for s in Segment] + [[]]
        idle, changes = [], []
        for i in range(args.repeat):
            start = time.perf_counter()
            at.run()
            idle.append(time.perf_counter() - start)
            at.multiselect(key="f_segments").set_value(choices[i % len(choices)])
            start = time.perf_counter()
            at.run()
            changes.append(time.perf_counter() - start)
            assert not at.exception, at.exception

    median = statistics.median(changes)
    print(
        f"{args.highlights:,} highlights ({origin}), grouped, 60% of cards in themes; "
        f"{args.repeat} filter changes"
    )
    print(f"rerun with nothing changed (baseline), median: {statistics.median(idle) * 1000:.0f} ms")
    print(
        f"filter changed, page rerun, median: {median * 1000:.0f} ms "
        f"(max {max(changes) * 1000:.0f} ms)"
    )
    print(
        f"ratio change/idle: {median / statistics.median(idle):.1f}x; "
        f"target: <= 500 ms per filter change: {'met' if median <= 0.5 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()

"""Benchmark: the Themes page with 10,000 highlights, saving a drag and redrawing.

Run:  python bench/themes_drag.py [--highlights 10000] [--repeat 15]

The page runs in Streamlit's AppTest, the way the tests drive it, with the
board component stood in for: it reports one card dropped on a theme per run
(AppTest cannot drag), in the component's outbox shape. Each timed run is
what the server does for one drag: the script saves the move, reads the
workspace again and draws the page.
The baseline, measured in the same invocation, is a rerun in which nothing
changed (the workspace read comes from the revision cache).

The 10,000 highlights are banking77's queries when
banking77 is found (bench/corpora.py: --data or $INSIGHTS_DEV_CORPORA), else the sample
study's highlights repeated; 300 participants over the four segments.
Target: at most 300 ms of server time per drag (median).
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

from insights.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--highlights", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        origin = make_workspace(url, args.highlights)

        moves: list[dict] = []
        drawn: dict = {}

        def fake_board(*, data, key, default, **callbacks) -> dict:
            drawn.update(data)
            return {}

        import insights.ui.themes_board as themes_board

        themes_board._component = fake_board
        themes_board.component_state = lambda workspace: {
            "outbox": {"nonce": "bench", "moves": list(moves)},
            "view": {"page": 1, "expanded": []},
        }
        at = app_on(url, NAME)
        at.switch_page("pages/themes.py").run()
        assert not at.exception, at.exception

        idle, drags = [], []
        for i in range(args.repeat):
            start = time.perf_counter()
            at.run()
            idle.append(time.perf_counter() - start)
            # drop the first unassigned card on a theme (the four themes in turn)
            card = drawn["pool"]["items"][0]["key"]
            theme = drawn["themes"][i % 4]["id"]
            moves.append({"seq": i + 1, "cards": [card], "to": theme, "via": "drag"})
            start = time.perf_counter()
            at.run()
            drags.append(time.perf_counter() - start)
            assert not at.exception, at.exception
        assigned = len(Store(url).load(NAME).assignments)

    print(f"{args.highlights:,} highlights ({origin}); {args.repeat} drags; {assigned} saved")
    print(f"rerun with nothing changed (baseline), median: {statistics.median(idle) * 1000:.0f} ms")
    print(
        f"drag saved and page redrawn, median: {statistics.median(drags) * 1000:.0f} ms "
        f"(max {max(drags) * 1000:.0f} ms)"
    )
    print(
        f"ratio drag/idle: {statistics.median(drags) / statistics.median(idle):.1f}x; "
        f"target: <= 300 ms per drag: {'met' if statistics.median(drags) <= 0.3 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()

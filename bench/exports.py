"""Benchmark: every export of a 10,000-highlight workspace, and a workshop vote.

Run:  python bench/exports.py [--highlights 10000] [--repeat 3]

The workspace (bench/large_workspace.py) is grouped at the default threshold
and 60% of its cards are sorted into the four seed themes. Measured, in the
same run, at the theme level and at the group level (one row per group):

- CSV, the Excel workbook (five sheets, the Highlights sheet holds every
  highlight), Markdown, and the write-back to the loopback Sheets API server
  of the tests (tests/helpers/sheets_api.py) with the real gspread client,
  counting its requests;
- baseline: pandas writing the workspace's highlights table to CSV, the least
  any export of it costs.

And the Workshop page in AppTest: a +1 vote (which reranks and reruns the
page) against a rerun with nothing changed.
No target is set; the figures are recorded in docs/benchmarks.md.
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
sys.path.insert(0, str(ROOT / "tests" / "helpers"))

from large_workspace import NAME, make_workspace  # noqa: E402
from sheets_api import FakeSheetsAPI  # noqa: E402

from insights import export_formats, prioritize  # noqa: E402
from insights.prioritize import GROUP, THEME  # noqa: E402
from insights.sources.credentials import GoogleCredentials  # noqa: E402
from insights.sources.sheets import open_client  # noqa: E402
from insights.store import Store  # noqa: E402
from insights.ui.vote_buttons import ROOM_UP, votes_key  # noqa: E402
from insights.writeback import publish  # noqa: E402

KEY = "1BenchExportKeyAbcdefghijklmnopq"


def _median(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def exports(store: Store, repeat: int) -> None:
    data = store.load(NAME)
    baseline = _median(lambda: data.highlights.to_csv(index=False).encode(), repeat)
    print(f"baseline, pandas to_csv of the highlights table: {baseline * 1000:.0f} ms")
    none = GoogleCredentials(None, "none")
    with FakeSheetsAPI() as api:
        api.add_spreadsheet(KEY, "Bench", {"Highlights": [["Quote"]]})
        client = open_client(none, endpoint=api.url)
        for level in (THEME, GROUP):
            result = prioritize.prioritize(data, level=level)
            figures = {
                "CSV": _median(
                    lambda r=result: export_formats.to_csv(export_formats.insight_rows(r)), repeat
                ),
                "Excel workbook": _median(lambda r=result: export_formats.workbook(r), repeat),
                "Markdown": _median(lambda r=result: export_formats.to_markdown(r, NAME), repeat),
            }
            before = api.request_count
            figures["Google Sheet"] = _median(
                lambda r=result: publish(store, r, client, none, KEY), repeat
            )
            requests = (api.request_count - before) // repeat
            print(f"{level} level: {len(result.ranked):,} rows")
            for name, seconds in figures.items():
                extra = f", {requests} requests" if name == "Google Sheet" else ""
                print(
                    f"  {name}: {seconds * 1000:,.0f} ms "
                    f"({seconds / baseline:.0f}x the baseline{extra})"
                )


def workshop(url: str, repeat: int) -> None:
    from app_under_test import app_on

    at = app_on(url, NAME, level="group")
    at.switch_page("pages/workshop.py").run()
    assert not at.exception, at.exception
    idle, votes, clicks = [], [], []
    for seq in range(1, repeat + 1):
        start = time.perf_counter()
        at.run()
        idle.append(time.perf_counter() - start)
        state = at.session_state
        clicks.append(
            {
                "seq": seq,
                "button": ROOM_UP,
                "target": state["workshop_key"],
                "session": state["_clicks_session"],  # the buttons' server-session stamp
            }
        )
        at.session_state[votes_key(NAME)] = {"clicks": {"nonce": "bench", "clicks": clicks}}
        start = time.perf_counter()
        at.run()  # what a click on +1 sends (insights/ui/click_buttons.py)
        votes.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    counted = int(Store(url).load(NAME).votes["votes"].sum())
    assert counted == repeat, f"{counted} votes counted for {repeat} clicks"
    print(
        f"workshop, group level: rerun with nothing changed (baseline) "
        f"{statistics.median(idle) * 1000:.0f} ms; a +1 vote {statistics.median(votes) * 1000:.0f} "
        f"ms ({statistics.median(votes) / statistics.median(idle):.1f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--highlights", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        origin = make_workspace(url, args.highlights, grouped=True, sorted_share=0.6)
        print(f"{args.highlights:,} highlights ({origin}), grouped, 60% of cards in themes")
        store = Store(url)
        exports(store, args.repeat)
        store.close()
        workshop(url, max(args.repeat, 5))


if __name__ == "__main__":
    main()

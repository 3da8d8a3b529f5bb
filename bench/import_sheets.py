"""Benchmark: import a 10,000-row highlights worksheet and a 100-row roadmap from a Google Sheet.

Run:  python bench/import_sheets.py [--rows 10000] [--repeat 5]

The sheet is served by the loopback Sheets API v4 server of the tests
(tests/helpers/sheets_api.py) and read with the real gspread client. The
highlight texts are banking77's real customer queries when
banking77 is found (bench/corpora.py: --data or $INSIGHTS_DEV_CORPORA) (else the bundled
sample's highlights, repeated with a counter).

Measured, in the same run:
- ours: `read_sheet` (metadata + one values:batchGet) + `plan_import` +
  `run_import` into a fresh SQLite workspace;
- baseline: what a person writes by hand with gspread: `open_by_key`,
  `worksheet(name).get_all_values()` for each worksheet, then the same
  mapping and save.
Targets: at most 3 Sheets API requests; under 2 s of local processing.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "helpers"))
sys.path.insert(0, str(ROOT / "bench"))

from corpora import banking77  # noqa: E402
from sheets_api import FakeSheetsAPI  # noqa: E402

from insights.importing import plan_import, run_import, suggested_mapping  # noqa: E402
from insights.model import Segment  # noqa: E402
from insights.sources.credentials import GoogleCredentials  # noqa: E402
from insights.sources.mapping import HIGHLIGHTS, ROADMAP  # noqa: E402
from insights.sources.sample import HIGHLIGHTS_FILE, read_sample_rows  # noqa: E402
from insights.sources.sheets import (  # noqa: E402
    fetch_sheet_info,
    open_client,
    read_sheet,
    sheet_tables,
)
from insights.store import Store  # noqa: E402
from insights.workspaces import create_workspace  # noqa: E402

BANKING77 = banking77()
KEY = "1BenchmarkSheetKeyAbcdefghijklmnop"
NO_CREDENTIALS = GoogleCredentials(None, "benchmark")


def texts(count: int) -> tuple[list[str], str]:
    if BANKING77 is not None:
        with BANKING77.open(encoding="utf-8") as handle:
            found = [row["text"] for row in csv.DictReader(handle)]
        origin = f"banking77 train.csv ({len(found):,} real queries)"
    else:
        found = [row[1] for row in read_sample_rows(HIGHLIGHTS_FILE)[1:]]
        origin = "the bundled sample (banking77 not found)"
    return [
        f"{found[i % len(found)]}" if i < len(found) else f"{found[i % len(found)]} ({i})"
        for i in range(count)
    ], origin


def make_sheet(api: FakeSheetsAPI, rows: int) -> str:
    notes, origin = texts(rows)
    segments = list(Segment)
    highlights = [
        [
            "Highlight",
            "Participant",
            "Segment",
            "Focus",
            "Interview date",
            "Interviewer",
            "Source link",
        ]
    ]
    for i, text in enumerate(notes):
        highlights.append(
            [
                text,
                f"Participant {i % 1000:04d}",
                segments[i % 4],
                ["Product", "Marketing", "Customer"][i % 3],
                f"2026-03-{1 + i % 28:02d}",
                "Dana Whitfield",
                f"https://rec.example/{i // 12}?t={i % 12 * 60}",
            ]
        )
    roadmap = [["Item", "Description", "Status", "Target quarter", "Owner", "Area"]]
    for i in range(100):
        roadmap.append(
            [
                f"Roadmap item {i}",
                f"What item {i} does",
                ["idea", "planned", "in progress", "shipped"][i % 4],
                "Q3 2026",
                "Sam",
                "Product",
            ]
        )
    api.add_spreadsheet(KEY, "Benchmark study", {"Highlights": highlights, "Roadmap": roadmap})
    return origin


def ours(api: FakeSheetsAPI, store: Store, workspace: str) -> int:
    client = open_client(NO_CREDENTIALS, endpoint=api.url)
    tables = read_sheet(client, KEY, "Highlights", "Roadmap", NO_CREDENTIALS)
    plan = plan_import(
        tables,
        suggested_mapping(None, tables, HIGHLIGHTS),
        suggested_mapping(None, tables, ROADMAP),
    )
    return run_import(store, workspace, plan).highlights.new


def baseline(api: FakeSheetsAPI, store: Store, workspace: str) -> int:
    client = open_client(NO_CREDENTIALS, endpoint=api.url)
    spreadsheet = client.open_by_key(KEY)
    rows = {
        title: spreadsheet.worksheet(title).get_all_values() for title in ("Highlights", "Roadmap")
    }
    info = fetch_sheet_info(client, KEY, NO_CREDENTIALS)
    tables = sheet_tables(info, rows, "Highlights", "Roadmap")
    plan = plan_import(
        tables,
        suggested_mapping(None, tables, HIGHLIGHTS),
        suggested_mapping(None, tables, ROADMAP),
    )
    return run_import(store, workspace, plan).highlights.new


def measure(function, api: FakeSheetsAPI, repeat: int) -> tuple[float, int, int]:
    times, requests, imported = [], 0, 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as folder:
            store = Store(f"sqlite:///{folder}/bench.db")
            create_workspace(store, "Bench")
            before = api.request_count
            start = time.perf_counter()
            imported = function(api, store, "Bench")
            times.append(time.perf_counter() - start)
            requests = api.request_count - before
            store.close()
    return statistics.median(times), requests, imported


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with FakeSheetsAPI() as api:
        origin = make_sheet(api, args.rows)
        base_time, base_requests, base_rows = measure(baseline, api, args.repeat)
        our_time, our_requests, our_rows = measure(ours, api, args.repeat)
    assert our_rows == base_rows == args.rows
    base = f"{base_time:.3f} s, {base_requests} requests"
    our = f"{our_time:.3f} s, {our_requests} requests"
    print(f"rows: {args.rows:,} highlights + 100 roadmap items; texts from {origin}")
    print(f"repeats: {args.repeat} (medians)")
    print(f"baseline (open_by_key + get_all_values per worksheet): {base}")
    print(f"ours (metadata + one values:batchGet):                  {our}")
    print(
        f"ratio baseline/ours: time {base_time / our_time:.2f}x, "
        f"requests {base_requests / our_requests:.1f}x"
    )
    print(
        f"targets: requests <= 3: {'met' if our_requests <= 3 else 'MISSED'}; "
        f"local processing < 2 s: {'met' if our_time < 2 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()

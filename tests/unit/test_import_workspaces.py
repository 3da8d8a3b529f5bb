"""Importing into a new workspace: the workspace and its rows are saved together or not at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from bad_input import csv_bytes
from click.testing import CliRunner

import insights.importing
from insights.cli import main
from insights.errors import InsightsError, WorkspaceExists
from insights.importing import import_into_new_workspace, plan_import, run_import, suggested_mapping
from insights.sources.files import file_source, read_file_bytes
from insights.sources.mapping import HIGHLIGHTS
from insights.store import Store
from insights.workspaces import create_workspace

ROOT = Path(__file__).parent.parent.parent
IMPORTER = ROOT / "tests" / "helpers" / "importer.py"
NOTES = [["Quote", "Customer", "Tag"], ["Too pricey", "Ann", "Pain points"], ["Love it", "Bo", ""]]
# A tag too long to be a theme: refused while saving, after the workspace would exist.
REFUSED_ON_SAVING = [*NOTES, ["Slow", "Cy", "x" * 61]]


def _plan(store: Store, rows: list[list[str]]):
    tables = file_source(read_file_bytes(csv_bytes(rows), "notes.csv"))
    return plan_import(tables, suggested_mapping(store, tables, HIGHLIGHTS))


def test_an_import_into_a_new_workspace_creates_it_with_its_rows(store: Store) -> None:
    name, summary = import_into_new_workspace(store, "  Spring   study ", _plan(store, NOTES))

    assert name == "Spring study" and summary.highlights.new == 2
    data = store.load("Spring study")
    assert len(data.highlights) == 2
    assert {"Product love", "Pain points"} <= set(data.themes["name"])  # the seed themes


def test_a_refused_import_leaves_no_workspace_behind(store: Store) -> None:
    with pytest.raises(InsightsError, match="row 4.*Theme names can be up to 60 characters"):
        import_into_new_workspace(store, "Spring", _plan(store, REFUSED_ON_SAVING))

    assert not store.has_workspace("Spring")


def test_a_name_already_taken_is_refused_for_a_new_workspace(store: Store) -> None:
    create_workspace(store, "Spring")
    with pytest.raises(WorkspaceExists):
        import_into_new_workspace(store, "Spring", _plan(store, NOTES))
    assert len(store.load("Spring").highlights) == 0


def test_the_cli_leaves_no_workspace_behind_when_the_import_is_refused(
    sqlite_url: str, tmp_path: Path
) -> None:
    source = tmp_path / "notes.csv"
    source.write_bytes(csv_bytes(REFUSED_ON_SAVING))

    result = CliRunner().invoke(main, ["--database", sqlite_url, "import", str(source)])

    assert result.exit_code == 1 and "Theme names can be up to 60 characters" in result.output
    assert not Store(sqlite_url).has_workspace("notes")


@pytest.mark.slow
def test_a_killed_import_into_a_new_workspace_leaves_nothing(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "notes.csv"
    source.write_bytes(csv_bytes(NOTES))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, str(IMPORTER), store.url, str(source), "Spring"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        printed = []
        for line in iter(process.stdout.readline, ""):  # the CLI prints its mapping first
            printed.append(line.strip())
            if printed[-1] == "saving":
                break
        assert "saving" in printed, process.stderr.read()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    assert not store.has_workspace("Spring")
    assert [w.name for w in store.workspaces()] == []


def test_two_imports_creating_one_new_workspace_at_once_both_succeed(
    store: Store, monkeypatch
) -> None:
    """The second importer finds the workspace made a moment ago and imports into it."""
    first_inside, release = threading.Event(), threading.Event()
    real_apply = insights.importing.apply_import

    def apply(act, frames):
        summary = real_apply(act, frames)
        if not first_inside.is_set():  # hold the first import's transaction open
            first_inside.set()
            assert release.wait(30)
        return summary

    monkeypatch.setattr(insights.importing, "apply_import", apply)
    results: dict[str, object] = {}

    def run(tag: str) -> None:
        try:
            results[tag] = import_into_new_workspace(store, "Spring", _plan(store, NOTES))
        except Exception as error:  # recorded for the assertion below
            results[tag] = error

    first = threading.Thread(target=run, args=("first",))
    first.start()
    assert first_inside.wait(30)
    second = threading.Thread(target=run, args=("second",))
    second.start()
    time.sleep(0.5)  # the second has checked the name and now waits for the first to commit
    release.set()
    first.join(30)
    second.join(30)

    assert not isinstance(results["first"], Exception), results["first"]
    assert not isinstance(results["second"], Exception), results["second"]
    counts = sorted(str(summary.highlights) for _, summary in results.values())
    assert counts == [
        "0 new, 0 changed, 0 removed, 2 unchanged",
        "2 new, 0 changed, 0 removed, 0 unchanged",
    ]
    assert [w.name for w in store.workspaces()] == ["Spring"]
    assert len(store.load("Spring").highlights) == 2


def test_run_import_creates_the_workspace_only_when_asked(store: Store) -> None:
    with pytest.raises(InsightsError, match="no workspace named “Spring”"):
        run_import(store, "Spring", _plan(store, NOTES))
    run_import(store, "Spring", _plan(store, NOTES), create=True)
    assert len(store.load("Spring").highlights) == 2

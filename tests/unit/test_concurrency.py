"""Several sessions writing one workspace lose nothing, and a killed writer corrupts nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from insights.model import SEED_THEMES
from insights.store import Store
from insights.theme_assignment import add_theme
from insights.workspaces import create_workspace

WRITER = Path(__file__).parent.parent / "helpers" / "writer.py"
ROOT = Path(__file__).parent.parent.parent


def _writer(url: str, workspace: str, tag: str, count: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, str(WRITER), url, workspace, tag, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout.readline().strip() == "ready", process.stderr.read()
    return process


def _theme_names(store: Store, workspace: str) -> set[str]:
    return set(store.load(workspace).themes["name"])


def test_threads_writing_one_workspace_lose_nothing(store: Store) -> None:
    create_workspace(store, "Busy")
    _, start = store.revision("Busy")
    threads, per_thread = 8, 25

    def write(thread: int) -> None:
        for i in range(per_thread):
            with store.action("Busy", "test.write") as act:
                add_theme(act, f"t{thread}-{i}")

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(write, range(threads)))

    names = _theme_names(store, "Busy")
    expected = {f"t{t}-{i}" for t in range(threads) for i in range(per_thread)}
    assert expected <= names
    assert len(names) == len(expected) + len(SEED_THEMES)
    assert store.revision("Busy")[1] == start + threads * per_thread
    # every action left its event, each with its own revision
    log = store.event_log("Busy")
    writes = log[log["action"] == "test.write"]
    assert writes["revision"].is_unique


@pytest.mark.slow
def test_two_processes_writing_one_workspace_lose_nothing(store: Store) -> None:
    create_workspace(store, "Busy")
    _, start = store.revision("Busy")
    count = 60

    writers = [_writer(store.url, "Busy", tag, count) for tag in ("a", "b")]
    for process in writers:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert len(out.split()) == count

    names = _theme_names(store, "Busy")
    assert {f"{tag}-{i}" for tag in "ab" for i in range(count)} <= names
    assert store.revision("Busy")[1] == start + 2 * count


@pytest.mark.slow
def test_a_writer_killed_mid_action_loses_no_committed_action(sqlite_url: str) -> None:
    store = Store(sqlite_url)
    create_workspace(store, "Busy")
    store.close()

    committed: list[str] = []
    for round_ in range(3):  # each kill lands at a different point of an action
        process = _writer(sqlite_url, "Busy", f"r{round_}", 100_000)
        for _ in range(40 + 17 * round_):
            committed.append(process.stdout.readline().strip())
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL

        reopened = Store(sqlite_url)
        assert reopened.integrity_check() == "ok"
        names = _theme_names(reopened, "Busy")
        assert set(committed) <= names
        # the log and the revision agree with what was committed, torn action or not
        _, revision = reopened.revision("Busy")
        log = reopened.event_log("Busy")
        assert log["revision"].max() == revision
        assert len(names) == len(log[log["action"] == "theme.create"])
        reopened.close()

"""`insights workspaces`: the same verbs as the sidebar, from a terminal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from insights.cli import main


def _run(url: str, *args: str, input: str | None = None):
    return CliRunner().invoke(main, ["--database", url, *args], input=input)


def test_create_list_delete(sqlite_url: str) -> None:
    assert "No workspaces yet" in _run(sqlite_url, "workspaces", "list").output

    created = _run(sqlite_url, "workspaces", "create", "Spring 2026")
    assert created.exit_code == 0 and "Created workspace “Spring 2026”" in created.output

    listed = json.loads(_run(sqlite_url, "workspaces", "list", "--json").output)
    assert [(w["name"], w["kind"], w["highlights"]) for w in listed] == [("Spring 2026", "user", 0)]

    refused = _run(sqlite_url, "workspaces", "delete", "Spring 2026", input="n\n")
    assert refused.exit_code == 1 and "Aborted" in refused.output
    deleted = _run(sqlite_url, "workspaces", "delete", "Spring 2026", "--yes")
    assert deleted.exit_code == 0
    assert json.loads(_run(sqlite_url, "workspaces", "list", "--json").output) == []


def test_errors_are_messages_with_a_non_zero_exit(sqlite_url: str) -> None:
    _run(sqlite_url, "workspaces", "create", "Study")
    again = _run(sqlite_url, "workspaces", "create", "Study")
    assert again.exit_code == 1
    assert "Error: A workspace named “Study” already exists" in again.output
    missing = _run(sqlite_url, "workspaces", "delete", "Nope", "--yes")
    assert missing.exit_code == 1 and "no workspace named “Nope”" in missing.output
    assert "Traceback" not in again.output + missing.output


def test_reset_sample_then_list_as_a_table(sqlite_url: str) -> None:
    reset = _run(sqlite_url, "workspaces", "reset-sample", "--yes")
    assert reset.output.strip() == "Sample study reset: 285 highlights, 26 roadmap items."
    table = _run(sqlite_url, "workspaces", "list").output.splitlines()
    assert table[0].split() == ["NAME", "KIND", "HIGHLIGHTS", "REVISION", "UPDATED"]
    assert table[1].split()[:4] == ["Sample", "study", "sample", "285"]


def test_the_installed_command_keeps_its_store_under_the_working_folder(tmp_path: Path) -> None:
    """Runs the console script from outside the repository: the sample data must be installed."""
    command = shutil.which("insights", path=str(Path(sys.executable).parent))
    assert command, "the `insights` console script is not installed: pip install -e '.[test]'"
    env = {k: v for k, v in os.environ.items() if k != "INSIGHTS_DATABASE_URL"}
    result = subprocess.run(
        [command, "workspaces", "reset-sample", "--yes"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / ".insights" / "insights.db").is_file()

"""`insights group|themes|decide|quotes|history`: the app's steps after import, from a terminal."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from insights.cli import main
from insights.model import SAMPLE_WORKSPACE
from insights.store import Store

W = SAMPLE_WORKSPACE


def _run(url: str, *args: str):
    return CliRunner().invoke(main, ["--database", url, *args])


def _sample(url: str) -> None:
    assert _run(url, "workspaces", "reset-sample", "--yes").exit_code == 0


def _fails_in_one_line(result, words: str) -> None:
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Error: ") and words in line


def test_group_proposes_then_accepts_every_group(sqlite_url: str) -> None:
    _sample(sqlite_url)
    grouped = _run(sqlite_url, "group", "--workspace", W, "--method", "wording", "--accept-all")
    assert grouped.exit_code == 0, grouped.output
    lines = grouped.output.splitlines()
    assert lines[0] == "11 groups proposed from 29 highlights (wording, threshold 85)."
    assert lines[1] == "Accepted 11 groups."
    clusters = Store(sqlite_url).load(W).clusters
    assert len(clusters) == 11 and set(clusters["status"]) == {"accepted"}


def test_group_refuses_a_threshold_out_of_range(sqlite_url: str) -> None:
    _sample(sqlite_url)
    refused = _run(sqlite_url, "group", "--workspace", W, "--method", "wording", "--threshold", "5")
    _fails_in_one_line(refused, "Choose a threshold between")


def test_themes_create_assign_and_list(sqlite_url: str) -> None:
    _sample(sqlite_url)
    created = _run(sqlite_url, "themes", "--workspace", W, "create", "Gifting")
    assert created.output.strip() == "Created the theme “Gifting” (theme:5)."
    moved = _run(sqlite_url, "themes", "--workspace", W, "assign", "H001", "gifting")
    assert moved.output.strip() == "Moved 1 highlight to “gifting”."
    listed = _run(sqlite_url, "themes", "--workspace", W, "list").output.splitlines()
    assert listed[0].split() == ["KEY", "THEME", "HIGHLIGHTS"]
    assert listed[5].split() == ["theme:5", "Gifting", "1"]
    assert listed[6].split() == ["Unassigned", "284"]


def test_themes_assign_names_what_is_missing(sqlite_url: str) -> None:
    _sample(sqlite_url)
    no_theme = _run(sqlite_url, "themes", "--workspace", W, "assign", "H001", "Nope")
    _fails_in_one_line(no_theme, "There is no theme named “Nope” in “Sample study”.")
    no_highlight = _run(sqlite_url, "themes", "--workspace", W, "assign", "H999", "Pain points")
    _fails_in_one_line(no_highlight, "There is no highlight “H999” in “Sample study”.")


def test_decide_records_the_decision_and_its_note(sqlite_url: str) -> None:
    _sample(sqlite_url)
    decided = _run(sqlite_url, "decide", "--workspace", W, "theme:4", "act-now", "--note", "Now")
    assert decided.output.strip() == "theme:4: Act now."
    decisions = Store(sqlite_url).load(W).decisions
    row = decisions[decisions["insight_key"] == "theme:4"].iloc[0]
    assert (row["decision"], row["note"]) == ("Act now", "Now")
    _fails_in_one_line(
        _run(sqlite_url, "decide", "--workspace", W, "bogus", "inform"),
        "“bogus” is not an insight (theme:…, cluster:… or highlight:…).",
    )
    _fails_in_one_line(
        _run(sqlite_url, "decide", "--workspace", W, "theme:99", "revisit"),
        "That insight is no longer in this workspace",
    )


def test_quotes_list_and_export_honour_consent(sqlite_url: str, tmp_path: Path) -> None:
    _sample(sqlite_url)
    listed = _run(sqlite_url, "quotes", "--workspace", W, "list").output.splitlines()
    assert listed[0].split()[:2] == ["HIGHLIGHT", "CONSENT"]
    assert any("declined" in line for line in listed)
    out = tmp_path / "quotes.csv"
    exported = _run(sqlite_url, "quotes", "--workspace", W, "export", "--output", str(out))
    assert exported.output.strip() == f"Wrote 7 quotes to {out}."
    with out.open(encoding="utf-8-sig") as handle:
        assert len(list(csv.DictReader(handle))) == 7


def test_history_lists_moves_and_undoes_the_last(sqlite_url: str) -> None:
    _sample(sqlite_url)
    _run(sqlite_url, "themes", "--workspace", W, "assign", "H001", "Pain points")
    history = _run(sqlite_url, "history", "--workspace", W).output.splitlines()
    assert history[0].split() == ["WHEN", "WHO", "WHAT", "SUBJECT", "DETAILS"]
    assert "Moved" in history[1] and "→ Pain points" in history[1]
    undone = _run(sqlite_url, "history", "--workspace", W, "--undo").output.splitlines()
    assert undone[0] == "Undid: 1 highlight (command line)."
    assert "Undid a move" in undone[2] and "→ Unassigned" in undone[2]
    assert _run(sqlite_url, "history", "--workspace", "Nope").exit_code == 1

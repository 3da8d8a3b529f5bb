"""`insights dedupe --method`: the same engine as the app, with each row's similarity."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from insights.cli import main

ROWS = [
    ["Note", "Who"],
    ["My package took almost two weeks to arrive", "Ann"],
    ["Delivery was slow, my order took nearly two weeks to arrive", "Bo"],
    ["my package took almost two weeks to arive!", "Cy"],
    ["The price is too high", "Dee"],
    ["The price is fair for the quality", "Eve"],
]


def _dedupe(tmp_path: Path, *options: str) -> list[list[str]]:
    source = tmp_path / "notes.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(ROWS)
    output = tmp_path / "out.csv"
    result = CliRunner().invoke(
        main,
        ["dedupe", str(source), "--text-column", "Note", *options, "--output", str(output)],
    )
    assert result.exit_code == 0, result.output
    with output.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_by_meaning_groups_other_words_and_writes_each_rows_similarity(tmp_path: Path) -> None:
    written = _dedupe(tmp_path, "--threshold", "75")

    assert written[0] == [
        "Note",
        "Who",
        "cluster_id",
        "cluster_size",
        "representative",
        "similarity",
        "feedback",
    ]
    delivery = written[1:4]
    assert {r[2] for r in delivery} == {"1"} and {r[3] for r in delivery} == {"3"}
    similarities = [int(r[5]) for r in delivery]
    assert 100 in similarities  # the representative itself
    assert all(75 <= s <= 100 for s in similarities)
    price_high, price_fair = written[4], written[5]
    assert price_high[2] != price_fair[2]  # opposite opinions: never one group
    assert price_high[3] == price_fair[3] == "1" and price_high[5] == "100"


def test_by_wording_only_keeps_other_words_apart(tmp_path: Path) -> None:
    written = _dedupe(tmp_path, "--method", "wording", "--threshold", "85")

    sizes = {r[0]: r[3] for r in written[1:]}
    assert sizes["My package took almost two weeks to arrive"] == "2"  # the typo only
    assert sizes["Delivery was slow, my order took nearly two weeks to arrive"] == "1"


def test_an_unknown_method_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "notes.csv"
    source.write_text("Note\na\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["dedupe", str(source), "--text-column", "Note", "--method", "vibes", "--output", "o.csv"],
    )
    assert result.exit_code == 2
    assert "'vibes' is not one of 'meaning', 'wording'" in result.output

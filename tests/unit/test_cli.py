"""`insights workspaces`: the same verbs as the sidebar, from a terminal."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bad_input import REFUSED
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


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


NOTES = [
    ["What they said", "Customer", "Cohort", "Mood"],
    ["Shipping is too expensive", "Ann", "vip", "annoyed"],
    ['=HYPERLINK("http://evil.example")', "Bo", "sale only", ""],
    ["007 is the code", "Cy", "One-time buyer", ""],
]


def test_import_a_file_into_a_new_workspace_named_after_it(sqlite_url: str, tmp_path: Path) -> None:
    source = _write_csv(tmp_path / "spring-notes.csv", NOTES)

    result = _run(sqlite_url, "import", str(source))

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "Highlights: What they said → text, Customer → participant, Cohort → segment"
    )
    assert (
        "Imported into “spring-notes”: highlights 3 new, 0 changed, 0 removed, 0 unchanged."
        in result.output
    )
    again = _run(sqlite_url, "import", str(source))
    assert "0 new, 0 changed, 0 removed, 3 unchanged" in again.output


def test_import_to_a_csv_with_the_documented_columns(sqlite_url: str, tmp_path: Path) -> None:
    import csv

    source = _write_csv(tmp_path / "notes.csv", NOTES)
    output = tmp_path / "mapped.csv"

    result = _run(
        sqlite_url, "import", str(source), "--output", str(output), "--participant-column", "Mood"
    )

    assert result.exit_code == 0, result.output
    rows = list(csv.reader(output.open(encoding="utf-8")))
    assert rows[0] == [
        "id",
        "text",
        "participant",
        "segment",
        "focus",
        "date",
        "interviewer",
        "source",
        "theme",
        "Customer",
    ]
    assert rows[1][1:4] == ["Shipping is too expensive", "annoyed", "VIP repeat buyer"]
    assert rows[2][1] == '\'=HYPERLINK("http://evil.example")'  # never a formula in a spreadsheet
    assert rows[3][1] == "007 is the code"
    assert (
        json.loads(_run(sqlite_url, "workspaces", "list", "--json").output) == []
    )  # nothing saved


def test_import_errors_exit_non_zero_with_the_apps_message(sqlite_url: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("Quote,Customer\n")
    result = _run(sqlite_url, "import", str(empty))
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: The file empty.csv holds only a header row (“Quote, Customer”) and no data. "
        "Add rows below the header, or pick another worksheet."
    )
    missing = _run(sqlite_url, "import", str(tmp_path / "notes.csv"), "--text-column", "Nope")
    assert missing.exit_code == 1


def test_import_a_google_sheet_through_the_endpoint(
    sqlite_url: str, sheets_api, monkeypatch
) -> None:
    key = "1FernFoamStudyKeyAbcdefghijklmnop"
    sheets_api.add_spreadsheet(
        key,
        "Spring study",
        {"Highlights": NOTES, "Roadmap": [["Item", "Status"], ["Refills", "Now"]]},
    )
    monkeypatch.setenv("INSIGHTS_SHEETS_ENDPOINT", sheets_api.url)

    result = _run(sqlite_url, "import", f"https://docs.google.com/spreadsheets/d/{key}/edit")

    assert result.exit_code == 0, result.output
    assert "Imported into “Spring study”: highlights 3 new" in result.output
    assert "Roadmap items: 1 new" in result.output
    assert sheets_api.request_count == 2


def test_dedupe_writes_every_row_in_order_with_its_group(tmp_path: Path) -> None:
    import csv

    rows = [
        ["Quote", "Who"],
        ["Shipping is too expensive", "Ann"],
        ["Love the lavender soak", "Bo"],
        ["", "Cy"],
        ["shiping is to expensive!!", "Dee"],
        ["=cmd|' /C calc'!A0", "Eve"],
        ["Um, shipping is way too expensive", "Ann"],
    ]
    source = _write_csv(tmp_path / "notes.csv", rows)
    output = tmp_path / "grouped.csv"

    result = CliRunner().invoke(
        main,
        [
            "dedupe",
            str(source),
            "--text-column",
            "Quote",
            "--participant-column",
            "Who",
            "--output",
            str(output),
        ],
    )

    assert result.exit_code == 0, result.output
    assert "6 rows: 1 group of two or more holds 3 rows (threshold 85)" in result.output
    written = list(csv.reader(output.open(encoding="utf-8")))
    assert written[0] == [
        "Quote",
        "Who",
        "cluster_id",
        "cluster_size",
        "representative",
        "similarity",
        "feedback",
    ]
    assert [r[1] for r in written[1:]] == ["Ann", "Bo", "Cy", "Dee", "Eve", "Ann"]  # input order
    shipping = [r for r in written[1:] if r[3] == "3"]
    assert len(shipping) == 3 and len({r[2] for r in shipping}) == 1 and shipping[0][2] == "1"
    assert written[3][2:] == ["", "", "", "", ""]  # a row without text is kept, ungrouped
    assert written[5][0] == "'=cmd|' /C calc'!A0"  # never a formula in a spreadsheet
    assert written[2][2:4] != ["", ""] and written[2][3] == "1"


def test_dedupe_names_a_missing_column(tmp_path: Path) -> None:
    source = _write_csv(tmp_path / "notes.csv", [["Quote"], ["a"]])
    result = CliRunner().invoke(
        main, ["dedupe", str(source), "--text-column", "Text", "--output", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 1
    assert "There is no text column “Text”. The columns are: Quote." in result.output


def test_dedupe_refuses_a_threshold_out_of_range(tmp_path: Path) -> None:
    source = _write_csv(tmp_path / "notes.csv", [["Quote"], ["a"]])
    result = CliRunner().invoke(
        main,
        [
            "dedupe",
            str(source),
            "--text-column",
            "Quote",
            "--threshold",
            "40",
            "--output",
            str(tmp_path / "o.csv"),
        ],
    )
    assert result.exit_code == 2 and "40" in result.output


# -- bad input and a store that cannot be opened: one line, exit status 1 ---------------------


def _one_line_error(result) -> str:
    """The error line of a failed command, checked to be a message and not a traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # handled, not raised
    assert "Traceback" not in result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("Error: ")
    return last


@pytest.mark.parametrize("case", list(REFUSED))
def test_every_bad_input_is_one_line_and_exit_1_and_saves_nothing(
    sqlite_url: str, tmp_path: Path, case: str
) -> None:
    name, data, message = REFUSED[case]
    source = tmp_path / name
    source.write_bytes(data)

    line = _one_line_error(_run(sqlite_url, "import", str(source)))

    assert re.search(message, line)
    assert json.loads(_run(sqlite_url, "workspaces", "list", "--json").output) == []


def _not_a_database(tmp_path: Path) -> str:
    path = tmp_path / "store.db"
    path.write_bytes(b"these are not the bytes of a SQLite database\n" * 100)
    return f"sqlite:///{path}"


@pytest.mark.parametrize(
    ("make_url", "message"),
    [
        (
            _not_a_database,
            r"store at sqlite:///.*store\.db could not be opened: file is not a database",
        ),
        (lambda tmp: f"sqlite:///{tmp}", "could not be opened: unable to open database file"),
        (lambda tmp: f"sqlite:///{tmp / 'file.txt' / 'store.db'}", "could not be opened"),
        (lambda tmp: "nosuchdb://somewhere/insights", "could not be opened: .*nosuchdb"),
        (
            lambda tmp: "postgresql+psycopg://me:secret@127.0.0.1:9/insights",
            r"store at postgresql\+psycopg://me:\*\*\*@127.0.0.1:9/insights could not be opened",
        ),
    ],
)
def test_a_store_that_cannot_be_opened_is_one_line_and_exit_1(
    tmp_path: Path, make_url, message: str
) -> None:
    (tmp_path / "file.txt").write_text("a file, not a folder")
    line = _one_line_error(_run(make_url(tmp_path), "workspaces", "list"))
    assert re.search(message, line), line
    assert "secret" not in line


def test_an_unexpected_failure_is_one_line_too(sqlite_url: str, monkeypatch) -> None:
    import insights.workspaces

    def broken(store):
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr(insights.workspaces, "list_workspaces", broken)
    line = _one_line_error(_run(sqlite_url, "workspaces", "list"))
    assert line.startswith("Error: Unexpected error (RuntimeError: disk on fire second line).")


def test_the_real_command_prints_no_traceback_for_a_damaged_workbook_or_store(
    tmp_path: Path,
) -> None:
    damaged = tmp_path / "study.xlsx"
    damaged.write_bytes(REFUSED["a half-written sheet"][1])
    fine = _write_csv(tmp_path / "notes.csv", NOTES)
    for source, url in (
        (damaged, f"sqlite:///{tmp_path / 'ok.db'}"),
        (fine, _not_a_database(tmp_path)),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "insights.cli", "--database", url, "import", str(source)],
            cwd=Path(__file__).parent.parent.parent,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_dates_that_read_two_ways_need_day_first_or_month_first(
    sqlite_url: str, tmp_path: Path
) -> None:
    source = _write_csv(
        tmp_path / "notes.csv",
        [
            ["Quote", "Customer", "Date"],
            ["Too pricey", "Ann", "03/04/2026"],
            ["Love it", "Bo", "05/04/2026"],
        ],
    )

    line = _one_line_error(_run(sqlite_url, "import", str(source)))

    assert "03/04/2026 is 3 April 2026 day first, or March 4, 2026 month first" in line
    assert line.endswith("Run again with --day-first or --month-first.")
    assert json.loads(_run(sqlite_url, "workspaces", "list", "--json").output) == []

    done = _run(sqlite_url, "import", str(source), "--day-first")
    assert done.exit_code == 0, done.output
    assert "Note: Dates like 03/04/2026 are read day first, as you chose." in done.output
    from insights.store import Store

    dates = Store(sqlite_url).load("notes").highlights["interview_date"].astype(str).tolist()
    assert sorted(dates) == ["2026-04-03", "2026-04-05"]


def test_a_link_to_one_worksheet_imports_that_worksheet(
    sqlite_url: str, sheets_api, monkeypatch
) -> None:
    key = "1FernFoamStudyKeyAbcdefghijklmnop"
    spreadsheet = sheets_api.add_spreadsheet(
        key,
        "Spring study",
        {
            "Highlights": NOTES,
            "Autumn notes": [["Quote", "Customer"], ["The pump broke", "Eve"]],
        },
    )
    gid = spreadsheet.worksheet("Autumn notes").sheet_id
    monkeypatch.setenv("INSIGHTS_SHEETS_ENDPOINT", sheets_api.url)

    result = _run(
        sqlite_url, "import", f"https://docs.google.com/spreadsheets/d/{key}/edit#gid={gid}"
    )

    assert result.exit_code == 0, result.output
    assert "Imported into “Spring study”: highlights 1 new" in result.output
    from insights.store import Store

    assert Store(sqlite_url).load("Spring study").highlights["text"].tolist() == ["The pump broke"]

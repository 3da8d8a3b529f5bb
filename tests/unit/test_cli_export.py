"""`insights export`: the same exports as the app, from a terminal."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
from click.testing import CliRunner

from insights import export_formats, prioritize
from insights.cli import main
from insights.filters import InsightFilter
from insights.model import SAMPLE_WORKSPACE
from insights.prioritize import GROUP
from insights.store import Store
from insights.workspaces import ensure_sample

KEY = "1CliExportStudyKeyAbcdefghijklmn"


def _run(url: str, *args: str):
    return CliRunner().invoke(main, ["--database", url, *args])


def _to_sheet(url: str, *extra: str):
    """`insights export --format sheet` of the sample study into the test sheet."""
    sheet = f"https://docs.google.com/spreadsheets/d/{KEY}/edit"
    args = ["--workspace", SAMPLE_WORKSPACE, "--format", "sheet", "--sheet", sheet]
    return _run(url, "export", *args, *extra)


def _sample(url: str) -> Store:
    store = Store(url)
    ensure_sample(store)
    return store


def test_csv_with_filters_matches_the_app(sqlite_url: str, tmp_path: Path) -> None:
    store = _sample(sqlite_url)
    target = tmp_path / "vip.csv"

    result = _run(
        sqlite_url,
        "export",
        "--workspace",
        SAMPLE_WORKSPACE,
        "--format",
        "csv",
        "--level",
        "group",
        "--segment",
        "VIP repeat buyer",
        "--output",
        str(target),
    )

    assert result.exit_code == 0, result.output
    expected = export_formats.insight_rows(
        prioritize.prioritize(
            store.load(SAMPLE_WORKSPACE), InsightFilter(segments=("VIP repeat buyer",)), GROUP
        )
    )
    assert f"Wrote {len(expected)} groups to {target}." in result.output
    parsed = pd.read_csv(target, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert parsed.values.tolist() == expected.astype(str).values.tolist()


def test_markdown_to_the_terminal_and_xlsx_to_a_file(sqlite_url: str, tmp_path: Path) -> None:
    _sample(sqlite_url)
    shown = _run(
        sqlite_url,
        "export",
        "--workspace",
        SAMPLE_WORKSPACE,
        "--format",
        "md",
        "--level",
        "group",
        "--output",
        "-",
    )
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("# Prioritized insights: Sample study")
    assert "| Rank | Insight |" in shown.output

    target = tmp_path / "study.xlsx"
    written = _run(
        sqlite_url,
        "export",
        "--workspace",
        SAMPLE_WORKSPACE,
        "--format",
        "xlsx",
        "--output",
        str(target),
    )
    assert written.exit_code == 0, written.output
    book = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))
    assert book.sheetnames == list(export_formats.SHEETS)


def test_the_default_file_name_is_dated_in_the_working_folder(
    sqlite_url: str, tmp_path: Path, monkeypatch
) -> None:
    _sample(sqlite_url)
    monkeypatch.chdir(tmp_path)

    result = _run(sqlite_url, "export", "--workspace", SAMPLE_WORKSPACE, "--format", "csv")

    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("sample-study-prioritized-insights-*.csv"))) == 1


def test_write_back_to_a_sheet(sqlite_url: str, sheets_api, monkeypatch) -> None:
    _sample(sqlite_url)
    sheets_api.add_spreadsheet(KEY, "Team sheet", {"Highlights": [["Quote"], ["hi"]]})
    monkeypatch.setenv("INSIGHTS_SHEETS_ENDPOINT", sheets_api.url)

    result = _to_sheet(sqlite_url, "--level", "group")

    assert result.exit_code == 0, result.output
    assert "Created “Prioritized insights” in “Team sheet” with 285 insights." in result.output
    assert sheets_api.values(KEY, "Prioritized insights")[0][0] == "Rank"
    assert sheets_api.request_count == 3
    writes = [r for r in sheets_api.requests if r.path.endswith("values:batchUpdate")]
    assert writes[0].body["valueInputOption"] == "RAW"


def test_mistakes_are_explained(sqlite_url: str, sheets_api, monkeypatch) -> None:
    _sample(sqlite_url)
    no_sheet = _run(sqlite_url, "export", "--workspace", SAMPLE_WORKSPACE, "--format", "sheet")
    assert no_sheet.exit_code == 2
    assert "not imported from a Google Sheet" in no_sheet.output

    unknown = _run(sqlite_url, "export", "--workspace", "Nope", "--format", "csv")
    assert unknown.exit_code == 1 and "Nope" in unknown.output

    terminal = _run(
        sqlite_url, "export", "--workspace", SAMPLE_WORKSPACE, "--format", "xlsx", "--output", "-"
    )
    assert terminal.exit_code == 2 and "name a file" in terminal.output

    monkeypatch.setenv("INSIGHTS_SHEETS_ENDPOINT", sheets_api.url)
    missing = _to_sheet(sqlite_url)
    assert missing.exit_code == 1 and "cannot find the sheet" in missing.output


def test_without_credentials_it_says_how_to_connect(sqlite_url: str, monkeypatch) -> None:
    for name in (
        "INSIGHTS_SHEETS_ENDPOINT",
        "INSIGHTS_SERVICE_ACCOUNT_FILE",
        "GOOGLE_APPLICATION_CREDENTIALS",
    ):
        monkeypatch.delenv(name, raising=False)
    _sample(sqlite_url)
    told = _to_sheet(sqlite_url)
    assert told.exit_code == 1
    assert "cannot write to Google Sheets" in told.output and "as an Editor" in told.output
    assert "Traceback" not in told.output

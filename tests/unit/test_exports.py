"""Exports of the prioritized list parse back to what the page shows, and never run formulas."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pandas as pd
import pytest
from markdown_it import MarkdownIt
from small_study import ROWS, WS, make_study, row

from insights import export_formats, prioritize
from insights.decisions import set_decision, set_votes
from insights.filters import InsightFilter
from insights.grouping import compute_merges, eligible, save_grouping
from insights.model import SAMPLE_WORKSPACE, Attribution, Consent
from insights.prioritize import GROUP, THEME
from insights.quote_bank import mark
from insights.store import Store
from insights.workspaces import ensure_sample

# Untrusted text that a spreadsheet would run, or Markdown would render
FORMULAS = ['=HYPERLINK("http://evil","x")', "+1+2", "-3", "@SUM(A1)"]
MARKUP = "Price | *shipping* <script>alert(1)</script> [site](http://x) `code` _x_ # $1"


@pytest.fixture
def study(store: Store) -> Store:
    rows = [*ROWS, row("m1", MARKUP, "Gil", "Sale", 11), row("f1", FORMULAS[0], "Hal", "VIP", 12)]
    return make_study(store, rows)


def _shown(frame: pd.DataFrame) -> list[list[str]]:
    """The table as the page shows it, cell by cell as text."""
    return [[str(v) for v in frame.columns]] + [
        ["" if v is None else str(v) for v in values] for values in frame.itertuples(index=False)
    ]


def _unneutralize(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:2] in tuple("=+-@\t\r") else cell


# -- CSV ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [THEME, GROUP])
def test_the_csv_parses_back_to_the_rows_shown(study: Store, level: str) -> None:
    set_decision(study, WS, "theme:4", "Act now", "ship by May")
    result = prioritize.prioritize(study.load(WS), level=level)
    rows = export_formats.insight_rows(result)

    data = export_formats.to_csv(rows)

    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the accents right
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [[_unneutralize(c) for c in r] for r in parsed] == _shown(rows)
    assert [int(r[0]) for r in parsed[1:]] == list(range(1, len(rows) + 1))  # priority order
    assert parsed[0][:7] == [
        "Rank",
        "Insight",
        "Level",
        "Theme",
        "Score",
        "Mentions",
        "Participants",
    ]
    assert parsed[0][-3:] == ["Quote 1", "Quote 2", "Quote 3"]


def test_the_csv_holds_counts_score_roadmap_decision_and_quotes(study: Store) -> None:
    result = prioritize.prioritize(study.load(WS), level=GROUP)
    shipping = result.groups.set_index("title").loc["Shipping is too expensive"]
    set_decision(study, WS, shipping["key"], "Act now", "free over $35")
    set_votes(study, WS, shipping["key"], 4)
    result = prioritize.prioritize(study.load(WS), level=GROUP)

    parsed = pd.read_csv(
        io.BytesIO(export_formats.to_csv(export_formats.insight_rows(result))),
        dtype=str,
        keep_default_na=False,
    )
    line = parsed.set_index("Insight").loc["Shipping is too expensive"]

    assert (line["Mentions"], line["Participants"], line["Votes"]) == ("4", "3", "4")
    assert (line["Decision"], line["Note"]) == ("Act now", "free over $35")
    assert line["Roadmap status"] == "Not on the roadmap"
    quotes = [line["Quote 1"], line["Quote 2"], line["Quote 3"]]
    assert all(q.startswith("“") for q in quotes)  # three people, one quote each
    assert {q.rsplit(" — ", 1)[1] for q in quotes} == {"Ann, VIP", "Bo, Sale", "Cy, Sale"}


def test_the_export_follows_the_filters(study: Store) -> None:
    data = study.load(WS)
    sale_only = prioritize.prioritize(data, InsightFilter(segments=("Sale",)), level=GROUP)
    rows = export_formats.insight_rows(sale_only)

    everyone = export_formats.insight_rows(prioritize.prioritize(data, level=GROUP))
    assert len(rows) < len(everyone)
    shipping = rows.set_index("Insight").loc["Shipping is too expensive"]
    assert (shipping["Mentions"], shipping["Participants"]) == (2, 2)  # Bo and Cy
    assert "segments: Sale" in export_formats.to_markdown(sale_only, WS)


@pytest.mark.parametrize("note", FORMULAS)
def test_a_note_that_looks_like_a_formula_is_neutralized_in_csv(study: Store, note: str) -> None:
    key = prioritize.prioritize(study.load(WS)).themes["key"].iloc[0]
    set_decision(study, WS, key, "Inform our understanding", note)
    result = prioritize.prioritize(study.load(WS))

    parsed = pd.read_csv(
        io.BytesIO(export_formats.to_csv(export_formats.insight_rows(result))),
        dtype=str,
        keep_default_na=False,
    )

    cell = parsed.set_index("Rank").loc["1", "Note"]
    assert cell == "'" + note  # OWASP: an apostrophe first, the note's words kept


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_every_formula_trigger_is_neutralized_in_csv(cell: str) -> None:
    parsed = list(
        csv.reader(
            io.StringIO(
                export_formats.to_csv(pd.DataFrame({"c": [cell, "fine -1"]})).decode("utf-8-sig"),
                newline="",
            )
        )
    )
    assert parsed[1:] == [["'" + cell], ["fine -1"]]


# -- XLSX --------------------------------------------------------------------------------------


def _workbook(result: prioritize.Prioritized) -> tuple[openpyxl.Workbook, bytes]:
    data = export_formats.workbook(result)
    return openpyxl.load_workbook(io.BytesIO(data)), data


def test_the_workbook_has_five_formatted_sheets_that_parse_back(study: Store) -> None:
    result = prioritize.prioritize(study.load(WS), level=GROUP)
    book, _ = _workbook(result)

    assert book.sheetnames == list(export_formats.SHEETS)
    first = book["Prioritized insights"]
    values = [["" if v is None else str(v) for v in r] for r in first.iter_rows(values_only=True)]
    assert values == _shown(export_formats.insight_rows(result))
    assert first.freeze_panes == "A2"
    assert all(cell.font.bold for cell in first[1])
    widths = [first.column_dimensions[c].width for c in "ABCDEFGHIJKLMNOPQRST"]
    assert all(10 <= w <= 60 for w in widths)
    assert first.column_dimensions["B"].width > first.column_dimensions["A"].width
    assert isinstance(first["E2"].value, int)  # numbers stay numbers

    highlights = book["Highlights"]
    header = [c.value for c in highlights[1]]
    assert header[:2] == ["ID", "Highlight"] and {"Theme", "Group", "Insight"} <= set(header)
    assert highlights.max_row == len(result.seen) + 1


@pytest.mark.parametrize("note", FORMULAS)
def test_text_is_stored_as_text_never_as_a_formula(study: Store, note: str) -> None:
    key = prioritize.prioritize(study.load(WS)).themes["key"].iloc[0]
    set_decision(study, WS, key, "Act now", note)
    result = prioritize.prioritize(study.load(WS), level=THEME)

    book, raw = _workbook(result)

    decisions = book["Decisions"]
    cell = decisions.cell(row=2, column=4)
    assert (cell.value, cell.data_type) == (note, "s")  # the note, as text
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)
    highlights = book["Highlights"]
    texts = {c.value: c.data_type for c in highlights["B"][1:]}
    assert texts[FORMULAS[0]] == "s"  # a highlight too


# -- Markdown ----------------------------------------------------------------------------------


def _markdown_tables(text: str) -> list[list[str]]:
    """Rows of the Markdown document's table, as a Markdown renderer reads them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    rows: list[list[str]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows and token.level >= 4:
            rows[-1].append("".join(child.content for child in token.children or []))
    return rows


def test_the_markdown_table_parses_back_to_the_rows_shown(study: Store) -> None:
    result = prioritize.prioritize(study.load(WS), level=GROUP)
    text = export_formats.to_markdown(result, WS)
    shown = export_formats.insight_rows(result)[list(export_formats.MARKDOWN_COLUMNS)]

    assert _markdown_tables(text) == _shown(shown)
    assert MARKUP in [r[1] for r in _markdown_tables(text)]  # special characters survive


def test_markdown_escapes_what_would_render(study: Store) -> None:
    result = prioritize.prioritize(study.load(WS), level=GROUP)
    html = MarkdownIt("commonmark").enable("table").render(export_formats.to_markdown(result, WS))

    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a href="http://x">' not in html
    assert "<em>shipping</em>" not in html and "<code>" not in html


def test_markdown_quotes_honour_consent(study: Store) -> None:
    mark(study, WS, "c1", consent=Consent.DECLINED)
    mark(study, WS, "b4", consent=Consent.GRANTED, attribution=Attribution.ANONYMOUS)
    text = export_formats.to_markdown(prioritize.prioritize(study.load(WS), level=GROUP), WS)
    assert "The lid is hard to open”" not in text
    assert "“Unscented please” — Anonymous VIP" in text


# -- the other tables ----------------------------------------------------------------------


def test_gaps_and_unsupported_bets_from_the_sample(store: Store) -> None:
    ensure_sample(store)
    highlights = eligible(store.load(SAMPLE_WORKSPACE))
    save_grouping(store, SAMPLE_WORKSPACE, highlights, compute_merges(highlights), 85)
    data = store.load(SAMPLE_WORKSPACE)
    result = prioritize.prioritize(data, level=GROUP)

    rows = export_formats.gap_rows(result)

    bets = rows[rows["Kind"].str.startswith("Unsupported")]
    assert len(bets) >= 3 and set(bets["Mentions"]) == {0}
    assert set(bets["Name"]) <= set(data.active_roadmap["item"])
    gaps = rows[rows["Kind"].str.startswith("Gap")]
    assert len(gaps) >= 1 and (gaps["Participants"] >= 3).all()


def test_decisions_sheet_lists_every_decision(study: Store) -> None:
    result = prioritize.prioritize(study.load(WS))
    keys = result.themes["key"].tolist()
    set_decision(study, WS, keys[0], "Act now", "now")
    set_decision(study, WS, keys[1], "Revisit later", "Q4")

    rows = export_formats.decision_rows(prioritize.prioritize(study.load(WS)))

    assert rows[["Decision", "Note"]].values.tolist() == [
        ["Act now", "now"],
        ["Revisit later", "Q4"],
    ]
    assert set(rows["Insight"]) == set(result.themes["title"][:2])
    assert set(rows["Level"]) == {"Theme"}


def test_shares_are_exported_as_the_page_shows_them(store: Store) -> None:
    crowd = [row(f"s{i}", f"Survey note {i}", f"Respondent {i}", "Sale", 7) for i in range(600)]
    make_study(store, [*ROWS, *crowd])
    rows = export_formats.insight_rows(prioritize.prioritize(store.load(WS), level=GROUP))

    shipping = rows[rows["Insight"].str.contains("hipping")].iloc[0]
    assert (shipping["Participants"], shipping["Share of participants"]) == (3, "0.5%")  # of 606
    assert set(rows[rows["Participants"] == 1]["Share of participants"]) == {"0.2%"}

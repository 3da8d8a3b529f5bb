"""What an export format cannot hold: control characters and over-long cells (XLSX only)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from small_study import ROWS, WS, make_study, row

from insights import export_formats, prioritize
from insights.prioritize import GROUP
from insights.store import Store


def _workbook(result: prioritize.Prioritized) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(export_formats.workbook(result)))


CONTROL = "Too\x0bpricey\x07 for me \x1b[31mreally"
LONG = "I have a lot to say about the shipping. " * 1_000  # 40,000 characters


@pytest.fixture
def awkward(store: Store) -> Store:
    """A study whose notes hold control characters and one note longer than Excel allows."""
    return make_study(
        store, [*ROWS, row("k1", CONTROL, "Kai", "VIP", 12), row("l1", LONG, "Lou", "VIP", 13)]
    )


def test_control_characters_are_kept_in_the_store_and_left_out_of_xlsx_only(
    awkward: Store,
) -> None:
    stored = awkward.load(WS).highlights.set_index("id")["text"]
    assert stored["k1"] == CONTROL  # kept as imported, on every database
    result = prioritize.prioritize(awkward.load(WS), level=GROUP)

    book = _workbook(result)  # openpyxl refused the whole workbook before

    cells = [c.value for r in book["Highlights"].iter_rows() for c in r]
    assert "Too\npricey for me [31mreally" in cells  # the vertical tab became a line break
    csv_text = export_formats.to_csv(export_formats.highlight_rows(result)).decode("utf-8-sig")
    assert CONTROL in csv_text  # CSV can hold them: kept


def test_a_cell_longer_than_excel_allows_is_cut_and_says_so_and_csv_keeps_it_whole(
    awkward: Store,
) -> None:
    result = prioritize.prioritize(awkward.load(WS), level=GROUP)

    book = _workbook(result)

    texts = [r[1].value for r in book["Highlights"].iter_rows(min_row=2)]
    cut = next(t for t in texts if t.startswith("I have a lot"))
    assert len(cut) <= 32_767
    assert cut.endswith(
        "[cut: Excel cells hold 32,767 characters; this one has 40,000. The CSV export keeps it whole.]"
    )
    assert cut.startswith(LONG[:30_000])
    csv_rows = list(
        csv.reader(
            io.StringIO(
                export_formats.to_csv(export_formats.highlight_rows(result)).decode("utf-8-sig"),
                newline="",
            )
        )
    )
    assert LONG in {r[1] for r in csv_rows}

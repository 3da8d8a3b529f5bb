"""Reading CSV and Excel files: encodings, delimiters, headers, and what the person is told."""

from __future__ import annotations

import io
import re

import pytest
from bad_input import with_cached_values
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from insights.sources.encodings import detect_encoding, encoding_choices
from insights.sources.files import detect_delimiter, read_file_bytes
from insights.sources.table import TableProblem, table_from_rows

TEXT = 'Quote;Customer\n"Prix élevé; trop";Zoé\nÇa sent bon — vraiment;Léa\n'


@pytest.mark.parametrize(
    ("encoding", "expected", "guessed"),
    [
        ("utf-8", "utf-8", False),
        ("utf-8-sig", "utf-8-sig", False),
        ("utf-16", "utf-16", False),
        ("utf-16-le", "utf-16-le", True),
        ("cp1252", "cp1252", True),
    ],
)
def test_encodings_are_detected_and_the_guesses_said(encoding, expected, guessed) -> None:
    tables = read_file_bytes(TEXT.encode(encoding), "notes.csv")

    table = tables.table()
    assert tables.encoding == expected
    assert table.frame["Quote"].tolist() == ["Prix élevé; trop", "Ça sent bon — vraiment"]
    assert table.frame["Customer"].tolist() == ["Zoé", "Léa"]
    assert any("a guess" in n and "choose another encoding" in n for n in table.notes) is guessed


# Files from Excel or older systems outside Western Europe: neither UTF-8 nor UTF-16.
WORLD = {
    "cp1251": (
        "Цитата;Клиент\nДоставка слишком дорогая для маленького заказа;Анна\n"
        "Мне очень нравится аромат лаванды;Борис\nКрышку трудно открыть;Вера\n",
        "Windows-1251 (Cyrillic)",
    ),
    "shift_jis": (
        "引用,顧客\n送料が高すぎます。小さな注文には特に,田中\n"
        "ラベンダーの香りが大好きです,佐藤\nふたが開けにくいです,鈴木\n",
        "Shift-JIS (Japanese)",
    ),
    "gb18030": (
        "引用,客户\n运费太贵了，小订单尤其如此,王芳\n我非常喜欢薰衣草的香味,李明\n盖子很难打开,张伟\n",
        "GB18030 (Chinese, simplified)",
    ),
}


@pytest.mark.parametrize("encoding", list(WORLD))
def test_other_encodings_are_detected_and_said_to_be_a_guess(encoding: str) -> None:
    text, label = WORLD[encoding]

    tables = read_file_bytes(text.encode(encoding), "notes.csv")

    assert tables.encoding == encoding and tables.encoding_guessed
    frame = tables.table().frame
    expected = [line.replace(";", ",").split(",")[0] for line in text.splitlines()[1:]]
    assert frame.iloc[:, 0].tolist() == expected
    assert (
        f"Read as {label}: a guess, since the file is neither UTF-8 nor UTF-16. "
        "If letters look wrong, choose another encoding." in tables.table().notes
    )


def test_the_picker_offers_the_detected_encoding_and_the_common_ones() -> None:
    offered = encoding_choices("mac_cyrillic")
    assert next(iter(offered)) == "mac_cyrillic"  # detected, though not a usual one
    assert offered["mac_cyrillic"] == "mac_cyrillic (detected)"
    for common in ("utf-8", "cp1252", "latin-1", "cp1251", "shift_jis", "gb18030", "big5"):
        assert common in offered
    assert list(encoding_choices("cp1251")).count("cp1251") == 1


def test_an_encoding_chosen_by_the_person_is_not_called_a_guess() -> None:
    text, _ = WORLD["cp1251"]
    tables = read_file_bytes(text.encode("cp1251"), "notes.csv", encoding="cp1251")
    assert not tables.encoding_guessed
    assert not any("a guess" in n for n in tables.table().notes)


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=1, max_size=300))
@example(b"\x00" * 5)  # as many NULs as UTF-16 text, but an odd length
@example(b"\x81\x8d\x8f\x90\x9d")  # bytes Windows-1252 leaves undefined
def test_whatever_the_bytes_the_detected_encoding_reads_them(data: bytes) -> None:
    data.decode(detect_encoding(data))  # never a UnicodeDecodeError


def test_a_forced_wrong_encoding_is_refused_not_garbled() -> None:
    with pytest.raises(TableProblem, match="cannot be read as UTF-8"):
        read_file_bytes(TEXT.encode("cp1252"), "notes.csv", encoding="utf-8")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_detected(delimiter) -> None:
    text = delimiter.join(["Quote", "Customer", "Segment"]) + "\n"
    text += delimiter.join(['"Too pricey, honestly; really"', "Ann", "VIP"]) + "\n"
    assert detect_delimiter(text) == delimiter
    row = read_file_bytes(text.encode(), "x.csv").table().frame.iloc[0].tolist()
    assert row == ["Too pricey, honestly; really", "Ann", "VIP"]


def test_a_title_and_blank_rows_above_the_header_are_skipped() -> None:
    rows = [
        ["Customer interviews, spring 2026"],
        [],
        ["Owner: Dana"],
        ["Quote", "Customer", "Date"],
        ["Too pricey", "Ann", "2026-03-01"],
        ["", "", ""],
        ["Love it", "Bo", ""],
    ]
    table = table_from_rows(rows, what="The sheet")
    assert table.header_row == 4
    assert table.row_numbers == [5, 7]
    assert table.dropped_empty_rows == 1
    assert table.notes[0] == "The header is on row 4; the rows above it were skipped."


def test_duplicate_and_missing_header_names_become_unique() -> None:
    table = table_from_rows(
        [["Notes", "notes", "", "Notes"], ["a", "b", "c", "d"]], what="The sheet"
    )
    assert table.columns == ["Notes", "notes (2)", "Column C", "Notes (3)"]
    assert len(table.notes) == 2


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "is empty"),
        ([[""], ["", ""]], "is empty"),
        ([["Quote", "Customer"]], "only a header row"),
    ],
)
def test_empty_and_header_only_tables_are_refused(rows, message) -> None:
    with pytest.raises(TableProblem, match=message):
        table_from_rows(rows, what="The sheet")


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(TableProblem, match="is empty"):
        read_file_bytes(b"  \n", "empty.csv")


def test_a_binary_file_named_csv_is_refused() -> None:
    with pytest.raises(TableProblem, match="not a text CSV file"):
        read_file_bytes(bytes(range(256)) * 8, "photo.csv")


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_excel_sheets_keep_text_as_text_and_formulas_as_their_values() -> None:
    data = _xlsx(
        {
            "Highlights": [
                ["Quote", "Code", "Count", "Date"],
                ['=HYPERLINK("http://evil.example","click")', "007", 3.0, "2026-03-01"],
                ["=A2", "", "=SUM(1,2)", ""],
            ],
            "Roadmap": [["Item"], ["Refills"]],
        }
    )
    # what Excel or Google Sheets saves: each formula with the value it last showed
    data = with_cached_values(data, {"A2": "click", "A3": "click", "C3": "3"})
    tables = read_file_bytes(data, "study.xlsx")
    assert tables.sheet_names == ["Highlights", "Roadmap"]
    frame = tables.table("Highlights").frame
    assert frame.iloc[0].tolist() == ["click", "007", "3", "2026-03-01"]
    assert frame.iloc[1].tolist() == ["click", "", "3", ""]  # as a Google Sheet import reads it


def test_text_that_starts_with_equals_stays_text_in_excel() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Quote", "Customer"])
    sheet.append(["", "Ann"])
    sheet["A2"].value = "=1+2 is my locker code"
    sheet["A2"].data_type = "s"  # typed as text, as Excel stores '=1+2…
    buffer = io.BytesIO()
    workbook.save(buffer)
    frame = read_file_bytes(buffer.getvalue(), "study.xlsx").table().frame
    assert frame["Quote"].tolist() == ["=1+2 is my locker code"]


def test_an_excel_file_named_csv_is_read_as_excel() -> None:
    tables = read_file_bytes(_xlsx({"Notes": [["Quote"], ["Hello"]]}), "export.csv")
    assert tables.kind == "xlsx" and tables.table().frame["Quote"].tolist() == ["Hello"]


def test_a_broken_excel_file_is_explained() -> None:
    with pytest.raises(TableProblem, match="not a readable Excel workbook"):
        read_file_bytes(b"PK\x03\x04 not really a zip", "study.xlsx")


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b'Quote,Customer\nToo pricey,Ann\n"Love it,Bo\nSlow,Cy\nLoud,Dee\n', "row 3"),
        # a quoted cell over two lines above it: the row is 4, its first line is 5
        (b'Quote,Customer\n"Two\nlines",Ann\nOk,Bo\n"Never closed,Cy\nLast,Dee', "row 4 (line 5)"),
        (b'Quote;Customer\nToo pricey;Ann\n"Love it;Bo\n', "row 3"),
    ],
)
def test_an_unterminated_quote_is_reported_with_its_row(data: bytes, where: str) -> None:
    with pytest.raises(TableProblem, match=rf"never closed.* {re.escape(where)}"):
        read_file_bytes(data, "notes.csv")


def test_quotes_that_close_are_fine_even_when_sloppy() -> None:
    data = b'Quote,Customer\n"Two\nlines",Ann\n"abc"def,Bo\nHe said "hi",Cy\n'
    frame = read_file_bytes(data, "notes.csv").table().frame
    assert frame["Quote"].tolist() == ["Two\nlines", "abcdef", 'He said "hi"']

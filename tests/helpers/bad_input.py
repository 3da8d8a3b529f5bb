"""The bad-input corpus: files a careless sheet or an attacker would hand the importer.

Every case in ``REFUSED`` must end in a message that says what is wrong and how
to fix it, and leave the store as it was, in the core (tests/unit/test_importing.py),
the command line (tests/unit/test_cli.py) and the Import page
(tests/app/test_import_page.py). Every case in ``ACCEPTED`` looks hostile or broken
but must import, and become exactly what it says (tests/unit/test_importing.py).

What cannot be a file is tested where it happens: a Google Sheet's locale and a
``#gid=`` link (test_sheets.py, test_cli.py, test_import_page.py), lost answers,
timeouts, 429 and 5xx on write-back (test_writeback.py), a store that cannot be
opened (test_cli.py, test_import_page.py), a killed or concurrent import into a new
workspace (test_import_workspaces.py), and what XLSX and Sheets cannot hold on
export (test_exports.py, test_writeback.py).

``HOSTILE_TEXT`` is what a person (or a file) may type into any field: every page
must show each one as the text it is. The AppTest walk over every page
(tests/app/test_hostile_text.py) and the browser test (tests/e2e/test_hostile_journey.py)
put them in every field of a workspace (tests/helpers/hostile_study.py) and in the
address. What a tab left open does after a colleague's change (a deleted theme,
group, insight or workspace, a locked board, a step already undone) is tested in
tests/app/test_stale_tabs.py and tests/unit/test_stale_actions.py.
"""

from __future__ import annotations

import csv
import io
import struct
import zipfile
from dataclasses import dataclass

from openpyxl import Workbook


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


NOTES_WORKBOOK = {
    "Highlights": [["Quote", "Customer"]]
    + [[f"Note {i}: shipping costs too much", f"P{i}"] for i in range(200)]
}
SHEET_XML = "xl/worksheets/sheet1.xml"


def rewrite_member(data: bytes, member: str, change) -> bytes:
    """The workbook with one file inside it changed (a well-formed zip around it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info, change(content) if info.filename == member else content)
    return out.getvalue()


def half_written_sheet() -> bytes:
    """A sheet's XML cut in half, as a crash while saving leaves it: ParseError in openpyxl."""
    return rewrite_member(xlsx_bytes(NOTES_WORKBOOK), SHEET_XML, lambda xml: xml[: len(xml) // 2])


def _member_offsets(data: bytes, member: str) -> tuple[int, int]:
    """(where the member's compressed bytes start, where its central directory entry starts)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    entry = data.index(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + struct.unpack_from("<H", data, entry + 28)[0]] != (
        member.encode()
    ):
        entry = data.index(b"PK\x01\x02", entry + 4)
    return start, entry


def garbled_sheet() -> bytes:
    """A sheet whose compressed bytes were damaged (a bad disk, a bad copy): zlib.error."""
    data = bytearray(xlsx_bytes(NOTES_WORKBOOK))
    start, _ = _member_offsets(bytes(data), SHEET_XML)
    for i in range(start + 10, start + 50):
        data[i] ^= 0x55
    return bytes(data)


def bad_checksum() -> bytes:
    """A sheet whose stored CRC-32 does not match its bytes: BadZipFile("Bad CRC-32")."""
    data = bytearray(xlsx_bytes(NOTES_WORKBOOK))
    _, central = _member_offsets(bytes(data), SHEET_XML)
    data[central + 16] ^= 0xFF  # the CRC-32 field of the central directory entry
    return bytes(data)


# name -> (file name, bytes, a regular expression the message must match)
REFUSED: dict[str, tuple[str, bytes, str]] = {
    "an empty file": ("notes.csv", b"", "is empty"),
    "a header only": ("notes.csv", b"Quote,Customer\n", "only a header row"),
    "no column that looks like text": (
        "notes.csv",
        csv_bytes([["Score", "Week"], ["1", "2"], ["3", "4"]]),
        "No column is mapped to “Highlight text”",
    ),
    "a binary file named .csv": ("notes.csv", bytes(range(256)) * 8, "not a text CSV file"),
    "a text column that is empty everywhere": (
        "notes.csv",
        csv_bytes([["Quote", "Who"], ["", "Ann"], ["", "Bo"]]),
        "empty in every row",
    ),
    "an id column that repeats a value": (
        "notes.csv",
        csv_bytes([["ID", "Quote"], ["7", "a"], ["7", "b"]]),
        "The id column “ID” repeats 1 value: 7 \\(rows 2 and 3\\)",
    ),
    "an unterminated quote": (
        "notes.csv",
        b'Quote,Customer\nToo pricey,Ann\n"Love it,Bo\nSlow,Cy\nLoud,Dee\n',
        "never closed: it opens in row 3",
    ),
    "a tag too long to be a theme": (  # refused while saving, inside the transaction
        "notes.csv",
        csv_bytes(
            [["Quote", "Customer", "Tag"], ["Too pricey", "Ann", "Pain"], ["Slow", "Bo", "x" * 61]]
        ),
        "The theme in row 3, “x{40}…”, cannot be a theme: Theme names can be up to 60",
    ),
    "dates that can be read two ways, and nothing says which": (
        "notes.csv",
        csv_bytes([["Quote", "Date"], ["Too pricey", "03/04/2026"], ["Love it", "05/04/2026"]]),
        "can be read two ways: 03/04/2026 is 3 April 2026 day first, or March 4, 2026",
    ),
    "a workbook cut short": (
        "study.xlsx",
        xlsx_bytes(NOTES_WORKBOOK)[:3000],
        "study.xlsx is not a readable Excel workbook",
    ),
    "a half-written sheet": (
        "study.xlsx",
        half_written_sheet(),
        "The sheet “Highlights” of study.xlsx is damaged",
    ),
    "damaged compressed bytes": (
        "study.xlsx",
        garbled_sheet(),  # where it surfaces depends on which bytes broke
        "study.xlsx is not a readable Excel workbook|The sheet “Highlights” of study.xlsx is damaged",
    ),
    "a bad checksum": (
        "study.xlsx",
        bad_checksum(),
        "The sheet “Highlights” of study.xlsx is damaged",
    ),
    "an old .xls workbook": (
        "study.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        "old Excel 97-2003",
    ),
}


def with_cached_values(data: bytes, values: dict[str, str], member: str = SHEET_XML) -> bytes:
    """A workbook whose formula cells hold the values a spreadsheet app last calculated.

    openpyxl writes formulas without values (``<v />``); Excel and Sheets save both.
    ``values`` maps a cell ("A2") to its shown value, kept as text (``t="str"``).
    """

    def cache(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        for cell, value in values.items():
            start = text.index(f'<c r="{cell}"')
            end = text.index("</c>", start)
            formula = text[text.index("<f>", start) : text.index("</f>", start) + 4]
            text = text[:start] + f'<c r="{cell}" t="str">{formula}<v>{value}</v>' + text[end:]
        return text.encode("utf-8")

    return rewrite_member(data, member, cache)


LONG_NOTE = "I have a lot to say about the shipping. " * 1_000  # 40,000 characters
CYRILLIC = (
    "Цитата;Клиент\nДоставка слишком дорогая для маленького заказа;Анна\n"
    "Мне очень нравится аромат лаванды;Борис\n"
)
JAPANESE = (
    "引用,顧客\n送料が高すぎます。小さな注文には特に,田中\nラベンダーの香りが大好きです,佐藤\n"
)
CHINESE = "引用,客户\n运费太贵了，小订单尤其如此,王芳\n我非常喜欢薰衣草的香味,李明\n"


def _formulas_workbook() -> bytes:
    data = xlsx_bytes(
        {"Highlights": [["Quote", "Customer"], ['=UPPER("too pricey")', "Ann"], ["=A2", "Bo"]]}
    )
    return with_cached_values(data, {"A2": "TOO PRICEY", "A3": "TOO PRICEY"})


# -- text that must show as text -------------------------------------------------------

HOSTILE_HOST = "hostile.test"
HOSTILE_TEXT: list[str] = [
    "![t](http://hostile.test/t.png)",  # an image: the browser would fetch it
    "[Session expired, sign in](http://hostile.test/phish)",  # a phishing link
    "<img src=http://hostile.test/x.png>",  # HTML
    '<a href="http://hostile.test/a">open</a>',  # HTML, and Plotly's own links
    "see http://hostile.test/bare or www.hostile.test",  # bare addresses (GFM autolinks)
    "write to help@hostile.test",  # a bare e-mail address
    ":red[boom] :material/home:",  # Streamlit directives
    "$x^2$",  # math
    "Pricing {Q3}",  # str.format would raise KeyError
    "**bold** # not a heading",
]
# Signs that a Markdown or Plotly field shows hostile text as markup, not text. Escaped
# text always has a backslash before "." and ":" (so "hostile.test" never appears in it
# as is), before "<", "[", "$" and "*".
MARKUP_SIGNS: dict[str, str] = {
    "an address that is not escaped": r"hostile\.test",
    "an HTML tag": r"(?<!\\)<(img|a)\b",
    "a Markdown link or image": r"(?<!\\)\]\((?!\\)",
    "a colour directive": r"(?<!\\):red(?<!\\)\[",
    "math": r"(?<!\\)\$x\^2",
    "bold": r"(?<!\\)\*\*bold",
}


@dataclass(frozen=True)
class Accepted:
    """A file that must import, and what its highlights must become."""

    name: str
    data: bytes
    texts: list[str]  # the highlights' text, in order
    dates: list[str] | None = None  # their interview dates, ISO
    note: str | None = None  # part of a note the person must be shown
    distinct_ids: bool = True


# name -> what must come of it
ACCEPTED: dict[str, Accepted] = {
    "the same note twice from one participant": Accepted(
        "notes.csv",
        csv_bytes([["Quote", "Customer"], ["Too pricey", "Ann"], ["Too pricey", "Ann"]]),
        ["Too pricey", "Too pricey"],
    ),
    "control characters": Accepted(
        "notes.csv",
        csv_bytes(
            [["Quote", "Customer"], ["Too\x0bpricey", "Ann"], ["Bell\x07 rang \x1b[0m", "Bo"]]
        ),
        ["Too\x0bpricey", "Bell\x07 rang \x1b[0m"],
    ),
    "a NUL character": Accepted(
        "notes.csv",
        csv_bytes([["Quote", "Customer"], ["Null\x00byte", "Ann"]]),
        ["Nullbyte"],
        note="NUL characters (\\x00), which cannot be stored; they were removed (row 2)",
    ),
    "a note longer than an Excel cell": Accepted(
        "notes.csv",
        csv_bytes([["Quote", "Customer"], [LONG_NOTE.strip(), "Ann"]]),
        [LONG_NOTE.strip()],
        note="longer than 2,000 characters",
    ),
    "formulas in a workbook": Accepted(
        "study.xlsx", _formulas_workbook(), ["TOO PRICEY", "TOO PRICEY"]
    ),
    "Windows-1251 (Cyrillic)": Accepted(
        "notes.csv",
        CYRILLIC.encode("cp1251"),
        ["Доставка слишком дорогая для маленького заказа", "Мне очень нравится аромат лаванды"],
        note="Read as Windows-1251 (Cyrillic): a guess",
    ),
    "Shift-JIS (Japanese)": Accepted(
        "notes.csv",
        JAPANESE.encode("shift_jis"),
        ["送料が高すぎます。小さな注文には特に", "ラベンダーの香りが大好きです"],
        note="Read as Shift-JIS (Japanese): a guess",
    ),
    "GB18030 (Chinese)": Accepted(
        "notes.csv",
        CHINESE.encode("gb18030"),
        ["运费太贵了，小订单尤其如此", "我非常喜欢薰衣草的香味"],
        note="a guess",
    ),
    "pipes between the cells": Accepted(
        "notes.txt",
        b"Quote|Customer\nToo pricey, honestly|Ann\nLove it; really|Bo\n",
        ["Too pricey, honestly", "Love it; really"],
    ),
    "a date that can only be day first": Accepted(
        "notes.csv",
        csv_bytes([["Quote", "Date"], ["Too pricey", "03/04/2026"], ["Love it", "25/03/2026"]]),
        ["Too pricey", "Love it"],
        dates=["2026-04-03", "2026-03-25"],
        note="which can only be day first",
    ),
    "formulas and markup as text": Accepted(
        "notes.csv",
        csv_bytes(
            [
                ["Quote", "Customer"],
                ['=HYPERLINK("http://evil.example","x")', "Ann"],
                ["![t](https://evil.example/t.png)", "Bo"],
            ]
        ),
        ['=HYPERLINK("http://evil.example","x")', "![t](https://evil.example/t.png)"],
    ),
    "markup, addresses and braces in every cell and header": Accepted(
        "notes.csv",
        csv_bytes(
            [["Quote", "Customer", "[Tag](http://hostile.test/tag) {Q3}"]]
            + [[text, text, text] for text in HOSTILE_TEXT]
        ),
        HOSTILE_TEXT,
    ),
}

"""A whole import, file to workspace: bad input never costs what is already saved."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from bad_input import ACCEPTED, REFUSED

from insights.errors import InsightsError
from insights.importing import (
    override_mapping,
    plan_import,
    remembered_mapping,
    run_import,
    suggested_mapping,
)
from insights.ingest import ImportProblem
from insights.model import SAMPLE_WORKSPACE
from insights.sources.dates import DAY_FIRST
from insights.sources.files import file_source, read_file_bytes
from insights.sources.mapping import HIGHLIGHTS
from insights.store import Store
from insights.workspaces import ensure_sample


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _import(store: Store, data: bytes, name: str = "notes.csv", workspace: str = SAMPLE_WORKSPACE):
    tables = file_source(read_file_bytes(data, name))
    plan = plan_import(tables, suggested_mapping(store, tables, HIGHLIGHTS))
    return plan, run_import(store, workspace, plan)


@pytest.fixture
def saved(store: Store) -> Store:
    """A store whose sample workspace holds work that must survive bad imports."""
    ensure_sample(store)
    return store


def _snapshot(store: Store):
    data = store.load(SAMPLE_WORKSPACE)
    return (
        store.revision(SAMPLE_WORKSPACE),
        len(data.highlights),
        int(data.highlights["removed"].sum()),
    )


@pytest.mark.parametrize("case", list(REFUSED))
def test_bad_input_is_a_message_and_changes_nothing(saved: Store, case: str) -> None:
    name, data, message = REFUSED[case]
    before = _snapshot(saved)

    with pytest.raises(InsightsError, match=message):
        _import(saved, data, name)

    assert _snapshot(saved) == before


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_hostile_or_broken_input_that_can_be_read_imports_as_it_should(
    saved: Store, case: str
) -> None:
    expected = ACCEPTED[case]

    plan, summary = _import(saved, expected.data, expected.name)

    assert summary.highlights.new == len(expected.texts)
    imported = plan.frames.highlights
    assert imported["text"].tolist() == expected.texts
    assert imported["id"].is_unique
    stored = saved.load(SAMPLE_WORKSPACE).highlights.set_index("id")
    assert stored.loc[imported["id"], "text"].tolist() == expected.texts  # as saved
    if expected.dates is not None:
        assert [str(d) for d in stored.loc[imported["id"], "interview_date"]] == expected.dates
    if expected.note is not None:
        assert any(expected.note in note for note in plan.notes), plan.notes


def test_duplicate_headers_title_rows_and_blank_rows_import_with_notes(saved: Store) -> None:
    data = _csv(
        [
            ["Study notes"],
            [],
            ["Quote", "Customer", "Quote"],
            ["Too pricey", "Ann", "x"],
            [],
            ["Love it", "Bo", "y"],
        ]
    )
    plan, summary = _import(saved, data, workspace=SAMPLE_WORKSPACE)
    assert summary.highlights.new == 2
    assert plan.notes == [
        "The header is on row 3; the rows above it were skipped.",
        "Two columns are named “Quote”; the second is shown as “Quote (2)”.",
        "1 empty rows were dropped.",
    ]
    rows = saved.load(SAMPLE_WORKSPACE).highlights.set_index("text")
    assert rows.loc["Love it", "source_row"] == 6  # its row in the file, to find it again
    assert rows.loc["Too pricey", "extra"] == {"Quote (2)": "x"}


def test_formulas_emoji_and_right_to_left_text_are_kept_as_written(saved: Store) -> None:
    texts = [
        '=HYPERLINK("http://evil.example","click me")',
        '=IMPORTXML("http://x","//a")',
        "Love it 😍🛁",
        "המשלוח יקר מדי",
        "الشحن غالي جدا",
    ]
    _import(saved, _csv([["Quote", "Customer"], *[[t, f"P{i}"] for i, t in enumerate(texts)]]))
    stored = saved.load(SAMPLE_WORKSPACE).highlights
    assert set(texts) <= set(stored["text"])


def test_a_cell_of_100000_characters_is_kept_whole_and_pointed_out(saved: Store) -> None:
    long_text = "I have a lot to say. " * 4_762  # just over 100,000 characters
    plan, summary = _import(
        saved, _csv([["Quote", "Customer"], [long_text, "Ann"], ["Short", "Bo"]])
    )
    assert summary.highlights.new == 2
    assert any("longer than 2,000 characters (row 2)" in n for n in plan.notes)
    stored = saved.load(SAMPLE_WORKSPACE).highlights
    assert (stored["text"] == long_text.strip()).any()


def test_50000_rows_import(store: Store) -> None:
    ensure_sample(store)
    rows = [["Quote", "Customer", "Segment"]] + [
        [
            f"Feedback number {i}: the {['price', 'scent', 'pump'][i % 3]} matters",
            f"P{i % 900}",
            "VIP",
        ]
        for i in range(50_000)
    ]
    _, summary = _import(store, _csv(rows))
    assert summary.highlights.new == 50_000
    assert len(store.load(SAMPLE_WORKSPACE).active_highlights) == 50_000 + 285


def test_the_confirmed_mapping_is_remembered_for_the_source(store: Store) -> None:
    ensure_sample(store)
    data = _csv(
        [["Col1", "Col2"], ["Ann", "Too pricey for me really"], ["Bo", "Love the soak so much"]]
    )
    tables = file_source(read_file_bytes(data, "odd.csv"))
    assert remembered_mapping(store, tables, HIGHLIGHTS) is None
    chosen = override_mapping(
        suggested_mapping(store, tables, HIGHLIGHTS),
        {"participant": "Col1"},
        tables.highlights.columns,
    )
    run_import(store, SAMPLE_WORKSPACE, plan_import(tables, chosen))

    assert suggested_mapping(store, tables, HIGHLIGHTS) == {"Col1": "participant", "Col2": "text"}


def test_an_override_naming_a_missing_column_is_refused() -> None:
    with pytest.raises(ImportProblem, match="There is no column “Quote”. The columns are: A, B."):
        override_mapping({}, {"text": "Quote"}, ["A", "B"])


def test_reimporting_a_changed_file_reports_each_kind_of_change(store: Store) -> None:
    ensure_sample(store)
    first = _csv([["ID", "Quote"], ["1", "a"], ["2", "b"], ["3", "c"]])
    second = _csv([["ID", "Quote"], ["1", "a"], ["2", "b!"], ["4", "d"]])
    _import(store, first)
    _, summary = _import(store, second)
    assert str(summary.highlights) == "1 new, 1 changed, 1 removed, 1 unchanged"
    # the sample's own highlights come from another source: untouched
    assert int(store.load(SAMPLE_WORKSPACE).highlights["removed"].sum()) == 1


def test_the_same_note_twice_from_one_participant_gets_an_id_per_occurrence(store: Store) -> None:
    ensure_sample(store)
    rows = [
        ["Quote", "Customer"],
        ["Too pricey", "Ann"],
        ["Love it", "Bo"],
        ["Too pricey.", "ann"],  # the same note again: case and end punctuation do not count
        ["Too pricey", "Bo"],  # the same words from someone else
    ]

    plan, summary = _import(store, _csv(rows))

    assert summary.highlights.new == 4
    ids = plan.frames.highlights["id"].tolist()
    assert len(set(ids)) == 4
    assert ids[2] == f"{ids[0]}-2"  # the second occurrence: the first's id and "-2"
    assert not any("id column" in note for note in plan.notes)

    _, again = _import(store, _csv(rows))
    assert (again.highlights.new, again.highlights.removed, again.highlights.unchanged) == (0, 0, 4)

    # a row inserted above leaves every other row's id as it was
    inserted = [rows[0], ["Shipping is slow", "Cy"], *rows[1:]]
    plan, summary = _import(store, _csv(inserted))
    assert (summary.highlights.new, summary.highlights.removed) == (1, 0)
    assert plan.frames.highlights["id"].tolist()[1:] == ids

    # one more copy of a repeated note shifts only that note's occurrences
    copied = [rows[0], ["Too pricey", "Ann"], *rows[1:]]
    plan, summary = _import(store, _csv(copied))
    assert plan.frames.highlights["id"].tolist() == [ids[0], ids[2], ids[1], f"{ids[0]}-3", ids[3]]
    assert (summary.highlights.new, summary.highlights.removed) == (1, 1)  # the new copy; Cy's row


def test_a_roadmap_item_listed_twice_is_kept_twice() -> None:
    import pandas as pd

    from insights.sources.mapping import map_roadmap

    frame = pd.DataFrame(
        {"Item": ["Refills", "SMS", "refills"], "Status": ["idea", "idea", "planned"]}
    )
    mapped = map_roadmap(frame, {"Item": "item", "Status": "status"})
    assert mapped["id"].tolist()[2] == f"{mapped['id'][0]}-2"
    assert mapped["id"].is_unique


def test_control_characters_are_kept_and_nul_is_removed_with_a_note(store: Store) -> None:
    ensure_sample(store)
    texts = ["Too\x0bpricey", "The bell\x07 rang", "Escape \x1b[31mred", "Null\x00byte"]
    rows = [["Quote", "Customer"], *[[t, f"P{i}"] for i, t in enumerate(texts)]]

    plan, summary = _import(store, _csv(rows))

    assert summary.highlights.new == 4
    stored = set(store.load(SAMPLE_WORKSPACE).highlights["text"])
    assert set(texts[:3]) <= stored  # kept exactly, on SQLite and PostgreSQL
    assert "Nullbyte" in stored  # no database text column can hold NUL (PostgreSQL refuses it)
    assert (
        "1 cell held NUL characters (\\x00), which cannot be stored; they were removed (row 5)."
        in plan.notes
    )


# -- dates that can be read two ways -------------------------------------------------------------

AMBIGUOUS = [
    ["Quote", "Customer", "Date"],
    ["Too pricey", "Ann", "03/04/2026"],
    ["Love it", "Bo", "05/04/2026"],
]


def test_dates_with_nothing_to_say_their_order_are_asked_before_saving(saved: Store) -> None:
    tables = file_source(read_file_bytes(_csv(AMBIGUOUS), "notes.csv"))
    before = _snapshot(saved)

    plan = plan_import(tables, suggested_mapping(saved, tables, HIGHLIGHTS))

    question = plan.date_question
    assert question is not None
    assert question.message == (
        "The column “Date” holds dates that can be read two ways: 03/04/2026 is 3 April 2026 "
        "day first, or March 4, 2026 month first (2 dates are like that), and no date in the "
        "column settles it. Say whether its dates are day first or month first; nothing is "
        "saved until then."
    )
    with pytest.raises(ImportProblem, match="can be read two ways"):
        run_import(saved, SAMPLE_WORKSPACE, plan)
    assert _snapshot(saved) == before

    answered = plan_import(
        tables, suggested_mapping(saved, tables, HIGHLIGHTS), date_order=DAY_FIRST
    )
    assert answered.date_question is None
    run_import(saved, SAMPLE_WORKSPACE, answered)
    stored = saved.load(SAMPLE_WORKSPACE).highlights.set_index("text")["interview_date"]
    assert (stored["Too pricey"], stored["Love it"]) == (date(2026, 4, 3), date(2026, 4, 5))


def test_one_date_that_can_only_be_day_first_settles_the_others(saved: Store) -> None:
    rows = [*AMBIGUOUS, ["Slow", "Cy", "25/03/2026"]]
    plan, _ = _import(saved, _csv(rows))
    assert plan.date_question is None
    assert plan.frames.highlights["interview_date"].tolist() == [
        date(2026, 4, 3),
        date(2026, 4, 5),
        date(2026, 3, 25),
    ]
    assert (
        "Dates like 03/04/2026 are read day first (3 April 2026): “Date” also holds 25/03/2026, "
        "which can only be day first." in plan.notes
    )


def test_dates_that_contradict_each_other_are_asked(saved: Store) -> None:
    rows = [*AMBIGUOUS, ["Slow", "Cy", "25/03/2026"], ["Loud", "Dee", "03/25/2026"]]
    tables = file_source(read_file_bytes(_csv(rows), "notes.csv"))
    plan = plan_import(tables, suggested_mapping(saved, tables, HIGHLIGHTS))
    assert "25/03/2026 can only be day first while 03/25/2026 can only be month first" in (
        plan.date_question.message
    )

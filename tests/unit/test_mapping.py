"""Detecting which column is which, and mapping rows to highlights and roadmap items."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from insights.model import Segment
from insights.sources.mapping import (
    HIGHLIGHTS,
    ROADMAP,
    detect_mapping,
    map_highlights,
    map_roadmap,
    mapping_problems,
    normalize_choice,
    parse_dates,
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("What they said", "text"),
        ("Quote", "text"),
        ("Note", "text"),
        ("Customer", "participant"),
        ("Interviewee", "participant"),
        ("Cohort", "segment"),
        ("Customer type", "segment"),
        ("Focus area", "focus"),
        ("Interview date", "interview_date"),
        ("Interviewer", "interviewer"),
        ("Recording link", "source_url"),
        ("Tags", "theme"),
        ("Highlight ID", "id"),
        ("#", "id"),
    ],
)
def test_headers_are_matched_to_fields(header: str, field: str) -> None:
    frame = pd.DataFrame({header: ["x"], "Other stuff": ["y"]})
    assert detect_mapping(frame, HIGHLIGHTS).get(header) == field


def test_the_content_decides_when_headers_say_nothing() -> None:
    frame = pd.DataFrame(
        {
            "A": ["P1", "P2", "P3"],
            "B": [
                "Shipping is far too expensive for me",
                "I love the lavender soak",
                "Emails daily is too much",
            ],
            "C": ["13/04/2026", "14/04/2026", "01/05/2026"],
            "D": ["https://rec.example/1", "https://rec.example/2", "https://rec.example/3"],
            "E": ["vip", "One-time buyer", "sale only"],
        }
    )
    mapping = detect_mapping(frame, HIGHLIGHTS)
    assert mapping == {"B": "text", "C": "interview_date", "D": "source_url", "E": "segment"}
    mapped = map_highlights(frame, mapping)
    assert mapped["interview_date"].tolist() == [
        date(2026, 4, 13),
        date(2026, 4, 14),
        date(2026, 5, 1),
    ]
    assert mapped["segment"].tolist() == [Segment.VIP, Segment.ONE_TIME, Segment.SALE_ONLY]


def test_no_text_column_is_a_problem_in_words() -> None:
    frame = pd.DataFrame({"Score": ["1", "2"], "Week": ["3", "4"]})
    mapping = detect_mapping(frame, HIGHLIGHTS)
    assert "text" not in mapping.values()
    problems = mapping_problems(mapping, HIGHLIGHTS, frame.columns)
    assert problems == [
        "No column is mapped to “Highlight text”. Pick the column that holds the notes or quotes."
    ]


def test_a_field_mapped_twice_is_a_problem() -> None:
    problems = mapping_problems({"A": "text", "B": "text"}, HIGHLIGHTS, ["A", "B"])
    assert problems == ["Each field can come from one column only: Highlight text."]


def test_known_values_get_one_spelling_and_unknown_ones_are_kept() -> None:
    assert normalize_choice("vip repeat buyers", list(Segment), {}) == "VIP repeat buyer"
    assert normalize_choice("Lapsed subscriber", list(Segment), {}) == "Lapsed subscriber"


def test_text_stays_text_and_ids_are_made_when_missing() -> None:
    frame = pd.DataFrame(
        {
            "Quote": ["  007  ", '=IMPORTXML("http://x","//a")', "مرحبا 👋"],
            "Who": ["Ann", "Bo", "Cy"],
            "Mood": ["", "angry", ""],
        }
    )
    mapped = map_highlights(frame, {"Quote": "text", "Who": "participant"})
    assert mapped["text"].tolist() == ["007", '=IMPORTXML("http://x","//a")', "مرحبا 👋"]
    assert mapped["extra"].tolist() == [{}, {"Mood": "angry"}, {}]
    assert mapped["id"].str.match(r"^H-[0-9a-f]{12}$").all()
    # the same participant and text give the same id, however it is spaced or cased
    again = map_highlights(
        pd.DataFrame({"Quote": ["007."], "Who": [" ann"]}), {"Quote": "text", "Who": "participant"}
    )
    assert again["id"][0] == mapped["id"][0]


def test_roadmap_statuses_are_normalized() -> None:
    frame = pd.DataFrame(
        {
            "Feature": ["Refills", "SMS", "App", "Quiz"],
            "Stage": ["In-Progress", "Done", "Later", "Waiting on legal"],
        }
    )
    mapping = detect_mapping(frame, ROADMAP)
    assert mapping == {"Feature": "item", "Stage": "status"}
    assert map_roadmap(frame, mapping)["status"].tolist() == [
        "in progress",
        "shipped",
        "idea",
        "Waiting on legal",
    ]


def test_dates_in_several_formats() -> None:
    values = pd.Series(["2026-03-01", "", "March 4, 2026", "not a date"])
    assert parse_dates(values).tolist() == [date(2026, 3, 1), None, date(2026, 3, 4), None]

"""The bundled sample study is a realistic study that exercises every part of the product."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from insights.model import HIGHLIGHT_TEMPLATE, ROADMAP_TEMPLATE, Focus, RoadmapStatus, Segment
from insights.samples import sample_frames
from insights.sources.sample import HIGHLIGHTS_FILE, ROADMAP_FILE, read_sample_rows
from insights.workspace_summary import count_interviews


@pytest.fixture(scope="module")
def highlights() -> pd.DataFrame:
    return sample_frames().highlights


@pytest.fixture(scope="module")
def roadmap() -> pd.DataFrame:
    return sample_frames().roadmap


def test_the_files_use_exactly_the_sheet_template_columns() -> None:
    assert read_sample_rows(HIGHLIGHTS_FILE)[0] == list(HIGHLIGHT_TEMPLATE)
    assert read_sample_rows(ROADMAP_FILE)[0] == list(ROADMAP_TEMPLATE)


def test_the_size_of_the_study(highlights: pd.DataFrame, roadmap: pd.DataFrame) -> None:
    assert 250 <= len(highlights) <= 400
    assert 16 <= count_interviews(highlights) <= 24
    assert 20 <= len(roadmap) <= 30
    assert highlights["id"].is_unique


def test_every_cohort_and_focus_area_is_covered(highlights: pd.DataFrame) -> None:
    participants = highlights.groupby("segment")["participant"].nunique()
    assert set(participants.index) == {s.value for s in Segment}
    assert participants.min() >= 4
    assert set(highlights["focus"]) == {f.value for f in Focus}


def test_every_highlight_has_a_date_an_interviewer_and_a_timestamped_recording(
    highlights: pd.DataFrame,
) -> None:
    assert highlights["interview_date"].notna().all()
    assert (highlights["interviewer"] != "").all()
    assert highlights["source_url"].str.match(r"^https://\S+\?t=\d+$").all()


def _mentions(highlights: pd.DataFrame, pattern: str) -> pd.DataFrame:
    return highlights[highlights["text"].str.contains(pattern, flags=re.IGNORECASE, regex=True)]


def test_the_same_point_is_made_by_many_people_in_different_words(highlights: pd.DataFrame) -> None:
    shipping = _mentions(highlights, r"shipping|delivery fee")
    shipping = shipping[
        shipping["text"].str.contains(
            r"expensive|too (?:much|high)|cost|fee|price|charge", case=False
        )
    ]
    assert shipping["participant"].nunique() >= 10
    assert shipping["text"].nunique() == len(shipping)  # all worded differently
    assert shipping["text"].str.contains("way to expensive").any()  # a typo, as people type


def test_one_participant_repeats_themselves(highlights: pd.DataFrame) -> None:
    per_person = _mentions(highlights, r"shipping").groupby("participant").size()
    assert per_person.max() >= 4


def test_a_strong_opinion_comes_from_a_single_person(highlights: pd.DataFrame) -> None:
    fragrance_free = _mentions(highlights, r"fragrance[- ]free|unscented")
    by_person = fragrance_free.groupby("participant").size()
    assert by_person.max() >= 3 and by_person.max() / by_person.sum() >= 0.5
    glitter = _mentions(highlights, r"glitter")
    assert glitter["participant"].nunique() == 1 and len(glitter) >= 2


def test_some_roadmap_items_have_no_evidence_at_all(
    highlights: pd.DataFrame, roadmap: pd.DataFrame
) -> None:
    assert set(roadmap["status"]) == {s.value for s in RoadmapStatus}
    for item, words in {
        "Men's grooming line": r"beard|shave|grooming",
        "Reorder app": r"\bapp\b",
    }.items():
        assert item in set(roadmap["item"])
        assert _mentions(highlights, words).empty, item


def test_there_are_testimonial_worthy_quotes(highlights: pd.DataFrame) -> None:
    praise = _mentions(highlights, r"never been this soft|best thing|same day, no questions")
    assert len(praise) >= 3

"""Reading interview dates: 03/04/2026 is 3 April in London and March 4 in New York."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from insights.sources.dates import (
    DAY_FIRST,
    MONTH_FIRST,
    YEAR_FIRST,
    ambiguous_dates,
    order_in_values,
    order_of_locale,
    read_dates,
)


@pytest.mark.parametrize(
    ("locale", "order"),
    [
        ("en_GB", DAY_FIRST),
        ("en_US", MONTH_FIRST),
        ("de_DE", DAY_FIRST),
        ("fr_FR", DAY_FIRST),
        ("ja_JP", YEAR_FIRST),
        ("en_PH", MONTH_FIRST),
        ("pt_BR", DAY_FIRST),
        ("", None),
        ("xx_YY", None),
    ],
)
def test_a_sheets_locale_says_how_it_writes_dates(locale: str, order: str | None) -> None:
    assert order_of_locale(locale) == order


def test_the_order_decides_only_the_dates_that_can_be_read_two_ways() -> None:
    values = pd.Series(["03/04/2026", "25/03/2026", "2026-03-09", "04.03.2026 14:30", "5/5/26", ""])
    assert read_dates(values, DAY_FIRST).tolist() == [
        date(2026, 4, 3),
        date(2026, 3, 25),  # only possible day first
        date(2026, 3, 9),
        date(2026, 3, 4),
        date(2026, 5, 5),
        None,
    ]
    assert read_dates(values, MONTH_FIRST).tolist()[:4] == [
        date(2026, 3, 4),
        date(2026, 3, 25),  # impossible month first: read the only way it can be
        date(2026, 3, 9),
        date(2026, 4, 3),
    ]
    # with no order, a date that can be read two ways is not read at all
    assert read_dates(values, None).tolist() == [
        None,
        date(2026, 3, 25),
        date(2026, 3, 9),
        None,
        date(2026, 5, 5),  # the same either way
        None,
    ]
    assert ambiguous_dates(values).tolist() == [True, False, False, True, False, False]


@pytest.mark.parametrize(
    ("values", "order"),
    [
        (["03/04/2026", "25/03/2026"], DAY_FIRST),  # 25 can only be a day
        (["03/04/2026", "03/25/2026"], MONTH_FIRST),
        (["03/04/2026", "04/05/2026"], None),  # nothing says
        (["25/03/2026", "03/25/2026"], None),  # contradicts itself
        (["2026-03-25", "March 4, 2026"], None),  # nothing to decide
    ],
)
def test_unambiguous_dates_are_evidence_of_the_order(values, order) -> None:
    assert order_in_values(pd.Series(values)) == order


def test_words_and_iso_dates_need_no_order() -> None:
    values = pd.Series(["March 4, 2026", "4 March 2026", "2026-03-04T10:00:00", "not a date"])
    assert read_dates(values, None).tolist() == [date(2026, 3, 4)] * 3 + [None]

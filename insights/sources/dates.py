"""Interview dates as written in a sheet or a file, read the way their author meant them.

03/04/2026 is 3 April in London and March 4 in New York. The order is taken,
in this order of trust, from the person's own answer, from the Google Sheet's
locale (Sheets writes dates the way its locale does; CLDR, through Babel,
says which way that is), or from the values themselves: 25/03/2026 can only be
day first. When none of these settles it, or they disagree, the importer asks
rather than guess. A date that can be read only one way is always read that
way; ISO dates (2026-04-03) and dates with month names need no order at all.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

DAY_FIRST = "day first"
MONTH_FIRST = "month first"
YEAR_FIRST = "year first"
ORDERS = (DAY_FIRST, MONTH_FIRST, YEAR_FIRST)

# Three numbers with / . - between them (and maybe spaces, a final dot, a time after).
_NUMERIC = re.compile(
    r"^\s*(\d{1,4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,4})\.?(?:[ T]+\d{1,2}:\d{2}\S*.*)?\s*$"
)
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def order_of_locale(locale: str | None) -> str | None:
    """How a locale writes a short date ("en_GB" -> day first), or None if unknown."""
    if not locale:
        return None
    from babel import Locale, UnknownLocaleError

    try:
        pattern = Locale.parse(locale.replace("-", "_")).date_formats["short"].pattern
    except (UnknownLocaleError, ValueError, KeyError, TypeError):
        return None
    positions = {order: pattern.find(mark) for order, mark in zip(ORDERS, "dMy", strict=True)}
    found = {order: at for order, at in positions.items() if at >= 0}
    return min(found, key=found.get) if len(found) == 3 else None


def _parts(value: str) -> tuple[str, str, str] | None:
    match = _NUMERIC.match(value)
    return match.groups() if match else None  # type: ignore[return-value]


def _year(text: str) -> int:
    number = int(text)
    if len(text) > 2:
        return number
    return 2000 + number if number < 70 else 1900 + number


def _numeric_date(a: str, b: str, c: str, order: str | None) -> date | None:
    """Three numbers as a date, in ``order`` when they can be read more than one way."""
    try:
        if len(a) == 4 or (order == YEAR_FIRST and len(c) <= 2):
            return date(_year(a), int(b), int(c))
        first, second, year = int(a), int(b), _year(c)
        if first > 12 or (order == DAY_FIRST and second <= 12):
            return date(year, second, first)
        if second > 12 or order == MONTH_FIRST or first == second:
            return date(year, first, second)
    except ValueError:  # 31/02/2026
        return None
    return None  # two readings and no order to choose


def _read_one(value: str, order: str | None) -> date | None:
    parts = _parts(value)
    if parts is not None:
        return _numeric_date(*parts, order)
    parsed = pd.to_datetime(value, errors="coerce", format="mixed")
    return None if pd.isna(parsed) else date(parsed.year, parsed.month, parsed.day)


def read_dates(values: pd.Series, order: str | None) -> pd.Series:
    """Dates as ``datetime.date``; None where empty, unreadable, or two-way with no order."""
    values = values.fillna("").astype(str).str.strip()
    cache: dict[str, date | None] = {}
    out = []
    for value in values:
        if value not in cache:
            cache[value] = _read_one(value, order) if value else None
        out.append(cache[value])
    return pd.Series(out, index=values.index, dtype=object)


def _is_ambiguous(value: str) -> bool:
    parts = _parts(value)
    if parts is None or len(parts[0]) == 4:
        return False
    first, second = int(parts[0]), int(parts[1])
    return first != second and 1 <= first <= 12 and 1 <= second <= 12


def ambiguous_dates(values: pd.Series) -> pd.Series:
    """Which values are dates that day first and month first read differently (03/04/2026)."""
    values = values.fillna("").astype(str)
    return values.map(_is_ambiguous).astype(bool)


def _proof(value: str) -> str | None:
    """The order a single date proves: 25/03/2026 day first, 03/25/2026 month first."""
    parts = _parts(value)
    if parts is None or len(parts[0]) > 2:
        return None
    first, second = int(parts[0]), int(parts[1])
    if first > 12 and second <= 12:
        return DAY_FIRST
    if second > 12 and first <= 12:
        return MONTH_FIRST
    return None


def proofs(values: pd.Series) -> dict[str, str]:
    """Each order the values prove, with the first date that proves it."""
    found: dict[str, str] = {}
    for value in values.fillna("").astype(str).str.strip().unique():
        proven = _proof(value)
        if proven is not None and proven not in found:
            found[proven] = value
    return found


def order_in_values(values: pd.Series) -> str | None:
    """The order the values prove (25/03/2026: day first), or None when they prove none or both."""
    found = proofs(values)
    return next(iter(found)) if len(found) == 1 else None


def readings(example: str) -> dict[str, str]:
    """How each order reads a two-way date: {day first: "3 April 2026", month first: …}."""
    a, b, c = _parts(example) or ("1", "1", "2026")
    year = _year(c)
    return {
        DAY_FIRST: f"{int(a)} {_MONTHS[int(b) - 1]} {year}",
        MONTH_FIRST: f"{_MONTHS[int(a) - 1]} {int(b)}, {year}",
    }

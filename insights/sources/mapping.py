"""Turn a source's columns into highlight and roadmap fields.

A mapping is ``{source header: field}``. Mapped columns become fields, text
stays text (trimmed, never numericised), and unmapped columns are kept in
``extra`` so nothing a team wrote in their sheet is lost.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from insights.ids import highlight_id, roadmap_item_id
from insights.model import HIGHLIGHT_FIELDS, ROADMAP_FIELDS

# Data rows start on line 2 of a sheet: line 1 is the header.
FIRST_DATA_ROW = 2


def _text_columns(
    raw: pd.DataFrame, mapping: dict[str, str], fields: tuple[str, ...]
) -> pd.DataFrame:
    out = pd.DataFrame(index=raw.index)
    for header, target in mapping.items():
        if target in fields or target == "theme":
            out[target] = raw[header].fillna("").astype(str).str.strip()
    for target in fields:
        if target not in out.columns:
            out[target] = ""
    unmapped = [h for h in raw.columns if h not in mapping]
    extra = raw[unmapped].fillna("").astype(str) if unmapped else None
    out["extra"] = (
        [{k: v for k, v in row.items() if v.strip()} for row in extra.to_dict("records")]
        if extra is not None
        else [{} for _ in range(len(raw))]
    )
    out["source_row"] = [FIRST_DATA_ROW + i for i in range(len(raw))]
    return out


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates as ``datetime.date`` (None where empty or unreadable); ISO first."""
    parsed = pd.to_datetime(values, errors="coerce", format="ISO8601")
    fallback = pd.to_datetime(values.where(parsed.isna()), errors="coerce", format="mixed")
    parsed = parsed.fillna(fallback)
    return pd.Series(
        [None if pd.isna(v) else date(v.year, v.month, v.day) for v in parsed],
        index=values.index,
        dtype=object,
    )


def _drop_empty(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    return frame[frame[key] != ""].reset_index(drop=True)


def map_highlights(raw: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """Highlights with the fields of ``HIGHLIGHT_FIELDS``; rows without text are dropped."""
    out = _text_columns(raw, mapping, HIGHLIGHT_FIELDS)
    dates = parse_dates(out["interview_date"])
    unreadable = (out["interview_date"] != "") & dates.isna()
    for i in out.index[unreadable]:
        out.at[i, "extra"] = {**out.at[i, "extra"], "interview_date": out.at[i, "interview_date"]}
    out["interview_date"] = dates
    missing_id = out["id"] == ""
    out.loc[missing_id, "id"] = [
        highlight_id(p, t)
        for p, t in zip(
            out.loc[missing_id, "participant"], out.loc[missing_id, "text"], strict=True
        )
    ]
    return _drop_empty(out, "text")


def map_roadmap(raw: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """Roadmap items with ``ROADMAP_FIELDS`` and an id made from the item's name."""
    out = _text_columns(raw, mapping, ROADMAP_FIELDS)
    out["status"] = out["status"].str.lower()
    out = _drop_empty(out, "item")
    out.insert(0, "id", [roadmap_item_id(name) for name in out["item"]])
    return out

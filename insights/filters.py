"""What the Insights page is narrowed to, and how that view is written in a link.

A filter lives in the page's address (``?theme=Pain+points&segment=…``), so a
link opens the same view for a colleague. Themes are named, not numbered,
in the address: a link still reads well when pasted in a chat.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from insights.model import InsightKey, InsightKind

# Query parameter names; "workspace" is the sidebar's.
PARAMS = {
    "themes": "theme",
    "segments": "segment",
    "focus": "focus",
    "participants": "participant",
    "date_from": "from",
    "date_to": "to",
    "text": "q",
}
NO_THEME = "(no theme)"


def rows_of_insight(seen: pd.DataFrame, key: str) -> pd.DataFrame:
    """The evidence behind one insight: its theme's rows, or its group's."""
    parsed = InsightKey.parse(key)
    if parsed.kind == InsightKind.THEME:
        return seen[seen["theme_id"] == parsed.number]
    return seen[seen["group_key"] == key]


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value if str(v)]


def _as_date(value: object) -> date | None:
    values = _as_list(value)
    if not values:
        return None
    try:
        return date.fromisoformat(values[0])
    except ValueError:
        return None


@dataclass(frozen=True)
class InsightFilter:
    """Empty fields mean "everything"."""

    themes: tuple[str, ...] = ()  # theme names; NO_THEME for highlights in no theme
    segments: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    unknown: tuple[str, ...] = field(default=(), compare=False)  # names the study lacks

    @property
    def active(self) -> bool:
        return bool(
            self.themes
            or self.segments
            or self.focus
            or self.participants
            or self.date_from
            or self.date_to
            or self.text.strip()
        )

    def to_query(self) -> dict[str, str | list[str]]:
        """The filter as query parameters (only the fields in use)."""
        query: dict[str, str | list[str]] = {}
        for name in ("themes", "segments", "focus", "participants"):
            values = list(getattr(self, name))
            if values:
                query[PARAMS[name]] = values
        if self.date_from:
            query[PARAMS["date_from"]] = self.date_from.isoformat()
        if self.date_to:
            query[PARAMS["date_to"]] = self.date_to.isoformat()
        if self.text.strip():
            query[PARAMS["text"]] = self.text.strip()
        return query

    @classmethod
    def from_query(
        cls, query: Mapping[str, object], known_themes: set[str] | None = None
    ) -> InsightFilter:
        """A filter from query parameters; theme names the study lacks are set aside."""
        themes = _as_list(query.get(PARAMS["themes"]))
        unknown: list[str] = []
        if known_themes is not None:
            unknown = [t for t in themes if t not in known_themes and t != NO_THEME]
            themes = [t for t in themes if t not in unknown]
        return cls(
            themes=tuple(themes),
            segments=tuple(_as_list(query.get(PARAMS["segments"]))),
            focus=tuple(_as_list(query.get(PARAMS["focus"]))),
            participants=tuple(_as_list(query.get(PARAMS["participants"]))),
            date_from=_as_date(query.get(PARAMS["date_from"])),
            date_to=_as_date(query.get(PARAMS["date_to"])),
            text=" ".join(_as_list(query.get(PARAMS["text"]))),
            unknown=tuple(unknown),
        )

    def with_(self, **changes: object) -> InsightFilter:
        return replace(self, **changes)

    def people_in_scope(self, evidence: pd.DataFrame) -> pd.DataFrame:
        """The evidence narrowed by who and when only: the population shares are taken of."""
        keep = pd.Series(True, index=evidence.index)
        if self.segments:
            keep &= evidence["segment"].isin(self.segments)
        if self.participants:
            keep &= evidence["participant"].isin(self.participants)
        dates = evidence["date"]  # datetime64; NaT where the interview date is unknown
        if self.date_from:
            keep &= dates >= pd.Timestamp(self.date_from)
        if self.date_to:
            keep &= dates <= pd.Timestamp(self.date_to)
        return evidence[keep]

    def apply(self, evidence: pd.DataFrame) -> pd.DataFrame:
        """The evidence this view shows: by who and when, then by theme, focus and text."""
        scoped = self.people_in_scope(evidence)
        keep = pd.Series(True, index=scoped.index)
        if self.themes:
            names = scoped["theme"].fillna(NO_THEME).replace("", NO_THEME)
            keep &= names.isin(self.themes)
        if self.focus:
            keep &= scoped["focus"].isin(self.focus)
        for word in self.text.casefold().split():
            keep &= scoped["text"].str.casefold().str.contains(word, regex=False)
        return scoped[keep]

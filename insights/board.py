"""The theme board as data: which cards show in which column, and what a drag moved.

The board component (streamlit-sortables) takes columns of plain strings and
gives back the same shape after a drag. Each card's string starts with its
id, so every one is unique, and a column is known by its position, never by
its header text. Everything here is plain Python, so it is tested without a
browser.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from insights.themes import Move

UNASSIGNED = "Unassigned"
UNASSIGNED_COLOR = "#455A64"
TEXT_CHARS = 80


@dataclass(frozen=True)
class BoardFilter:
    """What the person narrowed the board to; empty means everything."""

    segments: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    text: str = ""

    def apply(self, cards: pd.DataFrame) -> pd.DataFrame:
        keep = pd.Series(True, index=cards.index)
        if self.segments:
            keep &= cards["segments"].map(lambda s: bool(set(s) & set(self.segments)))
        if self.focus:
            keep &= cards["focus_areas"].map(lambda f: bool(set(f) & set(self.focus)))
        if self.participants:
            keep &= cards["people"].map(lambda p: bool(set(p) & set(self.participants)))
        words = self.text.casefold().split()
        if words:
            haystack = (
                cards["text"].str.casefold()
                + " "
                + cards["member_texts"].map(lambda texts: " ".join(texts).casefold())
            )
            for word in words:
                keep &= haystack.str.contains(word, regex=False)
        return cards[keep]


def card_code(key: str) -> str:
    """'cluster:12' -> 'G12'; 'highlight:H012' -> 'H012'."""
    kind, _, ident = key.partition(":")
    return f"G{ident}" if kind == "cluster" else ident


def card_label(card: pd.Series) -> str:
    """What a card says: its id first (unique), its point, and who said it."""
    text = " ".join(str(card["text"]).split())
    if len(text) > TEXT_CHARS:
        text = text[: TEXT_CHARS - 1].rstrip() + "…"
    if card["mentions"] > 1:
        who = f"×{card['mentions']} voices · {card['participants']} participants"
        if card["participants"] <= 1:
            who = f"×{card['mentions']} · one participant repeating"
    else:
        people = list(card["people"])
        segments = list(card["segments"])
        who = " · ".join(
            x for x in (people[0] if people else "", segments[0] if segments else "") if x
        )
    return (
        f"{card_code(card['key'])} · {text} — {who}"
        if who
        else f"{card_code(card['key'])} · {text}"
    )


@dataclass(frozen=True)
class BoardView:
    """The columns to draw, and how to read a drag back."""

    columns: list[dict]  # [{"header": str, "items": [str, ...]}, ...] for the component
    column_themes: list[int | None]  # theme id per column position (None: Unassigned)
    card_of_label: dict[str, str]  # item string -> card key
    members: dict[str, list[str]]  # card key -> highlight ids
    hidden: dict[int | None, int] = field(default_factory=dict)  # cards not shown per column
    unassigned_total: int = 0
    pages: int = 1

    def membership(self) -> list[frozenset[str]]:
        return [frozenset(c["items"]) for c in self.columns]


def build_board(
    cards: pd.DataFrame,
    themes: pd.DataFrame,
    *,
    board_filter: BoardFilter = BoardFilter(),
    page: int = 1,
    page_size: int = 30,
    column_limit: int = 40,
    collapsed: Iterable[int] = (),
) -> BoardView:
    """Columns for the board: Unassigned (a page of it), then each theme in order.

    ``cards`` is ``themes.card_table``; a collapsed theme shows no cards but
    still takes drops.
    """
    shown = board_filter.apply(cards)
    collapsed = set(collapsed)
    ordered = themes.sort_values(["position", "id"]) if len(themes) else themes
    columns: list[dict] = []
    column_themes: list[int | None] = []
    labels: dict[str, str] = {}
    hidden: dict[int | None, int] = {}

    def items(rows: pd.DataFrame) -> list[str]:
        out = []
        for _, card in rows.iterrows():
            label = card_label(card)
            labels[label] = card["key"]
            out.append(label)
        return out

    unassigned = shown[shown["theme_id"].isna()]
    pages = max(1, math.ceil(len(unassigned) / page_size))
    page = min(max(page, 1), pages)
    visible = unassigned.iloc[(page - 1) * page_size : page * page_size]
    header = UNASSIGNED if pages == 1 else f"{UNASSIGNED} (page {page} of {pages})"
    columns.append({"header": header, "items": items(visible)})
    column_themes.append(None)
    for theme in ordered.itertuples():
        mine = shown[shown["theme_id"] == theme.id]
        if theme.id in collapsed:
            columns.append({"header": f"▸ {theme.name} (collapsed)", "items": []})
            hidden[theme.id] = len(mine)
        else:
            columns.append({"header": theme.name, "items": items(mine.head(column_limit))})
            hidden[theme.id] = max(0, len(mine) - column_limit)
        column_themes.append(int(theme.id))
    members = dict(zip(cards["key"], cards["highlight_ids"], strict=True))
    return BoardView(
        columns=columns,
        column_themes=column_themes,
        card_of_label=labels,
        members=members,
        hidden=hidden,
        unassigned_total=len(unassigned),
        pages=pages,
    )


def moved_cards(view: BoardView, result: list[dict] | None) -> list[Move]:
    """The cards a drag put in another column; [] when nothing moved.

    Columns are matched by position: the component keeps the headers it was
    first given, so their text can be out of date.
    """
    if not result or len(result) != len(view.columns):
        return []
    before = {label: i for i, column in enumerate(view.columns) for label in column["items"]}
    moves = []
    for i, column in enumerate(result):
        for label in column.get("items", []):
            if label in before and before[label] != i and label in view.card_of_label:
                card = view.card_of_label[label]
                moves.append(Move(card, view.members[card], view.column_themes[i]))
    return moves


def same_membership(a: list[dict], b: list[dict]) -> bool:
    """Whether two boards hold the same cards in the same columns, whatever their order."""
    return len(a) == len(b) and all(
        frozenset(x["items"]) == frozenset(y["items"]) for x, y in zip(a, b, strict=True)
    )


@dataclass(frozen=True)
class ColumnCount:
    name: str
    color: str
    theme_id: int | None
    cards: int
    highlights: int


def column_counts(cards: pd.DataFrame, themes: pd.DataFrame) -> list[ColumnCount]:
    """Cards and highlights in Unassigned and in each theme, in board order."""
    by_theme = cards.groupby(cards["theme_id"].astype("Int64"), dropna=False)["mentions"].agg(
        ["size", "sum"]
    )
    counts = {
        (None if pd.isna(k) else int(k)): (int(v["size"]), int(v["sum"]))
        for k, v in by_theme.iterrows()
    }
    out = [ColumnCount(UNASSIGNED, UNASSIGNED_COLOR, None, *counts.get(None, (0, 0)))]
    ordered = themes.sort_values(["position", "id"]) if len(themes) else themes
    for theme in ordered.itertuples():
        out.append(
            ColumnCount(theme.name, theme.color, int(theme.id), *counts.get(int(theme.id), (0, 0)))
        )
    return out

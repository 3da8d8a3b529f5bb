"""The theme board as data: what each theme tile and the Unassigned pool show, and moves.

The board is drawn by a component of our own (``insights/ui/themes_board.py``)
from the plain dict ``board_data`` builds: theme tiles first (their counts and
their newest cards, all of a tile's cards when it is expanded), then one page
of the Unassigned pool, each pool card with its suggested theme. A column is
known by an id we make (``pool``, ``t12``), never by its name: a theme may be
called "Unassigned". Card text goes out as data and is set as text by the
component, never as markup.

The component sends moves back in an outbox: every move the person made that
the server has not yet acknowledged, numbered. ``new_moves`` picks the ones
not yet applied, so a move sent twice (a rerun that was interrupted, two drags
in quick succession) is applied once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from insights.model import InsightKey, InsightKind
from insights.outbox import Outbox, unseen
from insights.suggest import Suggestion
from insights.theme_assignment import Move
from insights.wording import plural

UNASSIGNED = "Unassigned"
UNASSIGNED_COLOR = "#455A64"
POOL = "pool"
TEXT_CHARS = 280  # a card shows three lines; the rest is in its tooltip and the table
PREVIEW = {6: 3, 12: 2}  # cards a closed tile shows, newest first, by how many themes there are
EXPANDED = 60  # cards an expanded tile shows (it scrolls); the Table view has the rest
PAGE_SIZE = 30  # cards per page of the pool
VIAS = ("drag", "suggestion", "choice", "selection")


def preview_size(themes: int) -> int:
    """How many newest cards a closed tile shows: fewer as themes grow, so all stay in view."""
    return next((cards for most, cards in PREVIEW.items() if themes <= most), 1)


def column_id(theme_id: int | None) -> str:
    """The board's id of a column: ``pool`` for Unassigned, ``t<id>`` for a theme."""
    return POOL if theme_id is None else f"t{int(theme_id)}"


def theme_of_column(column: str) -> int | None:
    """The theme a column id stands for (None: Unassigned); ValueError if it is not one."""
    if column == POOL:
        return None
    if isinstance(column, str) and column.startswith("t") and column[1:].isdigit():
        return int(column[1:])
    raise ValueError(f"not a board column: {column!r}")


@dataclass(frozen=True)
class BoardFilter:
    """What the person narrowed the board to; empty means everything."""

    segments: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    text: str = ""
    not_feedback: bool = False  # also show cards that are not feedback ("thanks!", "ok")

    @property
    def active(self) -> bool:
        return bool(self.segments or self.focus or self.participants or self.text.strip())

    def in_scope(self, cards: pd.DataFrame) -> pd.DataFrame:
        """The cards the board counts: without those that are not feedback, unless shown."""
        if not self.not_feedback and "feedback" in cards and not cards["feedback"].all():
            return cards[cards["feedback"].astype(bool)]
        return cards

    def apply(self, cards: pd.DataFrame) -> pd.DataFrame:
        cards = self.in_scope(cards)
        if not self.active:
            return cards
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
    """'cluster:12' -> 'G12'; 'highlight:H012' -> 'H012': how the table and tooltips name a card."""
    parsed = InsightKey.parse(key)
    return f"G{parsed.id}" if parsed.kind == InsightKind.GROUP else parsed.id


def who_said_it(card: Mapping[str, Any]) -> str:
    """The small line under a card's text: who said it and their segment, or how many voices."""
    mentions, participants = int(card["mentions"]), int(card["participants"])
    if mentions > 1:
        if participants <= 1:
            person = next(iter(card["people"]), "")
            return f"{plural(mentions, 'mention')} · one participant repeating" + (
                f" ({person})" if person else ""
            )
        voices = plural(participants, "participant")
        if mentions != participants:
            voices = f"{plural(mentions, 'mention')} · {voices}"
        return f"{voices} · {plural(len(card['segments']), 'segment')}"
    people, segments = list(card["people"]), list(card["segments"])
    return " · ".join(x for x in (people[:1] + segments[:1]) if x)


def tooltip(card: Mapping[str, Any], limit: int = 12) -> str:
    """The card's full text and its source ids: what the card itself leaves out."""
    ids = list(card["highlight_ids"])
    shown = ", ".join(ids[:limit]) + (f" and {len(ids) - limit} more" if len(ids) > limit else "")
    label = f"Group {card_code(card['key'])}: {shown}" if len(ids) > 1 else shown
    return f"{card['text']}\n\n{label}"


def mixed_themes(
    cards: pd.DataFrame, theme_of: Mapping[str, int], names: Mapping[int, str]
) -> dict[str, list[tuple[int, int]]]:
    """Cards whose highlights sit in more than one theme: key -> [(theme id, highlights)].

    An import's tag column, or a person sorting single notes before grouping,
    can leave the members of one group in different themes. The board shows
    the card in the theme most of them are in, and says it is mixed, so a
    person chooses; nothing overrides a member's theme silently.
    """
    found: dict[str, list[tuple[int, int]]] = {}
    several = cards[cards["mentions"] > 1]
    for key, ids in zip(several["key"], several["highlight_ids"], strict=True):
        counts: dict[int, int] = {}
        for highlight in ids:
            theme = theme_of.get(highlight)
            if theme is not None and int(theme) in names:
                counts[int(theme)] = counts.get(int(theme), 0) + 1
        if len(counts) > 1:
            found[key] = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return found


def mixed_words(parts: list[tuple[int, int]], names: Mapping[int, str]) -> str:
    """'mixed themes: 4 Pain points, 1 Product love'."""
    return "mixed themes: " + ", ".join(f"{count} {names[theme]}" for theme, count in parts)


def _card(
    card: Mapping[str, Any],
    *,
    mixed: list[tuple[int, int]] | None,
    names: Mapping[int, str],
    suggestion: Suggestion | None,
) -> dict[str, Any]:
    text = " ".join(str(card["text"]).split())
    out: dict[str, Any] = {
        "key": card["key"],
        "text": text if len(text) <= TEXT_CHARS else text[: TEXT_CHARS - 1].rstrip() + "…",
        "who": who_said_it(card),
        "tip": tooltip(card),
        "mentions": int(card["mentions"]),
    }
    if mixed:
        out["mixed"] = mixed_words(mixed, names)
        out["choices"] = [{"to": column_id(t), "name": names[t]} for t, _ in mixed]
    if suggestion is not None and suggestion.theme_id in names:
        out["suggestion"] = {
            "to": column_id(suggestion.theme_id),
            "name": names[suggestion.theme_id],
            "score": round(suggestion.score),
            "like": suggestion.example[:120],
        }
    return out


def newest_first(cards: pd.DataFrame, assigned_at: Mapping[str, Any]) -> pd.DataFrame:
    """Cards ordered by when their latest highlight was sorted, newest first."""
    if cards.empty:
        return cards
    latest = [
        max((assigned_at[h] for h in ids if h in assigned_at), default=pd.Timestamp.min)
        for ids in cards["highlight_ids"]
    ]
    order = sorted(range(len(cards)), key=lambda i: latest[i], reverse=True)
    return cards.iloc[order]


@dataclass(frozen=True)
class BoardView:
    """What the component draws (``data``) and how to read its moves back (``members``)."""

    data: dict[str, Any]
    members: dict[str, list[str]]
    pool_keys: list[str] = field(default_factory=list)
    page: int = 1
    pages: int = 1


def board_data(
    cards: pd.DataFrame,
    themes: pd.DataFrame,
    *,
    theme_of: Mapping[str, int],
    assigned_at: Mapping[str, Any],
    board_filter: BoardFilter = BoardFilter(),
    page: int = 1,
    page_size: int = PAGE_SIZE,
    expanded: Iterable[str] = (),
    suggest: Callable[[pd.DataFrame], Mapping[str, Suggestion]] | None = None,
) -> BoardView:
    """The board to draw: every theme tile in board order, then a page of the pool.

    ``cards`` is ``theme_assignment.card_table``; ``theme_of`` and ``assigned_at`` come from
    the assignments (highlight id -> theme id, -> when it was sorted).
    ``suggest`` gives suggested themes for the pool page's cards (by card key).
    """
    shown = board_filter.apply(cards)
    ordered = themes.sort_values(["position", "id"]) if len(themes) else themes
    names = {int(t.id): str(t.name) for t in ordered.itertuples()}
    visible, page, pages, total = pool_page(shown, page=page, page_size=page_size)
    suggestions = suggest(visible) if suggest is not None and len(visible) else {}
    open_tiles = set(expanded)
    counts = _counts(board_filter.in_scope(cards))

    def out(rows: pd.DataFrame, with_suggestions: bool = False) -> list[dict[str, Any]]:
        mixed = mixed_themes(rows, theme_of, names)
        return [
            _card(
                row,
                mixed=mixed.get(row["key"]),
                names=names,
                suggestion=suggestions.get(row["key"]) if with_suggestions else None,
            )
            for row in rows.to_dict("records")
        ]

    tiles = []
    preview = preview_size(len(ordered))
    assigned = shown[shown["theme_id"].notna()]
    by_theme = {int(t): rows for t, rows in assigned.groupby(assigned["theme_id"].astype(int))}
    for theme in ordered.itertuples():
        tid = int(theme.id)
        mine = by_theme.get(tid, shown.iloc[0:0])
        limit = EXPANDED if column_id(tid) in open_tiles else preview
        tiles.append(
            {
                "id": column_id(tid),
                "name": str(theme.name),
                "color": str(theme.color),
                "description": str(theme.description or ""),
                "cards": counts.get(tid, (0, 0))[0],
                "highlights": counts.get(tid, (0, 0))[1],
                "shown_of": len(mine),
                "items": out(newest_first(mine, assigned_at).head(limit)),
                "expanded": column_id(tid) in open_tiles,
            }
        )
    pool = {
        "id": POOL,
        "name": UNASSIGNED,
        "cards": counts.get(None, (0, 0))[0],
        "highlights": counts.get(None, (0, 0))[1],
        "shown_of": total,
        "page": page,
        "pages": pages,
        "first": (page - 1) * page_size + 1 if total else 0,
        "last": min(page * page_size, total),
        "items": out(visible, with_suggestions=True),
    }
    return BoardView(
        data={"themes": tiles, "pool": pool, "filtered": board_filter.active},
        members=dict(zip(cards["key"], cards["highlight_ids"], strict=True)),
        pool_keys=visible["key"].tolist(),
        page=page,
        pages=pages,
    )


def pool_page(
    cards: pd.DataFrame, *, page: int, page_size: int = PAGE_SIZE
) -> tuple[pd.DataFrame, int, int, int]:
    """One page of the unassigned cards: (rows, page, pages, unassigned in view)."""
    unassigned = cards[cards["theme_id"].isna()]
    pages = max(1, math.ceil(len(unassigned) / page_size))
    page = min(max(int(page), 1), pages)
    return (
        unassigned.iloc[(page - 1) * page_size : page * page_size],
        page,
        pages,
        len(unassigned),
    )


def _counts(cards: pd.DataFrame) -> dict[int | None, tuple[int, int]]:
    """(cards, highlights) per theme id, None for Unassigned, over the whole workspace."""
    if cards.empty:
        return {}
    by_theme = cards.groupby(cards["theme_id"].astype("Int64"), dropna=False)["mentions"].agg(
        ["size", "sum"]
    )
    return {
        (None if pd.isna(k) else int(k)): (int(v["size"]), int(v["sum"]))
        for k, v in by_theme.iterrows()
    }


# -- moves coming back from the component --------------------------------------------------


@dataclass(frozen=True)
class RequestedMove:
    """One move the person made: these cards to this column, numbered by the component."""

    seq: int
    cards: tuple[str, ...]
    theme_id: int | None
    via: str


def new_moves(outbox: Outbox | None, applied: Mapping[str, int]) -> list[RequestedMove]:
    """The outbox's moves numbered above what this browser tab already had applied.

    ``applied`` maps the component's nonce (one per page load) to the highest
    move number applied. Malformed entries are skipped.
    """
    found = []
    for seq, move in unseen(outbox, applied):
        try:
            target = theme_of_column(move["to"])
            cards = tuple(str(c) for c in move["cards"])
        except (KeyError, TypeError, ValueError):
            continue
        if cards:
            via = move.get("via") if move.get("via") in VIAS else "drag"
            found.append(RequestedMove(seq, cards, target, via))
    return found


def to_moves(requested: RequestedMove, members: Mapping[str, list[str]]) -> list[Move]:
    """The store's moves for a requested one; cards that no longer exist are left out."""
    return [
        Move(card, list(members[card]), requested.theme_id)
        for card in requested.cards
        if card in members
    ]


@dataclass(frozen=True)
class ColumnCount:
    name: str
    color: str
    theme_id: int | None
    cards: int
    highlights: int


def column_counts(cards: pd.DataFrame, themes: pd.DataFrame) -> list[ColumnCount]:
    """Cards and highlights in Unassigned and in each theme, in board order."""
    counts = _counts(cards)
    out = [ColumnCount(UNASSIGNED, UNASSIGNED_COLOR, None, *counts.get(None, (0, 0)))]
    ordered = themes.sort_values(["position", "id"]) if len(themes) else themes
    for theme in ordered.itertuples():
        tid = int(theme.id)
        out.append(ColumnCount(theme.name, theme.color, tid, *counts.get(tid, (0, 0))))
    return out

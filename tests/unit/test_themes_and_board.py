"""Themes, cards and moves; the board as data; suggestions."""

from __future__ import annotations

import pandas as pd
import pytest

from insights.board import (
    BoardFilter,
    build_board,
    card_label,
    column_counts,
    moved_cards,
    same_membership,
)
from insights.grouping import compute_merges, eligible, save_grouping
from insights.model import SAMPLE_WORKSPACE, SEED_THEMES
from insights.store import Store
from insights.suggest import suggest_themes
from insights.themes import (
    BoardLocked,
    Move,
    ThemeProblem,
    assign,
    card_table,
    create_theme,
    delete_theme,
    merge_themes,
    move_stacks,
    move_theme,
    redo_move,
    set_locked,
    undo_move,
    update_theme,
)
from insights.workspaces import ensure_sample

WS = SAMPLE_WORKSPACE


@pytest.fixture
def sample(store: Store) -> Store:
    ensure_sample(store)
    return store


def _theme_id(store: Store, name: str) -> int:
    return int(store.load(WS).themes.set_index("name").loc[name, "id"])


def _placement(store: Store) -> dict[str, int]:
    a = store.load(WS).assignments
    return dict(zip(a["highlight_id"], a["theme_id"], strict=True))


def _move(highlight: str, theme: int | None) -> Move:
    return Move(f"highlight:{highlight}", [highlight], theme)


def test_moves_undo_and_redo_in_order(sample: Store) -> None:
    pain, love = _theme_id(sample, "Pain points"), _theme_id(sample, "Product love")
    assign(sample, WS, [_move("H001", pain)], via="drag")
    assign(sample, WS, [_move("H001", love), _move("H002", love)], via="table")

    assert undo_move(sample, WS).subject == "2 highlights (table)"
    assert _placement(sample) == {"H001": pain}
    assert undo_move(sample, WS) is not None and _placement(sample) == {}
    assert undo_move(sample, WS) is None
    redo_move(sample, WS)
    assert _placement(sample) == {"H001": pain}
    assign(sample, WS, [_move("H003", love)], via="drag")  # a new move: nothing left to redo
    assert move_stacks(sample, WS).next_redo is None


def test_a_locked_board_refuses_every_change(sample: Store) -> None:
    pain = _theme_id(sample, "Pain points")
    set_locked(sample, WS, True)
    for change in (
        lambda: assign(sample, WS, [_move("H001", pain)], via="drag"),
        lambda: create_theme(sample, WS, "New"),
        lambda: delete_theme(sample, WS, pain),
        lambda: update_theme(sample, WS, pain, name="Pains"),
    ):
        with pytest.raises(BoardLocked, match="The board is locked"):
            change()
    assert _placement(sample) == {}
    set_locked(sample, WS, False)
    assign(sample, WS, [_move("H001", pain)], via="drag")
    assert _placement(sample) == {"H001": pain}


def test_themes_are_named_once_and_colored_properly(sample: Store) -> None:
    with pytest.raises(ThemeProblem, match="already a theme named “Pain points”"):
        create_theme(sample, WS, "  pain   POINTS ")
    with pytest.raises(ThemeProblem, match="Give the theme a name"):
        create_theme(sample, WS, "   ")
    with pytest.raises(ThemeProblem, match="not a color"):
        create_theme(sample, WS, "Shipping", color="red")
    new = create_theme(sample, WS, "Shipping", color="#123abc", description="Costs and speed")
    theme = sample.load(WS).themes.set_index("id").loc[new]
    assert (theme["color"], theme["description"]) == ("#123ABC", "Costs and speed")


def test_reorder_merge_and_delete(sample: Store) -> None:
    pain, love = _theme_id(sample, "Pain points"), _theme_id(sample, "Product love")
    move_theme(sample, WS, pain, -1)
    order = sample.load(WS).themes.sort_values("position")["name"].tolist()
    assert order == ["Product love", "Customer behaviors", "Pain points", "Marketing & brand"]

    assign(sample, WS, [_move("H001", pain), _move("H002", love)], via="drag")
    assert merge_themes(sample, WS, pain, love) == 1
    assert _placement(sample) == {"H001": love, "H002": love}
    assert delete_theme(sample, WS, love) == 2
    assert _placement(sample) == {}
    assert len(sample.load(WS).themes) == len(SEED_THEMES) - 2
    assert len(sample.load(WS).highlights) == 285  # no highlight is ever deleted here


def test_undoing_a_move_into_a_deleted_theme_leaves_it_unassigned(sample: Store) -> None:
    pain, love = _theme_id(sample, "Pain points"), _theme_id(sample, "Product love")
    assign(sample, WS, [_move("H001", pain)], via="drag")
    assign(sample, WS, [_move("H001", love)], via="drag")
    delete_theme(sample, WS, pain)
    undo_move(sample, WS)
    assert _placement(sample) == {}


def test_a_card_takes_the_theme_most_of_its_members_have(sample: Store) -> None:
    highlights = eligible(sample.load(WS))
    save_grouping(sample, WS, highlights, compute_merges(highlights), 85)
    cards = card_table(sample.load(WS))
    group = cards[cards["mentions"] == 4].iloc[0]
    first, *rest = group["highlight_ids"]
    pain, love = _theme_id(sample, "Pain points"), _theme_id(sample, "Product love")
    assign(sample, WS, [_move(first, pain)] + [_move(h, love) for h in rest], via="test")

    cards = card_table(sample.load(WS))
    assert cards.set_index("key").loc[group["key"], "theme_id"] == love
    assert cards["mentions"].sum() == 285


def test_the_board_pages_unassigned_collapses_and_filters(sample: Store) -> None:
    data = sample.load(WS)
    cards = card_table(data)
    view = build_board(cards, data.themes, page=2, page_size=30)
    assert view.columns[0]["header"] == "Unassigned (page 2 of 10)"
    assert view.columns[0]["items"][0].startswith("H031 · ")
    assert [c["header"] for c in view.columns[1:]] == [t[0] for t in SEED_THEMES]
    labels = [item for column in view.columns for item in column["items"]]
    assert len(labels) == len(set(labels))

    pain = _theme_id(sample, "Pain points")
    assign(sample, WS, [_move("H001", pain)], via="test")
    data = sample.load(WS)
    collapsed = build_board(card_table(data), data.themes, collapsed=[pain])
    assert collapsed.columns[4] == {"header": "▸ Pain points (collapsed)", "items": []}
    assert collapsed.hidden[pain] == 1

    filtered = build_board(
        card_table(data),
        data.themes,
        board_filter=BoardFilter(segments=("Sale-only shopper",), text="shipping"),
    )
    assert filtered.unassigned_total == 7
    assert all(
        "shipping" in label.lower() or "ship" in label.lower()
        for label in filtered.columns[0]["items"]
    )


def test_a_drag_is_read_by_column_position(sample: Store) -> None:
    data = sample.load(WS)
    view = build_board(card_table(data), data.themes)
    result = [dict(c, items=list(c["items"])) for c in view.columns]
    card = result[0]["items"].pop(0)
    result[4]["items"].append(card)
    result[4]["header"] = "a stale header"  # the component keeps its first headers

    moves = moved_cards(view, result)

    assert moves == [Move("highlight:H001", ["H001"], _theme_id(sample, "Pain points"))]
    assert moved_cards(view, view.columns) == []
    assert not same_membership(view.columns, result)
    assert same_membership(
        view.columns, [dict(c, items=list(reversed(c["items"]))) for c in view.columns]
    )


def test_card_labels_start_with_the_id_and_say_who() -> None:
    group = pd.Series(
        {
            "key": "cluster:12",
            "text": "Shipping is too expensive",
            "mentions": 4,
            "participants": 3,
            "people": ["A", "B", "C"],
            "segments": {"VIP": 2},
        }
    )
    single = pd.Series(
        {
            "key": "highlight:H004",
            "text": "x" * 200,
            "mentions": 1,
            "participants": 1,
            "people": ["Maya Robinson"],
            "segments": {"VIP repeat buyer": 1},
        }
    )
    assert card_label(group) == "G12 · Shipping is too expensive — ×4 voices · 3 participants"
    assert card_label(single).startswith("H004 · xxx") and card_label(single).endswith(
        "… — Maya Robinson · VIP repeat buyer"
    )


def test_column_counts_give_cards_and_highlights(sample: Store) -> None:
    data = sample.load(WS)
    counts = column_counts(card_table(data), data.themes)
    assert (counts[0].name, counts[0].cards, counts[0].highlights) == ("Unassigned", 285, 285)
    assert [c.name for c in counts[1:]] == [t[0] for t in SEED_THEMES]


def test_suggestions_come_from_sorted_highlights_and_need_a_close_match(sample: Store) -> None:
    pain = _theme_id(sample, "Pain points")
    data = sample.load(WS)
    pumps = data.highlights[data.highlights["text"].str.contains("pump", case=False)]["id"].tolist()
    assign(sample, WS, [_move(h, pain) for h in pumps if h != "H011"], via="test")
    data = sample.load(WS)
    cards = card_table(data)
    unassigned = cards[cards["theme_id"].isna()]

    found = suggest_themes(data, unassigned)

    assert found["highlight:H011"].theme_id == pain
    assert "pump" in found["highlight:H011"].example.lower()
    assert "highlight:H001" not in found  # body butter love is nothing like a broken pump

"""Themes, cards and moves; the board as data; suggestions."""

from __future__ import annotations

import pytest

from insights.board import (
    POOL,
    BoardFilter,
    RequestedMove,
    board_data,
    column_counts,
    column_id,
    new_moves,
    preview_size,
    theme_of_column,
    to_moves,
    who_said_it,
)
from insights.grouping import compute_merges, eligible, save_grouping
from insights.model import SAMPLE_WORKSPACE, SEED_THEMES
from insights.outbox import Outbox
from insights.store import Store
from insights.suggest import suggest_themes
from insights.theme_assignment import (
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


def _board(data, **options):
    a = data.assignments
    return board_data(
        card_table(data),
        data.themes,
        theme_of=dict(zip(a["highlight_id"], a["theme_id"], strict=True)),
        assigned_at=dict(zip(a["highlight_id"], a["assigned_at"], strict=True)),
        **options,
    )


def test_the_board_pages_the_pool_and_filters(sample: Store) -> None:
    view = _board(sample.load(WS), page=2, page_size=30)
    pool = view.data["pool"]
    assert (pool["page"], pool["pages"], pool["first"], pool["last"]) == (2, 10, 31, 60)
    assert pool["items"][0]["key"] == "highlight:H031"
    assert [t["name"] for t in view.data["themes"]] == [t[0] for t in SEED_THEMES]
    keys = [c["key"] for t in [*view.data["themes"], pool] for c in t["items"]]
    assert len(keys) == len(set(keys))
    assert _board(sample.load(WS), page=99).page == 10  # held at the last page

    filtered = _board(
        sample.load(WS), board_filter=BoardFilter(segments=("Sale-only shopper",), text="shipping")
    )
    assert filtered.data["pool"]["shown_of"] == 7
    assert filtered.data["pool"]["cards"] == 285  # the count is the workspace's, not the view's
    assert all("ship" in c["text"].lower() for c in filtered.data["pool"]["items"])


def test_a_tile_shows_its_newest_cards_and_all_of_them_when_expanded(sample: Store) -> None:
    pain = _theme_id(sample, "Pain points")
    for highlight in ["H001", "H002", "H003", "H004", "H005"]:
        assign(sample, WS, [_move(highlight, pain)], via="test")
    data = sample.load(WS)

    tile = next(t for t in _board(data).data["themes"] if t["name"] == "Pain points")
    assert (tile["cards"], tile["shown_of"]) == (5, 5)
    assert [c["key"] for c in tile["items"]] == [
        "highlight:H005",
        "highlight:H004",
        "highlight:H003",
    ]  # newest first, as many as four themes leave room for
    tile = next(
        t for t in _board(data, expanded=[column_id(pain)]).data["themes"] if t["id"] == f"t{pain}"
    )
    assert tile["expanded"] and len(tile["items"]) == 5


def test_tiles_show_fewer_cards_as_themes_grow_so_all_stay_in_view() -> None:
    assert [preview_size(n) for n in (4, 6, 7, 12, 13, 40)] == [3, 3, 2, 2, 1, 1]


def test_columns_are_known_by_ids_we_make_never_by_names() -> None:
    assert column_id(None) == POOL and column_id(12) == "t12"
    assert theme_of_column("t12") == 12 and theme_of_column(POOL) is None
    for bad in ["Unassigned", "t", "t1x", "12", None, "Pain points"]:
        with pytest.raises(ValueError):
            theme_of_column(bad)


def test_new_moves_are_those_numbered_above_what_was_applied() -> None:
    outbox = Outbox.read(
        {
            "nonce": "tab",
            "moves": [
                {"seq": 1, "cards": ["highlight:H001"], "to": "t3", "via": "drag"},
                {"seq": 2, "cards": ["highlight:H002"], "to": "pool", "via": "suggestion"},
                {"seq": 3, "cards": ["highlight:H003"], "to": "Unassigned"},  # not a column
                {"seq": "x", "cards": ["highlight:H004"], "to": "t3"},  # malformed
                {"seq": 4, "cards": [], "to": "t3"},  # nothing to move
                {"seq": 5, "cards": ["highlight:H005"], "to": "t3", "via": "<script>"},
            ],
        },
        "moves",
    )
    assert new_moves(outbox, {"tab": 1}) == [
        RequestedMove(2, ("highlight:H002",), None, "suggestion"),
        RequestedMove(5, ("highlight:H005",), 3, "drag"),
    ]
    assert new_moves(outbox, {"tab": 5}) == []
    assert new_moves(outbox, {"another tab": 9})[0].seq == 1
    assert Outbox.read(None, "moves") is None and Outbox.read({"moves": []}, "moves") is None
    assert new_moves(None, {}) == []


def test_a_requested_move_leaves_out_cards_that_no_longer_exist() -> None:
    members = {"cluster:3": ["H001", "H002"], "highlight:H009": ["H009"]}
    requested = RequestedMove(1, ("cluster:3", "cluster:99", "highlight:H009"), 4, "drag")
    assert to_moves(requested, members) == [
        Move("cluster:3", ["H001", "H002"], 4),
        Move("highlight:H009", ["H009"], 4),
    ]


def test_a_card_says_who_said_it_in_words() -> None:
    group = {
        "key": "cluster:12",
        "mentions": 4,
        "participants": 3,
        "people": ["A", "B", "C"],
        "segments": {"VIP": 2, "Sale-only shopper": 1},
    }
    assert who_said_it(group) == "4 mentions · 3 participants · 2 segments"
    assert who_said_it({**group, "mentions": 3}) == "3 participants · 2 segments"
    one_segment = {**group, "mentions": 2, "participants": 2, "segments": {"VIP": 2}}
    assert who_said_it(one_segment) == "2 participants · 1 segment"
    repeating = {**group, "mentions": 3, "participants": 1, "people": ["Maya Robinson"]}
    assert who_said_it(repeating) == "3 mentions · one participant repeating (Maya Robinson)"
    single = {
        "key": "highlight:H004",
        "mentions": 1,
        "participants": 1,
        "people": ["Maya Robinson"],
        "segments": {"VIP repeat buyer": 1},
    }
    assert who_said_it(single) == "Maya Robinson · VIP repeat buyer"


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

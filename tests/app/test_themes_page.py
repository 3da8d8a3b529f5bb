"""The Themes page, with the board component stood in for (AppTest cannot drag).

``board`` records what the page sent the component and plays back the moves
a person would make, in the component's outbox shape; the browser tests
prove the drag itself.
"""

from __future__ import annotations

import pytest
from fake_board import FakeBoard
from markup import as_text
from streamlit.testing.v1 import AppTest

from insights.grouping import compute_merges, eligible, save_grouping
from insights.model import SAMPLE_WORKSPACE
from insights.store import Store
from insights.theme_assignment import Move, assign, create_theme


@pytest.fixture
def page(app: AppTest, board) -> AppTest:
    app.switch_page("pages/themes.py").run()
    assert not app.exception
    return app


def _themes_of(app_url: str) -> dict[str, str]:
    data = Store(app_url).load(SAMPLE_WORKSPACE)
    names = data.themes.set_index("id")["name"]
    return {
        h: names[t]
        for h, t in zip(data.assignments["highlight_id"], data.assignments["theme_id"], strict=True)
    }


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _notice(board: FakeBoard) -> str:
    return (board.data.get("notice") or {}).get("text", "")


def test_the_board_shows_themes_first_then_a_page_of_the_pool(page: AppTest, board) -> None:
    assert [t["name"] for t in board.data["themes"]] == [
        "Product love",
        "Customer behaviors",
        "Marketing & brand",
        "Pain points",
    ]
    pool = board.data["pool"]
    assert (pool["cards"], pool["page"], pool["pages"], len(pool["items"])) == (285, 1, 10, 30)
    first = pool["items"][0]
    assert first["key"] == "highlight:H001"
    assert first["text"].startswith("The whipped body butter")
    assert first["who"] == "Maya Robinson · VIP repeat buyer"  # who said it, no id in the label
    assert "H001" in first["tip"]  # the id is in the tooltip

    board.view = {"page": 2, "expanded": []}
    page.run()
    assert board.data["pool"]["items"][0]["key"] == "highlight:H031"
    assert board.data["view"]["page"] == 2


def test_dropping_a_card_on_a_theme_saves_it_and_updates_the_counts(
    page: AppTest, board, app_url
) -> None:
    board.drop("highlight:H001", "Pain points")
    page.run()

    assert not page.exception
    assert _themes_of(app_url) == {"H001": "Pain points"}
    assert board.column("Pain points")["cards"] == 1
    assert board.keys_in("Pain points") == ["highlight:H001"]
    assert board.data["pool"]["cards"] == 284
    assert _notice(board) == "Moved 1 card to Pain points."
    assert board.data["acked"] == {"nonce": "tab-1", "seq": 1}


def test_ten_drags_in_a_row_from_a_paged_pool_are_all_kept(page: AppTest, board, app_url) -> None:
    moved = []
    for _ in range(10):
        key = board.data["pool"]["items"][0]["key"]
        board.drop(key, "Pain points")
        moved.append(key.split(":")[1])
        page.run()
    assert set(_themes_of(app_url)) == set(moved)
    assert board.column("Pain points")["cards"] == 10
    assert board.data["pool"]["cards"] == 275


def test_a_move_sent_again_is_saved_once(page: AppTest, board, app_url) -> None:
    board.drop("highlight:H001", "Pain points")
    page.run()
    page.run()  # the outbox still holds move 1: it was applied already
    events = Store(app_url).event_log(SAMPLE_WORKSPACE, limit=50)
    assert (events["action"] == "themes.assign").sum() == 1


def test_a_group_moves_as_one_card(page: AppTest, board, app_url) -> None:
    store = Store(app_url)
    highlights = eligible(store.load(SAMPLE_WORKSPACE))
    save_grouping(store, SAMPLE_WORKSPACE, highlights, compute_merges(highlights), 85)
    data = store.load(SAMPLE_WORKSPACE)
    cluster = int(data.clusters["id"].iloc[0])
    members = set(
        data.cluster_members.loc[data.cluster_members["cluster_id"] == cluster, "highlight_id"]
    )
    page.run()

    board.drop(f"cluster:{cluster}", "Pain points")
    page.run()

    assert set(_themes_of(app_url)) == members
    tile = board.column("Pain points")
    assert (tile["cards"], tile["highlights"]) == (1, len(members))


def test_a_group_with_members_in_two_themes_says_so_and_lets_the_person_choose(
    page: AppTest, board, app_url
) -> None:
    store = Store(app_url)
    highlights = eligible(store.load(SAMPLE_WORKSPACE))
    save_grouping(store, SAMPLE_WORKSPACE, highlights, compute_merges(highlights), 85)
    data = store.load(SAMPLE_WORKSPACE)
    sizes = data.cluster_members.groupby("cluster_id").size()
    cluster = int(sizes[sizes >= 3].index[0])
    first, *rest = data.cluster_members.loc[
        data.cluster_members["cluster_id"] == cluster, "highlight_id"
    ]
    themes = data.themes.set_index("name")["id"]
    pain, love = int(themes["Pain points"]), int(themes["Product love"])
    assign(store, SAMPLE_WORKSPACE, [Move(f"highlight:{first}", [first], love)], via="import")
    assign(store, SAMPLE_WORKSPACE, [Move(f"highlight:{h}", [h], pain) for h in rest], via="import")
    page.run()

    card = board.card(f"cluster:{cluster}")
    assert card["mixed"] == f"mixed themes: {len(rest)} Pain points, 1 Product love"
    assert [c["name"] for c in card["choices"]] == ["Pain points", "Product love"]
    assert _themes_of(app_url)[first] == "Product love"  # shown, never overridden on its own

    board.drop(f"cluster:{cluster}", "Product love", via="choice")
    page.run()
    assert {_themes_of(app_url)[h] for h in [first, *rest]} == {"Product love"}
    assert "mixed" not in board.card(f"cluster:{cluster}")


def test_a_theme_named_unassigned_still_receives_drops(page: AppTest, board, app_url) -> None:
    theme = create_theme(Store(app_url), SAMPLE_WORKSPACE, "Unassigned")
    page.run()

    board.drop("highlight:H001", "", column_id=f"t{theme}")
    page.run()

    assert _themes_of(app_url) == {"H001": "Unassigned"}
    assert board.data["pool"]["cards"] == 284


def test_a_locked_board_saves_no_move_and_says_so(page: AppTest, board, app_url) -> None:
    page.toggle(key="board_locked").set_value(True).run()
    assert Store(app_url).workspace(SAMPLE_WORKSPACE).locked  # saved with the workspace
    assert board.data["locked"] is True

    board.drop("highlight:H001", "Pain points")
    page.run()

    assert not page.exception
    assert _themes_of(app_url) == {}
    assert _notice(board).startswith("The board is locked, so nothing was moved.")
    assert board.data["acked"]["seq"] == 1  # refused, not retried
    assert _button(page, "Undo").disabled

    page.toggle(key="board_locked").set_value(False).run()
    board.drop("highlight:H001", "Pain points")
    page.run()
    assert _themes_of(app_url) == {"H001": "Pain points"}


def test_a_board_locked_in_another_tab_refuses_a_drag_without_a_traceback(
    page: AppTest, board, app_url
) -> None:
    from insights.theme_assignment import set_locked

    set_locked(Store(app_url), SAMPLE_WORKSPACE, True)  # a colleague locks it
    board.drop("highlight:H001", "Pain points")
    page.run()

    assert not page.exception
    assert _themes_of(app_url) == {}
    assert "locked" in _notice(board)
    assert board.data["locked"] is True


def test_undo_and_redo_a_move(page: AppTest, board, app_url) -> None:
    board.drop("highlight:H001", "Pain points")
    page.run()
    board.drop("highlight:H002", "Product love")
    page.run()

    _button(page, "Undo").click().run()
    assert _themes_of(app_url) == {"H001": "Pain points"}
    _button(page, "Undo").click().run()
    assert _themes_of(app_url) == {}
    _button(page, "Redo").click().run()
    assert _themes_of(app_url) == {"H001": "Pain points"}
    assert _notice(board).startswith("Redid: 1 card to Pain points")
    assert board.keys_in("Pain points") == ["highlight:H001"]


def test_undo_after_a_colleague_undid_it_says_so(page: AppTest, board, app_url) -> None:
    from insights.theme_assignment import undo_move

    board.drop("highlight:H001", "Pain points")
    page.run()
    undo_move(Store(app_url), SAMPLE_WORKSPACE)  # the other tab was quicker

    _button(page, "Undo").click().run()

    assert not page.exception
    assert _notice(board).startswith("Nothing to undo")


def test_a_suggestion_shows_on_its_card_and_applies_only_when_accepted(
    page: AppTest, board, app_url
) -> None:
    store = Store(app_url)
    pain = int(store.load(SAMPLE_WORKSPACE).themes.set_index("name").loc["Pain points", "id"])
    # People sorted the pump complaints into Pain points; H011 (a pump complaint) is still unassigned.
    pump = store.load(SAMPLE_WORKSPACE).highlights
    pump_ids = [
        h
        for h, t in zip(pump["id"], pump["text"], strict=True)
        if "pump" in t.lower() and h != "H011"
    ]
    assign(
        store, SAMPLE_WORKSPACE, [Move(f"highlight:{h}", [h], pain) for h in pump_ids], via="test"
    )
    page.run()

    suggestion = board.card("highlight:H011")["suggestion"]
    assert (suggestion["name"], suggestion["to"]) == ("Pain points", f"t{pain}")
    assert "pump" in suggestion["like"].lower()
    assert "suggestion" not in board.card("highlight:H001")  # body butter is nothing like it
    assert "H011" not in _themes_of(app_url)  # nothing applied on its own

    board.drop("highlight:H011", "Pain points", via="suggestion")
    page.run()
    assert _themes_of(app_url)["H011"] == "Pain points"


def test_the_table_view_saves_a_theme_picked_in_a_row(page: AppTest, app_url) -> None:
    page.segmented_control(key="themes_view").set_value("Table").run()
    page.session_state["theme_table_0_1"] = {
        "edited_rows": {0: {"theme": "Product love"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    page.run()

    assert not page.exception
    assert _themes_of(app_url) == {"H001": "Product love"}
    assert as_text(page.toast[0].value) == "Saved 1 highlight move."


def test_the_table_view_assigns_picked_rows_in_bulk(page: AppTest, app_url) -> None:
    page.segmented_control(key="themes_view").set_value("Table").run()
    page.session_state["theme_table_0_1"] = {
        "edited_rows": {0: {"pick": True}, 2: {"pick": True}},
        "added_rows": [],
        "deleted_rows": [],
    }
    page.run()
    page.selectbox(key="bulk_target").set_value("Marketing & brand").run()
    _button(page, "Assign 2 picked").click().run()

    assert _themes_of(app_url) == {"H001": "Marketing & brand", "H003": "Marketing & brand"}


def test_create_rename_merge_and_delete_themes(page: AppTest, app_url) -> None:
    store = Store(app_url)
    page.segmented_control(key="themes_view").set_value("Themes").run()
    form_name = next(t for t in page.text_input if t.label == "Name" and t.value == "")
    form_name.set_value("Shipping costs")
    next(b for b in page.button if b.label == "Add theme").click().run()
    assert "Shipping costs" in set(store.load(SAMPLE_WORKSPACE).themes["name"])

    themes = store.load(SAMPLE_WORKSPACE).themes.set_index("name")["id"]
    shipping, pain = int(themes["Shipping costs"]), int(themes["Pain points"])
    assign(store, SAMPLE_WORKSPACE, [Move("highlight:H001", ["H001"], shipping)], via="test")
    page.run()

    page.text_input(key=f"theme_name_{shipping}").set_value("Shipping fees")
    page.button(key=f"theme_save_{shipping}").click().run()
    assert _themes_of(app_url) == {"H001": "Shipping fees"}

    page.selectbox(key=f"theme_into_{shipping}").set_value(pain).run()
    page.button(key=f"theme_merge_{shipping}").click().run()
    assert _themes_of(app_url) == {"H001": "Pain points"}

    page.checkbox(key=f"theme_sure_{pain}").check().run()
    page.button(key=f"theme_delete_{pain}").click().run()
    assert _themes_of(app_url) == {}  # back to Unassigned
    assert len(store.load(SAMPLE_WORKSPACE).active_highlights) == 285  # no highlight deleted


def test_the_history_says_what_moved_where(page: AppTest, board) -> None:
    board.drop("highlight:H001", "Pain points")
    page.run()
    page.segmented_control(key="themes_view").set_value("History").run()
    table = page.dataframe[0].value
    assert table.iloc[0]["What"] == "Moved"
    assert table.iloc[0]["Subject"] == "1 card to Pain points (drag)"
    assert table.iloc[0]["Details"].startswith(
        "1 highlight → Pain points: “The whipped body butter"
    )

"""The Themes page, with the board component patched to report a drag (AppTest cannot drag)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from insights.grouping import compute_merges, eligible, save_grouping
from insights.model import SAMPLE_WORKSPACE
from insights.store import Store
from insights.themes import Move, assign

PAIN_POINTS = 4  # column position: Unassigned, Product love, Customer behaviors, Marketing & brand, Pain points


@pytest.fixture
def drags(monkeypatch) -> dict[str, int]:
    """Cards to drop on the next draw of the board: {card code: column position}."""
    pending: dict[str, int] = {}

    def fake_sort_items(
        items, multi_containers=False, direction="horizontal", custom_style=None, key=None
    ):
        result = [{"header": c["header"], "items": list(c["items"])} for c in items]
        for code, target in list(pending.items()):
            for column in result:
                for item in list(column["items"]):
                    if item.startswith(f"{code} ·"):
                        column["items"].remove(item)
                        result[target]["items"].append(item)
        pending.clear()  # one drop, as a person makes it
        return result

    monkeypatch.setattr("insights.ui.board.sort_items", fake_sort_items)
    return pending


@pytest.fixture
def page(app: AppTest, drags) -> AppTest:
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


def _counts(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Unassigned**"))


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_dropping_a_card_on_a_theme_saves_it_and_updates_the_counts(
    page: AppTest, drags, app_url
) -> None:
    assert _counts(page).startswith("**Unassigned** 285 ·")

    drags["H001"] = PAIN_POINTS
    page.run()

    assert not page.exception
    assert _themes_of(app_url) == {"H001": "Pain points"}
    assert "**Pain points** 1" in _counts(page) and _counts(page).startswith("**Unassigned** 284")
    assert page.toast[0].value == "Moved to Pain points."


def test_a_group_moves_as_one_card(page: AppTest, drags, app_url) -> None:
    store = Store(app_url)
    highlights = eligible(store.load(SAMPLE_WORKSPACE))
    save_grouping(store, SAMPLE_WORKSPACE, highlights, compute_merges(highlights), 85)
    data = store.load(SAMPLE_WORKSPACE)
    cluster = int(data.clusters["id"].iloc[0])
    members = set(
        data.cluster_members.loc[data.cluster_members["cluster_id"] == cluster, "highlight_id"]
    )
    page.run()

    drags[f"G{cluster}"] = PAIN_POINTS
    page.run()

    assert set(_themes_of(app_url)) == members
    assert f"**Pain points** 1 ({len(members)} highlights)" in _counts(page)


def test_a_locked_board_saves_no_move_and_says_so(page: AppTest, drags, app_url) -> None:
    page.toggle(key="board_locked").set_value(True).run()
    assert "The board is locked." in page.warning[0].value
    assert Store(app_url).workspace(SAMPLE_WORKSPACE).locked  # saved with the workspace

    drags["H001"] = PAIN_POINTS
    page.run()

    assert _themes_of(app_url) == {}
    assert page.toast[0].value == "The board is locked: that move was not saved."
    assert _button(page, "Undo").disabled

    page.toggle(key="board_locked").set_value(False).run()
    drags["H001"] = PAIN_POINTS
    page.run()
    assert _themes_of(app_url) == {"H001": "Pain points"}


def test_undo_and_redo_a_move(page: AppTest, drags, app_url) -> None:
    drags["H001"] = PAIN_POINTS
    page.run()
    drags["H002"] = 1  # Product love
    page.run()

    _button(page, "Undo").click().run()
    assert _themes_of(app_url) == {"H001": "Pain points"}
    _button(page, "Undo").click().run()
    assert _themes_of(app_url) == {}
    _button(page, "Redo").click().run()
    assert _themes_of(app_url) == {"H001": "Pain points"}
    assert page.toast[0].value.startswith("Redid: 1 card to Pain points")


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
    assert page.toast[0].value == "Saved 1 highlight moves."


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


def test_a_suggestion_is_shown_and_applied_only_when_accepted(page: AppTest, app_url) -> None:
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

    panel = next(e for e in page.expander if e.label.startswith("Suggested themes"))
    line = next(m.value for m in panel.markdown if m.value.startswith("H011"))
    assert "→ **Pain points**" in line
    assert "H011" not in _themes_of(app_url)  # nothing applied on its own

    page.button(key="suggest_highlight:H011").click().run()
    assert _themes_of(app_url)["H011"] == "Pain points"


def test_the_history_says_what_moved_where(page: AppTest, drags) -> None:
    drags["H001"] = PAIN_POINTS
    page.run()
    page.segmented_control(key="themes_view").set_value("History").run()
    table = page.dataframe[0].value
    assert table.iloc[0]["What"] == "Moved"
    assert table.iloc[0]["Subject"] == "1 card to Pain points (drag)"
    assert table.iloc[0]["Details"].startswith(
        "1 highlights → Pain points: “The whipped body butter"
    )

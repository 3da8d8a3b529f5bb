"""A tab left open while a colleague changed things elsewhere: a clear notice, never a traceback.

Each test draws a page, makes a change as a colleague would in another tab (straight
through the store), then acts in the tab as drawn.
"""

from __future__ import annotations

import pytest
from fake_clicks import click
from markup import as_text
from small_study import WS, make_study
from streamlit.testing.v1 import AppTest

from insights.errors import WorkspaceNotFound
from insights.grouping import accept_group, merge_groups, rename_group, undo_last
from insights.model import SAMPLE_WORKSPACE
from insights.store import Store
from insights.theme_assignment import Move, assign, delete_theme, set_locked, undo_move
from insights.ui.vote_buttons import ROOM_UP
from insights.workspaces import delete_workspace


@pytest.fixture
def study(app_url: str) -> Store:
    return make_study(Store(app_url))


@pytest.fixture
def open_study(new_app, study):
    """Open a page of the app on the small study."""

    def _open(page: str) -> AppTest:
        at = new_app()
        at.query_params["workspace"] = WS
        at.run()
        at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    return _open


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _notices(at: AppTest) -> str:
    """Every toast, warning and error the run shows, as a person reads them."""
    shown = [*at.toast, *at.warning, *at.error]
    return " | ".join(as_text(n.value) for n in shown)


def _clusters(study: Store) -> list[int]:
    return sorted(int(c) for c in study.load(WS).clusters["id"])


# -- Deduplicate -------------------------------------------------------------------------


def test_undo_of_a_group_decision_a_colleague_already_undid_says_so(
    study: Store, open_study
) -> None:
    first = _clusters(study)[0]
    accept_group(study, WS, first)
    at = open_study("pages/dedupe.py")
    undo_last(study, WS)  # the colleague's tab was quicker

    _button(at, "Undo accepting a group").click().run()

    assert not at.exception
    assert "Nothing to undo" in _notices(at)
    assert "Undo accepting a group" not in [b.label for b in at.button]  # the page is fresh


def test_a_stale_undo_never_takes_back_a_colleagues_newer_decision(
    study: Store, open_study
) -> None:
    first, second = _clusters(study)[:2]
    accept_group(study, WS, first)
    at = open_study("pages/dedupe.py")  # offers "Undo accepting a group"
    rename_group(study, WS, second, "Worded by a colleague")  # newer, in another tab

    _button(at, "Undo accepting a group").click().run()

    assert not at.exception
    assert "Nothing to undo" in _notices(at)
    labels = dict(zip(study.load(WS).clusters["id"], study.load(WS).clusters["label"], strict=True))
    assert labels[second] == "Worded by a colleague"  # their decision is kept
    assert _button(at, "Undo rewording a group")  # and it is what Undo now offers


def test_a_decision_on_a_group_a_colleague_removed_says_so(study: Store, open_study) -> None:
    at = open_study("pages/dedupe.py")
    first, second = _clusters(study)[:2]
    merge_groups(study, WS, second, first)  # a colleague merged it into another

    at.button(key=f"accept_{first}").click().run()

    assert not at.exception
    assert "That group no longer exists" in _notices(at)


# -- Themes ------------------------------------------------------------------------------


def _theme(study: Store, name: str) -> int:
    return int(study.load(WS).themes.set_index("name").loc[name, "id"])


def test_saving_a_theme_a_colleague_deleted_says_so(study: Store, open_study) -> None:
    at = open_study("pages/themes.py")
    at.segmented_control(key="themes_view").set_value("Themes").run()
    pain = _theme(study, "Pain points")
    delete_theme(study, WS, pain)  # in another tab

    at.text_input(key=f"theme_name_{pain}").set_value("Pain")
    at.button(key=f"theme_save_{pain}").click().run()

    assert not at.exception
    assert "That theme no longer exists" in _notices(at)
    assert not [e for e in at.expander if "Pain" in as_text(e.label)]  # the page is fresh


def test_merging_into_a_theme_a_colleague_deleted_says_so(study: Store, open_study) -> None:
    at = open_study("pages/themes.py")
    at.segmented_control(key="themes_view").set_value("Themes").run()
    pain, love = _theme(study, "Pain points"), _theme(study, "Product love")
    at.selectbox(key=f"theme_into_{pain}").set_value(love).run()
    delete_theme(study, WS, love)

    at.button(key=f"theme_merge_{pain}").click().run()

    assert not at.exception
    assert "That theme no longer exists" in _notices(at)
    assert _theme(study, "Pain points") == pain  # nothing merged


def test_an_edit_in_the_table_after_a_colleague_locked_the_board_says_so(
    study: Store, open_study
) -> None:
    at = open_study("pages/themes.py")
    at.segmented_control(key="themes_view").set_value("Table").run()
    before = study.load(WS).assignments
    set_locked(study, WS, True)  # a colleague starts the workshop

    at.session_state["theme_table_0_1"] = {
        "edited_rows": {0: {"theme": "Unassigned"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()

    assert not at.exception
    assert "The board is locked, so nothing was moved" in as_text(at.toast[0].value)
    assert len(study.load(WS).assignments) == len(before)  # nothing moved
    at.run()
    assert not at.toast  # the refused edit is not kept in the table to be sent again


def test_a_stale_undo_on_the_themes_page_keeps_a_colleagues_newer_move(
    study: Store, open_study
) -> None:
    love = _theme(study, "Product love")
    assign(study, WS, [Move("highlight:c1", ["c1"], love)], via="test")
    at = open_study("pages/themes.py")
    at.segmented_control(key="themes_view").set_value("Table").run()  # Undo: c1 to love
    undo_move(study, WS)  # a colleague undid it, then moved another card
    assign(study, WS, [Move("highlight:a1", ["a1"], love)], via="test")

    _button(at, "Undo").click().run()

    assert not at.exception
    assert "Nothing to undo" in _notices(at)
    themes = dict(
        zip(
            study.load(WS).assignments["highlight_id"],
            study.load(WS).assignments["theme_id"],
            strict=True,
        )
    )
    assert themes["a1"] == love  # the colleague's move stays


# -- Workshop and Insights --------------------------------------------------------------


def test_a_decision_on_an_insight_a_colleague_deleted_says_so(study: Store, open_study) -> None:
    at = open_study("pages/workshop.py")
    key = at.session_state["workshop_key"]
    assert key.startswith("theme:")
    delete_theme(study, WS, int(key.split(":")[1]))  # the insight on screen is gone

    at.radio[0].set_value("Act now")
    _button(at, "Record decision").click().run()

    assert not at.exception
    assert "no longer" in _notices(at)
    assert key not in set(study.load(WS).decisions["insight_key"])  # nothing saved for it


def test_a_vote_for_an_insight_a_colleague_deleted_says_so(study: Store, open_study) -> None:
    at = open_study("pages/workshop.py")
    key = at.session_state["workshop_key"]
    delete_theme(study, WS, int(key.split(":")[1]))

    click(at, ROOM_UP, workspace=WS)

    assert not at.exception
    assert "no longer" in _notices(at)
    assert key not in set(study.load(WS).votes["insight_key"])


def test_a_drill_down_decision_after_a_colleague_deleted_the_theme_says_so(
    study: Store, open_study
) -> None:
    at = open_study("pages/insights.py")
    at.session_state["insight_table_theme"] = {
        "selection": {"rows": [0], "columns": [], "cells": []}
    }
    at.run()
    themes = study.load(WS).themes.set_index("name")["id"]
    shown = next(as_text(s.value) for s in at.subheader if as_text(s.value) in themes)
    theme = int(themes[shown])  # the theme drilled into
    delete_theme(study, WS, theme)

    at.radio[0].set_value("Act now")
    _button(at, "Save decision").click().run()

    assert not at.exception
    assert "no longer" in _notices(at)
    assert f"theme:{theme}" not in set(study.load(WS).decisions["insight_key"])


# -- Workspaces --------------------------------------------------------------------------


def test_a_workspace_deleted_in_another_tab_is_said_and_the_sample_opens(
    study: Store, open_study
) -> None:
    at = open_study("pages/overview.py")
    delete_workspace(study, WS)  # a colleague deleted it

    at.run()

    assert not at.exception
    assert f"“{WS}” no longer exists" in _notices(at)
    assert at.sidebar.selectbox(key="workspace").value == SAMPLE_WORKSPACE
    assert at.query_params["workspace"] == SAMPLE_WORKSPACE


def test_a_click_made_for_a_deleted_workspace_is_not_applied_to_another(
    study: Store, open_study, app_url: str
) -> None:
    at = open_study("pages/dedupe.py")
    delete_workspace(study, WS)

    _button(at, "Group highlights").click().run()  # meant for the deleted study

    assert not at.exception
    assert "no longer exists" in _notices(at)
    assert Store(app_url).load(SAMPLE_WORKSPACE).clusters.empty  # the sample is untouched


def test_a_store_refusal_no_page_expected_is_a_message_not_a_traceback(
    study: Store, open_study, monkeypatch
) -> None:
    at = open_study("pages/overview.py")

    def deleted_meanwhile(data):  # between the sidebar's list and the page's read
        raise WorkspaceNotFound(WS)

    monkeypatch.setattr("insights.workspace_summary.summarize", deleted_meanwhile)
    at.run()

    assert not at.exception
    assert f"There is no workspace named “{WS}”" in _notices(at)

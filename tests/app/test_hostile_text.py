"""Hostile text in every field and in the address: every page shows it as the text it is.

Streamlit renders as Markdown every body, label, tab, expander, help tooltip, toast
and radio or segmented-control option; Plotly renders its own tags in chart labels.
These tests walk everything a page sends to the browser, except the fields shown as
plain text (selectbox options, text inputs, table cells, the board's data), and
look for hostile text that would act as markup (``MARKUP_SIGNS``). The browser test
(tests/e2e/test_hostile_journey.py) checks the same from the DOM and the network.
"""

from __future__ import annotations

import pytest
from bad_input import HOSTILE_TEXT
from hostile_study import make_hostile_study
from markup import as_text, markup_shown
from streamlit.testing.v1 import AppTest

from insights.store import Store
from insights.ui.text import md_escape


@pytest.fixture
def hostile(app_url: str) -> str:
    return make_hostile_study(Store(app_url))


@pytest.fixture
def at(new_app, hostile: str) -> AppTest:
    opened = new_app()
    opened.query_params["workspace"] = hostile
    opened.run()
    assert not opened.exception, opened.exception
    return opened


def _look(at: AppTest, where: str, problems: list[str]) -> None:
    assert not at.exception, (where, at.exception)
    problems += [f"{where}: {p}" for p in markup_shown(at)]


def _select_row(at: AppTest, key: str, row: int) -> None:
    at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()


def test_every_page_view_tab_and_expander_shows_hostile_text_as_text(
    at: AppTest, hostile: str
) -> None:
    problems: list[str] = []
    _look(at, "overview", problems)
    for page in ["import", "dedupe", "quotes", "export"]:
        at.switch_page(f"pages/{page}.py").run()
        _look(at, page, problems)
        if page == "dedupe":
            at.segmented_control(key="dedupe_show").set_value("All").run()
            _look(at, "dedupe, all groups", problems)

    at.switch_page("pages/themes.py").run()
    for view in ["Board", "Table", "Themes", "History"]:
        at.segmented_control(key="themes_view").set_value(view).run()
        _look(at, f"themes, {view}", problems)

    at.switch_page("pages/insights.py").run()
    _look(at, "insights", problems)
    _select_row(at, "insight_table_theme", 0)
    _look(at, "insights, a theme's drill-down", problems)
    at.segmented_control(key="insight_level").set_value("Groups within themes").run()
    for row in range(3):  # the groups: copied text, a reworded one, a suggested link
        _select_row(at, "insight_table_group", row)
        _look(at, f"insights, group {row}'s drill-down", problems)
    for shown in [c for c in at.segmented_control if c.label == "Show"]:  # one part at a time?
        for part in shown.options[1:]:
            at.segmented_control(key=shown.key).set_value(part).run()
            _look(at, f"insights, {part}", problems)

    at.switch_page("pages/workshop.py").run()
    _look(at, "workshop", problems)
    at.button(key="workshop_next").click().run()
    _look(at, "workshop, second insight", problems)

    assert not problems, "\n".join(problems)
    # and where Streamlit shows plain text, it is shown as typed, not escaped
    assert at.sidebar.selectbox(key="workspace").value == hostile


@pytest.mark.parametrize("page", ["insights", "workshop", "export"])
def test_a_hostile_link_shows_what_it_names_as_text(new_app, hostile: str, page: str) -> None:
    at = new_app()
    at.query_params["workspace"] = hostile
    link = "![x](http://hostile.test/p.png)[Session expired](http://hostile.test/phish)"
    for name in ("theme", "segment", "focus", "participant", "q", "from", "level"):
        at.query_params[name] = link
    at.run()
    at.switch_page(f"pages/{page}.py").run()

    assert not at.exception
    warning = next(w.value for w in at.warning if "names themes" in w.value)
    assert "names themes this workspace does not have" in warning
    assert md_escape("![x](http://hostile.test/p.png)") in warning
    assert not markup_shown(at), markup_shown(at)


def _theme_id(app_url: str, workspace: str, name: str) -> int:
    themes = Store(app_url).load(workspace).themes
    return int(themes.set_index("name").loc[name, "id"])


def test_messages_that_quote_a_name_show_it_as_text(
    at: AppTest, app_url: str, hostile: str
) -> None:
    at.switch_page("pages/themes.py").run()
    at.segmented_control(key="themes_view").set_value("Themes").run()
    name = HOSTILE_TEXT[1]
    form_name = next(t for t in at.text_input if t.label == "Name" and t.value == "")
    form_name.set_value(name)
    next(b for b in at.button if b.label == "Add theme").click().run()  # taken already

    assert not at.exception
    assert at.toast[0].value == md_escape(f"There is already a theme named “{name}”.")
    assert not markup_shown(at), markup_shown(at)

    pricing = _theme_id(app_url, hostile, "Pricing {Q3}")
    at.checkbox(key=f"theme_sure_{pricing}").check().run()
    at.button(key=f"theme_delete_{pricing}").click().run()

    assert not at.exception  # once a KeyError: '.format()' over the theme's name
    assert at.toast[0].value == md_escape(
        "Deleted “Pricing {Q3}”: its cards are back in Unassigned."
    )
    assert not markup_shown(at), markup_shown(at)


def test_an_import_of_hostile_headers_and_notes_shows_them_as_text(
    at: AppTest, app_url: str
) -> None:
    at.switch_page("pages/import.py").run()
    at.segmented_control(key="import_source").set_value("CSV or Excel file").run()
    header = HOSTILE_TEXT[0]
    rows = [f'"{header}",Who,Date']
    rows += [
        f'"{text} {n}","{who}",0{n + 1}/04/2026'
        for n, (text, who) in enumerate(zip(HOSTILE_TEXT, reversed(HOSTILE_TEXT), strict=True))
    ]
    at.file_uploader(key="upload").set_value(
        ("hostile.csv", "\n".join(rows).encode(), "text/csv")
    ).run()
    keys = [s.key for s in at.selectbox if s.key and s.key.startswith("map_highlights_")]
    at.selectbox(key=next(k for k in keys if "_text_" in k)).set_value(header).run()
    at.selectbox(key=next(k for k in keys if "_interview_date_" in k)).set_value("Date").run()

    assert not at.exception
    assert any(r.key and r.key.startswith("date_order_") for r in at.radio)  # it asks
    assert not markup_shown(at), markup_shown(at)

    at.radio(key=next(r.key for r in at.radio if r.key.startswith("date_order_"))).set_value(
        "day first"
    ).run()
    at.radio(key="import_target").set_value("A new workspace").run()
    new_name = "[Phish](http://hostile.test/new) {Q3}"
    at.text_input(key="import_new_name").set_value(new_name)
    next(b for b in at.button if b.label == "Import").click().run()

    assert not at.exception
    assert as_text(at.success[0].value).startswith(f"Imported into {new_name}: highlights 10 new")
    assert not markup_shown(at), markup_shown(at)
    assert len(Store(app_url).load(new_name).highlights) == 10


def test_toasts_and_tooltips_that_quote_a_name_show_it_as_text(
    at: AppTest, app_url: str, hostile: str
) -> None:
    at.switch_page("pages/themes.py").run()
    at.segmented_control(key="themes_view").set_value("Table").run()
    at.session_state["theme_table_0_1"] = {
        "edited_rows": {0: {"pick": True}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    target = HOSTILE_TEXT[3]
    at.selectbox(key="bulk_target").set_value(target).run()  # plain text: as typed
    next(b for b in at.button if b.label == "Assign 1 picked").click().run()

    assert not at.exception
    assert as_text(at.toast[0].value).endswith(f"moved to {target}.")
    undo = next(b for b in at.button if b.label == "Undo")
    assert target in as_text(undo.help)  # the tooltip names it, escaped
    assert not markup_shown(at), markup_shown(at)

    next(b for b in at.sidebar.button if b.label == "New workspace…").click().run()
    name = HOSTILE_TEXT[0]
    at.text_input(key="new_workspace_name").set_value(name)
    next(b for b in at.button if b.label == "Create").click().run()

    assert not at.exception
    assert at.toast[0].value == md_escape(f"Created the workspace “{name}”.")
    assert not markup_shown(at), markup_shown(at)

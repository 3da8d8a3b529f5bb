"""app.py and the Overview page, driven by Streamlit's AppTest."""

from __future__ import annotations

import pandas as pd
from markup import as_text
from small_study import row
from streamlit.testing.v1 import AppTest

from insights import schema
from insights.importing import run_import
from insights.ingest import ImportFrames
from insights.model import SAMPLE_WORKSPACE
from insights.store import Store
from insights.workspaces import create_workspace


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _button(block, label: str):
    return next(b for b in block.button if b.label == label)


def test_the_app_opens_on_the_sample_study(app: AppTest) -> None:
    assert _metrics(app) == {
        "Highlights": "285",
        "Interviews": "22",
        "Participants": "20",
        "Themes": "4",
        "Groups": "0",
        "Roadmap items": "26",
    }
    assert app.sidebar.selectbox(key="workspace").value == SAMPLE_WORKSPACE
    assert (
        app.query_params["workspace"] == [SAMPLE_WORKSPACE]
        or app.query_params["workspace"] == SAMPLE_WORKSPACE
    )
    links = [link.label for link in app.page_link]
    assert "285 highlights not yet in a theme." in links  # a link to the Themes page
    assert any(label.startswith("Group repeated feedback") for label in links)
    assert "Last import:" in " ".join(m.value for m in app.markdown)


def _create(app: AppTest, name: str) -> None:
    """New workspace… in the sidebar, then the name in the dialog, then Create."""
    _button(app.sidebar, "New workspace…").click().run()
    app.text_input(key="new_workspace_name").set_value(name)
    _button(app, "Create").click().run()


def test_creating_a_workspace_opens_it_empty(app: AppTest) -> None:
    _create(app, "Spring 2026")

    assert not app.exception
    assert app.sidebar.selectbox(key="workspace").value == "Spring 2026"
    assert _metrics(app)["Highlights"] == "0"
    assert _metrics(app)["Themes"] == "4"  # the seed themes
    assert "no highlights yet" in as_text(app.info[0].value)
    assert as_text(app.toast[0].value) == "Created the workspace “Spring 2026”."
    assert not [b for b in app.button if b.label == "Create"]  # the dialog closed


def test_a_duplicate_name_is_an_error_message_not_a_crash(app: AppTest) -> None:
    _create(app, SAMPLE_WORKSPACE)

    assert not app.exception
    assert "already exists" in as_text(app.error[0].value)
    assert app.sidebar.selectbox(key="workspace").value == SAMPLE_WORKSPACE


def test_switching_workspaces_shows_the_other_one(app: AppTest, app_url: str) -> None:
    create_workspace(Store(app_url), "Empty study")
    app.run()

    app.sidebar.selectbox(key="workspace").select("Empty study").run()

    assert _metrics(app)["Highlights"] == "0"
    assert app.query_params["workspace"] in ("Empty study", ["Empty study"])


def test_the_open_workspace_stays_open_when_its_count_changes(app: AppTest, app_url: str) -> None:
    """An import (or a colleague's) changes how many highlights a workspace holds: the
    count under the picker follows, and the workspace stays open. (The jump a browser
    made when the count was part of the picker's label is in the import journey.)"""
    store = Store(app_url)
    create_workspace(store, "Empty study")
    app.run()
    app.sidebar.selectbox(key="workspace").select("Empty study").run()
    rows = pd.DataFrame(
        [row("a1", "Shipping is slow", "Ann", "VIP", 1), row("b1", "Love it", "Bo", "VIP", 2)]
    )
    run_import(store, "Empty study", ImportFrames(rows, source="t", source_kind="csv"))

    app.run()  # the import page's rerun
    app.switch_page("pages/dedupe.py").run()  # the next click: another page

    assert not app.exception
    assert app.sidebar.selectbox(key="workspace").value == "Empty study"
    assert "no longer exists" not in " | ".join(as_text(t.value) for t in app.toast)
    assert "Holds 2 highlights." in [c.value for c in app.sidebar.caption]


def test_a_link_with_a_workspace_opens_that_workspace(app_url: str, new_app) -> None:
    create_workspace(Store(app_url), "Shared study")
    at = new_app()
    at.query_params["workspace"] = "Shared study"
    at.run()

    assert at.sidebar.selectbox(key="workspace").value == "Shared study"
    assert _metrics(at)["Highlights"] == "0"


def test_a_link_to_a_workspace_the_server_lacks_says_so_and_opens_the_sample(
    app_url: str, new_app
) -> None:
    at = new_app()
    at.query_params["workspace"] = "Q3 stuyd"  # a typo in a shared link
    at.run()

    assert not at.exception
    said = " | ".join(as_text(n.value) for n in [*at.toast, *at.warning])
    assert "No workspace “Q3 stuyd” here (renamed, deleted, or a cut link)" in said
    assert "deleted it, perhaps in another tab" not in said  # it was never open here
    assert at.sidebar.selectbox(key="workspace").value == SAMPLE_WORKSPACE


def test_reset_asks_first_then_restores_the_sample(app: AppTest, app_url: str) -> None:
    store = Store(app_url)
    with store.action(SAMPLE_WORKSPACE, "test.remove") as act:
        act.conn.execute(schema.highlights.delete().where(schema.highlights.c.id == "H001"))
    app.run()
    assert _metrics(app)["Highlights"] == "284"

    _button(app.sidebar, "Reset this sample…").click().run()
    _button(app, "Cancel").click().run()
    assert _metrics(app)["Highlights"] == "284"  # cancelled: nothing changed

    _button(app.sidebar, "Reset this sample…").click().run()
    _button(app, "Reset the sample").click().run()
    assert _metrics(app)["Highlights"] == "285"
    assert [as_text(t.value) for t in app.toast] == ["Sample study reset: 285 highlights."]


def test_delete_needs_the_name_typed(app: AppTest, app_url: str) -> None:
    create_workspace(Store(app_url), "Old study")
    app.run()
    app.sidebar.selectbox(key="workspace").select("Old study").run()

    _button(app.sidebar, "Delete workspace…").click().run()
    assert _button(app, "Delete for good").disabled
    app.text_input(key="confirm_delete_name").set_value("Old study").run()
    _button(app, "Delete for good").click().run()

    assert not app.exception
    assert not Store(app_url).has_workspace("Old study")
    assert app.sidebar.selectbox(key="workspace").value == SAMPLE_WORKSPACE


def test_an_unreachable_database_is_a_message(monkeypatch, new_app) -> None:
    monkeypatch.setenv("INSIGHTS_DATABASE_URL", "postgresql+nosuchdriver://user:s3cret@db/x")
    at = new_app().run()

    assert not at.exception
    message = as_text(at.error[0].value)
    assert "could not be opened" in message and "INSIGHTS_DATABASE_URL" in message
    assert "s3cret" not in message  # never show a password


def test_a_store_from_a_newer_release_is_a_message(app_url: str, new_app) -> None:
    store = Store(app_url)
    with store.writing() as conn:
        conn.execute(
            schema.schema_info.update()
            .where(schema.schema_info.c.key == "schema_version")
            .values(value="99")
        )
    at = new_app().run()

    assert not at.exception
    assert "newer release" in as_text(at.error[0].value)

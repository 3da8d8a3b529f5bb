"""Notes that are not feedback, as the pages show them: counted on the Overview, listed and
overruled on Deduplicate, hidden on Themes until asked for."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from insights.feedback_marks import FEEDBACK, FEEDBACK_MARKS
from insights.importing import run_import
from insights.ingest import ImportFrames
from insights.store import Store
from insights.workspaces import create_workspace

WS = "Support queue"


def _row(hid: str, text: str, who: str) -> dict:
    return {
        "id": hid,
        "text": text,
        "participant": who,
        "segment": "VIP",
        "focus": "Product",
        "interview_date": date(2026, 3, 1),
        "interviewer": "",
        "source_url": "",
        "source_row": 2,
        "extra": {},
    }


@pytest.fixture
def at(app_url: str, new_app) -> AppTest:
    store = Store(app_url)
    create_workspace(store, WS)
    rows = [_row("t1", "thanks!", "Ann"), _row("t2", "@shop ok", "Bo"), _row("t3", "?", "Cy")]
    rows += [_row("c1", "The app crashes at checkout", "Dee")]
    run_import(store, WS, ImportFrames(pd.DataFrame(rows), source="t", source_kind="csv"))
    opened = new_app()
    opened.query_params["workspace"] = WS
    opened.run()
    assert not opened.exception, opened.exception
    return opened


def test_the_overview_says_how_many_notes_are_not_feedback(at: AppTest) -> None:
    assert any("3 highlights are not feedback" in c.value for c in at.caption)


def test_deduplicate_lists_them_and_a_person_can_count_one_as_feedback(
    at: AppTest, app_url: str
) -> None:
    at.switch_page("pages/dedupe.py").run()
    assert not at.exception
    assert any(e.label == "Not feedback: 3 highlights" for e in at.expander)
    # Untick "thanks!" (row 0 in the listed order) and save.
    at.session_state["dedupe_feedback_table"] = {
        "edited_rows": {0: {"Not feedback": False}},
        "added_rows": [],
        "deleted_rows": [],
    }
    next(b for b in at.button if b.label == "Save marks").click().run()
    assert not at.exception
    marks = Store(app_url).load(WS).info.settings[FEEDBACK_MARKS]
    assert marks == {"t1": FEEDBACK}  # "thanks!", the first listed
    assert any(e.label == "Not feedback: 2 highlights" for e in at.expander)


def test_themes_hide_them_until_asked(at: AppTest) -> None:
    at.switch_page("pages/themes.py").run()
    assert not at.exception
    assert any("Hiding 3 notes that are not feedback" in c.value for c in at.caption)
    at.toggle(key="filter_not_feedback").set_value(True).run()
    assert not at.exception
    assert not any("Hiding" in c.value for c in at.caption)

"""Every page, on a study of one of everything, says "1 participant", never "1 participants"."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from insights.decisions import set_decision, set_votes
from insights.grouping import add_accepted_group
from insights.importing import run_import
from insights.ingest import ImportFrames
from insights.store import Store
from insights.theme_assignment import Move, assign
from insights.workspaces import create_workspace

WS = "One of each"
PAGES = ["overview", "import", "dedupe", "themes", "insights", "workshop", "quotes", "export"]
WRONG = re.compile(
    r"\b1 (participants|themes|groups|highlights|mentions|cards|segments|insights|votes|"
    r"quotes|decisions|items|roadmap items|points|repeated points|people|voices|interviews|"
    r"choices)\b"
)


@pytest.fixture
def one_of_each(app_url: str) -> None:
    store = Store(app_url)
    create_workspace(store, WS)
    frame = pd.DataFrame(
        {
            "id": ["A1", "A2"],
            "text": ["Shipping costs too much", "Shipping is far too expensive for me"],
            "participant": ["Ann", "Ann"],
            "segment": ["One-time buyer", "One-time buyer"],
            "focus": ["Customer", "Customer"],
            "interview_date": [date(2026, 3, 2), date(2026, 3, 2)],
            "interviewer": "Dana",
            "source_url": "",
            "source_row": [2, 3],
            "extra": [{}, {}],
        }
    )
    run_import(store, WS, ImportFrames(frame, source="notes.csv", source_kind="csv"))
    with store.action(WS, "groups.accept") as act:
        cluster = add_accepted_group(act, ["A1", "A2"], "Shipping costs too much")
        act.record("test")
    pain = int(store.load(WS).themes.set_index("name").loc["Pain points", "id"])
    assign(store, WS, [Move(f"cluster:{cluster}", ["A1", "A2"], pain)], via="test")
    set_votes(store, WS, f"cluster:{cluster}", 1)
    set_decision(store, WS, f"cluster:{cluster}", "Act now", "One decision.")


def _texts(at: AppTest) -> list[str]:
    found = []
    for kind in ("markdown", "caption", "info", "warning", "success", "error", "subheader"):
        found += [e.value for e in getattr(at, kind)]
    found += [m.label + " " + str(m.value) for m in at.metric]
    found += [e.label for e in at.expander] + [t.label for t in at.tabs]
    found += [b.label for b in at.button]
    found += [bar.proto.text for bar in at.get("progress")]  # the Overview's count bars
    return found


@pytest.mark.parametrize("page", PAGES)
def test_one_of_each_is_said_in_the_singular(one_of_each, new_app, page: str) -> None:
    at = new_app()
    at.query_params["workspace"] = WS
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    if page == "insights":  # the group level and its drill-down too
        at.segmented_control(key="insight_level").set_value("Groups within themes").run()
        at.session_state["insight_table_group"] = {
            "selection": {"rows": [0], "columns": [], "cells": []}
        }
        at.run()
    assert not at.exception, at.exception
    wrong = [t for t in _texts(at) if WRONG.search(t.replace("\\", "").replace("*", ""))]
    assert wrong == []

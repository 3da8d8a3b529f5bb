"""The Insights page: filters and the address, drill-down, decisions, severity, links, weights."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from insights.model import SAMPLE_WORKSPACE
from insights.prioritize import evidence
from insights.store import Store


def _open(new_app, query: dict | None = None) -> AppTest:
    at = new_app()
    at.query_params["workspace"] = SAMPLE_WORKSPACE
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/insights.py").run()
    assert not at.exception, at.exception
    return at


def _table(at: AppTest):
    return next(d for d in at.dataframe if "Score" in d.value.columns).value


def _summary(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "in view ·" in m.value)


def test_the_page_ranks_the_themes(sorted_sample, new_app) -> None:
    at = _open(new_app)
    table = _table(at)
    assert table["Insight"].tolist()[0] == "Pain points"
    assert set(table["Insight"]) == {
        "Pain points",
        "Product love",
        "Marketing & brand",
        "Customer behaviors",
    }
    assert _summary(at).startswith("**285 highlights** from **20 participants** in view")
    assert any("Priority (0–100) is a weighted average" in c.value for c in at.caption)


def test_a_link_with_filters_opens_the_same_view(sorted_sample, new_app) -> None:
    at = _open(new_app, {"theme": ["Pain points"], "segment": ["VIP repeat buyer"], "q": "pump"})

    assert at.multiselect(key="f_themes").value == ["Pain points"]
    assert at.multiselect(key="f_segments").value == ["VIP repeat buyer"]
    assert at.text_input(key="f_text").value == "pump"
    assert _table(at)["Insight"].tolist() == ["Pain points"]
    assert _summary(at).startswith("**4 highlights** from **5 participants** in view")


def test_changing_a_filter_rewrites_the_address(sorted_sample, new_app) -> None:
    at = _open(new_app)
    at.multiselect(key="f_segments").set_value(["Sale-only shopper"]).run()

    assert at.query_params["segment"] in ("Sale-only shopper", ["Sale-only shopper"])
    assert at.query_params["workspace"] in (SAMPLE_WORKSPACE, [SAMPLE_WORKSPACE])
    assert "from **5 participants**" in _summary(at)
    at.multiselect(key="f_segments").set_value([]).run()
    assert "segment" not in at.query_params


def test_an_unknown_theme_in_a_link_is_said_and_left_out(sorted_sample, new_app) -> None:
    at = _open(new_app, {"theme": ["Pain points", "Old theme"]})
    assert "does not have (Old theme)" in at.warning[0].value
    assert at.multiselect(key="f_themes").value == ["Pain points"]


def _select_first_row(at: AppTest) -> None:
    picked = at.segmented_control(key="insight_level").value
    level = "group" if picked == "Groups within themes" else "theme"
    at.session_state[f"insight_table_{level}"] = {
        "selection": {"rows": [0], "columns": [], "cells": []}
    }
    at.run()


def test_a_row_opens_its_quotes_and_a_decision_is_saved(sorted_sample, new_app, app_url) -> None:
    at = _open(new_app)
    _select_first_row(at)

    quotes = next(d for d in at.dataframe if "Quote" in d.value.columns).value
    assert len(quotes) == _table(at).iloc[0]["Mentions"]
    assert quotes["Recording"].str.startswith("https://recordings.fernandfoam.example/").all()

    at.radio[0].set_value("Act now")
    at.text_area[0].set_value("Test a $35 free-shipping threshold")
    next(b for b in at.button if b.label == "Save decision").click().run()

    saved = Store(app_url).load(SAMPLE_WORKSPACE).decisions.iloc[0]
    assert (saved["decision"], saved["note"]) == ("Act now", "Test a $35 free-shipping threshold")
    assert _table(at).iloc[0]["Decision"] == "Act now"


def test_severity_changes_the_score(sorted_sample, new_app, app_url) -> None:
    at = _open(new_app)
    at.segmented_control(key="insight_level").set_value("Groups within themes").run()
    _select_first_row(at)
    before = _table(at).iloc[0]["Score"]
    next(s for s in at.slider if s.label == "Severity or impact").set_value(5)
    next(b for b in at.button if b.label == "Save severity").click().run()

    assert Store(app_url).load(SAMPLE_WORKSPACE).insight_ratings.iloc[0]["severity"] == 5
    assert _table(at)["Score"].max() > before


def test_a_roadmap_link_added_by_hand_moves_it_to_aligned(sorted_sample, new_app, app_url) -> None:
    at = _open(new_app)
    _select_first_row(at)
    items = Store(app_url).load(SAMPLE_WORKSPACE).roadmap_items.set_index("item")["id"]
    picker = next(s for s in at.selectbox if s.label == "Link to a roadmap item")
    picker.set_value(items["Lower the free-shipping threshold"]).run()
    next(b for b in at.button if b.label == "Link").click().run()

    assert any(t.label == "Aligned (1)" for t in at.tabs)
    assert any("Lower the free\\-shipping threshold" in m.value for m in at.markdown)


def test_weights_are_adjusted_and_saved(sorted_sample, new_app, app_url) -> None:
    at = _open(new_app)
    at.slider(key="weight_votes").set_value(0.0)
    at.slider(key="weight_recency").set_value(0.5)
    next(b for b in at.button if b.label == "Save weights").click().run()

    saved = Store(app_url).load(SAMPLE_WORKSPACE).info.settings["priority_weights"]
    assert (saved["votes"], saved["recency"]) == (0.0, 0.5)
    assert any(
        "how recent its interviews are within the study (42%)" in c.value for c in at.caption
    )


def test_nothing_matching_says_to_loosen_the_filters(sorted_sample, new_app) -> None:
    at = _open(new_app, {"q": "zzzz-no-such-word"})
    assert "Nothing matches these filters" in at.warning[0].value


def test_highlights_outside_themes_are_counted_with_a_link_to_sort_them(
    sorted_sample: Store, new_app
) -> None:
    unthemed = int(evidence(sorted_sample.load(SAMPLE_WORKSPACE))["theme_id"].isna().sum())
    at = _open(new_app)

    assert unthemed > 0
    assert any(
        c.value == f"{unthemed} highlights in view are not in a theme yet, so in no theme insight."
        for c in at.caption
    )
    assert "Sort them into themes" in [link.label for link in at.page_link]

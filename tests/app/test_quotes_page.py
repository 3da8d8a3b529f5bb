"""The Quote bank page: add highlights, track consent and attribution, filter, remove."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from insights.model import SAMPLE_WORKSPACE
from insights.quote_bank import bank
from insights.store import Store

PAGE = "pages/quotes.py"


def _bank(app_url: str):
    store = Store(app_url)
    try:
        return bank(store.load(SAMPLE_WORKSPACE)).set_index("highlight_id")
    finally:
        store.close()


def _editor_key(at: AppTest) -> str:
    return next(k for k in at.session_state if str(k).startswith("quote_editor_"))


def test_the_sample_bank_is_counted_by_consent(app, open_page) -> None:
    at = open_page(PAGE)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "In the bank": "8",
        "Not asked": "1",
        "Requested": "2",
        "Granted": "4",
        "Declined": "1",
    }


def _editor(at: AppTest):
    return next(d for d in at.dataframe if str(d.key).startswith("quote_editor_")).value


def test_the_bank_filters_by_consent(app, open_page) -> None:
    at = open_page(PAGE)
    assert len(_editor(at)) == 8

    at.segmented_control(key="quote_filter").set_value("declined").run()

    shown = _editor(at)
    assert list(shown["consent"]) == ["declined"]
    assert list(shown["attributed_to"]) == ["Anonymous VIP repeat buyer"]
    at.segmented_control(key="quote_filter").set_value("granted").run()
    assert set(_editor(at)["consent"]) == {"granted"} and len(_editor(at)) == 4


def test_a_filtered_table_edits_the_right_quote(app, app_url, open_page) -> None:
    at = open_page(PAGE, {})
    at.segmented_control(key="quote_filter").set_value("requested").run()
    target = _editor(at)["highlight_id"].iloc[1]
    at.session_state[_editor_key(at)] = {
        "edited_rows": {1: {"consent": "granted"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    after = _bank(app_url)
    assert after.loc[target, "consent"] == "granted"
    assert (after["consent"] == "granted").sum() == 5  # nothing else changed


def test_highlights_are_found_and_added(app, app_url, open_page) -> None:
    at = open_page(PAGE)
    at.text_input(key="quote_search").input("refill").run()
    key = next(k for k in at.session_state if str(k).startswith("quote_candidates_"))
    at.session_state[key] = {"selection": {"rows": [0, 1], "columns": [], "cells": []}}
    at.run()
    at.selectbox(key="quote_new_consent").set_value("requested")
    at.button(key="quote_add").click().run()

    found = _bank(app_url)
    assert len(found) == 10
    added = found[found["text"].str.contains("refill", case=False)]
    assert len(added) >= 2 and set(added["consent"]) >= {"requested"}
    assert not at.exception


def test_consent_attribution_and_notes_are_edited_in_the_table(app, app_url, open_page) -> None:
    at = open_page(PAGE)
    before = _bank(app_url)
    first = before.index[0]  # the editor lists the bank in the same order
    at.session_state[_editor_key(at)] = {
        "edited_rows": {
            0: {"consent": "declined", "note": "changed her mind"},
            1: {"remove": True},
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()

    after = _bank(app_url)
    assert after.loc[first, "consent"] == "declined"
    assert after.loc[first, "note"] == "changed her mind"
    assert before.index[1] not in after.index
    assert not at.exception

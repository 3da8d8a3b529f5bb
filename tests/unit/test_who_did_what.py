"""Who did what: every event, decision, quote-bank change and saved session names its person."""

from __future__ import annotations

import pytest
from small_study import WS, make_study

from insights import dots, export_formats, people
from insights.decisions import set_decision
from insights.export_formats import to_csv
from insights.prioritize import prioritize
from insights.quote_bank import Consent, add, bank_edits, save_edits
from insights.sessions import last_session, save_session
from insights.store import Store
from insights.theme_assignment import Move, assign


@pytest.fixture
def study(store: Store) -> Store:
    return make_study(store)


def _theme_key(study: Store, name: str) -> str:
    return f"theme:{int(study.load(WS).themes.set_index('name').loc[name, 'id'])}"


def test_without_sign_in_every_event_is_yours(study: Store) -> None:
    set_decision(study, WS, _theme_key(study, "Pain points"), "Act now", "ship it")
    events = study.event_log(WS)
    assert set(events["actor"]) == {"you"}
    decided = study.load(WS).decisions.iloc[0]
    assert decided["decided_by"] == "you"


def test_a_named_person_is_recorded_on_events_decisions_quotes_and_sessions(study: Store) -> None:
    pain = _theme_key(study, "Pain points")
    with people.acting_as("dana@example.com"):
        assign(study, WS, [Move("highlight:c1", ["c1"], int(pain.split(":")[1]))], via="t")
        set_decision(study, WS, pain, "Act now", "ship it")
        add(study, WS, ["a1"], consent=Consent.REQUESTED)
        save_session(study, WS, "Workshop 1", {"ranking": {}, "votes": {}, "decisions": {}})
    with people.acting_as("bob@example.com"):
        dots.place_dot(study, WS, pain, "bob@example.com")

    events = study.event_log(WS)
    newest = events.iloc[0]
    assert (newest["action"], newest["actor"]) == ("insight.vote", "bob@example.com")
    for action in ("themes.assign", "insight.decide", "quotes.update", "workshop.save"):
        newest_of_kind = events[events["action"] == action].iloc[0]  # the study's own came first
        assert newest_of_kind["actor"] == "dana@example.com", action
    data = study.load(WS)
    assert data.decisions.set_index("insight_key").loc[pain, "decided_by"] == "dana@example.com"
    assert data.quote_bank.set_index("highlight_id").loc["a1", "updated_by"] == "dana@example.com"
    assert last_session(study, WS).saved_by == "dana@example.com"


def test_a_consent_change_names_the_person_who_made_it(study: Store) -> None:
    add(study, WS, ["a1"])
    entries = study.load(WS).quote_bank
    shown = entries.assign(remove=False)
    edited = shown.assign(consent=Consent.GRANTED)
    with people.acting_as("erin@example.com"):
        save_edits(study, WS, bank_edits(shown, edited))
    row = study.load(WS).quote_bank.set_index("highlight_id").loc["a1"]
    assert (row["consent"], row["updated_by"]) == (Consent.GRANTED, "erin@example.com")


def test_a_source_names_the_person_unless_a_block_names_another(study: Store) -> None:
    people.use_source(lambda: "alice@example.com")
    try:
        set_decision(study, WS, _theme_key(study, "Pain points"), "Inform our understanding")
        with people.acting_as("bob@example.com"):
            set_decision(study, WS, _theme_key(study, "Product love"), "Revisit later")
        people.use_source(lambda: None)  # nobody signed in: the single-user tool
        set_decision(study, WS, _theme_key(study, "Pain points"), "Act now")
    finally:
        people.use_source(None)
    actors = study.event_log(WS)["actor"].head(3).tolist()
    assert actors == ["you", "bob@example.com", "alice@example.com"]


def test_exports_say_who_decided_and_neutralise_it(study: Store) -> None:
    pain = _theme_key(study, "Pain points")
    with people.acting_as('=HYPERLINK("http://evil")@x.org'):
        set_decision(study, WS, pain, "Act now", "ship it")
    result = prioritize(study.load(WS))

    rows = export_formats.insight_rows(result)
    decided = rows.set_index("Decision").loc["Act now"]
    assert decided["Decided by"] == '=HYPERLINK("http://evil")@x.org'
    assert export_formats.decision_rows(result).iloc[0]["Decided by"].startswith("=HYPERLINK")
    csv = to_csv(rows).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv
    assert ",=HYPERLINK" not in csv and '"=HYPERLINK' not in csv

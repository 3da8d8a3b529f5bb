"""The quote bank's consent rules, case by case, and saved workshop sessions."""

from __future__ import annotations

import pandas as pd
import pytest
from small_study import ROWS, WS, make_study, row
from sorted_sample import sort_sample

from insights import export_formats, prioritize
from insights.decisions import set_decision, set_votes
from insights.importing import run_import
from insights.ingest import ImportFrames
from insights.model import SAMPLE_WORKSPACE
from insights.prioritize import GROUP, THEME
from insights.quote_bank import (
    Attribution,
    BankEdits,
    Consent,
    QuoteProblem,
    attributed,
    bank,
    mark,
    quotes_by_insight,
    save_edits,
    strongest_quotes,
    unmark,
)
from insights.quote_bank import (
    add as add_quotes,
)
from insights.quote_bank import (
    testimonials as exportable_testimonials,
)
from insights.sessions import (
    SessionProblem,
    changes_since,
    last_session,
    save_session,
    snapshot,
)
from insights.store import Store
from insights.theme_assignment import Move, assign
from insights.workspaces import ensure_sample, reset_sample


@pytest.fixture
def study(store: Store) -> Store:
    return make_study(store)


def _everything_exported(store: Store) -> str:
    """Every export of the workspace, as one text to search."""
    result = prioritize.prioritize(store.load(WS), level=GROUP)
    themes = prioritize.prioritize(store.load(WS), level=THEME)
    frames = [
        export_formats.insight_rows(result),
        export_formats.insight_rows(themes),
        export_formats.highlight_rows(result),
        export_formats.quote_rows(result.data),
        export_formats.gap_rows(result),
        export_formats.decision_rows(result),
    ]
    return "\n".join(f.to_csv(index=False) for f in frames) + export_formats.to_markdown(result, WS)


# -- consent, case by case -----------------------------------------------------------------


def test_a_declined_quote_is_never_exported_as_a_testimonial(study: Store) -> None:
    # c1 is the lid: Eve's only highlight, the one quote of its insight
    mark(study, WS, "c1", consent=Consent.DECLINED, attribution=Attribution.FULL_NAME)
    data = study.load(WS)

    assert "c1" in set(bank(data)["highlight_id"])  # the team still sees it in the bank
    assert "c1" not in set(exportable_testimonials(data)["highlight_id"])
    assert "The lid is hard to open" not in set(export_formats.quote_rows(data)["Quote"])
    result = prioritize.prioritize(data, level=GROUP)
    lid = export_formats.insight_rows(result).set_index("Insight").loc["The lid is hard to open"]
    assert (lid["Quote 1"], lid["Quote 2"], lid["Quote 3"]) == ("", "", "")
    markdown = export_formats.to_markdown(result, WS)
    assert "“The lid is hard to open”" not in markdown


def test_a_declined_quote_gives_way_to_another_voice(study: Store) -> None:
    mark(study, WS, "a1", consent=Consent.DECLINED)
    data = study.load(WS)
    seen = prioritize.prioritize(data).seen
    key = seen.set_index("id").loc["a1", "group_key"]

    quotes = strongest_quotes(seen, key, data)

    assert quotes  # Bo and Cy said it too
    assert all(text != "Shipping is too expensive" for text, _ in quotes)


def test_an_anonymous_quote_never_carries_the_name(study: Store) -> None:
    mark(study, WS, "c1", consent=Consent.GRANTED, attribution=Attribution.ANONYMOUS)

    exported = _everything_exported(study)

    assert "The lid is hard to open" in exported
    assert "Eve" not in exported  # c1 is Eve's only highlight
    assert "Anonymous Sale" in exported


def test_first_name_and_segment_shows_only_the_first_name(store: Store) -> None:
    rows = [*ROWS[:-2], row("c1", "The lid is hard to open", "Eve Marsh", "Sale", 10), ROWS[-1]]
    make_study(store, rows)
    mark(store, WS, "c1", consent=Consent.GRANTED, attribution=Attribution.FIRST_NAME)

    exported = _everything_exported(store)

    assert "Eve, Sale" in exported
    assert "Marsh" not in exported


def test_full_name_is_shown_when_agreed(study: Store) -> None:
    mark(study, WS, "c1", consent=Consent.GRANTED, attribution=Attribution.FULL_NAME)
    rows = export_formats.quote_rows(study.load(WS))
    assert rows.set_index("Quote").loc["The lid is hard to open", "Attributed to"] == "Eve, Sale"
    assert attributed("Eve Marsh", "Sale", Attribution.FULL_NAME) == "Eve Marsh, Sale"
    assert attributed("", "Sale", Attribution.FULL_NAME) == "Anonymous Sale"


@pytest.mark.parametrize(
    ("consent", "usable"),
    [
        (Consent.NOT_ASKED, "not yet"),
        (Consent.REQUESTED, "not yet"),
        (Consent.GRANTED, "yes"),
    ],
)
def test_only_granted_quotes_are_marked_usable(study: Store, consent: str, usable: str) -> None:
    mark(study, WS, "b4", consent=consent, attribution=Attribution.FULL_NAME)
    rows = export_formats.quote_rows(study.load(WS))
    assert rows.set_index("Quote").loc["Unscented please", "Usable as testimonial"] == usable


def test_granted_testimonials_come_first_among_an_insights_quotes(study: Store) -> None:
    data = study.load(WS)
    seen = prioritize.prioritize(data).seen
    theme_key = "theme:" + str(int(seen.set_index("id").loc["c1", "theme_id"]))
    before = strongest_quotes(seen, theme_key, data)
    assert before[0][0] != "The lid is hard to open"  # a lone voice, not first on its own

    mark(study, WS, "c1", consent=Consent.GRANTED, attribution=Attribution.FULL_NAME)
    data = study.load(WS)
    after = strongest_quotes(prioritize.prioritize(data).seen, theme_key, data)

    assert after[0] == ("The lid is hard to open", "Eve, Sale")
    assert len({who for _, who in after}) == len(after)  # one quote per person


def test_the_bank_filters_by_consent_and_forgets_removed_entries(study: Store) -> None:
    mark(study, WS, "a1", consent=Consent.GRANTED, note="  homepage  ")
    mark(study, WS, "b4", consent=Consent.REQUESTED)
    mark(study, WS, "a1", consent=Consent.GRANTED, attribution=Attribution.FULL_NAME)
    data = study.load(WS)

    assert list(bank(data, Consent.GRANTED)["highlight_id"]) == ["a1"]
    assert list(bank(data, Consent.REQUESTED)["highlight_id"]) == ["b4"]
    entry = bank(data).set_index("highlight_id").loc["a1"]
    assert (entry["attribution"], entry["note"]) == ("full name", "")  # the note was changed too

    unmark(study, WS, "a1")
    assert list(bank(study.load(WS))["highlight_id"]) == ["b4"]


def test_bad_consent_or_an_unknown_highlight_is_refused_and_changes_nothing(study: Store) -> None:
    with pytest.raises(QuoteProblem, match="not a consent status"):
        mark(study, WS, "a1", consent="maybe")
    with pytest.raises(QuoteProblem, match="not a way to name"):
        mark(study, WS, "a1", attribution="nickname")
    with pytest.raises(QuoteProblem, match="not in this workspace"):
        mark(study, WS, "nope")
    assert bank(study.load(WS)).empty


def test_a_batch_with_one_bad_entry_saves_none_of_it(study: Store) -> None:
    with pytest.raises(QuoteProblem, match="not a consent status"):
        add_quotes(study, WS, ["a1", "b1"], consent="maybe")
    mark(study, WS, "a1")
    edits = BankEdits(
        updates=[
            {
                "highlight_id": "a1",
                "consent": Consent.GRANTED,
                "attribution": "anonymous",
                "note": "",
            },
            {
                "highlight_id": "b1",
                "consent": Consent.GRANTED,
                "attribution": "nickname",
                "note": "",
            },
        ],
        removals=[],
    )
    with pytest.raises(QuoteProblem, match="not a way to name"):
        save_edits(study, WS, edits)
    saved = bank(study.load(WS))
    assert saved["highlight_id"].tolist() == ["a1"]
    assert saved["consent"].tolist() == [Consent.NOT_ASKED]


def test_a_removed_highlight_leaves_the_bank(study: Store) -> None:
    mark(study, WS, "x1", consent=Consent.GRANTED)  # x1 was removed from the source
    assert bank(study.load(WS)).empty


def test_the_sample_study_starts_its_quote_bank_with_every_consent(store: Store) -> None:
    ensure_sample(store)
    found = bank(store.load(SAMPLE_WORKSPACE))
    assert set(found["consent"]) == {c.value for c in Consent}
    assert set(found["attribution"]) == {a.value for a in Attribution}

    unmark(store, SAMPLE_WORKSPACE, found["highlight_id"].iloc[0])
    reset_sample(store)
    assert len(bank(store.load(SAMPLE_WORKSPACE))) == len(found)


# -- sessions --------------------------------------------------------------------------------


def _state(store: Store) -> dict:
    result = prioritize.prioritize(store.load(WS))
    return snapshot(result.data, result.themes, result.groups)


def test_a_session_needs_a_name(study: Store) -> None:
    with pytest.raises(SessionProblem, match="name"):
        save_session(study, WS, "   ", _state(study))
    assert last_session(study, WS) is None


def test_nothing_changed_right_after_saving(study: Store) -> None:
    save_session(study, WS, "Synthesis 1", _state(study))
    saved = last_session(study, WS)
    assert saved is not None and saved.name == "Synthesis 1"
    assert not changes_since(saved.snapshot, _state(study)).any


def test_changes_since_the_last_session(study: Store) -> None:
    first_theme = prioritize.prioritize(study.load(WS)).themes["key"].iloc[0]
    set_decision(study, WS, first_theme, "Inform our understanding", "tell support")
    save_session(study, WS, "Synthesis 1", _state(study))
    save_session(study, WS, "Synthesis 2", _state(study))
    saved = last_session(study, WS)
    assert saved is not None and saved.name == "Synthesis 2"

    # a card moves theme, a decision changes, votes move the ranking, a highlight arrives
    data = study.load(WS)
    themes = data.themes.set_index("name")["id"]
    assign(study, WS, [Move("highlight:c1", ["c1"], int(themes["Product love"]))], via="t")
    keys = prioritize.prioritize(data).themes["key"].tolist()
    set_decision(study, WS, keys[0], "Act now", "")
    set_decision(study, WS, keys[-1], "Revisit later", "after Q3")
    set_votes(study, WS, keys[-1], 40)
    run_import(
        study,
        WS,
        ImportFrames(
            pd.DataFrame([row("d1", "Ship to lockers please", "Fay", "VIP", 12)]),
            source="second batch",
            source_kind="csv",
        ),
    )

    changes = changes_since(saved.snapshot, _state(study))

    assert changes.new_highlights == ["d1"]
    assert changes.moved == [("c1", "Pain points", "Product love")]
    assert {key for key, *_ in changes.rank_changes} == set(keys[:2])  # the two themes swapped
    assert sorted(changes.decision_changes) == sorted(
        [
            (keys[0], "Inform our understanding — tell support", "Act now"),  # changed
            (keys[-1], "", "Revisit later — after Q3"),  # new
        ]
    )
    assert changes.any


@pytest.mark.parametrize("by_theme", [True, False])
def test_all_quotes_at_once_are_each_insights_quotes(store: Store, by_theme: bool) -> None:
    """The one-pass version used by exports gives what the workshop shows insight by insight."""
    sort_sample(store)
    mark(store, SAMPLE_WORKSPACE, "H017", consent=Consent.DECLINED)
    data = store.load(SAMPLE_WORKSPACE)
    result = prioritize.prioritize(data, level=THEME if by_theme else GROUP)
    everything = quotes_by_insight(result.seen, data, by_theme=by_theme)

    for key in result.ranked["key"]:
        assert everything.get(key, []) == strongest_quotes(result.seen, key, data)

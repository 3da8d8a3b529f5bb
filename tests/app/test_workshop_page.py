"""The Workshop page: one insight at a time, votes, lock, timer, decisions, sessions."""

from __future__ import annotations

import pandas as pd
import pytest
from fake_clicks import click
from streamlit.testing.v1 import AppTest

from insights import prioritize
from insights.grouping import compute_merges, eligible, save_grouping
from insights.importing import run_import
from insights.ingest import ImportFrames
from insights.model import SAMPLE_WORKSPACE
from insights.sessions import last_session
from insights.store import Store
from insights.theme_assignment import BoardLocked, Move, assign
from insights.ui.vote_buttons import ROOM_DOWN, ROOM_UP
from insights.workspaces import ensure_sample

PAGE = "pages/workshop.py"


def _heading(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("## "))


def _position(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Insight "))


def _ranked(store: Store):
    return prioritize.prioritize(store.load(SAMPLE_WORKSPACE)).themes


def test_it_steps_through_the_themes_in_priority_order(sorted_sample: Store, open_page) -> None:
    ranked = _ranked(sorted_sample)
    at = open_page(PAGE)

    assert _position(at) == f"**Insight 1 of {len(ranked)}**"
    assert ranked["title"].iloc[0] in _heading(at).replace("\\", "")
    assert at.button(key="workshop_previous").disabled

    at.button(key="workshop_next").click().run()
    assert _position(at) == f"**Insight 2 of {len(ranked)}**"
    assert ranked["title"].iloc[1] in _heading(at).replace("\\", "")
    at.button(key="workshop_previous").click().run()
    assert _position(at) == f"**Insight 1 of {len(ranked)}**"

    at.selectbox(key="workshop_jump").set_value(ranked["key"].iloc[-1]).run()
    assert _position(at) == f"**Insight {len(ranked)} of {len(ranked)}**"
    assert at.button(key="workshop_next").disabled


def test_counts_badge_roadmap_and_quotes_are_shown(sorted_sample: Store, open_page) -> None:
    first = _ranked(sorted_sample).iloc[0]
    at = open_page(PAGE)

    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Participants"] == str(first["participants"])
    assert metrics["Mentions"] == str(first["mentions"])
    assert any(m.value.startswith("**Roadmap:**") for m in at.markdown)
    quotes = [m.value for m in at.markdown if m.value.startswith("> “")]
    assert 1 <= len(quotes) <= 3


def test_votes_are_recorded_and_the_room_stays_on_its_insight(
    sorted_sample: Store, open_page
) -> None:
    ranked = _ranked(sorted_sample)
    at = open_page(PAGE)
    at.selectbox(key="workshop_jump").set_value(ranked["key"].iloc[-1]).run()
    last = ranked.iloc[-1]  # 9 people, one fewer than the theme above it

    for _ in range(12):  # enough dots to lift it over a theme with a few more people
        click(at, ROOM_UP)

    votes = sorted_sample.load(SAMPLE_WORKSPACE).votes.set_index("insight_key")["votes"]
    assert int(votes[last["key"]]) == 12
    now = _ranked(sorted_sample)["key"].tolist()
    assert now.index(last["key"]) == len(ranked) - 2  # it now ranks one place higher
    assert last["title"] in _heading(at).replace("\\", "")  # and it is still on screen
    assert _position(at) == f"**Insight {len(ranked) - 1} of {len(ranked)}**"
    click(at, ROOM_DOWN)
    votes = sorted_sample.load(SAMPLE_WORKSPACE).votes.set_index("insight_key")["votes"]
    assert int(votes[last["key"]]) == 11


def test_the_lock_switch_locks_the_board(sorted_sample: Store, open_page) -> None:
    at = open_page(PAGE)
    at.toggle(key="workshop_lock").set_value(True).run()

    assert sorted_sample.workspace(SAMPLE_WORKSPACE).locked
    data = sorted_sample.load(SAMPLE_WORKSPACE)
    hid = data.active_highlights["id"].iloc[0]
    with pytest.raises(BoardLocked):
        assign(sorted_sample, SAMPLE_WORKSPACE, [Move(f"highlight:{hid}", [hid], None)], via="t")

    at.toggle(key="workshop_lock").set_value(False).run()
    assert not sorted_sample.workspace(SAMPLE_WORKSPACE).locked


def test_a_decision_and_note_are_recorded_on_the_spot(sorted_sample: Store, open_page) -> None:
    first = _ranked(sorted_sample).iloc[0]
    at = open_page(PAGE)

    at.radio[0].set_value("Act now")
    at.text_area[0].input("=ship it; owner Sam")
    at.button[[b.label for b in at.button].index("Record decision")].click().run()

    decisions = sorted_sample.load(SAMPLE_WORKSPACE).decisions.set_index("insight_key")
    assert decisions.loc[first["key"], "decision"] == "Act now"
    assert decisions.loc[first["key"], "note"] == "=ship it; owner Sam"
    assert at.radio[0].value == "Act now"  # the form now shows what is saved


def test_the_timer_counts_down_and_stops(sorted_sample: Store, open_page) -> None:
    at = open_page(PAGE)
    at.selectbox(key="workshop_timer_minutes").set_value(2).run()
    assert any("2:00" in m.value for m in at.markdown)

    at.button(key="workshop_timer_start").click().run()
    clocks = [m.value for m in at.markdown if "workshop-clock" in m.value]
    assert clocks and ("2:00" in clocks[0] or "1:59" in clocks[0])
    assert at.button(key="workshop_timer_start").label == "Restart"
    at.button(key="workshop_timer_stop").click().run()
    assert at.button(key="workshop_timer_start").label == "Start"


def test_save_session_then_see_what_changed_since(sorted_sample: Store, open_page) -> None:
    at = open_page(PAGE)
    assert any("No session saved yet" in c.value for c in at.caption)

    at.text_input(key="workshop_session_name").input("Synthesis 1")
    at.button[[b.label for b in at.button].index("Save session")].click().run()

    saved = last_session(sorted_sample, SAMPLE_WORKSPACE)
    assert saved is not None and saved.name == "Synthesis 1"
    assert "Nothing changed since then." in [s.value for s in at.success]

    data = sorted_sample.load(SAMPLE_WORKSPACE)
    hid = data.assignments["highlight_id"].iloc[0]
    assign(sorted_sample, SAMPLE_WORKSPACE, [Move(f"highlight:{hid}", [hid], None)], via="t")
    at.run()

    labels = [t.label for t in at.tabs]
    assert "Cards that moved theme (1)" in labels
    assert any(label.startswith("Rank changes") for label in labels)
    tables = {tuple(d.value.columns): d.value for d in at.dataframe}
    moved = tables[("Highlight", "From", "To")]
    text = data.highlights.set_index("id").loc[hid, "text"]
    assert moved.values.tolist() == [[text, moved.iloc[0]["From"], "—"]]
    assert moved.iloc[0]["From"] in set(data.themes["name"])
    ranks = tables[("Insight", "Was", "Now", "Change")]
    assert all(isinstance(v, str) for v in ranks[["Was", "Now"]].to_numpy().ravel())


def test_untrusted_text_is_escaped_on_the_shared_screen(sorted_sample: Store, open_page) -> None:
    store = sorted_sample
    evil = "**Loud** [click](http://x) <img src=x onerror=alert(1)> :red[alarm]"
    run_import(
        store,
        SAMPLE_WORKSPACE,
        ImportFrames(
            pd.DataFrame(
                [
                    {
                        "id": "EVIL",
                        "text": evil,
                        "participant": "Mallory",
                        "segment": "VIP repeat buyer",
                        "focus": "Product",
                        "interview_date": pd.Timestamp("2026-04-30").date(),
                        "interviewer": "",
                        "source_url": "",
                        "source_row": 2,
                        "extra": {},
                    }
                ]
            ),
            source="evil",
            source_kind="csv",
        ),
    )
    at = open_page(PAGE, {"q": "Loud", "level": "group"})

    heading = _heading(at)
    assert "\\*\\*Loud\\*\\*" in heading and "\\[click\\]" in heading and "\\<img" in heading
    assert "\\:red\\[alarm\\]" in heading


def _no_insight_on_screen(at: AppTest) -> bool:
    shown = [m.value for m in at.markdown]
    return not any(v.startswith(("**Insight ", "## ")) for v in shown) and not at.metric


def test_the_raw_sample_opens_on_group_and_sort_first_not_on_a_single_note(
    app_url: str, open_page
) -> None:
    at = open_page(PAGE)

    assert at.info[0].value.startswith("**Group and sort first.**")
    assert [link.label for link in at.page_link] == [
        "Group repeated feedback first",
        "Sort into themes",
    ]
    assert _no_insight_on_screen(at)  # was "Insight 1 of 285", a note said once


def test_grouped_but_not_sorted_it_says_sort_first_and_offers_the_groups(
    app_url: str, open_page
) -> None:
    store = Store(app_url)
    ensure_sample(store)
    highlights = eligible(store.load(SAMPLE_WORKSPACE))
    save_grouping(store, SAMPLE_WORKSPACE, highlights, compute_merges(highlights), 85)
    at = open_page(PAGE)

    assert at.info[0].value.startswith("**Group and sort first.**")
    assert [link.label for link in at.page_link] == ["Review the groups", "Sort into themes"]
    assert _no_insight_on_screen(at)

    at.segmented_control(key="workshop_level").set_value("Groups within themes").run()
    groups = prioritize.prioritize(store.load(SAMPLE_WORKSPACE), level="group").groups
    assert _position(at) == f"**Insight 1 of {len(groups)}**"
    assert groups["title"].iloc[0] in _heading(at).replace("\\", "")
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Participants"]) == groups["participants"].max() > 1  # the most people


def test_the_group_level_of_an_ungrouped_study_shows_no_single_note(
    app_url: str, open_page
) -> None:
    at = open_page(PAGE, {"level": "group"})

    assert any(c.value.startswith("Nothing is grouped yet") for c in at.caption)
    assert [link.label for link in at.page_link] == ["Group repeated feedback first"]
    assert _no_insight_on_screen(at)

"""The two bundled samples: the raw study, and the same study already synthesized."""

from __future__ import annotations

import pandas as pd

from insights.model import SAMPLE_WORKSPACE, SYNTHESIZED_WORKSPACE
from insights.prioritize import prioritize
from insights.samples import ensure_samples, reset_sample
from insights.sessions import changes_since, last_session, snapshot
from insights.store import Store
from insights.workspaces import list_workspaces


def test_a_fresh_store_gets_both_samples_and_the_raw_one_is_untouched(store: Store) -> None:
    ensure_samples(store)
    listed = {w.info.name: w for w in list_workspaces(store)}
    assert listed[SAMPLE_WORKSPACE].highlights == listed[SYNTHESIZED_WORKSPACE].highlights == 285
    assert all(w.info.is_sample for w in listed.values())
    raw = store.load(SAMPLE_WORKSPACE)
    assert raw.clusters.empty and raw.assignments.empty and raw.decisions.empty
    assert ensure_samples(store)[1].revision == listed[SYNTHESIZED_WORKSPACE].info.revision


def test_the_synthesized_sample_shows_a_finished_synthesis(store: Store) -> None:
    ensure_samples(store)
    data = store.load(SYNTHESIZED_WORKSPACE)
    assert len(data.clusters) >= 30 and set(data.clusters["status"]) == {"accepted"}
    assert "grouping" in data.info.settings
    share = len(data.assignments) / len(data.active_highlights)
    assert 0.75 <= share <= 0.85
    # a group's members share one theme: nothing mixed to resolve on the board
    theme_of = dict(
        zip(data.assignments["highlight_id"], data.assignments["theme_id"], strict=True)
    )
    for _, members in data.cluster_members.groupby("cluster_id")["highlight_id"]:
        assert len({theme_of.get(h) for h in members}) == 1
    assert len(data.decisions) >= 6 and (data.votes["votes"] > 0).sum() >= 6
    assert len(data.insight_roadmap_links) >= 6
    # every consent is answered: granted or declined, none still waiting
    assert set(data.quote_bank["consent"]) <= {"granted", "declined"}


def test_its_ranking_starts_with_the_point_most_people_made(store: Store) -> None:
    ensure_samples(store)
    ranked = prioritize(store.load(SYNTHESIZED_WORKSPACE))
    top = ranked.groups.iloc[0]
    assert top["title"] == "Shipping costs too much and stops people ordering"
    assert top["participants"] >= 10 and top["decision"] == "Act now"
    assert ranked.themes["title"].tolist()[0] == "Pain points"


def test_its_saved_session_is_followed_by_two_changes(store: Store) -> None:
    ensure_samples(store)
    saved = last_session(store, SYNTHESIZED_WORKSPACE)
    assert saved is not None and saved.name.startswith("Synthesis workshop")
    data = store.load(SYNTHESIZED_WORKSPACE)
    ranked = prioritize(data)
    changes = changes_since(saved.snapshot, snapshot(data, ranked.themes, ranked.groups), "group")
    assert len(changes.decision_changes) >= 1  # decided after the session


def test_resetting_the_synthesized_sample_puts_it_back(store: Store) -> None:
    ensure_samples(store)
    before = store.load(SYNTHESIZED_WORKSPACE)
    from insights.theme_assignment import delete_theme

    delete_theme(store, SYNTHESIZED_WORKSPACE, int(before.themes["id"].iloc[0]))
    reset_sample(store, SYNTHESIZED_WORKSPACE)
    after = store.load(SYNTHESIZED_WORKSPACE)
    assert len(after.assignments) == len(before.assignments)
    assert len(after.clusters) == len(before.clusters)
    assert (
        pd.Series(after.decisions["decision"])
        .value_counts()
        .equals(pd.Series(before.decisions["decision"]).value_counts())
    )

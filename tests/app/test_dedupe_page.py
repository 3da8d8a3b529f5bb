"""The Deduplicate page: preview, run, review decisions, undo."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st
from markup import as_text
from streamlit.testing.v1 import AppTest

from insights.model import SAMPLE_WORKSPACE
from insights.store import Store


@pytest.fixture
def page(app: AppTest) -> AppTest:
    app.switch_page("pages/dedupe.py").run()
    assert not app.exception
    return app


def _button(block, label: str):
    return next(b for b in block.button if b.label == label)


def _preview(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("At **"))


def _run(at: AppTest) -> None:
    _button(at, "Group highlights").click().run()
    assert not at.exception


def test_the_slider_previews_groups_at_once(page: AppTest) -> None:
    assert (
        _preview(page)
        == "At **85**, 285 highlights would form **229 points**: **56 highlights** would be counted into another's group."
    )
    page.slider(key="dedupe_threshold").set_value(95).run()
    assert "would form **266 points**: **19 highlights**" in _preview(page)


def test_grouping_by_wording_only_is_a_choice_on_the_same_scale(page: AppTest) -> None:
    assert page.segmented_control(key="dedupe_method").value == "meaning"
    page.segmented_control(key="dedupe_method").set_value("wording").run()
    slider = page.slider(key="dedupe_threshold")
    assert (slider.min, slider.max, slider.value) == (70, 100, 85)
    assert (
        _preview(page)
        == "At **85**, 285 highlights would form **267 points**: **18 highlights** would be counted into another's group."
    )
    page.slider(key="dedupe_threshold").set_value(95).run()
    assert "would form **273 points**: **12 highlights**" in _preview(page)
    page.slider(key="dedupe_threshold").set_value(70).run()
    assert "**12**" not in _preview(page)


def test_grouping_by_wording_saves_groups_largest_first(page: AppTest, app_url: str) -> None:
    page.segmented_control(key="dedupe_method").set_value("wording").run()
    _run(page)

    assert as_text(page.toast[0].value) == "11 groups proposed from 29 highlights."
    assert "11 groups, largest first." in [c.value for c in page.caption]
    first_group = next(m.value for m in page.markdown if m.value.startswith("**"))
    assert first_group == r"**For a small order the shipping is just too expensive\.**"
    data = Store(app_url).load(SAMPLE_WORKSPACE)
    assert len(data.clusters) == 11
    assert data.info.settings["grouping"]["method"] == "wording"
    reasons = {r for frame in page.dataframe for r in frame.value["why"]}
    assert "says it best" in reasons
    assert all(r == "says it best" or r.startswith("same words ") for r in reasons)


def test_grouping_by_meaning_says_why_each_member_is_there(page: AppTest, app_url: str) -> None:
    _run(page)

    assert as_text(page.toast[0].value) == "32 groups proposed from 88 highlights."
    data = Store(app_url).load(SAMPLE_WORKSPACE)
    assert data.info.settings["grouping"]["method"] == "meaning"
    members = pd.concat([frame.value for frame in page.dataframe])
    assert members["why"].str.startswith("same words ").any()
    assert members["why"].str.startswith("same meaning ").any()
    page.text_input(key="dedupe_search").set_value("ten days").run()
    (shown,) = page.dataframe
    late = shown.value[shown.value["text"] == "My order arrived late, it took about ten days."]
    assert late["why"].iloc[0].startswith("same meaning ")
    assert 85 <= float(late["why"].iloc[0].split()[-1]) <= 100
    fair = members[members["text"] == "The price is fair for the quality."]
    too_high = members[members["text"] == "The price is too high at full price."]
    assert not set(fair["id"]) & set(too_high["id"])
    shown_together = [
        frame.value["text"].tolist()
        for frame in page.dataframe
        if "The price is fair for the quality." in frame.value["text"].tolist()
    ]
    assert all("The price is too high at full price." not in texts for texts in shown_together)


def test_grouping_shows_its_progress(page: AppTest, monkeypatch) -> None:
    import insights.ui.dedupe_panels as groups

    groups._merge_cache().clear()
    seen: list[str] = []
    real = groups.compute_merges

    def stop_halfway(highlights, **kwargs):
        def progress(stage: str, done: float) -> None:
            kwargs["progress"](stage, done)
            seen.append(stage)
            if done >= 0.5:
                st.stop()  # freeze the page mid-way, the bar on screen

        return real(highlights, **{**kwargs, "progress": progress})

    monkeypatch.setattr(groups, "compute_merges", stop_halfway)
    page.slider(key="dedupe_threshold").set_value(84).run()
    groups._merge_cache().clear()
    page.run()

    bars = page.get("progress")
    assert bars and bars[0].proto.text.startswith("Comparing candidates")
    assert "Finding candidates by meaning" in seen


def test_accept_reword_and_undo(page: AppTest, app_url: str) -> None:
    _run(page)
    _button(page, "Accept").click().run()
    assert as_text(page.toast[0].value) == "Group accepted: later runs keep it as it is."
    clusters = Store(app_url).load(SAMPLE_WORKSPACE).clusters
    assert (clusters["status"] == "accepted").sum() == 1

    page.segmented_control(key="dedupe_show").set_value("Accepted").run()
    cluster_id = int(clusters.loc[clusters["status"] == "accepted", "id"].iloc[0])
    page.text_area(key=f"label_{cluster_id}").set_value(
        "Shipping costs too much on small orders"
    ).run()
    _button(page, "Save wording").click().run()
    assert any(m.value == "**Shipping costs too much on small orders**" for m in page.markdown)

    _button(page, "Undo rewording a group").click().run()
    assert as_text(page.toast[0].value) == "Undid rewording a group."
    assert not any("Shipping costs too much on small orders" in m.value for m in page.markdown)
    _button(page, "Redo rewording a group").click().run()
    assert as_text(page.toast[0].value) == "Redid rewording a group."
    assert any(m.value == "**Shipping costs too much on small orders**" for m in page.markdown)


def test_remove_a_member_and_merge(page: AppTest, app_url: str) -> None:
    _run(page)
    store = Store(app_url)
    clusters = store.load(SAMPLE_WORKSPACE).clusters
    first, second = (int(c) for c in clusters["id"].head(2))
    members = store.load(SAMPLE_WORKSPACE).cluster_members
    leaving = members.loc[members["cluster_id"] == first, "highlight_id"].iloc[0]

    page.selectbox(key=f"remove_{first}_pick").set_value(leaving).run()
    _button(page, "Remove from group").click().run() if False else page.button(
        key=f"remove_{first}"
    ).click().run()
    assert as_text(page.toast[0].value) == "Removed: it is now a group of its own."

    page.segmented_control(key="dedupe_show").set_value("All").run()
    page.selectbox(key=f"merge_{first}_pick").set_value(second).run()
    page.button(key=f"merge_{first}").click().run()
    assert as_text(page.toast[0].value) == "Groups merged."
    data = store.load(SAMPLE_WORKSPACE)
    assert second not in set(data.clusters["id"])
    assert leaving not in set(
        data.cluster_members.loc[data.cluster_members["cluster_id"] == first, "highlight_id"]
    )


def test_an_empty_workspace_says_to_import_first(page: AppTest) -> None:
    _button(page.sidebar, "New workspace…").click().run()
    page.text_input(key="new_workspace_name").set_value("Empty")
    _button(page, "Create").click().run()
    assert "no highlights yet" in as_text(page.info[0].value)


def test_accepted_groups_survive_a_change_of_method(page: AppTest, app_url: str) -> None:
    page.segmented_control(key="dedupe_method").set_value("wording").run()
    _run(page)
    _button(page, "Accept").click().run()
    store = Store(app_url)
    before = store.load(SAMPLE_WORKSPACE)
    accepted = int(before.clusters.loc[before.clusters["status"] == "accepted", "id"].iloc[0])
    members = set(
        before.cluster_members.loc[before.cluster_members["cluster_id"] == accepted, "highlight_id"]
    )

    page.segmented_control(key="dedupe_method").set_value("meaning").run()
    _run(page)

    after = store.load(SAMPLE_WORKSPACE)
    assert after.info.settings["grouping"]["method"] == "meaning"
    assert after.clusters.set_index("id").loc[accepted, "status"] == "accepted"
    assert members == set(
        after.cluster_members.loc[after.cluster_members["cluster_id"] == accepted, "highlight_id"]
    )
    assert _preview(page).endswith(" 1 group you decided on is kept as it is.")

"""The Insights page: filters and the address, drill-down, decisions, severity, links, weights."""

from __future__ import annotations

import pandas as pd
from markup import as_text
from sorted_sample import sort_sample
from streamlit.testing.v1 import AppTest

from insights.importing import run_import
from insights.ingest import ImportFrames
from insights.model import SAMPLE_WORKSPACE
from insights.prioritize import evidence
from insights.store import Store
from insights.theme_assignment import update_theme
from insights.ui.insight_filters import OPEN_KEY
from insights.workspaces import ensure_sample


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
    assert any("Priority (0–100) follows the people" in c.value for c in at.caption)


def _open_filters(at: AppTest, is_open: bool = True) -> None:
    at.session_state[OPEN_KEY] = is_open  # as a click on the box's header
    at.run()


def test_a_link_with_filters_opens_the_same_view(sorted_sample, new_app) -> None:
    at = _open(new_app, {"theme": ["Pain points"], "segment": ["VIP repeat buyer"], "q": "pump"})
    assert not at.multiselect  # the box is closed: what is in force is said under it
    assert any(
        "In force: themes: Pain points; segments: VIP repeat buyer" in c.value.replace("\\", "")
        for c in at.caption
    ), [c.value for c in at.caption]
    assert _table(at)["Insight"].tolist() == ["Pain points"]

    _open_filters(at)
    assert at.multiselect(key="f_themes").value == ["Pain points"]
    assert at.multiselect(key="f_segments").value == ["VIP repeat buyer"]
    assert at.text_input(key="f_text").value == "pump"
    assert _table(at)["Insight"].tolist() == ["Pain points"]
    assert _summary(at).startswith("**4 highlights** from **5 participants** in view")


def test_changing_a_filter_rewrites_the_address(sorted_sample, new_app) -> None:
    at = _open(new_app)
    _open_filters(at)
    at.multiselect(key="f_segments").set_value(["Sale-only shopper"]).run()

    assert at.query_params["segment"] in ("Sale-only shopper", ["Sale-only shopper"])
    assert at.query_params["workspace"] in (SAMPLE_WORKSPACE, [SAMPLE_WORKSPACE])
    assert "from **5 participants**" in _summary(at)
    at.multiselect(key="f_segments").set_value([]).run()
    assert "segment" not in at.query_params


def test_a_filter_stays_in_force_while_its_box_is_closed(sorted_sample, new_app) -> None:
    at = _open(new_app)
    _open_filters(at)
    at.multiselect(key="f_segments").set_value(["Sale-only shopper"]).run()
    _open_filters(at, False)
    at.run()  # a second run: the widgets' own state is gone by now
    assert not at.multiselect
    assert "from **5 participants**" in _summary(at)
    assert at.query_params["segment"] in ("Sale-only shopper", ["Sale-only shopper"])
    _open_filters(at)
    assert at.multiselect(key="f_segments").value == ["Sale-only shopper"]


def test_a_theme_renamed_meanwhile_drops_out_of_a_closed_filter(sorted_sample, new_app) -> None:
    at = _open(new_app, {"theme": ["Pain points"]})
    assert _table(at)["Insight"].tolist() == ["Pain points"]
    themes = sorted_sample.load(SAMPLE_WORKSPACE).themes
    pain = int(themes.loc[themes["name"] == "Pain points", "id"].iloc[0])
    update_theme(sorted_sample, SAMPLE_WORKSPACE, pain, name="Pains")  # a colleague renames it

    at.run()
    assert not at.warning  # not "Nothing matches these filters": the old name is left out
    assert "Pains" in _table(at)["Insight"].tolist()
    assert "theme" not in at.query_params


def test_a_filter_chosen_on_insights_is_in_force_on_the_workshop(sorted_sample, new_app) -> None:
    at = _open(new_app)
    _open_filters(at)
    at.multiselect(key="f_segments").set_value(["Sale-only shopper"]).run()
    at.switch_page("pages/workshop.py").run()
    assert not at.exception, at.exception
    assert any("Sale\\-only shopper" in c.value for c in at.caption), [c.value for c in at.caption]
    _open_filters(at)
    assert at.multiselect(key="f_segments").value == ["Sale-only shopper"]


def test_an_unknown_theme_in_a_link_is_said_and_left_out(sorted_sample, new_app) -> None:
    at = _open(new_app, {"theme": ["Pain points", "Old theme"]})
    assert "does not have (Old theme)" in as_text(at.warning[0].value)
    _open_filters(at)
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

    assert any("Lower the free\\-shipping threshold" in m.value for m in at.markdown)
    at.segmented_control(key="insights_part").set_value("Roadmap").run()
    assert any(t.label == "Aligned (1)" for t in at.tabs)


def _open_weights(at: AppTest) -> None:
    next(b for b in at.button if b.label == "Adjust the weights…").click().run()


def test_weights_are_adjusted_and_saved(sorted_sample, new_app, app_url) -> None:
    at = _open(new_app)
    _open_weights(at)
    at.slider(key="weight_votes").set_value(0.0)
    at.slider(key="weight_recency").set_value(0.5)
    next(b for b in at.button if b.label == "Save weights").click().run()

    saved = Store(app_url).load(SAMPLE_WORKSPACE).info.settings["priority_weights"]
    assert (saved["votes"], saved["recency"]) == (0.0, 0.5)
    assert any(
        "Breadth 0.15, severity 0.3 and recency 0.5 add at most their weight each, 0.95 together"
        in c.value
        for c in at.caption
    )
    assert not [s for s in at.slider if s.key == "weight_votes"]  # the dialog closed
    _open_weights(at)
    assert any(
        c.value == "Defaults: participants 1, breadth 0.15, votes 0.4, severity 0.3, recency 0.05."
        for c in at.caption
    )


def test_saved_weights_change_the_scores_at_once(sorted_sample, new_app) -> None:
    at = _open(new_app)
    assert _table(at)["Score"].min() > 0
    _open_weights(at)
    for name in ("participants", "breadth", "severity", "recency"):
        at.slider(key=f"weight_{name}").set_value(0.0)
    at.slider(key="weight_votes").set_value(1.0)
    next(b for b in at.button if b.label == "Save weights").click().run()

    # votes alone, and no one has voted yet: every score is 0 on the next run, not the old ones
    assert _table(at)["Score"].tolist() == [0, 0, 0, 0]
    assert any("Priority (0–100) is votes alone" in c.value for c in at.caption)


def _select(at: AppTest, level: str, row: int) -> None:
    at.session_state[f"insight_table_{level}"] = {
        "selection": {"rows": [row], "columns": [], "cells": []}
    }
    at.run()


def test_one_note_reads_1_mention_1_participant_with_its_share(sorted_sample, new_app) -> None:
    at = _open(new_app)
    at.segmented_control(key="insight_level").set_value("Groups within themes").run()
    single = int((_table(at)["Mentions"] == 1).idxmax())
    _select(at, "group", single)

    assert _table(at).iloc[single]["Participants"] == "1 (5%)"
    assert any(
        c.value.startswith("1 mention · 1 participant (5% of those in view)") for c in at.caption
    )


def test_shares_of_a_large_study_keep_their_precision(sorted_sample, new_app) -> None:
    notes = [
        {
            "id": f"M{i:03d}",
            "text": f"Note number {i} from the survey",
            "participant": f"Survey person {i:03d}",
            "segment": "One-time buyer",
            "focus": "Customer",
            "interview_date": pd.Timestamp("2026-03-20").date(),
            "interviewer": "",
            "source_url": "",
            "source_row": i + 2,
            "extra": {},
        }
        for i in range(600)
    ]
    run_import(
        sorted_sample,
        SAMPLE_WORKSPACE,
        ImportFrames(pd.DataFrame(notes), source="survey", source_kind="csv"),
    )
    at = _open(new_app)
    at.segmented_control(key="insight_level").set_value("Groups within themes").run()

    shares = _table(at)["Participants"]
    assert shares.iloc[0] == "4 (0.6%)"  # 4 of 620: the shipping group
    assert "1 (0.2%)" in set(shares)
    assert not shares.str.endswith("(0%)").any()


COPIED_POST = (
    "Win a free year of body butter, just follow our page and share this post with three "
    "friends before Friday"
)


def test_copied_text_is_flagged_and_a_person_can_count_it_as_separate_voices(
    app_url, new_app
) -> None:
    store = Store(app_url)
    ensure_sample(store)
    people = [
        ("Giveaway account 1", "VIP repeat buyer"),
        ("Giveaway account 2", "One-time buyer"),
        ("Giveaway account 3", "Engaged non-buyer"),
    ]
    copies = [
        {
            "id": f"C{i}",
            "text": COPIED_POST,
            "participant": who,
            "segment": segment,
            "focus": "Marketing",
            "interview_date": pd.Timestamp("2026-03-31").date(),
            "interviewer": "",
            "source_url": "",
            "source_row": i + 2,
            "extra": {},
        }
        for i, (who, segment) in enumerate(people)
    ]
    run_import(
        store,
        SAMPLE_WORKSPACE,
        ImportFrames(pd.DataFrame(copies), source="copy", source_kind="csv"),
    )
    sort_sample(store)  # grouped; the copies go to Product love with the other "butter" notes
    at = _open(new_app)
    table = _table(at)
    love = int(table.index[table["Insight"] == "Product love"][0])
    before = int(table.iloc[love]["Participants"].split()[0])
    assert table.iloc[love]["Evidence"].startswith(
        "⚠️ Copied text: 3 participants wrote the same words, counted once"
    )

    _select(at, "theme", love)
    assert any(
        m.value.startswith("**Copied text.** These 3 participants wrote the same words")
        and m.value.endswith("Count them as separate voices?")
        for m in at.markdown
    )
    next(b for b in at.button if b.label == "Count as separate voices").click().run()

    settings = Store(app_url).load(SAMPLE_WORKSPACE).info.settings
    assert sorted(settings["separate_voices"]) == ["C0", "C1", "C2"]
    table = _table(at)
    row = table[table["Insight"] == "Product love"].iloc[0]
    assert int(row["Participants"].split()[0]) == before + 2
    assert "Copied text" not in row["Evidence"]


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


def test_suggested_links_are_reviewed_in_one_table_and_saved_at_once(
    sorted_sample, new_app, app_url
) -> None:
    at = _open(new_app)
    at.segmented_control(key="insights_part").set_value("Roadmap").run()
    version = Store(app_url).load(SAMPLE_WORKSPACE).version_of("insight_roadmap_links")
    at.session_state[f"review_links_{version}"] = {
        "edited_rows": {0: {"choice": "Link"}, 1: {"choice": "Dismiss"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    next(b for b in at.button if b.label == "Save these choices").click().run()

    assert not at.exception
    links = Store(app_url).load(SAMPLE_WORKSPACE).insight_roadmap_links
    assert sorted(links["origin"]) == ["confirmed", "dismissed"]
    assert "Saved 2 choices." in [as_text(t.value) for t in at.toast]


def test_the_part_shown_is_kept_in_the_address(sorted_sample, new_app) -> None:
    at = _open(new_app)
    assert at.segmented_control(key="insights_part").value == "Ranked insights"
    at.segmented_control(key="insights_part").set_value("Roadmap").run()
    assert at.query_params["show"] in ("roadmap", ["roadmap"])

    reloaded = _open(new_app, {"show": "roadmap"})  # a reload, or the link shared
    assert reloaded.segmented_control(key="insights_part").value == "Roadmap"
    assert any(t.label.startswith("Aligned") for t in reloaded.tabs)
    odd = _open(new_app, {"show": "<b>everything</b>"})
    assert odd.segmented_control(key="insights_part").value == "Ranked insights"

"""The Overview's figures and to-do list."""

from __future__ import annotations

from insights import schema
from insights.model import SAMPLE_WORKSPACE
from insights.store import Store, utcnow
from insights.workspace_summary import summarize
from insights.workspaces import create_workspace, ensure_sample


def test_the_sample_study_figures(store: Store) -> None:
    ensure_sample(store)

    summary = summarize(store.load(SAMPLE_WORKSPACE))

    assert (summary.highlights, summary.interviews, summary.participants) == (285, 22, 20)
    assert summary.participants_by_segment == {
        "VIP repeat buyer": 5,
        "One-time buyer": 5,
        "Engaged non-buyer": 5,
        "Sale-only shopper": 5,
    }
    assert list(summary.highlights_by_focus) == ["Product", "Marketing", "Customer"]
    assert sum(summary.highlights_by_focus.values()) == 285
    assert list(summary.roadmap_by_status) == ["idea", "planned", "in progress", "shipped"]
    assert (summary.themes, summary.roadmap_items, summary.unassigned_highlights) == (4, 26, 285)
    assert summary.last_import.source_kind == "sample"
    assert "285 highlights not yet in a theme." in [s.message for s in summary.next_steps]


def test_after_grouping_the_to_do_says_how_many_groups_to_review(store: Store) -> None:
    from insights.grouping import compute_merges, eligible, save_grouping

    ensure_sample(store)
    highlights = eligible(store.load(SAMPLE_WORKSPACE))
    save_grouping(store, SAMPLE_WORKSPACE, highlights, compute_merges(highlights), 85)

    steps = [s.message for s in summarize(store.load(SAMPLE_WORKSPACE)).next_steps]
    assert steps[0] == "Review 32 proposed groups of repeated feedback."  # by meaning and wording


def test_an_empty_workspace_says_to_import_first(store: Store) -> None:
    create_workspace(store, "Empty")
    summary = summarize(store.load("Empty"))
    assert summary.highlights == 0 and summary.last_import is None
    assert [s.step for s in summary.next_steps] == ["import"]


def test_assigned_and_removed_highlights_leave_the_to_do_list(store: Store) -> None:
    ensure_sample(store)
    data = store.load(SAMPLE_WORKSPACE)
    theme_id = int(data.themes.iloc[0]["id"])
    with store.action(SAMPLE_WORKSPACE, "assign") as act:
        act.conn.execute(
            schema.assignments.insert(),
            [
                {
                    "workspace_id": act.workspace_id,
                    "highlight_id": h,
                    "theme_id": theme_id,
                    "origin": "user",
                    "assigned_at": utcnow(),
                }
                for h in ("H001", "H002", "H003")
            ],
        )
        act.conn.execute(
            schema.highlights.update().where(schema.highlights.c.id == "H004").values(removed=True)
        )

    summary = summarize(store.load(SAMPLE_WORKSPACE))

    assert summary.highlights == 284 and summary.removed_highlights == 1
    assert summary.unassigned_highlights == 284 - 3
    assert "281 highlights not yet in a theme." in [s.message for s in summary.next_steps]


def test_decisions_lead_to_the_workshop_and_open_consent_to_the_quote_bank(store: Store) -> None:
    from insights.decisions import set_decision
    from insights.model import Consent
    from insights.quote_bank import mark

    ensure_sample(store)
    steps = {s.step: s.message for s in summarize(store.load(SAMPLE_WORKSPACE)).next_steps}
    assert steps["workshop"].startswith("No decisions recorded yet: run a synthesis workshop")
    assert steps["quotes"].startswith("2 quotes are waiting for the participant's consent")

    set_decision(store, SAMPLE_WORKSPACE, "highlight:H001", "Act now")
    for highlight in ("H017", "H160"):
        mark(store, SAMPLE_WORKSPACE, highlight, consent=Consent.GRANTED)
    steps = {s.step for s in summarize(store.load(SAMPLE_WORKSPACE)).next_steps}
    assert "workshop" not in steps and "quotes" not in steps

"""What a workspace holds and what is still to do: the figures of the Overview page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

import pandas as pd

from insights.feedback_marks import not_feedback_mask
from insights.model import Focus, RoadmapStatus, Segment
from insights.store import WorkspaceData, as_utc
from insights.wording import plural

NOT_SET = "(not set)"


@dataclass(frozen=True)
class LastImport:
    source: str
    source_kind: str
    worksheet: str | None
    imported_at: datetime
    summary: dict


@dataclass(frozen=True)
class NextStep:
    """One thing left to do, and the step of the app where it is done."""

    step: str  # a step of the work: "import", "dedupe", "themes", "insights", …
    message: str


@dataclass(frozen=True)
class WorkspaceSummary:
    highlights: int
    removed_highlights: int
    interviews: int
    participants: int
    participants_by_segment: dict[str, int]
    highlights_by_focus: dict[str, int]
    themes: int
    unassigned_highlights: int
    clusters: int
    groups_to_review: int
    grouped: bool  # the grouping has run in this workspace
    roadmap_items: int
    roadmap_by_status: dict[str, int]
    decisions: int
    last_import: LastImport | None
    not_feedback: int = 0  # active highlights with nothing to act on: not counted
    quotes_awaiting_consent: int = 0  # consent requested, no answer yet
    next_steps: list[NextStep] = field(default_factory=list)


def _counts(values: pd.Series, order: Iterable[str] = ()) -> dict[str, int]:
    """Value counts: known values in their usual order, then others largest first.

    Blanks are shown as "(not set)".
    """
    cleaned = values.fillna("").astype(str).str.strip().replace("", NOT_SET)
    counts = cleaned.value_counts()
    rank = {value: i for i, value in enumerate(order)}
    ordered = sorted(
        counts.items(), key=lambda kv: (rank.get(kv[0], len(rank)), -kv[1], str(kv[0]))
    )
    return {str(k): int(v) for k, v in ordered}


def worth_charting(counts: dict[str, int]) -> bool:
    """Whether a count chart says anything: not when every row is "(not set)" (no such column)."""
    return bool(counts) and set(counts) != {NOT_SET}


def count_interviews(highlights: pd.DataFrame) -> int:
    """Distinct (participant, interview date) pairs: a follow-up call is a second interview."""
    if highlights.empty:
        return 0
    named = highlights[highlights["participant"].fillna("").str.strip() != ""]
    return int(named[["participant", "interview_date"]].astype(str).drop_duplicates().shape[0])


def participants_by_segment(highlights: pd.DataFrame) -> dict[str, int]:
    """Unique participants in each segment (a participant is counted in each segment named)."""
    if highlights.empty:
        return {}
    pairs = highlights[["participant", "segment"]].fillna("").astype(str)
    pairs = pairs[pairs["participant"].str.strip() != ""].drop_duplicates()
    return _counts(pairs["segment"], Segment)


def last_import(imports: pd.DataFrame) -> LastImport | None:
    if imports.empty:
        return None
    row = imports.sort_values(["imported_at", "id"]).iloc[-1]
    return LastImport(
        source=str(row["source"]),
        source_kind=str(row["source_kind"]),
        worksheet=None if pd.isna(row["worksheet"]) else str(row["worksheet"]),
        imported_at=as_utc(pd.Timestamp(row["imported_at"]).to_pydatetime()),
        summary=dict(row["summary"] or {}),
    )


def next_steps(summary: WorkspaceSummary) -> list[NextStep]:
    """The to-do list, in the order the work is done."""
    steps: list[NextStep] = []
    if summary.highlights == 0:
        return [NextStep("import", "No highlights yet: import them from a Google Sheet or a file.")]
    to_check = summary.highlights - summary.not_feedback
    if not summary.grouped and to_check:
        steps.append(
            NextStep(
                "dedupe",
                f"Group repeated feedback: {plural(to_check, 'highlight')} "
                f"{'has' if to_check == 1 else 'have'} not been checked for "
                "near-duplicates.",
            )
        )
    elif summary.groups_to_review:
        groups = plural(summary.groups_to_review, "proposed group")
        steps.append(NextStep("dedupe", f"Review {groups} of repeated feedback."))
    if summary.unassigned_highlights:
        unsorted = plural(summary.unassigned_highlights, "highlight")
        steps.append(NextStep("themes", f"{unsorted} not yet in a theme."))
    if summary.roadmap_items == 0:
        steps.append(
            NextStep("import", "No roadmap yet: import the roadmap sheet to compare evidence.")
        )
    if summary.decisions == 0:
        steps.append(
            NextStep(
                "workshop",
                "No decisions recorded yet: run a synthesis workshop to vote on the "
                "prioritized insights and decide.",
            )
        )
    if summary.quotes_awaiting_consent:
        noun = "quote is" if summary.quotes_awaiting_consent == 1 else "quotes are"
        steps.append(
            NextStep(
                "quotes",
                f"{summary.quotes_awaiting_consent} {noun} waiting for the participant's "
                "consent: follow up before using them as testimonials.",
            )
        )
    return steps


def summarize(data: WorkspaceData) -> WorkspaceSummary:
    """The Overview's figures for one workspace snapshot."""
    active = data.active_highlights
    set_aside = not_feedback_mask(active, data.info.settings)
    feedback_ids = set(active.loc[~set_aside, "id"]) if len(active) else set()
    assigned = (
        set(data.assignments["highlight_id"]) & feedback_ids if len(data.assignments) else set()
    )
    roadmap = data.active_roadmap
    summary = WorkspaceSummary(
        highlights=len(active),
        removed_highlights=len(data.highlights) - len(active),
        interviews=count_interviews(active),
        participants=int(active["participant"].replace("", pd.NA).nunique()) if len(active) else 0,
        participants_by_segment=participants_by_segment(active),
        highlights_by_focus=_counts(active["focus"], Focus) if len(active) else {},
        themes=len(data.themes),
        unassigned_highlights=len(feedback_ids - assigned),  # notes set aside are not to do
        clusters=len(data.clusters),
        groups_to_review=int((data.clusters["status"] == "proposed").sum())
        if len(data.clusters)
        else 0,
        grouped="grouping" in data.info.settings,
        roadmap_items=len(roadmap),
        roadmap_by_status=_counts(roadmap["status"], RoadmapStatus) if len(roadmap) else {},
        decisions=len(data.decisions),
        quotes_awaiting_consent=int((data.quote_bank["consent"] == "requested").sum())
        if len(data.quote_bank)
        else 0,
        last_import=last_import(data.import_batches),
        not_feedback=int(set_aside.sum()),
    )
    return replace(summary, next_steps=next_steps(summary))

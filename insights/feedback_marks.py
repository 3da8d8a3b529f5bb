"""Which highlights are feedback: the rule (``insights.not_feedback``) unless a person says not.

A highlight that is *not feedback* ("thanks!", "ok", "@brand") is never
grouped with feedback and never ranked, but it stays in the workspace, is
counted on the Overview and can be shown on Deduplicate and Themes. A person
can mark any highlight as feedback or as not feedback; the mark is kept with
the workspace by highlight id (ids are stable), so it survives a re-import
and any re-grouping.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from insights import schema
from insights.errors import InsightsError
from insights.not_feedback import is_not_feedback
from insights.store import Store, WorkspaceData

FEEDBACK_MARKS = "feedback_marks"  # settings: highlight id -> FEEDBACK or NOT_FEEDBACK
FEEDBACK = "feedback"
NOT_FEEDBACK = "not feedback"


class MarkProblem(InsightsError):
    """A mark cannot be saved as asked."""


def marks(settings: dict[str, Any]) -> dict[str, str]:
    """The marks people made, by highlight id."""
    saved = settings.get(FEEDBACK_MARKS) or {}
    return {str(h): v for h, v in saved.items() if v in (FEEDBACK, NOT_FEEDBACK)}


def not_feedback_mask(highlights: pd.DataFrame, settings: dict[str, Any]) -> pd.Series:
    """True for each highlight (row) that is not feedback, by a person's mark or else the rule."""
    if highlights.empty:
        return pd.Series(False, index=highlights.index, dtype=bool)
    made = marks(settings)
    values = [
        made[h] == NOT_FEEDBACK if h in made else is_not_feedback(t)
        for h, t in zip(highlights["id"].tolist(), highlights["text"].tolist(), strict=True)
    ]
    return pd.Series(values, index=highlights.index, dtype=bool)


def feedback_only(highlights: pd.DataFrame, settings: dict[str, Any]) -> pd.DataFrame:
    """The highlights that are feedback: what is grouped and ranked."""
    if highlights.empty:
        return highlights
    return highlights[~not_feedback_mask(highlights, settings)]


def not_feedback(data: WorkspaceData) -> pd.DataFrame:
    """The active highlights that are not feedback."""
    active = data.active_highlights
    return active[not_feedback_mask(active, data.info.settings)] if len(active) else active


def mark(
    store: Store, workspace: str, highlight_ids: Iterable[str], *, feedback: bool | None
) -> int:
    """Mark highlights as feedback (True), not feedback (False), or back to the rule (None).

    One action, undone like any other by marking again. Returns how many marks changed.
    """
    wanted = {str(h) for h in highlight_ids}
    what = "rule" if feedback is None else FEEDBACK if feedback else NOT_FEEDBACK
    with store.action(workspace, "highlights.mark", subject=f"{len(wanted)} as {what}") as act:
        found = act.held(schema.highlights, wanted)
        if not found:
            raise MarkProblem("Those highlights are not in this workspace any more.")
        settings = act.settings()
        before = dict(settings.get(FEEDBACK_MARKS) or {})
        after = dict(before)
        for h in found:
            if feedback is None:
                after.pop(h, None)
            else:
                after[h] = what
        settings[FEEDBACK_MARKS] = after
        act.save_settings(settings)
        changed = sorted(h for h in found if before.get(h) != after.get(h))
        act.record(
            f"{len(changed)} marked as {what}",
            before={h: before.get(h) for h in changed},
            after={h: after.get(h) for h in changed},
        )
        return len(changed)


def changed_marks(before: dict[str, bool], after: dict[str, bool]) -> dict[bool, list[str]]:
    """What a person changed in a table of "not feedback" ticks: ids to mark as not feedback
    (True) and as feedback (False)."""
    out: dict[bool, list[str]] = {True: [], False: []}
    for h, ticked in after.items():
        if before.get(h) != ticked:
            out[bool(ticked)].append(h)
    return out

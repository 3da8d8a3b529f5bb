"""The Themes page's history in words: what moved where and when, newest first.

The page's History view and ``insights history`` show the same table.
"""

from __future__ import annotations

import pandas as pd

from insights.board import UNASSIGNED
from insights.people import who
from insights.store import WorkspaceData
from insights.wording import plural

HISTORY_ACTIONS = {
    "themes.assign": "Moved",
    "themes.undo": "Undid a move",
    "themes.redo": "Redid a move",
    "theme.create": "Added theme",
    "theme.update": "Edited theme",
    "theme.reorder": "Reordered themes",
    "theme.merge": "Merged themes",
    "theme.delete": "Deleted theme",
    "board.lock": "Locked the board",
    "board.unlock": "Unlocked the board",
}
SHOWN = 50


def _moved(after: list, texts: dict[str, str], theme_names: dict[int, str]) -> str:
    moved = [(h, t) for h, t in after]
    first_h, first_t = moved[0]
    where = theme_names.get(first_t, UNASSIGNED) if first_t is not None else UNASSIGNED
    return f"{plural(len(moved), 'highlight')} → {where}: “{texts.get(first_h, first_h)[:60]}”" + (
        " …" if len(moved) > 1 else ""
    )


def history_rows(events: pd.DataFrame, data: WorkspaceData) -> pd.DataFrame:
    """The last ``SHOWN`` theme events (``Store.event_log``): When, Who, What, Subject, Details."""
    texts = dict(zip(data.highlights["id"], data.highlights["text"], strict=True))
    theme_names = {int(t.id): t.name for t in data.themes.itertuples()}
    events = events[events["action"].isin(HISTORY_ACTIONS)] if len(events) else events
    rows = []
    for event in events.head(SHOWN).itertuples():
        detail = ""
        if event.action in ("themes.assign", "themes.undo", "themes.redo") and event.after:
            detail = _moved(event.after, texts, theme_names)
        rows.append(
            {
                "When": pd.Timestamp(event.at).strftime("%d %b %H:%M:%S"),
                "Who": who(getattr(event, "actor", "")),
                "What": HISTORY_ACTIONS[event.action],
                "Subject": event.subject,
                "Details": detail,
            }
        )
    return pd.DataFrame(rows, columns=["When", "Who", "What", "Subject", "Details"])

"""Suggest a theme for an unassigned card, from the cards people already sorted.

The card is compared with a sample of each theme's highlights (rapidfuzz
``token_set_ratio`` on normalized words: shared words matter, word order and
extra words do not). The theme of the closest highlights wins, if close
enough; the person sees why ("like: …") and accepts with one click. Nothing
is ever assigned by a suggestion on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from insights.store import WorkspaceData
from insights.textnorm import STOPWORDS, words

MIN_SCORE = 60.0  # below this, no suggestion: better none than a wrong one
PER_THEME = 80  # examples per theme: enough to recognise it, cheap to compare


@dataclass(frozen=True)
class Suggestion:
    theme_id: int
    score: float  # 0 to 100
    example: str  # the sorted highlight it is most like


def _content(text: str) -> str:
    return " ".join(w for w in words(text) if w not in STOPWORDS)


def suggest_themes(data: WorkspaceData, cards: pd.DataFrame) -> dict[str, Suggestion]:
    """A suggestion for each of ``cards`` (rows of ``card_table``) that resembles a theme."""
    if cards.empty or data.assignments.empty:
        return {}
    active = data.active_highlights.set_index("id")
    assigned = data.assignments[data.assignments["highlight_id"].isin(active.index)]
    assigned = assigned.sort_values(
        ["theme_id", "assigned_at", "highlight_id"], ascending=[True, False, True]
    )
    examples = assigned.groupby("theme_id").head(PER_THEME)
    if examples.empty:
        return {}
    example_texts = active.loc[examples["highlight_id"], "text"].tolist()
    example_themes = examples["theme_id"].to_numpy()
    scores = process.cdist(
        [_content(t) for t in cards["text"]],
        [_content(t) for t in example_texts],
        scorer=fuzz.token_set_ratio,
        score_cutoff=MIN_SCORE,
        workers=-1,
    )
    found: dict[str, Suggestion] = {}
    for row, key in enumerate(cards["key"]):
        best = int(np.argmax(scores[row]))
        score = float(scores[row, best])
        if score >= MIN_SCORE:
            found[key] = Suggestion(int(example_themes[best]), score, example_texts[best])
    return found

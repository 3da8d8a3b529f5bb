"""Suggest a theme for an unassigned card, from the cards people already sorted.

The card is compared with a sample of each theme's highlights: the higher of
rapidfuzz ``token_set_ratio`` on normalized words (shared words matter, word
order and extra words do not) and, where it reaches the grouping's "same
point" level, its meaning score (``METHOD``: measured right more often than
wording alone, docs/benchmarks.md). The
theme of the closest highlights wins, if close enough; the person sees why
("like: …") and accepts with one click. Nothing is ever assigned by a
suggestion on its own.
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
WORDING = "wording"  # token_set_ratio on content words
MEANING = "meaning"  # the higher of that and the grouping's meaning score
# Meaning counts only where the grouping would call it the same point: lower, it
# made more suggestions but fewer right ones (docs/benchmarks.md).
MEANING_FLOOR = 85.0
METHOD = MEANING  # measured on the sample and banking77: see docs/benchmarks.md


@dataclass(frozen=True)
class Suggestion:
    theme_id: int
    score: float  # 0 to 100
    example: str  # the sorted highlight it is most like


def _content(text: str) -> str:
    return " ".join(w for w in words(text) if w not in STOPWORDS)


def similarity(
    left: list[str], right: list[str], *, cutoff: float, method: str = METHOD
) -> np.ndarray:
    """Scores (0 to 100, below ``cutoff`` as 0) of every text of ``left`` against ``right``.

    WORDING: shared content words (rapidfuzz ``token_set_ratio``: word order and
    extra words do not matter). MEANING: the higher of that and the grouping's
    meaning score (``insights.near_duplicates.meaning_score`` of the sentence vectors).
    """
    scores = process.cdist(
        [_content(t) for t in left],
        [_content(t) for t in right],
        scorer=fuzz.token_set_ratio,
        score_cutoff=cutoff,
        workers=-1,
    ).astype(np.float64)
    if method == MEANING and len(left) and len(right):
        from insights.embeddings import embed_remembered
        from insights.near_duplicates import meaning_score, meaning_text

        meaning = meaning_score(
            embed_remembered([meaning_text(t) for t in left])
            @ embed_remembered([meaning_text(t) for t in right]).T
        )
        floor = max(cutoff, MEANING_FLOOR)
        scores = np.maximum(scores, np.where(meaning >= floor, meaning, 0.0))
    return scores


def best_examples(
    cards: list[str], examples: list[str], *, method: str = METHOD
) -> list[tuple[int, float] | None]:
    """For each card, (the index of its closest example, the score), or None below MIN_SCORE."""
    scores = similarity(cards, examples, cutoff=MIN_SCORE, method=method)
    found: list[tuple[int, float] | None] = []
    for row in range(len(cards)):
        best = int(np.argmax(scores[row]))
        score = float(scores[row, best])
        found.append((best, score) if score >= MIN_SCORE else None)
    return found


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
    found: dict[str, Suggestion] = {}
    matches = best_examples(cards["text"].tolist(), example_texts)
    for key, match in zip(cards["key"], matches, strict=True):
        if match is not None:
            best, score = match
            found[key] = Suggestion(int(example_themes[best]), score, example_texts[best])
    return found

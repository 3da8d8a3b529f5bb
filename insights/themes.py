"""Themes: the columns of the affinity map that highlights are sorted into."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from insights import schema
from insights.model import SEED_THEMES
from insights.store import Action, utcnow

# Colors for themes a user or an import adds, after the seed ones; each reads
# with white text on a projector.
PALETTE: tuple[str, ...] = (
    "#00695C",
    "#EF6C00",
    "#4527A0",
    "#AD1457",
    "#283593",
    "#558B2F",
    "#6D4C41",
    "#0277BD",
)


def add_theme(act: Action, name: str, *, color: str | None = None, description: str = "") -> int:
    """Append a theme at the end of the board; return its id."""
    themes = schema.themes
    count, last = act.conn.execute(
        select(func.count(), func.max(themes.c.position)).where(
            themes.c.workspace_id == act.workspace_id
        )
    ).one()
    result = act.conn.execute(
        themes.insert().values(
            workspace_id=act.workspace_id,
            name=name,
            color=color or PALETTE[count % len(PALETTE)],
            description=description,
            position=(last or 0) + 1 if count else 0,
            created_at=utcnow(),
        )
    )
    theme_id = result.inserted_primary_key[0]
    act.record(name, after={"theme_id": theme_id, "name": name}, action="theme.create")
    return theme_id


def seed_themes(act: Action) -> None:
    """Give a new workspace the seed categories every study starts from."""
    for name, color, description in SEED_THEMES:
        add_theme(act, name, color=color, description=description)


def theme_ids_by_name(themes: pd.DataFrame) -> dict[str, int]:
    """Theme ids keyed by case-folded name: 'pain points' finds 'Pain points'."""
    return {str(n).casefold(): int(i) for n, i in zip(themes["name"], themes["id"], strict=True)}

"""Themes: the columns of the affinity map, and the cards sorted into them.

A card is a group of near-duplicates (it moves as one) or a highlight in no
group. A highlight has one theme at a time, as a sticky note sits in one
column; the members of a group share its theme. Every move is one action
whose event records where each highlight was before and after, so moves can
be undone and redone, and the history says what moved where and when.
Deleting a theme returns its cards to Unassigned: no highlight is ever
deleted here. While the board is locked (during a workshop), nothing moves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import and_, delete, func, select

from insights import schema
from insights.errors import InsightsError
from insights.history import Stacks, Step, expected_step, stacks
from insights.model import SEED_THEMES
from insights.store import Action, Store, WorkspaceData, utcnow
from insights.wording import plural

# Colors for themes a user or an import adds, after the seed ones; each reads
# with white text on a projector, in the light and the dark theme.
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
MAX_THEME_NAME = 60
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")

MOVES = ("themes.assign",)
UNDO = "themes.undo"
REDO = "themes.redo"


class ThemeProblem(InsightsError):
    """A theme action cannot be done as asked."""


class BoardLocked(ThemeProblem):
    def __init__(self) -> None:
        super().__init__(
            "The board is locked, so nothing was moved. Unlock it (top of the Themes page) "
            "to change assignments or themes."
        )


# -- themes --------------------------------------------------------------------------


def _check_unlocked(act: Action) -> None:
    if act.workspace.locked:
        raise BoardLocked()


def _clean_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ThemeProblem("Give the theme a name, for example “Shipping costs”.")
    if len(cleaned) > MAX_THEME_NAME:
        raise ThemeProblem(f"Theme names can be up to {MAX_THEME_NAME} characters.")
    return cleaned


def _check_color(color: str) -> str:
    if not _HEX_COLOR.match(color or ""):
        raise ThemeProblem(f"“{color}” is not a color; use the color picker.")
    return color.upper()


def _theme_names(act: Action) -> dict[str, tuple[int, str]]:
    """Themes by case-folded name: (id, name as written)."""
    rows = act.conn.execute(
        select(schema.themes.c.id, schema.themes.c.name).where(
            schema.themes.c.workspace_id == act.workspace_id
        )
    )
    return {name.casefold(): (theme_id, name) for theme_id, name in rows}


def _check_free(act: Action, name: str, theme_id: int | None = None) -> None:
    taken = _theme_names(act).get(name.casefold())
    if taken is not None and taken[0] != theme_id:
        raise ThemeProblem(f"There is already a theme named “{taken[1]}”.")


def add_theme(act: Action, name: str, *, color: str | None = None, description: str = "") -> int:
    """Append a theme at the end of the board; return its id."""
    name = _clean_name(name)
    _check_free(act, name)
    themes = schema.themes
    count, last = act.conn.execute(
        select(func.count(), func.max(themes.c.position)).where(
            themes.c.workspace_id == act.workspace_id
        )
    ).one()
    theme_id = act.conn.execute(
        themes.insert().values(
            workspace_id=act.workspace_id,
            name=name,
            color=_check_color(color) if color else PALETTE[count % len(PALETTE)],
            description=description,
            position=(last or 0) + 1 if count else 0,
            created_at=utcnow(),
        )
    ).inserted_primary_key[0]
    act.record(name, after={"theme_id": theme_id, "name": name}, action="theme.create")
    return theme_id


def seed_themes(act: Action) -> None:
    """Give a new workspace the seed categories every study starts from."""
    for name, color, description in SEED_THEMES:
        add_theme(act, name, color=color, description=description)


def theme_ids_by_name(themes: pd.DataFrame) -> dict[str, int]:
    """Theme ids keyed by case-folded name: 'pain points' finds 'Pain points'."""
    return {str(n).casefold(): int(i) for n, i in zip(themes["name"], themes["id"], strict=True)}


def create_theme(
    store: Store, workspace: str, name: str, *, color: str | None = None, description: str = ""
) -> int:
    with store.action(workspace, "theme.create", subject=name) as act:
        _check_unlocked(act)
        return add_theme(act, name, color=color, description=description)


def _theme(act: Action, theme_id: int) -> dict[str, Any]:
    row = (
        act.conn.execute(
            select(schema.themes).where(
                and_(
                    schema.themes.c.workspace_id == act.workspace_id, schema.themes.c.id == theme_id
                )
            )
        )
        .mappings()
        .one_or_none()
    )
    if row is None:
        raise ThemeProblem("That theme no longer exists; someone may have deleted it.")
    return dict(row)


def update_theme(
    store: Store,
    workspace: str,
    theme_id: int,
    *,
    name: str | None = None,
    color: str | None = None,
    description: str | None = None,
) -> None:
    """Rename, recolor or describe a theme."""
    with store.action(workspace, "theme.update", subject=str(theme_id)) as act:
        _check_unlocked(act)
        before = _theme(act, theme_id)
        changes: dict[str, Any] = {}
        if name is not None:
            name = _clean_name(name)
            _check_free(act, name, theme_id)
            changes["name"] = name
        if color is not None:
            changes["color"] = _check_color(color)
        if description is not None:
            changes["description"] = description.strip()
        if changes:
            act.conn.execute(
                schema.themes.update().where(schema.themes.c.id == theme_id).values(**changes)
            )
        act.record(
            before["name"],
            before={k: before[k] for k in changes},
            after=changes,
            action="theme.update",
        )


def move_theme(store: Store, workspace: str, theme_id: int, step: int) -> None:
    """Move a theme's column left (step -1) or right (step +1) on the board."""
    with store.action(workspace, "theme.reorder", subject=str(theme_id)) as act:
        _check_unlocked(act)
        themes = schema.themes
        order = [
            r.id
            for r in act.conn.execute(
                select(themes.c.id)
                .where(themes.c.workspace_id == act.workspace_id)
                .order_by(themes.c.position, themes.c.id)
            )
        ]
        if theme_id not in order:
            raise ThemeProblem("That theme no longer exists; someone may have deleted it.")
        i = order.index(theme_id)
        j = min(max(i + step, 0), len(order) - 1)
        order.insert(j, order.pop(i))
        for position, tid in enumerate(order):
            act.conn.execute(themes.update().where(themes.c.id == tid).values(position=position))
        act.record(str(theme_id), after={"order": order}, action="theme.reorder")


def _highlights_of_theme(act: Action, theme_id: int) -> list[str]:
    a = schema.assignments
    return list(
        act.conn.execute(
            select(a.c.highlight_id).where(
                and_(a.c.workspace_id == act.workspace_id, a.c.theme_id == theme_id)
            )
        ).scalars()
    )


def merge_themes(store: Store, workspace: str, source_id: int, target_id: int) -> int:
    """Move every card of ``source`` into ``target`` and delete ``source``; returns cards moved."""
    if source_id == target_id:
        raise ThemeProblem("Pick two different themes to merge.")
    with store.action(workspace, "theme.merge", subject=f"{source_id} into {target_id}") as act:
        _check_unlocked(act)
        source, target = _theme(act, source_id), _theme(act, target_id)
        moved = _highlights_of_theme(act, source_id)
        act.conn.execute(
            schema.assignments.update()
            .where(
                and_(
                    schema.assignments.c.workspace_id == act.workspace_id,
                    schema.assignments.c.theme_id == source_id,
                )
            )
            .values(theme_id=target_id, assigned_at=utcnow())
        )
        act.conn.execute(delete(schema.themes).where(schema.themes.c.id == source_id))
        act.record(
            f"{source['name']} into {target['name']}",
            before={"theme": source, "highlights": moved},
            after={"theme_id": target_id},
            action="theme.merge",
        )
        return len(moved)


def delete_theme(store: Store, workspace: str, theme_id: int) -> int:
    """Delete a theme; its cards go back to Unassigned. Returns how many highlights went back."""
    with store.action(workspace, "theme.delete", subject=str(theme_id)) as act:
        _check_unlocked(act)
        theme = _theme(act, theme_id)
        returned = _highlights_of_theme(act, theme_id)
        act.conn.execute(
            delete(schema.assignments).where(
                and_(
                    schema.assignments.c.workspace_id == act.workspace_id,
                    schema.assignments.c.theme_id == theme_id,
                )
            )
        )
        act.conn.execute(delete(schema.themes).where(schema.themes.c.id == theme_id))
        act.record(
            theme["name"], before={"theme": theme, "highlights": returned}, action="theme.delete"
        )
        return len(returned)


def set_locked(store: Store, workspace: str, locked: bool) -> None:
    """Lock the board (a workshop is on: an accidental drag changes nothing) or unlock it."""
    with store.action(workspace, "board.lock" if locked else "board.unlock") as act:
        act.conn.execute(
            schema.workspaces.update()
            .where(schema.workspaces.c.id == act.workspace_id)
            .values(locked=locked)
        )


# -- cards and moves -----------------------------------------------------------------


def card_table(data: WorkspaceData, groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every card (a group, or a highlight in no group) with its theme_id (None: unassigned).

    ``groups`` is ``grouping.group_table(data)`` when the caller has it already.
    """
    from insights.grouping import group_table

    cards = (group_table(data) if groups is None else groups).copy()
    cards["theme_id"] = card_themes(data, cards)
    return cards


def card_themes(data: WorkspaceData, cards: pd.DataFrame) -> pd.Series:
    """Each card's theme id (None: unassigned): the theme most of its highlights are in."""
    assigned = dict(
        zip(data.assignments["highlight_id"], data.assignments["theme_id"], strict=True)
    )
    members = [(at, h) for at, ids in enumerate(cards["highlight_ids"]) for h in ids]
    majority = majority_themes(
        [at for at, _ in members], [assigned.get(h) for _, h in members]
    ).to_dict()
    result = [int(majority[at]) if at in majority else None for at in range(len(cards))]
    return pd.Series(result, index=cards.index, dtype=object)


def majority_themes(keys: Iterable[Any], theme_ids: Iterable[int | None]) -> pd.Series:
    """The majority-theme rule, written once: for each key (a card, a group), the theme
    most of its highlights are in; a tie goes to the lowest theme id. Keys whose
    highlights are in no theme are left out. ``keys`` and ``theme_ids`` pair up, one
    pair a highlight.
    """
    frame = pd.DataFrame(
        {"key": list(keys), "theme": pd.array(list(theme_ids), dtype="Int64")}
    ).dropna(subset=["theme"])
    votes = frame.groupby(["key", "theme"]).size().reset_index(name="n")
    return (
        votes.sort_values(["key", "n", "theme"], ascending=[True, False, True])
        .drop_duplicates("key")
        .set_index("key")["theme"]
    )


def _current(act: Action, highlight_ids: Iterable[str]) -> dict[str, int | None]:
    ids = list(dict.fromkeys(highlight_ids))
    a = schema.assignments
    found = {
        h: t
        for h, t in act.conn.execute(
            select(a.c.highlight_id, a.c.theme_id).where(
                and_(a.c.workspace_id == act.workspace_id, a.c.highlight_id.in_(ids))
            )
        )
    }
    return {h: found.get(h) for h in ids}


def place(act: Action, placement: Mapping[str, int | None], origin: str) -> None:
    """Put each highlight in its theme (None: unassigned); themes since deleted mean unassigned."""
    if not placement:
        return
    a = schema.assignments
    act.conn.execute(
        delete(a).where(
            and_(a.c.workspace_id == act.workspace_id, a.c.highlight_id.in_(list(placement)))
        )
    )
    existing = set(
        act.conn.execute(
            select(schema.themes.c.id).where(schema.themes.c.workspace_id == act.workspace_id)
        ).scalars()
    )
    now = utcnow()
    rows = [
        {
            "workspace_id": act.workspace_id,
            "highlight_id": h,
            "theme_id": t,
            "origin": origin,
            "assigned_at": now,
        }
        for h, t in placement.items()
        if t is not None and t in existing
    ]
    if rows:
        act.conn.execute(a.insert(), rows)


@dataclass(frozen=True)
class Move:
    card: str  # card key
    highlight_ids: list[str]
    theme_id: int | None  # None: back to Unassigned


def assign(store: Store, workspace: str, moves: list[Move], *, via: str, describe: str = "") -> int:
    """Move cards to themes in one action; returns how many highlights moved.

    ``via`` says how ("drag", "table", "suggestion"), for the history.
    """
    placement = {h: move.theme_id for move in moves for h in move.highlight_ids}
    if not placement:
        return 0
    subject = f"{describe or plural(len(placement), 'highlight')} ({via})"
    with store.action(workspace, "themes.assign", subject=subject) as act:
        _check_unlocked(act)
        wanted = {t for t in placement.values() if t is not None}
        if wanted - _theme_ids(act):
            raise ThemeProblem(
                "A theme you moved cards to no longer exists; the page shows the board as it is."
            )
        before = _current(act, placement)
        changed = {h: t for h, t in placement.items() if before.get(h) != t}
        place(act, changed, "user")
        act.record(
            subject,
            before=[[h, before[h]] for h in changed],
            after=[[h, t] for h, t in changed.items()],
            action="themes.assign",
        )
        return len(changed)


def _theme_ids(act: Action) -> set[int]:
    return set(
        act.conn.execute(
            select(schema.themes.c.id).where(schema.themes.c.workspace_id == act.workspace_id)
        ).scalars()
    )


def move_stacks(store: Store, workspace: str) -> Stacks:
    """Moves that can be undone, and undone moves that can be redone."""
    with store.reading() as conn:
        info = store.workspace_in(conn, workspace)
        return stacks(conn, info.id, MOVES, UNDO, REDO)


def _replay(store: Store, workspace: str, step: Step, *, forward: bool) -> None:
    name = REDO if forward else UNDO
    with store.action(workspace, name, subject=str(step.event_id)) as act:
        _check_unlocked(act)
        snapshot = step.after if forward else step.before
        place(act, {h: t for h, t in snapshot}, "user")
        act.record(
            str(step.event_id),
            before=step.before if forward else step.after,
            after=snapshot,
            action=name,
        )


def undo_move(store: Store, workspace: str, *, expected: int | None = None) -> Step | None:
    """Put back the cards of the newest move; returns that move, or None if there is none.

    ``expected``: the event id of the move the person saw offered (see ``expected_step``).
    """
    step = expected_step(move_stacks(store, workspace).next_undo, expected, "undo")
    if step is not None:
        _replay(store, workspace, step, forward=False)
    return step


def redo_move(store: Store, workspace: str, *, expected: int | None = None) -> Step | None:
    """Make the move undone last again; returns it, or None."""
    step = expected_step(move_stacks(store, workspace).next_redo, expected, "redo")
    if step is not None:
        _replay(store, workspace, step, forward=True)
    return step

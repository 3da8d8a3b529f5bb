"""Save imported highlights and roadmap items into a workspace, losing nothing.

Rows are matched by their stable id. New rows are added, changed ones
updated, rows gone from the source are marked removed (and come back if they
return), and everything a person decided in the app is kept: a sheet's theme
column only fills in assignments nobody made by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import and_, bindparam, select

from insights import schema
from insights.errors import InsightsError
from insights.model import HIGHLIGHT_FIELDS, ROADMAP_FIELDS
from insights.store import Action, Store, utcnow
from insights.theme_assignment import add_theme, theme_ids_by_name


class ImportProblem(InsightsError):
    """The rows to import cannot be saved as they are."""


@dataclass(frozen=True)
class ImportFrames:
    """Mapped rows from one source, ready to save.

    ``highlights`` has the columns of ``HIGHLIGHT_FIELDS`` plus ``source_row``,
    ``extra`` (a dict of unmapped columns) and optionally ``theme``;
    ``roadmap`` has ``id``, ``ROADMAP_FIELDS``, ``source_row`` and ``extra``.
    """

    highlights: pd.DataFrame
    source: str
    source_kind: str
    roadmap: pd.DataFrame | None = None
    worksheet: str | None = None
    source_key: str = ""  # identity of the source; defaults to its name

    @property
    def key(self) -> str:
        return self.source_key or self.source


@dataclass(frozen=True)
class ChangeCounts:
    new: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.new} new, {self.changed} changed, "
            f"{self.removed} removed, {self.unchanged} unchanged"
        )


@dataclass(frozen=True)
class ImportSummary:
    highlights: ChangeCounts
    roadmap: ChangeCounts | None = None
    themes_created: list[str] = field(default_factory=list)
    assigned_from_source: int = 0
    batch_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_HIGHLIGHT_COMPARED = (*HIGHLIGHT_FIELDS[1:], "source_row", "extra")
_ROADMAP_COMPARED = (*ROADMAP_FIELDS, "source_row", "extra")


def apply_import(act: Action, frames: ImportFrames) -> ImportSummary:
    """Save one import inside an action that is already open."""
    now = utcnow()
    batch_id = act.conn.execute(
        schema.import_batches.insert().values(
            workspace_id=act.workspace_id,
            source=frames.source,
            source_key=frames.key,
            source_kind=frames.source_kind,
            worksheet=frames.worksheet,
            imported_at=now,
            summary={},
        )
    ).inserted_primary_key[0]

    same_source = set(
        act.conn.execute(
            select(schema.import_batches.c.id).where(
                and_(
                    schema.import_batches.c.workspace_id == act.workspace_id,
                    schema.import_batches.c.source_key == frames.key,
                )
            )
        ).scalars()
    )
    highlight_rows = _records(frames.highlights, HIGHLIGHT_FIELDS, "highlights")
    highlight_counts = _sync(
        act, schema.highlights, highlight_rows, _HIGHLIGHT_COMPARED, batch_id, same_source
    )
    roadmap_counts = None
    if frames.roadmap is not None:
        roadmap_rows = _records(frames.roadmap, ("id", *ROADMAP_FIELDS), "roadmap items")
        roadmap_counts = _sync(
            act, schema.roadmap_items, roadmap_rows, _ROADMAP_COMPARED, batch_id, same_source
        )

    created: list[str] = []
    assigned = 0
    if "theme" in frames.highlights.columns:
        created, assigned = _assign_source_themes(act, frames.highlights)

    summary = ImportSummary(
        highlights=highlight_counts,
        roadmap=roadmap_counts,
        themes_created=created,
        assigned_from_source=assigned,
        batch_id=batch_id,
    )
    act.conn.execute(
        schema.import_batches.update()
        .where(schema.import_batches.c.id == batch_id)
        .values(summary=summary.as_dict())
    )
    act.record(frames.source, after=summary.as_dict(), action="import")
    return summary


def _records(frame: pd.DataFrame, required: Iterable[str], what: str) -> list[dict[str, Any]]:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ImportProblem(f"The {what} are missing the columns {', '.join(missing)}.")
    ids = frame["id"].astype(str)
    if (ids.str.strip() == "").any():
        raise ImportProblem(f"Some {what} have an empty id. Fill the id column or unmap it.")
    duplicated = ids[ids.duplicated()].unique()
    if len(duplicated):  # plan_import names an id column's repeats; this guards other callers
        shown = ", ".join(duplicated[:5])
        raise ImportProblem(
            f"{len(duplicated)} id(s) are given to more than one of the {what} ({shown}). "
            "Nothing was saved. Each needs its own id."
        )
    records = []
    for row in frame.to_dict("records"):
        record = {k: v for k, v in row.items() if k != "theme"}
        record["id"] = str(record["id"])
        record["extra"] = dict(record.get("extra") or {})
        source_row = record.get("source_row")
        record["source_row"] = None if pd.isna(source_row) else int(source_row)
        if "interview_date" in record:
            record["interview_date"] = _as_date(record["interview_date"])
        records.append(record)
    return records


def _as_date(value: Any) -> date | None:
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value if isinstance(value, date) else None


def _sync(
    act: Action,
    table: Any,
    incoming: list[dict[str, Any]],
    compared: tuple[str, ...],
    batch_id: int,
    same_source: set[int],
) -> ChangeCounts:
    """Add, update, restore and remove rows; only rows from the same source can be removed."""
    conn, now = act.conn, utcnow()
    existing = {
        row["id"]: row
        for row in conn.execute(
            select(table).where(table.c.workspace_id == act.workspace_id)
        ).mappings()
    }
    new, changed, unchanged = [], [], 0
    for record in incoming:
        old = existing.get(record["id"])
        if old is None:
            new.append(record)
        elif old["removed"] or any(_differs(old[c], record.get(c)) for c in compared):
            changed.append(record)
        else:
            unchanged += 1
    seen = {r["id"] for r in incoming}
    gone = [
        i
        for i, row in existing.items()
        if i not in seen
        and not row["removed"]
        and not row["kept"]
        and row["import_batch_id"] in same_source
    ]

    columns = ("id", *compared)
    if new:
        conn.execute(
            table.insert(),
            [
                {
                    **{c: r.get(c) for c in columns},
                    "workspace_id": act.workspace_id,
                    "import_batch_id": batch_id,
                    "removed": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for r in new
            ],
        )
    key = and_(table.c.workspace_id == bindparam("b_ws"), table.c.id == bindparam("b_id"))
    if changed:
        conn.execute(
            table.update()
            .where(key)
            .values(
                {c: bindparam(f"b_{c}") for c in compared}
                | {"removed": False, "import_batch_id": batch_id, "updated_at": now}
            ),
            [
                {"b_ws": act.workspace_id, "b_id": r["id"]} | {f"b_{c}": r.get(c) for c in compared}
                for r in changed
            ],
        )
    if gone:
        conn.execute(
            table.update().where(key).values(removed=True, updated_at=now),
            [{"b_ws": act.workspace_id, "b_id": i} for i in gone],
        )
    return ChangeCounts(new=len(new), changed=len(changed), removed=len(gone), unchanged=unchanged)


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, str) or isinstance(new, str):
        return (old or "") != (new or "")
    return old != new


def _assign_source_themes(act: Action, frame: pd.DataFrame) -> tuple[list[str], int]:
    """Apply the sheet's theme column, never over an assignment a person made."""
    conn = act.conn
    themes = pd.DataFrame(
        conn.execute(
            select(schema.themes.c.id, schema.themes.c.name).where(
                schema.themes.c.workspace_id == act.workspace_id
            )
        ).fetchall(),
        columns=["id", "name"],
    )
    by_name = theme_ids_by_name(themes)
    created: list[str] = []
    a = schema.assignments
    current = {
        row.highlight_id: row
        for row in conn.execute(select(a).where(a.c.workspace_id == act.workspace_id))
    }
    now, assigned = utcnow(), 0
    rows = frame["source_row"] if "source_row" in frame.columns else [None] * len(frame)
    for highlight_id, theme_name, row in zip(
        frame["id"].astype(str), frame["theme"].fillna("").astype(str), rows, strict=True
    ):
        theme_name = theme_name.strip()
        existing = current.get(highlight_id)
        if existing is not None and existing.origin != "import":
            continue  # a person placed it: the sheet never moves it
        if not theme_name:
            if existing is not None:
                conn.execute(
                    a.delete().where(
                        and_(a.c.workspace_id == act.workspace_id, a.c.highlight_id == highlight_id)
                    )
                )
            continue
        theme_id = by_name.get(theme_name.casefold())
        if theme_id is None:
            try:
                theme_id = add_theme(act, theme_name)
            except InsightsError as error:  # say which row: the sheet is where to fix it
                where = f"row {row}" if row is not None and not pd.isna(row) else "a row"
                shown = theme_name if len(theme_name) <= 40 else f"{theme_name[:40]}…"
                raise ImportProblem(
                    f"The theme in {where}, “{shown}”, cannot be a theme: {error} "
                    "Shorten it in the source, or unmap the theme column. Nothing was saved."
                ) from None
            by_name[theme_name.casefold()] = theme_id
            created.append(theme_name)
        if existing is None:
            conn.execute(
                a.insert().values(
                    workspace_id=act.workspace_id,
                    highlight_id=highlight_id,
                    theme_id=theme_id,
                    origin="import",
                    assigned_at=now,
                )
            )
            assigned += 1
        elif existing.theme_id != theme_id:
            conn.execute(
                a.update()
                .where(and_(a.c.workspace_id == act.workspace_id, a.c.highlight_id == highlight_id))
                .values(theme_id=theme_id, assigned_at=now)
            )
            assigned += 1
    return created, assigned


def restore(store: Store, workspace: str, ids: Iterable[str], *, roadmap: bool = False) -> int:
    """Bring back rows that left their source; later re-imports keep them. Returns how many."""
    table = schema.roadmap_items if roadmap else schema.highlights
    ids = sorted(set(ids))
    if not ids:
        return 0
    with store.action(workspace, "restore", subject=", ".join(ids[:20])) as act:
        restored = act.conn.execute(
            table.update()
            .where(
                and_(
                    table.c.workspace_id == act.workspace_id,
                    table.c.id.in_(ids),
                    table.c.removed.is_(True),
                )
            )
            .values(removed=False, kept=True, updated_at=utcnow())
        ).rowcount
        act.record(
            "roadmap items" if roadmap else "highlights",
            before={"removed": ids},
            after={"restored": ids},
            action="restore",
        )
        return restored

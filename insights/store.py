"""The workspace store: the single source of truth for everything a team saves.

SQLAlchemy Core over any SQLAlchemy URL; SQLite (WAL mode) by default. Several
named workspaces live in one database. Every user action is one transaction
that bumps its workspace's revision and appends to the event log, so readers
can cache by ``(workspace id, revision)`` and later features can undo.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    create_engine,
    event,
    func,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from insights import migrations, schema
from insights.errors import (
    InvalidWorkspaceName,
    StoreUnavailable,
    WorkspaceExists,
    WorkspaceNotFound,
)
from insights.model import WorkspaceKind
from insights.people import current_actor
from insights.perf import paused_gc

MAX_WORKSPACE_NAME = 80
_SQLITE_BUSY_TIMEOUT_S = 30


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """Datetimes come back naive from SQLite; every stored time is UTC."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class WorkspaceInfo:
    id: int
    name: str
    kind: str
    revision: int
    locked: bool
    created_at: datetime
    updated_at: datetime
    settings: dict = field(default_factory=dict)  # per-workspace choices, e.g. grouping

    @property
    def is_sample(self) -> bool:
        return self.kind == WorkspaceKind.SAMPLE


@dataclass
class Action:
    """One user action in progress: one transaction on one workspace."""

    conn: Connection
    workspace: WorkspaceInfo
    name: str
    _recorded: bool = field(default=False, repr=False)

    @property
    def workspace_id(self) -> int:
        return self.workspace.id

    @property
    def revision(self) -> int:
        return self.workspace.revision

    def record(
        self,
        subject: str = "",
        *,
        before: Any = None,
        after: Any = None,
        action: str | None = None,
    ) -> None:
        """Append an event: what changed, with its state before and after (JSON)."""
        self.conn.execute(
            schema.events.insert().values(
                workspace_id=self.workspace_id,
                revision=self.revision,
                at=utcnow(),
                action=action or self.name,
                actor=current_actor(),
                subject=subject,
                before=before,
                after=after,
            )
        )
        self._recorded = True

    def held(self, table: Table, row_ids: Iterable[str]) -> set[str]:
        """Which of these ids this workspace has in ``table`` (ids from a page may be stale)."""
        wanted = {str(r) for r in row_ids}
        if not wanted:
            return set()
        found = self.conn.execute(
            select(table.c.id).where(
                and_(table.c.workspace_id == self.workspace_id, table.c.id.in_(wanted))
            )
        ).scalars()
        return {str(r) for r in found}

    def settings(self) -> dict[str, Any]:
        """The workspace's settings as they are inside this transaction (a copy to change)."""
        ws = schema.workspaces
        current = self.conn.execute(select(ws.c.settings).where(ws.c.id == self.workspace_id))
        return dict(current.scalar_one() or {})

    def save_settings(self, settings: dict[str, Any]) -> None:
        """Replace the workspace's settings (read them with ``settings`` first)."""
        ws = schema.workspaces
        self.conn.execute(ws.update().where(ws.c.id == self.workspace_id).values(settings=settings))

    def holds(self, table: Table, row_id: str) -> bool:
        """Whether this workspace has the row: ids from a page may be stale or from elsewhere."""
        found = self.conn.execute(
            select(table.c.id).where(
                and_(table.c.workspace_id == self.workspace_id, table.c.id == row_id)
            )
        ).first()
        return found is not None


def validate_workspace_name(name: str) -> str:
    """The name as it will be saved, or an error that says how to fix it."""
    cleaned = re.sub(r"\s+", " ", name or "").strip()
    if not cleaned:
        raise InvalidWorkspaceName("Give the workspace a name, for example “Spring 2026 study”.")
    if len(cleaned) > MAX_WORKSPACE_NAME:
        raise InvalidWorkspaceName(
            f"Workspace names can be up to {MAX_WORKSPACE_NAME} characters; "
            f"this one has {len(cleaned)}."
        )
    if any(ord(ch) < 32 for ch in cleaned):
        raise InvalidWorkspaceName("Workspace names cannot contain control characters.")
    return cleaned


def _json(value: Any) -> str:
    """JSON for the store's JSON columns; dates and times become ISO text."""
    return json.dumps(value, default=lambda v: v.isoformat() if hasattr(v, "isoformat") else str(v))


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, json_serializer=_json)

    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"timeout": _SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
        json_serializer=_json,
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # We open transactions ourselves (below), so that a writer takes the
        # write lock up front and waits for it, instead of failing half way.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("insights_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _workspace_from_row(row: Any) -> WorkspaceInfo:
    return WorkspaceInfo(
        id=row.id,
        name=row.name,
        kind=row.kind,
        revision=row.revision,
        locked=bool(row.locked),
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
        settings=dict(row.settings or {}),
    )


# Tables holding a workspace's data, children before parents, events excluded.
_DATA_TABLES: tuple[Table, ...] = tuple(
    table
    for table in reversed(schema.metadata.sorted_tables)
    if "workspace_id" in table.c and table is not schema.events
)


class Store:
    """A connection to the workspace database, migrated to the current schema on open."""

    def __init__(self, url: str) -> None:
        self.url = url
        # Called with (workspace id, revision) after each action commits: a tab learns its own.
        self.on_commit: list[Callable[[int, int], None]] = []
        try:
            self.engine = _make_engine(url)
            self._writer = self.engine.execution_options(insights_write=True)
            with self._writer.begin() as conn:
                migrations.upgrade(conn)
        except (SQLAlchemyError, OSError, ImportError) as error:
            raise StoreUnavailable(url, error) from None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions -------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """One consistent read: everything read inside sees the same commit."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction, not tied to a workspace (create, delete)."""
        with self._writer.begin() as conn:
            yield conn

    @contextmanager
    def action(
        self,
        workspace: str,
        name: str,
        subject: str = "",
        *,
        create: str | None = None,
        populate: Callable[[Action], None] | None = None,
    ) -> Iterator[Action]:
        """One user action on a workspace: a transaction, a new revision, an event.

        Everything done through ``action.conn`` commits together or not at all. With
        ``create`` (a workspace kind), a missing workspace is created (and filled by
        ``populate``) in the same transaction: if the action fails, it was never made.
        One made meanwhile by someone else is used as it is.
        """
        with self._writer.begin() as conn:
            if create is not None:
                self._create_if_missing(conn, workspace, create, populate)
            with self._action_in(conn, workspace, name, subject) as act:
                yield act
        for listener in self.on_commit:
            listener(act.workspace_id, act.revision)

    @contextmanager
    def _action_in(
        self, conn: Connection, workspace: str, name: str, subject: str
    ) -> Iterator[Action]:
        act = Action(conn=conn, workspace=self._bump_revision(conn, workspace), name=name)
        yield act
        if not act._recorded:
            act.record(subject)

    def _bump_revision(self, conn: Connection, workspace: str) -> WorkspaceInfo:
        ws = schema.workspaces
        updated = conn.execute(
            ws.update()
            .where(ws.c.name == workspace)
            .values(revision=ws.c.revision + 1, updated_at=utcnow())
        )
        if updated.rowcount == 0:
            raise WorkspaceNotFound(workspace)
        row = conn.execute(select(ws).where(ws.c.name == workspace)).one()
        return _workspace_from_row(row)

    # -- workspaces ---------------------------------------------------------

    def workspaces(self) -> list[WorkspaceInfo]:
        with self.reading() as conn:
            rows = conn.execute(select(schema.workspaces).order_by(schema.workspaces.c.name))
            return [_workspace_from_row(r) for r in rows]

    def workspace(self, name: str) -> WorkspaceInfo:
        with self.reading() as conn:
            return self.workspace_in(conn, name)

    @staticmethod
    def workspace_in(conn: Connection, name: str) -> WorkspaceInfo:
        """The workspace named ``name``, read inside an open transaction."""
        row = conn.execute(
            select(schema.workspaces).where(schema.workspaces.c.name == name)
        ).one_or_none()
        if row is None:
            raise WorkspaceNotFound(name)
        return _workspace_from_row(row)

    def has_workspace(self, name: str) -> bool:
        with self.reading() as conn:
            found = conn.execute(
                select(schema.workspaces.c.id).where(schema.workspaces.c.name == name)
            ).first()
            return found is not None

    def revision(self, name: str) -> tuple[int, int]:
        """(workspace id, revision): the key pages cache their reads by."""
        with self.reading() as conn:
            row = conn.execute(
                select(schema.workspaces.c.id, schema.workspaces.c.revision).where(
                    schema.workspaces.c.name == name
                )
            ).one_or_none()
        if row is None:
            raise WorkspaceNotFound(name)
        return row.id, row.revision

    def create_workspace(
        self,
        name: str,
        *,
        kind: str = WorkspaceKind.USER,
        populate: Callable[[Action], None] | None = None,
    ) -> WorkspaceInfo:
        """Add a workspace and fill it (``populate``) in one transaction."""
        name = validate_workspace_name(name)
        with self.writing() as conn:
            created = self._create_if_missing(conn, name, kind, populate)
            if created is None:  # it was there already, or another session made it just now
                raise WorkspaceExists(name)
            return created

    def _create_if_missing(
        self,
        conn: Connection,
        name: str,
        kind: str,
        populate: Callable[[Action], None] | None,
    ) -> WorkspaceInfo | None:
        """Create the workspace inside ``conn``'s transaction; None when it exists already.

        Two sessions may create one name at once. On SQLite the second waits for the
        first's write lock and then finds it; on PostgreSQL its insert waits for the
        first to commit and hits the unique name: a savepoint undoes just that insert,
        and the rest of the transaction goes on with the workspace the first one made.
        """
        name = validate_workspace_name(name)
        ws = schema.workspaces
        if conn.execute(select(ws.c.id).where(ws.c.name == name)).first() is not None:
            return None
        now = utcnow()
        try:
            with conn.begin_nested():
                conn.execute(
                    ws.insert().values(
                        name=name,
                        kind=str(kind),
                        revision=0,
                        locked=False,
                        settings={},
                        created_at=now,
                        updated_at=now,
                    )
                )
        except IntegrityError:  # another session created it a moment ago
            return None
        with self._action_in(conn, name, "workspace.create", name) as act:
            if populate is not None:
                populate(act)
            return act.workspace

    def delete_workspace(self, name: str) -> None:
        """Delete a workspace and everything in it, in one transaction."""
        with self.writing() as conn:
            info = self.workspace_in(conn, name)
            for table in (*_DATA_TABLES, schema.events):
                conn.execute(table.delete().where(table.c.workspace_id == info.id))
            conn.execute(schema.workspaces.delete().where(schema.workspaces.c.id == info.id))

    @staticmethod
    def clear(act: Action) -> None:
        """Remove a workspace's data (not its event log) within an action."""
        for table in _DATA_TABLES:
            act.conn.execute(table.delete().where(table.c.workspace_id == act.workspace_id))

    # -- reading a workspace --------------------------------------------------

    def load(self, name: str) -> WorkspaceData:
        """Everything a page needs from one workspace, read in one consistent snapshot."""
        with paused_gc(), self.reading() as conn:
            info = self.workspace_in(conn, name)
            frames = {key: _frame(conn, table, info.id) for key, table in _SNAPSHOT_TABLES.items()}
        return WorkspaceData(
            info=info, **frames, versions=dict.fromkeys(_SNAPSHOT_TABLES, info.revision)
        )

    @staticmethod
    def load_in(act: Action) -> WorkspaceData:
        """The workspace as this action sees it, its own changes included (not yet committed)."""
        frames = {
            key: _frame(act.conn, table, act.workspace_id)
            for key, table in _SNAPSHOT_TABLES.items()
        }
        versions = dict.fromkeys(_SNAPSHOT_TABLES, act.revision)
        return WorkspaceData(info=act.workspace, **frames, versions=versions)

    def refresh(self, previous: WorkspaceData) -> WorkspaceData:
        """The workspace now, reading again only the tables changed since ``previous``.

        The event log says which actions happened since; ``TOUCHES`` says which
        tables each action changes. An action not listed there means: read it all.
        """
        events = schema.events
        with paused_gc(), self.reading() as conn:
            info = self.workspace_in(conn, previous.info.name)
            if info.id != previous.info.id or info.revision < previous.info.revision:
                return self.load(previous.info.name)
            if info.revision == previous.info.revision:
                return previous
            actions = set(
                conn.execute(
                    select(events.c.action)
                    .where(
                        (events.c.workspace_id == info.id)
                        & (events.c.revision > previous.info.revision)
                    )
                    .distinct()
                ).scalars()
            )
            if not actions or any(a not in TOUCHES for a in actions):
                tables = set(_SNAPSHOT_TABLES)
            else:
                tables = set().union(*(TOUCHES[a] for a in actions))
            frames = {
                key: _frame(conn, _SNAPSHOT_TABLES[key], info.id)
                if key in tables
                else getattr(previous, key)
                for key in _SNAPSHOT_TABLES
            }
        versions = {**previous.versions, **dict.fromkeys(tables, info.revision)}
        return WorkspaceData(info=info, **frames, versions=versions)

    def event_log(self, name: str, limit: int | None = None) -> pd.DataFrame:
        """The workspace's events, newest first."""
        with self.reading() as conn:
            info = self.workspace_in(conn, name)
            query = (
                select(schema.events)
                .where(schema.events.c.workspace_id == info.id)
                .order_by(schema.events.c.id.desc())
            )
            if limit:
                query = query.limit(limit)
            return pd.DataFrame(conn.execute(query).mappings().all())

    def counts(self) -> dict[int, int]:
        """Highlights (not removed) per workspace id: the CLI's list and the sidebar."""
        hl = schema.highlights
        with self.reading() as conn:
            rows = conn.execute(
                select(hl.c.workspace_id, func.count())
                .where(hl.c.removed.is_(False))
                .group_by(hl.c.workspace_id)
            )
            return {workspace_id: count for workspace_id, count in rows}

    def integrity_check(self) -> str:
        """'ok' when the database file is sound (SQLite); other engines check themselves."""
        if self.dialect != "sqlite":
            return "ok"
        with self.engine.connect() as conn:
            return str(conn.execute(text("PRAGMA integrity_check")).scalar_one())


def _frame(conn: Connection, table: Table, workspace_id: int) -> pd.DataFrame:
    query = select(*[c for c in table.c if c.name != "workspace_id"]).where(
        table.c.workspace_id == workspace_id
    )
    primary = [c for c in table.primary_key.columns if c.name != "workspace_id"]
    query = query.order_by(*primary)
    result = conn.execute(query)
    # plain tuples: pandas probes Row objects attribute by attribute, which is slow
    return pd.DataFrame([tuple(row) for row in result], columns=list(result.keys()))


# The snapshot tables each action changes (besides the workspace row itself).
# An action missing here makes a refresh read every table: safe, only slower.
TOUCHES: dict[str, frozenset[str]] = {
    "themes.assign": frozenset({"assignments"}),
    "themes.undo": frozenset({"assignments"}),
    "themes.redo": frozenset({"assignments"}),
    "theme.create": frozenset({"themes"}),
    "theme.update": frozenset({"themes"}),
    "theme.reorder": frozenset({"themes"}),
    "theme.merge": frozenset({"themes", "assignments"}),
    "theme.delete": frozenset({"themes", "assignments"}),
    "board.lock": frozenset(),
    "board.unlock": frozenset(),
    "groups.run": frozenset({"clusters", "cluster_members"}),
    "groups.accept": frozenset({"clusters", "cluster_members"}),
    "groups.rename": frozenset({"clusters", "cluster_members"}),
    "groups.remove_member": frozenset({"clusters", "cluster_members"}),
    "groups.merge": frozenset({"clusters", "cluster_members"}),
    "groups.undo": frozenset({"clusters", "cluster_members"}),
    "groups.redo": frozenset({"clusters", "cluster_members"}),
    "insight.decide": frozenset({"decisions", "clusters"}),
    "insight.rate": frozenset({"insight_ratings", "clusters"}),
    "insight.vote": frozenset({"votes", "clusters"}),
    # "insight.weights" and "insight.copies" change the workspace settings, which the
    # ranking reads but which carry no table version: left out, so that a refresh
    # re-reads every table and no ranking cached by table versions outlives them.
    "roadmap.link": frozenset({"insight_roadmap_links", "clusters"}),
    "roadmap.unlink": frozenset({"insight_roadmap_links"}),
    "roadmap.review": frozenset({"insight_roadmap_links", "clusters"}),
    "quotes.update": frozenset({"quote_bank"}),
    "quotes.remove": frozenset({"quote_bank"}),
    "workshop.save": frozenset(),
}

# The tables a snapshot holds, by the WorkspaceData field that holds each.
_SNAPSHOT_TABLES: dict[str, Table] = {
    "highlights": schema.highlights,
    "themes": schema.themes,
    "assignments": schema.assignments,
    "clusters": schema.clusters,
    "cluster_members": schema.cluster_members,
    "roadmap_items": schema.roadmap_items,
    "insight_roadmap_links": schema.insight_roadmap_links,
    "votes": schema.votes,
    "decisions": schema.decisions,
    "insight_ratings": schema.insight_ratings,
    "quote_bank": schema.quote_bank,
    "import_batches": schema.import_batches,
}


@dataclass(frozen=True)
class WorkspaceData:
    """A read-only snapshot of one workspace at one revision."""

    info: WorkspaceInfo
    highlights: pd.DataFrame
    themes: pd.DataFrame
    assignments: pd.DataFrame
    clusters: pd.DataFrame
    cluster_members: pd.DataFrame
    roadmap_items: pd.DataFrame
    insight_roadmap_links: pd.DataFrame
    votes: pd.DataFrame
    decisions: pd.DataFrame
    insight_ratings: pd.DataFrame
    quote_bank: pd.DataFrame
    import_batches: pd.DataFrame
    # The revision at which each table was last read: a derived view (the card
    # table, say) is cached by the versions of the tables it reads.
    versions: dict[str, int] = field(default_factory=dict)

    def version_of(self, *tables: str) -> tuple[int, ...]:
        return tuple(self.versions.get(t, -1) for t in tables)

    @property
    def active_highlights(self) -> pd.DataFrame:
        """Highlights that still count: not removed from their source."""
        frame = self.highlights
        return frame[~frame["removed"].astype(bool)] if len(frame) else frame

    @property
    def ordered_themes(self) -> pd.DataFrame:
        """The themes in the order the person arranged them on the board."""
        frame = self.themes
        return frame.sort_values(["position", "id"]) if len(frame) else frame

    @property
    def removed_highlights(self) -> pd.DataFrame:
        """Highlights that left their source: kept, restorable, not counted."""
        frame = self.highlights
        return frame[frame["removed"].astype(bool)] if len(frame) else frame

    @property
    def active_roadmap(self) -> pd.DataFrame:
        frame = self.roadmap_items
        return frame[~frame["removed"].astype(bool)] if len(frame) else frame

"""Bring a store written by an older release up to the current schema.

A new database gets the current tables at once and is stamped with
``SCHEMA_VERSION``. An older one runs each step from its version up, inside
the caller's transaction, so a failed step leaves it as it was. A step
receives alembic's ``Operations``, whose DDL works on SQLite and PostgreSQL
alike (batch mode for SQLite's limited ALTER TABLE).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import Connection, MetaData, inspect, select

from insights.errors import SchemaTooNew, StoreError
from insights.schema import SCHEMA_VERSION, metadata, schema_info

if TYPE_CHECKING:  # alembic is imported only when an old store is upgraded: it costs a
    from alembic.operations import Operations  # third of a second at every start-up

Migration = Callable[["Operations"], None]


def _v2_restorable_rows_and_remembered_mappings(ops: Operations) -> None:
    """Release 0.2: imports know their source; restored rows stay; mappings are remembered."""
    ops.add_column(
        "import_batches",
        sa.Column("source_key", sa.String(500), nullable=False, server_default=""),
    )
    ops.execute("UPDATE import_batches SET source_key = source")
    for table in ("highlights", "roadmap_items"):
        ops.add_column(
            table, sa.Column("kept", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    ops.create_table(
        "source_mappings",
        sa.Column("source_key", sa.String(500), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def _v3_insight_ratings(ops: Operations) -> None:
    """Release 0.3: a severity per insight, for the priority score."""
    ops.create_table(
        "insight_ratings",
        sa.Column(
            "workspace_id",
            sa.Integer(),
            sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("insight_key", sa.String(64), primary_key=True),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def _v4_quote_bank_and_workshop_sessions(ops: Operations) -> None:
    """Release 0.4: testimonial candidates with consent; saved synthesis sessions."""

    def workspace() -> sa.ForeignKey:
        return sa.ForeignKey("workspaces.id", ondelete="CASCADE")

    ops.create_table(
        "quote_bank",
        sa.Column("workspace_id", sa.Integer(), workspace(), primary_key=True),
        sa.Column("highlight_id", sa.String(200), primary_key=True),
        sa.Column("consent", sa.String(20), nullable=False),
        sa.Column("attribution", sa.String(30), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    ops.create_table(
        "workshop_sessions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("workspace_id", sa.Integer(), workspace(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
    )


def _v5_text_vectors(ops: Operations) -> None:
    """Release 0.5: sentence vectors for grouping by meaning, computed once per text."""
    ops.create_table(
        "text_vectors",
        sa.Column(
            "workspace_id",
            sa.Integer(),
            sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("text_key", sa.String(40), primary_key=True),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
    )


def _v6_dot_votes(ops: Operations) -> None:
    """Release 0.6: one vote per person; the room's counts so far become the room's row."""
    ops.create_table(
        "dot_votes",
        sa.Column(
            "workspace_id",
            sa.Integer(),
            sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("insight_key", sa.String(64), primary_key=True),
        sa.Column("person", sa.String(320), primary_key=True),
        sa.Column("round", sa.Integer(), primary_key=True),
        sa.Column("dots", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    ops.execute(
        "INSERT INTO dot_votes (workspace_id, insight_key, person, round, dots, updated_at) "
        "SELECT workspace_id, insight_key, '(room)', 0, votes, updated_at FROM votes "
        "WHERE votes > 0"
    )


def _v7_who_did_what(ops: Operations) -> None:
    """Release 0.6: every event, decision, quote-bank change and session names its person."""
    for table, column in (
        ("events", "actor"),
        ("decisions", "decided_by"),
        ("quote_bank", "updated_by"),
        ("workshop_sessions", "saved_by"),
    ):
        ops.add_column(table, sa.Column(column, sa.String(320), nullable=False, server_default=""))


# Version N's step turns a version N-1 store into version N. Add a step here,
# bump SCHEMA_VERSION and change insights.schema in the same commit.
MIGRATIONS: dict[int, Migration] = {
    2: _v2_restorable_rows_and_remembered_mappings,
    3: _v3_insight_ratings,
    4: _v4_quote_bank_and_workshop_sessions,
    5: _v5_text_vectors,
    6: _v6_dot_votes,
    7: _v7_who_did_what,
}

_VERSION_KEY = "schema_version"


def current_version(conn: Connection) -> int | None:
    """The schema version stamped in the database, or None for an empty one."""
    if not inspect(conn).has_table(schema_info.name):
        return None
    value = conn.execute(
        select(schema_info.c.value).where(schema_info.c.key == _VERSION_KEY)
    ).scalar_one_or_none()
    return None if value is None else int(value)


def _stamp(conn: Connection, version: int) -> None:
    updated = conn.execute(
        schema_info.update().where(schema_info.c.key == _VERSION_KEY).values(value=str(version))
    )
    if updated.rowcount == 0:
        conn.execute(schema_info.insert().values(key=_VERSION_KEY, value=str(version)))


def upgrade(
    conn: Connection,
    *,
    target: int = SCHEMA_VERSION,
    migrations: Mapping[int, Migration] = MIGRATIONS,
    tables: MetaData = metadata,
) -> int:
    """Create or migrate the schema to ``target``; return the version found before."""
    found = current_version(conn)
    if found is None:
        if inspect(conn).has_table("workspaces"):
            raise StoreError(
                "This database holds workspace tables but no schema version, so it "
                "cannot be upgraded safely. Point INSIGHTS_DATABASE_URL at a new database."
            )
        tables.create_all(conn)
        _stamp(conn, target)
        return 0
    if found > target:
        raise SchemaTooNew(found, target)
    if found == target:
        return found
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    ops = Operations(MigrationContext.configure(conn))
    for version in range(found + 1, target + 1):
        step = migrations.get(version)
        if step is None:
            raise StoreError(f"No migration to schema version {version}; the release is broken.")
        step(ops)
        _stamp(conn, version)
    return found

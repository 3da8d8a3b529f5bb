"""The tables of the workspace store (SQLAlchemy Core, portable SQL only).

Every table but ``schema_info`` carries ``workspace_id``: several named
workspaces share one database. A change here needs a migration in
``insights.migrations`` and a bump of ``SCHEMA_VERSION``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

SCHEMA_VERSION = 7

metadata = MetaData()


def _workspace_fk(*, primary_key: bool = False) -> Column:
    return Column(
        "workspace_id",
        Integer,
        ForeignKey("workspaces.id", ondelete="CASCADE"),
        nullable=False,
        primary_key=primary_key,
    )


schema_info = Table(
    "schema_info",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(255), nullable=False),
)

workspaces = Table(
    "workspaces",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(20), nullable=False, default="user"),
    # Goes up by one on every write; pages cache reads by (workspace, revision).
    Column("revision", Integer, nullable=False, default=0),
    Column("locked", Boolean, nullable=False, default=False),
    Column("settings", JSON, nullable=False, default=dict),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # Never reuse the id of a deleted workspace: caches are keyed by (id, revision).
    sqlite_autoincrement=True,
)

import_batches = Table(
    "import_batches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _workspace_fk(),
    Column("source", Text, nullable=False),
    # Which source this was ("sheet:<key>", "file:<name>"): a re-import of the same
    # source removes the rows it no longer has, and leaves other sources' rows alone.
    Column("source_key", String(500), nullable=False, default="", server_default=""),
    Column("source_kind", String(20), nullable=False),
    Column("worksheet", String(255)),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    # {"highlights": {"new": n, "changed": n, "removed": n, "unchanged": n}, ...}
    Column("summary", JSON, nullable=False, default=dict),
)

highlights = Table(
    "highlights",
    metadata,
    # Composite key: a highlight id is stable within a workspace, not across them.
    _workspace_fk(primary_key=True),
    Column("id", String(200), primary_key=True),
    Column("text", Text, nullable=False),
    Column("participant", String(255), nullable=False, default=""),
    Column("segment", String(255), nullable=False, default=""),
    Column("focus", String(255), nullable=False, default=""),
    Column("interview_date", Date),
    Column("interviewer", String(255), nullable=False, default=""),
    Column("source_url", Text, nullable=False, default=""),
    Column("source_row", Integer),
    Column("import_batch_id", Integer, ForeignKey("import_batches.id", ondelete="SET NULL")),
    Column("removed", Boolean, nullable=False, default=False),
    # A person restored it after it left the source: re-imports no longer remove it.
    Column("kept", Boolean, nullable=False, default=False, server_default=false()),
    Column("extra", JSON, nullable=False, default=dict),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_highlights_workspace_removed", "workspace_id", "removed"),
)

themes = Table(
    "themes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _workspace_fk(),
    Column("name", String(200), nullable=False),
    Column("color", String(16), nullable=False, default="#607D8B"),
    Column("description", Text, nullable=False, default=""),
    Column("position", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("workspace_id", "name", name="uq_themes_workspace_name"),
)

clusters = Table(
    "clusters",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _workspace_fk(),
    Column("representative_id", String(200)),
    # The wording a person chose for the group; empty means the representative's text.
    Column("label", Text, nullable=False, default=""),
    Column("status", String(20), nullable=False, default="proposed"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

cluster_members = Table(
    "cluster_members",
    metadata,
    _workspace_fk(primary_key=True),
    Column("highlight_id", String(200), primary_key=True),
    Column("cluster_id", Integer, ForeignKey("clusters.id", ondelete="CASCADE"), nullable=False),
    Column("similarity", Float, nullable=False, default=100.0),
    ForeignKeyConstraint(
        ["workspace_id", "highlight_id"],
        ["highlights.workspace_id", "highlights.id"],
        ondelete="CASCADE",
    ),
)

assignments = Table(
    "assignments",
    metadata,
    _workspace_fk(primary_key=True),
    Column("highlight_id", String(200), primary_key=True),
    Column("theme_id", Integer, ForeignKey("themes.id", ondelete="CASCADE"), nullable=False),
    # "user" (a person placed it) or "import" (from the sheet's theme column)
    Column("origin", String(20), nullable=False, default="user"),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
    ForeignKeyConstraint(
        ["workspace_id", "highlight_id"],
        ["highlights.workspace_id", "highlights.id"],
        ondelete="CASCADE",
    ),
)

roadmap_items = Table(
    "roadmap_items",
    metadata,
    _workspace_fk(primary_key=True),
    Column("id", String(200), primary_key=True),
    Column("item", Text, nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("status", String(40), nullable=False, default=""),
    Column("target_quarter", String(40), nullable=False, default=""),
    Column("owner", String(255), nullable=False, default=""),
    Column("area", String(255), nullable=False, default=""),
    Column("source_row", Integer),
    Column("import_batch_id", Integer, ForeignKey("import_batches.id", ondelete="SET NULL")),
    Column("removed", Boolean, nullable=False, default=False),
    Column("kept", Boolean, nullable=False, default=False, server_default=false()),
    Column("extra", JSON, nullable=False, default=dict),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# An insight is a theme, a group (a cluster) or a highlight in no group; its key is an
# ``insights.model.InsightKey``: "theme:<id>", "cluster:<id>" or "highlight:<id>".
insight_roadmap_links = Table(
    "insight_roadmap_links",
    metadata,
    _workspace_fk(primary_key=True),
    Column("insight_key", String(64), primary_key=True),
    Column("roadmap_item_id", String(200), primary_key=True),
    # "confirmed" (a suggestion a person accepted), "manual" (a person added it),
    # "dismissed" (a suggestion a person turned down: never suggested again)
    Column("origin", String(20), nullable=False, default="manual"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

votes = Table(
    "votes",
    metadata,
    _workspace_fk(primary_key=True),
    Column("insight_key", String(64), primary_key=True),
    Column("votes", Integer, nullable=False, default=0),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Dot votes, one row per person, insight and voting round (insights.dots): who put
# how many dots where. ``votes`` above holds each insight's total, recomputed from
# these rows inside the transaction that changes them. The room's count, entered
# by hand in single-user mode, is the row of person ``(room)`` in round 0.
dot_votes = Table(
    "dot_votes",
    metadata,
    _workspace_fk(primary_key=True),
    Column("insight_key", String(64), primary_key=True),
    Column("person", String(320), primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("dots", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

decisions = Table(
    "decisions",
    metadata,
    _workspace_fk(primary_key=True),
    Column("insight_key", String(64), primary_key=True),
    Column("decision", String(40), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("decided_by", String(320), nullable=False, default="", server_default=""),
)

# How severe (or impactful) a person judges an insight, 1 to 5.
insight_ratings = Table(
    "insight_ratings",
    metadata,
    _workspace_fk(primary_key=True),
    Column("insight_key", String(64), primary_key=True),
    Column("severity", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# The quote bank: highlights marked as testimonial candidates, with the
# participant's consent and how they may be named.
quote_bank = Table(
    "quote_bank",
    metadata,
    _workspace_fk(primary_key=True),
    Column("highlight_id", String(200), primary_key=True),
    Column("consent", String(20), nullable=False, default="not asked"),
    Column("attribution", String(30), nullable=False, default="anonymous"),
    Column("note", Text, nullable=False, default=""),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(320), nullable=False, default="", server_default=""),
)

# A synthesis session's snapshot: the ranking, votes and decisions as they
# stood, so the next session can see what changed since.
workshop_sessions = Table(
    "workshop_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _workspace_fk(),
    Column("name", String(200), nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("saved_by", String(320), nullable=False, default="", server_default=""),
    Column("snapshot", JSON, nullable=False),
)

# Append-only: what happened, when, and the state before and after. Undo and
# history read it; nothing updates or deletes a row except deleting a workspace.
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _workspace_fk(),
    Column("revision", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("action", String(64), nullable=False),
    # Who did it: the signed-in person's email, or "you" in single-user mode.
    Column("actor", String(320), nullable=False, default="", server_default=""),
    Column("subject", Text, nullable=False, default=""),
    Column("before", JSON),
    Column("after", JSON),
    Index("ix_events_workspace_revision", "workspace_id", "revision"),
)

# Sentence vectors for grouping by meaning (insights.vectors), computed once per
# distinct text: the key is a hash of the model's name and the exact text, so a
# changed text or another model gets a new row. Derived data: no revision, no event.
text_vectors = Table(
    "text_vectors",
    metadata,
    _workspace_fk(primary_key=True),
    Column("text_key", String(40), primary_key=True),
    Column("vector", LargeBinary, nullable=False),  # float16, little-endian
)

# The column mapping a person confirmed for a source ("sheet:<key>:<worksheet>",
# "file:<name>"), offered again at its next import, in any workspace.
source_mappings = Table(
    "source_mappings",
    metadata,
    Column("source_key", String(500), primary_key=True),
    Column("kind", String(20), primary_key=True),  # "highlights" or "roadmap"
    Column("mapping", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

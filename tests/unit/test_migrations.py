"""Schema versions: a store written by an older release opens in a newer one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.operations import Operations

from insights import migrations
from insights.errors import SchemaTooNew, StoreError
from insights.schema import SCHEMA_VERSION, metadata
from insights.store import Store

FIXTURES = Path(__file__).parent.parent / "fixtures"
# Who did what (schema 7): the columns a store of an older release lacks.
V7_COLUMNS = (
    ("events", "actor"),
    ("decisions", "decided_by"),
    ("quote_bank", "updated_by"),
    ("workshop_sessions", "saved_by"),
)


def _columns(url: str) -> dict[str, set[str]]:
    engine = sa.create_engine(url)
    inspector = sa.inspect(engine)
    found = {t: {c["name"] for c in inspector.get_columns(t)} for t in inspector.get_table_names()}
    engine.dispose()
    return found


def _restore(dump: Path, target: Path) -> str:
    with sqlite3.connect(target) as conn:
        conn.executescript(dump.read_text(encoding="utf-8"))
    return f"sqlite:///{target}"


def test_a_new_store_is_stamped_with_the_current_version(store: Store) -> None:
    with store.reading() as conn:
        assert migrations.current_version(conn) == SCHEMA_VERSION
    assert set(_columns(store.url)) == set(metadata.tables)


def test_a_release_0_1_store_opens_with_all_its_work(tmp_path: Path) -> None:
    url = _restore(FIXTURES / "workspace_schema_v1.sql", tmp_path / "old.db")

    store = Store(url)

    data = store.load("Release 0.1 study")
    assert list(data.highlights["id"]) == ["A1", "A2", "A3"]
    assert data.highlights.set_index("id").loc["A1", "extra"] == {"Mood": "annoyed"}
    assert not data.highlights["kept"].any()  # added by the step to schema 2
    assert data.assignments.iloc[0]["highlight_id"] == "A1"
    assert data.decisions.iloc[0]["note"] == "Test a $35 threshold"
    assert int(data.votes.iloc[0]["votes"]) == 3
    assert len(data.cluster_members) == 2
    # After migrating, the old store has exactly the tables and columns of a new one.
    fresh = tmp_path / "fresh.db"
    Store(f"sqlite:///{fresh}").close()
    assert _columns(url) == _columns(f"sqlite:///{fresh}")
    assert store.integrity_check() == "ok"


def _add_sentiment(ops: Operations) -> None:
    ops.add_column("highlights", sa.Column("sentiment", sa.String(20), server_default="neutral"))


def test_upgrade_runs_each_missing_step_and_keeps_the_data(store: Store) -> None:
    with store.writing() as conn:
        conn.execute(sa.text("INSERT INTO schema_info (key, value) VALUES ('probe', 'kept')"))

    with store.writing() as conn:
        found = migrations.upgrade(
            conn, target=SCHEMA_VERSION + 1, migrations={SCHEMA_VERSION + 1: _add_sentiment}
        )

    assert found == SCHEMA_VERSION
    with store.reading() as conn:
        assert migrations.current_version(conn) == SCHEMA_VERSION + 1
        probe = conn.execute(sa.text("SELECT value FROM schema_info WHERE key = 'probe'"))
        assert probe.scalar_one() == "kept"
    assert "sentiment" in _columns(store.url)["highlights"]


def test_a_failing_step_leaves_the_store_as_it_was(store: Store) -> None:
    def broken(ops: Operations) -> None:
        ops.add_column("highlights", sa.Column("half", sa.Integer))
        raise RuntimeError("step failed")

    with pytest.raises(RuntimeError), store.writing() as conn:
        migrations.upgrade(conn, target=SCHEMA_VERSION + 1, migrations={SCHEMA_VERSION + 1: broken})

    with store.reading() as conn:
        assert migrations.current_version(conn) == SCHEMA_VERSION
    assert "half" not in _columns(store.url)["highlights"]


def test_a_store_from_a_newer_release_is_refused_with_advice(store: Store) -> None:
    with store.writing() as conn:
        conn.execute(sa.text("UPDATE schema_info SET value = '99' WHERE key = 'schema_version'"))

    with pytest.raises(SchemaTooNew, match=r"newer release.*Upgrade the app"):
        Store(store.url)


def test_a_database_with_our_tables_but_no_version_is_refused(sqlite_url: str) -> None:
    engine = sa.create_engine(sqlite_url)
    metadata.tables["workspaces"].create(engine)
    engine.dispose()

    with pytest.raises(StoreError, match="no schema version"):
        Store(sqlite_url)


def test_a_release_0_4_store_gains_the_text_vectors_table(store: Store) -> None:
    with store.writing() as conn:
        conn.execute(sa.text("DROP TABLE text_vectors"))
        conn.execute(sa.text("DROP TABLE dot_votes"))  # added by release 0.6
        for table, column in V7_COLUMNS:
            conn.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        conn.execute(sa.text("UPDATE schema_info SET value = '4' WHERE key = 'schema_version'"))
    store.close()

    reopened = Store(store.url)

    with reopened.reading() as conn:
        assert migrations.current_version(conn) == SCHEMA_VERSION
    assert _columns(store.url)["text_vectors"] == {"workspace_id", "text_key", "vector"}
    reopened.create_workspace("Study")
    from insights.vectors import stored_count, stored_vectors

    found = stored_vectors(reopened, "Study", ["The pump broke", "The pump broke"])
    assert found.shape == (2, 256) and stored_count(reopened, "Study") == 1
    reopened.close()

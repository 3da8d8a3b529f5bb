"""The workspace store: workspaces, actions, revisions and the event log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from insights import schema
from insights.errors import InvalidWorkspaceName, WorkspaceExists, WorkspaceNotFound
from insights.model import SAMPLE_WORKSPACE, SEED_THEMES
from insights.store import Store, validate_workspace_name
from insights.theme_assignment import add_theme
from insights.workspaces import create_workspace, ensure_sample, list_workspaces, reset_sample


def test_a_new_workspace_starts_with_the_seed_themes(store: Store) -> None:
    info = create_workspace(store, "  Spring   2026 study ")

    assert info.name == "Spring 2026 study"
    data = store.load("Spring 2026 study")
    assert list(data.themes.sort_values("position")["name"]) == [t[0] for t in SEED_THEMES]
    assert data.highlights.empty


def test_names_must_be_unique_and_sensible(store: Store) -> None:
    create_workspace(store, "Study")
    with pytest.raises(WorkspaceExists, match="already exists"):
        create_workspace(store, "Study")
    with pytest.raises(InvalidWorkspaceName, match="Give the workspace a name"):
        validate_workspace_name("   ")
    with pytest.raises(InvalidWorkspaceName, match="up to 80"):
        validate_workspace_name("x" * 81)
    with pytest.raises(InvalidWorkspaceName, match="control characters"):
        validate_workspace_name("bad\x07name")


def test_every_action_bumps_the_revision_and_logs_an_event(store: Store) -> None:
    create_workspace(store, "Study")
    workspace_id, before = store.revision("Study")

    with store.action("Study", "theme.create") as act:
        add_theme(act, "Shipping")
    with store.action("Study", "note", subject="nothing else") as act:
        pass

    assert store.revision("Study") == (workspace_id, before + 2)
    log = store.event_log("Study", limit=2)
    assert list(log["action"]) == ["note", "theme.create"]
    assert log.iloc[1]["after"]["name"] == "Shipping"
    assert list(log["revision"]) == [before + 2, before + 1]


def test_a_failed_action_changes_nothing(store: Store) -> None:
    create_workspace(store, "Study")
    revision = store.revision("Study")
    events = len(store.event_log("Study"))

    with pytest.raises(RuntimeError), store.action("Study", "theme.create") as act:
        add_theme(act, "Half done")
        raise RuntimeError("the network went away")

    assert store.revision("Study") == revision
    assert "Half done" not in set(store.load("Study").themes["name"])
    assert len(store.event_log("Study")) == events


def test_an_action_on_a_missing_workspace_says_so(store: Store) -> None:
    with (
        pytest.raises(WorkspaceNotFound, match="no workspace named “Nope”"),
        store.action("Nope", "anything"),
    ):
        pass


def test_deleting_a_workspace_removes_its_rows_and_only_its_rows(store: Store) -> None:
    ensure_sample(store)
    create_workspace(store, "Keep me")
    create_workspace(store, "Delete me")

    store.delete_workspace("Delete me")

    assert {w.info.name for w in list_workspaces(store)} == {SAMPLE_WORKSPACE, "Keep me"}
    with store.reading() as conn:
        ids = {w.id for w in store.workspaces()}
        for table in schema.metadata.sorted_tables:
            if "workspace_id" in table.c:
                orphans = conn.execute(
                    select(table.c.workspace_id).where(table.c.workspace_id.not_in(ids))
                ).first()
                assert orphans is None, table.name
    assert len(store.load("Keep me").themes) == len(SEED_THEMES)
    assert len(store.load(SAMPLE_WORKSPACE).highlights) > 0


def test_a_deleted_workspace_id_is_never_reused(store: Store) -> None:
    """Caches are keyed by (workspace id, revision): a reused id could show stale data."""
    first = create_workspace(store, "Study")
    store.delete_workspace("Study")
    second = create_workspace(store, "Study")
    assert second.id != first.id


def test_reset_sample_restores_it_and_keeps_the_revision_rising(store: Store) -> None:
    ensure_sample(store)
    original = store.load(SAMPLE_WORKSPACE)
    with store.action(SAMPLE_WORKSPACE, "theme.create") as act:
        add_theme(act, "Scribbles")
    with store.action(SAMPLE_WORKSPACE, "highlight.edit") as act:
        act.conn.execute(
            schema.highlights.update()
            .where(schema.highlights.c.workspace_id == act.workspace_id)
            .values(text="overwritten")
        )
    edited_revision = store.revision(SAMPLE_WORKSPACE)[1]

    summary = reset_sample(store)

    restored = store.load(SAMPLE_WORKSPACE)
    assert summary.highlights.new == len(original.highlights)
    assert "Scribbles" not in set(restored.themes["name"])
    assert list(restored.highlights["text"]) == list(original.highlights["text"])
    assert restored.info.revision > edited_revision
    assert store.event_log(SAMPLE_WORKSPACE, limit=1).iloc[0]["action"] == "workspace.reset"


def test_ensure_sample_does_not_touch_an_existing_sample(store: Store) -> None:
    first = ensure_sample(store)
    again = ensure_sample(store)
    assert again.revision == first.revision


def test_counts_skip_removed_highlights(store: Store) -> None:
    info = ensure_sample(store)
    with store.action(SAMPLE_WORKSPACE, "test.remove") as act:
        act.conn.execute(
            schema.highlights.update()
            .where(schema.highlights.c.id.in_(["H001", "H002"]))
            .values(removed=True)
        )
    data = store.load(SAMPLE_WORKSPACE)
    assert store.counts()[info.id] == len(data.highlights) - 2
    assert len(data.active_highlights) == len(data.highlights) - 2


def test_the_sqlite_store_is_in_wal_mode(sqlite_url: str) -> None:
    store = Store(sqlite_url)
    with store.engine.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar_one()
        foreign_keys = conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one()
    assert (mode, foreign_keys) == ("wal", 1)
    assert store.integrity_check() == "ok"


def test_a_refresh_rereads_only_what_changed_and_equals_a_full_load(store: Store) -> None:
    from insights.grouping import compute_merges, eligible, save_grouping
    from insights.theme_assignment import Move, assign, create_theme

    ensure_sample(store)
    before = store.load(SAMPLE_WORKSPACE)
    pain = int(before.themes.set_index("name").loc["Pain points", "id"])
    assign(store, SAMPLE_WORKSPACE, [Move("highlight:H001", ["H001"], pain)], via="test")

    after_drag = store.refresh(before)
    assert after_drag.highlights is before.highlights  # not read again
    assert after_drag.assignments is not before.assignments
    assert after_drag.version_of("assignments") == (after_drag.info.revision,)
    assert after_drag.version_of("highlights") == (before.info.revision,)
    now = store.load(SAMPLE_WORKSPACE)
    assert all(
        getattr(after_drag, t).equals(getattr(now, t))
        for t in ("highlights", "assignments", "themes")
    )

    create_theme(store, SAMPLE_WORKSPACE, "Shipping")
    highlights = eligible(after_drag)
    save_grouping(store, SAMPLE_WORKSPACE, highlights, compute_merges(highlights), 85)
    with store.action(SAMPLE_WORKSPACE, "test.unknown"):  # not in TOUCHES: read everything
        pass
    refreshed = store.refresh(after_drag)
    full = store.load(SAMPLE_WORKSPACE)
    for name in ("highlights", "themes", "assignments", "clusters", "cluster_members"):
        assert getattr(refreshed, name).equals(getattr(full, name)), name
    assert store.refresh(refreshed) is refreshed  # nothing new: the same snapshot

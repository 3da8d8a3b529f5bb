"""Saving an import: re-imports add, update, remove and restore, and keep people's work."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from insights import schema
from insights.importing import run_import
from insights.ingest import ImportFrames, ImportProblem, restore
from insights.store import Store, utcnow
from insights.workspaces import create_workspace


def _highlight(hid: str, text: str, theme: str = "", **fields) -> dict:
    return {
        "id": hid,
        "text": text,
        "participant": fields.get("participant", "Ana"),
        "segment": fields.get("segment", "One-time buyer"),
        "focus": fields.get("focus", "Customer"),
        "interview_date": fields.get("interview_date", date(2026, 3, 1)),
        "interviewer": "Dana",
        "source_url": "",
        "source_row": fields.get("source_row", 2),
        "extra": fields.get("extra", {}),
        "theme": theme,
    }


def _frames(*rows: dict, roadmap: pd.DataFrame | None = None) -> ImportFrames:
    return ImportFrames(
        highlights=pd.DataFrame(list(rows)),
        roadmap=roadmap,
        source="notes.csv",
        source_kind="csv",
    )


@pytest.fixture
def study(store: Store) -> Store:
    create_workspace(store, "Study")
    return store


def test_a_first_import_adds_everything(study: Store) -> None:
    summary = run_import(study, "Study", _frames(_highlight("1", "a"), _highlight("2", "b")))
    assert (summary.highlights.new, summary.highlights.unchanged) == (2, 0)
    assert sorted(study.load("Study").highlights["id"]) == ["1", "2"]


def test_a_reimport_counts_new_changed_removed_and_unchanged(study: Store) -> None:
    run_import(
        study, "Study", _frames(_highlight("1", "a"), _highlight("2", "b"), _highlight("3", "c"))
    )

    summary = run_import(
        study,
        "Study",
        _frames(_highlight("1", "a"), _highlight("2", "b, edited"), _highlight("4", "d")),
    )

    counts = summary.highlights
    assert (counts.new, counts.changed, counts.removed, counts.unchanged) == (1, 1, 1, 1)
    rows = study.load("Study").highlights.set_index("id")
    assert rows.loc["2", "text"] == "b, edited"
    assert bool(rows.loc["3", "removed"]) is True  # kept, marked removed, restorable
    assert str(counts) == "1 new, 1 changed, 1 removed, 1 unchanged"


def test_importing_another_source_leaves_the_first_sources_rows_alone(study: Store) -> None:
    run_import(study, "Study", _frames(_highlight("1", "a"), _highlight("2", "b")))
    other = ImportFrames(
        highlights=pd.DataFrame([_highlight("9", "from the survey")]),
        source="survey.csv",
        source_kind="csv",
    )

    summary = run_import(study, "Study", other)

    assert (summary.highlights.new, summary.highlights.removed) == (1, 0)
    assert not study.load("Study").highlights["removed"].any()


def test_a_row_that_comes_back_is_restored(study: Store) -> None:
    run_import(study, "Study", _frames(_highlight("1", "a"), _highlight("2", "b")))
    run_import(study, "Study", _frames(_highlight("1", "a")))
    summary = run_import(study, "Study", _frames(_highlight("1", "a"), _highlight("2", "b")))
    assert summary.highlights.changed == 1
    assert not study.load("Study").highlights["removed"].any()


def test_a_restored_row_stays_when_the_source_still_lacks_it(study: Store) -> None:
    run_import(study, "Study", _frames(_highlight("1", "a"), _highlight("2", "b")))
    run_import(study, "Study", _frames(_highlight("1", "a")))

    assert restore(study, "Study", ["2"]) == 1
    summary = run_import(study, "Study", _frames(_highlight("1", "a")))

    assert summary.highlights.removed == 0
    assert not study.load("Study").highlights["removed"].any()
    assert study.event_log("Study", limit=2).iloc[1]["action"] == "restore"


def test_the_sheet_theme_column_creates_themes_and_assigns(study: Store) -> None:
    summary = run_import(
        study,
        "Study",
        _frames(
            _highlight("1", "a", "Shipping"),
            _highlight("2", "b", "pain points"),
            _highlight("3", "c"),
        ),
    )
    data = study.load("Study")
    themes = data.themes.set_index("id")["name"]
    assigned = {r.highlight_id: themes[r.theme_id] for r in data.assignments.itertuples()}
    assert summary.themes_created == ["Shipping"]
    assert assigned == {"1": "Shipping", "2": "Pain points"}  # matched case-insensitively


def test_a_reimport_never_moves_a_card_a_person_placed(study: Store) -> None:
    run_import(
        study,
        "Study",
        _frames(_highlight("1", "a", "Pain points"), _highlight("2", "b", "Pain points")),
    )
    data = study.load("Study")
    love = int(data.themes.set_index("name").loc["Product love", "id"])
    with study.action("Study", "assign") as act:
        act.conn.execute(
            schema.assignments.update()
            .where(schema.assignments.c.highlight_id == "1")
            .values(theme_id=love, origin="user", assigned_at=utcnow())
        )

    run_import(
        study,
        "Study",
        _frames(_highlight("1", "a", "Customer behaviors"), _highlight("2", "b", "")),
    )

    data = study.load("Study")
    by_highlight = dict(
        zip(data.assignments["highlight_id"], data.assignments["theme_id"], strict=True)
    )
    assert by_highlight == {"1": love}  # the person's choice stays; the sheet's blank unassigns "2"


def test_roadmap_items_sync_like_highlights(study: Store) -> None:
    def roadmap(*items: tuple[str, str]) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "id": f"R-{name}",
                    "item": name,
                    "description": "",
                    "status": status,
                    "target_quarter": "",
                    "owner": "",
                    "area": "",
                    "source_row": 2,
                    "extra": {},
                }
                for name, status in items
            ]
        )

    run_import(
        study,
        "Study",
        _frames(_highlight("1", "a"), roadmap=roadmap(("Refills", "idea"), ("SMS", "planned"))),
    )
    summary = run_import(
        study, "Study", _frames(_highlight("1", "a"), roadmap=roadmap(("Refills", "planned")))
    )
    assert (summary.roadmap.changed, summary.roadmap.removed) == (1, 1)
    assert len(study.load("Study").active_roadmap) == 1


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [_highlight("1", "a"), _highlight("1", "b")],
            r"1 id\(s\) are given to more than one of the highlights \(1\)",
        ),
        ([_highlight("", "a")], "empty id"),
    ],
)
def test_a_bad_import_is_refused_and_changes_nothing(study: Store, rows, message) -> None:
    run_import(study, "Study", _frames(_highlight("keep", "already saved")))
    revision = study.revision("Study")

    with pytest.raises(ImportProblem, match=message):
        run_import(study, "Study", _frames(*rows))

    assert study.revision("Study") == revision
    assert list(study.load("Study").highlights["id"]) == ["keep"]

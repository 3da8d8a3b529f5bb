"""The two bundled sample workspaces: the raw study, and the same study already synthesized.

"Sample study" holds Fern & Foam's 285 interview highlights as they come
from the sheet, to try the whole path: group, sort, rank, decide.
"Sample study (synthesized)" is the same study after a team's synthesis, so
Insights, the Workshop and Export show their payoff on first open: its
groups accepted (repeated points by meaning, never opposite opinions), about
80% of the notes in the four seed themes, votes and decisions with their
roadmap links, the quote bank's consent answered, and one saved workshop
session, after which two more decisions were made. What the team decided is
bundled as CSV files in ``insights/data`` (written by reading every note),
so the sample does not change when the grouping engine does. Each sample is
made in one transaction: it is there whole, or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache

from sqlalchemy import and_, select

from insights import quote_bank, schema
from insights.decisions import decide, link_in, put_votes
from insights.errors import InvalidWorkspaceName
from insights.grouping import add_accepted_group, mark_grouped
from insights.importing import plan_import
from insights.ingest import ImportFrames, ImportSummary, apply_import
from insights.model import (
    DEFAULT_GROUPING_THRESHOLD,
    HIGHLIGHT_TEMPLATE,
    ROADMAP_TEMPLATE,
    SAMPLE_WORKSPACE,
    SYNTHESIZED_WORKSPACE,
    WorkspaceKind,
    group_key,
    theme_key,
)
from insights.near_duplicates import DEFAULT_METHOD, DEFAULT_SCORER
from insights.prioritize import prioritize
from insights.sessions import keep_session, snapshot
from insights.sources.sample import read_sample_rows, sample_tables
from insights.store import Action, Store, WorkspaceInfo
from insights.theme_assignment import place, seed_themes

QUOTE_BANK_FILE = "sample_quote_bank.csv"
SYNTHESIZED_QUOTE_BANK_FILE = "sample_synthesized_quote_bank.csv"
GROUPS_FILE = "sample_synthesized_groups.csv"
THEMES_FILE = "sample_synthesized_themes.csv"
DECISIONS_FILE = "sample_synthesized_decisions.csv"
SESSION_NAME = "Synthesis workshop 17 Mar 2026"


def sample_frames() -> ImportFrames:
    """The sample study, mapped with the sheet template and ready to save (a fresh copy)."""
    frames = _mapped_sample()
    return replace(
        frames,
        highlights=frames.highlights.copy(deep=True),
        roadmap=None if frames.roadmap is None else frames.roadmap.copy(deep=True),
    )


@cache
def _mapped_sample() -> ImportFrames:
    """Mapped once per process: both sample workspaces, and every reset, start from it."""
    return plan_import(sample_tables(), dict(HIGHLIGHT_TEMPLATE), dict(ROADMAP_TEMPLATE)).frames


def records(name: str) -> list[dict[str, str]]:
    """A bundled CSV as dicts keyed by its header, lowercased with underscores."""
    header, *rows = read_sample_rows(name)
    keys = [h.strip().casefold().replace(" ", "_") for h in header]
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _fill_raw(act: Action, quotes_file: str = QUOTE_BANK_FILE) -> ImportSummary:
    """The seed themes, the sample's highlights and roadmap, and its quote bank."""
    seed_themes(act)
    summary = apply_import(act, sample_frames())
    for entry in records(quotes_file):
        quote_bank.put(
            act,
            entry["highlight_id"],
            consent=entry["consent"],
            attribution=entry["attribution"],
            note=entry["note"],
        )
    return summary


def _fill_synthesized(act: Action) -> ImportSummary:
    """The raw study, then what the team made of it, with the session in the middle."""
    summary = _fill_raw(act, SYNTHESIZED_QUOTE_BANK_FILE)
    members: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for row in records(GROUPS_FILE):
        members.setdefault(row["group"], []).append(row["highlight_id"])
        labels[row["group"]] = row["label"]
    groups = {g: group_key(add_accepted_group(act, ids, labels[g])) for g, ids in members.items()}
    mark_grouped(act, DEFAULT_GROUPING_THRESHOLD, DEFAULT_SCORER, DEFAULT_METHOD)
    themes = _theme_ids(act)
    place(
        act,
        {r["highlight_id"]: themes[r["theme"].casefold()] for r in records(THEMES_FILE)},
        "user",
    )
    decided = records(DECISIONS_FILE)
    for row in decided:
        if row["after_session"] != "yes":
            _apply_decision(act, row, groups, themes)
    data = Store.load_in(act)
    ranked = prioritize(data)
    keep_session(act, SESSION_NAME, snapshot(data, ranked.themes, ranked.groups))
    for row in decided:
        if row["after_session"] == "yes":
            _apply_decision(act, row, groups, themes)
    return summary


def _theme_ids(act: Action) -> dict[str, int]:
    table = schema.themes
    rows = act.conn.execute(
        select(table.c.id, table.c.name).where(table.c.workspace_id == act.workspace_id)
    )
    return {name.casefold(): int(tid) for tid, name in rows}


def _roadmap_id(act: Action, item: str) -> str:
    table = schema.roadmap_items
    found = act.conn.execute(
        select(table.c.id).where(
            and_(table.c.workspace_id == act.workspace_id, table.c.item == item)
        )
    ).scalar_one_or_none()
    if found is None:
        raise ValueError(f"The synthesized sample links to a roadmap item it lacks: {item}")
    return found


def _apply_decision(
    act: Action, row: dict[str, str], groups: dict[str, str], themes: dict[str, int]
) -> None:
    """One row of the decisions file: a decision and note, dot votes, a roadmap link."""
    if row["kind"] == "group":
        key = groups[row["insight"]]
    else:
        key = theme_key(themes[row["insight"].casefold()])
    if row["decision"]:
        decide(act, key, row["decision"], row["note"])
    if int(row["votes"] or 0):
        put_votes(act, key, int(row["votes"]))
    if row["roadmap_item"]:
        link_in(act, key, _roadmap_id(act, row["roadmap_item"]))


SAMPLES: dict[str, Callable[[Action], ImportSummary]] = {
    SAMPLE_WORKSPACE: _fill_raw,
    SYNTHESIZED_WORKSPACE: _fill_synthesized,
}


def ensure_samples(store: Store) -> list[WorkspaceInfo]:
    """Both sample workspaces, each made from the bundled files if it is missing."""
    return [ensure_sample(store, name) for name in SAMPLES]


def ensure_sample(store: Store, name: str = SAMPLE_WORKSPACE) -> WorkspaceInfo:
    """One sample workspace, made from the bundled files if it is missing."""
    if store.has_workspace(name):
        return store.workspace(name)
    return store.create_workspace(name, kind=WorkspaceKind.SAMPLE, populate=SAMPLES[name])


def reset_sample(store: Store, name: str = SAMPLE_WORKSPACE) -> ImportSummary:
    """Put a sample back as shipped, in one action (its revision keeps rising)."""
    if name not in SAMPLES:
        raise InvalidWorkspaceName(f"“{name}” is not one of the bundled sample studies.")
    info = ensure_sample(store, name)
    if not info.is_sample:
        raise InvalidWorkspaceName(
            f"“{name}” is a workspace of your own, not the bundled sample; "
            "rename or delete it before resetting the sample."
        )
    with store.action(name, "workspace.reset", subject=name) as act:
        store.clear(act)
        summary = SAMPLES[name](act)
        act.record(name, action="workspace.reset")
        return summary

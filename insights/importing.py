"""An import from start to end: read tables, map columns, check, save.

The Import page and ``insights import`` both go through here, so a file and a
Google Sheet, the app and the command line, behave the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import and_, select

from insights import schema
from insights.errors import WorkspaceExists
from insights.ingest import ImportFrames, ImportProblem, ImportSummary, apply_import
from insights.model import FIELD_LABELS, WorkspaceKind
from insights.sources.dates import (
    DAY_FIRST,
    MONTH_FIRST,
    ambiguous_dates,
    order_of_locale,
    proofs,
    readings,
)
from insights.sources.mapping import (
    HIGHLIGHTS,
    ROADMAP,
    detect_mapping,
    map_highlights,
    map_roadmap,
    mapping_problems,
)
from insights.sources.table import RawTable, SourceTables
from insights.store import Action, Store, utcnow, validate_workspace_name
from insights.theme_assignment import seed_themes

# Highlights are notes and quotes; longer ones are imported but pointed out.
LONG_HIGHLIGHT = 2_000


@dataclass(frozen=True)
class DateQuestion:
    """Dates that can be read two ways, and nothing that says which: the person must say."""

    column: str
    example: str  # "03/04/2026"
    count: int  # how many dates are like it
    reason: str  # why it could not be settled

    @property
    def readings(self) -> dict[str, str]:
        """{day first: "3 April 2026", month first: "March 4, 2026"} for the example."""
        return readings(self.example)

    @property
    def message(self) -> str:
        r = self.readings
        return (
            f"The column “{self.column}” holds dates that can be read two ways: "
            f"{self.example} is {r[DAY_FIRST]} day first, or {r[MONTH_FIRST]} month first "
            f"({self.count} {'date is' if self.count == 1 else 'dates are'} like that), and "
            f"{self.reason}. Say whether its dates are day first or month first; nothing is "
            "saved until then."
        )


def _date_order(
    tables: SourceTables, values: pd.Series, chosen: str | None, column: str
) -> tuple[str | None, DateQuestion | None, str | None]:
    """(the order to read dates in, a question when it cannot be settled, a note saying why).

    The person's answer wins; then the sheet's locale, unless the dates contradict it;
    then what the dates themselves prove. Dates that read the same either way need none.
    """
    ambiguous = ambiguous_dates(values)
    if not ambiguous.any():
        return chosen, None, None
    example = str(values[ambiguous].iloc[0]).strip()
    said = readings(example)
    if chosen is not None:
        return chosen, None, f"Dates like {example} are read {chosen}, as you chose."
    by_locale = order_of_locale(tables.locale)
    by_locale = by_locale if by_locale in (DAY_FIRST, MONTH_FIRST) else None
    proven = proofs(values)
    if by_locale is not None and set(proven) <= {by_locale}:
        note = (
            f"Dates like {example} are read {by_locale} ({said[by_locale]}), as the sheet's "
            f"locale ({tables.locale}) writes them."
        )
        return by_locale, None, note
    if by_locale is None and len(proven) == 1:
        order, witness = next(iter(proven.items()))
        note = (
            f"Dates like {example} are read {order} ({said[order]}): “{column}” also holds "
            f"{witness}, which can only be {order}."
        )
        return order, None, note
    if by_locale is not None:
        other = next(o for o in proven if o != by_locale)
        reason = (
            f"the sheet's locale ({tables.locale}) writes dates {by_locale}, but "
            f"{proven[other]} can only be {other}"
        )
    elif proven:
        reason = (
            f"{proven[DAY_FIRST]} can only be day first while {proven[MONTH_FIRST]} can only "
            "be month first"
        )
    else:
        reason = "no date in the column settles it"
    return None, DateQuestion(column, example, int(ambiguous.sum()), reason), None


@dataclass(frozen=True)
class ImportPlan:
    """Mapped rows ready to save, and what the person should know first."""

    tables: SourceTables
    highlight_mapping: dict[str, str]
    roadmap_mapping: dict[str, str] | None
    frames: ImportFrames
    dropped_empty_rows: int
    dropped_without_text: int
    notes: list[str] = field(default_factory=list)
    date_order: str | None = None  # how dates like 03/04/2026 were read
    date_question: DateQuestion | None = None  # set when that must be asked first

    @property
    def highlight_count(self) -> int:
        return len(self.frames.highlights)

    @property
    def roadmap_count(self) -> int:
        return 0 if self.frames.roadmap is None else len(self.frames.roadmap)


def _mapping_key(tables: SourceTables, kind: str) -> str:
    sheet = tables.worksheet if kind == HIGHLIGHTS else tables.roadmap_worksheet
    return f"{tables.source_key}:{sheet}" if sheet else tables.source_key


def remembered_mapping(store: Store, tables: SourceTables, kind: str) -> dict[str, str] | None:
    """The mapping confirmed at this source's last import, if its columns are all still there."""
    table = tables.highlights if kind == HIGHLIGHTS else tables.roadmap
    if table is None:
        return None
    m = schema.source_mappings
    with store.reading() as conn:
        saved = conn.execute(
            select(m.c.mapping).where(
                and_(m.c.source_key == _mapping_key(tables, kind), m.c.kind == kind)
            )
        ).scalar_one_or_none()
    if not saved or any(header not in table.columns for header in saved):
        return None
    return {h: saved[h] for h in table.columns if saved.get(h)}


def suggested_mapping(store: Store | None, tables: SourceTables, kind: str) -> dict[str, str]:
    """What to offer: the remembered mapping, else one detected from headers and content."""
    remembered = remembered_mapping(store, tables, kind) if store is not None else None
    if remembered is not None:
        return remembered
    table = tables.highlights if kind == HIGHLIGHTS else tables.roadmap
    return detect_mapping(table.frame, kind) if table is not None else {}


def override_mapping(
    mapping: dict[str, str], overrides: dict[str, str | None], columns: list[str]
) -> dict[str, str]:
    """The mapping with some fields set by hand (``{field: column}``), as the CLI's options do."""
    result = dict(mapping)
    for target, header in overrides.items():
        if not header:
            continue
        if header not in columns:
            raise ImportProblem(
                f"There is no column “{header}”. The columns are: {', '.join(columns)}."
            )
        result = {h: f for h, f in result.items() if f != target and h != header}
        result[header] = target
    return {h: result[h] for h in columns if h in result}


def _check(mapping: dict[str, str], table: RawTable, kind: str, what: str) -> None:
    problems = mapping_problems(mapping, kind, table.columns)
    if problems:
        raise ImportProblem(f"The {what} mapping cannot be used: " + " ".join(problems))


def _check_id_column(highlights, mapping: dict[str, str]) -> None:
    """A mapped id column must name each highlight once; say which values repeat, and where."""
    column = next((h for h, f in mapping.items() if f == "id"), None)
    if column is None:
        return
    given = highlights[highlights["id"] != ""]
    rows_of = given.groupby("id", sort=False)["source_row"].agg(list)
    repeated = rows_of[rows_of.map(len) > 1]
    if repeated.empty:
        return
    shown = "; ".join(
        f"{value} (rows {', '.join(str(r) for r in rows[:-1])} and {rows[-1]})"
        for value, rows in repeated.head(5).items()
    )
    raise ImportProblem(
        f"The id column “{column}” repeats {len(repeated)} "
        f"{'value' if len(repeated) == 1 else 'values'}: {shown}. Each highlight "
        "needs its own id: fix those rows in the source, or unmap the id column to let the app "
        "make ids from the participant and the text."
    )


def plan_import(
    tables: SourceTables,
    highlight_mapping: dict[str, str],
    roadmap_mapping: dict[str, str] | None = None,
    *,
    date_order: str | None = None,
) -> ImportPlan:
    """Map the tables; refuse a mapping that cannot work, with what to change.

    ``date_order`` (``sources.dates.DAY_FIRST`` or ``MONTH_FIRST``) is the person's
    answer to ``ImportPlan.date_question``; a plan with a question open cannot be saved.
    """
    highlight_mapping = {h: f for h, f in highlight_mapping.items() if f}
    _check(highlight_mapping, tables.highlights, HIGHLIGHTS, "highlights")
    date_column = next((h for h, f in highlight_mapping.items() if f == "interview_date"), None)
    order = question = date_note = None
    if date_column is not None:
        values = tables.highlights.frame[date_column].fillna("").astype(str)
        order, question, date_note = _date_order(tables, values, date_order, date_column)
    highlights = map_highlights(
        tables.highlights.frame,
        highlight_mapping,
        tables.highlights.row_numbers,
        date_order=order,
    )
    _check_id_column(highlights, highlight_mapping)
    without_text = len(tables.highlights.frame) - len(highlights)
    if highlights.empty:
        text_column = next(h for h, f in highlight_mapping.items() if f == "text")
        raise ImportProblem(
            f"The column “{text_column}”, mapped to {FIELD_LABELS['text']}, is empty in every "
            "row. Map the column that holds the notes or quotes."
        )
    roadmap = None
    if tables.roadmap is not None and roadmap_mapping is not None:
        roadmap_mapping = {h: f for h, f in roadmap_mapping.items() if f}
        _check(roadmap_mapping, tables.roadmap, ROADMAP, "roadmap")
        roadmap = map_roadmap(tables.roadmap.frame, roadmap_mapping, tables.roadmap.row_numbers)

    notes = list(tables.highlights.notes)
    if date_note:
        notes.append(date_note)
    if tables.roadmap is not None:
        notes += [f"Roadmap: {n}" for n in tables.roadmap.notes]
    dropped_empty = tables.highlights.dropped_empty_rows
    if dropped_empty:
        notes.append(f"{dropped_empty} empty rows were dropped.")
    if without_text:
        notes.append(f"{without_text} rows have no highlight text and were dropped.")
    long_rows = highlights.loc[highlights["text"].str.len() > LONG_HIGHLIGHT, "source_row"]
    if len(long_rows):
        rows = ", ".join(str(r) for r in long_rows.head(5))
        notes.append(
            f"{len(long_rows)} highlights are longer than {LONG_HIGHLIGHT:,} characters "
            f"(row {rows}); they are imported in full, but a highlight reads best as one point."
        )
    frames = ImportFrames(
        highlights=highlights,
        roadmap=roadmap,
        source=tables.source,
        source_kind=tables.source_kind,
        worksheet=tables.worksheet,
        source_key=_mapping_key(tables, HIGHLIGHTS),
    )
    return ImportPlan(
        tables=tables,
        highlight_mapping=highlight_mapping,
        roadmap_mapping=roadmap_mapping if roadmap is not None else None,
        frames=frames,
        dropped_empty_rows=dropped_empty,
        dropped_without_text=without_text,
        notes=notes,
        date_order=order,
        date_question=question,
    )


def _remember(act: Action, tables: SourceTables, kind: str, mapping: dict[str, str]) -> None:
    m = schema.source_mappings
    key = _mapping_key(tables, kind)
    act.conn.execute(m.delete().where(and_(m.c.source_key == key, m.c.kind == kind)))
    act.conn.execute(
        m.insert().values(source_key=key, kind=kind, mapping=mapping, updated_at=utcnow())
    )


def run_import(
    store: Store, workspace: str, source: ImportPlan | ImportFrames, *, create: bool = False
) -> ImportSummary:
    """The one import entry point (the app, the CLI, the tests and bench): save an import
    into a workspace as one action, and remember the plan's mappings.

    ``source`` is a plan (read and mapped from a source) or frames already mapped.
    With ``create``, a workspace that does not exist is made (with the seed themes)
    in that same action: a failed or interrupted import leaves no workspace behind.
    """
    plan = source if isinstance(source, ImportPlan) else None
    frames = plan.frames if plan is not None else source
    if plan is not None and plan.date_question is not None:
        raise ImportProblem(plan.date_question.message)
    new = {"create": WorkspaceKind.USER, "populate": seed_themes} if create else {}
    with store.action(workspace, "import", subject=frames.source, **new) as act:
        summary = apply_import(act, frames)
        if plan is not None:
            _remember(act, plan.tables, HIGHLIGHTS, plan.highlight_mapping)
            if plan.roadmap_mapping is not None:
                _remember(act, plan.tables, ROADMAP, plan.roadmap_mapping)
        return summary


def import_into_new_workspace(
    store: Store, name: str, plan: ImportPlan
) -> tuple[str, ImportSummary]:
    """Import into a workspace made for it (the Import page's "A new workspace").

    A name already in use is refused, so nobody's workspace is mixed up with the
    new one by mistake; a workspace of that name created by someone else during
    this import is not an error: the rows go into it. Returns the name as saved.
    """
    name = validate_workspace_name(name)
    if store.has_workspace(name):
        raise WorkspaceExists(name)
    return name, run_import(store, name, plan, create=True)

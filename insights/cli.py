"""The ``insights`` command: the app's steps, headless. It calls the same functions."""

from __future__ import annotations

import json
import os

import click

from insights.errors import InsightsError
from insights.model import DEFAULT_GROUPING_THRESHOLD, FIELD_LABELS, MIN_GROUPING_THRESHOLD
from insights.settings import database_url
from insights.wording import plural

# Heavy modules are imported by the commands that need them: `insights dedupe`
# on a CSV should not pay for the database, Google Sheets or Streamlit.


class _Context:
    def __init__(self, url: str | None) -> None:
        self.url = url or database_url()
        self._store = None

    @property
    def store(self):
        from insights.store import Store

        if self._store is None:
            try:
                self._store = Store(self.url)
            except InsightsError as error:
                raise click.ClickException(str(error)) from None
        return self._store


pass_context = click.make_pass_decorator(_Context)

DEBUG_SETTING = "INSIGHTS_DEBUG"


class _Commands(click.Group):
    """Every failure ends as one line on stderr and exit status 1, never a traceback.

    Errors of ours carry their own message; anything else (a store that breaks
    half way, a bug) is named in one line. INSIGHTS_DEBUG=1 shows the traceback.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except InsightsError as error:
            raise click.ClickException(str(error)) from None
        except Exception as error:
            if os.environ.get(DEBUG_SETTING):
                raise
            from sqlalchemy.exc import SQLAlchemyError

            from insights.errors import StoreUnavailable

            if isinstance(error, SQLAlchemyError):
                url = ctx.obj.url if ctx.obj else ""
                message = str(StoreUnavailable(url, error, doing="used"))
            else:
                detail = " ".join(str(error).split())[:200]
                message = (
                    f"Unexpected error ({type(error).__name__}: {detail}). What was saved before "
                    f"is kept. Run again with {DEBUG_SETTING}=1 for the details, and report it."
                )
            raise click.ClickException(message) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--database",
    metavar="URL",
    envvar="INSIGHTS_DATABASE_URL",
    help="SQLAlchemy URL of the workspace store "
    "[default: sqlite:///.insights/insights.db under the working folder].",
)
@click.version_option(package_name="interview-insights")
@click.pass_context
def main(ctx: click.Context, database: str | None) -> None:
    """Turn customer-interview highlights into prioritized, evidence-backed insights."""
    ctx.obj = _Context(database)


@main.group()
def workspaces() -> None:
    """List, create, delete workspaces, and reset the sample study."""


@workspaces.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_context
def list_command(obj: _Context, as_json: bool) -> None:
    """Every workspace with its highlights and revision."""
    from insights.workspaces import list_workspaces

    rows = [
        {
            "name": item.info.name,
            "kind": item.info.kind,
            "highlights": item.highlights,
            "revision": item.info.revision,
            "updated": f"{item.info.updated_at:%Y-%m-%d %H:%M} UTC",
        }
        for item in list_workspaces(obj.store)
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo(
            "No workspaces yet. Create one with `insights workspaces create NAME`, "
            "or load the sample study with `insights workspaces reset-sample`."
        )
        return
    print_table(rows)


def print_table(rows: list[dict]) -> None:
    """Rows of the same keys as a plain table: upper-case headers, columns padded."""
    headers = list(rows[0])
    widths = {h: max(len(h), *(len(str(r[h])) for r in rows)) for h in headers}
    click.echo("  ".join(h.upper().ljust(widths[h]) for h in headers).rstrip())
    for row in rows:
        click.echo("  ".join(str(row[h]).ljust(widths[h]) for h in headers).rstrip())


def _run(action, *args):
    try:
        return action(*args)
    except InsightsError as error:
        raise click.ClickException(str(error)) from None


@workspaces.command("create")
@click.argument("name")
@pass_context
def create_command(obj: _Context, name: str) -> None:
    """Create an empty workspace with the seed themes."""
    from insights.workspaces import create_workspace

    info = _run(create_workspace, obj.store, name)
    click.echo(f"Created workspace “{info.name}”.")


@workspaces.command("delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def delete_command(obj: _Context, name: str, yes: bool) -> None:
    """Delete a workspace and everything in it."""
    from insights.workspaces import delete_workspace

    if not yes:
        click.confirm(f"Delete “{name}” and everything in it? This cannot be undone", abort=True)
    _run(delete_workspace, obj.store, name)
    click.echo(f"Deleted workspace “{name}”.")


@workspaces.command("reset-sample")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def reset_sample_command(obj: _Context, yes: bool) -> None:
    """Put the sample study back as shipped (creates it if missing)."""
    from insights.workspaces import reset_sample

    if not yes:
        click.confirm("Replace everything in the sample study with the original?", abort=True)
    summary = _run(reset_sample, obj.store)
    roadmap = summary.roadmap.new if summary.roadmap else 0
    click.echo(f"Sample study reset: {summary.highlights.new} highlights, {roadmap} roadmap items.")


_COLUMN_OPTIONS = {
    "text": "--text-column",
    "participant": "--participant-column",
    "segment": "--segment-column",
    "focus": "--focus-column",
    "interview_date": "--date-column",
    "interviewer": "--interviewer-column",
    "source_url": "--source-column",
    "theme": "--theme-column",
    "id": "--id-column",
}


def _column_overrides(function):
    for field, flag in reversed(_COLUMN_OPTIONS.items()):
        function = click.option(
            flag,
            field,
            metavar="COL",
            help=f"The column that holds the {FIELD_LABELS[field].lower()}.",
        )(function)
    return function


def _describe(mapping: dict[str, str]) -> str:
    return ", ".join(f"{header} → {field}" for header, field in mapping.items()) or "(nothing)"


@main.command("import")
@click.argument("source")
@click.option(
    "--worksheet", metavar="NAME", help="The highlights worksheet (a sheet, or an Excel sheet)."
)
@click.option(
    "--roadmap-worksheet",
    metavar="NAME",
    help="The roadmap worksheet, in the same sheet or workbook.",
)
@click.option(
    "--roadmap-file",
    metavar="PATH",
    type=click.Path(dir_okay=False),
    help="A roadmap CSV/XLSX file.",
)
@click.option(
    "--workspace",
    metavar="NAME",
    help="Import into this workspace [default: one named after the source].",
)
@click.option(
    "--output",
    metavar="FILE.csv",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the mapped highlights to a CSV instead of saving them.",
)
@click.option("--encoding", metavar="NAME", help="The CSV's encoding, if detection gets it wrong.")
@click.option(
    "--day-first/--month-first",
    "day_first",
    default=None,
    help="How dates like 03/04/2026 are written, when nothing in the source says.",
)
@_column_overrides
@pass_context
def import_command(
    obj: _Context,
    source: str,
    worksheet: str | None,
    roadmap_worksheet: str | None,
    roadmap_file: str | None,
    workspace: str | None,
    output: str | None,
    encoding: str | None,
    day_first: bool | None,
    **columns: str | None,
) -> None:
    """Import highlights (and a roadmap) from SOURCE: a sheet link or key, or a CSV/XLSX file.

    The column mapping is detected, printed, and can be overridden with the
    --…-column options. It never prompts.
    """
    from insights.export_formats import write_highlights_csv
    from insights.sources.reading import default_workspace_name, read_source

    tables = _run(read_source, source, worksheet, roadmap_worksheet, roadmap_file, encoding)
    plan = _plan_import(obj.store if output is None else None, tables, columns, day_first)
    if output is not None:
        rows = write_highlights_csv(plan.frames.highlights, output)
        click.echo(f"Wrote {rows} highlights to {output}.")
        return
    _save_import(obj.store, workspace or default_workspace_name(tables), plan)


def _plan_import(store, tables, columns: dict[str, str | None], day_first: bool | None):
    """The import plan: the detected mapping with the --…-column overrides, printed."""
    from insights.importing import override_mapping, plan_import, suggested_mapping
    from insights.sources.dates import DAY_FIRST, MONTH_FIRST
    from insights.sources.mapping import HIGHLIGHTS, ROADMAP

    mapping = _run(
        override_mapping,
        suggested_mapping(store, tables, HIGHLIGHTS),
        columns,
        tables.highlights.columns,
    )
    roadmap_mapping = (
        suggested_mapping(store, tables, ROADMAP) if tables.roadmap is not None else None
    )
    click.echo(f"Highlights: {_describe(mapping)}")
    if roadmap_mapping is not None:
        click.echo(f"Roadmap: {_describe(roadmap_mapping)}")
    order = None if day_first is None else (DAY_FIRST if day_first else MONTH_FIRST)
    plan = _run(lambda: plan_import(tables, mapping, roadmap_mapping, date_order=order))
    for note in plan.notes:
        click.echo(f"Note: {note}")
    if plan.date_question is not None:
        raise click.ClickException(
            f"{plan.date_question.message} Run again with --day-first or --month-first."
        )
    return plan


def _save_import(store, name: str, plan) -> None:
    """Run the plan into the workspace NAME and say what changed."""
    from insights.importing import run_import

    # created in the import's own transaction: a failed import leaves no empty workspace
    summary = _run(lambda: run_import(store, name, plan, create=True))
    click.echo(f"Imported into “{name}”: highlights {summary.highlights}.")
    if summary.roadmap is not None:
        click.echo(f"Roadmap items: {summary.roadmap}.")
    if summary.themes_created:
        click.echo(f"New themes from the sheet: {', '.join(summary.themes_created)}.")


@main.command("dedupe")
@click.argument("input_csv", metavar="INPUT.csv", type=click.Path(exists=True, dir_okay=False))
@click.option("--text-column", required=True, metavar="COL", help="The column to compare.")
@click.option(
    "--participant-column",
    metavar="COL",
    help="Who said it: tells one person repeating from several agreeing.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(MIN_GROUPING_THRESHOLD, 100),
    default=DEFAULT_GROUPING_THRESHOLD,
    show_default=True,
    help="How alike two texts must be (0 to 100) to count as the same point.",
)
@click.option(
    "--method",
    type=click.Choice(["meaning", "wording"]),
    default="meaning",
    show_default=True,
    help="meaning: by meaning and wording (a local model, nothing leaves the machine); "
    "wording: by wording only.",
)
@click.option(
    "--output", required=True, metavar="OUT.csv", type=click.Path(dir_okay=False, writable=True)
)
@click.option("--encoding", metavar="NAME", help="The CSV's encoding, if detection gets it wrong.")
def dedupe_command(
    input_csv: str,
    text_column: str,
    participant_column: str | None,
    threshold: float,
    method: str,
    output: str,
    encoding: str | None,
) -> None:
    """Group the rows of INPUT.csv that say the same thing; write them all to OUT.csv.

    Every row is written in its input order with cluster_id, cluster_size,
    representative, similarity (to the representative) and feedback (no for
    a note with nothing to act on, such as "thanks!": never grouped) added. Same engine
    and defaults as the app.
    """
    from insights.dedupe_file import dedupe_file

    summary = _run(
        lambda: dedupe_file(
            input_csv,
            output,
            text_column=text_column,
            participant_column=participant_column,
            threshold=threshold,
            method=method,
            encoding=encoding,
        )
    )
    click.echo(
        f"{plural(summary.rows, 'row')}: {plural(summary.groups, 'group')} of two or more "
        f"{'holds' if summary.groups == 1 else 'hold'} {plural(summary.grouped_rows, 'row')} "
        f"(threshold {threshold:g}). Wrote {output}."
    )
    if summary.not_feedback:
        click.echo(
            f"{plural(summary.not_feedback, 'row')} {'is' if summary.not_feedback == 1 else 'are'}"
            ' not feedback ("thanks!", "ok"): not grouped, marked feedback=no.'
        )
    if participant_column:
        click.echo(
            f"{summary.repeating} of those groups {'is' if summary.repeating == 1 else 'are'} "
            "one participant repeating."
        )


EXPORT_FORMATS = ("csv", "xlsx", "md", "sheet")


@main.command("export")
@click.option("--workspace", required=True, metavar="NAME", help="The workspace to export.")
@click.option(
    "--format",
    "kind",
    required=True,
    type=click.Choice(EXPORT_FORMATS),
    help="csv, xlsx (five sheets), md (Markdown), or sheet (write back to the Google Sheet).",
)
@click.option(
    "--output",
    metavar="FILE",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    help="Where to write the file ('-' for the terminal) [default: a dated name in this folder].",
)
@click.option(
    "--sheet",
    metavar="URL",
    help="The Google Sheet to write to [default: the sheet the workspace was imported from].",
)
@click.option(
    "--level",
    type=click.Choice(["theme", "group"]),
    default="theme",
    show_default=True,
    help="Rank themes, or the groups within them.",
)
@click.option("--theme", "themes", multiple=True, metavar="NAME", help="Only this theme (repeat).")
@click.option("--segment", "segments", multiple=True, metavar="NAME", help="Only this segment.")
@click.option("--focus", multiple=True, metavar="AREA", help="Only this focus area.")
@click.option("--participant", "participants", multiple=True, metavar="NAME")
@click.option("--text", default="", metavar="WORDS", help="Only highlights holding these words.")
@click.option(
    "--write-themes",
    "theme_worksheet",
    metavar="WORKSHEET",
    help="With --format sheet: also write each highlight's theme into this worksheet's "
    "Theme column.",
)
@pass_context
def export_command(
    obj: _Context,
    workspace: str,
    kind: str,
    output: str | None,
    sheet: str | None,
    level: str,
    themes: tuple[str, ...],
    segments: tuple[str, ...],
    focus: tuple[str, ...],
    participants: tuple[str, ...],
    text: str,
    theme_worksheet: str | None,
) -> None:
    """Export the prioritized list, as the Insights page shows it with the same filters.

    Formulas are neutralized in every format, and the quote bank's consent is honoured.
    """
    from insights import prioritize
    from insights.filters import InsightFilter

    data = _run(obj.store.load, workspace)
    view = InsightFilter(
        themes=themes, segments=segments, focus=focus, participants=participants, text=text
    )
    result = prioritize.prioritize(data, view, level)
    if kind == "sheet":
        click.echo(_write_to_sheet(obj, result, sheet, theme_worksheet))
        return
    if theme_worksheet or sheet:
        raise click.UsageError("--sheet and --write-themes go with --format sheet.")
    click.echo(_export_file(result, workspace, kind, output, level), nl=False)


def _export_file(result, workspace: str, kind: str, output: str | None, level: str) -> str:
    """Write the ranked list as KIND to OUTPUT; what to print (the content, for '-')."""
    from insights import export_formats

    content = {
        "csv": lambda: export_formats.to_csv(export_formats.insight_rows(result)),
        "xlsx": lambda: export_formats.workbook(result),
        "md": lambda: export_formats.to_markdown(result, workspace).encode("utf-8"),
    }[kind]()
    if output == "-":
        if kind == "xlsx":
            raise click.UsageError("An Excel workbook cannot go to the terminal; name a file.")
        return content
    target = output or export_formats.file_name(workspace, "prioritized insights", kind)
    with open(target, "wb") as file:
        file.write(content)
    unit = "groups" if level == "group" else "themes"
    return f"Wrote {len(result.ranked)} {unit} to {target}.\n"


def _write_to_sheet(obj: _Context, result, sheet: str | None, theme_worksheet: str | None) -> str:
    from insights.settings import streamlit_secrets
    from insights.sources.credentials import resolve_credentials
    from insights.sources.sheets import configured_endpoint, open_client
    from insights.writeback import describe, imported_sheets, publish

    imported = imported_sheets(result.data)
    url = sheet or (imported[0].url if imported else None)
    if not url:
        raise click.UsageError(
            "This workspace was not imported from a Google Sheet: name one with --sheet URL."
        )
    credentials = _run(resolve_credentials, streamlit_secrets(), os.environ)
    endpoint = configured_endpoint()
    if not credentials.configured and not endpoint:
        raise click.ClickException(credentials.missing_message(writing=True))
    client = _run(lambda: open_client(credentials, endpoint=endpoint))
    outcome = _run(
        lambda: publish(
            obj.store, result, client, credentials, url, theme_worksheet=theme_worksheet
        )
    )
    return describe(outcome)


from insights import cli_steps  # noqa: E402, F401  (registers group, themes, decide, quotes, history)

if __name__ == "__main__":
    main()

"""The ``insights`` command: the app's steps, headless. It calls the same functions."""

from __future__ import annotations

import json

import click

from insights.errors import InsightsError
from insights.settings import database_url
from insights.store import Store
from insights.workspaces import create_workspace, delete_workspace, list_workspaces, reset_sample


class _Context:
    def __init__(self, url: str | None) -> None:
        self.url = url or database_url()
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            try:
                self._store = Store(self.url)
            except InsightsError as error:
                raise click.ClickException(str(error)) from None
        return self._store


pass_context = click.make_pass_decorator(_Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    info = _run(create_workspace, obj.store, name)
    click.echo(f"Created workspace “{info.name}”.")


@workspaces.command("delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def delete_command(obj: _Context, name: str, yes: bool) -> None:
    """Delete a workspace and everything in it."""
    if not yes:
        click.confirm(f"Delete “{name}” and everything in it? This cannot be undone", abort=True)
    _run(delete_workspace, obj.store, name)
    click.echo(f"Deleted workspace “{name}”.")


@workspaces.command("reset-sample")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def reset_sample_command(obj: _Context, yes: bool) -> None:
    """Put the sample study back as shipped (creates it if missing)."""
    if not yes:
        click.confirm("Replace everything in the sample study with the original?", abort=True)
    summary = _run(reset_sample, obj.store)
    roadmap = summary.roadmap.new if summary.roadmap else 0
    click.echo(f"Sample study reset: {summary.highlights.new} highlights, {roadmap} roadmap items.")


if __name__ == "__main__":
    main()

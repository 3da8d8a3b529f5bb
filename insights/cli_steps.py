"""The ``insights`` commands for the steps after import: group, themes, decide, quotes, history.

Each calls the functions the app's pages call, so a workspace changed here
reads the same in the app (and the other way round). Every failure is one
line and exit status 1 (``cli._Commands``).
"""

from __future__ import annotations

import click

from insights.cli import main, pass_context, print_table
from insights.model import Decision, InsightKey, theme_key
from insights.near_duplicates import MEANING, WORDING
from insights.wording import plural

WORKSPACE = click.option("--workspace", required=True, metavar="NAME", help="The workspace.")
DECISIONS = {"act-now": Decision.ACT_NOW, "inform": Decision.INFORM, "revisit": Decision.REVISIT}


@main.command("group")
@WORKSPACE
@click.option(
    "--method",
    type=click.Choice([MEANING, WORDING]),
    help="Group by meaning and wording, or by wording only [default: the last run's].",
)
@click.option("--threshold", type=float, help="How alike, 0 to 100 [default: the last run's].")
@click.option("--accept-all", is_flag=True, help="Accept every proposed group afterwards.")
@pass_context
def group_command(
    obj, workspace: str, method: str | None, threshold: float | None, accept_all: bool
) -> None:
    """Group the highlights that say the same thing, as Deduplicate's button does."""
    from insights.grouping import (
        PROPOSED,
        accept_group,
        compute_merges,
        eligible,
        save_grouping,
        settings_of,
    )
    from insights.vectors import stored_vectors

    store = obj.store
    data = store.load(workspace)
    settings = settings_of(data)
    method = method or settings.method
    threshold = settings.threshold if threshold is None else threshold
    highlights = eligible(data)
    vectors = None
    if method == MEANING and len(highlights):
        vectors = stored_vectors(store, workspace, highlights["text"].tolist())
    merges = compute_merges(highlights, scorer=settings.scorer, method=method, vectors=vectors)
    summary = save_grouping(store, workspace, highlights, merges, threshold)
    click.echo(
        f"{plural(summary.groups, 'group')} proposed from "
        f"{plural(summary.grouped_highlights, 'highlight')} ({method}, threshold {threshold:g})."
    )
    if accept_all:
        clusters = store.load(workspace).clusters
        proposed = clusters.loc[clusters["status"] == PROPOSED, "id"].tolist()
        for cluster_id in proposed:
            accept_group(store, workspace, int(cluster_id))
        click.echo(f"Accepted {plural(len(proposed), 'group')}.")


def _workspace_group(name: str, about: str) -> click.Group:
    """A command group whose --workspace its commands read with ``_workspace()``."""

    @main.group(name, help=about)
    @WORKSPACE
    @click.pass_context
    def group(ctx: click.Context, workspace: str) -> None:
        ctx.meta["workspace"] = workspace

    return group


themes_group = _workspace_group(
    "themes", "List themes, create one, or put a highlight (with its group) in a theme."
)


def _workspace() -> str:
    return click.get_current_context().meta["workspace"]


@themes_group.command("list")
@pass_context
def themes_list(obj) -> None:
    """Each theme with its key (for `insights decide`) and its highlights."""
    from insights.theme_assignment import card_table

    data = obj.store.load(_workspace())
    cards = card_table(data)
    counts = cards.groupby("theme_id")["mentions"].sum()
    rows = [
        {"key": theme_key(t.id), "theme": t.name, "highlights": int(counts.get(t.id, 0))}
        for t in data.themes.itertuples()
    ]
    unassigned = int(cards.loc[cards["theme_id"].isna(), "mentions"].sum())
    rows.append({"key": "", "theme": "Unassigned", "highlights": unassigned})
    print_table(rows)


@themes_group.command("create")
@click.argument("name")
@pass_context
def themes_create(obj, name: str) -> None:
    """Add a theme (a column on the board)."""
    from insights.theme_assignment import create_theme

    theme_id = create_theme(obj.store, _workspace(), name)
    click.echo(f"Created the theme “{name.strip()}” ({theme_key(theme_id)}).")


@themes_group.command("assign")
@click.argument("highlight")
@click.argument("theme")
@pass_context
def themes_assign(obj, highlight: str, theme: str) -> None:
    """Put HIGHLIGHT's card (its whole group) in THEME, named as on the board."""
    from insights.theme_assignment import Move, assign, card_table, theme_ids_by_name

    workspace = _workspace()
    data = obj.store.load(workspace)
    theme_id = theme_ids_by_name(data.themes).get(theme.strip().casefold())
    if theme_id is None:
        raise click.ClickException(f"There is no theme named “{theme}” in “{workspace}”.")
    cards = card_table(data)
    holding = cards[cards["highlight_ids"].map(lambda ids: highlight in ids)]
    if holding.empty:
        raise click.ClickException(f"There is no highlight “{highlight}” in “{workspace}”.")
    card = holding.iloc[0]
    move = Move(card=card["key"], highlight_ids=list(card["highlight_ids"]), theme_id=theme_id)
    moved = assign(obj.store, workspace, [move], via="command line")
    click.echo(f"Moved {plural(moved, 'highlight')} to “{theme.strip()}”.")


@main.command("decide")
@WORKSPACE
@click.argument("insight")
@click.argument("decision", type=click.Choice(list(DECISIONS)))
@click.option("--note", default="", help="Why, in a sentence.")
@pass_context
def decide_command(obj, workspace: str, insight: str, decision: str, note: str) -> None:
    """Record a decision on INSIGHT (a key: theme:3, cluster:12, highlight:H012)."""
    from insights.decisions import set_decision

    set_decision(obj.store, workspace, insight, DECISIONS[decision].value, note)
    click.echo(f"{InsightKey.parse(insight)}: {DECISIONS[decision].value}.")


quotes_group = _workspace_group(
    "quotes", "The quote bank: list it, or export it as the app's download does."
)


@quotes_group.command("list")
@pass_context
def quotes_list(obj) -> None:
    """Each quote with its participant's consent and how exports name them."""
    from insights.quote_bank import bank

    entries = bank(obj.store.load(_workspace()))
    if entries.empty:
        click.echo("The quote bank is empty.")
        return
    print_table(
        [
            {
                "highlight": e.highlight_id,
                "consent": e.consent,
                "exported as": e.attributed_to,
                "quote": " ".join(str(e.text).split())[:60],
            }
            for e in entries.itertuples()
        ]
    )


@quotes_group.command("export")
@click.option("--output", "-o", metavar="FILE", help="Where [default: a dated name here].")
@pass_context
def quotes_export(obj, output: str | None) -> None:
    """The quote bank as CSV: no declined quote, names as each participant agreed."""
    from insights import export_formats

    workspace = _workspace()
    rows = export_formats.quote_rows(obj.store.load(workspace))
    path = output or export_formats.file_name(workspace, "quote bank", "csv")
    with open(path, "wb") as handle:
        handle.write(export_formats.to_csv(rows))
    click.echo(f"Wrote {plural(len(rows), 'quote')} to {path}.")


@main.command("history")
@WORKSPACE
@click.option("--undo", is_flag=True, help="First undo the last move on the Themes board.")
@pass_context
def history_command(obj, workspace: str, undo: bool) -> None:
    """The Themes board's history, newest first, as its History view shows it."""
    from insights.theme_assignment import undo_move
    from insights.theme_history import history_rows

    if undo:
        step = undo_move(obj.store, workspace)
        click.echo(f"Undid: {step.subject}." if step else "Nothing to undo.")
    rows = history_rows(obj.store.event_log(workspace, limit=200), obj.store.load(workspace))
    if rows.empty:
        click.echo("Nothing has been moved yet.")
        return
    print_table(rows.to_dict("records"))

"""The quote bank: highlights worth quoting, with each participant's consent.

A highlight marked as a testimonial candidate carries its consent (not asked,
requested, granted, declined) and how its author may be named (full name,
first name and segment, anonymous). Every export goes through
``attributed``: a declined quote is never exported as a testimonial, and an
anonymous quote never carries the participant's name.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, delete, select

from insights import schema
from insights.errors import InsightsError
from insights.filters import rows_of_insight
from insights.model import Attribution, Consent, InsightKind, is_theme_key
from insights.people import current_actor
from insights.store import Action, Store, WorkspaceData, utcnow


class QuoteProblem(InsightsError):
    """A quote bank change cannot be saved as asked."""


def _check(consent: str, attribution: str) -> None:
    if consent not in {c.value for c in Consent}:
        raise QuoteProblem(
            f"“{consent}” is not a consent status. Use one of: "
            + ", ".join(c.value for c in Consent)
            + "."
        )
    if attribution not in {a.value for a in Attribution}:
        raise QuoteProblem(
            f"“{attribution}” is not a way to name the participant. Use one of: "
            + ", ".join(a.value for a in Attribution)
            + "."
        )


def put(
    act: Action,
    highlight_id: str,
    *,
    consent: str = Consent.NOT_ASKED,
    attribution: str = Attribution.ANONYMOUS,
    note: str = "",
) -> None:
    """Within an action: save a quote bank entry (added, or changed)."""
    _check(consent, attribution)
    if not act.holds(schema.highlights, highlight_id):
        raise QuoteProblem("That highlight is not in this workspace.")
    table = schema.quote_bank
    where = and_(table.c.workspace_id == act.workspace_id, table.c.highlight_id == highlight_id)
    before = act.conn.execute(select(table).where(where)).mappings().one_or_none()
    values = {"consent": str(consent), "attribution": str(attribution), "note": note.strip()}
    if before is None:
        act.conn.execute(
            table.insert().values(
                workspace_id=act.workspace_id,
                highlight_id=highlight_id,
                updated_at=utcnow(),
                updated_by=current_actor(),
                **values,
            )
        )
    else:
        act.conn.execute(
            table.update()
            .where(where)
            .values(updated_at=utcnow(), updated_by=current_actor(), **values)
        )
    act.record(
        highlight_id,
        before=None if before is None else {k: before[k] for k in values},
        after=values,
        action="quotes.update",
    )


def mark(
    store: Store,
    workspace: str,
    highlight_id: str,
    *,
    consent: str = Consent.NOT_ASKED,
    attribution: str = Attribution.ANONYMOUS,
    note: str = "",
) -> None:
    """Add a highlight to the quote bank, or change its consent, attribution or note."""
    with store.action(workspace, "quotes.update", subject=highlight_id) as act:
        put(act, highlight_id, consent=consent, attribution=attribution, note=note)


def unmark(store: Store, workspace: str, highlight_id: str) -> None:
    """Take a highlight out of the quote bank."""
    with store.action(workspace, "quotes.remove", subject=highlight_id) as act:
        table = schema.quote_bank
        act.conn.execute(
            delete(table).where(
                and_(table.c.workspace_id == act.workspace_id, table.c.highlight_id == highlight_id)
            )
        )


def first_name(participant: str) -> str:
    """ "Maya Robinson" -> "Maya"."""
    return (participant or "").strip().split(" ")[0]


def attributed(participant: str, segment: str, attribution: str) -> str:
    """Who said it, as the participant agreed to be named."""
    segment = segment or "customer"
    if attribution == Attribution.FULL_NAME and participant:
        return f"{participant}, {segment}"
    if attribution == Attribution.FIRST_NAME and participant:
        return f"{first_name(participant)}, {segment}"
    return f"Anonymous {segment}"


def named(participant: str, attribution: str) -> str:
    """The participant's name as far as the quote bank lets an export show it."""
    if attribution == Attribution.FULL_NAME:
        return participant
    if attribution == Attribution.FIRST_NAME:
        return first_name(participant)
    return ""


def bank(data: WorkspaceData, consent: str | None = None) -> pd.DataFrame:
    """The quote bank, each quote with its text and its author as it may be shown."""
    columns = [
        "highlight_id",
        "text",
        "participant",
        "segment",
        "interview_date",
        "source_url",
        "consent",
        "attribution",
        "note",
        "attributed_to",
        "usable",
        "changed_by",
        "changed_at",
    ]
    entries = data.quote_bank
    if entries.empty:
        return pd.DataFrame(columns=columns)
    highlights = data.active_highlights.set_index("id")
    entries = entries[entries["highlight_id"].isin(highlights.index)]
    if consent:
        entries = entries[entries["consent"] == consent]
    rows = []
    for entry in entries.itertuples():
        h = highlights.loc[entry.highlight_id]
        rows.append(
            {
                "highlight_id": entry.highlight_id,
                "text": h["text"],
                "participant": h["participant"],
                "segment": h["segment"],
                "interview_date": h["interview_date"],
                "source_url": h["source_url"],
                "consent": entry.consent,
                "attribution": entry.attribution,
                "note": entry.note,
                "attributed_to": attributed(h["participant"], h["segment"], entry.attribution),
                "usable": entry.consent == Consent.GRANTED,
                # who last changed the consent, attribution or note, and when
                "changed_by": getattr(entry, "updated_by", "") or "",
                "changed_at": entry.updated_at,
            }
        )
    return pd.DataFrame(rows, columns=columns)


def testimonials(data: WorkspaceData) -> pd.DataFrame:
    """The quote bank as it may leave the app: never a declined quote, names as agreed."""
    found = bank(data)
    found = found[found["consent"] != Consent.DECLINED]
    return found.drop(columns=["participant"])  # the name, where allowed, is in attributed_to


def consent_of(data: WorkspaceData) -> dict[str, tuple[str, str]]:
    """Highlight id -> (consent, attribution), for the highlights in the quote bank."""
    entries = data.quote_bank
    return {
        h: (c, a)
        for h, c, a in zip(
            entries["highlight_id"], entries["consent"], entries["attribution"], strict=True
        )
    }


def _who(participant: str, segment: str, state: str, attribution: str) -> str:
    if state:  # in the quote bank: named as agreed
        return attributed(participant, segment, attribution)
    return f"{participant}, {segment}" if participant else segment


def _pick_quotes(
    rows: pd.DataFrame, consent: dict[str, tuple[str, str]], *, by_theme: bool, limit: int
) -> dict[str, list[tuple[str, str]]]:
    """Quotes per insight (``rows["_owner"]``), best first, in one pass over ``rows``.

    Granted testimonials first, then the wording of the largest groups, then the
    longest; one quote per participant, and for a theme one per group.
    """
    if rows.empty:
        return {}
    sizes = rows.groupby(["_owner", "group_key"], sort=False)["id"].transform("size")
    ordered = rows.assign(
        _granted=[consent.get(h, ("", ""))[0] == Consent.GRANTED for h in rows["id"]],
        _size=sizes,
        _length=rows["text"].str.len(),
    ).sort_values(["_granted", "_size", "_length", "id"], ascending=[False, False, False, True])
    picked: dict[str, list[tuple[str, str]]] = {}
    people: dict[str, set[str]] = {}
    groups: dict[str, set[str]] = {}
    for owner, hid, text, participant, segment, group in zip(
        ordered["_owner"],
        ordered["id"],
        ordered["text"],
        ordered["participant"],
        ordered["segment"],
        ordered["group_key"],
        strict=True,
    ):
        quotes = picked.setdefault(owner, [])
        if len(quotes) == limit:
            continue
        state, attribution = consent.get(hid, ("", ""))
        seen_people = people.setdefault(owner, set())
        seen_groups = groups.setdefault(owner, set())
        if state == Consent.DECLINED or participant in seen_people:
            continue
        if by_theme and group in seen_groups:
            continue  # a theme's quotes show different points, a group's different voices
        quotes.append((text, _who(participant, segment, state, attribution)))
        seen_people.add(participant)
        seen_groups.add(group)
    return picked


def strongest_quotes(
    seen: pd.DataFrame, key: str, data: WorkspaceData, *, limit: int = 3
) -> list[tuple[str, str]]:
    """Up to ``limit`` quotes for one insight, as (text, who).

    Granted testimonials first, then the wording of its largest groups (for a
    theme, one per group), one per participant. Declined quotes never appear;
    names follow the quote bank's attribution, else the participant's name.
    """
    by_theme = is_theme_key(key)
    rows = rows_of_insight(seen, key)
    picked = _pick_quotes(rows.assign(_owner=key), consent_of(data), by_theme=by_theme, limit=limit)
    return picked.get(key, [])


def quotes_by_insight(
    seen: pd.DataFrame, data: WorkspaceData, *, by_theme: bool, limit: int = 3
) -> dict[str, list[tuple[str, str]]]:
    """``strongest_quotes`` for every theme (``by_theme``) or every group at once."""
    if by_theme:
        rows = seen.dropna(subset=["theme_id"])
        owners = InsightKind.THEME.prefix + rows["theme_id"].astype(int).astype(str)
    else:
        rows = seen
        owners = rows["group_key"]
    return _pick_quotes(
        rows.assign(_owner=owners), consent_of(data), by_theme=by_theme, limit=limit
    )


def candidates(data: WorkspaceData, query: str, *, limit: int = 50) -> pd.DataFrame:
    """Highlights not yet in the quote bank whose text or participant holds ``query``."""
    highlights = data.active_highlights
    if len(data.quote_bank):
        highlights = highlights[~highlights["id"].isin(data.quote_bank["highlight_id"])]
    words = query.strip().casefold().split()
    if words:
        haystack = (highlights["text"] + " " + highlights["participant"]).str.casefold()
        keep = pd.Series(True, index=highlights.index)
        for word in words:
            keep &= haystack.str.contains(word, regex=False)
        highlights = highlights[keep]
    return highlights[["id", "text", "participant", "segment", "interview_date"]].head(limit)


@dataclass(frozen=True)
class BankEdits:
    """What a person changed in the quote bank's table."""

    updates: list[dict[str, str]]  # highlight_id, consent, attribution, note
    removals: list[str]


def bank_edits(shown: pd.DataFrame, edited: pd.DataFrame) -> BankEdits:
    """Compare the table as shown with the table as edited (same rows, same order)."""
    updates: list[dict[str, str]] = []
    removals: list[str] = []
    fields = ("consent", "attribution", "note")
    for before, after in zip(shown.to_dict("records"), edited.to_dict("records"), strict=True):
        if after.get("remove"):
            removals.append(before["highlight_id"])
            continue
        if any((after[f] or "") != (before[f] or "") for f in fields):
            updates.append(
                {"highlight_id": before["highlight_id"], **{f: after[f] or "" for f in fields}}
            )
    return BankEdits(updates, removals)


def add(
    store: Store,
    workspace: str,
    highlight_ids: list[str],
    *,
    consent: str = Consent.NOT_ASKED,
    attribution: str = Attribution.ANONYMOUS,
) -> int:
    """Mark several highlights as testimonial candidates, in one action; returns how many."""
    with store.action(workspace, "quotes.update", subject=f"{len(highlight_ids)} quotes") as act:
        for highlight_id in highlight_ids:
            put(act, highlight_id, consent=consent, attribution=attribution)
    return len(highlight_ids)


def save_edits(store: Store, workspace: str, edits: BankEdits) -> int:
    """Save the quote bank table's changes in one action; returns how many entries changed."""
    with store.action(workspace, "quotes.update", subject="quote bank edits") as act:
        for update in edits.updates:
            put(
                act,
                update["highlight_id"],
                consent=update["consent"],
                attribution=update["attribution"],
                note=update["note"],
            )
        table = schema.quote_bank
        for highlight_id in edits.removals:
            act.conn.execute(
                delete(table).where(
                    and_(
                        table.c.workspace_id == act.workspace_id,
                        table.c.highlight_id == highlight_id,
                    )
                )
            )
            act.record(highlight_id, after=None, action="quotes.remove")
    return len(edits.updates) + len(edits.removals)

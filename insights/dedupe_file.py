"""`insights dedupe`: group the rows of any CSV by what its text column says.

Every row is written back, in the input order, with five columns added:
cluster_id (1 is the largest group), cluster_size, representative (the
text that says the group's point best), similarity (to the representative,
0 to 100) and feedback ("yes", or "no" for a note with nothing to act
on, such as "thanks!" or "ok", which is never grouped: ``insights.not_feedback``).
Same engine, same defaults as the app: by meaning and wording,
or by wording only (``method``). The meaning model runs on this machine.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from insights.errors import InsightsError
from insights.near_duplicates import DEFAULT_METHOD, DEFAULT_THRESHOLD, group_texts
from insights.not_feedback import is_not_feedback
from insights.sources.files import read_file
from insights.sources.table import find_header_row
from insights.spreadsheet_safety import neutralize

ADDED_COLUMNS = ("cluster_id", "cluster_size", "representative", "similarity", "feedback")


class DedupeFileProblem(InsightsError):
    """The file cannot be grouped as asked."""


@dataclass(frozen=True)
class DedupeFileSummary:
    rows: int
    groups: int  # groups of two or more
    grouped_rows: int  # rows in those groups
    repeating: int  # groups said by one participant only (when a participant column is given)
    skipped_title_rows: int
    not_feedback: int = 0  # rows with nothing to act on ("thanks!", "ok"): never grouped


def _column(header: list[str], name: str | None, what: str) -> int | None:
    if name is None:
        return None
    if name in header:
        return header.index(name)
    folded = [h.casefold() for h in header]
    if name.casefold() in folded:
        return folded.index(name.casefold())
    raise DedupeFileProblem(
        f"There is no {what} column “{name}”. The columns are: {', '.join(header)}."
    )


def dedupe_file(
    source: str | Path,
    output: str | Path,
    *,
    text_column: str,
    participant_column: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    method: str = DEFAULT_METHOD,
    encoding: str | None = None,
) -> DedupeFileSummary:
    """Group a CSV's rows and write them, with their group, to ``output``."""
    tables = read_file(source, encoding=encoding)
    rows = [
        ["" if c is None else str(c) for c in row] for row in next(iter(tables.tables.values()))
    ]
    if not any(any(c.strip() for c in row) for row in rows):
        raise DedupeFileProblem(f"The file {Path(source).name} is empty.")
    start = find_header_row([[c.strip() for c in r] for r in rows])
    header, body = [h.strip() for h in rows[start]], rows[start + 1 :]
    text_at = _column(header, text_column, "text")
    who_at = _column(header, participant_column, "participant")

    def cell(row: list[str], index: int | None) -> str:
        return row[index].strip() if index is not None and index < len(row) else ""

    written = [i for i, row in enumerate(body) if cell(row, text_at)]
    noise = {i for i in written if is_not_feedback(cell(body[i], text_at))}
    with_text = [i for i in written if i not in noise]
    texts = [cell(body[i], text_at) for i in with_text]
    groups = group_texts(texts, [str(i) for i in with_text], threshold=threshold, method=method)
    added: dict[int, tuple[int, int, str, float]] = {}
    repeating = 0
    for number, group in enumerate(groups, start=1):
        representative = texts[group.representative]
        for member in group.members:
            added[with_text[member.position]] = (
                number,
                group.size,
                representative,
                member.similarity,
            )
        if group.size > 1 and who_at is not None:
            people = {cell(body[with_text[p]], who_at) for p in group.positions} - {""}
            repeating += len(people) <= 1
    width = len(header)
    with open(output, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*header, *ADDED_COLUMNS])
        for i, row in enumerate(body):
            values = (row + [""] * width)[: max(width, len(row))]
            extra = added.get(i)
            tail = (
                [str(extra[0]), str(extra[1]), extra[2], f"{extra[3]:.0f}", "yes"]
                if extra
                else ["", "", "", "", "no" if i in noise else ""]
            )
            writer.writerow([neutralize(v) for v in values + tail])
    big = [g for g in groups if g.size > 1]
    return DedupeFileSummary(
        not_feedback=len(noise),
        rows=len(body),
        groups=len(big),
        grouped_rows=sum(g.size for g in big),
        repeating=repeating,
        skipped_title_rows=start,
    )

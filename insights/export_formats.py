"""Exports of the prioritized list: CSV, XLSX, Markdown (the Google Sheet is in writeback.py).

What is exported is what the Insights page shows: the same filters, the same
level, the same order, the same rounded figures. Every export is safe to
open: a cell that a spreadsheet would run as a formula is neutralized (an
apostrophe in CSV, a text cell in XLSX), Markdown is escaped, and the quote
bank's consent is honoured (see ``insights.quote_bank``).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from insights.filters import InsightFilter
from insights.model import Decision, is_theme_key
from insights.prioritize import GROUP, THEME, Prioritized, roadmap_items_of
from insights.quote_bank import consent_of, named, quotes_by_insight, testimonials
from insights.roadmap import gaps, unsupported
from insights.spreadsheet_safety import neutralize
from insights.store import WorkspaceData
from insights.wording import share

QUOTES = 3
QUOTE_COLUMNS = tuple(f"Quote {i + 1}" for i in range(QUOTES))
NOT_ON_ROADMAP = "Not on the roadmap"
LEVEL_NAMES = {THEME: "Theme", GROUP: "Group"}
SHEETS = (
    "Prioritized insights",
    "Gaps and unsupported bets",
    "Highlights",
    "Quote bank",
    "Decisions",
)


def segments_text(segments: dict[str, int]) -> str:
    """{"VIP": 3, "Sale": 5} -> "Sale 5, VIP 3"."""
    return ", ".join(
        f"{s} {n}" for s, n in sorted(segments.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def quote_text(text: str, who: str) -> str:
    """A quote and who said it, as exports write it."""
    return f"“{text}” — {who}"


def insight_rows(result: Prioritized) -> pd.DataFrame:
    """One row per insight, in priority order, with its counts, score, roadmap, decision, quotes."""
    ranked = result.ranked
    items_of = roadmap_items_of(result.data)
    quotes_of = quotes_by_insight(
        result.seen, result.data, by_theme=result.level == THEME, limit=QUOTES
    )
    decided_by = decided_by_of(result.data)
    rows = []
    for position, insight in enumerate(ranked.itertuples(), start=1):
        quotes = quotes_of.get(insight.key, [])
        row = {
            "Rank": position,
            "Insight": insight.title,
            "Level": LEVEL_NAMES[result.level],
            "Theme": insight.theme if isinstance(insight.theme, str) else "",
            "Score": round(float(insight.score)),
            "Mentions": int(insight.mentions),
            "Participants": int(insight.participants),
            "Share of participants": share(insight.participant_share),
            "Segments": segments_text(insight.segments),
            "Focus areas": ", ".join(insight.focus_areas),
            "Votes": int(insight.votes),
            "Severity": int(insight.severity),
            "Roadmap status": insight.roadmap_status or NOT_ON_ROADMAP,
            "Roadmap items": "; ".join(items_of.get(insight.key, [])),
            "Decision": insight.decision,
            "Note": insight.note,
            "Decided by": decided_by.get(insight.key, "") if insight.decision else "",
            "Evidence": insight.badge,
        }
        for i, column in enumerate(QUOTE_COLUMNS):
            row[column] = quote_text(*quotes[i]) if i < len(quotes) else ""
        rows.append(row)
    columns = [
        "Rank",
        "Insight",
        "Level",
        "Theme",
        "Score",
        "Mentions",
        "Participants",
        "Share of participants",
        "Segments",
        "Focus areas",
        "Votes",
        "Severity",
        "Roadmap status",
        "Roadmap items",
        "Decision",
        "Note",
        "Decided by",
        "Evidence",
        *QUOTE_COLUMNS,
    ]
    return pd.DataFrame(rows, columns=columns)


def gap_rows(result: Prioritized) -> pd.DataFrame:
    """Gaps (strong evidence, no roadmap item) and unsupported bets (items with no evidence)."""
    rows = []
    for frame in (gaps(result.themes), gaps(result.groups[result.groups["mentions"] > 1])):
        for insight in frame.itertuples():
            rows.append(
                {
                    "Kind": "Gap: evidence, no roadmap item",
                    "Name": insight.title,
                    "Theme": insight.theme if isinstance(insight.theme, str) else "",
                    "Mentions": int(insight.mentions),
                    "Participants": int(insight.participants),
                    "Status": "",
                    "Target quarter": "",
                    "Owner": "",
                }
            )
    for item in unsupported(result.data, result.seen).itertuples():
        rows.append(
            {
                "Kind": "Unsupported bet: roadmap item, no evidence",
                "Name": item.item,
                "Theme": "",
                "Mentions": 0,
                "Participants": 0,
                "Status": item.status,
                "Target quarter": item.target_quarter,
                "Owner": item.owner,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "Kind",
            "Name",
            "Theme",
            "Mentions",
            "Participants",
            "Status",
            "Target quarter",
            "Owner",
        ],
    )


def highlight_rows(result: Prioritized) -> pd.DataFrame:
    """Every highlight in view with its theme, its group and the insight it supports.

    A quote in the quote bank names its participant only as far as its attribution allows.
    """
    seen = result.seen
    sizes = seen["group_key"].map(seen["group_key"].value_counts())
    consent = consent_of(result.data)
    participants = [
        named(p, consent[h][1]) if h in consent else p
        for h, p in zip(seen["id"], seen["participant"], strict=True)
    ]
    return pd.DataFrame(
        {
            "ID": seen["id"],
            "Highlight": seen["text"],
            "Participant": participants,
            "Segment": seen["segment"],
            "Focus": seen["focus"],
            "Interview date": seen["interview_date"].map(
                lambda d: d.isoformat() if isinstance(d, date) else ""
            ),
            "Interviewer": seen["interviewer"],
            "Source link": seen["source_url"],
            "Theme": seen["theme"].fillna(""),
            "Group": seen["group_key"].where(sizes > 1, ""),
            "Group size": sizes,
            "Insight": seen["group_text"],
        }
    ).reset_index(drop=True)


def quote_rows(data: WorkspaceData) -> pd.DataFrame:
    """The quote bank as it may be exported: consent honoured."""
    found = testimonials(data)
    return pd.DataFrame(
        {
            "Quote": found["text"],
            "Attributed to": found["attributed_to"],
            "Consent": found["consent"],
            "Usable as testimonial": found["usable"].map({True: "yes", False: "not yet"}),
            "Attribution": found["attribution"],
            "Interview date": found["interview_date"].map(
                lambda d: d.isoformat() if isinstance(d, date) else ""
            ),
            "Source link": found["source_url"],
            "Note": found["note"],
        }
    )


def decision_rows(result: Prioritized) -> pd.DataFrame:
    """Every decision recorded, on themes and on groups: Act now first, then by rank."""
    titles: dict[str, str] = {}
    position: dict[str, int] = {}
    for ranked in (result.themes, result.groups):
        titles |= dict(zip(ranked["key"], ranked["title"], strict=True))
        position |= {key: i for i, key in enumerate(ranked["key"])}
    order = {d.value: i for i, d in enumerate(Decision)}
    decisions = result.data.decisions
    decisions = decisions.assign(
        _order=decisions["decision"].map(order).fillna(len(order)),
        _level=~decisions["insight_key"].map(is_theme_key),
        _rank=decisions["insight_key"].map(position).fillna(len(position)),
    ).sort_values(["_order", "_level", "_rank", "insight_key"])
    rows = [
        {
            "Insight": titles.get(d.insight_key, d.insight_key),
            "Level": "Theme" if is_theme_key(d.insight_key) else "Group",
            "Decision": d.decision,
            "Note": d.note,
            "Decided at": pd.Timestamp(d.decided_at).strftime("%Y-%m-%d %H:%M"),
            "Decided by": getattr(d, "decided_by", "") or "",
        }
        for d in decisions.itertuples()
    ]
    columns = ["Insight", "Level", "Decision", "Note", "Decided at", "Decided by"]
    return pd.DataFrame(rows, columns=columns)


def decided_by_of(data: WorkspaceData) -> dict[str, str]:
    """Who recorded each insight's decision (empty for decisions from before release 0.6)."""
    decisions = data.decisions
    if decisions.empty or "decided_by" not in decisions:
        return {}
    return dict(zip(decisions["insight_key"], decisions["decided_by"].fillna(""), strict=True))


# -- writers -------------------------------------------------------------------------------


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV, UTF-8 with a BOM (Excel then reads accents right), formulas neutralized."""
    safe = frame.map(neutralize)
    # CRLF rows (RFC 4180); a cell holding a bare CR or LF is then quoted, as it must be
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    """A workbook, one sheet per table: bold header, frozen, widths to fit, text kept as text.

    Written in openpyxl's write-only mode: rows stream out, so 100,000 highlights
    take seconds and little memory.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1565C0")
    header_alignment = Alignment(vertical="center", wrap_text=True)
    wrapped = Alignment(vertical="top", wrap_text=True)
    for name, frame in sheets.items():
        sheet = workbook.create_sheet(name[:31])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(frame.columns, start=1):
            longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 60)
        if len(frame):
            last = f"{get_column_letter(max(len(frame.columns), 1))}{len(frame) + 1}"
            sheet.auto_filter.ref = f"A1:{last}"
        header = []
        for column in frame.columns:
            cell = WriteOnlyCell(sheet, value=str(column))
            cell.data_type = "s"
            cell.font, cell.fill, cell.alignment = header_font, header_fill, header_alignment
            header.append(cell)
        sheet.append(header)
        for values in frame.itertuples(index=False):
            sheet.append([_excel_cell(sheet, v, wrapped) for v in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _excel_cell(sheet: object, value: object, wrapped: object) -> object:
    """A cell for a write-only sheet; text is a text cell even when it starts with "="."""
    value = _excel_value(value)
    if not isinstance(value, str) or (len(value) <= 40 and not value.startswith("=")):
        return value  # a plain value: openpyxl stores it as a number or a text cell
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # text stays text, even "=HYPERLINK(…)"
    if len(value) > 40:
        cell.alignment = wrapped
    return cell


def _excel_value(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp | datetime | date):
        return str(value)
    if hasattr(value, "item"):  # numpy numbers
        return value.item()
    if isinstance(value, str):
        return excel_text(value)
    return value


# Excel's limit for one cell; a longer text makes Excel "repair" (empty) the workbook.
EXCEL_CELL_LIMIT = 32_767
# Control characters the XLSX format cannot hold (XML 1.0 forbids them). Vertical tab
# and form feed are line breaks to whoever typed them, so they become one; the rest go.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_XML_BREAKS = re.compile(r"[\x0b\x0c]")


def fit_cell(text: str, limit: int, where: str, whole: str) -> str:
    """``text`` cut to ``limit`` characters with a visible note saying so, or as it is."""
    if len(text) <= limit:
        return text
    note = f" … [cut: {where} cells hold {limit:,} characters; this one has {len(text):,}. {whole}]"
    return text[: limit - len(note)] + note


def excel_text(text: str) -> str:
    """Text as an XLSX cell can hold it: no control characters, at most 32,767 characters.

    Only the workbook loses them: the store and the CSV export keep the text as it is.
    """
    text = _XML_ILLEGAL.sub("", _XML_BREAKS.sub("\n", text))
    return fit_cell(text, EXCEL_CELL_LIMIT, "Excel", "The CSV export keeps it whole.")


# What can start markup inside a table cell or a quote line: links and images ([ ]),
# emphasis (* _ ~), code (`), HTML and entities (< > &), cell breaks (|), headings (#),
# math ($). Fewer escapes than the app's md_escape: the Markdown stays readable as text.
MARKDOWN_SPECIAL = "\\`*_[]<>|~#$&"


def md_cell(value: object) -> str:
    """A table cell in Markdown: escaped, one line."""
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in text)


def markdown_table(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(md_cell(c) for c in frame.columns) + " |"
    rule = "|" + "|".join(" --- " for _ in frame.columns) + "|"
    body = [
        "| " + " | ".join(md_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)
    ]
    return "\n".join([header, rule, *body])


def describe_view(view: InsightFilter) -> str:
    parts = []
    for label, values in (
        ("themes", view.themes),
        ("segments", view.segments),
        ("focus", view.focus),
        ("participants", view.participants),
    ):
        if values:
            parts.append(f"{label}: {', '.join(values)}")
    if view.date_from or view.date_to:
        parts.append(f"interviews {view.date_from or '…'} to {view.date_to or '…'}")
    if view.text.strip():
        parts.append(f"text: “{view.text.strip()}”")
    return "; ".join(parts) if parts else "everything"


# The prioritized list's columns in the Markdown table (the quotes follow, by insight)
MARKDOWN_COLUMNS = (
    "Rank",
    "Insight",
    "Score",
    "Mentions",
    "Participants",
    "Segments",
    "Roadmap status",
    "Decision",
    "Evidence",
)


def to_markdown(result: Prioritized, workspace: str, *, today: date | None = None) -> str:
    """The prioritized list as Markdown, ready to paste into a document or a wiki."""
    rows = insight_rows(result)
    shown = rows[list(MARKDOWN_COLUMNS)]
    lines = [
        f"# Prioritized insights: {md_cell(workspace)}",
        "",
        f"{LEVEL_NAMES[result.level]} level · filters: {md_cell(describe_view(result.view))} · "
        f"exported {(today or date.today()).isoformat()}",
        "",
        markdown_table(shown),
        "",
        "## Strongest quotes",
        "",
    ]
    for row in rows.to_dict("records"):
        quotes = [row[column] for column in QUOTE_COLUMNS if row[column]]
        if not quotes:
            continue
        lines.append(f"### {row['Rank']}. {md_cell(row['Insight'])}")
        lines.append("")
        lines.extend(f"> {md_cell(q)}\n" for q in quotes)
    return "\n".join(lines).rstrip() + "\n"


def workbook(result: Prioritized) -> bytes:
    """The XLSX export: the five sheets of the issue, in order."""
    return to_xlsx(
        {
            SHEETS[0]: insight_rows(result),
            SHEETS[1]: gap_rows(result),
            SHEETS[2]: highlight_rows(result),
            SHEETS[3]: quote_rows(result.data),
            SHEETS[4]: decision_rows(result),
        }
    )


def file_name(workspace: str, what: str, extension: str, *, today: date | None = None) -> str:
    """A download's name: "sample-study-prioritized-insights-2026-11-27.csv"."""
    words = re.findall(r"[a-z0-9]+", f"{workspace} {what}".casefold())
    stem = "-".join(words)[:80].strip("-") or "insights"
    return f"{stem}-{(today or date.today()).isoformat()}.{extension}"


# The CSV that `insights import --output` writes: these first, then every other column.
HIGHLIGHT_CSV_COLUMNS = {
    "id": "id",
    "text": "text",
    "participant": "participant",
    "segment": "segment",
    "focus": "focus",
    "interview_date": "date",
    "interviewer": "interviewer",
    "source_url": "source",
    "theme": "theme",
}


def write_highlights_csv(highlights: pd.DataFrame, path: str | Path) -> int:
    """Mapped highlights as a CSV: the usual columns first, then the source's others.

    Cells a spreadsheet would run as formulas are neutralized.
    """
    extra_keys: list[str] = []
    for extra in highlights["extra"]:
        for key in extra:
            if key not in extra_keys and key not in HIGHLIGHT_CSV_COLUMNS.values():
                extra_keys.append(key)
    header = [*HIGHLIGHT_CSV_COLUMNS.values(), *extra_keys]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in highlights.to_dict("records"):
            values = [
                "" if row.get(field) is None else str(row.get(field, ""))
                for field in HIGHLIGHT_CSV_COLUMNS
            ]
            values += [row["extra"].get(key, "") for key in extra_keys]
            writer.writerow([neutralize(v) for v in values])
    return len(highlights)

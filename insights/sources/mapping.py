"""Which source column is which field, and turning mapped rows into highlights.

A mapping is ``{source header: field}``. It is detected from the header
names (fuzzy-matched against synonyms with rapidfuzz) and, where the headers
don't help, from the content: the longest free text is the highlight, a
column of dates is the interview date, links are the source. The person
confirms or changes it before anything is saved.

Mapped columns become fields: text stays text (trimmed, never numericised),
known segment, focus and status values are spelled one way, unknown ones are
kept as written, and unmapped columns are kept in ``extra``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
from rapidfuzz import fuzz, process

from insights.ids import highlight_ids, roadmap_item_ids
from insights.model import (
    FIELD_LABELS,
    HIGHLIGHT_FIELDS,
    ROADMAP_FIELDS,
    Focus,
    RoadmapStatus,
    Segment,
)
from insights.sources.dates import ambiguous_dates, order_in_values, read_dates

HIGHLIGHTS = "highlights"
ROADMAP = "roadmap"

# Field -> header names people use for it. Compared after normalize_header().
HIGHLIGHT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "text": (
        "highlight",
        "highlights",
        "quote",
        "quotes",
        "note",
        "notes",
        "what they said",
        "feedback",
        "comment",
        "comments",
        "verbatim",
        "observation",
        "finding",
        "text",
        "statement",
        "insight",
        "said",
        "response",
        "answer",
    ),
    "participant": (
        "participant",
        "customer",
        "customer name",
        "interviewee",
        "respondent",
        "user",
        "name",
        "person",
        "who",
        "participant name",
        "user name",
        "customer id",
    ),
    "segment": (
        "segment",
        "cohort",
        "customer type",
        "customer segment",
        "persona",
        "group",
        "tier",
        "user type",
        "audience",
        "customer group",
    ),
    "focus": ("focus", "focus area", "area", "category", "topic", "about", "type of feedback"),
    "interview_date": (
        "interview date",
        "date",
        "interviewed on",
        "session date",
        "when",
        "call date",
        "date of interview",
    ),
    "interviewer": (
        "interviewer",
        "moderator",
        "researcher",
        "interviewed by",
        "facilitator",
        "host",
    ),
    "source_url": (
        "source link",
        "source",
        "recording",
        "link",
        "url",
        "video",
        "recording link",
        "timestamp",
        "clip",
        "source url",
        "recording url",
    ),
    "theme": (
        "theme",
        "themes",
        "tag",
        "tags",
        "label",
        "labels",
        "affinity group",
        "bucket",
        "code",
    ),
    "id": ("id", "highlight id", "note id", "row id", "uid", "key", "quote id"),
}

ROADMAP_SYNONYMS: dict[str, tuple[str, ...]] = {
    "item": (
        "item",
        "roadmap item",
        "name",
        "title",
        "feature",
        "initiative",
        "epic",
        "project",
        "bet",
        "opportunity",
    ),
    "description": ("description", "details", "summary", "what", "notes", "problem", "scope"),
    "status": ("status", "stage", "state", "progress", "phase"),
    "target_quarter": (
        "target quarter",
        "quarter",
        "target",
        "timeline",
        "eta",
        "release",
        "target date",
        "when",
        "horizon",
        "timeframe",
    ),
    "owner": ("owner", "pm", "lead", "dri", "assignee", "product manager", "responsible"),
    "area": ("area", "team", "category", "pillar", "focus", "focus area", "domain", "theme"),
}


REQUIRED = {HIGHLIGHTS: "text", ROADMAP: "item"}

SEGMENT_ALIASES = {
    "vip": Segment.VIP,
    "vips": Segment.VIP,
    "repeat buyer": Segment.VIP,
    "loyal customer": Segment.VIP,
    "one time": Segment.ONE_TIME,
    "one timer": Segment.ONE_TIME,
    "single purchase": Segment.ONE_TIME,
    "first time buyer": Segment.ONE_TIME,
    "non buyer": Segment.ENGAGED_NON_BUYER,
    "engaged non buyer": Segment.ENGAGED_NON_BUYER,
    "email engaged non buyer": Segment.ENGAGED_NON_BUYER,
    "sale only": Segment.SALE_ONLY,
    "sale shopper": Segment.SALE_ONLY,
    "discount shopper": Segment.SALE_ONLY,
    "deal seeker": Segment.SALE_ONLY,
}
STATUS_ALIASES = {
    "done": RoadmapStatus.SHIPPED,
    "released": RoadmapStatus.SHIPPED,
    "launched": RoadmapStatus.SHIPPED,
    "live": RoadmapStatus.SHIPPED,
    "complete": RoadmapStatus.SHIPPED,
    "completed": RoadmapStatus.SHIPPED,
    "wip": RoadmapStatus.IN_PROGRESS,
    "doing": RoadmapStatus.IN_PROGRESS,
    "in development": RoadmapStatus.IN_PROGRESS,
    "building": RoadmapStatus.IN_PROGRESS,
    "now": RoadmapStatus.IN_PROGRESS,
    "next": RoadmapStatus.PLANNED,
    "committed": RoadmapStatus.PLANNED,
    "scheduled": RoadmapStatus.PLANNED,
    "later": RoadmapStatus.IDEA,
    "backlog": RoadmapStatus.IDEA,
    "proposed": RoadmapStatus.IDEA,
    "exploring": RoadmapStatus.IDEA,
    "discovery": RoadmapStatus.IDEA,
}

_HEADER_CUTOFF = 85
_VALUE_CUTOFF = 90
_NON_WORD = re.compile(r"[^\w]+")


def normalize_header(name: str) -> str:
    """'Interview_Date:' -> 'interview date'; '#' -> 'id'."""
    if name.strip() == "#":
        return "id"
    return _NON_WORD.sub(" ", name.casefold()).strip()


def _header_scores(headers: Sequence[str], synonyms: Mapping[str, tuple[str, ...]]):
    for field, names in synonyms.items():
        for header in headers:
            key = normalize_header(header)
            if not key:
                continue
            match = process.extractOne(key, names, scorer=fuzz.token_sort_ratio)
            if match and match[1] >= _HEADER_CUTOFF:
                yield match[1], field, header


def _filled(frame: pd.DataFrame, header: str) -> pd.Series:
    values = frame[header].astype(str).str.strip()
    return values[values != ""]


def _share(values: pd.Series, test) -> float:
    return float(test(values).mean()) if len(values) else 0.0


def _known_share(values: pd.Series, choices: Iterable[str], aliases: Mapping) -> float:
    return _share(
        values,
        lambda v: v.map(lambda x: normalize_choice(x, choices, aliases) != x or x in choices),
    )


def _content_guesses(frame: pd.DataFrame, free: list[str], kind: str) -> dict[str, str]:
    """Fields guessed from what the columns hold, for headers that said nothing."""
    guesses: dict[str, str] = {}
    columns = {h: _filled(frame, h).head(500) for h in free}
    columns = {h: v for h, v in columns.items() if len(v)}

    def take(field: str, header: str | None) -> None:
        if header is not None:
            guesses[field] = header
            columns.pop(header, None)

    links = [h for h, v in columns.items() if _share(v, lambda s: s.str.match(r"https?://")) >= 0.8]
    if kind == HIGHLIGHTS:
        take("source_url", links[0] if links else None)
        dated = [h for h, v in columns.items() if _share(v, _looks_like_date) >= 0.8]
        take("interview_date", dated[0] if dated else None)
        for field, choices, aliases in (
            ("segment", list(Segment), SEGMENT_ALIASES),
            ("focus", list(Focus), {}),
        ):
            known = [h for h, v in columns.items() if _known_share(v, choices, aliases) >= 0.6]
            take(field, known[0] if known else None)
    else:
        known = [
            h
            for h, v in columns.items()
            if _known_share(v, list(RoadmapStatus), STATUS_ALIASES) >= 0.6
        ]
        take("status", known[0] if known else None)
    # the longest free text is the highlight (or the item's description)
    texty = {
        h: v.str.len().mean()
        for h, v in columns.items()
        if _share(v, lambda s: s.str.contains(r"[^\W\d_]", regex=True)) >= 0.8
    }
    if texty:
        longest = max(texty, key=texty.get)
        take("text" if kind == HIGHLIGHTS else "description", longest)
    return guesses


def detect_mapping(frame: pd.DataFrame, kind: str) -> dict[str, str]:
    """The likely ``{header: field}`` for a table of highlights or roadmap items."""
    synonyms = HIGHLIGHT_SYNONYMS if kind == HIGHLIGHTS else ROADMAP_SYNONYMS
    headers = list(frame.columns)
    mapping: dict[str, str] = {}
    for _score, field, header in sorted(
        _header_scores(headers, synonyms), key=lambda t: (-t[0], headers.index(t[2]))
    ):
        if header not in mapping and field not in mapping.values():
            mapping[header] = field
    free = [h for h in headers if h not in mapping]
    for field, header in _content_guesses(frame, free, kind).items():
        if field not in mapping.values():
            mapping[header] = field
    required = REQUIRED[kind]
    if kind == ROADMAP and required not in mapping.values() and "description" in mapping.values():
        # a roadmap with one text column: it is the item's name
        header = next(h for h, f in mapping.items() if f == "description")
        mapping[header] = required
    return {h: mapping[h] for h in headers if h in mapping}


def mapping_problems(mapping: Mapping[str, str], kind: str, columns: Iterable[str]) -> list[str]:
    """What is wrong with a mapping, in words; empty when it can be used."""
    problems = []
    columns = set(columns)
    missing = [h for h in mapping if h not in columns]
    if missing:
        problems.append(f"These columns are not in the source: {', '.join(missing)}.")
    required = REQUIRED[kind]
    if required not in mapping.values():
        label = FIELD_LABELS[required]
        problems.append(
            f"No column is mapped to “{label}”. Pick the column that holds the "
            + ("notes or quotes." if kind == HIGHLIGHTS else "roadmap items' names.")
        )
    fields = [f for f in mapping.values() if f]
    repeated = sorted({FIELD_LABELS.get(f, f) for f in fields if fields.count(f) > 1})
    if repeated:
        problems.append(f"Each field can come from one column only: {', '.join(repeated)}.")
    return problems


def normalize_choice(value: str, choices: Iterable[str], aliases: Mapping[str, str]) -> str:
    """A known value in its usual spelling ('vip repeat buyers' -> 'VIP repeat buyer').

    Unknown values come back as they were: a team's own segments are kept.
    """
    key = normalize_header(value)
    if not key:
        return value
    known = {normalize_header(str(c)): str(c) for c in choices}
    known.update({k: str(v) for k, v in aliases.items()})
    if key in known:
        return known[key]
    match = process.extractOne(key, list(known), scorer=fuzz.ratio, score_cutoff=_VALUE_CUTOFF)
    return known[match[0]] if match else value


def _normalize_column(
    values: pd.Series, choices: Iterable[str], aliases: Mapping[str, str]
) -> pd.Series:
    choices = list(choices)
    spelled = {v: normalize_choice(v, choices, aliases) for v in values.unique()}
    return values.map(spelled)


def parse_dates(values: pd.Series, order: str | None = None) -> pd.Series:
    """Dates as ``datetime.date``; None where empty or unreadable (see ``sources.dates``).

    Without ``order``, the values' own evidence decides (25/03/2026 is day first);
    a date that can still be read two ways is None.
    """
    return read_dates(values, order or order_in_values(values))


def _looks_like_date(values: pd.Series) -> pd.Series:
    return parse_dates(values).notna() | ambiguous_dates(values)


def _text_columns(
    raw: pd.DataFrame,
    mapping: Mapping[str, str],
    fields: tuple[str, ...],
    row_numbers: Sequence[int] | None,
) -> pd.DataFrame:
    out = pd.DataFrame(index=raw.index)
    for header, target in mapping.items():
        if target and (target in fields or target == "theme"):
            out[target] = raw[header].fillna("").astype(str).str.strip()
    for target in fields:
        if target not in out.columns:
            out[target] = ""
    unmapped = [h for h in raw.columns if not mapping.get(h)]
    extra = raw[unmapped].fillna("").astype(str) if unmapped else None
    out["extra"] = (
        [{k: v.strip() for k, v in row.items() if v.strip()} for row in extra.to_dict("records")]
        if extra is not None
        else [{} for _ in range(len(raw))]
    )
    out["source_row"] = (
        list(row_numbers) if row_numbers is not None else list(range(2, len(raw) + 2))
    )
    return out


def map_highlights(
    raw: pd.DataFrame,
    mapping: Mapping[str, str],
    row_numbers: Sequence[int] | None = None,
    *,
    date_order: str | None = None,
) -> pd.DataFrame:
    """Highlights with the fields of ``HIGHLIGHT_FIELDS``; rows without text are dropped.

    ``date_order`` reads dates like 03/04/2026 (``importing.plan_import`` settles it, or
    asks); without it the dates' own evidence decides, and a date that can still be read
    two ways stays unread. A date that cannot be read is kept in ``extra``.
    """
    out = _text_columns(raw, mapping, HIGHLIGHT_FIELDS, row_numbers)
    dates = parse_dates(out["interview_date"], date_order)
    unreadable = (out["interview_date"] != "") & dates.isna()
    for i in out.index[unreadable]:
        out.at[i, "extra"] = {**out.at[i, "extra"], "interview_date": out.at[i, "interview_date"]}
    out["interview_date"] = dates
    out["segment"] = _normalize_column(out["segment"], Segment, SEGMENT_ALIASES)
    out["focus"] = _normalize_column(out["focus"], Focus, {})
    out = out[out["text"] != ""].reset_index(drop=True)
    missing_id = out["id"] == ""
    out.loc[missing_id, "id"] = highlight_ids(
        out.loc[missing_id, "participant"], out.loc[missing_id, "text"]
    )
    return out


def map_roadmap(
    raw: pd.DataFrame, mapping: Mapping[str, str], row_numbers: Sequence[int] | None = None
) -> pd.DataFrame:
    """Roadmap items with ``ROADMAP_FIELDS`` and an id made from the item's name."""
    out = _text_columns(raw, mapping, ROADMAP_FIELDS, row_numbers)
    out["status"] = _normalize_column(out["status"], RoadmapStatus, STATUS_ALIASES)
    out["area"] = _normalize_column(out["area"], Focus, {})
    out = out[out["item"] != ""].reset_index(drop=True)
    out.insert(0, "id", roadmap_item_ids(out["item"]))
    return out

"""The words of the domain: columns, enums and the Google Sheet template.

One name for one thing everywhere: highlight, participant, segment, focus,
theme, group, insight, roadmap item, decision. A group is stored in the
``clusters`` tables; ``InsightKind.GROUP`` is the one place that maps the two words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Segment(StrEnum):
    """The customer cohorts a study interviews (the sample study's defaults)."""

    VIP = "VIP repeat buyer"
    ONE_TIME = "One-time buyer"
    ENGAGED_NON_BUYER = "Engaged non-buyer"
    SALE_ONLY = "Sale-only shopper"


class Focus(StrEnum):
    """What a highlight is about."""

    PRODUCT = "Product"
    MARKETING = "Marketing"
    CUSTOMER = "Customer"


class RoadmapStatus(StrEnum):
    IDEA = "idea"
    PLANNED = "planned"
    IN_PROGRESS = "in progress"
    SHIPPED = "shipped"


class Decision(StrEnum):
    """The three outcomes a synthesis session ends with."""

    ACT_NOW = "Act now"
    INFORM = "Inform our understanding"
    REVISIT = "Revisit later"


class Consent(StrEnum):
    """Whether a participant agreed that a quote of theirs is used as a testimonial."""

    NOT_ASKED = "not asked"
    REQUESTED = "requested"
    GRANTED = "granted"
    DECLINED = "declined"


class Attribution(StrEnum):
    """How an exported quote names the participant who said it."""

    FULL_NAME = "full name"
    FIRST_NAME = "first name and segment"
    ANONYMOUS = "anonymous"


class WorkspaceKind(StrEnum):
    SAMPLE = "sample"
    USER = "user"


class InsightKind(StrEnum):
    """What an insight is: a theme, a group of near-duplicates, or a highlight in no group.

    The group kind is spelled "cluster" in keys because groups are stored in
    the ``clusters`` tables (``insights.grouping`` says why).
    """

    THEME = "theme"
    GROUP = "cluster"
    HIGHLIGHT = "highlight"

    @property
    def prefix(self) -> str:
        """The start of every key of this kind, for whole columns of keys at once."""
        return f"{self.value}:"


@dataclass(frozen=True)
class InsightKey:
    """An insight's key, as stored with its decision, votes and roadmap links.

    Written ``"<kind>:<id>"``: ``theme:3``, ``cluster:12`` or ``highlight:H012``.
    Parse and format only here, so no module splits a key by hand.
    """

    kind: InsightKind
    id: str

    @classmethod
    def parse(cls, text: str) -> InsightKey:
        """``"theme:3"`` -> ``InsightKey(THEME, "3")``; ValueError for anything else."""
        kind, separator, ident = str(text).partition(":")
        if not separator or kind not in InsightKind._value2member_map_:
            raise ValueError(f"“{text}” is not an insight key (theme:…, cluster:… or highlight:…)")
        return cls(InsightKind(kind), ident)

    @classmethod
    def theme(cls, theme_id: int) -> InsightKey:
        return cls(InsightKind.THEME, str(int(theme_id)))

    @classmethod
    def group(cls, cluster_id: int) -> InsightKey:
        return cls(InsightKind.GROUP, str(int(cluster_id)))

    @classmethod
    def highlight(cls, highlight_id: str) -> InsightKey:
        return cls(InsightKind.HIGHLIGHT, str(highlight_id))

    @property
    def number(self) -> int | None:
        """The theme's or group's row id; None for a highlight or an id that is not a number."""
        if self.kind == InsightKind.HIGHLIGHT or not self.id.isdigit():
            return None
        return int(self.id)

    def __str__(self) -> str:
        return f"{self.kind.prefix}{self.id}"


def is_theme_key(key: object) -> bool:
    """Whether a stored key names a theme (the other insights are groups)."""
    return str(key).startswith(InsightKind.THEME.prefix)


def is_group_key(key: object) -> bool:
    """Whether a stored key names a stored group (a cluster), not a lone highlight."""
    return str(key).startswith(InsightKind.GROUP.prefix)


def theme_key(theme_id: int) -> str:
    return str(InsightKey.theme(theme_id))


def group_key(cluster_id: int) -> str:
    return str(InsightKey.group(cluster_id))


def highlight_key(highlight_id: str) -> str:
    return str(InsightKey.highlight(highlight_id))


def theme_id_of(key: str) -> int:
    """The theme id in a theme key; ValueError for another kind of key."""
    parsed = InsightKey.parse(key)
    if parsed.kind != InsightKind.THEME or parsed.number is None:
        raise ValueError(f"“{key}” is not a theme")
    return parsed.number


SAMPLE_WORKSPACE = "Sample study"
SYNTHESIZED_WORKSPACE = "Sample study (synthesized)"

# Grouping near-duplicates: similarity from 0 to 100 (see insights.near_duplicates and
# docs/benchmarks.md for how the default was chosen).
DEFAULT_GROUPING_THRESHOLD = 85.0
MIN_GROUPING_THRESHOLD = 70.0

# Every new workspace starts with these themes, as an affinity map starts
# with a few labelled columns. Colors read on a projector in light and dark.
SEED_THEMES: tuple[tuple[str, str, str], ...] = (
    ("Product love", "#2E7D32", "What customers praise and would miss."),
    ("Customer behaviors", "#1565C0", "How, when and why customers buy and use."),
    ("Marketing & brand", "#6A1B9A", "How customers find us and what they think we stand for."),
    ("Pain points", "#C62828", "What gets in the way or disappoints."),
)

# Fields of a highlight, in the order exports and the CLI write them.
HIGHLIGHT_FIELDS: tuple[str, ...] = (
    "id",
    "text",
    "participant",
    "segment",
    "focus",
    "interview_date",
    "interviewer",
    "source_url",
)

ROADMAP_FIELDS: tuple[str, ...] = (
    "item",
    "description",
    "status",
    "target_quarter",
    "owner",
    "area",
)

# The Google Sheet template (README, "The sheet template"): header -> field.
# The bundled sample study is shipped in exactly this layout.
HIGHLIGHT_TEMPLATE: dict[str, str] = {
    "Highlight ID": "id",
    "Highlight": "text",
    "Participant": "participant",
    "Segment": "segment",
    "Focus": "focus",
    "Interview date": "interview_date",
    "Interviewer": "interviewer",
    "Source link": "source_url",
    "Theme": "theme",
}

ROADMAP_TEMPLATE: dict[str, str] = {
    "Item": "item",
    "Description": "description",
    "Status": "status",
    "Target quarter": "target_quarter",
    "Owner": "owner",
    "Area": "area",
}

# What the app calls each field, on screen and in messages.
FIELD_LABELS: dict[str, str] = {
    "text": "Highlight text",
    "participant": "Participant",
    "segment": "Segment",
    "focus": "Focus area",
    "interview_date": "Interview date",
    "interviewer": "Interviewer",
    "source_url": "Source link",
    "theme": "Theme or tag",
    "id": "Highlight ID",
    "item": "Roadmap item",
    "description": "Description",
    "status": "Status",
    "target_quarter": "Target quarter",
    "owner": "Owner",
    "area": "Area",
}

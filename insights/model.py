"""The words of the domain: columns, enums and the Google Sheet template.

One name for one thing everywhere: highlight, participant, segment, focus,
theme, cluster, insight, roadmap item, decision.
"""

from __future__ import annotations

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


class WorkspaceKind(StrEnum):
    SAMPLE = "sample"
    USER = "user"


SAMPLE_WORKSPACE = "Sample study"
SYNTHESIZED_WORKSPACE = "Sample study (synthesized)"

# Grouping near-duplicates: similarity from 0 to 100 (see insights.dedupe and
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

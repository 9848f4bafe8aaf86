"""The data model: what every stage reads and writes, and what the JSON output serialises.

Everything the system asserts about an article points back to character offsets in that article's
clean ``text``; the invariant ``article.text[start:end] == span.text`` holds for every span emitted.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = "1"

ClaimStatus = Literal["corroborated", "single_source", "disputed"]
DiscrepancyKind = Literal["number", "number_framing", "date", "entity", "quote_wording", "negation"]
# How a quantity is framed: an increment ("an additional 40,000"), a level ("40,000 troops", "increased to
# 40,000"), or a ratio ("tenfold"). The distinction is what makes "additional 40,000" and "tenfold to 40,000"
# two different claims about the same number.
Framing = Literal["increment", "level", "ratio", "unframed"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def zoned_time(value: datetime) -> datetime | None:
    """The time with a zone (UTC when it has none); None when it cannot be expressed in UTC at all (within a
    day of the first or last day of the calendar), which a store could not order."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    try:
        aware.astimezone(UTC)
    except OverflowError:
        return None
    return aware


def _aware(value: datetime | None) -> datetime | None:
    """Times without a zone are taken as UTC, so that every published time compares and serialises alike."""
    if value is None:
        return None
    aware = zoned_time(value)
    if aware is None:
        raise ValueError(f"{value.isoformat()} cannot be expressed in UTC")
    return aware


class Removed(_Frozen):
    """A piece of the raw input that cleaning took out, and why."""

    text: str
    reason: str


class Provenance(_Frozen):
    """Where an article came from: a file, a line of a dump, or a WARC record."""

    path: str | None = None
    line: int | None = None
    record: str | None = None


class TextRange(_Frozen):
    """Offsets into an article's clean text."""

    start: int
    end: int


class Document(_Frozen):
    """What a reader hands to cleaning: raw body text and whatever metadata the source carried.

    ``text`` keeps the source's line structure (one paragraph or furniture line per line); cleaning decides
    which lines are title, standfirst, body and furniture.
    """

    text: str
    path: str | None = None
    id: str | None = None
    """An id the source gave (a dump's ``id`` column); kept as the article id when present."""
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    provenance: Provenance = Field(default_factory=Provenance)
    removed: list[Removed] = Field(default_factory=list)
    """What the reader itself already dropped (an extractor's boilerplate), carried into the article."""
    story: str | None = None
    """A grouping the source already gives (a dump's ``story`` column); ``--group-by story`` uses it."""

    _published_aware = field_validator("published")(_aware)


class Article(_Frozen):
    """One outlet's report, cleaned. ``text`` is the body that every offset in the output refers to."""

    id: str
    path: str | None = None
    outlet: str
    url: str | None = None
    title: str | None = None
    standfirst: str | None = None
    author: str | None = None
    published: datetime | None = None
    text: str
    paragraphs: list[TextRange] = Field(default_factory=list)
    removed: list[Removed] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)
    story: str | None = None
    """The source's own story label, when it gave one."""

    _published_aware = field_validator("published")(_aware)


class Span(_Frozen):
    """A verbatim stretch of one article's clean text."""

    article_id: str
    start: int
    end: int
    text: str


class Citation(_Frozen):
    """A pointer from a brief sentence to the article text it came from."""

    article_id: str
    start: int
    end: int


class Sentence(_Frozen):
    article_id: str
    index: int
    paragraph: int
    start: int
    end: int
    text: str


class EntityMention(_Frozen):
    article_id: str
    start: int
    end: int
    text: str
    label: str


class Quantity(_Frozen):
    """A number as stated: its value, what it counts, and how it is framed."""

    article_id: str
    start: int
    end: int
    text: str
    value: float
    unit: str | None = None
    framing: Framing = "unframed"
    ratio: float | None = None
    """For "tenfold to 40,000": 10. Lets the comparison say what the earlier level must have been."""


class DateMention(_Frozen):
    article_id: str
    start: int
    end: int
    text: str
    normalized: str | None = None
    """ISO date or partial date ("2022-02-24", "--06" for a bare month) when the mention can be pinned."""


class Quote(_Frozen):
    """Words credited to a speaker. ``text`` is the quoted content, verbatim."""

    article_id: str
    start: int
    end: int
    text: str
    speaker: str | None
    cue: str | None
    direct: bool
    sentence: int
    """Index of the sentence that carries the quote's start, for joining quotes to claims."""


class Attribution(_Frozen):
    """An outlet or agency an article credits ("per The Telegraph", "according to Reuters")."""

    source: str
    article_id: str
    start: int
    end: int
    text: str
    sentences: list[int] = Field(default_factory=list)
    """The sentences of the article this credit governs: its own, and any it carries over to."""


class Entity(_Frozen):
    """A named thing as it appears across a story, under its fullest name."""

    text: str
    label: str
    article_ids: list[str]
    mentions: int = 0


class Claim(_Frozen):
    """One statement as made by one or more articles of a story."""

    id: str
    text: str
    status: ClaimStatus
    support: list[Span]
    upstream_sources: list[str]
    """Outlets and agencies the supporting articles credit for this statement."""
    origins: list[str] = Field(default_factory=list)
    """The distinct origins behind the support: a credited person, else a credited outlet, else the outlet."""
    independent_sources: int
    outlets: list[str] = Field(default_factory=list)


class Discrepancy(_Frozen):
    kind: DiscrepancyKind
    explanation: str
    sides: list[Span]
    claim_id: str | None = None
    diff: str | None = None
    """For quote wording: the word-level difference, ``[-removed-]`` / ``{+added+}``."""


BriefSection = Literal[
    "confirmed", "relayed", "single_source", "disputed", "differences", "quotes", "sources"
]


class BriefSentence(_Frozen):
    text: str
    citations: list[Citation]
    section: BriefSection = "confirmed"
    claim_id: str | None = None


class Story(_Frozen):
    id: str
    title: str
    article_ids: list[str]
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    claims: list[Claim] = Field(default_factory=list)
    discrepancies: list[Discrepancy] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    brief: list[BriefSentence] = Field(default_factory=list)

    _seen_aware = field_validator("first_seen", "last_seen")(_aware)


class DuplicateGroup(_Frozen):
    """Exact or near copies of one report: the canonical article (earliest, else longest) and its copies."""

    canonical: str
    copies: list[str]


class Rejected(_Frozen):
    """An input that could not be read, named with the reason, so that counts in equal counts out."""

    path: str
    error: str


class Report(_Frozen):
    """The whole output of ``crosscheck brief --format json``."""

    schema_version: str = SCHEMA_VERSION
    articles: list[Article]
    stories: list[Story]
    duplicates: list[DuplicateGroup] = Field(default_factory=list)
    rejected: list[Rejected] = Field(default_factory=list)


class AnnotatedArticle(_Frozen):
    """An article with everything ``annotate`` found in it. Internal to the pipeline; not serialised."""

    article: Article
    sentences: list[Sentence]
    entities: list[EntityMention]
    quantities: list[Quantity]
    dates: list[DateMention]
    quotes: list[Quote]
    attributions: list[Attribution]
    speakers: dict[int, str] = Field(default_factory=dict)
    """Sentence index → the person the sentence's statement is credited to ("X said", a quote's speaker)."""

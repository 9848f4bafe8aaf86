"""The REST API's request and response bodies. ``StoryDetail`` is the JSON contract: a ``Story`` plus its
articles."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from crosscheck.model import SCHEMA_VERSION, Article, Rejected, Story, zoned_time
from crosscheck.store import SearchHit, StorySummary

# Longest text or HTML one POST may carry, in characters; the byte limit on the whole body is separate.
MAX_INGEST_CHARS = 1_000_000
BARE_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def not_a_bare_number(value: object) -> object:
    """Pydantic would read a number ("-1", 1700000000, even "2024") as seconds since 1970: a date given that way
    is far likelier a mistake than a Unix time, and would file an article in 1969 or list every story since."""
    if isinstance(value, int | float) or (isinstance(value, str) and BARE_NUMBER.fullmatch(value.strip())):
        raise ValueError("an ISO 8601 date or time (e.g. 2024-03-01T09:00:00Z), not a bare number")
    return value


# A date or time as a query parameter takes it (``?since=``): the same schema, no number read as a Unix time.
IsoTime = Annotated[datetime, BeforeValidator(not_a_bare_number)]


class StoryDetail(Story):
    """A story as ``Story.model_dump(mode="json")`` gives it, plus its articles."""

    schema_version: str = SCHEMA_VERSION
    analysed: bool = True
    """False while a newly joined article waits for the story's re-analysis."""
    articles: list[Article] = Field(default_factory=list)


class ArticleDetail(Article):
    story_id: str | None = None


class StoryList(BaseModel):
    items: list[StorySummary]
    total: int
    limit: int
    offset: int


class SearchResults(BaseModel):
    query: str
    items: list[SearchHit]
    total: int
    limit: int
    offset: int


def _text_schema(max_length: int, pattern: str | None = None) -> WithJsonSchema:
    # Absent rather than null: the schema then says exactly which bodies are acceptable.
    schema: dict[str, object] = {"type": "string", "maxLength": max_length}
    if pattern is not None:
        schema["pattern"] = pattern
    return WithJsonSchema(schema)


class IngestRequest(BaseModel):
    """One article as text or HTML, or a URL to fetch (a page or a feed)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [{"required": ["text"]}, {"required": ["html"]}, {"required": ["url"]}],
            "not": {"required": ["text", "html"]},
        },
    )

    text: Annotated[str | None, _text_schema(MAX_INGEST_CHARS)] = Field(
        default=None, max_length=MAX_INGEST_CHARS
    )
    html: Annotated[str | None, _text_schema(MAX_INGEST_CHARS)] = Field(
        default=None, max_length=MAX_INGEST_CHARS
    )
    url: Annotated[str | None, _text_schema(2000, "^https?://")] = Field(default=None, max_length=2000)
    """With ``text`` or ``html``: where the article was published. Alone: the page or feed to fetch."""
    outlet: Annotated[str | None, _text_schema(300)] = Field(default=None, max_length=300)
    title: Annotated[str | None, _text_schema(2000)] = Field(default=None, max_length=2000)
    published: Annotated[datetime | None, WithJsonSchema({"type": "string", "format": "date-time"})] = None

    @field_validator("published", mode="before")
    @classmethod
    def not_a_bare_number(cls, value: object) -> object:
        return not_a_bare_number(value)

    @field_validator("published")
    @classmethod
    def placeable(cls, value: datetime | None) -> datetime | None:
        """A time no zone can place (year 9999 at UTC-14) is refused, as the store could not order it."""
        if value is not None and zoned_time(value) is None:
            raise ValueError("a time that cannot be expressed in UTC")
        return value

    @model_validator(mode="after")
    def one_source(self) -> IngestRequest:
        for name in sorted(self.model_fields_set):
            if getattr(self, name) is None:
                raise ValueError(f"{name} must be given as a value or left out, not null")
        given = [name for name in ("text", "html") if getattr(self, name) is not None]
        if len(given) > 1:
            raise ValueError("give either text or html, not both")
        if not given and self.url is None:
            raise ValueError("give text, html or url")
        if self.url is not None and not self.url.lower().startswith(("http://", "https://")):
            raise ValueError("url must start with http:// or https://")
        return self


class IngestResponse(BaseModel):
    added: list[str]
    revised: list[str]
    """Stored before in another version (other text, title or date): replaced by this one."""
    already_stored: list[str]
    rejected: list[Rejected]
    stories: list[str]
    """The stories the given articles belong to."""


class Problem(BaseModel):
    detail: str

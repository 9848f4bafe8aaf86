"""The store's tables, as SQLAlchemy 2 declarative models. Migrations in ``migrations/`` create them.

Each row keeps the full pydantic model as JSON in ``body`` (the source of truth that the API serves), next to
the few columns that listing, filtering and ordering need.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    outlet: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    published: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    """Naive UTC, for ordering; the exact value with its zone is in ``body``."""
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    story_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    body: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_articles_ingested", "ingested_at", "id"),)


class StoryRow(Base):
    __tablename__ = "stories"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    first_seen: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_seen: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    outlet_count: Mapped[int] = mapped_column(Integer, default=0)
    independent_sources: Mapped[int] = mapped_column(Integer, default=0)
    claim_count: Mapped[int] = mapped_column(Integer, default=0)
    discrepancy_count: Mapped[int] = mapped_column(Integer, default=0)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    """Bumped whenever the story's membership changes."""
    analysed_revision: Mapped[int] = mapped_column(Integer, default=0)
    """The revision ``body`` was computed for; lower than ``revision`` means the analysis is due."""
    updated_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    body: Mapped[str | None] = mapped_column(Text, nullable=True)


class StoryAliasRow(Base):
    """A story that was merged into another keeps its id as an alias, so shared links still resolve."""

    __tablename__ = "story_aliases"

    alias: Mapped[str] = mapped_column(String(200), primary_key=True)
    story_id: Mapped[str] = mapped_column(String(200), index=True)


class ClustererStateRow(Base):
    """Fitted state of what the store learns, by name: the online story clusterer's (saved in the same
    transaction as the articles it saw), and the per-outlet furniture model (``learn-furniture --db``)."""

    __tablename__ = "clusterer_state"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class FeedRow(Base):
    """What ``crosscheck watch`` remembers about a feed to poll it politely."""

    __tablename__ = "feeds"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(Text, nullable=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_poll_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_status: Mapped[str | None] = mapped_column(Text, nullable=True)


class FeedItemRow(Base):
    """An item link ``crosscheck watch`` has already read from a feed, so that it is fetched once, not per poll."""

    __tablename__ = "feed_items"

    feed_url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    link: Mapped[str] = mapped_column(String(2000), primary_key=True)
    read_at: Mapped[datetime] = mapped_column(DateTime)


class SearchEntryRow(Base):
    """Search text on databases without FTS5 (PostgreSQL); SQLite uses the ``search_index`` FTS5 table."""

    __tablename__ = "search_entries"

    rowid: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    ref_id: Mapped[str] = mapped_column(String(400))
    article_id: Mapped[str] = mapped_column(String(200), index=True)
    story_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")

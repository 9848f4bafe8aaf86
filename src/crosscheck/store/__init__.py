"""The embedded store: articles and stories in SQLite (or any SQLAlchemy database), searchable, updated as
new reports arrive. ``open_store`` is the way in."""

from __future__ import annotations

from crosscheck.store.components import ClustererFactory, StoryAnalyser, pipeline_analyser, pipeline_clusterer
from crosscheck.store.database import (
    Database,
    StoreError,
    StoreLocked,
    StoreReadOnly,
    default_db_path,
    open_database,
    resolve_db_url,
)
from crosscheck.store.library import IngestReport, Store, StoryChange, StorySummary, StoryView
from crosscheck.store.search import SearchHit


def open_store(
    db: str | None = None,
    *,
    clusterer_factory: ClustererFactory = pipeline_clusterer,
    analyser: StoryAnalyser = pipeline_analyser,
    create: bool = True,
) -> Store:
    """The store at ``db`` (URL or path; else ``CROSSCHECK_DB``; else the per-user default), migrated; unless
    ``create``, a SQLite store must exist already."""
    return Store(open_database(db, create=create), clusterer_factory=clusterer_factory, analyser=analyser)


__all__ = [
    "Database",
    "IngestReport",
    "SearchHit",
    "Store",
    "StoreError",
    "StoreLocked",
    "StoreReadOnly",
    "StoryChange",
    "StorySummary",
    "StoryView",
    "default_db_path",
    "open_database",
    "open_store",
    "pipeline_analyser",
    "pipeline_clusterer",
    "resolve_db_url",
]

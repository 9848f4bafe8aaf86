"""One live server per test session over a store holding two fixture stories."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.store.fixtures import fixture_store, flood_documents, nato_documents
from tests.web.server import LiveServer, serve


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db: Path = tmp_path_factory.mktemp("web") / "store.db"
    store = fixture_store(str(db))
    store.ingest(nato_documents() + flood_documents())
    with serve(store) as server:
        yield server
    store.close()


@pytest.fixture(scope="session")
def nato_story_id(live: LiveServer) -> str:
    items, _ = live.store.stories(limit=10)
    return next(s.id for s in items if s.articles == 2)

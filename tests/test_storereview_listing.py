"""The story list agrees with the story itself: a story whose newest report waits for analysis says so in the
API's list, on the list page and in ``crosscheck stories``, as its own JSON does."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from crosscheck.web import create_app
from tests.store.fixtures import NATO_BODIES, article_document, fixture_store, nato_documents


def test_a_story_waiting_for_analysis_is_listed_as_waiting(tmp_path: Path) -> None:
    store = fixture_store(str(tmp_path / "s.db"))
    telegraph, guardian = nato_documents()
    store.ingest([telegraph])
    # The Guardian's report joins the story but is not analysed yet (an analysis that failed stays so too).
    late = article_document("Guardian", NATO_BODIES["Guardian"], guardian.title or "", hours=1)
    store.ingest([late], analyse=False)

    summaries, total = store.stories()
    assert total == 1 and summaries[0].articles == 2
    client = TestClient(create_app(store))
    listed = client.get("/api/stories").json()["items"][0]
    detail = client.get(f"/api/stories/{listed['id']}").json()
    assert detail["analysed"] is False
    assert listed["analysed"] is False
    assert "analysis pending" in client.get("/").text

    store.analyse_due()
    assert client.get("/api/stories").json()["items"][0]["analysed"] is True
    assert "analysis pending" not in client.get("/").text
    store.close()

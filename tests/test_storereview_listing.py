"""The story list agrees with the story itself: a story whose newest report waits for analysis says so in the
API's list, on the list page and in ``crosscheck stories``, as its own JSON does, and lists the articles it
holds."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from crosscheck.store import open_store
from crosscheck.web import create_app
from tests.store.fixtures import (
    NATO_BODIES,
    ScriptedClusterer,
    article_document,
    fixture_analyser,
    fixture_store,
    nato_documents,
)


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


def test_a_story_split_before_its_analysis_lists_only_the_articles_it_still_holds(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"), clusterer_factory=ScriptedClusterer, analyser=fixture_analyser)
    body = "Officials met in the capital on Monday to agree the plan. Talks went on late."
    store.ingest(
        [
            article_document("Herald", body, "alpha talks begin"),
            article_document("Post", body + " Yes.", "beta talks"),
            article_document("Wire", body + " Later.", "beta more"),
        ]
    )
    store.ingest([article_document("Courier", body + " Then.", "merge beta into alpha", 1)])
    # The clusterer moves the beta reports back out; the analyses wait.
    store.ingest([article_document("Times", body + " Split.", "split beta off alpha", 2)], analyse=False)

    client = TestClient(create_app(store))
    held: dict[str, list[str]] = {}
    for summary in store.stories()[0]:
        detail = client.get(f"/api/stories/{summary.id}").json()
        assert not detail["analysed"]
        assert sorted(detail["article_ids"]) == sorted(a["id"] for a in detail["articles"])
        assert len(detail["article_ids"]) == summary.articles
        held[summary.id] = detail["article_ids"]
    # Every article in exactly one story.
    every = [article_id for ids in held.values() for article_id in ids]
    assert len(every) == len(set(every)) == store.counts()["articles"] == 5
    store.close()

"""Story membership as the clusterer changes its mind: merged stories keep their links, and two processes
ingesting into one store see each other's clusterer state."""

from __future__ import annotations

from pathlib import Path

import httpx

from crosscheck.store import open_store
from tests.store.fixtures import (
    ScriptedClusterer,
    article_document,
    fixture_analyser,
    fixture_store,
    nato_documents,
)
from tests.web.server import serve


def test_a_merged_story_id_still_resolves(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "m.db"), clusterer_factory=ScriptedClusterer, analyser=fixture_analyser)
    body = "Officials met in the capital on Monday to agree the plan. Talks went on late."
    store.ingest(
        [
            article_document("Herald", body, "alpha talks begin"),
            article_document("Post", body + " Yes.", "beta talks"),
        ]
    )
    assert {s.id for s in store.stories()[0]} == {"story-alpha", "story-beta"}
    report = store.ingest([article_document("Wire", body + " Later.", "merge beta into alpha")])
    assert report.changes and report.changes[0].story_id == "story-alpha"
    assert [s.id for s in store.stories()[0]] == ["story-alpha"]
    merged = store.story("story-beta")
    assert merged is not None and merged.story.id == "story-alpha" and len(merged.articles) == 3
    assert store.counts() == {"articles": 3, "stories": 1, "due": 0}
    with serve(store) as server:
        page = httpx.get(f"{server.base_url}/stories/story-beta")
        assert page.status_code == 308 and page.headers["location"] == "/stories/story-alpha"
        assert httpx.get(f"{server.base_url}/api/stories/story-beta").json()["id"] == "story-alpha"
    # Search entries moved with the articles.
    assert {h.story_id for h in store.search("capital")[0]} == {"story-alpha"}


def test_two_processes_share_one_clusterer_state(tmp_path: Path) -> None:
    db = str(tmp_path / "shared.db")
    telegraph, guardian = nato_documents()
    first, second = fixture_store(db), fixture_store(db)
    first.ingest([telegraph])
    # The second store loaded nothing yet; it must pick up the first one's state, not start afresh.
    second.ingest([guardian])
    assert second.counts() == {"articles": 2, "stories": 1, "due": 0}
    first.ingest(
        [article_document("Wire", telegraph.text + "\n\nMore later.", telegraph.title or "", hours=3)]
    )
    summaries, total = first.stories()
    assert total == 1 and summaries[0].articles == 3

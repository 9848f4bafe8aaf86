"""Story membership as the clusterer changes its mind: merged stories keep their links, and two processes
ingesting into one store see each other's clusterer state."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from crosscheck.model import Article
from crosscheck.store import open_store
from tests.store.fixtures import article_document, fixture_analyser, fixture_store, nato_documents
from tests.web.server import serve


class ScriptedClusterer:
    """Assigns by the first word of the title; a title "merge X into Y" merges story X into story Y.

    Stands in for the real clusterer where the test needs a merge to happen at a known moment.
    """

    def __init__(self, state: dict[str, Any] | None) -> None:
        state = state or {}
        self._stories: dict[str, list[str]] = {k: list(v) for k, v in state.get("stories", {}).items()}
        self._merges: list[tuple[str, str]] = [(a, b) for a, b in state.get("merges", [])]

    @property
    def merges(self) -> list[tuple[str, str]]:
        return self._merges

    def add_batch(self, articles: Sequence[Article]) -> list[str]:
        keys = []
        for article in articles:
            words = (article.title or "").split()
            if words[:1] == ["merge"]:
                absorbed, surviving = f"story-{words[1]}", f"story-{words[3]}"
                self._stories[surviving].extend(self._stories.pop(absorbed))
                self._merges.append((absorbed, surviving))
                key = surviving
            else:
                key = f"story-{words[0]}"
            self._stories.setdefault(key, []).append(article.id)
            keys.append(key)
        return keys

    def stories(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self._stories.items()}

    def to_state(self) -> dict[str, Any]:
        return {"stories": self._stories, "merges": self._merges}


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

"""Shared test material for the store and web tests: articles, a cheap lead embedder, a fixture analysis.

The clusterer under test is the project's real ``StoryClusterer``; only the sentence embedding of each lead is
replaced by a hashed bag of words, so that tests do not spend seconds loading the embedding model. The fixture
analysis builds a ``Story`` from model objects directly (claims, a discrepancy, quotes, a cited brief), with
every span checked against the article text.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from crosscheck.model import (
    Article,
    Attribution,
    BriefSentence,
    Citation,
    Claim,
    Discrepancy,
    Document,
    Quote,
    Span,
    Story,
)
from crosscheck.store import Store, open_store
from crosscheck.store.components import clusterer_factory

# Run in a process of its own, as another writer would be: sqlite3 itself, not crosscheck's store code.
HOLD_WRITE_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
connection.execute("ROLLBACK")
"""
WORD = re.compile(r"\w+")
SLUG = re.compile(r"\W+")
SENTENCE = re.compile(r"[^.!?]+[.!?]")
QUOTE = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
ACCORDING = re.compile(r"according to ([A-Z][\w]+(?: [A-Z][\w]+)*)")


def hashed_embedder(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """Bag of hashed words, L2-normalised: same words, same direction."""
    vectors = np.zeros((len(texts), 384), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in WORD.findall(text.lower()):
            if len(word) > 3:
                slot = int(hashlib.md5(word.encode()).hexdigest()[:8], 16) % 384
                vectors[row, slot] += 1.0
        norm = float(np.linalg.norm(vectors[row]))
        if norm:
            vectors[row] /= norm
    return vectors


def span_of(article: Article, start: int, end: int) -> Span:
    return Span(article_id=article.id, start=start, end=end, text=article.text[start:end])


def first_sentence(article: Article) -> Span:
    match = SENTENCE.search(article.text)
    if match is None:
        stripped = article.text.strip()
        start = article.text.index(stripped[0])
        return span_of(article, start, start + len(stripped))
    start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
    return span_of(article, start, match.end())


def fixture_analyser(story_id: str, articles: Sequence[Article]) -> Story:
    """One claim per article's first sentence, a number discrepancy between the first two, quotes, a brief."""
    leads = [first_sentence(a) for a in articles]
    outlets = sorted({a.outlet for a in articles})
    claims = [
        Claim(
            id=f"{story_id}-c{i}",
            text=lead.text,
            status="single_source",
            support=[lead],
            upstream_sources=[],
            origins=[article.outlet],
            independent_sources=1,
            outlets=[article.outlet],
        )
        for i, (article, lead) in enumerate(zip(articles, leads, strict=True))
    ]
    if len(articles) > 1:
        claims.insert(
            0,
            Claim(
                id=f"{story_id}-shared",
                text=leads[0].text,
                status="corroborated",
                support=leads,
                upstream_sources=[],
                origins=outlets,
                independent_sources=len(outlets),
                outlets=outlets,
            ),
        )
    discrepancies = []
    if len(articles) > 1:
        discrepancies.append(
            Discrepancy(
                kind="number",
                explanation=f"{articles[0].outlet} and {articles[1].outlet} give different figures.",
                sides=leads[:2],
                claim_id=claims[0].id,
                diff="troops rose by [-40,000-] {+4,000+}",
            )
        )
    quotes: list[Quote] = []
    attributions: list[Attribution] = []
    for article in articles:
        for match in QUOTE.finditer(article.text):
            group = 1 if match.group(1) is not None else 2
            quotes.append(
                Quote(
                    article_id=article.id,
                    start=match.start(group),
                    end=match.end(group),
                    text=match.group(group),
                    speaker="Jens Stoltenberg",
                    cue="said",
                    direct=True,
                    sentence=0,
                )
            )
        for match in ACCORDING.finditer(article.text):
            attributions.append(
                Attribution(
                    source=match.group(1),
                    article_id=article.id,
                    start=match.start(),
                    end=match.end(),
                    text=match.group(0),
                )
            )
    brief = [
        BriefSentence(
            text=f"{article.outlet} reports: {lead.text}",
            citations=[Citation(article_id=lead.article_id, start=lead.start, end=lead.end)],
            section="confirmed" if i == 0 else "single_source",
            claim_id=claims[i].id if i < len(claims) else None,
        )
        for i, (article, lead) in enumerate(zip(articles, leads, strict=True))
    ]
    published = [a.published for a in articles if a.published is not None]
    return Story(
        id=story_id,
        title=articles[0].title or story_id,
        article_ids=[a.id for a in articles],
        first_seen=min(published) if published else None,
        last_seen=max(published) if published else None,
        claims=claims,
        discrepancies=discrepancies,
        quotes=quotes,
        attributions=attributions,
        brief=brief,
    )


BASE_TIME = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)

NATO_BODIES = {
    "Telegraph": (
        "Nato is to increase its high-readiness forces by 40,000 troops, according to Jens Stoltenberg.\n\n"
        "“We will strengthen our presence in the east,” Stoltenberg said at the summit in Madrid.\n\n"
        "The alliance has about 40,000 troops under direct command today."
    ),
    "Guardian": (
        "Nato will raise its rapid-reaction forces to 300,000 troops, "
        "Jens Stoltenberg told the Madrid summit.\n\n"
        "“We will strengthen our forward presence in the east,” Stoltenberg said.\n\n"
        "The Nato summit in Madrid runs until Thursday, according to Reuters."
    ),
}
FLOOD_BODIES = {
    "Herald": (
        "Flood waters rose across the valley of Somerset villages after three days of heavy rain.\n\n"
        "Rescue boats reached the villages of Muchelney and Thorney, according to the Environment Agency."
    ),
}


def article_document(outlet: str, body: str, title: str, hours: int = 0, url: str | None = None) -> Document:
    return Document(
        text=body,
        outlet=outlet,
        title=title,
        url=url or f"https://{outlet.lower()}.example/{SLUG.sub('-', title.lower())[:40]}",
        published=BASE_TIME + timedelta(hours=hours),
    )


def nato_documents() -> list[Document]:
    return [
        article_document(outlet, body, "Nato summit in Madrid: Stoltenberg announces forces increase", i)
        for i, (outlet, body) in enumerate(NATO_BODIES.items())
    ]


def flood_documents() -> list[Document]:
    return [
        article_document(outlet, body, "Somerset villages flooded after three days of rain", 2)
        for outlet, body in FLOOD_BODIES.items()
    ]


def fixture_store(db: str) -> Store:
    """A store at ``db`` with the real clusterer (hashed leads) and the fixture analysis."""
    return open_store(db, clusterer_factory=clusterer_factory(hashed_embedder), analyser=fixture_analyser)


class ScriptedClusterer:
    """Assigns by the first word of the title; "merge X into Y" merges story X into Y, "split X off Y" moves
    Y's articles titled X… back into story X. Stands in for the real clusterer where a test needs a merge or a
    split at a known moment."""

    def __init__(self, state: dict[str, Any] | None) -> None:
        state = state or {}
        self._stories: dict[str, list[str]] = {k: list(v) for k, v in state.get("stories", {}).items()}
        self._titles: dict[str, str] = dict(state.get("titles", {}))
        self._merges: list[tuple[str, str]] = [(a, b) for a, b in state.get("merges", [])]

    @property
    def merges(self) -> list[tuple[str, str]]:
        return self._merges

    def add_batch(self, articles: Sequence[Article]) -> list[str]:
        keys = []
        for article in articles:
            words = (article.title or "").split()
            self._titles[article.id] = words[0]
            key = f"story-{words[0]}"
            if words[0] == "merge":
                absorbed, key = f"story-{words[1]}", f"story-{words[3]}"
                self._stories[key].extend(self._stories.pop(absorbed))
                self._merges.append((absorbed, key))
            elif words[0] == "split":
                moved, key = f"story-{words[1]}", f"story-{words[3]}"
                leaving = [i for i in self._stories[key] if self._titles[i] == words[1]]
                self._stories[key] = [i for i in self._stories[key] if i not in leaving]
                self._stories[moved] = leaving
            self._stories.setdefault(key, []).append(article.id)
            keys.append(key)
        return keys

    def stories(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self._stories.items()}

    def to_state(self) -> dict[str, Any]:
        return {"stories": self._stories, "titles": self._titles, "merges": self._merges}


def assert_claims_match_their_own_words(store: Store) -> None:
    """A claim is found by its own words, not by its story's title, which its hit still shows."""
    nato = next(s for s in store.stories()[0] if s.articles == 2)
    found = 0
    for word in {w.strip(":,.'").lower() for w in nato.title.split()}:
        hits, _ = store.search(word, kinds=["claim"])
        assert all("\x02" in h.snippet and h.title == nato.title for h in hits), word
        found += len(hits)
    assert found


# How long a test's store waits for another writer's lock: long enough for any real write, short enough that a
# test of a lock held past it need not wait the 30 s a user's store waits.
TEST_BUSY_TIMEOUT_MS = 200


def impatient_store(db: str, monkeypatch: Any) -> Store:
    """A fixture store at ``db`` that gives up on another writer's lock after ``TEST_BUSY_TIMEOUT_MS``."""
    from crosscheck.store import database

    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", TEST_BUSY_TIMEOUT_MS)
    return fixture_store(db)


@contextmanager
def write_lock_held(db: str) -> Iterator[None]:
    """Another process holds the SQLite store's write lock (as a long ``rebuild`` does) until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, db], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)

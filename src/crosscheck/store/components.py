"""The two stages the store drives: the online story clusterer and the per-story analysis.

Both are looked up lazily so that opening a store (``crosscheck stories``, the web app) never loads models.
Other drivers and tests may pass their own callables of the same shape.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

from crosscheck.model import Article, Story

if TYPE_CHECKING:
    from crosscheck.cluster import ClusterConfig, StoryClusterer
    from crosscheck.pipeline import AnnotationCache

LeadEmbedder = Callable[[Sequence[str]], npt.NDArray[np.float32]]


class OnlineClusterer(Protocol):
    """What the store needs of an online story clusterer."""

    @property
    def merges(self) -> list[tuple[str, str]]:
        """(absorbed story, surviving story), every merge so far, in order."""
        ...

    # A clusterer may also split a story after the fact: the articles it moves get a new story key. The
    # store needs nothing more to follow that: reconciliation moves every article whose key changed.

    def add_batch(self, articles: Sequence[Article]) -> list[str]:
        """Assign new articles to stories; the story key of each, in input order."""
        ...

    def stories(self) -> dict[str, list[str]]: ...

    def to_state(self) -> dict[str, Any]: ...


ClustererFactory = Callable[[dict[str, Any] | None], OnlineClusterer]
StoryAnalyser = Callable[[str, Sequence[Article]], Story]
"""Story id and its articles → the analysed ``Story`` (which must carry that id)."""
AnalysisPreparer = Callable[[Sequence[tuple[str, Sequence[Article]]], Callable[[int], None]], None]
"""Readies the analyser for the next stories due, given as (story id, its articles), in the order they will be
asked for, telling the callable how many are ready as it goes. Only a head start: the analyser must give the
same stories without it."""


class BatchedStoryClusterer:
    """``crosscheck.cluster.StoryClusterer`` fed a batch at a time, so leads are embedded in one call."""

    def __init__(self, inner: StoryClusterer, embedder: LeadEmbedder | None = None) -> None:
        self.inner = inner
        self.embedder = embedder

    @property
    def merges(self) -> list[tuple[str, str]]:
        return self.inner.merges

    @property
    def splits(self) -> list[tuple[str, str]]:
        """(split story, new story of the articles moved out of it), every split so far, in order."""
        return self.inner.splits

    def add_batch(self, articles: Sequence[Article]) -> list[str]:
        from crosscheck.cluster import arrival_order, lead_text, profile_articles

        if not articles:
            return []
        config = self.inner.config
        vectors = None
        if self.embedder is not None:
            vectors = self.embedder([lead_text(a, config.lead_words) for a in articles])
        profiles = profile_articles(articles, config, vectors)
        keys = [""] * len(articles)
        # The clusterer expects time order; a batch may arrive in any order.
        for index in arrival_order(articles):
            keys[index] = self.inner.add(articles[index], profiles[index])
        # The end-of-batch checks (a small story may never reach a growth check) may split a story, which
        # moves some of this batch's articles too.
        self.inner.settle()
        return [self.inner.story_of(article.id) or key for article, key in zip(articles, keys, strict=True)]

    def stories(self) -> dict[str, list[str]]:
        return self.inner.stories()

    def to_state(self) -> dict[str, Any]:
        return self.inner.to_state()


def clusterer_factory(
    embedder: LeadEmbedder | None = None, config: ClusterConfig | None = None
) -> ClustererFactory:
    """A factory for the project's clusterer; ``embedder`` replaces ``crosscheck.nlp.embed`` and ``config``
    the default thresholds (also over a saved state's) when given."""

    def make(state: dict[str, Any] | None) -> OnlineClusterer:
        from crosscheck.cluster import StoryClusterer

        inner = StoryClusterer.from_state(state, config) if state is not None else StoryClusterer(config)
        return BatchedStoryClusterer(inner, embedder)

    return make


pipeline_clusterer: ClustererFactory = clusterer_factory()


@lru_cache(maxsize=1)
def annotation_cache() -> AnnotationCache:
    """The store's annotated articles, shared by every story it analyses in this process."""
    from crosscheck.pipeline import AnnotationCache

    return AnnotationCache()


# Stories analysed ahead by ``prepare_analyses``, by story id and a digest of the articles they were analysed
# from, each taken out by the analyser's first call for it. Per thread: the web app ingests in several.
_prepared = threading.local()


def _prepared_stories() -> dict[tuple[str, bytes], Story]:
    held: dict[tuple[str, bytes], Story] | None = getattr(_prepared, "stories", None)
    if held is None:
        held = _prepared.stories = {}
    return held


def _analysis_key(story_id: str, articles: Sequence[Article]) -> tuple[str, bytes]:
    digest = hashlib.blake2b(digest_size=16)
    for article in articles:
        digest.update(article.model_dump_json().encode())
    return story_id, digest.digest()


def prepare_analyses(
    stories: Sequence[tuple[str, Sequence[Article]]], analysed: Callable[[int], None] | None = None
) -> None:
    """Ready the next stories due. When enough of their articles are new to repay the pipeline's worker
    processes (``CROSSCHECK_PARALLEL_MIN_ARTICLES``), the workers annotate them into ``annotation_cache`` and
    analyse the stories (``pipeline.analyse_stories``); ``pipeline_analyser`` then hands out each story as it is
    asked for, and a story whose analysis failed is analysed again there, to fail in place. Otherwise the
    articles are only annotated, together: in one process, analysing ahead would gain nothing and would hold
    every story back from the store until the last was done."""
    from crosscheck.pipeline import analyse_stories, worker_count
    from crosscheck.settings import get_settings

    held = _prepared_stories()
    held.clear()  # what an earlier round left unasked for is stale by now
    cache = annotation_cache()
    articles = [article for _, story in stories for article in story]
    workers = worker_count(get_settings(), cache.unannotated(articles))
    if workers <= 1:
        cache.annotate(articles)
        return
    results = analyse_stories(
        [story for _, story in stories], cache=cache, analysed=analysed, workers=workers
    )
    for (story_id, story), result in zip(stories, results, strict=True):
        if isinstance(result, Story):
            held[_analysis_key(story_id, story)] = result


def pipeline_analyser(story_id: str, articles: Sequence[Article]) -> Story:
    """The project's analysis (dedup, annotate, align, compare, brief) of one story's articles.

    Articles annotated for an earlier analysis of the story are taken from ``annotation_cache``."""
    from crosscheck.dedup import find_duplicates
    from crosscheck.pipeline import analyse_story

    prepared = _prepared_stories().pop(_analysis_key(story_id, articles), None)
    if prepared is not None:
        return prepared.model_copy(update={"id": story_id})
    story = analyse_story(articles, find_duplicates(articles), annotate=annotation_cache().annotate)
    return story.model_copy(update={"id": story_id})

"""The real analysis in a store: a story analysed again when an article joins it annotates and embeds only
that article, and gives the same story as analysing all its articles afresh."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from crosscheck import nlp
from crosscheck.model import Document, Story
from crosscheck.pipeline import AnnotationCache, analyse_story
from crosscheck.store import open_store
from crosscheck.store.components import annotation_cache, clusterer_factory
from tests.store.fixtures import article_document, flood_documents, hashed_embedder, nato_documents

THIRD_REPORT = (
    "Nato will put 300,000 troops on high readiness, Jens Stoltenberg said at the Madrid summit.\n\n"
    "“We will strengthen our presence in the east,” Stoltenberg told reporters in Madrid.\n\n"
    "Allied leaders meet in Madrid until Thursday."
)


def summit_documents() -> list[Document]:
    """Three outlets' reports of one Nato summit, the third an hour after the others."""
    third = article_document(
        "Herald", THIRD_REPORT, "Nato summit in Madrid: Stoltenberg announces forces increase", 3
    )
    return [*nato_documents(), third]


class CountingEncoder:
    """The real encoder, counting the texts it is asked to encode."""

    def __init__(self, inner: nlp.SentenceEncoder) -> None:
        self.inner = inner
        self.texts: list[str] = []

    def encode(self, texts: list[str], batch_size: int = 32) -> nlp.Vectors:
        self.texts.extend(texts)
        return self.inner.encode(texts, batch_size)


@pytest.fixture
def counting_encoder(monkeypatch: pytest.MonkeyPatch) -> CountingEncoder:
    nlp.vector_cache.clear()
    counting = CountingEncoder(nlp._encoder())
    monkeypatch.setattr(nlp, "_encoder", lambda int8=None, threads=None: counting)
    return counting


def test_a_story_analysed_again_annotates_and_embeds_only_the_article_that_joined(
    tmp_path: Path, counting_encoder: CountingEncoder
) -> None:
    cache = annotation_cache()
    documents = summit_documents()
    store = open_store(str(tmp_path / "s.db"), clusterer_factory=clusterer_factory(hashed_embedder))
    first = store.ingest(documents[:2])
    (story_id,) = first.new_stories  # two outlets' reports of one summit: one story
    annotated_before, embedded_before = cache.annotated, len(counting_encoder.texts)
    assert embedded_before > 0  # two outlets: their sentences were aligned

    report = store.ingest(documents[2:3])
    assert report.updated_stories == [story_id]
    # Only the third outlet's article was annotated, and only sentences never seen before were embedded.
    assert cache.annotated - annotated_before == 1
    view = store.story(story_id)
    assert view is not None and len(view.articles) == 3
    third = next(a for a in view.articles if a.outlet == documents[2].outlet)
    new_texts = counting_encoder.texts[embedded_before:]
    assert new_texts and all(text in third.text for text in new_texts)

    # The stored story is the one a fresh analysis of all three articles gives.
    nlp.vector_cache.clear()
    fresh = analyse_story(view.articles)
    assert [c.model_dump() for c in view.story.claims] == [c.model_dump() for c in fresh.claims]
    assert view.story.brief == fresh.brief


def test_the_annotation_cache_keeps_the_most_recent_articles_and_sees_edits() -> None:
    from crosscheck.clean import clean

    documents = summit_documents()

    articles = [clean(d) for d in documents[:3]]
    cache = AnnotationCache(capacity=2)
    first = cache.annotate(articles)
    assert cache.annotated == 3 and len(cache) == 2
    again = cache.annotate(articles[1:])
    assert cache.annotated == 3 and again == first[1:]
    # The evicted article is annotated again; an edited article is a different article.
    cache.annotate(articles[:1])
    edited = articles[1].model_copy(update={"text": articles[1].text + " A correction was appended."})
    (annotated_edit,) = cache.annotate([edited])
    assert cache.annotated == 5 and annotated_edit.article.text.endswith("appended.")


def test_the_vector_cache_keeps_the_most_recent_texts(
    monkeypatch: pytest.MonkeyPatch, counting_encoder: CountingEncoder
) -> None:
    monkeypatch.setenv("CROSSCHECK_EMBEDDING_CACHE", "2")
    from crosscheck.settings import get_settings

    get_settings.cache_clear()
    try:
        texts = ["NATO moves troops east.", "Bakeries sold pastries.", "The alliance reinforces its flank."]
        vectors = nlp.embed(texts)
        assert counting_encoder.texts == texts and len(nlp.vector_cache) == 2
        again = nlp.embed(texts[1:])
        assert counting_encoder.texts == texts  # both still cached: nothing encoded
        assert np.array_equal(again, vectors[1:])
        nlp.embed(texts[:1])
        assert counting_encoder.texts == [*texts, texts[0]]
    finally:
        get_settings.cache_clear()


def test_due_stories_analysed_together_by_worker_processes_are_stored_as_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The due stories are analysed together, by the pipeline's worker processes when enough of their articles
    are new; the stored stories are those of analysing story by story, the parent analyses none of them itself,
    and the sentence vectors the workers computed come back to the parent for the stories' next growth."""
    import crosscheck.pipeline as pipeline
    from crosscheck.align import sentence_texts
    from crosscheck.settings import get_settings

    pools: list[int] = []
    original = pipeline._story_workers

    def counting(workers: int) -> object:
        pools.append(workers)
        return original(workers)

    analysed_here: list[str] = []
    analyse_annotated = pipeline.analyse_annotated

    def analysing_here(annotated: list[object], *args: object, **kwargs: object) -> object:
        analysed_here.append(str(len(annotated)))
        return analyse_annotated(annotated, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_story_workers", counting)
    monkeypatch.setattr(pipeline, "analyse_annotated", analysing_here)
    documents = [*summit_documents(), *flood_documents()]  # two stories

    def stored(name: str, workers: str, batch: str) -> dict[str, object]:
        monkeypatch.setenv("CROSSCHECK_WORKERS", workers)
        monkeypatch.setenv("CROSSCHECK_PARALLEL_MIN_ARTICLES", "2")
        monkeypatch.setenv("CROSSCHECK_STORE_ANALYSIS_BATCH", batch)
        get_settings.cache_clear()
        annotation_cache.cache_clear()
        nlp.vector_cache.clear()
        store = open_store(str(tmp_path / name), clusterer_factory=clusterer_factory(hashed_embedder))
        told: list[tuple[int, int | None]] = []
        report = store.ingest(
            documents,
            progress=lambda stage, done, total: told.append((done, total)) if stage == "analysed" else None,
        )
        # The progress of the analyses moves forward only, to all of the stories.
        assert [done for done, _ in told] == sorted(done for done, _ in told)
        assert told[-1] == (len(report.new_stories), len(report.new_stories)) == (2, 2)
        views = [store.story(story_id) for story_id in report.new_stories]
        return {view.story.id: view.story.model_dump() for view in views if view is not None}

    try:
        # A batch of 0: nothing is readied, each story is analysed here on its own.
        alone = stored("alone.db", "1", "0")
        assert pools == [] and analysed_here
        analysed_here.clear()
        together = stored("together.db", "2", "500")
        assert pools == [2] and analysed_here == []
        assert together == alone
        # The summit story's sentences, embedded by a worker for its alignment, are held here now.
        summit = annotation_cache().annotate([pipeline.clean_documents(documents).articles[0]])
        texts = sentence_texts(summit)
        int8 = get_settings().alignment_int8
        assert texts and len(nlp.vector_cache.found((int8, text) for text in texts)) == len(set(texts))
    finally:
        get_settings.cache_clear()
        annotation_cache.cache_clear()


def test_a_story_whose_analysis_fails_gives_its_error_and_the_others_their_stories(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import crosscheck.pipeline as pipeline

    articles = pipeline.clean_documents(summit_documents()).articles
    analyse_annotated = pipeline.analyse_annotated

    def failing_for_two(annotated: list[object], *args: object, **kwargs: object) -> object:
        if len(annotated) == 2:
            raise RuntimeError("the parse broke")
        return analyse_annotated(annotated, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "analyse_annotated", failing_for_two)
    first, failed, third = pipeline.analyse_stories([articles[:1], articles[:2], articles[2:]])
    assert isinstance(first, Story) and first.article_ids == [articles[0].id]
    assert isinstance(failed, RuntimeError) and str(failed) == "the parse broke"
    assert isinstance(third, Story) and third.article_ids == [articles[2].id]

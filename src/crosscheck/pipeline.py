"""The pipeline: read → clean → dedup → cluster → annotate → align → compare → brief, as plain functions.

The CLI, the store, the web app and the Spark job all drive these same functions.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from crosscheck import brief as briefing
from crosscheck import nlp
from crosscheck.align import align_story, sentence_texts
from crosscheck.annotate import annotate_articles
from crosscheck.clean import DATE_LINE, clean, id_basis, oversized, refused_unclean
from crosscheck.compare import compare_story
from crosscheck.dedup import find_duplicates
from crosscheck.furniture import load_default
from crosscheck.model import AnnotatedArticle, Article, Document, DuplicateGroup, Rejected, Report, Story
from crosscheck.recent import Recent
from crosscheck.scale import where
from crosscheck.settings import Settings, get_settings, worker_processes

Progress = Callable[[str, int, int], None]
"""Called as (stage, done, total) while long work runs; the CLI draws it as a progress bar."""


def _quiet(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class Intake:
    """What reading produced: clean articles, and every input that could not be used, with the reason."""

    articles: list[Article] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def clean_documents(documents: Iterable[Document | Rejected], settings: Settings | None = None) -> Intake:
    """Clean what the readers yield; an article left with no body text is rejected, not silently dropped."""
    settings = settings or get_settings()
    intake = Intake()
    first_read: dict[str, str] = {}
    # The learned per-outlet furniture, when one has been fitted (``crosscheck learn-furniture``).
    furniture = load_default()
    for item in documents:
        if isinstance(item, Rejected):
            intake.rejected.append(item)
            continue
        refusal = refused_unclean(item, settings.max_article_chars)
        if refusal is not None:
            intake.rejected.append(Rejected(path=where(item), error=refusal))
            continue
        line_filter = furniture.line_filter(item.outlet) if furniture is not None and item.outlet else None
        article = clean(item, settings, outlet_furniture=line_filter)
        place = where(item)
        too_long = oversized(article, settings.max_article_chars)
        if not article.text.strip():
            intake.rejected.append(
                Rejected(path=place, error="no article text left after removing page furniture")
            )
        elif too_long is not None:
            intake.rejected.append(Rejected(path=place, error=too_long))
        elif article.id in first_read:
            # The same id: the same source id, or the same outlet and URL (a live page read twice).
            intake.rejected.append(
                Rejected(
                    path=place,
                    error=f"duplicate article id {article.id!r} "
                    f"(first at {first_read[article.id]}, with the same {id_basis(item)})",
                )
            )
        else:
            first_read[article.id] = place
            intake.articles.append(article)
    return intake


def groups_from_labels(articles: Sequence[Article]) -> list[list[str]]:
    """Stories as the input labelled them (``--group-by story``); unlabelled articles stand alone."""
    groups: dict[str, list[str]] = {}
    for article in articles:
        key = article.story if article.story is not None else f"\x00{article.id}"
        groups.setdefault(key, []).append(article.id)
    return list(groups.values())


def story_id(articles: Sequence[Article]) -> str:
    """The clusterer's key for the story: derived from its first article in arrival order, so that it stays
    the same as the story grows, and the store, the API and ``crosscheck cluster`` all name it alike."""
    from crosscheck.cluster import arrival_order, story_key

    return story_key(articles[arrival_order(articles)[0]].id)


_WORD = re.compile(r"[\w'’-]+")


def story_title(articles: Sequence[Article]) -> str:
    """The earliest article's title. With no dates to tell which came first, the title most of the story's
    reports bear out: one folder can hold a report of another event (a prankster's stunt of another month),
    whose title named the story."""
    dated = sorted(
        articles, key=lambda a: (a.published is None, a.published.isoformat() if a.published else "", a.id)
    )
    if len(articles) >= CENTRAL_TITLE_MIN and all(a.published is None for a in articles):
        # The best-supported title, whether its article gave one or it is read off the first line: a page
        # whose only title is a sign-in prompt must not win for having a title at all.
        rank = {id(a): n for n, a in enumerate(dated)}
        return _title_of(
            max(articles, key=lambda a: (_title_support(_title_of(a), a, articles), -rank[id(a)]))
        )
    for article in dated:
        if article.title:
            return article.title
    return _title_of(dated[0])


# From this many undated reports on, the title is chosen by how far the others bear it out.
CENTRAL_TITLE_MIN = 3
# The opening words of a report that its story's title should find support in.
TITLE_SUPPORT_WORDS = 100


def _title_of(article: Article) -> str:
    """The article's title, else its first line that is more than a date, less a wire dateline, shortened."""
    if article.title:
        return article.title
    lines = [line.strip() for line in article.text.split("\n") if line.strip()]
    first = next((line for line in lines if not DATE_LINE.fullmatch(line)), lines[0] if lines else "")
    dateline = briefing.DATELINE.match(first)
    if dateline is not None and dateline.end() < len(first):
        first = first[dateline.end() :]
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"


def _title_support(title: str, own: Article, articles: Sequence[Article]) -> int:
    """How many of the title's content words the other reports' openings use, summed over those reports."""
    from crosscheck.stopwords import english_stop_words

    stop = english_stop_words()
    words = {w for w in _WORD.findall(title.lower()) if len(w) > 3 and w not in stop}
    support = 0
    for other in articles:
        if other is own:
            continue
        opening = set(_WORD.findall(" ".join(other.text.split()[:TITLE_SUPPORT_WORDS]).lower()))
        support += len(words & opening)
    return support


def analyse_annotated(
    annotated: Sequence[AnnotatedArticle],
    duplicates: Sequence[DuplicateGroup] = (),
    settings: Settings | None = None,
    words: int | None = None,
) -> Story:
    """One story from its annotated articles: claims, discrepancies, quotes, attributions, entities, brief."""
    settings = settings or get_settings()
    articles = [a.article for a in annotated]
    ids = [a.id for a in articles]
    relevant = [g for g in duplicates if g.canonical in ids]
    statements = align_story(annotated, settings)
    comparison = compare_story(annotated, statements, relevant, settings)
    published = [a.published for a in articles if a.published is not None]
    story = Story(
        id=story_id(articles),
        title=story_title(articles),
        article_ids=ids,
        first_seen=min(published) if published else None,
        last_seen=max(published) if published else None,
        claims=comparison.claims,
        discrepancies=comparison.discrepancies,
        quotes=comparison.quotes,
        attributions=comparison.attributions,
        entities=comparison.entities,
    )
    by_id: Mapping[str, Article] = {a.id: a for a in articles}
    by_id_annotated: Mapping[str, AnnotatedArticle] = {a.article.id: a for a in annotated}
    brief = briefing.compose_brief(story, by_id, by_id_annotated, words=words or settings.brief_words)
    return story.model_copy(update={"brief": brief})


Annotator = Callable[[Sequence[Article]], list[AnnotatedArticle]]


def analyse_story(
    articles: Sequence[Article],
    duplicates: Sequence[DuplicateGroup] = (),
    settings: Settings | None = None,
    words: int | None = None,
    annotate: Annotator = annotate_articles,
) -> Story:
    """The same, from clean articles: what the store calls when an article joins a story."""
    return analyse_annotated(annotate(articles), duplicates, settings, words)


class AnnotationCache:
    """Annotated articles by their content, least recently used out first.

    The store analyses a story again each time an article joins it; with this cache only the new article is
    annotated (spaCy, the cue parse), and with ``nlp``'s vector cache only its sentences are embedded. The key
    is a digest of the whole article (text, title, dates, outlet), so an article edited in place is annotated
    anew.
    """

    def __init__(self, capacity: int | None = None) -> None:
        self._capacity = capacity
        self._annotated: Recent[bytes, AnnotatedArticle] = Recent()
        self.annotated = 0
        """Articles this cache has had annotated (its misses), for tests and benchmarks."""

    @property
    def capacity(self) -> int:
        return get_settings().annotation_cache if self._capacity is None else self._capacity

    def __len__(self) -> int:
        return len(self._annotated)

    @staticmethod
    def _keys(articles: Sequence[Article]) -> list[bytes]:
        return [hashlib.blake2b(a.model_dump_json().encode(), digest_size=16).digest() for a in articles]

    def unannotated(self, articles: Sequence[Article]) -> int:
        """How many of the articles this cache does not hold (each distinct one counted once)."""
        keys = set(self._keys(articles))
        return len(keys) - len(self._annotated.found(keys))

    def annotate(
        self, articles: Sequence[Article], annotator: Annotator = annotate_articles
    ) -> list[AnnotatedArticle]:
        """The articles annotated, those not held yet by ``annotator``."""
        keys = self._keys(articles)
        found = self._annotated.found(keys)
        missing = [(key, a) for key, a in zip(keys, articles, strict=True) if key not in found]
        if missing:
            fresh = annotator([a for _, a in missing])
            self.annotated += len(fresh)
            annotated = list(zip((key for key, _ in missing), fresh, strict=True))
            found.update(annotated)
            self._annotated.keep(annotated, self.capacity)
        return [found[key] for key in keys]


def analyse(
    articles: Sequence[Article],
    settings: Settings | None = None,
    progress: Progress = _quiet,
    words: int | None = None,
    groups: Sequence[Sequence[str]] | None = None,
) -> Report:
    """The whole corpus: find copies, group articles into stories (unless ``groups`` is given), analyse each.

    A large corpus is analysed by one worker process per core (``CROSSCHECK_WORKERS``): the workers annotate
    the articles while this process finds copies and stories, then analyse the stories, which are independent
    of one another. The report is the same as in one process.
    """
    from crosscheck.cluster import cluster_with_copies

    settings = settings or get_settings()
    workers = worker_count(settings, len(articles))
    with _story_workers(workers) as pool:
        annotating = _annotate_ahead(pool, articles, workers)
        progress("copies", 0, 1)
        duplicates = find_duplicates(articles)
        progress("copies", 1, 1)
        progress("stories", 0, 1)
        # Copies follow their original into its story and cost no embedding of their own. The workers hold
        # every core meanwhile, so the leads are embedded on one thread here.
        with nlp.encoder_threads_at_most(1) if pool is not None else nullcontext():
            story_groups = (
                [list(g) for g in groups] if groups is not None else cluster_with_copies(articles, duplicates)
            )
        progress("stories", 1, 1)
        by_id = {a.id: a for a in articles}
        members = [[by_id[i] for i in group if i in by_id] for group in story_groups]
        members = [m for m in members if m]
        total = len(articles)
        stories: list[Story | None] = [None] * len(members)
        if pool is None:
            progress("analysis", 0, total)
            done = 0
            for n, story_articles in enumerate(members):
                stories[n] = analyse_story(
                    story_articles, _duplicates_of(story_articles, duplicates), settings, words
                )
                done += len(story_articles)
                progress("analysis", done, total)
        else:
            annotated = _gather_annotations(annotating, total, progress)
            tasks = [
                StoryTask(
                    [annotated[a.id] for a in story_articles],
                    _duplicates_of(story_articles, duplicates),
                    settings,
                    words,
                )
                for story_articles in members
            ]
            progress("analysis", 0, total)
            done = 0
            # Largest stories first, so that no worker is left with a long one at the end.
            order = sorted(range(len(tasks)), key=lambda n: -len(tasks[n].annotated))
            futures = {pool.submit(tasks[n].run): n for n in order}
            for future in as_completed(futures):
                n = futures[future]
                stories[n] = future.result()
                done += len(tasks[n].annotated)
                progress("analysis", done, total)
    return Report(
        articles=list(articles), stories=[s for s in stories if s is not None], duplicates=duplicates
    )


def annotate_corpus(articles: Sequence[Article], settings: Settings | None = None) -> list[AnnotatedArticle]:
    """The articles annotated, by one worker process per core when there are enough to repay starting them
    (``worker_count``); the same annotations as ``annotate_articles`` gives, in the same order."""
    settings = settings or get_settings()
    workers = worker_count(settings, len(articles))
    with _story_workers(workers) as pool:
        return _annotate_in(pool, articles, workers)


def _annotate_in(
    pool: ProcessPoolExecutor | None, articles: Sequence[Article], workers: int
) -> list[AnnotatedArticle]:
    """The articles annotated by the pool's workers, in order; here when there is no pool."""
    if pool is None:
        return annotate_articles(articles)
    return [item for future in _annotate_ahead(pool, articles, workers) for item in future.result()]


def analyse_stories(
    stories: Sequence[Sequence[Article]],
    settings: Settings | None = None,
    words: int | None = None,
    cache: AnnotationCache | None = None,
    analysed: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> list[Story | Exception]:
    """Several stories, each analysed as ``analyse_story`` would, in one go: what the store does with the
    stories an ingest changed. A story whose analysis raises gives its exception in its place; ``analysed`` is
    told how many stories are done each time one is.

    When the articles not yet annotated (not held by ``cache``) are enough to repay starting workers
    (``worker_count``), one worker per core annotates them and then analyses the stories, largest first;
    sentence vectors the workers computed come back into this process's vector cache, so that a story
    analysed again here later embeds only its new sentences. Otherwise all runs here, story by story.
    ``workers`` gives the count a caller has decided already.
    """
    settings = settings or get_settings()
    articles = [a for story in stories for a in story]
    if workers is None:
        missing = cache.unannotated(articles) if cache is not None else len(articles)
        workers = worker_count(settings, missing)
    results: list[Story | Exception] = []
    tell = analysed or (lambda done: None)
    with _story_workers(workers) as pool:

        def annotator(batch: Sequence[Article]) -> list[AnnotatedArticle]:
            return _annotate_in(pool, batch, workers)

        try:
            annotated = cache.annotate(articles, annotator) if cache is not None else annotator(articles)
        except Exception as err:  # every story shares the failure of the annotation they all needed
            return [err for _ in stories]
        tasks: list[StoryTask] = []
        at = 0
        for story in stories:
            tasks.append(StoryTask(annotated[at : at + len(story)], find_duplicates(story), settings, words))
            at += len(story)
        if pool is None:
            for task in tasks:
                try:
                    results.append(task.run())
                except Exception as err:  # one story's failure must not stop the others
                    results.append(err)
                tell(len(results))
            return results
        order = sorted(range(len(tasks)), key=lambda n: -len(tasks[n].annotated))
        futures = {pool.submit(tasks[n].run_returning_vectors): n for n in order}
        finished: dict[int, Story | Exception] = {}
        for future in as_completed(futures):
            try:
                outcome, vectors = future.result()
            except Exception as err:
                finished[futures[future]] = err
            else:
                nlp.keep_vectors(vectors)
                finished[futures[future]] = outcome
            tell(len(finished))
    return [finished[n] for n in range(len(tasks))]


def _duplicates_of(
    story_articles: Sequence[Article], duplicates: Sequence[DuplicateGroup]
) -> list[DuplicateGroup]:
    ids = {a.id for a in story_articles}
    return [g for g in duplicates if g.canonical in ids]


def _annotate_ahead(
    pool: ProcessPoolExecutor | None, articles: Sequence[Article], workers: int
) -> list[Future[list[AnnotatedArticle]]]:
    """Hand the articles to the workers for annotation in chunks, to run while stories are being found."""
    if pool is None:
        return []
    # Chunks small enough to keep both workers busy to the end, large enough that spaCy batches them well.
    size = max(8, min(64, len(articles) // (workers * 8) or 1))
    return [pool.submit(annotate_articles, articles[i : i + size]) for i in range(0, len(articles), size)]


def _gather_annotations(
    annotating: Sequence[Future[list[AnnotatedArticle]]], total: int, progress: Progress
) -> dict[str, AnnotatedArticle]:
    annotated: dict[str, AnnotatedArticle] = {}
    progress("annotation", 0, total)
    for future in as_completed(annotating):
        for item in future.result():
            annotated[item.article.id] = item
        progress("annotation", len(annotated), total)
    return annotated


@dataclass
class StoryTask:
    """One story's analysis from its annotated articles, as a picklable unit of work for a worker process."""

    annotated: list[AnnotatedArticle]
    duplicates: list[DuplicateGroup]
    settings: Settings
    words: int | None

    def run(self) -> Story:
        return analyse_annotated(self.annotated, self.duplicates, self.settings, self.words)

    def run_returning_vectors(self) -> tuple[Story, list[nlp.KeptVector]]:
        """The story, and the sentence vectors its alignment used, for the parent process to keep."""
        story = self.run()
        return story, nlp.kept_vectors(sentence_texts(self.annotated), self.settings.alignment_int8 or None)


def worker_count(settings: Settings, articles: int) -> int:
    """Processes to analyse stories with: one per core for a corpus big enough to repay starting them."""
    return 1 if articles < settings.parallel_min_articles else worker_processes(settings)


def _warm_worker() -> None:
    """Load the models in a fresh worker; each worker's encoder takes one thread, the pool one per core.

    Workers annotate and align; the encoder they need is the one alignment uses."""
    from crosscheck import nlp
    from crosscheck.annotate.syntax import parser

    os.environ["CROSSCHECK_EMBEDDING_THREADS"] = "1"
    get_settings.cache_clear()
    nlp.spacy_pipeline()
    parser()
    nlp.embed(["warm up"], int8=get_settings().alignment_int8 or None)


@contextmanager
def _story_workers(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    if workers <= 1:
        yield None
        return
    # spawn, not fork: a forked child would inherit the parent's onnxruntime and BLAS thread pools half-copied.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_warm_worker) as pool:
        # The pool starts a process only when work arrives; one trivial task each starts them all now, so
        # that their models load while this process is still finding stories.
        for _ in range(workers):
            pool.submit(os.getpid)
        yield pool

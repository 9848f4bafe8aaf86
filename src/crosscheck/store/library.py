"""The store's single job: keep articles and their stories current as new reports arrive.

Requires: ``Document``s or ``Article``s (from ``crosscheck.ingest``). Produces: stored articles, each in one
story, and every story's analysis (claims, discrepancies, quotes, brief) kept up to date.

Ingest commits per batch, in one transaction: the new articles, their search entries, their stories'
membership and the clusterer state that assigned them. A story whose membership changed is marked due and
re-analysed afterwards, on its own; a crash between the two leaves it due, and the next run analyses it.
Only ``rebuild`` recomputes everything.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic import BaseModel
from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import Session

from crosscheck.clean import clean, oversized, refused_unclean
from crosscheck.furniture import OutletFurniture, load_default
from crosscheck.model import Article, Discrepancy, Document, Rejected, Story
from crosscheck.scale import where
from crosscheck.settings import get_settings
from crosscheck.store import search as search_index
from crosscheck.store.components import (
    AnalysisPreparer,
    ClustererFactory,
    OnlineClusterer,
    StoryAnalyser,
    pipeline_analyser,
    pipeline_clusterer,
    prepare_analyses,
)
from crosscheck.store.database import Database, StoreError
from crosscheck.store.tables import ArticleRow, ClustererStateRow, StoryAliasRow, StoryRow

CLUSTERER = "stories"
# The name the per-outlet furniture model is kept under, beside the clusterer's state.
FURNITURE = "furniture"
# Articles per transaction: large enough to amortise the commit's fsync, small enough that a crash loses
# little work (measured: 64 articles commit in well under a second on SQLite with synchronous=FULL).
DEFAULT_BATCH_SIZE = 64


def utc_naive(moment: datetime | None) -> datetime | None:
    """Stored timestamps are naive UTC so that ordering is the same on every database."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


DiscrepancyKey = tuple[str, tuple[tuple[str, str], ...]]


def discrepancy_key(discrepancy: Discrepancy) -> DiscrepancyKey:
    """What makes a discrepancy the same one at the next analysis: its kind and each side's words in its article.
    Not their offsets: a revised report whose new paragraph shifts them still differs from the others as before,
    which is no news to announce again."""
    return discrepancy.kind, tuple((s.article_id, s.text) for s in discrepancy.sides)


def _bodies_in_order(story_id: str) -> Select[str]:
    """A story's stored article bodies, oldest report first (undated last), as every reader lists them."""
    return (
        select(ArticleRow.body)
        .where(ArticleRow.story_id == story_id)
        .order_by(ArticleRow.published.is_(None), ArticleRow.published, ArticleRow.ingested_at, ArticleRow.id)
    )


class StorySummary(BaseModel):
    """One line of the story list."""

    id: str
    title: str
    first_seen: datetime | None
    last_seen: datetime | None
    articles: int
    outlets: int
    independent_sources: int
    """The most independent sources behind any one claim of the story."""
    claims: int
    discrepancies: int
    analysed: bool
    updated_at: datetime


@dataclass
class StoryView:
    story: Story
    articles: list[Article]
    analysed: bool


@dataclass
class RawStory:
    story: dict[str, Any]
    """``Story.model_dump(mode="json")`` as stored."""
    articles: list[dict[str, Any]]
    analysed: bool
    """False while the story waits for re-analysis after its membership changed."""


@dataclass
class StoryChange:
    """What one re-analysis changed, for ``watch`` to announce."""

    story_id: str
    title: str
    is_new: bool
    new_discrepancies: list[Discrepancy]


IngestProgress = Callable[[str, int, int | None], None]
"""Called as (stage, done, total) while an ingest runs; total is None while the inputs still stream in."""


@dataclass
class AnalysisFailure:
    """A story whose analysis raised; it stays due and is retried by the next ingest or ``rebuild``."""

    story_id: str
    error: str


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    """Stored already, in an older version: the newer one replaced it and its story is analysed anew."""
    already_stored: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    changes: list[StoryChange] = field(default_factory=list)
    failures: list[AnalysisFailure] = field(default_factory=list)

    @property
    def new_stories(self) -> list[str]:
        return [c.story_id for c in self.changes if c.is_new]

    @property
    def updated_stories(self) -> list[str]:
        return [c.story_id for c in self.changes if not c.is_new]


# What an article's JSON holds besides the report itself: where it was read from (another copy of a folder,
# another line of a dump) and the page furniture cleaning took away (a page's "most read" box changes by the
# hour). A report that differs only in these is the same report, not a newer version.
BESIDE_THE_REPORT = ("path", "provenance", "removed")


def as_reported(article: dict[str, Any]) -> dict[str, Any]:
    """An article's JSON as far as it is the report, to tell a newer version of a report from a copy."""
    return {key: value for key, value in article.items() if key not in BESIDE_THE_REPORT}


def supersedes(version: dict[str, Any], current: dict[str, Any]) -> bool:
    """Whether ``version`` of a report (``as_reported``) is to replace the ``current`` one: it differs, and is not
    older by the times they carry. Two captures of one address a year apart are versions too: re-read in any
    order, the latest stays; an undated one never replaces a dated one. Where neither time tells (the same, or
    none), the version read last is the newer, as a corrected dump's row is."""
    if version == current:
        return False
    given, held = version.get("published"), current.get("published")
    if held is None:
        return True
    if given is None:
        return False
    return bool(datetime.fromisoformat(given) >= datetime.fromisoformat(held))


def as_utc(moment: datetime | None) -> datetime | None:
    """A stored naive-UTC timestamp with its zone again, as RFC 3339 wants."""
    return moment.replace(tzinfo=UTC) if moment is not None else None


def _summary(row: StoryRow) -> StorySummary:
    return StorySummary(
        id=row.id,
        title=row.title,
        first_seen=as_utc(row.first_seen),
        last_seen=as_utc(row.last_seen),
        articles=row.article_count,
        outlets=row.outlet_count,
        independent_sources=row.independent_sources,
        claims=row.claim_count,
        discrepancies=row.discrepancy_count,
        # As the story itself reports it: an analysis that predates the newest articles is pending again.
        analysed=row.body is not None and row.analysed_revision == row.revision,
        updated_at=row.updated_at.replace(tzinfo=UTC),
    )


class Store:
    """Articles and stories in a database, updated incrementally."""

    def __init__(
        self,
        database: Database,
        *,
        clusterer_factory: ClustererFactory = pipeline_clusterer,
        analyser: StoryAnalyser = pipeline_analyser,
        prepare: AnalysisPreparer | None = None,
    ) -> None:
        self.db = database
        self.clusterer_factory = clusterer_factory
        self.analyser = analyser
        if prepare is None and analyser is pipeline_analyser:
            # The project's analyser is readied by analysing the due stories together.
            prepare = prepare_analyses
        self.prepare = prepare
        self._clusterer: OnlineClusterer | None = None
        self._clusterer_revision = -1
        # The discrepancies a story's dropped analysis had found (see ``_revise``), so that its next analysis
        # announces only those that are new, not every one again.
        self._found_before: dict[str, set[DiscrepancyKey]] = {}

    # ---- writing -------------------------------------------------------------------------------------

    def ingest(
        self,
        items: Iterable[Document | Article | Rejected],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        analyse: bool = True,
        progress: IngestProgress | None = None,
    ) -> IngestReport:
        """Store new articles batch by batch, then re-analyse the stories they joined.

        ``progress`` is told ("read", inputs so far, None) after each batch and ("analysed", stories done,
        stories due) as the analyses go."""
        report = IngestReport()
        batch: list[Article] = []
        seen = 0
        furniture = self.furniture()
        for item in items:
            seen += 1
            if progress is not None and seen % batch_size == 0:
                progress("read", seen, None)
            if isinstance(item, Rejected):
                report.rejected.append(item)
                continue
            if isinstance(item, Article):
                article = item
            else:
                refusal = refused_unclean(item)
                if refusal is not None:
                    report.rejected.append(Rejected(path=where(item), error=refusal))
                    continue
                outlet_lines = furniture.line_filter(item.outlet) if furniture and item.outlet else None
                article = clean(item, outlet_furniture=outlet_lines)
            path = article.path or article.url or article.id
            if not article.text.strip():
                report.rejected.append(Rejected(path=path, error="no article text left after cleaning"))
                continue
            too_long = oversized(article)
            if too_long is not None:
                # Stored, it would stay due for ever: its analysis cannot run.
                report.rejected.append(Rejected(path=path, error=too_long))
                continue
            batch.append(article)
            if len(batch) >= batch_size:
                self._commit_batch(batch, report)
                batch = []
        if batch:
            self._commit_batch(batch, report)
        if progress is not None:
            progress("read", seen, seen)
        if analyse:
            report.changes.extend(self.analyse_due(failures=report.failures, progress=progress))
        return report

    def furniture(self) -> OutletFurniture | None:
        """The per-outlet furniture ``ingest`` cleans with: the model learned into this store
        (``learn-furniture --db``), else the user's default model, else none."""
        with self.db.read() as session:
            row = session.get(ClustererStateRow, FURNITURE)
            body = row.body if row is not None else None
        if body is None:
            return load_default()
        return OutletFurniture.from_json(body, f"{self.db.url} ({FURNITURE})")

    def save_furniture(self, model: OutletFurniture) -> None:
        """Keep a fitted furniture model in the store; later ingests clean with it."""
        body = model.to_json()
        with self.db.write() as session:
            row = session.get(ClustererStateRow, FURNITURE)
            if row is None:
                session.add(ClustererStateRow(name=FURNITURE, revision=1, body=body, updated_at=now_utc()))
            else:
                row.revision += 1
                row.body = body
                row.updated_at = now_utc()

    def _load_clusterer(self, session: Session) -> tuple[OnlineClusterer, ClustererStateRow | None]:
        # FOR UPDATE serialises ingests on PostgreSQL; on SQLite, BEGIN IMMEDIATE already did.
        row = session.get(ClustererStateRow, CLUSTERER, with_for_update=True)
        revision = row.revision if row is not None else 0
        # Another process may have ingested since we last looked: its saved state wins over our copy.
        if self._clusterer is None or revision != self._clusterer_revision:
            state: dict[str, Any] | None = orjson.loads(row.body) if row is not None else None
            self._clusterer = self.clusterer_factory(state)
            self._clusterer_revision = revision
        return self._clusterer, row

    def _save_clusterer(
        self, session: Session, clusterer: OnlineClusterer, row: ClustererStateRow | None
    ) -> None:
        body = orjson.dumps(clusterer.to_state(), option=orjson.OPT_SERIALIZE_NUMPY).decode()
        if row is None:
            row = ClustererStateRow(name=CLUSTERER, revision=0, body=body, updated_at=now_utc())
            session.add(row)
        row.revision = row.revision + 1
        row.body = body
        row.updated_at = now_utc()
        session.flush()
        self._clusterer_revision = row.revision

    def _commit_batch(self, batch: Sequence[Article], report: IngestReport) -> None:
        try:
            with self.db.write() as session:
                clusterer, state_row = self._load_clusterer(session)
                ids = list({a.id for a in batch})
                stored: dict[str, str] = {
                    article_id: body
                    for article_id, body in session.execute(
                        select(ArticleRow.id, ArticleRow.body).where(ArticleRow.id.in_(ids))
                    )
                }
                fresh: dict[str, Article] = {}
                revised: dict[str, Article] = {}
                already: list[str] = []
                revisions: list[str] = []
                for article in batch:
                    reported = as_reported(article.model_dump(mode="json"))
                    earlier = fresh.get(article.id) or revised.get(article.id)
                    if earlier is not None:
                        current = as_reported(earlier.model_dump(mode="json"))
                    elif article.id in stored:
                        current = as_reported(orjson.loads(stored[article.id]))
                    else:
                        fresh[article.id] = article
                        continue
                    if supersedes(reported, current):
                        (fresh if article.id in fresh else revised)[article.id] = article
                        revisions.append(article.id)
                    else:
                        already.append(article.id)
                for article_id, article in list(revised.items()):
                    # Versions that came and went within the batch (a folder holding two captures of one page,
                    # read again): what is stored already is what would be.
                    if as_reported(article.model_dump(mode="json")) == as_reported(
                        orjson.loads(stored[article_id])
                    ):
                        del revised[article_id]
                        already.extend(i for i in revisions if i == article_id)
                        revisions = [i for i in revisions if i != article_id]
                if not fresh and not revised:
                    report.already_stored.extend(already)
                    return
                moment = now_utc()
                if revised:
                    self._revise(session, list(revised.values()), moment)
                if fresh:
                    merges_before = len(clusterer.merges)
                    for article in fresh.values():
                        session.add(
                            ArticleRow(
                                id=article.id,
                                outlet=article.outlet,
                                url=article.url,
                                title=article.title,
                                published=utc_naive(article.published),
                                ingested_at=moment,
                                story_id=None,
                                body=article.model_dump_json(),
                            )
                        )
                        search_index.index_article(session, article, None)
                    session.flush()
                    clusterer.add_batch(list(fresh.values()))
                    self._reconcile(session, clusterer, clusterer.merges[merges_before:], moment)
                    self._save_clusterer(session, clusterer, state_row)
        except BaseException:
            # The transaction rolled back; our in-memory clusterer saw articles that were never stored.
            self._clusterer = None
            raise
        report.added.extend(fresh)
        report.revised.extend(revisions)
        report.already_stored.extend(already)

    def _revise(self, session: Session, revised: Sequence[Article], moment: datetime) -> None:
        """Store newer versions of reports already stored (a corrected article, a dump's updated row), each in
        the story it is in. That story's analysis cites the old text by offsets, which the new text no longer
        bears out: it is dropped, and the story is due for a fresh one."""
        stories: set[str] = set()
        for article in revised:
            row = session.get(ArticleRow, article.id)
            if row is None:
                continue
            row.outlet = article.outlet
            row.url = article.url
            row.title = article.title
            row.published = utc_naive(article.published)
            row.body = article.model_dump_json()
            search_index.forget_article(session, article.id)
            search_index.index_article(session, article, row.story_id)
            if row.story_id is not None:
                stories.add(row.story_id)
        for story_id in stories:
            story = session.get(StoryRow, story_id)
            if story is not None:
                if story.body is not None:
                    dropped = Story.model_validate_json(story.body)
                    self._found_before[story_id] = {discrepancy_key(d) for d in dropped.discrepancies}
                # The list shows what the story page shows: no analysis, none of its counts.
                story.body = None
                story.claim_count = story.discrepancy_count = story.independent_sources = 0
                search_index.forget_story(session, story_id)
        session.flush()
        self._recount(session, stories, {}, moment)

    def _reconcile(
        self,
        session: Session,
        clusterer: OnlineClusterer,
        new_merges: Sequence[tuple[str, str]],
        moment: datetime,
    ) -> None:
        """Make every article's ``story_id`` what the clusterer says; mark the stories that changed as due."""
        current: dict[str, str | None] = {
            article_id: story_id
            for article_id, story_id in session.execute(select(ArticleRow.id, ArticleRow.story_id))
        }
        arrivals: dict[str, list[str]] = defaultdict(list)
        touched: set[str] = set()
        for key, members in clusterer.stories().items():
            story_id = str(key)
            for article_id in members:
                if article_id not in current or current[article_id] == story_id:
                    continue
                previous = current[article_id]
                arrivals[story_id].append(article_id)
                touched.add(story_id)
                if previous is not None:
                    touched.add(previous)
        for story_id, members in arrivals.items():
            if session.get(StoryRow, story_id) is None:
                # A split may give moved articles the key of a story merged away earlier: that id is a story
                # again, no longer an alias of the one that absorbed it.
                session.execute(delete(StoryAliasRow).where(StoryAliasRow.alias == story_id))
                session.add(
                    StoryRow(
                        id=story_id,
                        title="",
                        article_count=0,
                        outlet_count=0,
                        independent_sources=0,
                        claim_count=0,
                        discrepancy_count=0,
                        revision=0,
                        analysed_revision=0,
                        updated_at=moment,
                    )
                )
            for start in range(0, len(members), 500):
                chunk = members[start : start + 500]
                session.execute(update(ArticleRow).where(ArticleRow.id.in_(chunk)).values(story_id=story_id))
            search_index.move_articles(session, members, story_id)
        session.flush()
        survivors = {str(absorbed): str(survivor) for absorbed, survivor in new_merges}
        self._recount(session, touched, survivors, moment)

    def _recount(
        self, session: Session, touched: set[str], survivors: dict[str, str], moment: datetime
    ) -> None:
        """Bring the listed stories' counts, dates and titles up to their members, and mark them due; a story
        left without articles is retired into the one that absorbed it (``survivors``)."""
        for story_id in sorted(touched):
            row = session.get(StoryRow, story_id)
            if row is None:
                continue
            count, outlets, first, last = session.execute(
                select(
                    func.count(ArticleRow.id),
                    func.count(func.distinct(ArticleRow.outlet)),
                    func.min(ArticleRow.published),
                    func.max(ArticleRow.published),
                ).where(ArticleRow.story_id == story_id)
            ).one()
            if count == 0:
                self._retire(session, story_id, survivors)
                continue
            title = session.execute(
                select(ArticleRow.title)
                .where(ArticleRow.story_id == story_id, ArticleRow.title.is_not(None))
                .order_by(ArticleRow.published.is_(None), ArticleRow.published, ArticleRow.id)
                .limit(1)
            ).scalar()
            row.article_count = int(count)
            row.outlet_count = int(outlets)
            row.first_seen = first
            row.last_seen = last
            if row.body is None:
                row.title = title or row.title or story_id
            row.revision += 1
            row.updated_at = moment
        session.flush()

    def _retire(self, session: Session, story_id: str, survivors: dict[str, str]) -> None:
        """A story left empty by a merge: its id becomes an alias of where its articles went."""
        target = survivors.get(story_id)
        seen = {story_id}
        while target is not None and target in survivors and target not in seen:
            seen.add(target)
            target = survivors[target]
        session.execute(delete(StoryRow).where(StoryRow.id == story_id))
        session.execute(
            delete(StoryAliasRow).where(
                or_(StoryAliasRow.alias == story_id, StoryAliasRow.story_id == story_id)
            )
            if target is None
            else update(StoryAliasRow).where(StoryAliasRow.story_id == story_id).values(story_id=target)
        )
        if target is not None:
            session.merge(StoryAliasRow(alias=story_id, story_id=target))
        search_index.forget_story(session, story_id)

    def analyse_due(
        self, failures: list[AnalysisFailure] | None = None, progress: IngestProgress | None = None
    ) -> list[StoryChange]:
        """Re-analyse every story whose membership changed since its last analysis, one transaction each.

        A story whose analysis raises is reported in ``failures`` and left due; the others go on.
        """
        changes: list[StoryChange] = []
        failed: set[str] = set()
        for _round in range(3):
            with self.db.read() as session:
                rows = session.execute(
                    select(StoryRow.id, StoryRow.revision)
                    .where(StoryRow.analysed_revision < StoryRow.revision)
                    .order_by(StoryRow.updated_at, StoryRow.id)
                ).all()
            due = [(story_id, revision) for story_id, revision in rows if story_id not in failed]
            if not due:
                break
            reported = -1

            def tell(done: int, total: int = len(due)) -> None:
                # Stories are readied ahead in batches, then written one by one: the count only moves on.
                nonlocal reported
                if progress is not None and done > reported:
                    reported = done
                    progress("analysed", done, total)

            tell(0)
            prepared = 0
            for done, (story_id, revision) in enumerate(due):
                if done >= prepared:
                    prepared = self._prepare(due, done, tell)
                try:
                    change = self._analyse(story_id, revision)
                except StoreError:
                    raise  # a locked or read-only store fails every story alike: say so once
                except Exception as err:  # one story's bad analysis must not stop the others
                    failed.add(story_id)
                    if failures is not None:
                        failures.append(AnalysisFailure(story_id, f"{type(err).__name__}: {err}"))
                    continue
                finally:
                    tell(done + 1)
                if change is not None:
                    changes.append(change)
        return changes

    def _prepare(self, due: Sequence[tuple[str, int]], first: int, tell: Callable[[int], None]) -> int:
        """Ready the analyser for the due stories from ``first`` on, up to ``store_analysis_batch`` articles in
        all and no more than the annotation cache holds (so that the stories' next growth finds them there);
        returns the index of the first story not readied. Readying is only a head start: if it fails, each
        story is analysed (and fails, if it must) on its own as before."""
        settings = get_settings()
        limit = min(settings.store_analysis_batch, settings.annotation_cache)
        if self.prepare is None or limit <= 0:
            return len(due)
        stories: list[tuple[str, Sequence[Article]]] = []
        held = 0
        end = first
        while end < len(due):
            story_articles = self._articles_of(due[end][0])
            if stories and held + len(story_articles) > limit:
                break
            stories.append((due[end][0], story_articles))
            held += len(story_articles)
            end += 1

        # The stories' own analyses report what went wrong, one by one.
        with suppress(Exception):
            self.prepare(stories, lambda done: tell(first + done))
        return end

    def _analyse(self, story_id: str, revision: int) -> StoryChange | None:
        articles = self._articles_of(story_id)
        if not articles:
            return None
        story = self.analyser(story_id, articles)
        if story.id != story_id:
            story = story.model_copy(update={"id": story_id})
        with self.db.write() as session:
            row = session.get(StoryRow, story_id)
            if row is None or row.revision != revision:
                return None  # membership moved on while we analysed; the next round picks it up
            # Not "no analysis stored": a story whose revised report dropped its analysis is no new story.
            is_new = row.analysed_revision == 0
            found_before = self._found_before.pop(story_id, set())
            previous = Story.model_validate_json(row.body) if row.body else None
            known = {discrepancy_key(d) for d in previous.discrepancies} if previous else found_before
            row.body = story.model_dump_json()
            row.title = story.title or row.title
            row.analysed_revision = revision
            row.claim_count = len(story.claims)
            row.discrepancy_count = len(story.discrepancies)
            row.independent_sources = max((c.independent_sources for c in story.claims), default=0)
            if story.first_seen is not None:
                row.first_seen = utc_naive(story.first_seen)
            if story.last_seen is not None:
                row.last_seen = utc_naive(story.last_seen)
            row.updated_at = now_utc()
            search_index.index_story(session, story)
        return StoryChange(
            story_id=story_id,
            title=story.title,
            is_new=is_new,
            new_discrepancies=[d for d in story.discrepancies if discrepancy_key(d) not in known],
        )

    def rebuild(self) -> list[StoryChange]:
        """Forget every story and the clusterer's state, re-cluster all stored articles, re-analyse all."""
        self._clusterer = None
        self._found_before.clear()
        with self.db.write() as session:
            # Every id a link may hold: the stories' own and their aliases, each with the articles it named.
            before: dict[str, set[str]] = defaultdict(set)
            for article_id, story_id in session.execute(select(ArticleRow.id, ArticleRow.story_id)):
                if story_id is not None:
                    before[story_id].add(article_id)
            aliases: dict[str, str] = {
                alias: story_id
                for alias, story_id in session.execute(select(StoryAliasRow.alias, StoryAliasRow.story_id))
            }
            session.execute(delete(StoryRow))
            session.execute(delete(StoryAliasRow))
            session.execute(delete(ClustererStateRow))
            session.execute(update(ArticleRow).values(story_id=None))
            search_index.clear_analyses(session)
            clusterer = self.clusterer_factory(None)
            bodies = session.execute(
                select(ArticleRow.body).order_by(ArticleRow.ingested_at, ArticleRow.id)
            ).scalars()
            articles = [Article.model_validate_json(body) for body in bodies]
            for start in range(0, len(articles), DEFAULT_BATCH_SIZE):
                clusterer.add_batch(articles[start : start + DEFAULT_BATCH_SIZE])
            self._reconcile(session, clusterer, list(clusterer.merges), now_utc())
            self._keep_old_ids(session, before, aliases)
            self._save_clusterer(session, clusterer, None)
            self._clusterer = clusterer
        return self.analyse_due()

    def _keep_old_ids(self, session: Session, before: dict[str, set[str]], aliases: dict[str, str]) -> None:
        """After a rebuild, each old story id that is no story now is an alias of the story holding most of its
        articles (the smallest id on a tie), so shared links and API ids still resolve."""
        after: dict[str, str] = {
            article_id: story_id
            for article_id, story_id in session.execute(select(ArticleRow.id, ArticleRow.story_id))
            if story_id is not None
        }
        target: dict[str, str] = {}
        for old_id, members in before.items():
            held = Counter(after[a] for a in members if a in after)
            if held:
                target[old_id] = min(held, key=lambda story_id: (-held[story_id], story_id))
        for alias, old_id in aliases.items():
            if old_id in target:
                target.setdefault(alias, target[old_id])
        for old_id, story_id in sorted(target.items()):
            if old_id != story_id and session.get(StoryRow, old_id) is None:
                session.merge(StoryAliasRow(alias=old_id, story_id=story_id))

    # ---- reading -------------------------------------------------------------------------------------

    def _articles_of(self, story_id: str) -> list[Article]:
        with self.db.read() as session:
            bodies = session.execute(_bodies_in_order(story_id)).scalars()
            return [Article.model_validate_json(body) for body in bodies]

    def resolve_story_id(self, story_id: str) -> str | None:
        with self.db.read() as session:
            if session.get(StoryRow, story_id) is not None:
                return story_id
            alias = session.get(StoryAliasRow, story_id)
            return alias.story_id if alias is not None else None

    def raw_story(self, story_id: str) -> RawStory | None:
        """A story and its articles as JSON-ready dicts, read without model validation (the API's fast path).

        A merged story's old id finds the story it joined.
        """
        resolved = self.resolve_story_id(story_id)
        if resolved is None:
            return None
        with self.db.read() as session:
            row = session.get(StoryRow, resolved)
            if row is None:
                return None
            body, title, first, last = row.body, row.title, row.first_seen, row.last_seen
            analysed = row.body is not None and row.analysed_revision == row.revision
            bodies = session.execute(_bodies_in_order(resolved)).scalars()
            articles: list[dict[str, Any]] = [orjson.loads(b) for b in bodies]
        if body is not None:
            story: dict[str, Any] = orjson.loads(body)
            # The story's articles are its members now, even before the analysis is redone: those that joined
            # since are listed, and those a split or merge took to another story are not (listed, they were
            # in two stories at once, and missing from this one's articles).
            members = [a["id"] for a in articles]
            present = set(members)
            listed = [article_id for article_id in story["article_ids"] if article_id in present]
            kept = set(listed)
            story["article_ids"] = [
                *listed,
                *(article_id for article_id in members if article_id not in kept),
            ]
        else:
            pending = Story(
                id=resolved,
                title=title,
                article_ids=[a["id"] for a in articles],
                first_seen=as_utc(first),
                last_seen=as_utc(last),
            )
            story = pending.model_dump(mode="json")
        return RawStory(story=story, articles=articles, analysed=analysed)

    def story(self, story_id: str) -> StoryView | None:
        """A story with its articles, as models; a merged story's old id finds the story it joined."""
        raw = self.raw_story(story_id)
        if raw is None:
            return None
        return StoryView(
            story=Story.model_validate(raw.story),
            articles=[Article.model_validate(a) for a in raw.articles],
            analysed=raw.analysed,
        )

    def stories(
        self, *, limit: int = 50, offset: int = 0, since: datetime | None = None
    ) -> tuple[list[StorySummary], int]:
        """Stories newest first (by their latest report), and how many there are in all."""
        condition = None
        if since is not None:
            moment = utc_naive(since)
            condition = or_(
                StoryRow.last_seen >= moment, (StoryRow.last_seen.is_(None)) & (StoryRow.updated_at >= moment)
            )
        with self.db.read() as session:
            count_query = select(func.count()).select_from(StoryRow)
            query = select(StoryRow).order_by(
                StoryRow.last_seen.is_(None),
                StoryRow.last_seen.desc(),
                StoryRow.updated_at.desc(),
                StoryRow.id,
            )
            if condition is not None:
                count_query = count_query.where(condition)
                query = query.where(condition)
            total = session.execute(count_query).scalar_one()
            rows = session.execute(query.limit(limit).offset(offset)).scalars().all()
            return [_summary(r) for r in rows], int(total)

    def article(self, article_id: str) -> tuple[Article, str | None] | None:
        with self.db.read() as session:
            row = session.get(ArticleRow, article_id)
            if row is None:
                return None
            return Article.model_validate_json(row.body), row.story_id

    def search(
        self, query: str, *, limit: int = 20, offset: int = 0, kinds: Sequence[search_index.SearchKind] = ()
    ) -> tuple[list[search_index.SearchHit], int]:
        with self.db.read() as session:
            return search_index.search(session, query, limit=limit, offset=offset, kinds=kinds)

    def counts(self) -> dict[str, int]:
        with self.db.read() as session:
            return {
                "articles": int(session.execute(select(func.count()).select_from(ArticleRow)).scalar_one()),
                "stories": int(session.execute(select(func.count()).select_from(StoryRow)).scalar_one()),
                "due": int(
                    session.execute(
                        select(func.count())
                        .select_from(StoryRow)
                        .where(StoryRow.analysed_revision < StoryRow.revision)
                    ).scalar_one()
                ),
            }

    def close(self) -> None:
        self.db.close()

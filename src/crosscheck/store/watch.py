"""Polling feeds and pages politely, ingesting what is new, and saying what changed.

Requires: feed (RSS/Atom) or article-page URLs and a ``Store``. Produces: new articles in the store, and the
new stories and new discrepancies they caused. Each URL is fetched at most once per interval with
``If-None-Match``/``If-Modified-Since`` from its last answer; failures and 429/503 answers back off
exponentially (or as ``Retry-After`` asks), and what was learnt is kept in the ``feeds`` table across runs.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import httpx
from sqlalchemy import select

from crosscheck.errors import InputError
from crosscheck.ingest import ReadOptions
from crosscheck.ingest.feed import EmptyFeed
from crosscheck.ingest.url import AddressRefused, vetted_transport
from crosscheck.model import Document, Rejected
from crosscheck.settings import Settings, get_settings
from crosscheck.store.library import AnalysisFailure, IngestReport, Store, StoryChange, now_utc
from crosscheck.store.tables import FeedItemRow, FeedRow

USER_AGENT = "crosscheck/0.1 feed watcher (polls each feed at most once per interval, honours ETag)"
# Longest wait after repeated failures: a feed down for a day is still retried a few times a day.
MAX_BACKOFF = timedelta(hours=6)
# Largest feed or page accepted, in bytes: big feeds are a few MB; anything larger is not a feed.
MAX_FEED_BYTES = 20_000_000
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


def parse_interval(text: str) -> float:
    """``90``, ``90s``, ``10m``, ``2h``, ``1d`` → seconds."""
    match = DURATION.match(text)
    if match is None:
        raise ValueError(f"not an interval: {text!r} (use e.g. 30s, 10m, 2h)")
    seconds = float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]
    if seconds < 1:
        raise ValueError(f"an interval of {text!r} would poll without pause; give 1s or more")
    return seconds


@dataclass
class PollResult:
    url: str
    status: str
    """``new`` (fetched and read), ``not-modified``, ``error`` or ``not-due``."""
    documents: list[Document | Rejected] = field(default_factory=list)
    detail: str = ""


# What a watch run tells as it goes: polls, skipped items, new stories and discrepancies, failed analyses.
Announcement = PollResult | Rejected | StoryChange | AnalysisFailure


def page_documents(data: bytes, url: str) -> list[Document | Rejected]:
    from crosscheck.ingest.html import page_document

    try:
        return [page_document(data, url, url=url)]
    except InputError as err:
        return [Rejected(path=err.path, error=err.problem)]


def _retry_after(response: httpx.Response) -> timedelta | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return timedelta(seconds=int(value.strip()))
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(timedelta(0), moment - datetime.now(UTC))


class FeedWatcher:
    """Polls URLs on a schedule kept in the store, and ingests what they carry."""

    def __init__(
        self,
        store: Store,
        every: float,
        client: httpx.Client | None = None,
        options: ReadOptions | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.store = store
        self.every = timedelta(seconds=every)
        # How items' linked articles are fetched: through the readers' guarded fetcher (SSRF guard, caps,
        # timeouts), the same as ``ingest URL``. An item whose page cannot be read now is stored from the
        # feed's full content when it has one; a mere summary is no story, so the item is rejected instead,
        # stays unread, and the next poll fetches the page again.
        self.options = dataclasses.replace(options or ReadOptions(), feed_summary_fallback=False)
        self.settings = settings or get_settings()
        # The feed itself goes through the same guard as every URL the readers fetch: each connection,
        # redirects included, reaches only an address checked just before (no loopback or private network
        # unless ``allow_private``), so a feed URL or its redirect cannot reach internal services.
        self.client = client or httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(30.0, connect=10.0),
            follow_redirects=True,
            max_redirects=5,
            trust_env=False,
            transport=vetted_transport(self.options.allow_private),
        )

    def _state(self, url: str) -> FeedRow:
        with self.store.db.read() as session:
            row = session.get(FeedRow, url)
            if row is not None:
                session.expunge(row)
                return row
        return FeedRow(url=url, failures=0)

    def _save(self, row: FeedRow) -> None:
        with self.store.db.write() as session:
            session.merge(row)

    def _due_at(self, row: FeedRow) -> datetime | None:
        """When the URL may be fetched again: after a failure, when its backoff ends; else one interval after
        its last fetch. The interval is this run's: a watch started with ``--every 1m`` after one that ran with
        the 10-minute default must not keep to the old schedule, silent for ten minutes."""
        if row.next_poll_at is None or row.failures or row.last_polled_at is None:
            return row.next_poll_at
        return min(row.next_poll_at, row.last_polled_at + self.every)

    def poll(self, url: str, *, force: bool = False) -> PollResult:
        """Fetch one URL if it is due (or ``force``), conditionally; record the outcome and the next time."""
        row = self._state(url)
        now = now_utc()
        due = self._due_at(row)
        if not force and due is not None and due > now:
            return PollResult(url, "not-due")
        headers: dict[str, str] = {}
        if row.etag:
            headers["If-None-Match"] = row.etag
        if row.last_modified:
            headers["If-Modified-Since"] = row.last_modified
        row.last_polled_at = now
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code == 200:
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > MAX_FEED_BYTES:
                            raise httpx.HTTPError(f"answer over {MAX_FEED_BYTES} bytes")
                        chunks.append(chunk)
                    data = b"".join(chunks)
                else:
                    data = b""
        except httpx.HTTPError as err:
            return self._failed(row, f"{type(err).__name__}: {err}", None)
        except AddressRefused as err:
            # The host (or a redirect's) resolved to an address the guard refuses.
            return self._failed(row, str(err), None)
        if response.status_code == 304:
            row.failures = 0
            row.last_status = "304 not modified"
            row.next_poll_at = now + self.every
            self._save(row)
            return PollResult(url, "not-modified")
        if response.status_code != 200:
            return self._failed(row, f"HTTP {response.status_code}", _retry_after(response))
        try:
            documents = self._new_items(url, data)
        except EmptyFeed:
            documents = []  # a feed with no items just now: nothing new, nothing wrong
        except InputError as err:
            if self._read_links(url):
                # A URL that has been a feed and now answers with something else (a maintenance page, an
                # error page served with 200) is failing, not an article: back off and try again.
                return self._failed(row, f"no longer a readable feed ({err.problem})", None)
            # Not a feed, or a feed with no items: the URL is an article page.
            documents = page_documents(data, str(response.url))
        # A rejected item (its page out of reach) is tried again at the next poll, which must then fetch the
        # feed in full: a conditional request would be answered 304 until the feed itself changed.
        retry = any(isinstance(document, Rejected) for document in documents)
        row.etag = None if retry else response.headers.get("etag")
        row.last_modified = None if retry else response.headers.get("last-modified")
        row.failures = 0
        row.last_status = "200 ok"
        row.next_poll_at = now + self.every
        self._save(row)
        return PollResult(url, "new", documents)

    def _read_links(self, feed_url: str) -> set[str]:
        with self.store.db.read() as session:
            rows = session.scalars(select(FeedItemRow.link).where(FeedItemRow.feed_url == feed_url))
            return set(rows)

    def _new_items(self, feed_url: str, data: bytes) -> list[Document | Rejected]:
        """The feed's items not read before, each from its linked article (the item's own text when the
        link is out of reach). A rejected item is tried again at the next poll. Raises ``InputError`` when
        the bytes are no feed with items."""
        from crosscheck.ingest.feed import read_feed_bytes

        done = self._read_links(feed_url)
        return list(
            read_feed_bytes(
                data,
                feed_url,
                self.settings,
                self.options,
                skip=done.__contains__,
                max_items=self.options.max_feed_items,
            )
        )

    def _remember(self, results: Sequence[PollResult]) -> None:
        """Mark the feed items just stored as read. Done after the ingest, so that a crash in between costs a
        second fetch (the store drops the copy) rather than an item never stored."""
        now = now_utc()
        with self.store.db.write() as session:
            for result in results:
                for document in result.documents:
                    if not isinstance(document, Document):
                        continue
                    link = document.provenance.record
                    if link and document.provenance.path == result.url:
                        session.merge(FeedItemRow(feed_url=result.url, link=link, read_at=now))

    def _failed(self, row: FeedRow, detail: str, retry_after: timedelta | None) -> PollResult:
        row.failures = (row.failures or 0) + 1
        backoff = min(self.every * (2 ** min(row.failures, 16)), MAX_BACKOFF)
        wait = max(backoff, retry_after) if retry_after is not None else backoff
        row.next_poll_at = now_utc() + max(wait, timedelta(seconds=1))
        row.last_status = detail
        self._save(row)
        return PollResult(row.url, "error", detail=detail)

    def next_due(self, urls: Sequence[str]) -> datetime:
        moments = [self._due_at(self._state(url)) for url in urls]
        known = [m for m in moments if m is not None]
        return min(known) if len(known) == len(moments) and known else now_utc()

    def round(self, urls: Sequence[str]) -> tuple[list[PollResult], IngestReport]:
        """Poll every due URL once, one after another, and ingest everything they carried in one go."""
        results = [self.poll(url) for url in urls]
        documents = [item for result in results for item in result.documents]
        report = self.store.ingest(documents) if documents else IngestReport()
        self._remember(results)
        return results, report

    def run(
        self,
        urls: Sequence[str],
        *,
        rounds: int | None = None,
        announce: Callable[[Announcement], None] = lambda _item: None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Poll until stopped (or for ``rounds`` rounds), sleeping until the next URL is due. A round is one
        that polled something: waking a moment before a URL is due does not use one up."""
        if not urls:
            return
        done = 0
        while rounds is None or done < rounds:
            results, report = self.round(urls)
            for result in results:
                announce(result)
            told: list[Announcement] = [*report.rejected, *report.changes, *report.failures]
            for item in told:
                announce(item)
            polled = any(result.status != "not-due" for result in results)
            done += int(polled)
            if rounds is not None and done >= rounds:
                break
            wait = (self.next_due(urls) - now_utc()).total_seconds()
            if wait > 0 or not polled:
                sleep(max(wait, 0.05))

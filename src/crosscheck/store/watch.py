"""Polling feeds and pages politely, ingesting what is new, and saying what changed.

Requires: feed (RSS/Atom) or article-page URLs and a ``Store``. Produces: new articles in the store, and the
new stories and new discrepancies they caused. Each URL is fetched at most once per interval with
``If-None-Match``/``If-Modified-Since`` from its last answer; failures and 429/503 answers back off
exponentially (or as ``Retry-After`` asks), and what was learnt is kept in the ``feeds`` table across runs.
"""

from __future__ import annotations

import importlib
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from crosscheck.errors import InputError
from crosscheck.model import Document, Provenance, Rejected
from crosscheck.store.library import IngestReport, Store, StoryChange, now_utc
from crosscheck.store.tables import FeedRow

USER_AGENT = "crosscheck/0.1 feed watcher (polls each feed at most once per interval, honours ETag)"
# Longest wait after repeated failures: a feed down for a day is still retried a few times a day.
MAX_BACKOFF = timedelta(hours=6)
# Largest feed or page accepted, in bytes: big feeds are a few MB; anything larger is not a feed.
MAX_FEED_BYTES = 20_000_000
BLOCK_TAG = re.compile(r"(?i)<\s*(/?(p|div|li|h[1-6]|blockquote|tr)\b[^>]*|br\s*/?)>")
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


def parse_interval(text: str) -> float:
    """``90``, ``90s``, ``10m``, ``2h``, ``1d`` → seconds."""
    match = DURATION.match(text)
    if match is None:
        raise ValueError(f"not an interval: {text!r} (use e.g. 30s, 10m, 2h)")
    value = float(match.group(1))
    return value * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]


@dataclass
class PollResult:
    url: str
    status: str
    """``new`` (fetched and read), ``not-modified``, ``error`` or ``not-due``."""
    documents: list[Document | Rejected] = field(default_factory=list)
    detail: str = ""


def html_fragment_text(fragment: str) -> str:
    """A feed item's HTML content as plain lines, one per block element."""
    lxml_html: Any = importlib.import_module("lxml.html")
    spaced = BLOCK_TAG.sub(lambda m: "\n<" + m.group(1) + ">", fragment)
    try:
        root = lxml_html.fragment_fromstring(spaced, create_parent="div")
    except Exception:  # lxml refuses some fragments outright; keep their text without the tags
        return re.sub(r"<[^>]+>", " ", fragment)
    return str(root.text_content())


def _entry_time(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime(*parsed[:6]).replace(tzinfo=UTC)
    return None


def feed_documents(data: bytes, url: str) -> list[Document | Rejected] | None:
    """The items of an RSS/Atom feed as documents, or None when the bytes are not a feed."""
    # feedparser ships no type information; its results are dict-like either way.
    feedparser: Any = importlib.import_module("feedparser")
    parsed = feedparser.parse(data)
    if not parsed.entries or not parsed.get("version"):
        return None
    outlet = parsed.feed.get("title") or httpx.URL(url).host
    items: list[Document | Rejected] = []
    for position, entry in enumerate(parsed.entries):
        contents = [c.get("value", "") for c in entry.get("content", [])]
        html = max([*contents, entry.get("summary", "")], key=len)
        text = html_fragment_text(html).strip()
        link = entry.get("link")
        if not text:
            items.append(Rejected(path=link or f"{url}#{position}", error="feed item carries no text"))
            continue
        items.append(
            Document(
                text=text,
                path=url,
                outlet=outlet,
                url=link,
                title=entry.get("title"),
                author=entry.get("author"),
                published=_entry_time(entry),
                provenance=Provenance(path=url, record=entry.get("id") or link),
            )
        )
    return items


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

    def __init__(self, store: Store, every: float, client: httpx.Client | None = None) -> None:
        self.store = store
        self.every = timedelta(seconds=every)
        self.client = client or httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(30.0, connect=10.0),
            follow_redirects=True,
            max_redirects=5,
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

    def poll(self, url: str, *, force: bool = False) -> PollResult:
        """Fetch one URL if it is due (or ``force``), conditionally; record the outcome and the next time."""
        row = self._state(url)
        now = now_utc()
        if not force and row.next_poll_at is not None and row.next_poll_at > now:
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
        if response.status_code == 304:
            row.failures = 0
            row.last_status = "304 not modified"
            row.next_poll_at = now + self.every
            self._save(row)
            return PollResult(url, "not-modified")
        if response.status_code != 200:
            return self._failed(row, f"HTTP {response.status_code}", _retry_after(response))
        row.etag = response.headers.get("etag")
        row.last_modified = response.headers.get("last-modified")
        row.failures = 0
        row.last_status = "200 ok"
        row.next_poll_at = now + self.every
        documents = feed_documents(data, str(response.url))
        if documents is None:
            documents = page_documents(data, str(response.url))
        self._save(row)
        return PollResult(url, "new", documents)

    def _failed(self, row: FeedRow, detail: str, retry_after: timedelta | None) -> PollResult:
        row.failures = (row.failures or 0) + 1
        backoff = min(self.every * (2 ** min(row.failures, 16)), MAX_BACKOFF)
        wait = max(backoff, retry_after) if retry_after is not None else backoff
        row.next_poll_at = now_utc() + max(wait, timedelta(seconds=1))
        row.last_status = detail
        self._save(row)
        return PollResult(row.url, "error", detail=detail)

    def next_due(self, urls: Sequence[str]) -> datetime:
        moments = [self._state(url).next_poll_at for url in urls]
        known = [m for m in moments if m is not None]
        return min(known) if len(known) == len(moments) and known else now_utc()

    def round(self, urls: Sequence[str]) -> tuple[list[PollResult], IngestReport]:
        """Poll every due URL once, one after another, and ingest everything they carried in one go."""
        results = [self.poll(url) for url in urls]
        documents = [item for result in results for item in result.documents]
        report = self.store.ingest(documents) if documents else IngestReport()
        return results, report

    def run(
        self,
        urls: Sequence[str],
        *,
        rounds: int | None = None,
        announce: Callable[[PollResult | StoryChange], None] = lambda _item: None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Poll until stopped (or for ``rounds`` rounds), sleeping until the next URL is due."""
        done = 0
        while rounds is None or done < rounds:
            results, report = self.round(urls)
            for result in results:
                announce(result)
            for change in report.changes:
                announce(change)
            done += 1
            if rounds is not None and done >= rounds:
                break
            wait = (self.next_due(urls) - now_utc()).total_seconds()
            if wait > 0:
                sleep(wait)

"""``watch`` against a real http.server on 127.0.0.1: conditional requests, backoff, new items ingested."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from xml.sax.saxutils import escape

import httpx
import pytest

from crosscheck.ingest import ReadOptions
from crosscheck.model import Rejected
from crosscheck.store.library import StoryChange, now_utc
from crosscheck.store.tables import FeedRow
from crosscheck.store.watch import Announcement, FeedWatcher, parse_interval
from tests.store.fixtures import BASE_TIME, NATO_BODIES, fixture_store

# The test server listens on loopback, which the watcher refuses unless told otherwise.
LOOPBACK = ReadOptions(allow_private=True)


def _content(body: str) -> str:
    return escape("".join(f"<p>{paragraph}</p>" for paragraph in body.split("\n\n")))


def rss(items: list[tuple[str, str, str]], site: str | None = None) -> bytes:
    """A feed of (outlet, title, body) items, linking to ``site``'s /articles/ pages when given."""

    def link(outlet: str) -> str:
        return f"{site}/articles/{outlet.lower()}" if site else f"https://{outlet.lower()}.example/nato"

    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{link(outlet)}</link>"
        f"<guid>{link(outlet)}</guid>"
        f"<pubDate>{format_datetime(BASE_TIME + timedelta(hours=i))}</pubDate>"
        f"<content:encoded>{_content(body)}</content:encoded></item>"
        for i, (outlet, title, body) in enumerate(items)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Nato Wire</title><link>https://wire.example/</link>{entries}</channel></rss>"
    ).encode()


class Feeds(BaseHTTPRequestHandler):
    version = "v1"
    body = b""
    requests: ClassVar[list[tuple[str, dict[str, str]]]] = []
    pages: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        type(self).requests.append((self.path, dict(self.headers.items())))
        if self.path.startswith("/articles/"):
            page = type(self).pages.get(self.path)
            self.send_response(200 if page else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page or b"")
            return
        if self.path == "/down":
            self.send_response(503)
            self.send_header("Retry-After", "120")
            self.end_headers()
            return
        etag = f'"{type(self).version}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", "Fri, 01 Mar 2024 09:00:00 GMT")
        self.send_header("Content-Length", str(len(type(self).body)))
        self.end_headers()
        self.wfile.write(type(self).body)

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def feed_server() -> Iterator[str]:
    Feeds.requests.clear()
    Feeds.pages.clear()
    Feeds.version = "v1"
    title = "Nato summit in Madrid: Stoltenberg announces forces increase"
    Feeds.body = rss([("Telegraph", title, NATO_BODIES["Telegraph"])])
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feeds)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_watch_polls_politely_and_ingests_new_items(tmp_path: Path, feed_server: str) -> None:
    store = fixture_store(str(tmp_path / "w.db"))
    watcher = FeedWatcher(store, every=0, options=LOOPBACK)
    announced: list[Announcement] = []
    feed = f"{feed_server}/feed.xml"

    watcher.run([feed], rounds=1, announce=announced.append)
    assert store.counts()["articles"] == 1
    assert [c.title for c in announced if isinstance(c, StoryChange) and c.is_new] == [
        "Nato summit in Madrid: Stoltenberg announces forces increase"
    ]
    assert "crosscheck" in Feeds.requests[0][1]["User-Agent"]

    # Unchanged feed: the second request is conditional and answered 304; nothing is re-read.
    results, report = watcher.round([feed])
    assert [r.status for r in results] == ["not-modified"] and report.added == []
    headers = Feeds.requests[-1][1]
    assert (
        headers["If-None-Match"] == '"v1"' and headers["If-Modified-Since"] == "Fri, 01 Mar 2024 09:00:00 GMT"
    )

    # The feed gains an item that differs in its figures: a new article, and the discrepancy is announced.
    Feeds.version = "v2"
    title = "Nato summit in Madrid: Stoltenberg announces forces increase"
    Feeds.body = rss(
        [("Telegraph", title, NATO_BODIES["Telegraph"]), ("Guardian", title, NATO_BODIES["Guardian"])]
    )
    announced.clear()
    watcher.run([feed], rounds=1, announce=announced.append)
    assert store.counts() == {"articles": 2, "stories": 1, "due": 0}
    changes = [c for c in announced if isinstance(c, StoryChange)]
    assert [d.kind for c in changes for d in c.new_discrepancies] == ["number"]
    stored = store.article(store.story(changes[0].story_id).story.article_ids[1])  # type: ignore[union-attr]
    assert stored is not None and "300,000 troops" in stored[0].text and stored[0].outlet == "Nato Wire"


def test_watch_reads_each_item_from_its_linked_page_once(tmp_path: Path, feed_server: str) -> None:
    # The feed carries only a teaser; the linked page has the story. The page is fetched through the
    # readers' guarded fetcher (here allowed to reach 127.0.0.1), and only once however often the feed is
    # polled.
    title = "Nato summit in Madrid: Stoltenberg announces forces increase"
    paragraphs = "".join(f"<p>{p}</p>" for p in NATO_BODIES["Telegraph"].split("\n\n"))
    Feeds.pages["/articles/telegraph"] = (
        f"<html><head><title>{title}</title><meta property='og:site_name' content='The Telegraph'></head>"
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{title}</h1>"
        f"{paragraphs}</article><footer>Copyright Telegraph Media Group</footer></body></html>"
    ).encode()
    Feeds.body = rss([("Telegraph", title, "Nato to boost forces. Read more.")], site=feed_server)
    store = fixture_store(str(tmp_path / "w.db"))
    watcher = FeedWatcher(store, every=0, options=ReadOptions(allow_private=True))
    feed = f"{feed_server}/feed.xml"

    watcher.run([feed], rounds=1)
    [summary], _ = store.stories()
    view = store.story(summary.id)
    assert view is not None
    stored = store.article(view.story.article_ids[0])
    assert stored is not None
    article = stored[0]
    assert "high-readiness forces by 40,000 troops" in article.text and "Read more" not in article.text
    assert article.outlet == "The Telegraph" and "Copyright" not in article.text

    # A new feed version (so not a 304) still lists the item: it is not fetched again.
    Feeds.version = "v2"
    Feeds.body = rss([("Telegraph", title, "Nato to boost forces. Read more, updated.")], site=feed_server)
    results, report = watcher.round([feed])
    assert [r.status for r in results] == ["new"] and results[0].documents == [] and report.added == []
    assert [path for path, _ in Feeds.requests].count("/articles/telegraph") == 1


def test_watch_refuses_items_linking_to_private_addresses(tmp_path: Path, feed_server: str) -> None:
    # Without --allow-private the guarded fetcher refuses 127.0.0.1; with no text in the item either, the
    # item is rejected with the reason, not stored, and tried again at the next poll.
    Feeds.body = rss([("Telegraph", "Nato summit", "")], site=feed_server)
    store = fixture_store(str(tmp_path / "w.db"))
    # The feed is fetched by a plain client here (the test's server is on loopback too); its items' links
    # still go through the guarded fetcher.
    watcher = FeedWatcher(store, every=0, client=httpx.Client())
    [result], _ = watcher.round([f"{feed_server}/feed.xml"])
    [rejected] = result.documents
    assert isinstance(rejected, Rejected) and "private" in rejected.error
    assert store.counts()["articles"] == 0 and "/articles/telegraph" not in [p for p, _ in Feeds.requests]
    Feeds.version = "v2"
    [again], _ = watcher.round([f"{feed_server}/feed.xml"])
    assert len(again.documents) == 1


def test_watch_refuses_a_feed_on_a_private_address(tmp_path: Path, feed_server: str) -> None:
    """The feed URL itself goes through the guard: without --allow-private a loopback feed is never fetched."""
    store = fixture_store(str(tmp_path / "w.db"))
    asked = len(Feeds.requests)
    result = FeedWatcher(store, every=0).poll(f"{feed_server}/feed.xml")
    assert result.status == "error" and "loopback" in result.detail
    assert len(Feeds.requests) == asked and store.counts()["articles"] == 0


def test_watch_backs_off_a_failing_feed(tmp_path: Path, feed_server: str) -> None:
    store = fixture_store(str(tmp_path / "w.db"))
    watcher = FeedWatcher(store, every=60, options=LOOPBACK)
    down = f"{feed_server}/down"
    first = watcher.poll(down)
    assert first.status == "error" and "503" in first.detail
    with store.db.read() as session:
        row = session.get(FeedRow, down)
        assert row is not None and row.failures == 1
        # Twice the interval, or Retry-After's 120 s when longer.
        assert row.next_poll_at is not None and row.next_poll_at >= now_utc() + timedelta(seconds=115)
    asked = len(Feeds.requests)
    assert watcher.poll(down).status == "not-due" and len(Feeds.requests) == asked
    second = watcher.poll(down, force=True)
    assert second.status == "error"
    with store.db.read() as session:
        row = session.get(FeedRow, down)
        assert row is not None and row.failures == 2
        assert row.next_poll_at is not None and row.next_poll_at >= now_utc() + timedelta(seconds=235)


def test_intervals() -> None:
    assert parse_interval("10m") == 600 and parse_interval("90") == 90 and parse_interval("2h") == 7200
    with pytest.raises(ValueError):
        parse_interval("ten minutes")
    with pytest.raises(ValueError, match="without pause"):
        parse_interval("0s")


def test_a_round_is_one_that_polled_something(tmp_path: Path, feed_server: str) -> None:
    """Waking a moment before a URL is due must not use up a round: --rounds 2 polls each URL twice."""
    store = fixture_store(str(tmp_path / "w.db"))
    # Two seconds: a poll and its ingest must end well before the next is due, even on a loaded machine, or
    # there is no early wake to test.
    watcher = FeedWatcher(store, every=2.0, options=LOOPBACK)
    feed = f"{feed_server}/feed.xml"
    naps: list[float] = []

    def nap(seconds: float) -> None:
        naps.append(seconds)
        time.sleep(seconds / 2)  # wake too early, as a coarse clock or a signal would

    watcher.run([feed], rounds=2, sleep=nap)
    assert [path for path, _ in Feeds.requests].count("/feed.xml") == 2 and len(naps) >= 2


def test_watch_takes_no_teaser_for_a_story_and_fetches_the_page_at_the_next_poll(
    tmp_path: Path, feed_server: str
) -> None:
    """An item whose page cannot be read yet is rejected when the feed carries only its summary: stored, the
    teaser would stand for the story for good, since a stored item is never read again. An empty feed is no
    failure."""
    title = "Nato summit in Madrid: Stoltenberg announces forces increase"
    link = f"{feed_server}/articles/telegraph"
    Feeds.body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Nato Wire</title>'
        f"<item><title>{title}</title><link>{link}</link><description>Nato to boost forces.</description>"
        "</item></channel></rss>"
    ).encode()
    store = fixture_store(str(tmp_path / "w.db"))
    watcher = FeedWatcher(store, every=0, options=ReadOptions(allow_private=True))
    feed = f"{feed_server}/feed.xml"
    [result], report = watcher.round([feed])
    [rejected] = result.documents
    assert isinstance(rejected, Rejected) and "404" in rejected.error and report.added == []
    # The page appears: the next poll reads the story from it.
    paragraphs = "".join(f"<p>{p}</p>" for p in NATO_BODIES["Telegraph"].split("\n\n"))
    Feeds.pages["/articles/telegraph"] = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paragraphs}</article>"
        "</body></html>"
    ).encode()
    # The feed itself is unchanged (same ETag): the poll after a rejection must still read it in full.
    [again], report = watcher.round([feed])
    assert again.status == "new"
    assert len(report.added) == 1
    stored = store.article(report.added[0])
    assert stored is not None and "40,000 troops" in stored[0].text


def test_a_watched_feed_that_turns_into_a_page_is_a_failure_not_a_story(
    tmp_path: Path, feed_server: str
) -> None:
    store = fixture_store(str(tmp_path / "w.db"))
    watcher = FeedWatcher(store, every=60, options=LOOPBACK)
    feed = f"{feed_server}/feed.xml"
    [first], report = watcher.round([feed])
    assert first.status == "new" and len(report.added) == 1
    Feeds.version = "v2"
    Feeds.body = b"<html><body><h1>We'll be back soon</h1><p>The site is down for maintenance tonight.</p></body></html>"
    second = watcher.poll(feed, force=True)
    assert second.status == "error" and "no longer a readable feed" in second.detail
    assert store.counts()["articles"] == 1


def test_a_feed_with_no_items_just_now_is_not_a_failure(tmp_path: Path, feed_server: str) -> None:
    store = fixture_store(str(tmp_path / "w.db"))
    watcher = FeedWatcher(store, every=60, options=LOOPBACK)
    feed = f"{feed_server}/feed.xml"
    watcher.poll(feed)
    Feeds.version = "v2"
    Feeds.body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Nato Wire</title></channel></rss>'
    empty = watcher.poll(feed, force=True)
    assert empty.status == "new" and empty.documents == []

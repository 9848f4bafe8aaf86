"""``watch`` run again with another interval: the new one is kept to, and backoff still is."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from crosscheck.store.library import now_utc
from crosscheck.store.watch import FeedWatcher
from tests.store.fixtures import NATO_BODIES, fixture_store
from tests.store.test_watch import LOOPBACK, Feeds, rss


@pytest.fixture
def wire() -> Iterator[str]:
    """A feed of one item on 127.0.0.1, with an address that is down (503, Retry-After)."""
    Feeds.requests.clear()
    Feeds.version = "v1"
    Feeds.body = rss([("Telegraph", "Nato summit in Madrid", NATO_BODIES["Telegraph"])])
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feeds)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_shorter_interval_is_kept_to_by_the_next_watch(tmp_path: Path, wire: str) -> None:
    store = fixture_store(str(tmp_path / "w.db"))
    feed = f"{wire}/feed.xml"
    # Yesterday's watch ran every ten minutes and polled just now.
    FeedWatcher(store, every=600, options=LOOPBACK).run([feed], rounds=1)
    assert store.counts()["articles"] == 1

    # Today's runs every second: due a second after that poll, not ten minutes after it.
    slept: list[float] = []
    quick = FeedWatcher(store, every=1, options=LOOPBACK)
    assert (quick.next_due([feed]) - now_utc()).total_seconds() <= 1
    quick.run([feed], rounds=1, sleep=lambda seconds: slept.append(seconds))
    assert max(slept, default=0) <= 1

    # A failing address still waits out its backoff, whatever the interval.
    down = f"{wire}/down"
    assert quick.poll(down).status == "error"
    assert quick.poll(down).status == "not-due"
    assert (quick.next_due([down]) - now_utc()).total_seconds() > 60
    store.close()

"""URLs and feeds against a real HTTP server on 127.0.0.1: pages, feeds, the SSRF guard and hostile servers."""

from __future__ import annotations

import gzip
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosscheck.errors import InputError
from crosscheck.ingest import ReadOptions, read_documents
from crosscheck.ingest.feed import read_feed_bytes
from crosscheck.ingest.url import refuse_private
from crosscheck.model import Document, Rejected
from crosscheck.settings import get_settings
from tests.ingest.pages import STORY, news_page, redirect, send, serve

LOCAL = ReadOptions(allow_private=True, connect_timeout=2.0, read_timeout=1.0)


def _feed(base: str, items: int = 2) -> bytes:
    entries = "".join(
        f"<item><title>Feed title {n}</title><link>{base}/story/{n}</link><author>desk@gazette.example (Desk)</author>"
        f"<pubDate>Tue, 05 Mar 2024 0{n}:00:00 GMT</pubDate><description>Summary {n}</description></item>"
        for n in range(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>'
        f"<link>{base}</link>{entries}</channel></rss>"
    ).encode()


def test_page_url(tmp_path: Path) -> None:
    with serve({"/news": send(news_page().encode())}) as base:
        [document] = list(read_documents([f"{base}/news"], options=LOCAL))
    assert isinstance(document, Document)
    assert STORY[1] in document.text
    assert document.url == f"{base}/news"


def test_private_addresses_are_refused_by_default() -> None:
    with serve({"/news": send(news_page().encode())}) as base:
        [rejected] = list(read_documents([f"{base}/news"]))
    assert isinstance(rejected, Rejected)
    assert "private, loopback or link-local" in rejected.error and "--allow-private" in rejected.error


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.8/x",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/",
        "http://0.0.0.0/",
        "http://localhost/",
    ],
)
def test_ssrf_guard_refuses_without_connecting(url: str) -> None:
    with pytest.raises(InputError, match="refused"):
        refuse_private(url, ReadOptions())


@pytest.mark.parametrize("url", ["http://[::1/x", "https://news.example:99999/a"])
def test_malformed_urls_are_refused_by_name(url: str) -> None:
    with pytest.raises(InputError, match="malformed URL"):
        refuse_private(url, ReadOptions(allow_private=True))


def test_other_schemes_are_refused() -> None:
    with pytest.raises(InputError, match="only http and https"):
        refuse_private("file:///etc/passwd", ReadOptions(allow_private=True))


def test_redirect_is_followed_and_loop_is_stopped() -> None:
    routes = {
        "/old": redirect("/news"),
        "/news": send(news_page().encode()),
        "/a": redirect("/b"),
        "/b": redirect("/a"),
    }
    with serve(routes) as base:
        [moved] = list(read_documents([f"{base}/old"], options=LOCAL))
        [loop] = list(read_documents([f"{base}/a"], options=LOCAL))
    assert isinstance(moved, Document) and moved.url == f"{base}/news"
    assert isinstance(loop, Rejected) and "redirect loop" in loop.error


def test_redirect_limit() -> None:
    routes = {f"/r{n}": redirect(f"/r{n + 1}") for n in range(10)}
    with serve(routes) as base:
        [rejected] = list(
            read_documents([f"{base}/r0"], options=ReadOptions(allow_private=True, max_redirects=3))
        )
    assert isinstance(rejected, Rejected) and "more than 3 redirects" in rejected.error


def test_redirect_to_private_address_is_refused() -> None:
    # The first hop is allowed only because the test server is local; the guard checks every hop again.
    with serve({"/out": redirect("http://169.254.169.254/latest/meta-data/")}) as base:
        from crosscheck.ingest.url import fetch

        with pytest.raises(InputError):
            fetch(
                f"{base}/out",
                ReadOptions(allow_private=True, connect_timeout=0.5, read_timeout=0.5),
                get_settings(),
            )


def _slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(3)
    handler.send_response(200)
    handler.end_headers()


def test_timeout_is_a_rejection() -> None:
    with serve({"/slow": _slow}) as base:
        started = time.monotonic()
        [rejected] = list(read_documents([f"{base}/slow"], options=LOCAL))
    assert isinstance(rejected, Rejected) and "timed out" in rejected.error
    assert time.monotonic() - started < 2.5


def test_http_error_and_size_cap() -> None:
    big = news_page().encode() * 50
    with serve({"/big": send(big)}) as base:
        [missing] = list(read_documents([f"{base}/nothing"], options=LOCAL))
        [too_big] = list(
            read_documents([f"{base}/big"], options=ReadOptions(allow_private=True, max_bytes=10_000))
        )
    assert isinstance(missing, Rejected) and "HTTP 404" in missing.error
    assert isinstance(too_big, Rejected) and "limit" in too_big.error


def test_corrupt_gzip_encoding_is_a_rejection() -> None:
    def handle(handler: BaseHTTPRequestHandler) -> None:
        body = gzip.compress(news_page().encode())[:300]
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    with serve({"/gz": handle}) as base:
        items = list(read_documents([f"{base}/gz"], options=LOCAL))
    assert len(items) == 1 and isinstance(items[0], Rejected)


def test_feed_url_fetches_items_and_falls_back_to_feed_metadata() -> None:
    bare = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in STORY) + "</article></body></html>"
    routes: dict[str, object] = {}
    with serve(routes) as base:  # type: ignore[arg-type]
        routes["/feed.xml"] = send(_feed(base, items=3), "application/rss+xml")
        routes["/story/0"] = send(news_page().encode())
        routes["/story/1"] = send(bare.encode())
        # /story/2 is missing: the item falls back to its own summary.
        items = list(read_documents([f"{base}/feed.xml"], options=LOCAL))
    first, second, third = items
    assert (
        isinstance(first, Document) and first.title == "Council closes harbour bridge after corrosion found"
    )
    assert isinstance(second, Document) and second.title == "Feed title 1"
    assert second.published is not None and second.published.hour == 1
    assert isinstance(third, Document) and third.text == "Summary 2"


def test_feed_file_without_fetching(tmp_path: Path) -> None:
    feed = tmp_path / "gazette.rss"
    feed.write_bytes(_feed("https://gazette.example", items=2))
    items = list(read_documents([feed], options=ReadOptions(fetch_feed_items=False)))
    assert [i.text for i in items if isinstance(i, Document)] == ["Summary 0", "Summary 1"]
    assert all(isinstance(i, Document) and i.outlet == "Harbour Gazette" for i in items)


def test_a_feed_file_is_read_whole(tmp_path: Path) -> None:
    """Items past the hundredth were dropped without a word."""
    feed = tmp_path / "gazette.rss"
    feed.write_bytes(_feed("https://gazette.example", items=150))
    items = list(read_documents([feed], options=ReadOptions(fetch_feed_items=False)))
    assert len(items) == 150 and all(isinstance(i, Document) for i in items)


def test_a_feed_url_past_its_item_limit_says_how_many_items_it_left(
    capsys: pytest.CaptureFixture[str],
) -> None:
    options = ReadOptions(allow_private=True, fetch_feed_items=False, max_feed_items=3)
    routes: dict[str, object] = {}
    with serve(routes) as base:  # type: ignore[arg-type]
        routes["/feed.xml"] = send(_feed(base, items=5), "application/rss+xml")
        items = list(read_documents([f"{base}/feed.xml"], options=options))
        assert [i.text for i in items if isinstance(i, Document)] == ["Summary 0", "Summary 1", "Summary 2"]
        note = capsys.readouterr().err
        assert f"{base}/feed.xml: read the first 3 of 5 items; 2 left unread" in note


@pytest.mark.parametrize(
    "description",
    [
        "Summary \x1b[31mred\x1b[0m 0",
        "Summary &#27; 0",
        "Summary &amp;#27; 0",
        "Summary &amp;#xfffe; 0",
        "Summary \ufffe 0",
    ],
)
def test_a_control_character_in_a_feed_item_is_dropped_and_the_item_kept(
    tmp_path: Path, description: str
) -> None:
    """A raw escape or a reference to one made the item "not readable HTML"; U+FFFE reached the text."""
    feed = tmp_path / "gazette.rss"
    feed.write_bytes(_feed("https://gazette.example", items=1).replace(b"Summary 0", description.encode()))
    [item] = read_documents([feed], options=ReadOptions(fetch_feed_items=False))
    assert isinstance(item, Document), item
    assert " ".join(item.text.split()) in ("Summary red 0", "Summary 0")


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Markets &amp;amp; &lt;b&gt;Money&lt;/b&gt;</title>
<id>urn:feed</id><updated>2024-03-05T10:00:00Z</updated>
<entry><title type="html">Q&amp;amp;A: &lt;i&gt;rates&lt;/i&gt;</title><id>urn:1</id>
<updated>2024-03-05T10:00:00Z</updated><content type="text">Shares rose when x&lt;y held.</content></entry>
<entry><title type="text">Why &lt;b&gt; is a tag</title><id>urn:2</id><updated>2024-03-05T10:00:00Z</updated>
<summary type="html">&lt;p&gt;Rates held &amp;amp; fell.&lt;/p&gt;</summary></entry>
</feed>
"""


def test_atom_text_content_is_plain_text_and_html_titles_lose_their_markup(tmp_path: Path) -> None:
    """type="text" content was parsed as HTML (all after "x<" lost); type="html" titles kept "&amp;"."""
    feed = tmp_path / "markets.atom"
    feed.write_text(ATOM, encoding="utf-8")
    first, second = read_documents([feed], options=ReadOptions(fetch_feed_items=False))
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.text == "Shares rose when x<y held."
    assert (first.title, first.outlet) == ("Q&A: rates", "Markets & Money")
    assert (second.title, second.text) == ("Why <b> is a tag", "Rates held & fell.")


def test_feed_items_never_reach_private_hosts(tmp_path: Path) -> None:
    feed = tmp_path / "evil.rss"
    feed.write_bytes(
        _feed("http://169.254.169.254", items=1).replace(b"<description>Summary 0</description>", b"")
    )
    [rejected] = list(read_documents([feed]))
    assert isinstance(rejected, Rejected) and "refused" in rejected.error


def test_a_feed_cut_off_refuses_its_last_item_and_reads_the_rest(tmp_path: Path) -> None:
    whole = _feed("https://gazette.example", items=3)
    cut = whole[: whole.index(b"Summary 2") + len(b"Summa")]
    feed = tmp_path / "gazette.rss"
    feed.write_bytes(cut)
    items = list(read_documents([feed], options=ReadOptions(fetch_feed_items=False)))
    assert [i.text for i in items if isinstance(i, Document)] == ["Summary 0", "Summary 1"]
    [rejected] = [i for i in items if isinstance(i, Rejected)]
    assert rejected.path.endswith("#item3") and "cut off" in rejected.error
    feed.write_bytes(whole)
    items = list(read_documents([feed], options=ReadOptions(fetch_feed_items=False)))
    assert [i.text for i in items if isinstance(i, Document)] == ["Summary 0", "Summary 1", "Summary 2"]
    # A whole feed with another flaw (an undefined entity) and a cache's comment after its end loses nothing.
    flawed = whole.replace(b"Summary 1", b"Summary&nbsp;1") + b"\n<!-- Dynamic page generated in 0.2 s -->\n"
    feed.write_bytes(flawed)
    items = list(read_documents([feed], options=ReadOptions(fetch_feed_items=False)))
    assert len([i for i in items if isinstance(i, Document)]) == 3


@pytest.mark.parametrize(
    "data",
    [b"<rss><channel><item><title>x", b"<?xml version='1.0'?><feed><entry>", b"not xml at all", b""],
)
def test_broken_feeds_are_rejected(tmp_path: Path, data: bytes) -> None:
    feed = tmp_path / "broken.rss"
    feed.write_bytes(data)
    items = list(read_documents([feed], options=ReadOptions(fetch_feed_items=False)))
    assert items and all(isinstance(i, Rejected) for i in items)


@settings(max_examples=80, deadline=None)
@given(
    st.binary(max_size=2000)
    | st.text(max_size=500).map(lambda t: f"<rss><channel><item>{t}</item></channel></rss>".encode())
)
def test_fuzz_feeds_never_crash(data: bytes) -> None:
    options = ReadOptions(fetch_feed_items=False)
    try:
        for item in read_feed_bytes(data, "fuzz", get_settings(), options):
            assert isinstance(item, Document | Rejected)
    except InputError:
        pass

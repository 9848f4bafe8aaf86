"""The HTML reader: main text, metadata, the block filters, and hostile pages that must end as rejections."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosscheck.clean import clean
from crosscheck.errors import InputError
from crosscheck.ingest import ReadOptions, read_documents
from crosscheck.ingest.html import (
    Block,
    ExtractionConfig,
    article_url,
    extract_page,
    outlet_of,
    page_document,
    registered_domain,
    select_lines,
)
from crosscheck.model import Document, Rejected
from tests.ingest.pages import STORY, news_page


def _read(path: Path, **options: object) -> list[Document | Rejected]:
    return list(read_documents([path], options=ReadOptions(**options)))  # type: ignore[arg-type]


def test_page_gives_story_and_metadata(tmp_path: Path) -> None:
    page = tmp_path / "bridge.html"
    page.write_text(news_page(), encoding="utf-8")
    [document] = _read(page)
    assert isinstance(document, Document)
    article = clean(document)
    assert article.title == "Council closes harbour bridge after corrosion found"
    assert article.author == "Maria Lopez"
    # The original date, not the later modification date.
    assert article.published is not None and article.published.isoformat() == "2024-03-05T08:00:00+00:00"
    assert article.outlet == "harbourgazette.example"
    assert article.url == "https://www.harbourgazette.example/news/bridge"
    for paragraph in STORY:
        assert paragraph in article.text
    for furniture in ("Most read", "Fishermen protest", "Copyright 2024", "HARBOUR GAZETTE APP", "Sport"):
        assert furniture not in article.text
    assert any(r.reason == "call to action" for r in article.removed)


def test_the_time_of_publication_and_its_zone_are_kept() -> None:
    # Two reports of one morning must order by the hour they were published, not fall to midnight UTC.
    body = "".join(f"<p>{paragraph}</p>" for paragraph in STORY)

    def published(head: str) -> str | None:
        html = f"<html><head><title>Bridge</title>{head}</head><body><article>{body}</article></body></html>"
        page = extract_page(html.encode(), url="https://www.harbourgazette.example/news/bridge")
        return page.published.isoformat() if page.published else None

    # The modification stamp of the same day comes first in the markup; the one named as the publication wins.
    assert published(
        '<meta http-equiv="last-modified" content="2013-09-04T19:01:50Z">'
        '<meta itemprop="datePublished" content="2013-09-04T11:19:09-05:00">'
    ) == ("2013-09-04T11:19:09-05:00")
    assert published(
        '<script type="application/ld+json">{"dateModified": "2013-09-04T19:01:50Z", '
        '"datePublished": "2013-09-04T16:19:09Z"}</script>'
    ) == ("2013-09-04T16:19:09+00:00")
    # A day with no time anywhere stays a day (midnight UTC, as before).
    assert published('<meta property="article:published_time" content="2013-09-04">') == (
        "2013-09-04T00:00:00+00:00"
    )


@pytest.mark.parametrize(
    ("stamp", "day"),
    [
        ("Posted: Tuesday 14 March 2017, 9.41am", "2017-03-14"),
        ("Veröffentlicht am 3. Mai 2019", "2019-05-03"),
    ],
)
def test_a_date_written_only_in_words_is_found(stamp: str, day: str) -> None:
    # No meta tag, no <time>, no date in the URL: only the text search over month names can find it, and it
    # must still read it after crosscheck narrowed the languages it tries.
    import htmldate.extractors

    body = "".join(f"<p>{paragraph}</p>" for paragraph in STORY)
    html = f"<html><head><title>Bridge</title></head><body><article><div>{stamp}</div>{body}</article></body></html>"
    page = extract_page(html.encode(), url="https://www.harbourgazette.example/news/bridge")
    assert page.published is not None and page.published.date().isoformat() == day
    # The hook htmldate reads its slow parser through is still the one replaced (htmldate is pinned; this
    # fails loudly if an upgrade renames it), and the narrowed parser still reads what htmldate sends it.
    parser = htmldate.extractors.get_external_parser()
    assert parser.languages[0] == "en"
    assert parser.get_date_data("12/28/2005 3:13:17")["date_obj"].date().isoformat() == "2005-12-28"
    assert parser.get_date_data("3 mai 2019, 10:57")["date_obj"].date().isoformat() == "2019-05-03"


@pytest.mark.parametrize(
    ("stamp", "day"),
    [
        ("", None),  # only the footer's copyright year: no day of publication
        ("<div>Posted January 1, 2019</div>", "2019-01-01"),  # a real New Year's Day story
    ],
)
def test_a_copyright_year_is_not_a_publication_date(stamp: str, day: str | None) -> None:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in STORY)
    html = (
        f"<html><head><title>Bridge</title></head><body><article>{stamp}{body}</article>"
        "<footer>Copyright 2019 Harbour Gazette</footer></body></html>"
    )
    page = extract_page(html.encode(), url="https://www.harbourgazette.example/news/bridge")
    assert (page.published.date().isoformat() if page.published else None) == day


def test_a_sitewide_meta_title_gives_way_to_the_pages_own_title() -> None:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in STORY)

    def page(meta_title: str, title: str) -> str | None:
        html = (
            f"<html><head><title>{title}</title><meta name='title' content='{meta_title}'></head>"
            f"<body><article>{body}</article></body></html>"
        )
        return extract_page(html.encode(), url="https://www.harbourgazette.example/news/bridge").title

    assert page("Financial News - Business News", "Council closes harbour bridge after corrosion found") == (
        "Council closes harbour bridge after corrosion found"
    )
    # A meta title about the story stays, however the element words it.
    assert page(
        "Harbour bridge closed over corrosion", "Council shuts the harbour bridge: corrosion found"
    ) == ("Harbour bridge closed over corrosion")


def test_form_controls_are_plain_elements_and_the_story_still_reads() -> None:
    # crosscheck makes the parser choose element classes in C: a form's controls become plain HtmlElements
    # (lxml.html's Python lookup would make them InputElement, TextareaElement...), and extraction reads on.
    from lxml import html as lxml_html  # type: ignore[import-untyped]
    from trafilatura.utils import load_html

    body = "".join(f"<p>{paragraph}</p>" for paragraph in STORY)
    html = (
        "<html><head><title>Bridge</title></head><body><article>"
        f"{body}</article><form><label>Your email</label><input name='email'><textarea>Say</textarea>"
        "<select><option>Daily</option></select></form></body></html>"
    )
    page = extract_page(html.encode())
    assert STORY[0] in "\n".join(page.lines)
    tree = load_html(html)
    assert tree is not None
    assert {type(tree.find(f".//{tag}")) for tag in ("input", "textarea", "select", "form")} == {
        lxml_html.HtmlElement
    }


def test_gzipped_page(tmp_path: Path) -> None:
    page = tmp_path / "bridge.html.gz"
    page.write_bytes(gzip.compress(news_page().encode("utf-8")))
    [document] = _read(page)
    assert isinstance(document, Document)
    assert STORY[0] in document.text


def test_truncated_gzip_is_rejected(tmp_path: Path) -> None:
    page = tmp_path / "cut.html.gz"
    page.write_bytes(gzip.compress(news_page().encode())[:200])
    [rejected] = _read(page)
    assert isinstance(rejected, Rejected)
    assert "truncated gzip" in rejected.error


def test_gzip_bomb_is_capped(tmp_path: Path) -> None:
    page = tmp_path / "bomb.html.gz"
    # 50 MB of zeros compress to ~50 KB; the cap stops reading long before memory is at risk.
    page.write_bytes(gzip.compress(b"<html>" + b"\0" * 50_000_000, compresslevel=9))
    [rejected] = _read(page, max_bytes=1_000_000)
    assert isinstance(rejected, Rejected)
    assert "gzip bomb" in rejected.error


def test_corrupt_gzip_is_rejected(tmp_path: Path) -> None:
    page = tmp_path / "corrupt.html.gz"
    page.write_bytes(b"\x1f\x8b\x08\x00" + b"not deflate at all" * 10)
    [rejected] = _read(page)
    assert isinstance(rejected, Rejected)
    assert "gzip" in rejected.error


def test_malformed_html_still_reads_the_story(tmp_path: Path) -> None:
    broken = news_page().replace("</p>", "").replace("</article>", "<div><span><table><tr><td>")
    page = tmp_path / "broken.html"
    page.write_text(broken[: len(broken) - 40], encoding="utf-8")
    [document] = _read(page)
    assert isinstance(document, Document)
    assert "corrosion in three of its steel supports" in document.text


@pytest.mark.parametrize("reference", ["&#8;", "&#1;", "&#27;", "&#x1B;", "&#0027", "&#xfffe;", "&#65535;"])
def test_a_reference_to_a_control_character_is_dropped_and_the_page_kept(
    tmp_path: Path, reference: str
) -> None:
    """One such reference made trafilatura's XML pass fail, and the whole page read as no article text."""
    story = [STORY[0].replace("close the old", f"close{reference} the old"), *STORY[1:]]
    page = tmp_path / "page.html"
    page.write_text(news_page(story=story), encoding="utf-8")
    for read in (_read(page), [page_document(page.read_bytes(), str(page))]):
        [document] = read
        assert isinstance(document, Document)
        assert "voted on Tuesday to close the old harbour bridge" in document.text
        assert not any((ord(c) < 32 and c not in "\t\n") or c in "\ufffe\uffff" for c in document.text)


def test_declared_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    story = [p.replace("euros", "euros, señala el alcalde Muñoz") for p in STORY]
    page = tmp_path / "latin.html"
    page.write_bytes(news_page(story=story, charset="iso-8859-1").encode("iso-8859-1"))
    [document] = _read(page)
    assert isinstance(document, Document)
    assert "señala el alcalde Muñoz" in document.text


def test_undeclared_wrong_encoding_does_not_crash(tmp_path: Path) -> None:
    page = tmp_path / "cp1252.html"
    html = news_page(charset="utf-8").replace("said the decision", "said the “decision”")
    page.write_bytes(html.encode("cp1252"))  # declared UTF-8, actually cp1252
    [document] = _read(page)
    assert isinstance(document, Document)
    assert "decision" in document.text


@pytest.mark.parametrize("content", [b"", b"   \n", b"<html><body></body></html>", b"\x00\x01\x02" * 100])
def test_empty_or_binary_pages_are_rejected(tmp_path: Path, content: bytes) -> None:
    page = tmp_path / "empty.html"
    page.write_bytes(content)
    [rejected] = _read(page)
    assert isinstance(rejected, Rejected)
    assert rejected.path == str(page)


def test_oversized_page_is_rejected(tmp_path: Path) -> None:
    page = tmp_path / "big.html"
    page.write_text(news_page(), encoding="utf-8")
    [rejected] = _read(page, max_bytes=1000)
    assert isinstance(rejected, Rejected)
    assert "limit" in rejected.error


def test_block_filters_name_their_reasons() -> None:
    story = (
        "The council voted to close the bridge after engineers found corrosion in three supports. " * 5
    ).strip()
    blocks = [
        Block("updated 3:49 PM EST, Fri January 4, 2013", 0, False),
        Block(story, 0, False),
        Block("Home News Sport Weather", 24, False),
        Block("SECTIONS", 0, True),
        Block("By Maria Lopez, Harbour Gazette", 0, False),
        Block("Saturday, September 19, 2009", 0, False),
        Block("Mandel Ngan / AFP/Getty Images", 0, False),
        Block("Reuters staff contributed to this report.", 0, False),
        Block("Follow Maria Lopez on Twitter", 0, False),
        Block("8438.39", 0, False),
        Block(
            "Copyright 2009 Associated Press. All rights reserved. This material may not be published",
            0,
            False,
        ),
        Block("Mexico eases flu restrictions - 1 hr ago Xinhua WHO confirms cases - 45 mins ago", 0, False),
        Block("From the section Technology", 0, False),
        Block("Recommended for you", 0, False),
        Block("Fishermen protest new quotas as the season opens on the north coast of the island.", 0, False),
    ]
    lines, removed = select_lines(blocks, ExtractionConfig())
    assert lines == [story]
    reasons = [r.reason for r in removed]
    assert reasons == [
        "time stamp",
        "link list",
        "layout table cell",
        "byline",
        "date line",
        "photo credit",
        "contributor credit",
        "reader prompt",
        "numbers only",
        "legal notice",
        "teaser list",
        "section label",
        "after end of article",
        "after end of article",
    ]


def test_teasers_under_stamps_are_dropped() -> None:
    story = Block(
        ("The council voted to close the bridge after engineers found corrosion. " * 4).strip(), 0, False
    )
    rail = []
    for day in range(3):
        rail += [
            Block(f"updated 1:4{day} PM EST, Fri January 4, 2013", 0, False),
            Block(f"Teaser {day}.", 0, False),
        ]
    lines, removed = select_lines([story, *rail], ExtractionConfig())
    assert lines == [story.text]
    assert sum(r.reason == "teaser under a time stamp" for r in removed) == 3


def test_archived_copy_names_the_original_site() -> None:
    banner = (
        '<!-- BEGIN WAYBACK TOOLBAR INSERT --><div id="wm-ipp"><form><input type="text" name="url" '
        'id="wmtbURL" value="http://www.cnn.com:80/2005/US/08/30/katrina/index.html"/></form>'
        "<p>Alexa Internet has been donating their crawl data to the Internet Archive.</p></div>"
        "<!-- END WAYBACK TOOLBAR INSERT -->"
    )
    html = news_page().replace(
        '<meta property="og:url" content="https://www.harbourgazette.example/news/bridge">', ""
    )
    html = html.replace("<body>", "<body>" + banner)
    page = extract_page(html.encode())
    assert page.url == "http://www.cnn.com/2005/US/08/30/katrina/index.html"
    assert outlet_of(page, page.url) == "cnn.com"
    assert not any("Alexa" in line for line in page.lines)


def test_an_archived_page_keeps_its_own_url_when_its_base_names_the_section() -> None:
    banner = (
        '<!-- BEGIN WAYBACK TOOLBAR INSERT --><div id="wm-ipp"><form><input type="text" name="url" '
        'id="wmtbURL" value="http://www.foxnews.com:80/politics/2009/09/18/obama-race/"/></form></div>'
        "<!-- END WAYBACK TOOLBAR INSERT -->"
    )
    for base in (
        "http://www.foxnews.com/politics/",
        "http://www.foxnews.com/",
        "https://WWW.foxnews.com/politics/",
        "http://www.foxnews.com/news/",  # a <base> that is no ancestor of the page still only says where it sits
    ):
        html = news_page().replace(
            '<meta property="og:url" content="https://www.harbourgazette.example/news/bridge">',
            f'<base href="https://web.archive.org/web/20090920000000/{base}">',
        )
        page = extract_page(html.replace("<body>", "<body>" + banner).encode())
        assert page.url == "http://www.foxnews.com/politics/2009/09/18/obama-race/"
    # A declared canonical URL that is no ancestor of the known one still wins: it names the article.
    assert article_url("https://news.example/a/story", "https://news.example/a/story?utm=x") == (
        "https://news.example/a/story"
    )
    assert article_url("https://news.example/", None) == "https://news.example/"
    # Front pages and sections, however written, give way to the page's own URL.
    known = "http://news.example/2009/09/18/bridge-opens"
    for declared in (
        "http://news.example/index.html",
        "http://news.example/?utm_source=rss",
        "https://WWW.news.example/",
        "https://www.news.example/2009/",
    ):
        assert article_url(declared, known) == known, declared
    assert article_url("http://news.example/?p=7", known) == "http://news.example/?p=7"


def test_a_malformed_declared_url_does_not_fail_the_page() -> None:
    html = news_page().replace(
        "https://www.harbourgazette.example/news/bridge", "http://[harbourgazette/news"
    )
    page = extract_page(html.encode())
    assert STORY[0] in page.lines
    # The extractor may drop such a URL itself; the helpers that split URLs must not raise on one either.
    known = "https://harbourgazette.example/news/bridge"
    assert article_url("http://[harbourgazette/news", known) == known
    assert article_url(known, "http://[harbourgazette/news") == known
    assert outlet_of(page, "http://[harbourgazette/news") == "Harbour Gazette"


def test_registered_domain() -> None:
    assert registered_domain("www.bbc.co.uk") == "bbc.co.uk"
    assert registered_domain("edition.cnn.com") == "cnn.com"
    assert registered_domain("news.yahoo.com") == "yahoo.com"


def test_page_document_uses_fallback_metadata() -> None:
    html = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in STORY) + "</article></body></html>"
    document = page_document(
        html.encode(), "feed#1", fallback={"title": "From the feed", "outlet": "Gazette"}
    )
    assert document.title == "From the feed"
    assert document.outlet == "Gazette"


html_fragments = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<div>",
                "</div>",
                "<table><tr><td>",
                "<a href='x'>",
                "</a>",
                "<br>",
                "<script>",
                "<!--",
                "-->",
                "<![CDATA[",
                "<html>",
                "<body>",
                "&amp;",
                "&#0;",
                "&#xD800;",
            ]
        ),
        st.text(max_size=80),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_fragments)
def test_fuzz_html_never_crashes(html: str) -> None:
    for data in (html, html.encode("utf-8", "surrogatepass")):
        try:
            document = page_document(data, "fuzz")
        except InputError:
            continue
        assert document.text.strip()


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000))
def test_fuzz_html_files_end_as_documents_or_rejections(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for name in ("page.html", "page.html.gz"):
            path = Path(folder) / name
            path.write_bytes(data)
            for item in read_documents([path]):
                assert isinstance(item, Document | Rejected)


def test_a_folder_of_hostile_files_never_stops_the_run(tmp_path: Path) -> None:
    (tmp_path / "good.html").write_text(news_page(), encoding="utf-8")
    (tmp_path / "cut.html.gz").write_bytes(gzip.compress(news_page().encode())[:100])
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b"\0" * 30_000_000))
    (tmp_path / "broken.warc.gz").write_bytes(b"\x1f\x8b" + b"\xff" * 50)
    (tmp_path / "broken.rss").write_bytes(b"<rss><channel><item><title>")
    (tmp_path / "broken.parquet").write_bytes(b"PAR1")
    (tmp_path / "rows.csv").write_bytes(b'text\n"unclosed quote\n')
    items = list(read_documents([tmp_path], options=ReadOptions(max_bytes=5_000_000, fetch_feed_items=False)))
    assert [i.path for i in items if isinstance(i, Document)] == [str(tmp_path / "good.html")]
    rejected = {Path(i.path.split(":")[0].split("#")[0]).name for i in items if isinstance(i, Rejected)}
    assert rejected >= {
        "cut.html.gz",
        "bomb.html.gz",
        "broken.warc.gz",
        "broken.rss",
        "broken.parquet",
        "rows.csv",
    }


def test_a_large_folder_of_pages_read_by_workers_gives_what_one_process_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages read by worker processes come out the same and in the same order as read in one, a page with no
    text still rejected in its place, and a folder too small to repay the workers is read in this process."""
    import crosscheck.ingest as ingest

    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(12):
        title = f"Council closes harbour bridge {n} after corrosion found"
        (folder / f"page{n:02}.html").write_text(news_page(title=title), encoding="utf-8")
    (folder / "page05b.html").write_text("<html><body></body></html>", encoding="utf-8")
    monkeypatch.setattr(ingest, "PARALLEL_MIN_FILES", 8)
    started: list[int] = []
    original = ingest._ReadingPool.read

    def counting(self: ingest._ReadingPool, *args: object, **kwargs: object) -> object:
        started.append(self.workers)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest._ReadingPool, "read", counting)
    alone = list(read_documents([folder]))
    together = list(read_documents([folder], workers=2))
    assert started == [2]
    assert together == alone
    assert sum(isinstance(d, Document) for d in together) == 12
    assert {r.path.rsplit("/", 1)[-1] for r in together if isinstance(r, Rejected)} == {"page05b.html"}
    monkeypatch.setattr(ingest, "PARALLEL_MIN_FILES", 64)
    assert list(read_documents([folder], workers=2)) == alone and started == [2]

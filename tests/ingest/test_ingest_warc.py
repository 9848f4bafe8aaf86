"""WARC archives: HTML responses become documents, record by record; broken archives end as rejections."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosscheck.ingest import read_documents
from crosscheck.model import Document, Rejected
from tests.ingest.pages import news_page


def _response(
    writer: WARCWriter, url: str, body: bytes, content_type: str = "text/html; charset=utf-8"
) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": "2024-03-06T12:00:00Z"},
    )
    writer.write_record(record)


def write_warc(path: Path, pages: int = 3, gzip_records: bool = True) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip_records)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "crosscheck tests"}))
        for number in range(pages):
            title = f"Council closes harbour bridge, day {number}"
            _response(
                writer, f"https://www.harbourgazette.example/news/{number}", news_page(title=title).encode()
            )
            _response(
                writer, f"https://www.harbourgazette.example/img/{number}.png", b"\x89PNG\r\n", "image/png"
            )
            request = writer.create_warc_record(
                f"https://www.harbourgazette.example/news/{number}",
                "request",
                payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
            )
            writer.write_record(request)


def test_html_responses_become_documents(tmp_path: Path) -> None:
    archive = tmp_path / "news.warc.gz"
    write_warc(archive)
    documents = list(read_documents([archive]))
    assert all(isinstance(d, Document) for d in documents)
    assert [d.url for d in documents if isinstance(d, Document)] == [
        f"https://www.harbourgazette.example/news/{n}" for n in range(3)
    ]
    first = documents[0]
    assert isinstance(first, Document)
    assert first.provenance.record and first.provenance.record.startswith("<urn:uuid:")
    assert first.outlet == "harbourgazette.example"
    assert "corrosion in three of its steel supports" in first.text


def test_uncompressed_warc(tmp_path: Path) -> None:
    archive = tmp_path / "news.warc"
    write_warc(archive, pages=2, gzip_records=False)
    assert sum(isinstance(d, Document) for d in read_documents([archive])) == 2


def test_broken_record_keeps_what_came_before(tmp_path: Path) -> None:
    good = tmp_path / "good.warc"
    write_warc(good, pages=2, gzip_records=False)
    data = good.read_bytes()
    broken = tmp_path / "broken.warc"
    broken.write_bytes(data + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n<html>cut")
    items = list(read_documents([broken]))
    assert sum(isinstance(i, Document) for i in items) == 2
    # The truncated last record is either skipped as no HTML or rejected; nothing escapes as an exception.
    assert all(isinstance(i, Document | Rejected) for i in items)


def test_an_archive_cut_off_inside_a_page_rejects_that_page_by_name(tmp_path: Path) -> None:
    good = tmp_path / "good.warc"
    write_warc(good, pages=2, gzip_records=False)
    data = good.read_bytes()
    # Cut the file in the middle of the second page's HTML.
    second_page = data.index(b"<html", data.index(b"/news/1"))
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: second_page + 200])
    items = list(read_documents([cut]))
    assert isinstance(items[0], Document) and items[0].url and items[0].url.endswith("/news/0")
    assert isinstance(items[-1], Rejected) and len(items) == 2
    assert "short of its declared length" in items[-1].error and str(cut) in items[-1].path


def _cut_points(data: bytes) -> dict[str, int]:
    """Where to cut an uncompressed archive of two pages so that the second page is lost, outside any page."""
    second = data.rindex(b"WARC/1.0", 0, data.index(b"Target-URI: https://www.harbourgazette.example/news/1"))
    length = data.index(b"Content-Length: ", second) + len(b"Content-Length: ")
    picture = data.index(b"\x89PNG", data.index(b"/img/0.png"))
    request = data.index(b"GET / HTTP")
    return {
        "in the second page's WARC header": second + 40,
        "right after the second page's Content-Length: ": length,
        "before the blank line ending the second page's header": data.index(b"\r\n\r\n", second),
        "in the picture's HTTP header": picture - 10,
        "in the picture's body": picture + 3,
        "in the request's body": request + 5,
        "in the request's WARC header": data.rindex(b"WARC/1.0", 0, request) + 30,
    }


@pytest.mark.parametrize(
    "where",
    [
        "in the second page's WARC header",
        "right after the second page's Content-Length: ",
        "before the blank line ending the second page's header",
        "in the picture's HTTP header",
        "in the picture's body",
        "in the request's body",
        "in the request's WARC header",
    ],
)
def test_an_archive_cut_off_outside_a_page_names_the_cut_record(tmp_path: Path, where: str) -> None:
    good = tmp_path / "good.warc"
    write_warc(good, pages=2, gzip_records=False)
    data = good.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: _cut_points(data)[where]])
    items = list(read_documents([cut]))
    assert [i.url for i in items if isinstance(i, Document)] == ["https://www.harbourgazette.example/news/0"]
    assert isinstance(items[-1], Rejected), items
    assert items[-1].path.startswith(f"{cut}#") and "cut off" in items[-1].error


@pytest.mark.parametrize("member", [2, 3, 4])
def test_a_gzip_archive_cut_off_in_a_record_that_is_no_page_names_it(tmp_path: Path, member: int) -> None:
    good = tmp_path / "good.warc.gz"
    write_warc(good, pages=2)
    data = good.read_bytes()
    starts = [i for i in range(len(data)) if data.startswith(b"\x1f\x8b\x08", i)]
    # Members: warcinfo, page 0, its picture, its request, page 1, ...; cut the member in its middle, or (page
    # 1) in its first bytes, where its WARC header is.
    end = starts[member] + (20 if member == 4 else (starts[member + 1] - starts[member]) // 2)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[:end])
    items = list(read_documents([cut]))
    assert sum(isinstance(i, Document) for i in items) == 1
    assert isinstance(items[-1], Rejected) and items[-1].path.startswith(f"{cut}#")


def test_garbage_between_records_is_rejected(tmp_path: Path) -> None:
    good = tmp_path / "good.warc"
    write_warc(good, pages=1, gzip_records=False)
    broken = tmp_path / "garbage.warc"
    broken.write_bytes(good.read_bytes() + b"this is not a WARC header at all\r\n\r\n" * 3)
    items = list(read_documents([broken]))
    assert isinstance(items[0], Document)
    assert isinstance(items[-1], Rejected) and "broken WARC record" in items[-1].error


def test_truncated_gzip_warc(tmp_path: Path) -> None:
    good = tmp_path / "good.warc.gz"
    write_warc(good, pages=3)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size * 2 // 3])
    items = list(read_documents([cut]))
    assert any(isinstance(i, Document) for i in items)
    assert all(isinstance(i, Document | Rejected) for i in items)


def test_not_a_warc(tmp_path: Path) -> None:
    fake = tmp_path / "fake.warc.gz"
    fake.write_bytes(gzip.compress(b"hello, this is no archive"))
    [rejected] = list(read_documents([fake]))
    assert isinstance(rejected, Rejected)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000))
def test_fuzz_warc_never_crashes(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for name in ("x.warc", "x.warc.gz"):
            path = Path(folder) / name
            path.write_bytes(b"WARC/1.0\r\n" + data if data[:1] == b"W" else data)
            for item in read_documents([path]):
                assert isinstance(item, Document | Rejected)


def test_the_pages_of_one_archive_read_by_workers_are_those_read_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An archive's pages handed to worker processes in batches come back as in one process, in archive order,
    with an oversized page's rejection in its place and a broken tail's rejection last; a small archive starts
    no worker."""
    import crosscheck.ingest as ingest
    import crosscheck.ingest.warc as warc

    archive = tmp_path / "news.warc"
    write_warc(archive, pages=30, gzip_records=False)
    with archive.open("ab") as handle:
        writer = WARCWriter(handle, gzip=False)
        _response(writer, "https://www.harbourgazette.example/news/huge", b"<p>" + b"x" * 5_000 + b"</p>")
        handle.write(b"this is not a WARC header at all\r\n\r\n" * 3)  # a broken record at the end
    monkeypatch.setattr(ingest, "PARALLEL_MIN_FILES", 8)
    monkeypatch.setattr(warc, "BATCH", 8)
    options = ingest.ReadOptions(max_bytes=4_000)
    started: list[int] = []
    original = ingest._ReadingPool._started

    def counting(self: ingest._ReadingPool) -> object:
        started.append(self.workers)
        return original(self)

    monkeypatch.setattr(ingest._ReadingPool, "_started", counting)
    alone = list(read_documents([archive], options=options))
    together = list(read_documents([archive], options=options, workers=2))
    assert started and together == alone
    assert sum(isinstance(d, Document) for d in together) == 30
    oversized, broken = together[-2:]
    assert isinstance(oversized, Rejected) and "over 4000 bytes" in oversized.error
    assert isinstance(broken, Rejected) and "broken WARC record" in broken.error

    started.clear()
    small = tmp_path / "small.warc.gz"
    write_warc(small, pages=3)
    assert list(read_documents([small], workers=2)) == list(read_documents([small])) and not started

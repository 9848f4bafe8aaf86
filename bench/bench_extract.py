"""Extraction speed: HTML pages per second on 2 cores, and WARC records per second at constant memory.

Run: ``.venv/bin/python bench/bench_extract.py [--pages N] [--records N]``. HTML pages are extracted by
``--workers`` processes (2: the goal is stated for both cores); pages/s are given by the wall clock (the
issue's figure, honest only on an idle machine, so the load average is printed beside it) and by CPU time
(what the same run costs per core when nothing else runs). Pages come from
../shared/eval/extraction/big9 (real news pages, about 126 KB each) when it is beside the repository, else from
generated pages. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIG9 = ROOT.parent / "shared" / "eval" / "extraction" / "big9"


def _pages() -> list[bytes]:
    if BIG9.exists():
        return [gzip.decompress(p.read_bytes()) for p in sorted(BIG9.glob("big5-*/html/*.gz"))]
    paragraph = (
        "<p>The council voted on Tuesday to close the old harbour bridge after engineers found corrosion.</p>"
    )
    nav = "<nav>" + "".join(f"<a href='/s{i}'>Section {i}</a>" for i in range(40)) + "</nav>"
    return [
        f"<html><head><title>Story {n}</title></head><body>{nav}<article><h1>Story {n}</h1>"
        f"{paragraph * 12}</article><footer>Copyright</footer></body></html>".encode()
        for n in range(50)
    ]


Timing = tuple[int, float, float, float]


def _crosscheck_chunk(pages: list[bytes], fast: bool = False) -> Timing:
    """Extract a chunk of pages in a worker: (pages, CPU seconds, monotonic start, monotonic end).

    CPU time shows what the work costs when the cores are free; the monotonic clock (one clock for all
    processes on Linux) gives the wall-clock span of the whole run without the workers' start-up.
    """
    from crosscheck.errors import InputError
    from crosscheck.ingest.html import ExtractionConfig, page_document

    config = ExtractionConfig(fast=fast)
    began, started = time.monotonic(), time.process_time()
    for page in pages:
        with contextlib.suppress(InputError):
            page_document(page, "bench", config=config)
    return len(pages), time.process_time() - started, began, time.monotonic()


def _crosscheck_fast_chunk(pages: list[bytes]) -> Timing:
    return _crosscheck_chunk(pages, fast=True)


def _trafilatura_chunk(pages: list[bytes]) -> Timing:
    import trafilatura

    began, started = time.monotonic(), time.process_time()
    for page in pages:
        trafilatura.extract(page)
    return len(pages), time.process_time() - started, began, time.monotonic()


def _ready(_: int) -> int:
    time.sleep(0.2)  # long enough that every worker takes one, so all have started and warmed up
    return os.getpid()


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def bench_html(pages: list[bytes], count: int, workers: int = 2) -> None:
    work = [pages[i % len(pages)] for i in range(count)]
    chunks = [work[i : i + 8] for i in range(0, len(work), 8)]
    runs = (
        ("crosscheck", _crosscheck_chunk),
        ("crosscheck fast=True", _crosscheck_fast_chunk),
        ("trafilatura (plain)", _trafilatura_chunk),
    )
    for name, function in runs:
        # Each worker warms up (imports, lazily built caches) on a few pages before timing starts.
        with ProcessPoolExecutor(max_workers=workers, initializer=function, initargs=(pages[:12],)) as pool:
            started_pids = set(pool.map(_ready, range(4 * workers)))
            load_before = _load()
            started = time.monotonic()
            results = list(pool.map(function, chunks))
            ended = time.monotonic()
        done = sum(r[0] for r in results)
        cpu = sum(r[1] for r in results)
        # From the first chunk's start to the last chunk's end, as the clock on the wall sees it.
        wall = max(r[3] for r in results) - min(r[2] for r in results)
        print(
            f"HTML  {name:22s} {done} pages on {len(started_pids)} processes in {wall:.1f} s: "
            f"{done / wall:6.1f} pages/s (wall); {workers * done / cpu:6.1f} pages/s from CPU time "
            f"({1000 * cpu / done:.1f} ms/page); with the pool's overhead {done / (ended - started):6.1f} "
            f"pages/s; {load_before} before, {_load()} after"
        )


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _write_warc(path: Path, pages: list[bytes], records: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in range(records):
            if n % 4 == 3:  # CommonCrawl archives mix in images and scripts, which the reader skips
                body, kind = b"\x89PNG" + os.urandom(2000), "image/png"
            else:
                body, kind = pages[n % len(pages)], "text/html; charset=utf-8"
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            url = f"https://news.example/{n}"
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )


def bench_warc(pages: list[bytes], records: int) -> None:
    from crosscheck.ingest import read_documents
    from crosscheck.model import Document

    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "bench.warc.gz"
        _write_warc(archive, pages, records)
        size = archive.stat().st_size / 1e6
        rss: list[float] = []
        documents = 0
        started = time.perf_counter()
        cpu = time.process_time()
        for count, item in enumerate(read_documents([archive]), start=1):
            documents += isinstance(item, Document)
            if count % 50 == 0:
                rss.append(_rss_mb())
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu
    print(
        f"WARC  {records} records ({size:.1f} MB gzip, {documents} HTML documents) in {wall:.1f} s on 1 process: "
        f"{records / wall:.1f} records/s (wall), {records / cpu:.1f} records/s from CPU time; {_load()}"
    )
    if rss:
        print(
            f"WARC  resident memory while streaming: first {rss[0]:.0f} MB, max {max(rss):.0f} MB, last {rss[-1]:.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=720, help="HTML pages to extract")
    parser.add_argument("--records", type=int, default=1000, help="WARC records to stream")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    pages = _pages()
    print(f"{len(pages)} distinct pages, {sum(map(len, pages)) / len(pages) / 1000:.0f} KB on average")
    bench_html(pages, args.pages, args.workers)
    bench_warc(pages, args.records)


if __name__ == "__main__":
    main()

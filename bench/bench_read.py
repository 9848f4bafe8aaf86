"""Reading real pages in one process and with worker processes: a folder of HTML pages and one web archive.

Reads big9's news pages (../shared/eval/extraction/big9, gzipped HTML) as a folder, then as one WARC file
written from the same pages into a temporary folder, each with ``read_documents`` in one process and with
``--workers`` processes; prints the wall times and whether the two readings are equal, in order.

    .venv/bin/python bench/bench_read.py
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
BIG9 = ROOT.parent / "shared" / "eval" / "extraction" / "big9"


def write_archive(pages: list[Path], target: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with target.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number, page in enumerate(pages):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://big9.example/{number}/{quote(page.name.removesuffix('.gz'))}",
                "response",
                payload=io.BytesIO(gzip.decompress(page.read_bytes())),
                http_headers=headers,
            )
            writer.write_record(record)


def timed(paths: list[Path], workers: int) -> tuple[float, list[object]]:
    from crosscheck.ingest import read_documents

    start = time.perf_counter()
    items: list[object] = list(read_documents(paths, workers=workers))
    return time.perf_counter() - start, items


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not BIG9.exists():
        sys.exit(f"{BIG9} is absent: this benchmark reads real pages from ../shared/eval")
    folders = sorted(BIG9.glob("big5-*/html"))
    pages = sorted(p for folder in folders for p in folder.glob("*.gz"))
    with tempfile.TemporaryDirectory() as work:
        archive = Path(work) / "big9.warc.gz"
        write_archive(pages, archive)
        for name, paths in (("folder", folders), ("archive", [archive])):
            alone, one = timed(list(paths), 1)
            together, many = timed(list(paths), args.workers)
            print(
                f"{name:>7} of {len(pages)} pages: one process {alone:.2f} s, {args.workers} workers "
                f"{together:.2f} s ({alone / together:.2f}x); same documents in the same order: {one == many}"
            )


if __name__ == "__main__":
    main()

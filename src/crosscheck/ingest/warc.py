"""WARC archives (CommonCrawl News): HTML responses, streamed record by record in constant memory.

Only ``response`` records with an HTML payload are read; each becomes one ``Document`` carrying the record's
target URI, its capture date as a fallback publication date, and ``Provenance.record`` (the WARC-Record-ID).
A broken record ends the archive with a ``Rejected`` naming it, after every record before it was read.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from crosscheck.errors import InputError
from crosscheck.ingest import ReadOptions, register_reader
from crosscheck.model import Document, Provenance, Rejected
from crosscheck.settings import Settings

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _capture_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


class _Budget:
    """A file wrapper that refuses to hand out more than ``limit`` decompressed bytes in total."""

    def __init__(self, inner: Any, limit: int, name: str) -> None:
        self.inner, self.limit, self.name, self.seen = inner, limit, name, 0

    def read(self, size: int = -1) -> bytes:
        chunk: bytes = self.inner.read(size)
        self.seen += len(chunk)
        if self.seen > self.limit:
            raise InputError(self.name, f"archive holds over {self.limit} bytes; refused")
        return chunk

    def readline(self, size: int = -1) -> bytes:
        line: bytes = self.inner.readline(size)
        self.seen += len(line)
        return line


def _html_payload(record: Any, cap: int) -> bytes | None:
    """The record's HTML body, read up to ``cap`` bytes; None when the record is not an HTML response."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if not any(kind in content_type for kind in HTML_TYPES):
        return None
    status = record.http_headers.get_statuscode()
    if status and not str(status).startswith("2"):
        return None
    stream = record.content_stream()
    body: bytes = stream.read(cap + 1)
    return body if len(body) <= cap else b""


@register_reader(".warc", ".warc.gz", ".arc", ".arc.gz", costly=True)
def read_warc(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Document | Rejected]:
    """Every HTML response of the archive; a broken archive ends with one ``Rejected``, never an exception."""
    try:
        yield from _read_records(path, settings, options)
    except InputError as err:
        yield Rejected(path=err.path, error=err.problem)
    except (OSError, EOFError, ValueError, zlib.error) as err:  # truncated or corrupt compression
        yield Rejected(path=str(path), error=f"broken archive ({type(err).__name__}: {str(err)[:160]})")


def _read_records(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Document | Rejected]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from crosscheck.ingest.html import page_document

    cap = options.byte_cap(settings)
    index = 0
    with path.open("rb") as raw:
        is_arc = path.name.lower().endswith((".arc", ".arc.gz"))
        records = ArchiveIterator(_Budget(raw, options.max_stream_bytes, str(path)), arc2warc=is_arc)
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except ArchiveLoadFailed as err:
                where = f"{path}#{index + 1}"
                raise InputError(where, f"broken WARC record ({str(err).splitlines()[0][:160]})") from err
            index += 1
            if record.format == "arc" and not is_arc:
                # warcio reads any five-word line as an old ARC header: in a .warc file that is garbage.
                raise InputError(f"{path}#{index}", "broken WARC record (no WARC header)")
            record_id = record.rec_headers.get_header("WARC-Record-ID")
            target = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{path}#{record_id or index}"
            try:
                body = _html_payload(record, cap)
            except (OSError, EOFError, ValueError) as err:
                raise InputError(where, f"broken WARC record body ({type(err).__name__})") from err
            if body is None:
                continue
            if not body:
                yield Rejected(path=where, error=f"HTML payload over {cap} bytes; skipped")
                continue
            try:
                yield page_document(
                    body,
                    str(path),
                    url=target,
                    provenance=Provenance(path=str(path), record=record_id),
                    fallback={"published": _capture_date(record.rec_headers.get_header("WARC-Date"))},
                )
            except InputError as err:
                yield Rejected(path=where, error=err.problem)
    if index == 0:
        raise InputError(str(path), "no WARC records in the file")

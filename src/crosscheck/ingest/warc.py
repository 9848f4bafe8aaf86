"""WARC archives (CommonCrawl News): HTML responses, streamed record by record in constant memory.

Only ``response`` records with an HTML payload are read; each becomes one ``Document`` carrying the record's
target URI, its capture date as a fallback publication date, and ``Provenance.record`` (the WARC-Record-ID).
A broken record ends the archive with a ``Rejected`` naming it, after every record before it was read; so
does a record the end of the file cuts off, wherever the cut falls.

Reading a record's payload is cheap and stays in order in this process; extracting its page is what costs
(10 to 20 ms). Given ``pages`` (a reading pool's ``map_pages``), the records go to worker processes in
batches, the next batch read while the last is extracted, and come back in archive order.
"""

from __future__ import annotations

import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from crosscheck.errors import InputError
from crosscheck.ingest import PageMapper, ReadOptions, register_reader
from crosscheck.model import Document, Provenance, Rejected, zoned_time
from crosscheck.settings import Settings

# Records handed to the workers at once, and batches in flight: enough to keep two workers busy while the
# next batch is read from the archive.
BATCH = 64
IN_FLIGHT = 2

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _capture_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return zoned_time(datetime.fromisoformat(value.replace("Z", "+00:00")))
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
    if len(body) > cap:
        return b""
    # Read to its end, a whole record has no bytes left to give; a cut-off file leaves some owed.
    owed = getattr(record.raw_stream, "limit", 0)
    if isinstance(owed, int) and owed > 0:
        raise EOFError(f"the record ends {owed} bytes short of its declared length: the file is cut off")
    return body


def _check_whole(read: tuple[Any, str] | None) -> None:
    """Raise for a record warcio has read to its end if the file ran out before its declared length did."""
    if read is None:
        return
    record, where = read
    owed = getattr(record.raw_stream, "limit", 0)
    if isinstance(owed, int) and owed > 0:
        raise InputError(
            where, f"the record ends {owed} bytes short of its declared length: the file is cut off"
        )


@dataclass(frozen=True)
class ArchivedPage:
    """One HTML response of an archive, read but not yet extracted: what a worker needs to make its document."""

    body: bytes
    path: str
    url: str | None
    record: str | None
    where: str
    captured: datetime | None

    def document(self) -> Document | Rejected:
        from crosscheck.ingest.html import page_document

        try:
            return page_document(
                self.body,
                self.path,
                url=self.url,
                provenance=Provenance(path=self.path, record=self.record),
                fallback={"published": self.captured},
            )
        except InputError as err:
            return Rejected(path=self.where, error=err.problem)


def page_of(item: ArchivedPage | Rejected) -> Document | Rejected:
    """The document of an archived page; a rejection passes through (a worker's unit of work)."""
    return item if isinstance(item, Rejected) else item.document()


# What ends reading an archive early: a broken record or payload, truncated or corrupt compression.
ARCHIVE_FAILURES = (InputError, OSError, EOFError, ValueError, zlib.error)


@register_reader(".warc", ".warc.gz", ".arc", ".arc.gz", costly=True, batched=True)
def read_warc(
    path: Path, settings: Settings, options: ReadOptions, pages: PageMapper | None = None
) -> Iterator[Document | Rejected]:
    """Every HTML response of the archive; a broken archive ends with one ``Rejected``, never an exception."""
    archived = _archived_pages(path, settings, options)
    try:
        yield from (_batched(archived, pages) if pages is not None else map(page_of, archived))
    except InputError as err:
        yield Rejected(path=err.path, error=err.problem)
    except ARCHIVE_FAILURES as err:
        yield Rejected(path=str(path), error=f"broken archive ({type(err).__name__}: {str(err)[:160]})")


def _batched(archived: Iterable[ArchivedPage | Rejected], pages: PageMapper) -> Iterator[Document | Rejected]:
    """The archive's documents, extracted by ``pages`` ``BATCH`` pages at a time with up to ``IN_FLIGHT``
    batches out; when the archive breaks, every page read before the break comes out first, then the error."""
    in_flight: deque[Iterator[Document | Rejected]] = deque()
    batch: list[ArchivedPage | Rejected] = []
    failure: Exception | None = None
    try:
        for item in archived:
            batch.append(item)
            if len(batch) == BATCH:
                in_flight.append(pages(page_of, batch))
                batch = []
                if len(in_flight) > IN_FLIGHT:
                    yield from in_flight.popleft()
    except ARCHIVE_FAILURES as err:
        failure = err
    if batch:
        in_flight.append(pages(page_of, batch))
    while in_flight:
        yield from in_flight.popleft()
    if failure is not None:
        raise failure


def _archived_pages(
    path: Path, settings: Settings, options: ReadOptions
) -> Iterator[ArchivedPage | Rejected]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    cap = options.byte_cap(settings)
    index = 0
    size = path.stat().st_size
    with path.open("rb") as raw:
        is_arc = path.name.lower().endswith((".arc", ".arc.gz"))
        records = ArchiveIterator(_Budget(raw, options.max_stream_bytes, str(path)), arc2warc=is_arc)
        previous: tuple[Any, str] | None = None
        while True:
            try:
                record = next(records)
            except StopIteration:
                _check_whole(previous)
                # warcio ends quietly when a header runs into the end of the file: the last record it read
                # then ends before the file does.
                if getattr(records, "offset", size) < size:
                    raise InputError(
                        f"{path}#{index + 1}", "the record's header is cut off by the end of the file"
                    ) from None
                break
            except ArchiveLoadFailed as err:
                _check_whole(previous)
                where = f"{path}#{index + 1}"
                raise InputError(where, f"broken WARC record ({str(err).splitlines()[0][:160]})") from err
            except InputError:
                raise
            except Exception as err:
                # warcio parses a header cut off mid-line into a record missing fields, and then fails on
                # them (a URI that is None): the record is broken, not the reader.
                _check_whole(previous)
                where = f"{path}#{index + 1}"
                raise InputError(
                    where, f"the record's header is broken or cut off ({type(err).__name__})"
                ) from err
            # Moving on to this record read the last one to its end, silently even when the file ran out.
            _check_whole(previous)
            index += 1
            if record.format == "arc" and not is_arc:
                # warcio reads any five-word line as an old ARC header: in a .warc file that is garbage.
                raise InputError(f"{path}#{index}", "broken WARC record (no WARC header)")
            record_id = record.rec_headers.get_header("WARC-Record-ID")
            target = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{path}#{record_id or index}"
            previous = (record, where)
            declared = (record.rec_headers.get_header("Content-Length") or "").strip()
            if record.format == "warc" and not declared.isdigit():
                # Every WARC record declares its length; a header without one was cut off before it ended
                # (warcio takes a missing or empty length for an empty record).
                raise InputError(
                    where, "WARC record header without a Content-Length: the file is cut off or broken"
                )
            try:
                body = _html_payload(record, cap)
            except (OSError, EOFError, ValueError) as err:
                detail = f": {err}" if isinstance(err, EOFError) and str(err) else ""
                raise InputError(where, f"broken WARC record body ({type(err).__name__}{detail})") from err
            if body is None:
                continue
            if not body:
                yield Rejected(path=where, error=f"HTML payload over {cap} bytes; skipped")
                continue
            captured = _capture_date(record.rec_headers.get_header("WARC-Date"))
            yield ArchivedPage(body, str(path), target, record_id, where, captured)
    if index == 0:
        raise InputError(str(path), "no WARC records in the file")

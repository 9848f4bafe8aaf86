"""Article dumps: JSONL, CSV and Parquet, one article per row, with configurable column names.

A row whose text column is empty but which has an ``html`` column is extracted like a page. Rows that cannot
be read are rejected one by one (``file:line``), and the rest of the dump is read.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from crosscheck.clean import unwrap
from crosscheck.errors import InputError
from crosscheck.ingest import ReadOptions, register_reader
from crosscheck.ingest.text import looks_like_utf16
from crosscheck.model import Document, Provenance, Rejected, zoned_time
from crosscheck.settings import Settings

UTF16_PROBLEM = "not UTF-8 (looks like UTF-16)"

# CSV cells hold whole articles; the csv module's default 128 KiB field limit would reject long ones.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _text(value: Any, column: str, where: str, number: bool = False) -> str | None:
    """A cell as text: a string as it is, bytes decoded as UTF-8, and with ``number`` (ids, story labels) an
    int or float as its decimal string. Any other value (a list, an object, true or false) is refused with
    an ``InputError`` naming the row and column: its Python spelling ("True", "{'a': 1}") is no article."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN: a missing cell in pandas-written files
        return None
    if isinstance(value, bytes | bytearray | memoryview):
        try:
            value = bytes(value).decode("utf-8")
        except UnicodeDecodeError as err:
            raise InputError(where, f"column {column!r} holds bytes that are not UTF-8 text") from err
    elif isinstance(value, bool) or not (
        isinstance(value, str) or (number and isinstance(value, int | float))
    ):
        raise InputError(where, f"column {column!r} holds {_kind(value)}, not text")
    elif isinstance(value, float) and value.is_integer():
        # pandas turns a column of whole numbers with one gap into floats, and writes id 1042 as 1042.0:
        # the article is still the dump's 1042, and a story labelled 3 in one row and 3.0 in the next is one.
        value = int(value)
    text = str(value).strip()
    return text or None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"


def parse_published(value: Any) -> datetime | None:
    """ISO text, a date, a datetime or epoch seconds; anything else is treated as absent, as is a time no zone
    can place (year 9999 at UTC-14), which no store could order."""
    parsed = _parse_published(value)
    return zoned_time(parsed) if parsed is not None else None


def _parse_published(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(float(value), tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    try:
        return datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def check_columns(path: Path | str, columns: Sequence[str], options: ReadOptions) -> None:
    """The text column must be there, and so must any other column the user named (a column asked for by
    ``--id-field`` and missing would otherwise pass unnoticed, each row getting an id of its own)."""
    if options.text_field not in columns and options.html_field not in columns:
        raise InputError(str(path), f"no {options.text_field!r} column (columns: {', '.join(columns)[:200]})")
    check_named_columns(path, columns, options)
    used = [options.text_field, options.html_field, *(getattr(options, option) for option in NAMED_OPTIONS)]
    twice = next((name for name in used if columns.count(name) > 1), None)
    if twice is not None:
        # Sheets pasted side by side repeat a header; each row would keep the last such cell and lose the
        # others without a word (the text found empty, or another outlet's).
        raise InputError(str(path), f"two columns are named {twice!r}; rename one")


# The column options a user may name besides the text's.
NAMED_OPTIONS = (
    "title_field",
    "id_field",
    "url_field",
    "outlet_field",
    "author_field",
    "published_field",
    "story_field",
)


def check_named_columns(path: Path | str, columns: Sequence[str], options: ReadOptions) -> None:
    """Every column the user named other than the text must be there. A JSONL dump is checked on the fields of
    its first rows together (``NAMED_FIELD_ROWS``): a named field none of them holds is a misspelling."""
    defaults = ReadOptions()
    for option in NAMED_OPTIONS:
        name = getattr(options, option)
        if name != getattr(defaults, option) and name not in columns:
            flag = "--" + option.replace("_", "-")
            raise InputError(
                str(path), f"no {name!r} column, which {flag} names (columns: {', '.join(columns)[:200]})"
            )


def _web_domain(url: str | None) -> str | None:
    from crosscheck.ingest.html import web_domain  # the HTML reader loads only when a dump names URLs

    return web_domain(url)


def row_document(row: Mapping[str, Any], path: Path | str, line: int, options: ReadOptions) -> Document:
    """One dump row as a ``Document``; an ``InputError`` names the row when it has no article text. ``path``
    is a file, or a URI as given (the Spark job's inputs)."""
    where = f"{path}:{line}"
    name = path.name if isinstance(path, Path) else path.rstrip("/").rsplit("/", 1)[-1]

    def cell(column: str, number: bool = False) -> str | None:
        return _text(row.get(column), column, where, number)

    text = cell(options.text_field)
    if text is not None:
        text = unwrap(text)
    url = cell(options.url_field)
    title = cell(options.title_field)
    author = cell(options.author_field)
    outlet = cell(options.outlet_field)
    published = parse_published(row.get(options.published_field))
    removed = []
    html = cell(options.html_field) if text is None else None
    if html is not None:
        from crosscheck.ingest.html import extract_page, outlet_of

        page = extract_page(html, url=url)
        text = "\n".join(page.lines) or None
        removed = page.removed
        # The row's own columns win; the page fills what they leave out.
        title, author = title or page.title, author or page.author
        published, outlet = published or page.published, outlet or outlet_of(page, url)
    if text is None:
        raise InputError(where, f"no article text in column {options.text_field!r}")
    return Document(
        text=text,
        path=str(path),
        id=cell(options.id_field, number=True),
        # With no outlet column, the row's web domain names its outlet ("bbc.co.uk"), as for a page; with no URL
        # either, the dump's name stands for the source, as a text file's stem does.
        outlet=outlet or _web_domain(url) or name.split(".")[0],
        url=url,
        title=title,
        author=author,
        published=published,
        provenance=Provenance(path=str(path), line=line),
        removed=removed,
        story=cell(options.story_field, number=True),
    )


def _open_binary(path: Path, limit: int) -> io.BufferedReader:
    raw: Any = gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")  # noqa: SIM115
    return io.BufferedReader(_CappedReader(raw, limit, str(path)))


def _open_text(path: Path, limit: int, kind: str) -> io.TextIOBase:
    """The dump as UTF-8 text; UTF-16 (all of whose ASCII is valid UTF-8, a NUL byte after each letter) and
    other binary files are refused here, before their NULs reach the column names."""
    binary = _open_binary(path, limit)
    try:
        _refuse_binary(binary, path, kind)
    except BaseException:
        binary.close()
        raise
    return io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict", newline="")


def _refuse_binary(stream: io.BufferedReader, path: Path, kind: str) -> None:
    start = stream.peek(8192)[:8192]
    if looks_like_utf16(start):
        # PowerShell's ">" and Excel's "Unicode Text" write UTF-16: NUL bytes, but text all the same.
        raise InputError(str(path), f"{UTF16_PROBLEM}; re-encode the dump as UTF-8")
    if b"\x00" in start:
        # No dump's text holds a NUL byte: this is an image, an archive or a spreadsheet, and naming each of
        # its "lines" would only repeat that.
        raise InputError(str(path), f"binary file, not {kind}")


class _CappedReader(io.RawIOBase):
    """A byte stream that refuses to deliver more than ``limit`` bytes (a gzip bomb stops here)."""

    def __init__(self, inner: Any, limit: int, name: str) -> None:
        self.inner, self.limit, self.name, self.seen = inner, limit, name, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.inner.read(len(buffer))
        self.seen += len(chunk)
        if self.seen > self.limit:
            raise InputError(self.name, f"more than {self.limit} bytes (a gzip bomb?); refused")
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        self.inner.close()
        super().close()


@register_reader(".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
def read_jsonl(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Document | Rejected]:
    cap = options.byte_cap(settings)
    with _open_binary(path, options.max_stream_bytes) as stream:
        _refuse_binary(stream, path, "JSON lines")
        line = rows = 0
        checked = False
        waiting: list[tuple[dict[str, Any], int]] = []
        seen: set[str] = set()
        while True:
            raw = stream.readline(cap + 1)
            if not raw:
                break
            line += 1
            if len(raw) > cap:
                # Only this row is refused: the rest of its line is read past, never held, and the rows
                # after it are read as any others.
                rest = raw
                while rest and not rest.endswith(b"\n"):
                    rest = stream.readline(cap + 1)
                yield Rejected(
                    path=f"{path}:{line}",
                    error=f"a line of over {cap} bytes (CROSSCHECK_MAX_FILE_BYTES); refused",
                )
                continue
            if not raw.strip():
                continue
            rows += 1
            try:
                # Decoded line by line, so that one badly encoded row is rejected and the rest still read.
                # Without its newline, a row cut short is named by the column where it ends (as on Spark),
                # not by column 1 of the line after it.
                row = json.loads(raw.removesuffix(b"\n").decode("utf-8-sig" if line == 1 else "utf-8"))
            except UnicodeDecodeError:
                yield Rejected(path=f"{path}:{line}", error="not UTF-8; re-encode the dump as UTF-8")
                continue
            except json.JSONDecodeError as err:
                yield Rejected(
                    path=f"{path}:{line}", error=f"not a JSON object ({err.msg}, column {err.colno})"
                )
                continue
            if not isinstance(row, dict):
                yield Rejected(path=f"{path}:{line}", error="not a JSON object")
                continue
            if checked:
                yield _row_or_rejection(row, path, line, options)
                continue
            # Rows need not share their fields (an exporter drops null ones), so a field the user named is
            # looked for in the first rows together; only when none of them holds it is it a misspelling.
            waiting.append((row, line))
            seen.update(row)
            if len(waiting) >= NAMED_FIELD_ROWS or not _named_fields_missing(seen, options):
                check_named_columns(path, list(seen), options)
                checked = True
                yield from (_row_or_rejection(r, path, n, options) for r, n in waiting)
                waiting.clear()
    if waiting:
        check_named_columns(path, list(seen), options)
        yield from (_row_or_rejection(r, path, n, options) for r, n in waiting)
    if rows == 0:
        # Blank lines are no rows: a dump of them is as empty as a file of none.
        raise InputError(str(path), "empty file")


# How many rows of a JSONL dump are read before a field the user named and none of them holds is refused.
NAMED_FIELD_ROWS = 100


def _named_fields_missing(seen: set[str], options: ReadOptions) -> bool:
    defaults = ReadOptions()
    return any(
        getattr(options, option) != getattr(defaults, option) and getattr(options, option) not in seen
        for option in NAMED_OPTIONS
    )


def _row_or_rejection(
    row: Mapping[str, Any], path: Path, line: int, options: ReadOptions
) -> Document | Rejected:
    try:
        return row_document(row, path, line, options)
    except InputError as err:
        return Rejected(path=err.path, error=err.problem)


@register_reader(".csv", ".tsv", ".csv.gz", ".tsv.gz")
def read_csv(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Document | Rejected]:
    delimiter = "\t" if ".tsv" in path.name.lower() else ","
    with _open_text(path, options.max_stream_bytes, "CSV" if delimiter == "," else "TSV") as stream:
        # strict: a quotation mark never closed is an error at the end of the file; lenient, the csv module
        # read every later row into that one field and the rows were lost without a word.
        # skipinitialspace: a CSV typed or exported as "id, outlet, text" has columns named "text", and its
        # quoted cells (', "The bridge, officials said, ..."') are read as quoted, not split at their commas.
        reader = csv.DictReader(stream, delimiter=delimiter, strict=True, skipinitialspace=True)
        try:
            fields = reader.fieldnames
        except UnicodeDecodeError as err:
            raise InputError(str(path), "not UTF-8; re-encode the dump as UTF-8") from err
        if not fields:
            raise InputError(str(path), "empty file")
        check_columns(path, fields, options)
        rows = rejected = 0
        while True:
            # The underlying reader counts every line, a rejected row's too; DictReader's own count does not.
            first_line = reader.reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except UnicodeDecodeError as err:
                raise InputError(
                    f"{path}:{reader.line_num}", "not UTF-8; re-encode the dump as UTF-8"
                ) from err
            except csv.Error as err:
                # DictReader's own line_num moves only on a row it returns; its reader's counts every line.
                last_line = reader.reader.line_num
                rejected += 1
                if last_line > first_line and "end of data" in str(err):
                    yield Rejected(
                        path=f"{path}:{first_line}",
                        error=f"a quotation mark in this row is never closed, so lines {first_line}-"
                        f"{last_line} could not be read as rows",
                    )
                    break
                yield Rejected(path=f"{path}:{last_line}", error=f"malformed CSV row ({err})")
                continue
            extra = row.get(None)  # DictReader's key for the fields past the header's
            if extra:
                # An unquoted delimiter in the text splits it: keeping the header's share of the fields would
                # publish a cut article.
                rejected += 1
                yield Rejected(
                    path=f"{path}:{first_line}",
                    error=f"{len(fields) + len(extra)} fields where the header has {len(fields)} (a "
                    f"{'tab' if delimiter == chr(9) else 'comma'} in a field that is not quoted?)",
                )
                continue
            rows += 1
            try:
                yield row_document(row, path, reader.line_num, options)
            except InputError as err:
                yield Rejected(path=err.path, error=err.problem)
        if rows == 0 and not rejected:
            raise InputError(str(path), "a header line and no rows")


@register_reader(".parquet", ".pq")
def read_parquet(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Document | Rejected]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as err:
        raise InputError(str(path), f"not a Parquet file ({type(err).__name__})") from err
    check_columns(path, parquet.schema_arrow.names, options)
    if parquet.metadata.num_rows == 0:
        raise InputError(str(path), "no rows")
    row_number = 0
    # Batches keep memory flat on dumps far larger than one article.
    for batch in parquet.iter_batches(batch_size=512):
        for row in batch.to_pylist():
            row_number += 1
            try:
                yield row_document(row, path, row_number, options)
            except InputError as err:
                yield Rejected(path=err.path, error=err.problem)

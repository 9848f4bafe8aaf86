"""Readers: one per source kind, each turning a path or URL into ``Document``s for cleaning.

``read_documents`` walks files and folders, picks a reader by file name (or by content type for a URL), and
yields either a ``Document`` or a ``Rejected`` naming the input and the problem, so that batch runs skip bad
input and count it. No error about one input escapes: hostile files end as ``Rejected``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crosscheck.errors import InputError
from crosscheck.model import Document, Rejected
from crosscheck.settings import Settings, get_settings

Reader = Callable[[Path, Settings], Iterator[Document]]


@dataclass(frozen=True)
class ReadOptions:
    """Knobs of the readers; ``options_from_cli`` builds one from the flags of ``brief`` and ``extract``."""

    # URLs: private, loopback and link-local addresses are refused unless allowed (SSRF guard).
    allow_private: bool = False
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_redirects: int = 5
    user_agent: str = "crosscheck/0.1 (+news cross-checking; respects robots of the pages it is given)"
    # Cap on bytes of one file, one download, one decompressed page; None: settings.max_file_bytes.
    max_bytes: int | None = None
    # Cap on what one streamed archive or dump may decompress to (WARC, JSONL/CSV): stops gzip bombs.
    max_stream_bytes: int = 50_000_000_000
    # Feeds: how many linked articles to fetch per feed, and whether to fetch them at all.
    max_feed_items: int = 100
    fetch_feed_items: bool = True
    # Tabular dumps (JSONL, CSV, Parquet): which column holds what.
    text_field: str = "text"
    title_field: str = "title"
    id_field: str = "id"
    url_field: str = "url"
    outlet_field: str = "outlet"
    author_field: str = "author"
    published_field: str = "published"
    html_field: str = "html"
    # A grouping the dump already gives (researchers' own clusters), used by ``brief --group-by story``.
    story_field: str = "story"

    def byte_cap(self, settings: Settings) -> int:
        return self.max_bytes or settings.max_file_bytes


OptionReader = Callable[[Path, Settings, ReadOptions], Iterator[Document | Rejected]]

# Suffix → reader. Readers for other kinds register themselves here from their own modules.
READERS: dict[str, Reader] = {}
# Readers that take ``ReadOptions`` and may reject single records of a file while reading the rest.
OPTION_READERS: dict[str, OptionReader] = {}


def register(*suffixes: str) -> Callable[[Reader], Reader]:
    def add(reader: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix] = reader
        return reader

    return add


def register_reader(*suffixes: str) -> Callable[[OptionReader], OptionReader]:
    """Register a reader that takes ``ReadOptions`` and yields ``Document`` or ``Rejected`` per record."""

    def add(reader: OptionReader) -> OptionReader:
        for suffix in suffixes:
            OPTION_READERS[suffix] = reader
        return reader

    return add


def _suffix_of(path: Path) -> str:
    name = path.name.lower()
    for suffix in sorted({*READERS, *OPTION_READERS}, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return ""


def _load_readers() -> None:
    # Imported for their registration side effect; kept here so that importing a reader never cycles.
    from crosscheck.ingest import feed, html, tabular, text, warc  # noqa: F401


def is_sidecar(path: Path) -> bool:
    """A ``NAME.json`` next to ``NAME.txt`` is metadata for that article, not an input of its own."""
    return path.suffix.lower() == ".json" and path.with_suffix(".txt").exists()


def is_url(raw: str | Path) -> bool:
    return isinstance(raw, str) and raw.lower().startswith(("http://", "https://"))


def expand(paths: Iterable[str | Path]) -> Iterator[Path | Rejected]:
    """Files named directly, and the readable files inside named folders, in a stable order."""
    _load_readers()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield Rejected(path=str(path), error="no such file or folder")
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            readable = [p for p in files if _suffix_of(p) and not is_sidecar(p)]
            if not readable:
                yield Rejected(path=str(path), error="folder holds no readable articles")
            yield from readable
        else:
            yield path


def _problem(err: BaseException) -> str:
    """One line for any failure of a reader on hostile input."""
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    message = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"unreadable ({type(err).__name__}{': ' + message[:200] if message else ''})"


def _read_file(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Document | Rejected]:
    suffix = _suffix_of(path)
    if not suffix:
        known = ", ".join(sorted({*READERS, *OPTION_READERS}))
        yield Rejected(path=str(path), error=f"unknown kind of file (readable: {known})")
        return
    try:
        if suffix in OPTION_READERS:
            yield from OPTION_READERS[suffix](path, settings, options)
        else:
            yield from READERS[suffix](path, settings)
    except InputError as err:
        yield Rejected(path=err.path, error=err.problem)
    except (MemoryError, RecursionError, Exception) as err:  # hostile input must never end the run
        yield Rejected(path=str(path), error=_problem(err))


def read_documents(
    paths: Iterable[str | Path],
    settings: Settings | None = None,
    options: ReadOptions | None = None,
) -> Iterator[Document | Rejected]:
    """Every document in files, folders and ``http(s)://`` URLs (pages or feeds), or why an input failed."""
    settings = settings or get_settings()
    options = options or ReadOptions()
    _load_readers()
    for raw in paths:
        if is_url(raw):
            from crosscheck.ingest.url import read_url

            try:
                yield from read_url(str(raw), settings, options)
            except InputError as err:
                yield Rejected(path=err.path, error=err.problem)
            except Exception as err:  # one bad URL never ends the run
                yield Rejected(path=str(raw), error=_problem(err))
            continue
        for item in expand([raw]):
            if isinstance(item, Rejected):
                yield item
            else:
                yield from _read_file(item, settings, options)


def options_from_cli(
    allow_private: bool = False,
    text_field: str | None = None,
    title_field: str | None = None,
    id_field: str | None = None,
    url_field: str | None = None,
    outlet_field: str | None = None,
    author_field: str | None = None,
    published_field: str | None = None,
    timeout: float | None = None,
    max_bytes: int | None = None,
    max_feed_items: int | None = None,
) -> ReadOptions:
    """``ReadOptions`` from CLI flags; a flag left as None keeps the default."""
    given: dict[str, Any] = {
        "text_field": text_field,
        "title_field": title_field,
        "id_field": id_field,
        "url_field": url_field,
        "outlet_field": outlet_field,
        "author_field": author_field,
        "published_field": published_field,
        "max_bytes": max_bytes,
        "max_feed_items": max_feed_items,
    }
    if timeout is not None:
        given["connect_timeout"] = min(timeout, ReadOptions.connect_timeout)
        given["read_timeout"] = timeout
    return ReadOptions(allow_private=allow_private, **{k: v for k, v in given.items() if v is not None})

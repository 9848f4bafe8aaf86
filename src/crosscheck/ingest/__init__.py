"""Readers: one per source kind, each turning a path or URL into ``Document``s for cleaning.

``read_documents`` walks files and folders, picks a reader by file name (or by content type for a URL), and
yields either a ``Document`` or a ``Rejected`` naming the input and the problem, so that batch runs skip bad
input and count it. No error about one input escapes: hostile files end as ``Rejected``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

from crosscheck.errors import InputError
from crosscheck.model import Document, Rejected
from crosscheck.settings import Settings, get_settings, worker_processes

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
    # When an item's linked page cannot be read, the text the feed carries stands in for it: its full content
    # (content:encoded, Atom content), else its summary unless ``feed_summary_fallback`` is off. A one-off
    # read takes either; a watcher takes no teaser for a story, rejecting the item instead so that its next
    # poll fetches the page again.
    feed_summary_fallback: bool = True
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
    # Notes on stderr about what was read as asked but differently than given (an input named twice, a feed
    # URL's items past the cap); ``--quiet`` turns them off and leaves the errors.
    notes: bool = True

    def byte_cap(self, settings: Settings) -> int:
        return self.max_bytes or settings.max_file_bytes


OptionReader = Callable[..., Iterator[Document | Rejected]]
"""Called as (path, settings, options), and with ``pages=`` too when registered ``batched``."""
PageWork = Callable[[Any], Document | Rejected]
PageMapper = Callable[[PageWork, list[Any]], Iterator[Document | Rejected]]
"""Applies a batched reader's work (a module-level function, ``warc.page_of``) to a batch, results in order."""

# Suffix → reader. Readers for other kinds register themselves here from their own modules.
READERS: dict[str, Reader] = {}
# Readers that take ``ReadOptions`` and may reject single records of a file while reading the rest.
OPTION_READERS: dict[str, OptionReader] = {}
# Suffixes whose every file costs a page extraction or more (HTML, WARC): worth a worker process each.
COSTLY_SUFFIXES: set[str] = set()
# Suffixes whose reader takes ``pages=`` and hands the pages of one file to worker processes (WARC).
BATCHED_SUFFIXES: set[str] = set()
# A folder is read by worker processes from this many costly files on: starting a worker and importing the
# extractor takes about a second, which 64 pages at 10 to 20 ms each repay on two cores.
PARALLEL_MIN_FILES = 64


def register(*suffixes: str) -> Callable[[Reader], Reader]:
    def add(reader: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix] = reader
        return reader

    return add


def register_reader(
    *suffixes: str, costly: bool = False, batched: bool = False
) -> Callable[[OptionReader], OptionReader]:
    """Register a reader that takes ``ReadOptions`` and yields ``Document`` or ``Rejected`` per record;
    ``costly`` when each file needs a page extraction or more, so that folders of them are read in parallel;
    ``batched`` when it takes ``pages=`` to spread the pages of one file over worker processes."""

    def add(reader: OptionReader) -> OptionReader:
        for suffix in suffixes:
            OPTION_READERS[suffix] = reader
            if costly:
                COSTLY_SUFFIXES.add(suffix)
            if batched:
                BATCHED_SUFFIXES.add(suffix)
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


def read_from_folder(path: Path) -> bool:
    """Whether a walk of a folder holding ``path`` would take it as an input (or a sidecar of one)."""
    _load_readers()
    return not path.name.startswith(".") and bool(_suffix_of(path))


def is_url(raw: str | Path) -> bool:
    return isinstance(raw, str) and raw.lower().startswith(("http://", "https://"))


def expand(paths: Iterable[str | Path]) -> Iterator[Path | Rejected]:
    """Files named directly, and the readable files inside named folders, in a stable order."""
    _load_readers()
    for raw in paths:
        path = Path(raw)
        scheme = str(raw).split("://", 1)[0] if "://" in str(raw) else None
        if str(raw) == "":
            # Path("") is the current folder: an empty argument (an unset shell variable) read all of it.
            yield Rejected(path="''", error="no such file or folder")
        elif scheme is not None and not path.exists():
            # Path() would fold "ftp://host/x" into "ftp:/host/x": name the input as given.
            yield Rejected(
                path=str(raw), error=f"{scheme}:// addresses are not read; give http(s) URLs or files"
            )
        elif not path.exists():
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


def _read_file(
    path: Path, settings: Settings, options: ReadOptions, pages: PageMapper | None = None
) -> Iterator[Document | Rejected]:
    suffix = _suffix_of(path)
    if not suffix:
        known = ", ".join(sorted({*READERS, *OPTION_READERS}))
        yield Rejected(path=str(path), error=f"unknown kind of file (readable: {known})")
        return
    try:
        if suffix in BATCHED_SUFFIXES and pages is not None:
            yield from OPTION_READERS[suffix](path, settings, options, pages=pages)
        elif suffix in OPTION_READERS:
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
    workers: int = 1,
) -> Iterator[Document | Rejected]:
    """Every document in files, folders and ``http(s)://`` URLs (pages or feeds), or why an input failed.

    With ``workers`` above 1, the files of an input holding at least ``PARALLEL_MIN_FILES`` HTML pages or web
    archives are read by that many processes, and so are the pages of a web archive read here; what is
    yielded, and in what order, is the same as in one.
    """
    settings = settings or get_settings()
    options = options or ReadOptions()
    _load_readers()
    # Every local input's files, listed before any is read: a sidecar named directly is read with its text
    # wherever that is named (``crosscheck brief articles/*`` names both).
    listed = [(raw, None if is_url(raw) else list(expand([raw]))) for raw in paths]
    texts = {
        _file_key(item)
        for _, items in listed
        for item in items or ()
        if isinstance(item, Path) and item.suffix.lower() == ".txt"
    }
    first_named: dict[str, str] = {}  # each file (resolved) or URL read so far → the input that named it
    with _ReadingPool(workers) as pool:
        for raw, files in listed:
            if files is None:
                if str(raw) in first_named:
                    _note_repeated(str(raw), [str(raw)], first_named, options)
                    continue
                first_named[str(raw)] = str(raw)
                from crosscheck.ingest.url import read_url

                try:
                    yield from read_url(str(raw), settings, options)
                except InputError as err:
                    yield Rejected(path=err.path, error=err.problem)
                except Exception as err:  # one bad URL never ends the run
                    yield Rejected(path=str(raw), error=_problem(err))
                continue
            items = _first_readings(str(raw), _without_sidecars(files, texts), first_named, options)
            costly = sum(isinstance(i, Path) and _suffix_of(i) in COSTLY_SUFFIXES for i in items)
            if costly >= PARALLEL_MIN_FILES and pool.available:
                yield from pool.read(items, settings, options)
                continue
            pages = pool.map_pages if pool.available else None
            for item in items:
                if isinstance(item, Rejected):
                    yield item
                else:
                    yield from _read_file(item, settings, options, pages)


def _without_sidecars(items: list[Path | Rejected], texts: set[str]) -> list[Path | Rejected]:
    """``items`` less the sidecars named directly whose text is read too; a sidecar named without its text
    is refused with what to name instead, not as a file of an unknown kind."""
    kept: list[Path | Rejected] = []
    for item in items:
        if isinstance(item, Path) and is_sidecar(item):
            text = item.with_suffix(".txt")
            if _file_key(text) in texts:
                continue
            item = Rejected(
                path=str(item),
                error=f"the sidecar of {text} (its metadata), not an article; name {text} to read both",
            )
        kept.append(item)
    return kept


def _first_readings(
    raw: str, items: list[Path | Rejected], first_named: dict[str, str], options: ReadOptions
) -> list[Path | Rejected]:
    """``items`` less the files an earlier input named already (a folder given twice, a file and its folder,
    a symbolic link to either): read twice, each article would be its own exact copy, and rejected as a
    repeated id."""
    fresh: list[Path | Rejected] = []
    repeated: list[str] = []
    for item in items:
        if isinstance(item, Path):
            key = _file_key(item)
            if key in first_named:
                repeated.append(key)
                continue
            first_named[key] = raw
        fresh.append(item)
    if repeated:
        _note_repeated(raw, repeated, first_named, options)
    return fresh


def _file_key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # a symbolic link loop: only this name can tell the file
        return str(path.absolute())


def _note_repeated(
    raw: str, repeated: Sequence[str], first_named: dict[str, str], options: ReadOptions
) -> None:
    """One line for an input whose files (or URL) were named before, however many they are."""
    if not options.notes:
        return
    import sys

    from crosscheck.clean import terminal_line

    earlier = sorted({first_named[key] for key in repeated}, key=list(first_named.values()).index)
    if earlier == [raw]:
        note = f"{raw} was given twice; read once"
    elif len(repeated) == 1 and not Path(raw).is_dir():
        note = f"{raw} was named already by {earlier[0]}; read once"
    else:
        files = "1 file" if len(repeated) == 1 else f"{len(repeated)} files"
        others = " and others" if len(earlier) > 1 else ""
        note = f"{raw}: {files} named already by {earlier[0]}{others}; each read once"
    print(terminal_line(f"crosscheck: note: {note}"), file=sys.stderr, flush=True)


def reading_workers(settings: Settings) -> int:
    """Processes to read a large folder of pages with: as many as analyse stories (``CROSSCHECK_WORKERS``)."""
    return worker_processes(settings)


def _read_whole(path: Path, settings: Settings, options: ReadOptions) -> list[Document | Rejected]:
    """One file read to the end, in a worker process (whose readers register on first use)."""
    _load_readers()
    return list(_read_file(path, settings, options))


class _ReadingPool:
    """Worker processes for reading files, started only when an input is large enough to repay them."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self._broken = False

    @property
    def available(self) -> bool:
        return self.workers > 1 and not self._broken

    def __enter__(self) -> _ReadingPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)

    def _started(self) -> ProcessPoolExecutor:
        if self._executor is None:
            import multiprocessing

            # spawn, as for the analysis workers: a forked child would inherit half-copied thread pools.
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn")
            )
        return self._executor

    def map_pages(self, work: PageWork, batch: list[Any]) -> Iterator[Document | Rejected]:
        """``work`` done on a batched reader's batch by the workers, in order; a batch too small to repay
        starting them, while none runs yet, is done here."""
        if self._broken or (self._executor is None and len(batch) < PARALLEL_MIN_FILES):
            return map(work, batch)
        return self._in_order(work, self._started().map(work, batch, chunksize=8), batch)

    def _in_order(
        self, work: PageWork, results: Iterator[Document | Rejected], batch: list[Any]
    ) -> Iterator[Document | Rejected]:
        for done in range(len(batch)):
            if not self._broken:
                try:
                    yield next(results)
                    continue
                except BrokenProcessPool:
                    self._broken = True
            # A worker died: the rest of the batch is done here, nothing is lost.
            yield from map(work, batch[done:])
            return

    def read(
        self, items: Sequence[Path | Rejected], settings: Settings, options: ReadOptions
    ) -> Iterator[Document | Rejected]:
        """The documents of ``items`` in their order, each file read whole by a worker."""
        files = [item for item in items if isinstance(item, Path)]
        results = self._started().map(_read_whole, files, repeat(settings), repeat(options), chunksize=4)
        for item in items:
            if isinstance(item, Rejected):
                yield item
                continue
            if not self._broken:
                try:
                    yield from next(results)
                    continue
                except BrokenProcessPool:
                    # A worker died (killed, out of memory): the files left are read here, none is lost.
                    self._broken = True
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
    story_field: str | None = None,
    timeout: float | None = None,
    max_bytes: int | None = None,
    max_feed_items: int | None = None,
    notes: bool = True,
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
        "story_field": story_field,
        "max_bytes": max_bytes,
        "max_feed_items": max_feed_items,
    }
    if timeout is not None:
        given["connect_timeout"] = min(timeout, ReadOptions.connect_timeout)
        given["read_timeout"] = timeout
    return ReadOptions(
        allow_private=allow_private, notes=notes, **{k: v for k, v in given.items() if v is not None}
    )

"""Commands over the store: ``ingest``, ``stories``, ``show``, ``search``, ``watch``, ``rebuild``, ``serve``.

The store is SQLite in the per-user data folder unless ``--db`` (a SQLAlchemy URL or a file path) or
``CROSSCHECK_DB`` says otherwise.
"""

from __future__ import annotations

import ipaddress
import json
import os
import sys
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from crosscheck.commands import app
from crosscheck.commands.batch import reads_articles
from crosscheck.errors import CrosscheckError, InputError
from crosscheck.model import zoned_time
from crosscheck.report import counted

if TYPE_CHECKING:
    from crosscheck.ingest import ReadOptions
    from crosscheck.store import Store
    from crosscheck.store.watch import Announcement

TOKEN_ENV = "CROSSCHECK_API_TOKEN"
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store: a SQLAlchemy URL (sqlite:///x.db, postgresql://…) or a file path. "
        "Default: $CROSSCHECK_DB, else crosscheck.db in the per-user data folder.",
        show_default=False,
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and results.")]


class ListFormat(StrEnum):
    text = "text"
    json = "json"


class StoryFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"


def _open(db: str | None, create: bool = True) -> Store:
    """The store; the commands that only read it (``create=False``) refuse a SQLite file that is not there."""
    from crosscheck.store import open_store

    return open_store(db, create=create)


def _err() -> Console:
    return Console(stderr=True, highlight=False)


def _json_out(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


def _parse_since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as err:
        raise InputError("--since", f"not an ISO date or time: {value!r} (e.g. 2024-03-01)") from err
    placed = zoned_time(moment)
    if placed is None:
        raise InputError("--since", f"{value!r} cannot be expressed in UTC")
    return placed


def _announce(console: Console, item: Announcement) -> None:
    from crosscheck.clean import terminal_line
    from crosscheck.model import Rejected
    from crosscheck.store import StoryChange
    from crosscheck.store.library import AnalysisFailure

    if isinstance(item, Rejected):
        print(terminal_line(f"crosscheck: skipped {item.path}: {item.error}"), file=sys.stderr)
    elif isinstance(item, AnalysisFailure):
        print(
            f"crosscheck: story {item.story_id} not analysed ({item.error}); it stays due, and the next "
            "ingest or `crosscheck rebuild` tries again",
            file=sys.stderr,
        )
    elif isinstance(item, StoryChange):
        if item.is_new:
            console.print(f"new story {item.story_id}: {item.title}", markup=False)
        for discrepancy in item.new_discrepancies:
            console.print(
                f"new discrepancy in {item.story_id} ({discrepancy.kind}): {discrepancy.explanation}",
                markup=False,
            )
    elif item.status == "error":
        print(terminal_line(f"crosscheck: {item.url}: {item.detail} (will back off)"), file=sys.stderr)


@app.command()
@reads_articles
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, or http(s) URLs of pages and feeds.")],
    db: DbOption = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per transaction.")] = 64,
    output_format: Annotated[
        ListFormat,
        typer.Option(
            "--format", "-f", help="text, or json (added, revised, already stored, rejected, stories)."
        ),
    ] = ListFormat.text,
    quiet: QuietOption = False,
    *,
    options: ReadOptions,
) -> None:
    """Add articles to the store; stories they join are updated (only those).

    The same article ingested twice is stored once; a newer version of it (a corrected page at the same URL, a
    dump row of the same id with other text, title or date) replaces the stored one, and its story is analysed
    anew. Each batch is one transaction: an interrupted run
    keeps every batch it committed, and running it again adds only the rest. Exit code 1 when an input was
    skipped or a story could not be analysed (it stays due, and the next ingest tries again), 2 when
    nothing was readable, 4 when another writer kept the store locked (try again), 5 when it is read-only.

    Example: crosscheck ingest articles/ feed.xml --db newsroom.db
    """
    from crosscheck.clean import terminal_line
    from crosscheck.commands.batch import ProgressBar
    from crosscheck.ingest import read_documents, reading_workers
    from crosscheck.settings import get_settings

    store = _open(None if db is None else db)
    err = _err()
    # Pages read by worker processes are extracted while this process analyses the batches already read.
    workers = reading_workers(get_settings())
    with ProgressBar(err, not quiet and err.is_terminal) as bar:
        report = store.ingest(
            read_documents(sources, options=options, workers=workers),
            batch_size=batch_size,
            progress=bar,
        )
    for rejected in report.rejected:
        print(terminal_line(f"crosscheck: skipped {rejected.path}: {rejected.error}"), file=sys.stderr)
    if output_format is ListFormat.json:
        _json_out(
            {
                "added": report.added,
                "revised": report.revised,
                "already_stored": report.already_stored,
                "rejected": [r.model_dump() for r in report.rejected],
                "new_stories": report.new_stories,
                "updated_stories": report.updated_stories,
            }
        )
    else:
        print(
            f"{counted(len(report.added), 'new article')}, {len(report.revised)} revised, "
            f"{len(report.already_stored)} already stored, "
            f"{len(report.rejected)} skipped; {counted(len(report.new_stories), 'new story', 'new stories')}, "
            f"{len(report.updated_stories)} updated."
        )
        if not quiet:
            for change in report.changes:
                _announce(err, change)
    for failure in report.failures:
        _announce(err, failure)
    store.close()
    if report.rejected and not (report.added or report.revised or report.already_stored):
        raise typer.Exit(2)  # nothing at all was readable, as `brief` says it
    if report.rejected or report.failures:
        # A story left unanalysed is a failure too, though what was read is stored and it stays due.
        raise typer.Exit(1)


@app.command()
def stories(
    db: DbOption = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Only stories with a report published at or after this date (a story whose reports carry no "
            "date: updated at or after it)."
        ),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
) -> None:
    """List stories, newest report first, with their counts of outlets and independent sources.

    Example: crosscheck stories --since 2024-03-01 --format json
    """
    store = _open(db, create=False)
    items, total = store.stories(limit=limit, since=_parse_since(since))
    store.close()
    if output_format is ListFormat.json:
        _json_out({"items": [s.model_dump(mode="json") for s in items], "total": total})
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    # One line a story, whatever the terminal's width: the title gives way (cut with "…"), nothing wraps.
    table = Table(
        title=counted(total, "story", "stories"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        expand=True,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        caption="outl.: outlets; indep.: independent sources; arts.: articles; diffs: discrepancies",
        caption_justify="left",
    )
    table.add_column("story", no_wrap=True, min_width=18)
    table.add_column("title", no_wrap=True, overflow="ellipsis", ratio=1)
    for column in ("outl.", "indep.", "arts.", "diffs"):
        table.add_column(column, justify="right", no_wrap=True, width=len(column))
    table.add_column("last report", no_wrap=True, width=11)
    for s in items:
        table.add_row(
            s.id,
            # A Text, not a string: a string cell is read as Rich markup, and a title may hold "[/b]".
            Text(s.title + ("" if s.analysed else " (analysis pending)")),
            str(s.outlets),
            str(s.independent_sources),
            str(s.articles),
            str(s.discrepancies),
            s.last_seen.strftime("%Y-%m-%d") if s.last_seen else "—",
        )
    Console(highlight=False).print(table)


@app.command()
def show(
    story: Annotated[str, typer.Argument(help="Story id, as `crosscheck stories` lists it.")],
    db: DbOption = None,
    output_format: Annotated[StoryFormat, typer.Option("--format", "-f")] = StoryFormat.text,
) -> None:
    """Print one story: its cited brief, claims, discrepancies and quotes (json: the API's story contract).

    Example: crosscheck show story-7a6d12fec883 --format markdown
    """
    from crosscheck.model import Report

    store = _open(db, create=False)
    view = store.story(story)
    store.close()
    if view is None:
        raise CrosscheckError(f"no story {story!r} in the store (see `crosscheck stories`)")
    if output_format is StoryFormat.json:
        from crosscheck.web.schemas import StoryDetail

        detail = StoryDetail(**view.story.model_dump(), analysed=view.analysed, articles=view.articles)
        sys.stdout.write(detail.model_dump_json(indent=2) + "\n")
        return
    if not view.analysed:
        # The stored analysis predates the story's newest articles (or there is none yet): say so.
        print(
            f"crosscheck: note: {story} has reports not analysed yet; the next ingest (or `crosscheck rebuild`) "
            "analyses them",
            file=sys.stderr,
        )
    report = Report(articles=view.articles, stories=[view.story])
    if output_format is StoryFormat.text:
        from crosscheck.report.text import render_text

        render_text(report, Console())
        return
    from importlib import import_module

    module = import_module(f"crosscheck.report.{output_format.value}")
    renderer = getattr(module, f"render_{output_format.value}")
    sys.stdout.write(str(renderer(report)))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words that must all occur (in an article, claim or quote).")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
) -> None:
    """Full-text search over stored articles, claims and quotes, best match first; every word must occur.

    Example: crosscheck search "permanent presence"
    """
    from crosscheck.store.search import MARK_CLOSE, MARK_OPEN

    store = _open(db, create=False)
    hits, total = store.search(query, limit=limit)
    store.close()
    if output_format is ListFormat.json:
        _json_out({"query": query, "total": total, "items": [h.model_dump() for h in hits]})
        return
    print(f"{counted(total, 'result')} for {query!r}")
    for hit in hits:
        snippet = " ".join(hit.snippet.replace(MARK_OPEN, "[").replace(MARK_CLOSE, "]").split())
        print(f"- {hit.kind} in story {hit.story_id or '—'} (article {hit.article_id}): {snippet}")


@app.command()
def watch(
    urls: Annotated[
        list[str], typer.Argument(metavar="FEED_OR_URL...", help="RSS/Atom feeds or article pages.")
    ],
    every: Annotated[str, typer.Option(help="Interval between polls of one URL: 30s, 10m, 2h.")] = "10m",
    db: DbOption = None,
    rounds: Annotated[
        int | None, typer.Option(min=1, help="Stop after this many rounds (default: never).")
    ] = None,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Let the feeds and their items' links reach loopback and private network addresses.",
        ),
    ] = False,
) -> None:
    """Poll feeds politely (ETag, If-Modified-Since, backoff); print new stories and discrepancies.

    Each new feed item is read from the article it links to, once: items already read are remembered in the
    store. When the page is out of reach, the feed's full content stands in for it if it carries one; a mere
    summary does not, and the page is tried again at the next poll. Each URL is fetched at most once per
    interval.

    Example: crosscheck watch https://example.org/feed.xml --every 10m
    """
    from crosscheck.ingest import ReadOptions
    from crosscheck.ingest.url import refuse_private
    from crosscheck.store.watch import FeedWatcher, parse_interval

    bad = [u for u in urls if not u.lower().startswith(("http://", "https://"))]
    if bad:
        raise InputError(bad[0], "not an http(s) URL")
    options = ReadOptions(allow_private=allow_private)
    for url in urls:
        # A loopback or private address is refused now, not polled for ever; a host that does not resolve
        # yet (no network at boot, a flaky name server) is the poller's to retry with backoff.
        refuse_private(url, options, unresolved_ok=True)
    try:
        interval = parse_interval(every)
    except ValueError as err:
        raise InputError("--every", str(err)) from err
    store = _open(db)
    console = Console(highlight=False)
    watcher = FeedWatcher(store, interval, options=options)
    try:
        watcher.run(urls, rounds=rounds, announce=lambda item: _announce(console, item))
    finally:
        store.close()


@app.command()
def rebuild(db: DbOption = None) -> None:
    """Re-cluster every stored article into stories and re-analyse every story from scratch.

    Example: crosscheck rebuild --db newsroom.db
    """
    # A store to rebuild must be there: at a mistyped path, an empty one would be made and "rebuilt".
    store = _open(db, create=False)
    changes = store.rebuild()
    counts = store.counts()
    store.close()
    print(
        f"rebuilt {counted(len(changes), 'story', 'stories')} from {counted(counts['articles'], 'article')}."
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to bind. Anything but loopback also needs an API token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535)] = 8000,
    db: DbOption = None,
    token: Annotated[
        str | None,
        typer.Option(
            envvar=TOKEN_ENV, help=f"API token the server requires (or set ${TOKEN_ENV}).", show_default=False
        ),
    ] = None,
    max_body_bytes: Annotated[int, typer.Option(min=1024, help="Largest POST body accepted.")] = 2_000_000,
    allow_private_urls: Annotated[
        bool, typer.Option("--allow-private-urls", help="Let POST /api/ingest fetch private-network URLs.")
    ] = False,
) -> None:
    """Run the web UI and REST API (OpenAPI at /openapi.json) under uvicorn.

    Example: crosscheck serve --db newsroom.db --port 8000
    """
    import uvicorn

    from crosscheck.web import WebConfig, create_app
    from crosscheck.web.app import loopback_hosts, url_host

    if not _is_loopback(host) and not token:
        raise CrosscheckError(
            f"binding to {host} exposes the store beyond this machine: give an API token with --token "
            f"or ${TOKEN_ENV}"
        )
    store = _open(db)
    config = WebConfig(
        token=token or None,
        max_body_bytes=max_body_bytes,
        allow_private_urls=allow_private_urls,
        allowed_hosts=loopback_hosts(host) if _is_loopback(host) else None,
    )
    print(f"crosscheck: serving {store.db.url} on http://{url_host(host)}:{port}/", file=sys.stderr)
    log_level = os.environ.get("CROSSCHECK_LOG", "warning")
    uvicorn.run(create_app(store, config), host=host, port=port, log_level=log_level)

"""``crosscheck extract``, ``crosscheck learn-furniture`` and ``crosscheck evaluate extraction``.

``extract`` shows what crosscheck reads from any source (files, folders, page and feed URLs, WARC, dumps): one
object per document with the cleaned article text and what cleaning removed. ``learn-furniture`` fits the
per-outlet furniture model that ``extract`` and ``brief`` then apply.
"""

from __future__ import annotations

import json
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from crosscheck.commands import app, evaluate_app
from crosscheck.commands.batch import (
    Paths,
    Quiet,
    check_output,
    name_skipped,
    named_inputs,
    reads_articles,
)
from crosscheck.report import counted

if TYPE_CHECKING:
    from crosscheck.furniture import OutletFurniture
    from crosscheck.ingest import ReadOptions
    from crosscheck.model import Article, Document

DEFAULT_EXTRACTION_EVAL = Path("../shared/eval/extraction")


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    text = "text"


def _furniture(no_furniture: bool, furniture: Path | None) -> OutletFurniture | None:
    from crosscheck.furniture import OutletFurniture, load_default

    if no_furniture:
        return None
    if furniture is not None:
        return OutletFurniture.load(furniture)
    return load_default()


def extraction_record(document: Document, article: Article) -> dict[str, Any]:
    """The object ``crosscheck extract`` prints for one document."""
    return {
        "id": article.id,
        "path": document.path,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "author": article.author,
        "standfirst": article.standfirst,
        "text": article.text,
        "removed": [{"text": r.text, "reason": r.reason} for r in article.removed],
    }


def _text_block(record: dict[str, Any]) -> str:
    from crosscheck.clean import plain, terminal_line

    head = record["title"] or "(no title)"
    # The URL and path are kept as the input gave them, for ids, and so may hold terminal escapes.
    where = ", ".join(
        terminal_line(str(v))
        for v in (record["outlet"], record["published"], record["url"] or record["path"])
        if v
    )
    body = "\n\n".join(part for part in (record["standfirst"], record["text"]) if part)
    return plain(f"# {terminal_line(head)}\n({where})\n\n{body}\n")


# What JSON leaves raw and a terminal may still act on: DEL, the C1 controls (U+009B starts a control
# sequence as ESC [ does) and the bidirectional overrides. Each is written as its \u escape: the same string
# to a JSON reader, inert on a screen.
RAW_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _json(value: Any, indent: int | None = None) -> str:
    return RAW_IN_JSON.sub(
        lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False, indent=indent)
    )


@app.command()
@reads_articles
def extract(
    paths: Paths,
    output_format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="jsonl, json or text.")] = (
        ExtractFormat.jsonl
    ),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    no_furniture: Annotated[
        bool, typer.Option("--no-furniture", help="Do not apply learned outlet furniture.")
    ] = False,
    furniture: Annotated[
        Path | None, typer.Option(help="A furniture model file (default: the one learn-furniture wrote).")
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Only errors on stderr (and their count), no count of a clean run."
        ),
    ] = False,
    *,
    options: ReadOptions,
) -> None:
    """Print the cleaned article text of every document in PATHS: one object per page, WARC record, feed item
    or dump row, with what cleaning removed and why.

    Example: crosscheck extract page.html news.warc.gz --format text
    """
    from crosscheck.clean import clean, terminal_line
    from crosscheck.ingest import read_documents, reading_workers
    from crosscheck.model import Rejected
    from crosscheck.settings import get_settings

    settings = get_settings()
    check_output(output, paths)
    model = _furniture(no_furniture, furniture)
    sink = output.open("w", encoding="utf-8") if output else sys.stdout
    extracted = rejected = 0
    collected: list[dict[str, Any]] = []
    try:
        for item in read_documents(paths, settings, options, reading_workers(settings)):
            if isinstance(item, Rejected):
                rejected += 1
                print(terminal_line(f"crosscheck: {item.path}: {item.error}"), file=sys.stderr, flush=True)
                continue
            line_filter = model.line_filter(item.outlet) if model else None
            record = extraction_record(item, clean(item, settings, outlet_furniture=line_filter))
            extracted += 1
            if output_format is ExtractFormat.json:
                collected.append(record)
            elif output_format is ExtractFormat.jsonl:
                sink.write(_json(record) + "\n")
            else:
                sink.write(_text_block(record) + "\n")
            sink.flush()
        if output_format is ExtractFormat.json:
            sink.write(_json(collected, indent=2) + "\n")
    finally:
        if output:
            sink.close()
    # A lone input that could not be read has said so in its own line; a count under it says nothing more.
    if (not quiet or rejected) and (extracted or rejected != 1):
        print(f"crosscheck: {counted(extracted, 'document')} extracted, {rejected} rejected", file=sys.stderr)
    if not extracted:
        # As the other commands: 2 when nothing at all could be read.
        raise typer.Exit(code=2)
    if rejected:
        raise typer.Exit(code=1)


@app.command("learn-furniture")
@reads_articles
def learn_furniture(
    paths: Paths,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Model file (default: $CROSSCHECK_FURNITURE or user data)."),
    ] = None,
    min_articles: Annotated[
        int, typer.Option(help="Articles of an outlet needed before its filter is used.", min=2)
    ] = 5,
    min_share: Annotated[
        float, typer.Option(help="Share of an outlet's articles a line must appear in.", min=0, max=1)
    ] = (0.05),
    min_count: Annotated[int, typer.Option(help="Articles a line must appear in, at least.", min=2)] = 3,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Also keep the model in this store (SQLAlchemy URL or file path); `crosscheck ingest` into "
            "it then cleans with it.",
            show_default=False,
        ),
    ] = None,
    quiet: Quiet = False,
    *,
    options: ReadOptions,
) -> None:
    """Learn each outlet's page furniture (lines it prints on many pages) from a corpus, and save it for
    ``extract`` and ``brief`` to apply (and, with --db, for ``ingest`` into that store).

    Unreadable inputs are skipped, named on stderr, and counted; the exit code is then 1 (2 when nothing could
    be read at all).

    Example: crosscheck learn-furniture crawl/*.warc.gz
    """
    from crosscheck.errors import NoArticlesError
    from crosscheck.furniture import OutletFurniture
    from crosscheck.ingest import read_documents
    from crosscheck.model import Document, Rejected

    check_output(output, paths)
    rejected: list[Rejected] = []

    def documents() -> Any:
        for item in read_documents(paths, options=options):
            if isinstance(item, Rejected):
                rejected.append(item)
            elif isinstance(item, Document):
                yield item

    model = OutletFurniture(min_articles=min_articles, min_share=min_share, min_count=min_count).fit(
        documents()
    )
    # As every batch command: a lone bad input is the one-line error; else each is named, and counted.
    if not model.articles_seen_ and len(rejected) == 1:
        raise NoArticlesError(f"{rejected[0].path}: {rejected[0].error}")
    name_skipped(rejected)
    if not model.articles_seen_:
        raise NoArticlesError(
            f"no readable articles in {named_inputs(paths)} ({counted(len(rejected), 'input')} rejected)"
        )
    path = model.save(output)
    if db is not None:
        from crosscheck.store import open_store

        store = open_store(db)
        store.save_furniture(model)
        store.close()
    ready = [o for o, n in model.articles_seen_.items() if n >= min_articles]
    lines = sum(len(v) for v in model.lines_.values())
    print(
        f"learned {counted(lines, 'furniture line')} for {counted(len(model.lines_), 'outlet')} from "
        f"{counted(sum(model.articles_seen_.values()), 'article')}; {counted(len(ready), 'outlet')} with enough "
        f"articles to apply; {counted(len(rejected), 'input')} rejected; saved to {path}"
        + (f" and to the store {db}" if db else "")
    )
    if rejected:
        raise typer.Exit(code=1)


@evaluate_app.command("extraction")
def evaluate_extraction(
    data: Annotated[
        Path, typer.Option(help="Folder holding trafilatura_eval/ and big9/.")
    ] = DEFAULT_EXTRACTION_EVAL,
    limit: Annotated[
        int | None, typer.Option(help="Score N pages of each benchmark (spread evenly).", min=1)
    ] = None,
    workers: Annotated[int, typer.Option(help="Processes to extract with.", min=1)] = 2,
    furniture: Annotated[
        bool,
        typer.Option(
            help="Also score crosscheck with outlet furniture cross-fitted on each benchmark's pages (learned on "
            "the other half of each outlet's pages; no gold text used)."
        ),
    ] = True,
    output_format: Annotated[
        Literal["text", "json"], typer.Option("--format", "-f", help="text or json.")
    ] = "text",
) -> None:
    """Score crosscheck and plain trafilatura (same version, default settings) on trafilatura_eval (segment
    P/R/F1) and big9 (4-token-shingle P/R/F1) with the same scorers.

    All the pages take about 2 minutes; --limit scores an even sample of them.

    Example: crosscheck evaluate extraction --limit 100
    """
    import time
    from dataclasses import asdict
    from importlib.metadata import version

    from crosscheck.errors import InputError
    from crosscheck.evaluate.extraction import score_big9, score_trafilatura_eval

    started = time.perf_counter()
    results = []
    segment_folder, big9_folder = data / "trafilatura_eval", data / "big9"
    if not segment_folder.exists() and not big9_folder.exists():
        raise InputError(
            str(data), "holds neither trafilatura_eval/ nor big9/ (the public data in ../shared)"
        )
    if segment_folder.exists():
        results += score_trafilatura_eval(segment_folder, limit=limit, workers=workers)
        if furniture:
            results += score_trafilatura_eval(
                segment_folder, systems=["crosscheck"], limit=limit, workers=workers, furniture=True
            )
    if big9_folder.exists():
        results += score_big9(big9_folder, limit=limit, workers=workers)
        if furniture:
            results += score_big9(
                big9_folder, systems=["crosscheck"], limit=limit, workers=workers, furniture=True
            )
    seconds = time.perf_counter() - started
    if output_format == "json":
        print(
            json.dumps(
                {
                    "trafilatura": version("trafilatura"),
                    "seconds": seconds,
                    "scores": [asdict(r) for r in results],
                }
            )
        )
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Main-text extraction (trafilatura {version('trafilatura')})")
    for column in ("benchmark", "system", "pages", "precision", "recall", "F1", "failures"):
        table.add_column(column, justify="left" if column in ("benchmark", "system") else "right")
    for r in results:
        table.add_row(
            r.benchmark,
            r.system,
            str(r.pages),
            f"{r.precision:.4f}",
            f"{r.recall:.4f}",
            f"{r.f1:.4f}",
            str(r.failures),
        )
    # Wide enough for the table when the output is a file or a pipe, not a terminal.
    console = Console(width=max(100, Console().width))
    console.print(table)
    console.print(f"{seconds:.1f} s on {workers} processes")

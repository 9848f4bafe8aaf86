"""What batch commands share: the reader options they take, and how they end (name each skipped input,
count them, write the output)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import TaskID

if TYPE_CHECKING:
    from crosscheck.ingest import ReadOptions
    from crosscheck.pipeline import Intake

from crosscheck.errors import NoArticlesError, OutputError
from crosscheck.model import Rejected
from crosscheck.report import counted

# Reader options, as every command that reads articles offers them (see ``crosscheck.ingest.ReadOptions``).
Paths = Annotated[list[str], typer.Argument(help="Files, folders, or http(s) URLs of pages and feeds.")]
AllowPrivate = Annotated[
    bool, typer.Option("--allow-private", help="Let URLs reach loopback, private and link-local addresses.")
]
TextField = Annotated[str | None, typer.Option(help="Dumps: the column holding the article text [text].")]
TitleField = Annotated[str | None, typer.Option(help="Dumps: the column holding the headline [title].")]
IdField = Annotated[
    str | None, typer.Option(help="Dumps: the column holding the article id, kept as is [id].")
]
UrlField = Annotated[str | None, typer.Option(help="Dumps: the column holding the URL [url].")]
OutletField = Annotated[str | None, typer.Option(help="Dumps: the column naming the outlet [outlet].")]
PublishedField = Annotated[
    str | None, typer.Option(help="Dumps: the column with the publication date [published].")
]
Timeout = Annotated[
    float | None, typer.Option(help="URLs: seconds to wait for a server before giving up.", min=0.1)
]


def name_skipped(rejected: Sequence[Rejected]) -> None:
    """One unwrapped line per bad input on stderr, whatever the terminal width."""
    for item in rejected:
        print(f"crosscheck: skipped {item.path}: {item.error}", file=sys.stderr)


def read_articles(paths: Sequence[str], options: ReadOptions) -> Intake:
    """The clean articles of ``paths``; what could not be used is named on stderr. Nothing readable is an error:
    the one rejected input's own reason, or the count of all of them."""
    from crosscheck.ingest import read_documents, reading_workers
    from crosscheck.pipeline import clean_documents
    from crosscheck.settings import get_settings

    settings = get_settings()
    intake = clean_documents(read_documents(paths, settings, options, reading_workers(settings)), settings)
    if not intake.articles and len(intake.rejected) == 1:
        only = intake.rejected[0]
        raise NoArticlesError(f"{only.path}: {only.error}")
    name_skipped(intake.rejected)
    if not intake.articles:
        raise NoArticlesError(
            f"no readable articles in {', '.join(paths)} ({counted(len(intake.rejected), 'input')} rejected)"
        )
    return intake


def finish_batch(rejected: Sequence[Rejected], done: int, verb: str = "read") -> None:
    """Count what was skipped; a batch that skipped anything exits 1 after writing what it could."""
    if rejected:
        print(f"crosscheck: {counted(len(rejected), 'input')} skipped, {done} {verb}.", file=sys.stderr)
        raise typer.Exit(1)


def check_output(output: Path | None) -> None:
    """Refuse an output file that cannot be written before any work is done, not after it."""
    if output is None:
        return
    if output.is_dir():
        raise OutputError(str(output), "is a folder; give a file name for the output")
    if output.exists():
        # An existing file (or /dev/stdout) need only be writable itself, whatever its folder allows.
        if not os.access(output, os.W_OK):
            raise OutputError(str(output), "not writable")
        return
    folder = output.parent
    if not folder.is_dir():
        raise OutputError(str(output), f"the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise OutputError(str(output), f"the folder {folder} is not writable")


def write_output(rendered: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(rendered)
        return
    try:
        output.write_text(rendered, encoding="utf-8")
    except OSError as err:
        raise OutputError(str(output), err.strerror or str(err)) from err


class ProgressBar:
    """A rich progress bar on stderr, shown only for work long enough to need one; called as (stage, done,
    total), ``total`` None while it is not known yet (articles still streaming in)."""

    def __init__(self, console: Console, enabled: bool) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = (
            Progress(
                TextColumn("{task.description:>10}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            if enabled
            else None
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> ProgressBar:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if self.progress is None:
            return
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)

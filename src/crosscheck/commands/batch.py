"""What batch commands share: the reader options they take, and how they end (name each skipped input,
count them, write the output)."""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
AuthorField = Annotated[str | None, typer.Option(help="Dumps: the column naming the author [author].")]
StoryField = Annotated[
    str | None,
    typer.Option(help="Dumps: the column holding your own story labels, for brief --group-by story [story]."),
]
Quiet = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="Only errors on stderr (and their count): no notes, no progress bar."),
]
Timeout = Annotated[
    float | None, typer.Option(help="URLs: seconds to wait for a server before giving up.", min=0.1)
]


# The flags every reading command takes, by parameter name, in the order its help lists them.
READER_FLAGS: dict[str, tuple[Any, Any]] = {
    "allow_private": (AllowPrivate, False),
    "text_field": (TextField, None),
    "title_field": (TitleField, None),
    "id_field": (IdField, None),
    "url_field": (UrlField, None),
    "outlet_field": (OutletField, None),
    "published_field": (PublishedField, None),
    "author_field": (AuthorField, None),
    "story_field": (StoryField, None),
    "timeout": (Timeout, None),
}


def reads_articles(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command the reader flags (``READER_FLAGS``), handed to it as one ``options: ReadOptions``; a
    command's own ``quiet`` turns the readers' notes off.

    Typer builds a command's options from its signature and has no way to share a group of them, so each
    reading command repeated the eight parameters and the call that turns them into ``ReadOptions``. The
    signature Typer sees is the command's own, less ``options``, plus the flags."""
    own = inspect.signature(command)
    # The command's annotations are strings (postponed evaluation); Typer needs them evaluated, all but
    # ``options``, whose type the command module imports only for the type checker.
    parameters = [
        p.replace(
            annotation=eval(p.annotation, command.__globals__)
            if isinstance(p.annotation, str)
            else p.annotation
        )
        for p in own.parameters.values()
        if p.name != "options"
    ]
    flags = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
        for name, (annotation, default) in READER_FLAGS.items()
    ]

    @functools.wraps(command)
    def with_reader_flags(*args: Any, **kwargs: Any) -> Any:
        from crosscheck.ingest import (
            options_from_cli,
        )  # the readers load when a command runs, not at start-up

        given = {name: kwargs.pop(name, default) for name, (_, default) in READER_FLAGS.items()}
        # A command's --quiet leaves only errors on stderr, the readers' notes included.
        notes = not kwargs.get("quiet", False)
        return command(*args, options=options_from_cli(**given, notes=notes), **kwargs)

    with_reader_flags.__signature__ = own.replace(  # type: ignore[attr-defined]
        parameters=[*parameters, *flags], return_annotation=None
    )
    with_reader_flags.__annotations__ = {
        **{p.name: p.annotation for p in parameters},
        **{name: annotation for name, (annotation, _) in READER_FLAGS.items()},
    }
    return with_reader_flags


def name_skipped(rejected: Sequence[Rejected]) -> None:
    """One unwrapped line per bad input on stderr, whatever the terminal width, with nothing from the input
    (a record id, a URL) that could drive the terminal."""
    from crosscheck.clean import terminal_line

    for item in rejected:
        print(terminal_line(f"crosscheck: skipped {item.path}: {item.error}"), file=sys.stderr)


# An error names at most this many of the inputs: a shell glob can give thousands, and the error is one line.
NAMED_INPUTS = 3


def named_inputs(paths: Sequence[str]) -> str:
    """The inputs as an error names them: all of a few, the first of many and how many more."""
    if len(paths) <= NAMED_INPUTS:
        return ", ".join(paths)
    return f"{', '.join(paths[:NAMED_INPUTS])} and {len(paths) - NAMED_INPUTS} more"


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
            f"no readable articles in {named_inputs(paths)} ({counted(len(intake.rejected), 'input')} rejected)"
        )
    return intake


def finish_batch(rejected: Sequence[Rejected], done: int, verb: str = "read") -> None:
    """Count what was skipped; a batch that skipped anything exits 1 after writing what it could."""
    if rejected:
        print(f"crosscheck: {counted(len(rejected), 'input')} skipped, {done} {verb}.", file=sys.stderr)
        raise typer.Exit(1)


def check_output(output: Path | None, inputs: Sequence[str] = ()) -> None:
    """Refuse an output file that cannot be written, or that would clobber or be read back as one of
    ``inputs``, before any work is done, not after it."""
    if output is None:
        return
    if output.is_dir():
        raise OutputError(str(output), "is a folder; give a file name for the output")
    _check_output_is_no_input(output, inputs)
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


def _check_output_is_no_input(output: Path, inputs: Sequence[str]) -> None:
    # Opening the output truncates an input named again before it is read; and an output a folder walk
    # would take is read back while it is being written (extract then grows it without end) or on the next
    # run, as one more article.
    from crosscheck.ingest import is_url, read_from_folder

    target = output.resolve()
    folder = _input_folder_holding(target, [raw for raw in inputs if not is_url(raw)])
    if folder is not None and read_from_folder(target):
        raise OutputError(
            str(output),
            f"lies inside the input folder {folder} and would be read as input; write it elsewhere",
        )
    for raw in inputs:
        if not raw or is_url(raw):
            continue
        given = Path(raw)
        if (
            given.exists()
            and not given.is_dir()
            and (target == given.resolve() or (output.exists() and output.samefile(given)))
        ):
            raise OutputError(str(output), f"is the input file {raw}; give another name for the output")


def _input_folder_holding(target: Path, inputs: Sequence[str]) -> str | None:
    """The first of the local ``inputs`` (``file://`` or a plain path) that is a folder holding ``target``."""
    for raw in inputs:
        local = raw.removeprefix("file://")
        if (
            raw
            and "://" not in local
            and Path(local).is_dir()
            and target.is_relative_to(Path(local).resolve())
        ):
            return raw
    return None


def check_output_folder(output: str, inputs: Sequence[str]) -> None:
    """Refuse a local output folder inside (or the same as) a local input folder: the Parquet files written
    there are read as input by the next run over that folder."""
    if "://" in output.removeprefix("file://"):
        return
    folder = _input_folder_holding(Path(output.removeprefix("file://")).resolve(), inputs)
    if folder is not None:
        raise OutputError(
            output, f"lies inside the input folder {folder} and would be read as input; write it elsewhere"
        )


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

"""``crosscheck brief``: read articles, find the stories, and print or write each story's cited brief."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from crosscheck.commands import app
from crosscheck.commands.batch import (
    ProgressBar,
    Quiet,
    check_output,
    finish_batch,
    named_inputs,
    read_articles,
    reads_articles,
    write_output,
)
from crosscheck.errors import InputError, OutputError

if TYPE_CHECKING:
    from crosscheck.ingest import ReadOptions


class BriefFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"
    jsonl = "jsonl"


class GroupBy(StrEnum):
    cluster = "cluster"
    story = "story"
    one = "one"


@app.command()
@reads_articles
def brief(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Article files or folders (.txt with optional NAME.json metadata, and any kind the "
            "readers know), or http(s) URLs.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        BriefFormat,
        typer.Option(
            "--format",
            "-f",
            help="text for the terminal; markdown, html or json to keep; jsonl: one story a line.",
        ),
    ] = BriefFormat.text,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of standard output; a Markdown report (brief.md) writes its "
            "pictures to a folder beside it (brief-pictures/).",
        ),
    ] = None,
    words: Annotated[
        int | None,
        typer.Option(
            help="About how long each story's brief is, in words (whole sentences: it may run one sentence "
            "over) [default: 250].",
            min=20,
        ),
    ] = None,
    group_by: Annotated[
        GroupBy,
        typer.Option(
            help="cluster: find the stories; story: use the 'story' field the input already gives (an "
            "error when no article has one); one: everything read is one story (a folder gathered for one "
            "event)."
        ),
    ] = GroupBy.cluster,
    quiet: Quiet = False,
    *,
    options: ReadOptions,
) -> None:
    """Read every outlet's report and print one cited account per story.

    The brief says what several independent sources confirm, what rests on one outlet, where the reports
    differ (numbers and their framing, dates, names, the wording of a quotation), who said what, and whom each
    outlet relied on. Every sentence cites the article and character offsets it came from.

    Unreadable inputs are skipped, named on stderr, and counted at the end; the exit code is then 1
    (2 when nothing could be read at all).

    Examples:

      crosscheck brief ../shared/seeds

      crosscheck brief articles/ --format json -o brief.json

      crosscheck brief clusters.jsonl --group-by story --format jsonl

      crosscheck brief coverage-of-one-event/ --group-by one
    """
    from crosscheck.pipeline import analyse, groups_from_labels
    from crosscheck.settings import get_settings

    check_output(output, paths)
    _check_pictures_folder(_pictures_folder(output, output_format))
    err = Console(stderr=True)
    settings = get_settings()
    intake = read_articles(paths, options)
    long_work = len(intake.articles) >= 20 and not quiet and err.is_terminal
    groups = groups_from_labels(intake.articles) if group_by is GroupBy.story else None
    if group_by is GroupBy.one:
        groups = [[article.id for article in intake.articles]]
    if group_by is GroupBy.story and all(article.story is None for article in intake.articles):
        # Not a warning: every article would stand alone, and a brief of one-article stories reads as if
        # nothing were confirmed anywhere, under --quiet without a word. The grouping asked for is not there.
        raise InputError(
            named_inputs(paths),
            f"--group-by story, but no article names a story (no {options.story_field!r} column, no 'story' "
            "in a sidecar); name the column with --story-field, or leave --group-by out to find the stories",
        )
    with ProgressBar(err, long_work) as bar:
        report = analyse(intake.articles, settings, progress=bar, words=words, groups=groups)
    report = report.model_copy(update={"rejected": intake.rejected})

    if output_format is BriefFormat.text and output is None:
        from crosscheck.report.text import render_text

        render_text(report, Console())
    else:
        write_output(_render(report, output_format, output), output)
    finish_batch(intake.rejected, len(intake.articles))


def _pictures_folder(output: Path | None, output_format: BriefFormat) -> Path | None:
    """Where a Markdown report written to a file puts its pictures: a folder beside it ("brief.md":
    "brief-pictures/"). On standard output, or a device such as /dev/stdout (no suffix), there is nowhere."""
    if output_format is not BriefFormat.markdown or output is None or not output.suffix:
        return None
    return output.with_name(f"{output.stem}-pictures")


def _check_pictures_folder(folder: Path | None) -> None:
    """Refuse, before any work, a pictures folder that cannot be made or written: the pictures are written
    after the whole analysis, and a file of that name would otherwise end the run there."""
    if folder is None or not folder.exists():
        return  # made beside the report, in a folder check_output found writable
    if not folder.is_dir():
        raise OutputError(
            str(folder),
            "not a folder, but the Markdown report's pictures go there; move it or name the report otherwise",
        )
    if not os.access(folder, os.W_OK):
        raise OutputError(str(folder), "the Markdown report's pictures folder is not writable")


def _render(report: object, output_format: BriefFormat, output: Path | None = None) -> str:
    from crosscheck.model import Report

    assert isinstance(report, Report)
    if output_format is BriefFormat.json:
        from crosscheck.report.json import render_json

        return render_json(report)
    if output_format is BriefFormat.jsonl:
        from crosscheck.report.json import render_story_lines

        return render_story_lines(report)
    if output_format is BriefFormat.markdown:
        from crosscheck.report.markdown import Pictures, render_markdown

        folder = _pictures_folder(output, output_format)
        return render_markdown(report, Pictures(folder, folder.name) if folder is not None else None)
    if output_format is BriefFormat.html:
        from crosscheck.report.html import render_html

        return render_html(report)
    from io import StringIO

    from crosscheck.report.text import render_text

    buffer = StringIO()
    render_text(report, Console(file=buffer, width=100, color_system=None))
    return buffer.getvalue()


@app.command()
def schema() -> None:
    """Print the JSON Schema of `crosscheck brief --format json` output (versioned by schema_version).

    Example: crosscheck schema > report-v1.json
    """
    from crosscheck.report.json import render_schema

    sys.stdout.write(render_schema())

"""``crosscheck quotes`` (who said what in each article) and the quote/attribution, ClaimDiff and alignment
scorers."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from crosscheck.commands import app, evaluate_app
from crosscheck.commands.batch import (
    Paths,
    Quiet,
    check_output,
    finish_batch,
    read_articles,
    reads_articles,
    write_output,
)

DEFAULT_POLNEAR = Path("../shared/eval/attribution/polnear")
DEFAULT_CLAIMDIFF = Path("../shared/eval/discrepancy/claimdiff")
DEFAULT_NEWSWCL50 = Path("../shared/eval/discrepancy/newswcl50")

if TYPE_CHECKING:
    from crosscheck.ingest import ReadOptions


@app.command("quotes")
@reads_articles
def quotes(
    paths: Paths,
    format: Annotated[
        Literal["jsonl", "text"],
        typer.Option("--format", "-f", help="jsonl: one object per article; text: readable."),
    ] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output.")
    ] = None,
    quiet: Quiet = False,
    *,
    options: ReadOptions,
) -> None:
    """Quotes (speaker, cue, direct or reported) and attributions (credited outlets) of each article.

    One JSON object per article: {id, path, outlet, quotes: [{speaker, cue, text, start, end, direct}],
    attributions: [{source, text, start, end}]}. The id is the one `brief` cites; offsets index the clean
    article text that `crosscheck extract` prints. Unreadable inputs are skipped, named and counted (exit
    code 1; 2 when nothing could be read).

    Example: crosscheck quotes ../shared/seeds --format text
    """
    from rich.console import Console
    from rich.markup import escape

    from crosscheck.pipeline import annotate_corpus
    from crosscheck.settings import get_settings

    check_output(output, paths)
    settings = get_settings()
    intake = read_articles(paths, options)
    annotated = annotate_corpus(intake.articles, settings)
    sink = io.StringIO()
    console = Console(file=sink if output else None, highlight=False, width=None if output is None else 100)
    for item in annotated:
        record = {
            "id": item.article.id,
            "path": item.article.path,
            "outlet": item.article.outlet,
            "quotes": [
                {
                    "speaker": q.speaker,
                    "cue": q.cue,
                    "text": q.text,
                    "start": q.start,
                    "end": q.end,
                    "direct": q.direct,
                }
                for q in item.quotes
            ],
            "attributions": [
                {"source": a.source, "text": a.text, "start": a.start, "end": a.end}
                for a in item.attributions
            ],
        }
        if format == "jsonl":
            (sink if output else sys.stdout).write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        console.print(f"[bold]{escape(str(item.article.path or item.article.id))}[/bold]")
        for q in item.quotes:
            mark = "“”" if q.direct else "‹›"
            console.print(
                # No cue ('"…" ― Esther Tapia', a continued quotation): the speaker and the colon, no gap.
                f"  {escape(q.speaker or '(unknown)')}{' [dim]' + escape(q.cue) + '[/dim]' if q.cue else ''}: "
                f"{mark[0]}{escape(q.text)}{mark[1]}  [dim]{q.start}-{q.end}[/dim]"
            )
        for a in item.attributions:
            console.print(
                f"  credits [cyan]{escape(a.source)}[/cyan]: {escape(a.text)}  [dim]{a.start}-{a.end}[/dim]"
            )
    if output is not None:
        write_output(sink.getvalue(), output)
    finish_batch(intake.rejected, len(intake.articles))


@evaluate_app.command("attribution")
def attribution(
    data: Annotated[
        Path, typer.Option(help="The PolNeAR folder (holding train/ dev/) or one split folder.")
    ] = (DEFAULT_POLNEAR),
    split: Annotated[
        str,
        typer.Option(help="Split to score: dev (tuning), train (where the cue model was fitted) or test."),
    ] = "dev",
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles.", min=1)] = None,
) -> None:
    """Content and relation P/R/F1 of crosscheck's quotes and attributions on PolNeAR.

    Example: crosscheck evaluate attribution --split dev
    """
    from rich.console import Console
    from rich.table import Table

    from crosscheck.evaluate.attribution import evaluate, split_folder

    folder = split_folder(data, split)
    scores = evaluate(folder, limit=limit)
    table = Table(title=f"PolNeAR {folder.name}: {scores.articles} articles")
    for name in ("score", "precision", "recall", "F1", "predicted", "gold", "matched"):
        table.add_column(name, justify="right" if name != "score" else "left")
    for name, counts in (("content", scores.content), ("relation", scores.relation)):
        table.add_row(
            name,
            f"{counts.precision:.3f}",
            f"{counts.recall:.3f}",
            f"{counts.f1:.3f}",
            str(counts.predicted),
            str(counts.gold),
            str(counts.matched),
        )
    console = Console()
    console.print(table)
    console.print(f"{scores.seconds:.1f} s")


@evaluate_app.command("claimdiff")
def claimdiff(
    data: Annotated[
        Path, typer.Option(help="The ClaimDiff folder (holding ClaimDiff-S/ and ClaimDiff-W/).")
    ] = (DEFAULT_CLAIMDIFF),
    split: Annotated[str, typer.Option(help="train, test or test-full.")] = "train",
    limit: Annotated[int | None, typer.Option(help="Score only the first N pairs.", min=1)] = None,
) -> None:
    """Accuracy and F1 of the alignment and discrepancy signals on ClaimDiff's strengthen/weaken relations.

    Example: crosscheck evaluate claimdiff
    """
    from rich.console import Console
    from rich.table import Table

    from crosscheck.evaluate.claimdiff import evaluate

    scores = evaluate(data, split=split, limit=limit)
    table = Table(title=f"ClaimDiff {split}: {scores.pairs} pairs")
    for name in ("relation", "signal", "accuracy", "majority acc.", "precision", "recall", "F1"):
        table.add_column(name, justify="left" if name in ("relation", "signal") else "right")
    rows = (
        ("strengthen", "aligned, no discrepancy", scores.strengthen),
        ("weaken", "discrepancy", scores.weaken),
        ("related (either)", "aligned", scores.related),
    )
    for name, signal, c in rows:
        table.add_row(
            name,
            signal,
            f"{c.accuracy:.3f}",
            f"{c.majority_accuracy:.3f}",
            f"{c.precision:.3f}",
            f"{c.recall:.3f}",
            f"{c.f1:.3f}",
        )
    console = Console(width=max(Console().width, 110))
    console.print(table)
    console.print(
        f"aligned pairs: {scores.aligned}; pairs with a discrepancy: {scores.discrepant}; {scores.seconds:.1f} s"
    )


@evaluate_app.command("alignment")
def alignment(
    data: Annotated[Path, typer.Option(help="The NewsWCL50 folder (holding NewsWCL50.conll).")] = (
        DEFAULT_NEWSWCL50
    ),
    threshold: Annotated[
        float | None, typer.Option(help="Align at this threshold instead of the setting's (0.75).")
    ] = None,
    event: Annotated[
        list[str] | None, typer.Option(help="Score only this event (0-9); repeat for several.")
    ] = None,
) -> None:
    """How many of the unit pairs that claims hold state the same thing, on NewsWCL50's ten events.

    Every pair of units that one claim holds is looked up among 1,065 pairs this project's readers labelled
    SAME, OVERLAP, DIFFERENT or UNCLEAR; pairs no label covers are counted as unlabelled.

    Example: crosscheck evaluate alignment --threshold 0.70
    """
    from rich.console import Console
    from rich.table import Table

    from crosscheck.evaluate.alignment import LABEL_NAMES, evaluate
    from crosscheck.settings import get_settings

    settings = get_settings()
    if threshold is not None:
        settings = settings.model_copy(update={"align_threshold": threshold})
    scores = evaluate(data, settings, events=event)
    table = Table(
        title=f"NewsWCL50: {scores.claims} claims of several articles, {scores.pairs} unit pairs "
        f"(threshold {settings.align_threshold})"
    )
    for name in ("label", "pairs", "share of the labelled"):
        table.add_column(name, justify="left" if name == "label" else "right")
    for label in LABEL_NAMES:
        table.add_row(label, str(scores.found[label]), f"{scores.share(label):.1%}")
    table.add_row("unlabelled", str(scores.found["unlabelled"]), "")
    console = Console()
    console.print(table)
    console.print(f"{scores.seconds:.1f} s")

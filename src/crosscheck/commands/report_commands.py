"""``crosscheck evaluate summarization``: the brief as a multi-document summary, scored on Multi-News."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from crosscheck.commands import evaluate_app

DEFAULT_MULTINEWS = Path("../shared/eval/summarization/multinews")


@evaluate_app.command("summarization")
def summarization(
    data: Annotated[
        Path,
        typer.Option(
            help="The Multi-News folder (holding multinews_sample_validation.jsonl) or the file itself."
        ),
    ] = DEFAULT_MULTINEWS,
    limit: Annotated[int | None, typer.Option(help="Score only the first N clusters.", min=1)] = None,
    words: Annotated[
        int | None,
        typer.Option(help="Cut every summary at N words instead of at the reference's length.", min=1),
    ] = None,
    fit: Annotated[
        bool,
        typer.Option(
            "--fit",
            help="Refit the brief's ranking weights on these clusters and print them, with the ROUGE of each "
            "half ranked by weights fitted on the other half.",
        ),
    ] = False,
) -> None:
    """ROUGE-1/2/Lsum F1 of the brief beside a round-robin lead baseline, and its share of grounded lines.

    Example: crosscheck evaluate summarization --limit 100
    """
    from rich.console import Console
    from rich.table import Table

    from crosscheck.evaluate.summarization import VALIDATION_FILE, evaluate

    path = data / VALIDATION_FILE if data.is_dir() else data
    console = Console()
    if fit:
        from crosscheck.evaluate.summarization import fit_weights

        fitted = fit_weights(path, limit=limit)
        held = fitted.held_out.mean()
        console.print(f"weights fitted on {fitted.clusters} clusters: {fitted.weights}")
        console.print(
            "held-out (two folds) ROUGE-1/2/Lsum: "
            + " / ".join(f"{held[k]:.2f}" for k in ("rouge1", "rouge2", "rougeLsum"))
        )
        return
    result = evaluate(path, limit=limit, words=words)
    table = Table(title=f"Multi-News validation: {result.clusters - result.skipped} clusters")
    table.add_column("system")
    for name in ("ROUGE-1", "ROUGE-2", "ROUGE-Lsum"):
        table.add_column(name, justify="right")
    for name, scores in (("crosscheck brief", result.brief), ("lead baseline (round robin)", result.lead)):
        mean = scores.mean()
        table.add_row(name, *(f"{mean[k]:.2f}" for k in ("rouge1", "rouge2", "rougeLsum")))
    console.print(table)
    length = f"{words} words" if words else "each reference's length in words"
    console.print(
        f"cut at {length}; grounded brief sentences: {result.grounded_sentences}/{result.sentences} "
        f"({result.grounded_share:.1f}%); skipped clusters: {result.skipped}; {result.seconds:.1f} s"
    )

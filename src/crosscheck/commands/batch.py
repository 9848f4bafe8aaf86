"""What every batch command does at its end: name each skipped input, count them, write the output."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import typer

from crosscheck.model import Rejected


def name_skipped(rejected: Sequence[Rejected]) -> None:
    """One unwrapped line per bad input on stderr, whatever the terminal width."""
    for item in rejected:
        print(f"crosscheck: skipped {item.path}: {item.error}", file=sys.stderr)


def finish_batch(rejected: Sequence[Rejected], done: int, verb: str = "read") -> None:
    """Count what was skipped; a batch that skipped anything exits 1 after writing what it could."""
    if rejected:
        print(f"crosscheck: {len(rejected)} input(s) skipped, {done} {verb}.", file=sys.stderr)
        raise typer.Exit(1)


def write_output(rendered: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(rendered)
    else:
        output.write_text(rendered, encoding="utf-8")

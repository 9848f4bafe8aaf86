"""The CLI's command groups. Each module in this package adds its commands to these apps when imported.

Modules keep heavy imports (models, web server, Spark) inside their command functions so that
``crosscheck --help`` and ``crosscheck brief`` start fast.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="crosscheck",
    help=(
        "Read every outlet's report of a story and return one account a reader can verify: what independent "
        "sources confirm, what rests on one outlet, where reports differ, and who said what. Every sentence "
        "cites the character spans it came from."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(wanted: bool) -> None:
    if wanted:
        from importlib.metadata import version

        print(f"crosscheck {version('crosscheck')}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_print_version,
        is_eager=True,
        help="Print crosscheck's version and exit.",
    ),
) -> None:
    """Read every outlet's report of a story and return one account a reader can verify."""


evaluate_app = typer.Typer(
    help="Score crosscheck on the public benchmarks in ../shared/eval and print the figures.",
    no_args_is_help=True,
)
app.add_typer(evaluate_app, name="evaluate")

"""Entry point: loads every command module, runs the Typer app, and maps our errors to one-line messages."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Sequence
from typing import Any

from crosscheck import commands
from crosscheck.commands import app
from crosscheck.errors import CrosscheckError


def _load_commands() -> None:
    for module in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"{commands.__name__}.{module.name}")


def usage_line(err: Any) -> str:
    """A usage mistake in one line: what is wrong, and where the command's help is. Click's own display takes
    four lines, the usage synopsis first, and typer words a bad choice as "Value error, 'xml' is not one of…"."""
    message = str(err.format_message()).replace("Value error, ", "")
    context = getattr(err, "ctx", None)
    command = getattr(context, "command_path", None) or "crosscheck"
    return f"{command}: usage error: {message} (see {command} --help)"


def main(args: Sequence[str] | None = None) -> None:
    """Run the command line (``args``, else the process's own) with crosscheck's one-line errors."""
    _load_commands()
    try:
        # The program is crosscheck however it was started (spark-submit runs crosscheck/scale/spark.py).
        result = app(
            args=list(args) if args is not None else None, prog_name="crosscheck", standalone_mode=False
        )
        if isinstance(result, int) and result:
            sys.exit(result)
    except CrosscheckError as err:
        from crosscheck.clean import terminal_line  # a message may quote an input's path, URL or record id

        print(terminal_line(f"crosscheck: error: {err}"), file=sys.stderr)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        print("crosscheck: interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as err:  # usage errors arrive here in non-standalone mode
        import click
        import typer

        # Typer raises its own copies of click's exceptions (typer._click), which are not click's classes:
        # both kinds are a usage error, shown in one line, never a traceback.
        if isinstance(err, click.ClickException | typer.TyperException) and hasattr(err, "format_message"):
            print(usage_line(err), file=sys.stderr)
            sys.exit(getattr(err, "exit_code", 2))
        if isinstance(err, click.exceptions.Abort | typer.Abort):
            sys.exit(1)
        raise


if __name__ == "__main__":
    main()

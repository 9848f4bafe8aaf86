"""crosscheck's own exceptions. Messages say what went wrong and what to do; the CLI prints them on one line."""

from __future__ import annotations


class CrosscheckError(Exception):
    """Base of every error crosscheck raises on purpose."""

    exit_code = 1


class InputError(CrosscheckError):
    """An input cannot be read as an article: missing, empty, binary, wrongly encoded, malformed."""

    exit_code = 2

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class NoArticlesError(CrosscheckError):
    """Nothing readable was found in what the user gave."""

    exit_code = 2


class OutputError(CrosscheckError):
    """The output file cannot be written: a folder, a missing folder, no permission."""

    exit_code = 2

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")


class ModelUnavailable(CrosscheckError):
    """A pinned offline model package is not installed."""

    exit_code = 3

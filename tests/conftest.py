"""Shared fixtures: where ../shared is, and skips with a reason when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"


def need(path: Path) -> Path:
    """Skip the calling test, naming the path, when a third-party data set is not beside the repository."""
    if not path.exists():
        pytest.skip(f"{path} is absent: the public data in ../shared is not beside this clone")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return need(SEEDS)


@pytest.fixture
def eval_dir() -> Path:
    return need(EVAL)

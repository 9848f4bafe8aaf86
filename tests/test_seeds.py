"""The founding articles, end to end, scored by ../shared/tools/check_seeds.py against expected.json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crosscheck.model import Report
from tests.conftest import ROOT, SHARED, need
from tests.helpers import assert_faithful

CLI = ROOT / ".venv" / "bin" / "crosscheck"


@pytest.fixture(scope="module")
def seeds_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = need(SHARED / "seeds")
    out = tmp_path_factory.mktemp("seeds") / "out.json"
    command = [
        str(CLI) if CLI.exists() else "crosscheck",
        "brief",
        str(seeds),
        "--format",
        "json",
        "-o",
        str(out),
    ]
    subprocess.run(command, check=True, timeout=300)
    return out


def test_check_seeds_passes_every_item(seeds_json: Path) -> None:
    checker = need(SHARED / "tools" / "check_seeds.py")
    expected = need(SHARED / "seeds" / "expected.json")
    result = subprocess.run(
        [sys.executable, str(checker), str(seeds_json), str(expected)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("seeds: ")


def test_seed_report_is_faithful_and_valid(seeds_json: Path) -> None:
    report = Report.model_validate(json.loads(seeds_json.read_text()))
    assert report.schema_version == "1"
    assert len(report.articles) == 2 and len(report.stories) == 1
    assert_faithful(report)


def test_text_brief_is_printed(tmp_path: Path) -> None:
    seeds = need(SHARED / "seeds")
    command = [str(CLI) if CLI.exists() else "crosscheck", "brief", str(seeds), "--format", "text"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=True)
    assert "Where reports differ" in result.stdout
    assert "number_framing" in result.stdout
    # The whole headline is printed, wrapped if need be, never cut at the panel's edge.
    printed = " ".join(line.strip("│ ") for line in result.stdout.splitlines())
    assert "'long term' consequences for Putin" in " ".join(printed.split())

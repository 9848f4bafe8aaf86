"""Bad input: one line naming the file and the problem, a non-zero exit, and good files still processed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

CLI = (
    str(ROOT / ".venv" / "bin" / "crosscheck")
    if (ROOT / ".venv" / "bin" / "crosscheck").exists()
    else "crosscheck"
)
GOOD = (
    "Flooding closed the main road into the valley on Monday after two days of heavy rain.\n"
    "Council officials said the road would reopen once engineers had inspected the bridge.\n"
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, "brief", *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\t\n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("latin1.txt", "Caf\u00e9 owners protested on Monday.".encode("latin-1"), "not UTF-8"),
    ],
)
def test_one_bad_file_is_one_line_and_a_non_zero_exit(
    tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run(str(path))
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(path) in lines[0] and problem in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    missing = run(str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert "nowhere" in missing.stderr and "no such file" in missing.stderr
    (tmp_path / "empty").mkdir()
    empty = run(str(tmp_path / "empty"))
    assert empty.returncode == 2
    assert "holds no readable articles" in empty.stderr
    assert len(empty.stderr.strip().splitlines()) == 1


def test_mixed_folder_processes_good_files_and_counts_bad_ones(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "good.json").write_text(json.dumps({"outlet": "Valley Times"}), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("Caf\u00e9 owners protested.".encode("latin-1"))
    result = run(str(folder), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [a["outlet"] for a in report["articles"]] == ["Valley Times"]
    assert {Path(r["path"]).name for r in report["rejected"]} == {"empty.txt", "latin1.txt"}
    assert "2 input(s) skipped, 1 read" in result.stderr
    assert "empty.txt: empty file" in result.stderr


def test_bad_sidecar_is_named(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "story.json").write_text("{not json", encoding="utf-8")
    result = run(str(tmp_path / "story.txt"))
    assert result.returncode == 2
    assert "story.json" in result.stderr and "sidecar" in result.stderr


def test_a_second_article_with_the_same_id_names_the_first() -> None:
    from crosscheck.model import Document
    from crosscheck.pipeline import clean_documents

    live = "https://paper.example/live/flood"
    intake = clean_documents(
        [
            Document(text=GOOD, outlet="Paper", url=live, path="morning.html"),
            Document(
                text=GOOD + "The bridge reopened at noon.\n", outlet="Paper", url=live, path="noon.html"
            ),
        ]
    )
    assert [a.path for a in intake.articles] == ["morning.html"]
    (rejected,) = intake.rejected
    assert rejected.path == "noon.html"
    assert "first at morning.html, with the same outlet and URL" in rejected.error

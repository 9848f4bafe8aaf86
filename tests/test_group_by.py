"""``brief --group-by story``: researchers' own story grouping is kept, and ``--format jsonl`` gives a line each."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.test_bad_input import CLI

ROWS = [
    {"id": "a1", "story": "flood", "outlet": "Valley Times",
     "text": "Flooding closed the main road into the valley on Monday after two days of heavy rain."},
    {"id": "a2", "story": "flood", "outlet": "County Post",
     "text": "The main road into the valley was closed by flooding on Monday after heavy rain."},
    {"id": "b1", "story": "budget", "outlet": "Valley Times",
     "text": "The council approved a budget of 12 million pounds for the coming year on Tuesday."},
]  # fmt: skip


def test_group_by_story_keeps_the_given_stories(tmp_path: Path) -> None:
    dump = tmp_path / "clusters.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    result = subprocess.run(
        [CLI, "brief", str(dump), "--group-by", "story", "--format", "jsonl"],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert {line["story"]: sorted(line["article_ids"]) for line in lines} == {
        "flood": ["a1", "a2"],
        "budget": ["b1"],
    }
    for line in lines:
        assert line["brief"] and all(sentence["citations"] for sentence in line["brief"])
    flood = next(line for line in lines if line["story"] == "flood")
    assert any(len(claim["support"]) == 2 for claim in flood["claims"])


def test_group_by_one_makes_everything_read_one_story_without_a_warning(tmp_path: Path) -> None:
    dump = tmp_path / "event.jsonl"
    rows = [{key: value for key, value in row.items() if key != "story"} for row in ROWS]
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = subprocess.run(
        [CLI, "brief", str(dump), "--group-by", "one", "--format", "jsonl"],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    [line] = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(line["article_ids"]) == ["a1", "a2", "b1"]
    assert "warning" not in result.stderr


def test_story_field_names_the_column_that_holds_the_grouping(tmp_path: Path) -> None:
    dump = tmp_path / "ecb.jsonl"
    rows = [{("subtopic" if key == "story" else key): value for key, value in row.items()} for row in ROWS]
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = subprocess.run(
        [CLI, "brief", str(dump), "--group-by", "story", "--story-field", "subtopic", "--format", "jsonl"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert {line["story"]: sorted(line["article_ids"]) for line in lines} == {
        "flood": ["a1", "a2"],
        "budget": ["b1"],
    }
    misspelt = subprocess.run(
        [CLI, "brief", str(dump), "--group-by", "story", "--story-field", "subtopics"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert misspelt.returncode == 2
    assert "no 'subtopics' column, which --story-field names" in misspelt.stderr

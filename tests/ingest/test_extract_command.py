"""``crosscheck extract`` and ``crosscheck learn-furniture`` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.ingest.pages import STORY, news_page

CLI = [sys.executable, "-m", "crosscheck.cli"]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})}
    )


def _inputs(folder: Path) -> None:
    (folder / "bridge.html").write_text(news_page(), encoding="utf-8")
    (folder / "dump.jsonl").write_text(
        json.dumps({"id": "d1", "text": "The ferry resumed service on Monday.", "outlet": "Courier"})
        + "\n{broken\n"
    )
    (folder / "empty.html").write_text("")


def test_extract_jsonl_reports_bad_inputs_and_goes_on(tmp_path: Path) -> None:
    _inputs(tmp_path)
    result = _run("extract", str(tmp_path), "--no-furniture")
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["path"] for r in records] == [str(tmp_path / "bridge.html"), str(tmp_path / "dump.jsonl")]
    assert set(records[0]) >= {"path", "url", "outlet", "title", "published", "author", "text", "removed"}
    assert records[0]["title"] == "Council closes harbour bridge after corrosion found"
    assert STORY[0] in records[0]["text"] and "HARBOUR GAZETTE APP" not in records[0]["text"]
    assert {"text": "CLICK HERE TO GET THE HARBOUR GAZETTE APP", "reason": "call to action"} in records[0][
        "removed"
    ]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3
    assert errors[0].endswith(
        "dump.jsonl:2: not a JSON object (Expecting property name enclosed in double quotes, column 2)"
    )
    assert "empty.html: empty page" in errors[1]
    assert errors[-1] == "crosscheck: 2 documents extracted, 2 rejected"


def test_extract_json_and_text_formats(tmp_path: Path) -> None:
    page = tmp_path / "bridge.html"
    page.write_text(news_page(), encoding="utf-8")
    as_json = _run("extract", str(page), "--format", "json", "--no-furniture", "--quiet")
    assert as_json.returncode == 0 and as_json.stderr == ""
    [record] = json.loads(as_json.stdout)
    assert record["outlet"] == "harbourgazette.example"
    as_text = _run("extract", str(page), "--format", "text", "--no-furniture")
    assert as_text.stdout.startswith("# Council closes harbour bridge after corrosion found\n")


def test_learn_furniture_then_extract_applies_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = [
        {
            "text": f"Report {n} on the bridge repairs and the {n} lanes.\nThe Courier, independent news for the valley since 1887",
            "outlet": "Courier",
            "id": f"c{n}",
        }
        for n in range(6)
    ]
    (corpus / "courier.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    model = tmp_path / "furniture.json"
    learned = _run("learn-furniture", str(corpus), "--output", str(model))
    assert learned.returncode == 0, learned.stderr
    assert "1 outlet with enough articles to apply" in learned.stdout
    extracted = _run("extract", str(corpus), env={"CROSSCHECK_FURNITURE": str(model)})
    records = [json.loads(line) for line in extracted.stdout.splitlines()]
    assert len(records) == 6
    assert all("since 1887" not in r["text"] for r in records)
    assert all(any(x["reason"].startswith("Courier furniture") for x in r["removed"]) for r in records)


def test_missing_path_fails_with_one_line(tmp_path: Path) -> None:
    result = _run("extract", str(tmp_path / "nope.html"))
    assert result.returncode == 2  # nothing readable, as every command
    assert "nope.html: no such file or folder" in result.stderr


def test_learn_furniture_names_and_counts_what_it_skipped_as_the_other_batch_commands(tmp_path: Path) -> None:
    rows = [
        {"text": f"Report {n} on the bridge repairs.", "outlet": "Courier", "id": f"c{n}"} for n in range(3)
    ]
    corpus = tmp_path / "courier.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    missing = tmp_path / "nope"
    model = tmp_path / "furniture.json"
    partly = _run("learn-furniture", str(corpus), str(missing), "--output", str(model))
    assert partly.returncode == 1, (
        partly.stderr
    )  # a batch that skipped an input exits 1, having done the rest
    assert f"crosscheck: skipped {missing}: no such file or folder" in partly.stderr.splitlines()
    assert model.exists() and "1 input rejected" in partly.stdout
    nothing = _run("learn-furniture", str(missing), "--output", str(tmp_path / "other.json"))
    assert nothing.returncode == 2
    assert nothing.stderr.strip().splitlines() == [f"crosscheck: error: {missing}: no such file or folder"]


def test_learn_furniture_takes_quiet_and_names_few_of_many_inputs(tmp_path: Path) -> None:
    rows = [
        {"text": f"Report {n} on the bridge repairs.", "outlet": "Courier", "id": f"c{n}"} for n in range(3)
    ]
    (tmp_path / "courier.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    quiet = _run(
        "learn-furniture", str(tmp_path / "courier.jsonl"), "--output", str(tmp_path / "m.json"), "-q"
    )
    assert quiet.returncode == 0, quiet.stderr
    missing = [str(tmp_path / f"gone{n}.html") for n in range(5)]
    result = _run("learn-furniture", *missing, "--output", str(tmp_path / "m2.json"))
    assert result.returncode == 2
    last = result.stderr.strip().splitlines()[-1]
    assert "and 2 more" in last and "gone4" not in last

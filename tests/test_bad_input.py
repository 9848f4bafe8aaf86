"""Bad input: one line naming the file and the problem, a non-zero exit, and good files still processed."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

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
        (
            "utf16.txt",
            "Caf\u00e9 owners protested on Monday.".encode("utf-16"),
            "not UTF-8 (looks like UTF-16)",
        ),
        ("utf16le.txt", "Caf\u00e9 owners protested.".encode("utf-16-le"), "not UTF-8 (looks like UTF-16)"),
        ("utf16be.txt", "Caf\u00e9 owners protested.".encode("utf-16-be"), "not UTF-8 (looks like UTF-16)"),
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


def test_an_empty_path_is_no_such_file_not_the_current_folder(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    result = subprocess.run([CLI, "extract", ""], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert "crosscheck: '': no such file or folder" in result.stderr


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
    assert "2 inputs skipped, 1 read" in result.stderr
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


def test_an_article_over_the_length_limit_is_skipped_by_brief_quotes_and_ingest(tmp_path: Path) -> None:
    """An oversized article is named and skipped, not fed to spaCy (which refuses over 1,000,000 characters)
    nor stored to stay due for ever; the good article beside it is processed."""
    import os

    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "long.txt").write_text("The council met again on Monday. " * 100, encoding="utf-8")
    env = {**os.environ, "CROSSCHECK_MAX_ARTICLE_CHARS": "1000"}

    def crosscheck(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300, env=env)

    brief = crosscheck("brief", str(folder), "--format", "json")
    assert brief.returncode == 1, brief.stderr
    assert [Path(a["path"]).name for a in json.loads(brief.stdout)["articles"]] == ["good.txt"]
    assert "long.txt: article text of 3299 characters is over the 1000-character limit" in brief.stderr
    quotes = crosscheck("quotes", str(folder))
    assert quotes.returncode == 1 and [json.loads(line)["path"] for line in quotes.stdout.splitlines()] == [
        str(folder / "good.txt")
    ]
    assert "over the 1000-character limit" in quotes.stderr
    db = str(tmp_path / "store.db")
    ingest = crosscheck("ingest", "--db", db, str(folder))
    assert ingest.returncode == 1 and "over the 1000-character limit" in ingest.stderr
    stories = crosscheck("stories", "--db", db, "--format", "json")
    assert [s["articles"] for s in json.loads(stories.stdout)["items"]] == [1]
    assert "Traceback" not in brief.stderr + quotes.stderr + ingest.stderr


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--bogus"], "No such option: --bogus"),
        (["nosuchcommand"], "No such command 'nosuchcommand'"),
        (["brief"], "Missing argument"),
        (["brief", "--format", "xml", "x"], "'xml' is not one of"),
    ],
)
def test_a_usage_mistake_is_a_usage_error_without_a_traceback(args: list[str], problem: str) -> None:
    result = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and problem in lines[0] and "usage error" in lines[0] and "--help)" in lines[0]
    assert "Value error" not in lines[0]
    assert "Traceback" not in result.stderr and "╭" not in result.stderr


def test_version_and_short_help() -> None:
    version = subprocess.run([CLI, "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("crosscheck ")
    short = subprocess.run([CLI, "brief", "-h"], capture_output=True, text=True, timeout=60)
    assert short.returncode == 0 and "Usage: crosscheck brief" in short.stdout


def test_brief_format_help_explains_every_format() -> None:
    import typer.main

    from crosscheck.cli import _load_commands
    from crosscheck.commands import app

    _load_commands()
    brief = typer.main.get_command(app).commands["brief"]  # type: ignore[attr-defined]
    [option] = [p for p in brief.params if p.name == "output_format"]
    # Each format is explained, not only listed in the choices (jsonl was listed and never explained).
    words = re.findall(r"[a-z]+", option.help or "")
    assert all(name in words for name in ("text", "markdown", "html", "json", "jsonl")), option.help


@pytest.mark.parametrize("command", ["brief", "cluster", "extract", "quotes", "learn-furniture"])
def test_an_unwritable_output_is_refused_before_any_work(tmp_path: Path, command: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    for output, problem in ((tmp_path / "missing" / "out.json", "does not exist"), (tmp_path, "is a folder")):
        result = subprocess.run(
            [CLI, command, str(good), "-o", str(output)], capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 2
        assert result.stderr.startswith(f"crosscheck: error: {output}: ")
        assert problem in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_markdown_report_whose_pictures_folder_is_a_file_is_refused_before_any_work(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD + "The bridge was built in 1990, according to Reuters.\n", encoding="utf-8")
    (tmp_path / "good.json").write_text('{"published": "2024-03-04T09:00:00Z"}', encoding="utf-8")
    (tmp_path / "out").mkdir()
    blocker = tmp_path / "out" / "brief-pictures"
    blocker.write_text("notes", encoding="utf-8")
    output = tmp_path / "out" / "brief.md"
    result = run(str(good), "--format", "markdown", "-o", str(output))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"crosscheck: error: {blocker}: ")
    assert "not a folder" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr and not output.exists()
    assert blocker.read_text(encoding="utf-8") == "notes"


@pytest.mark.parametrize("command", ["brief", "cluster", "extract", "quotes", "learn-furniture"])
def test_an_output_that_is_an_input_or_would_be_read_as_one_is_refused_before_any_work(
    tmp_path: Path, command: str
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    good = folder / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    cases = (
        (str(good), good, "is the input file"),
        (str(folder), folder / "out.jsonl", "lies inside the input folder"),
        (str(folder), folder / "nested" / ".." / "brief.html", "lies inside the input folder"),
    )
    for given, output, problem in cases:
        result = subprocess.run(
            [CLI, command, given, "-o", str(output)], capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith(f"crosscheck: error: {output}: ")
        assert problem in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert good.read_text(encoding="utf-8") == GOOD
        assert sorted(p.name for p in folder.iterdir()) == ["good.txt"]


def test_a_spark_output_folder_inside_its_input_folder_is_refused_before_spark_starts(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    for output in (tmp_path / "clusters", tmp_path):
        result = subprocess.run(
            [CLI, "spark", "cluster", "-i", str(tmp_path), "-o", str(output)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2, result.stderr
        assert f"{output}: lies inside the input folder {tmp_path}" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "clusters").exists()


def test_extract_may_write_beside_its_inputs_what_no_reader_reads(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    for name in ("extracted.log", ".extracted.jsonl"):
        result = subprocess.run(
            [CLI, "extract", str(tmp_path), "-o", str(tmp_path / name)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert len((tmp_path / name).read_text(encoding="utf-8").splitlines()) == 1


def test_a_store_that_is_not_one_or_not_there_is_one_line_and_nothing_is_created(tmp_path: Path) -> None:
    garbage = tmp_path / "notes.db"
    garbage.write_text("not a database", encoding="utf-8")
    broken = subprocess.run(
        [CLI, "stories", "--db", str(garbage)], capture_output=True, text=True, timeout=60
    )
    assert broken.returncode == 1 and "file is not a database" in broken.stderr
    assert len(broken.stderr.strip().splitlines()) == 1
    missing = tmp_path / "typo" / "store.db"
    for command in (["stories"], ["show", "story-1"], ["search", "flood"]):
        result = subprocess.run(
            [CLI, *command, "--db", str(missing)], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 1 and f"no store at {missing}" in result.stderr
    assert not missing.parent.exists()


def test_a_csv_with_only_its_header_is_named_and_nothing_read_exits_2(tmp_path: Path) -> None:
    dump = tmp_path / "articles.csv"
    dump.write_text("id,title,text\n", encoding="utf-8")
    for command in ("brief", "extract"):
        result = subprocess.run([CLI, command, str(dump)], capture_output=True, text=True, timeout=120)
        assert result.returncode == 2
        assert f"{dump}: a header line and no rows" in result.stderr


def test_a_jsonl_of_blank_lines_and_a_parquet_of_no_rows_are_named_and_nothing_read_exits_2(
    tmp_path: Path,
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n  \n\n", encoding="utf-8")
    none = tmp_path / "none.parquet"
    pq.write_table(pa.table({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())}), none)
    for dump, problem in ((blank, "empty file"), (none, "no rows")):
        result = subprocess.run([CLI, "extract", str(dump)], capture_output=True, text=True, timeout=120)
        assert result.returncode == 2
        # The one input that could not be read is the one line on stderr, as in every command.
        assert f"{dump}: {problem}" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_terminal_escapes_from_an_input_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    title_escape, osc = "\u001b]0;PWNED\u0007", "\u009b31m"
    dump = tmp_path / "escapes.jsonl"
    row = {"id": "e1", "url": f"https://news.example/a{title_escape}b{osc}", "text": GOOD}
    dump.write_text(json.dumps(row) + "\n", encoding="utf-8")
    text = subprocess.run(
        [CLI, "extract", str(dump), "-f", "text"], capture_output=True, text=True, timeout=120
    )
    assert text.returncode == 0 and "https://news.example/ab31m" in text.stdout
    lines = subprocess.run([CLI, "extract", str(dump)], capture_output=True, text=True, timeout=120)
    assert "\x1b" not in lines.stdout and "\x9b" not in lines.stdout
    assert json.loads(lines.stdout)["url"] == row["url"]  # escaped in the JSON, not lost
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>cut"
    archive = tmp_path / "cut.warc"
    archive.write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1\x1b]0;PWNED\x07\x1b[2J>\r\n"
        b"WARC-Target-URI: https://news.example/a\r\nContent-Length: 999\r\n\r\n" + body
    )
    for command in ("extract", "cluster"):
        result = subprocess.run(
            [CLI, command, str(archive), str(dump)], capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 1
        assert f"{archive}#<urn:uuid:1>:" in result.stderr
        assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_ingest_exits_1_when_a_story_cannot_be_analysed_and_2_when_nothing_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    import crosscheck.pipeline as pipeline
    from crosscheck.cli import _load_commands
    from crosscheck.commands import app

    _load_commands()
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the parse broke")

    monkeypatch.setattr(pipeline, "analyse_annotated", broken)
    db = str(tmp_path / "store.db")
    failed = CliRunner().invoke(app, ["ingest", "--db", db, str(good)])
    assert failed.exit_code == 1 and "the parse broke" in failed.stderr
    assert "1 new article," in failed.stdout  # what was read is stored; the story stays due
    nothing = CliRunner().invoke(app, ["ingest", "--db", db, str(tmp_path / "nowhere")])
    assert nothing.exit_code == 2


def test_messages_name_the_input_as_given_and_the_row(tmp_path: Path) -> None:
    fake = tmp_path / "page.htm.gz"
    fake.write_bytes(b"<html>not compressed at all</html>")
    dump = tmp_path / "dump.jsonl"
    rows = [
        {"id": "same", "text": "Flooding closed the main road into the valley on Monday."},
        {"id": "same", "text": "Flooding closed the main road into the valley on Monday after rain."},
    ]
    dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = run("ftp://example.org/story", str(fake), str(dump))
    assert result.returncode == 1
    assert "ftp://example.org/story: ftp:// addresses are not read" in result.stderr
    assert f"{fake}: named .gz but not gzip-compressed" in result.stderr
    assert f"{dump}:2: duplicate article id 'same' (first at {dump}:1" in result.stderr


def test_messages_name_a_dump_row_a_feed_item_and_an_archive_record_each_their_way() -> None:
    from crosscheck.model import Provenance
    from crosscheck.scale import place

    assert place(Provenance(path="dump.jsonl", line=7)) == "dump.jsonl:7"
    assert place(Provenance(path="feed.xml", line=3, record="https://x.example/a")) == "feed.xml#item3"
    assert (
        place(Provenance(path="crawl.warc.gz", record="<urn:uuid:1>")) == "crawl.warc.gz record <urn:uuid:1>"
    )
    assert place(Provenance(path="page.html")) == "page.html" and place(Provenance()) is None


def test_every_command_help_shows_an_example() -> None:
    import typer.main

    from crosscheck.cli import _load_commands
    from crosscheck.commands import app

    _load_commands()

    # Typer builds its commands from its own copy of click, so groups are told by their subcommands.
    def leaves(command: Any, path: str) -> list[tuple[str, Any]]:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            return [leaf for name, sub in subcommands.items() for leaf in leaves(sub, f"{path} {name}")]
        return [(path, command)]

    # The README promises it: "each one's --help has examples".
    commands = leaves(typer.main.get_command(app), "crosscheck")
    assert len(commands) > 15
    missing = [path for path, command in commands if "Example" not in (command.help or "")]
    assert not missing, missing

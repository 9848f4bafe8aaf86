"""The batch commands as a data journalist runs them: an input named twice is read once, ``--quiet`` leaves
only errors on stderr, and a grouping asked for but absent is an error, not a warning."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from crosscheck.cli import main
from crosscheck.ingest import ReadOptions, read_documents
from crosscheck.ingest.feed import read_feed_bytes
from crosscheck.model import Document
from crosscheck.settings import get_settings

# Three outlets on one made-up event: a river bridge shut for repairs.
REPORTS = {
    "harbour-gazette": (
        "Millbrook bridge shut after inspectors find cracks\n\n"
        "The Millbrook bridge was closed to all traffic on Tuesday after inspectors found cracks in two of its "
        "steel supports, county officials said.\n\n"
        '"We cannot take any risk with a structure that carries 14,000 vehicles a day," said Dana Whitfield, '
        "the county's head of transport.\n"
    ),
    "valley-times": (
        "Cracks close Millbrook bridge for weeks\n\n"
        "County officials closed the Millbrook bridge on Tuesday after an inspection found cracks in two "
        "steel supports.\n\n"
        "Dana Whitfield, who leads the county's transport department, said the bridge carries 12,000 vehicles "
        "a day.\n"
    ),
    "north-post": (
        "Millbrook bridge closed as engineers find damaged supports\n\n"
        "The Millbrook bridge was closed on Tuesday after engineers found cracks in two of its supports, the "
        "county said.\n\n"
        "Local shop owners said they feared losing customers during the closure, expected to last six weeks.\n"
    ),
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command line run in this process (the models load once for all tests): exit code, stdout,
    stderr."""
    try:
        main(list(args))
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "bridge"
    folder.mkdir()
    for outlet, text in REPORTS.items():
        (folder / f"{outlet}.txt").write_text(text, encoding="utf-8")
    return folder


def notes(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def test_a_folder_named_twice_is_read_once_with_one_note(
    capsys: pytest.CaptureFixture[str], reports: Path
) -> None:
    code, out, err = run(capsys, "brief", str(reports), str(reports), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert len(report["articles"]) == 3
    assert report["rejected"] == [] and report["duplicates"] == []
    [line] = notes(err)
    assert line.startswith("crosscheck: note: ") and str(reports) in line and "read once" in line


def test_a_file_and_its_folder_and_a_link_to_it_are_read_once(
    capsys: pytest.CaptureFixture[str], reports: Path, tmp_path: Path
) -> None:
    link = tmp_path / "same-bridge"
    os.symlink(reports, link)
    one = reports / "valley-times.txt"
    code, out, err = run(capsys, "extract", str(one), str(reports), str(link), str(one))
    assert code == 0, err
    assert [json.loads(line)["outlet"] for line in out.splitlines()] == [
        "valley-times",
        "harbour-gazette",
        "north-post",
    ]
    lines = notes(err)
    assert lines[:3] == [
        f"crosscheck: note: {reports}: 1 file named already by {one}; each read once",
        f"crosscheck: note: {link}: 3 files named already by {one} and others; each read once",
        f"crosscheck: note: {one} was given twice; read once",
    ]
    assert lines[3:] == ["crosscheck: 3 documents extracted, 0 rejected"]


def test_the_same_url_given_twice_is_fetched_once(capsys: pytest.CaptureFixture[str]) -> None:
    # A URL no server answers: were it fetched twice, it would be rejected twice.
    url = "http://127.0.0.1:9/bridge.html"
    items = list(
        read_documents([url, url], get_settings(), ReadOptions(allow_private=True, connect_timeout=1))
    )
    assert len(items) == 1
    assert notes(capsys.readouterr().err) == [f"crosscheck: note: {url} was given twice; read once"]


def test_cluster_and_quotes_take_quiet_and_it_keeps_notes_off_stderr(
    capsys: pytest.CaptureFixture[str], reports: Path
) -> None:
    code, out, err = run(capsys, "cluster", str(reports), str(reports), "-q")
    assert (code, err) == (0, "")
    assert json.loads(out)["counts"] == {"in": 3, "out": 3, "rejected": 0}
    code, out, err = run(capsys, "quotes", str(reports), str(reports / "north-post.txt"), "--quiet")
    assert (code, err) == (0, "")
    assert len(out.splitlines()) == 3


def test_quiet_keeps_the_errors_and_their_count(capsys: pytest.CaptureFixture[str], reports: Path) -> None:
    (reports / "empty.txt").write_text("", encoding="utf-8")
    code, out, err = run(capsys, "cluster", str(reports), str(reports), "-q", "-f", "text")
    assert code == 1
    # The repeated folder counts as no input of its own: its files were read once, and nothing rejected.
    assert out.startswith("1 story, 0 duplicate groups; 4 inputs: 3 clustered, 1 rejected\n")
    assert notes(err) == [
        f"crosscheck: skipped {reports / 'empty.txt'}: empty file",
        "crosscheck: 1 input skipped, 3 clustered.",
    ]


def test_group_by_story_with_no_story_anywhere_is_an_error_even_when_quiet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    dump = tmp_path / "bridge.jsonl"
    rows = [{"id": outlet, "outlet": outlet, "text": text} for outlet, text in REPORTS.items()]
    dump.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    code, out, err = run(capsys, "brief", str(dump), "--group-by", "story", "--quiet")
    assert code == 2 and out == ""
    [line] = notes(err)
    assert line.startswith(f"crosscheck: error: {dump}: --group-by story, but no article names a story")
    assert "--story-field" in line


def test_a_sidecar_names_the_story_for_group_by_story(
    capsys: pytest.CaptureFixture[str], reports: Path
) -> None:
    for outlet, story in (("harbour-gazette", "bridge"), ("valley-times", "bridge"), ("north-post", 7)):
        (reports / f"{outlet}.json").write_text(json.dumps({"story": story}), encoding="utf-8")
    code, out, err = run(capsys, "brief", str(reports), "--group-by", "story", "-f", "jsonl", "-q")
    assert (code, err) == (0, "")
    stories = {line["story"]: len(line["article_ids"]) for line in map(json.loads, out.splitlines())}
    assert stories == {"bridge": 2, "7": 1}


def test_a_sidecar_story_that_is_no_label_is_refused(
    capsys: pytest.CaptureFixture[str], reports: Path
) -> None:
    (reports / "north-post.json").write_text(json.dumps({"story": ["bridge", "roads"]}), encoding="utf-8")
    code, _, err = run(capsys, "extract", str(reports / "north-post.txt"))
    assert code == 2
    assert notes(err) == [
        f"crosscheck: {reports / 'north-post.json'}: sidecar 'story' must be text or a number"
    ]


FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>County Wire</title>'
    + "".join(
        f"<item><title>Bridge update {n}</title><description>The Millbrook bridge stays shut, day {n} of the "
        f"repairs, county officials said on Tuesday.</description></item>"
        for n in range(1, 4)
    )
    + "</channel></rss>"
)


@pytest.mark.parametrize("quiet", [False, True])
def test_a_feed_cut_at_its_cap_says_so_unless_quiet(capsys: pytest.CaptureFixture[str], quiet: bool) -> None:
    options = ReadOptions(fetch_feed_items=False, notes=not quiet)
    items = list(read_feed_bytes(FEED.encode(), "wire.rss", get_settings(), options, max_items=2))
    assert len(items) == 2 and all(isinstance(item, Document) for item in items)
    said = notes(capsys.readouterr().err)
    assert said == ([] if quiet else [said[0]])
    assert quiet or "read the first 2 of 3 items" in said[0]


def test_a_shell_glob_naming_each_text_and_its_sidecar_reads_each_article_once(
    capsys: pytest.CaptureFixture[str], reports: Path
) -> None:
    (reports / "north-post.json").write_text(json.dumps({"outlet": "The North Post"}), encoding="utf-8")
    everything = sorted(
        str(path) for path in reports.iterdir()
    )  # what `crosscheck extract bridge/*` is given
    code, out, err = run(capsys, "extract", *everything, "-q")
    assert (code, err) == (0, "")
    assert sorted(json.loads(line)["outlet"] for line in out.splitlines()) == [
        "The North Post",
        "harbour-gazette",
        "valley-times",
    ]


def test_a_sidecar_named_without_its_text_says_which_file_to_name(
    capsys: pytest.CaptureFixture[str], reports: Path
) -> None:
    sidecar = reports / "north-post.json"
    sidecar.write_text(json.dumps({"outlet": "The North Post"}), encoding="utf-8")
    code, _, err = run(capsys, "cluster", str(sidecar), str(reports / "valley-times.txt"))
    assert code == 1
    assert notes(err)[0] == (
        f"crosscheck: skipped {sidecar}: the sidecar of {reports / 'north-post.txt'} (its metadata), not an "
        f"article; name {reports / 'north-post.txt'} to read both"
    )


def test_nothing_readable_in_a_long_glob_is_one_short_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    empties = [tmp_path / f"wire-{number:04}.txt" for number in range(1, 501)]
    for path in empties:
        path.write_text("", encoding="utf-8")
    code, _, err = run(capsys, "cluster", *map(str, empties))
    assert code == 2
    *skipped, last = notes(err)
    assert len(skipped) == 500
    assert last == (
        f"crosscheck: error: no readable articles in {empties[0]}, {empties[1]}, {empties[2]} and 497 more "
        "(500 inputs rejected)"
    )

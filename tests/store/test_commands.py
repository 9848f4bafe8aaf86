"""The store's CLI commands, run as the user runs them (a subprocess per command)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from http.server import ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from crosscheck.store import open_store
from tests.store.fixtures import (
    FLOOD_BODIES,
    TEST_BUSY_TIMEOUT_MS,
    article_document,
    fixture_store,
    flood_documents,
    nato_documents,
    write_lock_held,
)
from tests.web.server import free_port

ROOT = Path(__file__).resolve().parents[2]


def crosscheck(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crosscheck.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("cli") / "cli.db")
    store = fixture_store(db)
    store.ingest(nato_documents() + flood_documents())
    store.close()
    return db


def test_stories_show_and_search(filled_db: str) -> None:
    listed = crosscheck("stories", "--db", filled_db, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    items = json.loads(listed.stdout)["items"]
    assert len(items) == 2
    nato = next(s for s in items if s["articles"] == 2)

    recent = crosscheck("stories", "--db", filled_db, "--since", "2024-03-01T10:30:00Z", "--format", "json")
    assert [s["articles"] for s in json.loads(recent.stdout)["items"]] == [1]
    table = crosscheck("stories", "--db", filled_db)
    assert nato["id"] in table.stdout and "Somerset" in table.stdout

    shown = crosscheck("show", nato["id"], "--db", filled_db, "--format", "json")
    assert shown.returncode == 0, shown.stderr
    story = json.loads(shown.stdout)
    assert story["id"] == nato["id"] and len(story["articles"]) == 2 and story["discrepancies"]
    text = crosscheck("show", nato["id"], "--db", filled_db)
    assert text.returncode == 0 and "Telegraph" in text.stdout
    markdown = crosscheck("show", nato["id"], "--db", filled_db, "--format", "markdown")
    assert markdown.returncode == 0 and markdown.stdout.startswith("# ") and "Guardian" in markdown.stdout

    found = crosscheck("search", "rapid-reaction", "--db", filled_db)
    assert found.returncode == 0 and "[rapid]-[reaction]" in found.stdout


def test_errors_are_one_line(filled_db: str) -> None:
    missing = crosscheck("show", "no-such-story", "--db", filled_db)
    assert missing.returncode == 1 and missing.stderr.strip().count("\n") == 0
    assert "no story 'no-such-story'" in missing.stderr
    bad_since = crosscheck("stories", "--db", filled_db, "--since", "last tuesday")
    assert bad_since.returncode == 2 and "not an ISO date" in bad_since.stderr
    bad_feed = crosscheck("watch", "feeds.txt", "--db", filled_db)
    assert bad_feed.returncode == 2 and "not an http(s) URL" in bad_feed.stderr


def test_read_commands_leave_a_database_that_is_not_a_store_untouched(tmp_path: Path) -> None:
    other = tmp_path / "subscribers.db"
    with closing(sqlite3.connect(other)) as connection, connection:
        connection.execute("CREATE TABLE subscriber (email TEXT)")
        connection.execute("INSERT INTO subscriber VALUES ('desk@example.org')")
    before = other.read_bytes()
    for command in (["stories"], ["search", "Nato"], ["show", "story-7a6d12fec883"]):
        refused = crosscheck(*command, "--db", str(other))
        assert refused.returncode == 1 and refused.stderr.strip().count("\n") == 0, refused.stderr
        assert f"{other} is not a crosscheck store" in refused.stderr
    # Not a table added, not switched to WAL (which would leave a -wal file beside it).
    assert other.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["subscribers.db"]

    newer = tmp_path / "newer.db"
    fixture_store(str(newer)).close()
    with closing(sqlite3.connect(newer)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    article = tmp_path / "floods.txt"
    article.write_text(FLOOD_BODIES["Herald"], encoding="utf-8")
    for command in (["stories"], ["ingest", str(article)]):
        refused = crosscheck(*command, "--db", str(newer))
        assert refused.returncode == 1 and refused.stderr.strip().count("\n") == 0, refused.stderr
        assert "schema revision '0099'" in refused.stderr and "made by a newer crosscheck" in refused.stderr


# The CLI with a short busy timeout, so that a held lock is given up on at once rather than after 30 s.
IMPATIENT_CLI = (
    f"from crosscheck.store import database; database.SQLITE_BUSY_TIMEOUT_MS = {TEST_BUSY_TIMEOUT_MS}; "
    "from crosscheck.cli import main; main()"
)


def test_ingest_into_a_locked_or_read_only_store_says_so_in_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "busy.db")
    store = fixture_store(db)
    store.ingest(nato_documents())
    store.close()
    article = tmp_path / "floods.txt"
    article.write_text(FLOOD_BODIES["Herald"], encoding="utf-8")

    def ingest(store_at: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", IMPATIENT_CLI, "ingest", str(article), "--db", store_at, "-q"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )

    with write_lock_held(db):
        locked = ingest(db)
    assert locked.returncode == 4, locked.stderr
    assert locked.stderr.strip().count("\n") == 0 and "Traceback" not in locked.stderr
    assert f"the store {db} is locked by another writer" in locked.stderr and "try again" in locked.stderr

    read_only = ingest(f"sqlite:///file:{db}?mode=ro&uri=true")
    assert read_only.returncode == 5, read_only.stderr
    assert read_only.stderr.strip().count("\n") == 0 and f"{db} is read-only" in read_only.stderr
    assert open_store(db, create=False).counts()["articles"] == 2


def test_serve_beyond_loopback_needs_a_token(filled_db: str) -> None:
    refused = crosscheck("serve", "--host", "0.0.0.0", "--db", filled_db, env={"CROSSCHECK_API_TOKEN": ""})
    assert refused.returncode == 1 and "API token" in refused.stderr


@pytest.mark.parametrize(
    ("host", "base"), [(None, "http://127.0.0.1"), ("127.0.0.2", "http://127.0.0.2"), ("::1", "http://[::1]")]
)
def test_serve_runs_uvicorn_on_loopback(filled_db: str, host: str | None, base: str) -> None:
    # Any loopback address may be bound without a token; the server answers to it by the URL it prints.
    port = free_port()
    bind = [] if host is None else ["--host", host]
    server = subprocess.Popen(
        [sys.executable, "-m", "crosscheck.cli", "serve", *bind, "--port", str(port), "--db", filled_db],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert server.stderr is not None
        assert server.stderr.readline().decode().rstrip().endswith(f" on {base}:{port}/")
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"{base}:{port}/api/stories", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert response.status_code == 200 and response.json()["total"] == 2
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)


@pytest.mark.slow
def test_watch_and_ingest_with_the_real_pipeline(tmp_path: Path, seeds_dir: Path) -> None:
    """The founding articles, first from a feed through ``crosscheck watch``, then as files through
    ``crosscheck ingest``: the real readers, clusterer, ``find_duplicates`` and ``analyse_story``."""
    from tests.store.test_watch import Feeds, rss

    db = str(tmp_path / "seeds.db")
    seeds = sorted(seeds_dir.glob("*.txt"))
    items = []
    for seed in seeds:
        title, _, body = seed.read_text(encoding="utf-8").partition("\n")
        items.append(
            (seed.stem, title.strip(), "\n\n".join(line for line in body.splitlines() if line.strip()))
        )
    Feeds.requests.clear()
    Feeds.version, Feeds.body = "seeds", rss(items)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feeds)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        feed = f"http://127.0.0.1:{server.server_address[1]}/seeds.xml"
        # The test's feed is on loopback, which watch refuses unless told otherwise.
        refused = crosscheck("watch", feed, "--every", "1s", "--rounds", "1", "--db", db)
        assert refused.returncode == 2 and "--allow-private" in refused.stderr
        watched = crosscheck(
            "watch", feed, "--every", "1s", "--rounds", "2", "--allow-private", "--db", db, timeout=300
        )
    finally:
        server.shutdown()
        server.server_close()
    assert watched.returncode == 0, watched.stderr
    lines = watched.stdout.splitlines()
    assert sum(line.startswith("new story ") for line in lines) == 1
    assert any(line.startswith("new discrepancy in ") and "number_framing" in line for line in lines)
    assert [headers.get("If-None-Match") for _, headers in Feeds.requests] == [None, '"seeds"']

    store = open_store(db)  # reading needs no models: the pipeline's results are in the store
    stories, _ = store.stories()
    assert len(stories) == 1 and stories[0].articles == 2 and stories[0].analysed
    story_id = stories[0].id
    view = store.story(story_id)
    assert view is not None and view.story.claims and view.story.brief
    texts = {a.id: a.text for a in view.articles}
    for claim in view.story.claims:
        for span in claim.support:
            assert texts[span.article_id][span.start : span.end] == span.text

    # The same reports as files are new articles (no URL, so other ids): they join the story, which alone
    # is re-analysed; ingesting them again adds nothing.
    first = crosscheck("ingest", *map(str, seeds), "--db", db, "--format", "json", timeout=300)
    assert first.returncode == 0, first.stderr
    added = json.loads(first.stdout)
    assert len(added["added"]) == 2 and added["new_stories"] == [] and added["updated_stories"] == [story_id]
    again = json.loads(crosscheck("ingest", *map(str, seeds), "--db", db, "--format", "json").stdout)
    assert again["added"] == [] and len(again["already_stored"]) == 2
    hits, _ = store.search("tripwire")
    assert {"article", "claim"} <= {hit.kind for hit in hits}
    assert store.stories()[0][0].articles == 4
    store.close()


def test_ingest_reads_a_dump_by_the_columns_it_is_given(tmp_path: Path) -> None:
    """The dump options every reading command takes: a dump with its own column names goes into a store."""
    rows = [
        {
            "doc_id": "gazette-7",
            "body": "The council shut the old bridge on Tuesday after engineers found cracks.",
        },
        {
            "doc_id": "herald-3",
            "body": "The old bridge was shut on Tuesday, the council said, after cracks were found.",
        },
    ]
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    db = str(tmp_path / "store.db")
    result = crosscheck(
        "ingest", str(dump), "--db", db, "--text-field", "body", "--id-field", "doc_id", "--format", "json",
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert sorted(json.loads(result.stdout)["added"]) == ["gazette-7", "herald-3"]


def test_watch_keeps_going_when_a_feed_host_does_not_resolve(tmp_path: Path) -> None:
    """A name that does not resolve now (no network yet, a flaky name server) is retried with backoff, not
    a reason to stop the watcher; only a private or loopback address is refused up front."""
    db = str(tmp_path / "store.db")
    result = crosscheck("watch", "https://nonexistent.invalid/feed.xml", "--rounds", "1", "--db", db)
    assert result.returncode == 0, result.stderr
    assert "does not resolve" in result.stderr and "will back off" in result.stderr


def test_the_stories_table_prints_a_title_with_brackets_as_it_is(tmp_path: Path) -> None:
    db = str(tmp_path / "brackets.db")
    title = "[/bold] Flood [VIDEO] closes the [red]bridge"
    store = fixture_store(db)
    store.ingest([article_document("Herald", FLOOD_BODIES["Herald"], title)])
    store.close()
    table = crosscheck("stories", "--db", db)
    assert table.returncode == 0, table.stderr
    assert title in table.stdout  # not read as Rich markup, which ended the command on the unmatched [/bold]

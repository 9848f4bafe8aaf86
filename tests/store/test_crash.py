"""Crash safety: an ingest killed with SIGKILL mid-run loses nothing it committed, and its restart duplicates
nothing (articles, story membership, clusterer state, search entries)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import orjson

from crosscheck.model import Story
from tests.store.ingest_worker import REPORTS

ROOT = Path(__file__).resolve().parents[2]


def _worker(db: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.ingest_worker", str(db), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"},
    )


def _stored(db: Path) -> set[str]:
    try:
        with sqlite3.connect(db, timeout=30) as connection:
            return {row[0] for row in connection.execute("SELECT id FROM articles")}
    except sqlite3.OperationalError:
        return set()  # not migrated yet


def _check_consistent(db: Path) -> set[str]:
    """Everything committed agrees with itself: each article once, in one story, known to the clusterer."""
    connection = sqlite3.connect(db, timeout=30)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = connection.execute("SELECT id, story_id FROM articles").fetchall()
        ids = {article_id for article_id, _ in rows}
        assert len(ids) == len(rows)
        stories = {row[0] for row in connection.execute("SELECT id FROM stories")}
        assert all(story_id in stories for _, story_id in rows), "an article points at no story"
        state_row = connection.execute("SELECT body FROM clusterer_state").fetchall()
        clustered: Counter[str] = Counter()
        if state_row:
            state = orjson.loads(state_row[0][0])
            for story in state["stories"]:
                clustered.update(story["article_ids"])
        assert set(clustered) == ids and all(n == 1 for n in clustered.values())
        entries = Counter(
            row[0] for row in connection.execute("SELECT ref_id FROM search_index WHERE kind = 'article'")
        )
        assert set(entries) == ids and all(n == 1 for n in entries.values())
        for story_id, body, revision, analysed in connection.execute(
            "SELECT id, body, revision, analysed_revision FROM stories"
        ):
            if body is None or analysed != revision:
                continue
            story = Story.model_validate_json(body)
            claims = connection.execute(
                "SELECT count(*) FROM search_index WHERE kind = 'claim' AND story_id = ?", (story_id,)
            ).fetchone()[0]
            assert claims == len(story.claims), "claim search entries duplicated or lost"
        return ids
    finally:
        connection.close()


def test_sigkill_mid_ingest_loses_nothing_committed_and_duplicates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    running = _worker(db, "--slow", "0.08")
    deadline = time.monotonic() + 60
    while len(_stored(db)) < 12:
        assert running.poll() is None, running.stderr.read().decode() if running.stderr else "worker ended"
        assert time.monotonic() < deadline, "the worker committed nothing in time"
        time.sleep(0.02)
    running.send_signal(signal.SIGKILL)
    running.wait(timeout=30)
    assert running.returncode == -signal.SIGKILL

    committed = _check_consistent(db)
    assert 12 <= len(committed) < REPORTS, "the kill did not land mid-run"

    finished = _worker(db)
    out, err = finished.communicate(timeout=120)
    assert finished.returncode == 0, err.decode()
    assert out.decode().split() == ["added", str(REPORTS - len(committed)), "already", str(len(committed))]

    final = _check_consistent(db)
    assert committed <= final and len(final) == REPORTS
    connection = sqlite3.connect(db)
    due = connection.execute("SELECT count(*) FROM stories WHERE analysed_revision < revision").fetchone()[0]
    stories = connection.execute("SELECT count(*) FROM stories").fetchone()[0]
    connection.close()
    assert due == 0 and stories >= 6

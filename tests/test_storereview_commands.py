"""The store commands as a researcher types them, mistakes included."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from tests.store.test_commands import crosscheck


def test_rebuild_refuses_a_store_that_is_not_there_or_not_a_store(tmp_path: Path) -> None:
    mistyped = tmp_path / "newsrom.db"
    refused = crosscheck("rebuild", "--db", str(mistyped))
    assert refused.returncode == 1 and refused.stderr.strip().count("\n") == 0, refused.stderr
    assert f"no store at {mistyped}" in refused.stderr and refused.stdout == ""
    # No empty store left behind to be "rebuilt" and later mistaken for the real one.
    assert list(tmp_path.iterdir()) == []

    other = tmp_path / "subscribers.db"
    with closing(sqlite3.connect(other)) as connection, connection:
        connection.execute("CREATE TABLE subscriber (email TEXT)")
    before = other.read_bytes()
    refused = crosscheck("rebuild", "--db", str(other))
    assert refused.returncode == 1 and f"{other} is not a crosscheck store" in refused.stderr
    assert other.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["subscribers.db"]

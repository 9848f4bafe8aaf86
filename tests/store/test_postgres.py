"""The store on PostgreSQL: the same migrations, ingest, stories and (portable) search as on SQLite.

Uses ``CROSSCHECK_TEST_POSTGRES_URL`` (an empty database) when set; otherwise starts a throwaway cluster from Debian's PostgreSQL
binaries when they are installed, and skips with the reason when neither is possible.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crosscheck.store.database import HEAD_REVISION
from tests.store.fixtures import (
    assert_claims_match_their_own_words,
    fixture_store,
    flood_documents,
    nato_documents,
)
from tests.web.server import free_port

URL_ENV = "CROSSCHECK_TEST_POSTGRES_URL"


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    pytest.importorskip("psycopg", reason="the psycopg driver is not installed")
    given = os.environ.get(URL_ENV)
    if given:
        yield given
        return
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip(f"no PostgreSQL server: set {URL_ENV} or install Debian's postgresql")
    run_as: dict[str, Any] = {}
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root; Debian's package creates the postgres user.
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres user to run PostgreSQL as")
        run_as = {"user": "postgres", "group": "postgres"}
    base = Path(tempfile.mkdtemp(prefix="crosscheck-pg-"))
    if run_as:
        shutil.chown(base, "postgres", "postgres")
    data, port = base / "data", free_port()
    subprocess.run(
        [initdb, "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
        **run_as,
    )
    options = f"-k {base} -p {port} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
    subprocess.run(
        [pg_ctl, "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start"],
        check=True,
        capture_output=True,
        **run_as,
    )
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={base}&port={port}"
    finally:
        subprocess.run([pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True, **run_as)
        shutil.rmtree(base, ignore_errors=True)


def test_store_on_postgresql(postgres_url: str) -> None:
    store = fixture_store(postgres_url)
    assert store.db.dialect == "postgresql" and store.db.current_revision() == HEAD_REVISION
    report = store.ingest(nato_documents() + flood_documents())
    assert len(report.added) == 3 and len(report.new_stories) == 2
    again = store.ingest(nato_documents())
    assert again.added == [] and len(again.already_stored) == 2
    assert store.counts() == {"articles": 3, "stories": 2, "due": 0}

    nato = next(s for s in store.stories()[0] if s.articles == 2)
    view = store.story(nato.id)
    assert view is not None and view.analysed and view.story.discrepancies
    texts = {a.id: a.text for a in view.articles}
    for claim in view.story.claims:
        for span in claim.support:
            assert texts[span.article_id][span.start : span.end] == span.text

    hits, total = store.search("strengthen presence")
    assert total == 4 and {h.kind for h in hits} == {"article", "quote"}
    assert any("\x02" in h.snippet for h in hits)
    assert {h.title for h in hits if h.kind == "article"} == {
        "Nato summit in Madrid: Stoltenberg announces forces increase"
    }
    assert store.search("rapid-reaction", kinds=["claim"])[1] >= 1
    assert store.search('NEAR("x" *)')[1] == 0
    assert_claims_match_their_own_words(store)
    # "_" is a word character, not LIKE's any-character wildcard.
    assert store.search("stre_gthen")[1] == 0

    claims_before = store.search("troops", kinds=["claim"])[1]
    ids_before = {s.id for s in store.stories()[0]}
    assert len(store.rebuild()) == 2
    assert store.search("troops", kinds=["claim"])[1] == claims_before
    assert {s.id for s in store.stories()[0]} == ids_before
    store.close()

"""The store: migrations, idempotent ingest, incremental story updates, full-text search, rebuild."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect

from crosscheck.model import Article, Story
from crosscheck.store import (
    Store,
    StoreError,
    StoreLocked,
    StoreReadOnly,
    default_db_path,
    open_database,
    open_store,
    resolve_db_url,
)
from crosscheck.store.components import clusterer_factory
from crosscheck.store.tables import FeedRow
from tests.store.fixtures import (
    NATO_BODIES,
    article_document,
    assert_claims_match_their_own_words,
    fixture_analyser,
    fixture_store,
    flood_documents,
    hashed_embedder,
    impatient_store,
    nato_documents,
    write_lock_held,
)


class CountingAnalyser:
    """The fixture analysis, remembering which stories it was asked to analyse."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, story_id: str, articles: Sequence[Article]) -> Story:
        self.calls.append(story_id)
        return fixture_analyser(story_id, articles)


def counting_store(db: Path) -> tuple[Store, CountingAnalyser]:
    analyser = CountingAnalyser()
    store = open_store(str(db), clusterer_factory=clusterer_factory(hashed_embedder), analyser=analyser)
    return store, analyser


def test_migrations_create_the_schema_once(tmp_path: Path) -> None:
    from crosscheck.store.database import HEAD_REVISION

    database = open_database(str(tmp_path / "m.db"))
    assert database.current_revision() == HEAD_REVISION
    tables = set(inspect(database.engine).get_table_names())
    assert {
        "articles",
        "stories",
        "story_aliases",
        "clusterer_state",
        "feeds",
        "feed_items",
        "search_index",
    } <= (tables)
    database.close()
    again = open_database(str(tmp_path / "m.db"))
    assert again.current_revision() == HEAD_REVISION
    again.close()


def test_a_store_of_an_older_schema_is_upgraded_with_its_contents(tmp_path: Path) -> None:
    # A store made by an earlier release (schema 0001, before watch remembered feed items) opens, upgrades
    # itself to the newest schema, and keeps what it held.
    from alembic import command
    from sqlalchemy import create_engine, text

    from crosscheck.store.database import HEAD_REVISION, _alembic_config

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        command.upgrade(_alembic_config(connection), "0001")
        connection.execute(
            text("INSERT INTO feeds (url, etag, failures) VALUES ('https://wire.example/feed', '\"v7\"', 0)")
        )
        connection.commit()
    engine.dispose()
    store, _ = counting_store(path)
    assert store.db.current_revision() == HEAD_REVISION
    assert "feed_items" in set(inspect(store.db.engine).get_table_names())
    with store.db.read() as session:
        row = session.get(FeedRow, "https://wire.example/feed")
        assert row is not None and row.etag == '"v7"'
    store.ingest(nato_documents())
    assert store.counts()["articles"] == len(nato_documents())
    store.close()


def test_head_revision_is_the_newest_migration() -> None:
    from alembic.script import ScriptDirectory

    from crosscheck.store.database import HEAD_REVISION, MIGRATIONS

    assert ScriptDirectory(str(MIGRATIONS)).get_current_head() == HEAD_REVISION


def test_database_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_db_url(str(tmp_path / "a" / "b.db")) == f"sqlite:///{tmp_path / 'a' / 'b.db'}"
    assert (tmp_path / "a").is_dir()
    assert resolve_db_url("postgresql://user@host/db") == "postgresql://user@host/db"
    monkeypatch.setenv("CROSSCHECK_DB", str(tmp_path / "env.db"))
    assert resolve_db_url(None) == f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.delenv("CROSSCHECK_DB")
    assert default_db_path().name == "crosscheck.db" and "crosscheck" in str(default_db_path().parent)


def test_a_store_path_under_a_file_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.db").write_bytes(b"")
    for under in ("a.db/x.db", "a.db/sub/x.db"):
        with pytest.raises(
            StoreError, match=r"cannot make the store .*x\.db: .*a\.db is a file, not a folder"
        ):
            resolve_db_url(str(tmp_path / under))
    assert (tmp_path / "a.db").read_bytes() == b""


def test_a_path_with_url_characters_names_that_very_file(tmp_path: Path) -> None:
    # "?" would start a URL query and "%41" spell "A": a bare path is a file name, taken literally.
    for name in ("my?db.db", "p%41.db", "news #1.db"):
        store = fixture_store(str(tmp_path / name))
        store.ingest(nato_documents()[:1])
        store.close()
        reopened = open_store(str(tmp_path / name), create=False)
        assert reopened.counts()["articles"] == 1
        reopened.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db") == [
        "my?db.db",
        "news #1.db",
        "p%41.db",
    ]


def test_the_same_article_twice_is_stored_once(tmp_path: Path) -> None:
    store, analyser = counting_store(tmp_path / "s.db")
    documents = nato_documents()
    first = store.ingest([*documents, documents[0]])
    assert len(first.added) == 2 and first.already_stored == [first.added[0]]
    second = store.ingest(nato_documents())
    assert second.added == [] and sorted(second.already_stored) == sorted(first.added)
    assert store.counts() == {"articles": 2, "stories": 1, "due": 0}
    # Nothing new, nothing re-analysed.
    assert len(analyser.calls) == 1
    hits, total = store.search("high-readiness", kinds=["article"])
    assert total == 1 and hits[0].article_id == first.added[0]


def test_only_the_story_an_article_joins_is_reanalysed(tmp_path: Path) -> None:
    store, analyser = counting_store(tmp_path / "s.db")
    report = store.ingest(nato_documents() + flood_documents())
    assert len(report.new_stories) == 2 and sorted(analyser.calls) == sorted(report.new_stories)
    nato = next(s for s in store.stories()[0] if s.articles == 2)
    flood = next(s for s in store.stories()[0] if s.articles == 1)
    flood_before = store.story(flood.id)
    assert flood_before is not None
    analyser.calls.clear()

    later = article_document(
        "Wire",
        "Nato summit in Madrid: Jens Stoltenberg said high-readiness forces will grow to 300,000 troops.\n\n"
        "“We will strengthen our presence in the east,” Stoltenberg said in Madrid.",
        "Nato summit in Madrid: Stoltenberg announces forces increase",
        hours=5,
    )
    update = store.ingest([later])
    assert analyser.calls == [nato.id]
    assert update.updated_stories == [nato.id] and update.new_stories == []
    view = store.story(nato.id)
    assert view is not None and len(view.articles) == 3 and view.analysed
    assert {a.outlet for a in view.articles} == {"Telegraph", "Guardian", "Wire"}
    flood_after = store.story(flood.id)
    assert flood_after is not None and flood_after.story == flood_before.story
    summary = next(s for s in store.stories()[0] if s.id == nato.id)
    assert summary.outlets == 3 and summary.independent_sources == 3
    assert summary.last_seen == datetime(2024, 3, 1, 14, 0, tzinfo=UTC)


def test_new_discrepancies_are_reported_once(tmp_path: Path) -> None:
    store, _ = counting_store(tmp_path / "s.db")
    first = store.ingest(nato_documents()[:1])
    assert [c.new_discrepancies for c in first.changes] == [[]]
    second = store.ingest(nato_documents()[1:])
    assert [d.kind for c in second.changes for d in c.new_discrepancies] == ["number"]


def test_search_ranks_and_covers_claims_and_quotes(tmp_path: Path) -> None:
    store = fixture_store(str(tmp_path / "s.db"))
    store.ingest(nato_documents() + flood_documents())
    hits, total = store.search("strengthen presence east")
    assert total == len(hits) == 4
    assert {h.kind for h in hits} == {"article", "quote"}
    assert all("\x02" in h.snippet for h in hits)
    # An article hit shows its headline alone; the outlet it is also indexed under still finds it.
    titles = {h.title for h in hits if h.kind == "article"}
    assert titles == {"Nato summit in Madrid: Stoltenberg announces forces increase"}
    outlet = next(iter(NATO_BODIES))
    assert any(h.kind == "article" for h in store.search(outlet)[0])
    # A quote is named by its span: two quotes starting at one offset are two hits.
    quoted = [h.ref_id for h in hits if h.kind == "quote"]
    assert quoted and len(set(quoted)) == len(quoted)
    assert all(re.fullmatch(r".+:\d+-\d+", ref) for ref in quoted)
    claims, _ = store.search("rapid-reaction")
    assert "claim" in {h.kind for h in claims}
    assert store.search("Muchelney")[0][0].story_id == next(
        s.id for s in store.stories()[0] if s.articles == 1
    )
    # Accents fold: "Múchelney" finds "Muchelney".
    assert store.search("Múchelney")[1] == 1
    for hostile in ['"', "NEAR(a b)", "*", "a OR", "-x", "()", "title:x", "^start"]:
        store.search(hostile)
    assert store.search("   ")[1] == 0
    page_one, total = store.search("troops", limit=1)
    page_two, _ = store.search("troops", limit=1, offset=1)
    assert total >= 2 and page_one[0].ref_id != page_two[0].ref_id
    assert_claims_match_their_own_words(store)


def test_stories_since_filter(tmp_path: Path) -> None:
    store = fixture_store(str(tmp_path / "s.db"))
    store.ingest(nato_documents() + flood_documents())
    _, total = store.stories()
    assert total == 2
    late, late_total = store.stories(since=datetime(2024, 3, 1, 10, 30, tzinfo=UTC))
    assert late_total == 1 and late[0].articles == 1
    assert store.stories(since=datetime(2030, 1, 1, tzinfo=UTC))[1] == 0


def test_rebuild_recomputes_every_story_with_the_same_ids(tmp_path: Path) -> None:
    store, analyser = counting_store(tmp_path / "s.db")
    store.ingest(nato_documents() + flood_documents())
    before = {s.id: s.articles for s in store.stories()[0]}
    claims_before = store.search("troops", kinds=["claim"])[1]
    analyser.calls.clear()
    changes = store.rebuild()
    assert sorted(analyser.calls) == sorted(before) and len(changes) == 2
    assert {s.id: s.articles for s in store.stories()[0]} == before
    assert store.counts()["due"] == 0
    # Each claim is indexed once again, not twice.
    assert store.search("troops", kinds=["claim"])[1] == claims_before >= 2


def test_a_failing_analysis_leaves_the_story_due_and_the_articles_stored(tmp_path: Path) -> None:
    def broken(story_id: str, articles: Sequence[Article]) -> Story:
        raise RuntimeError("model exploded")

    db = str(tmp_path / "s.db")
    store = open_store(db, clusterer_factory=clusterer_factory(hashed_embedder), analyser=broken)
    report = store.ingest(nato_documents())
    assert len(report.added) == 2 and [f.error for f in report.failures] == ["RuntimeError: model exploded"]
    assert store.counts() == {"articles": 2, "stories": 1, "due": 1}
    view = store.story(report.failures[0].story_id)
    assert view is not None and not view.analysed and len(view.articles) == 2
    store.close()
    healed = fixture_store(db)
    assert healed.ingest([]).changes[0].is_new
    assert healed.counts()["due"] == 0


def test_empty_text_is_rejected_not_stored(tmp_path: Path) -> None:
    store = fixture_store(str(tmp_path / "s.db"))
    report = store.ingest([article_document("Empty", "Advertisement\n", "Nothing")])
    assert report.added == [] and report.rejected[0].error == "no article text left after cleaning"


def test_ingest_tells_its_progress(tmp_path: Path) -> None:
    store, _ = counting_store(tmp_path / "p.db")
    told: list[tuple[str, int, int | None]] = []
    documents = nato_documents() + flood_documents()
    store.ingest(documents, batch_size=2, progress=lambda *call: told.append(call))
    reads = [call for call in told if call[0] == "read"]
    # Unknown totals while the inputs stream in, then the count of them all.
    assert reads[0] == ("read", 2, None) and reads[-1] == ("read", len(documents), len(documents))
    analysed = [call for call in told if call[0] == "analysed"]
    assert analysed[0] == ("analysed", 0, 2) and analysed[-1] == ("analysed", 2, 2)
    store.close()


def test_ingest_cleans_with_the_furniture_learned_into_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crosscheck.furniture import ENV_PATH, OutletFurniture

    monkeypatch.setenv(ENV_PATH, str(tmp_path / "no-default-model.json"))  # no user model in the way

    footer = "The Harbour Gazette is published by Coastline Media of Portsmouth."
    stories = [
        f"Story {n} about the harbour: the council met on day {n} to discuss the bridge repairs."
        for n in range(7)
    ]
    corpus = [
        article_document("Harbour Gazette", f"{story}\n{footer}", f"Harbour {n}")
        for n, story in enumerate(stories)
    ]
    fresh = article_document(
        "Harbour Gazette",
        f"Engineers found corrosion in the harbour bridge on Tuesday.\n{footer}",
        "Corrosion",
    )

    plain, _ = counting_store(tmp_path / "plain.db")
    [kept] = plain.ingest([fresh]).added
    found = plain.article(kept)
    assert found is not None and footer in found[0].text
    plain.close()

    store, _ = counting_store(tmp_path / "furnished.db")
    store.save_furniture(OutletFurniture().fit(corpus))
    [added] = store.ingest([fresh]).added
    stored = store.article(added)
    assert stored is not None
    article = stored[0]
    assert footer not in article.text and "corrosion" in article.text
    assert any(r.reason.startswith("Harbour Gazette furniture") for r in article.removed)
    store.close()


def test_after_a_rebuild_every_old_story_id_still_finds_its_story(tmp_path: Path) -> None:
    """A rebuild reads the stored articles in one pass, earliest report first, so a story first seen through a
    later report gets its earliest report's id; the old id, in links and API clients, becomes an alias."""
    store = fixture_store(str(tmp_path / "s.db"))
    earlier, later = nato_documents()  # published an hour apart
    store.ingest([later])
    store.ingest([earlier])
    [old] = store.stories()[0]
    store.rebuild()
    [new] = store.stories()[0]
    assert new.articles == 2
    view = store.story(old.id)
    assert view is not None and view.story.id == new.id


def test_a_locked_or_read_only_store_says_so_and_keeps_what_it_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "busy.db")
    store = impatient_store(db, monkeypatch)
    store.ingest(nato_documents())
    with write_lock_held(db), pytest.raises(StoreLocked, match=r"busy\.db is locked by another writer"):
        store.ingest(flood_documents())
    assert store.counts()["articles"] == 2
    assert len(store.ingest(flood_documents()).added) == 1
    store.close()

    read_only = open_store(
        f"sqlite:///file:{db}?mode=ro&uri=true",
        clusterer_factory=clusterer_factory(hashed_embedder),
        analyser=fixture_analyser,
    )
    with pytest.raises(StoreReadOnly, match=r"busy\.db is read-only"):
        read_only.ingest([article_document("Wire", "A new report of the floods in Somerset.", "Floods")])
    read_only.close()
    reopened = fixture_store(db)
    assert reopened.counts()["articles"] == 3
    reopened.close()

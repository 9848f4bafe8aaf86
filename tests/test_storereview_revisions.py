"""A newer version of a stored report (a dump's row of the same id with corrected text, the same story posted
again under a new headline) replaces the stored one, and its story is analysed anew; a mere copy of a report
read from somewhere else is still stored once."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from crosscheck.commands import app, store_commands
from crosscheck.model import Article, Discrepancy, Document, Story
from crosscheck.store import Store, open_store
from crosscheck.store.components import clusterer_factory
from crosscheck.web import create_app
from tests.store.fixtures import BASE_TIME, fixture_analyser, fixture_store, hashed_embedder, span_of

COUNCIL = (
    "The council shut the old bridge on Tuesday after engineers found cracks in two of its piers. "
    "Repairs will cost 4 million pounds, the council said."
)
CORRECTED = (
    "The council shut the old bridge on Tuesday after engineers found cracks in three of its piers. "
    "Repairs will cost 6 million pounds, the council said."
)
HERALD = (
    "The old bridge was shut on Tuesday, the council said, after cracks were found in its piers. "
    "Engineers put the repairs at 4 million pounds."
)


def dump_row(row_id: str, outlet: str, text: str, title: str, path: str = "dump.jsonl") -> Document:
    return Document(
        id=row_id, text=text, outlet=outlet, title=title, path=path, published=BASE_TIME, story="bridge"
    )


def spans_hold(store: Store, story_id: str) -> None:
    """Every span the served story cites is the very text of its article at those offsets."""
    view = store.story(story_id)
    assert view is not None
    texts = {a.id: a.text for a in view.articles}
    spans = [s for c in view.story.claims for s in c.support] + [
        s for d in view.story.discrepancies for s in d.sides
    ]
    assert spans
    for span in spans:
        assert texts[span.article_id][span.start : span.end] == span.text


def test_a_corrected_dump_row_replaces_the_stored_report(tmp_path: Path) -> None:
    store = fixture_store(str(tmp_path / "s.db"))
    first = store.ingest(
        [
            dump_row("gazette-7", "Gazette", COUNCIL, "Bridge shut"),
            dump_row("herald-3", "Herald", HERALD, "Bridge"),
        ]
    )
    assert sorted(first.added) == ["gazette-7", "herald-3"]
    story_id = first.new_stories[0]

    # The next day's dump: the Gazette corrected its figures; the Herald's row is as it was.
    again = store.ingest(
        [
            dump_row("gazette-7", "Gazette", CORRECTED, "Bridge shut: repairs to cost more", "next.jsonl"),
            dump_row("herald-3", "Herald", HERALD, "Bridge", "next.jsonl"),
        ]
    )
    assert again.added == [] and again.revised == ["gazette-7"] and again.already_stored == ["herald-3"]
    # The story was there before: updated, not new.
    assert again.new_stories == [] and again.updated_stories == [story_id]

    found = store.article("gazette-7")
    assert found is not None and found[0].text == CORRECTED and found[1] == story_id
    assert store.counts() == {"articles": 2, "stories": 1, "due": 0}
    summary = store.stories()[0][0]
    assert summary.articles == 2 and summary.analysed
    spans_hold(store, story_id)
    # The search finds the corrected words, and the old figure only where the Herald still gives it.
    assert {h.article_id for h in store.search("three piers", kinds=["article"])[0]} == {"gazette-7"}
    assert {h.article_id for h in store.search("4 million", kinds=["article"])[0]} == {"herald-3"}
    assert store.search("three piers", kinds=["claim"])[1] >= 1
    assert store.search("two piers", kinds=["claim"])[1] == 0


def test_a_revised_report_drops_its_story_analysis_until_it_is_redone(tmp_path: Path) -> None:
    store = fixture_store(str(tmp_path / "s.db"))
    story_id = store.ingest(
        [
            dump_row("gazette-7", "Gazette", COUNCIL, "Bridge shut"),
            dump_row("herald-3", "Herald", HERALD, "Bridge"),
        ]
    ).new_stories[0]
    store.ingest([dump_row("gazette-7", "Gazette", CORRECTED, "Bridge shut")], analyse=False)
    # Its claims cite the old text by offsets: served before the new analysis, they would cite wrong words.
    view = store.story(story_id)
    assert view is not None and not view.analysed and view.story.claims == []
    summary = store.stories()[0][0]
    assert not summary.analysed and summary.claims == 0 and summary.discrepancies == 0
    assert store.search("council", kinds=["claim"])[1] == 0
    store.analyse_due()
    spans_hold(store, story_id)


def test_the_same_report_read_again_from_elsewhere_is_stored_once(tmp_path: Path) -> None:
    store = fixture_store(str(tmp_path / "s.db"))
    store.ingest([dump_row("gazette-7", "Gazette", COUNCIL, "Bridge shut")])
    again = store.ingest([dump_row("gazette-7", "Gazette", COUNCIL, "Bridge shut", "/elsewhere/copy.jsonl")])
    assert again.added == again.revised == [] and again.already_stored == ["gazette-7"]
    assert again.changes == []


def test_a_dump_listing_a_report_twice_keeps_its_later_version(tmp_path: Path) -> None:
    store = fixture_store(str(tmp_path / "s.db"))
    report = store.ingest(
        [
            dump_row("gazette-7", "Gazette", COUNCIL, "Bridge shut"),
            dump_row("gazette-7", "Gazette", CORRECTED, "Bridge"),
        ]
    )
    # Two inputs, both counted: one new article, then its newer version.
    assert report.added == ["gazette-7"] and report.revised == ["gazette-7"]
    found = store.article("gazette-7")
    assert found is not None and found[0].text == CORRECTED and found[0].title == "Bridge"
    assert store.counts()["articles"] == 1


def test_the_api_and_the_cli_say_what_was_revised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "s.db")
    store = fixture_store(db)
    client = TestClient(create_app(store))
    posted = {
        "text": COUNCIL,
        "outlet": "Gazette",
        "url": "https://gazette.example/bridge",
        "title": "Bridge shut",
    }
    first = client.post("/api/ingest", json=posted).json()
    assert len(first["added"]) == 1 and first["revised"] == []
    story_id = first["stories"][0]
    retitled = client.post("/api/ingest", json={**posted, "title": "Bridge shut for repairs"}).json()
    assert (
        retitled["added"] == []
        and retitled["revised"] == first["added"]
        and retitled["stories"] == [story_id]
    )
    detail = client.get(f"/api/stories/{story_id}").json()
    assert detail["analysed"] and detail["articles"][0]["title"] == "Bridge shut for repairs"

    dump = tmp_path / "dump.jsonl"
    row = {"id": "gazette-7", "outlet": "Gazette", "title": "Bridge shut", "text": COUNCIL}
    dump.write_text(json.dumps(row) + "\n", encoding="utf-8")
    monkeypatch.setattr(store_commands, "_open", lambda db, create=True: fixture_store(db or ""))
    runner = CliRunner()
    ingest = ["ingest", str(dump), "--db", db, "--format", "json", "-q"]
    assert json.loads(runner.invoke(app, ingest).stdout)["added"] == ["gazette-7"]
    dump.write_text(json.dumps({**row, "text": CORRECTED}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ingest)
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["revised"] == ["gazette-7"] and out["added"] == [] and out["already_stored"] == []
    dump.write_text(json.dumps({**row, "text": COUNCIL}) + "\n", encoding="utf-8")
    text = runner.invoke(app, ["ingest", str(dump), "--db", db, "-q"]).stdout
    assert text.startswith("0 new articles, 1 revised, 0 already stored, 0 skipped;")
    store.close()


def test_a_revision_announces_only_the_discrepancies_it_changed(tmp_path: Path) -> None:
    store = fixture_store(str(tmp_path / "s.db"))
    wire = "Engineers said on Tuesday that the old bridge would stay shut for a year while piers are rebuilt."
    first = store.ingest(
        [
            dump_row("gazette-7", "Gazette", COUNCIL, "Bridge shut"),
            dump_row("herald-3", "Herald", HERALD, "Bridge"),
            Document(
                id="wire-1", text=wire, outlet="Wire", title="Bridge", published=BASE_TIME.replace(hour=12)
            ),
        ]
    )
    (change,) = first.changes
    assert len(change.new_discrepancies) == 1  # the fixture analysis compares the two earliest reports
    # The Wire's later report is corrected: the Gazette and the Herald still differ as before, which is no news.
    corrected = wire.replace("a year", "two years")
    again = store.ingest(
        [
            Document(
                id="wire-1",
                text=corrected,
                outlet="Wire",
                title="Bridge",
                published=BASE_TIME.replace(hour=12),
            )
        ]
    )
    assert again.revised == ["wire-1"]
    (change,) = again.changes
    assert not change.is_new and change.new_discrepancies == []


def capture(text: str, published: datetime | None, path: str) -> Document:
    """A saved copy of one breaking-news address, as a folder of pages holds several."""
    return Document(
        text=text,
        outlet="Post",
        url="https://post.example/breaking/bridge",
        title="Breaking news",
        path=path,
        published=published,
    )


def test_captures_of_one_address_keep_the_latest_whatever_the_order_they_are_read_in(tmp_path: Path) -> None:
    may = capture(COUNCIL, datetime(2024, 5, 2, tzinfo=UTC), "may.html")
    june = capture(CORRECTED, datetime(2024, 6, 9, tzinfo=UTC), "june.html")
    undated = capture(HERALD, None, "undated.html")
    for order in ([undated, may, june], [june, may, undated], [may, undated, june]):
        store = fixture_store(str(tmp_path / f"{order[0].path}.db"))
        store.ingest(order, batch_size=1)
        (summary,) = store.stories()[0]
        view = store.story(summary.id)
        assert view is not None and [a.text for a in view.articles] == [CORRECTED]
        # The folder read again, in one batch or one page at a time: nothing changes, nothing is re-analysed.
        for batch_size in (1, 64):
            again = store.ingest(order, batch_size=batch_size)
            assert again.revised == [] and again.changes == [] and len(again.already_stored) == 3
        store.close()


FIGURE = re.compile(r"[A-Z][^.]*million[^.]*\.")


def figures_analyser(story_id: str, articles: Sequence[Article]) -> Story:
    """The fixture analysis, with one discrepancy: the sentences that give a figure in millions."""
    story = fixture_analyser(story_id, articles)
    sides = [span_of(a, *found.span()) for a in articles if (found := FIGURE.search(a.text))]
    figures = Discrepancy(kind="number", explanation="The reports give different costs.", sides=sides[:2])
    return story.model_copy(update={"discrepancies": [figures]})


def test_a_revision_that_only_moves_a_discrepancy_does_not_announce_it_again(tmp_path: Path) -> None:
    store = open_store(
        str(tmp_path / "s.db"),
        clusterer_factory=clusterer_factory(hashed_embedder),
        analyser=figures_analyser,
    )
    first = store.ingest(
        [
            dump_row("gazette-7", "Gazette", COUNCIL, "Bridge shut"),
            dump_row("herald-3", "Herald", HERALD, "Bridge"),
        ]
    )
    assert [len(c.new_discrepancies) for c in first.changes] == [1]
    # The Gazette's update says more before its figure: the figure sentence moves, its words stay.
    updated = COUNCIL.replace("piers. ", "piers, the third closure this year. ")
    again = store.ingest([dump_row("gazette-7", "Gazette", updated, "Bridge shut")])
    assert again.revised == ["gazette-7"]
    (change,) = again.changes
    assert change.new_discrepancies == []
    store.close()

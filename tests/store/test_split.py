"""A story the clusterer splits after the fact: the store moves the split-off articles to the new story, loses
and duplicates nothing, and a split that revives a merged-away id makes it a story again (real SQLite)."""

from __future__ import annotations

from pathlib import Path

from crosscheck.cluster import ClusterConfig, story_key
from crosscheck.model import Document
from crosscheck.store import Store, open_store
from crosscheck.store.components import clusterer_factory
from crosscheck.store.tables import StoryAliasRow
from tests.store.fixtures import ScriptedClusterer, article_document, fixture_analyser, hashed_embedder

FLOOD_SENTENCES = [
    "Floodwater covered Somerset villages after rivers burst their banks overnight.",
    "The Environment Agency issued severe flood warnings for Somerset villages along the rivers.",
    "Floodwater reached homes in Muchelney, which was cut off for a third day.",
    "Somerset villagers waded through floodwater to reach sandbags handed out by the council.",
    "Forecasters expect more rain on the Somerset Levels before the rivers fall.",
]
ELECTION_SENTENCES = [
    "Turkmenistan voters elected a parliament on Sunday in a ballot dominated by the ruling party.",
    "Officials in Ashgabat said turnout in the parliamentary ballot passed ninety percent.",
    "Observers called the Turkmenistan ballot tightly managed, with no opposition candidates.",
    "The ruling party of President Berdimuhamedov is expected to hold every seat in parliament.",
    "Ashgabat polling stations closed at seven in the evening, the election commission said.",
]


def variants(sentences: list[str], count: int) -> list[str]:
    """``count`` reports of one event: its sentences, each report leaving one out and starting elsewhere."""
    return [" ".join((sentences[i:] + sentences[:i])[:-1]) for i in range(count)]


FLOOD = variants(FLOOD_SENTENCES, 4)
ELECTION = variants(ELECTION_SENTENCES, 5)

# One shared sentence puts every article among the open story's candidates; with a join threshold below any
# score every article joins it and stories never merge, so only the split check at six articles can separate
# the two events. (It bisects at six articles, then at nine.)
CREDIT = " Reporting by the Courier newsdesk."
JOIN_ALL = ClusterConfig(threshold=-1.0, merge_threshold=2.0)


def join_all_store(db: Path) -> Store:
    return open_store(
        str(db), clusterer_factory=clusterer_factory(hashed_embedder, JOIN_ALL), analyser=fixture_analyser
    )


def reports(floods: int, elections: int) -> tuple[list[Document], list[Document]]:
    """The first reports of each event, the elections ten hours after the floods."""
    return (
        [
            article_document(f"Flood{i}", body + CREDIT, body[:40], hours=i)
            for i, body in enumerate(FLOOD[:floods])
        ],
        [
            article_document(f"Vote{i}", body + CREDIT, body[:40], hours=10 + i)
            for i, body in enumerate(ELECTION[:elections])
        ],
    )


def test_a_split_moves_the_articles_to_the_new_story(tmp_path: Path) -> None:
    store = join_all_store(tmp_path / "split.db")
    floods, elections = reports(len(FLOOD), len(ELECTION))
    first = store.ingest([*floods, elections[0]])
    assert store.counts() == {"articles": 5, "stories": 1, "due": 0}
    (joined,) = store.stories()[0]
    flood_ids, first_vote = first.added[:4], first.added[4]
    assert joined.id == story_key(flood_ids[0])

    second = store.ingest(elections[1:])
    assert store.counts() == {"articles": 9, "stories": 2, "due": 0}
    vote_ids = [first_vote, *second.added]
    kept, split_off = store.story(story_key(flood_ids[0])), store.story(story_key(first_vote))
    assert kept is not None and split_off is not None
    # The half holding the story's first article keeps the id; the other half is keyed by its first article.
    assert sorted(a.id for a in kept.articles) == sorted(flood_ids)
    assert sorted(a.id for a in split_off.articles) == sorted(vote_ids)
    assert kept.story.id != split_off.story.id
    # Both stories were re-analysed with their new membership.
    assert {c.story_id for c in second.changes} == {kept.story.id, split_off.story.id}
    assert {s.id: s.articles for s in store.stories()[0]} == {kept.story.id: 4, split_off.story.id: 5}
    # Search entries moved with the articles.
    assert {h.story_id for h in store.search("Turkmenistan")[0]} == {split_off.story.id}
    assert {h.story_id for h in store.search("Somerset")[0]} == {kept.story.id}

    # A later process resumes the saved state and sees the split stories.
    again = join_all_store(tmp_path / "split.db")
    later = again.ingest(
        [article_document("Vote9", ELECTION[0] + " Turnout was high." + CREDIT, "Turnout", 20)]
    )
    assert again.counts()["articles"] == 10
    stories = {s.id: s.articles for s in again.stories()[0]}
    assert sum(stories.values()) == 10 and len(stories) == 2
    assert later.added[0] in {a.id for a in (again.story(split_off.story.id) or split_off).articles}


def test_a_split_revives_a_merged_away_story_id(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "r.db"), clusterer_factory=ScriptedClusterer, analyser=fixture_analyser)
    body = "Officials met in the capital on Monday to agree the plan. Talks went on late."
    store.ingest(
        [article_document("Herald", body, "alpha talks"), article_document("Post", body + " Yes.", "beta")]
    )
    store.ingest([article_document("Wire", body + " Later.", "merge beta into alpha")])
    merged = store.story("story-beta")
    assert merged is not None and merged.story.id == "story-alpha"  # the old id is an alias now

    store.ingest([article_document("Daily", body + " Again.", "split beta off alpha")])
    revived, kept = store.story("story-beta"), store.story("story-alpha")
    assert revived is not None and kept is not None
    assert revived.story.id == "story-beta" and [a.outlet for a in revived.articles] == ["Post"]
    assert sorted(a.outlet for a in kept.articles) == ["Daily", "Herald", "Wire"]
    assert store.counts() == {"articles": 4, "stories": 2, "due": 0}
    # The id is a story again, no longer also an alias of the story that had absorbed it.
    with store.db.read() as session:
        assert session.get(StoryAliasRow, "story-beta") is None


def test_a_batch_ends_with_the_split_check_a_small_story_never_reached(tmp_path: Path) -> None:
    """Four reports of each event in one batch: at the growth check (six articles) the second event has two
    reports, too few to stand as a half; the check at the end of the batch separates the eight."""
    store = join_all_store(tmp_path / "settle.db")
    floods, elections = reports(4, 4)
    report = store.ingest([*floods, *elections])
    assert store.counts() == {"articles": 8, "stories": 2, "due": 0}
    flood_ids, vote_ids = report.added[:4], report.added[4:]
    for ids in (flood_ids, vote_ids):
        view = store.story(story_key(ids[0]))
        assert view is not None and sorted(a.id for a in view.articles) == sorted(ids)

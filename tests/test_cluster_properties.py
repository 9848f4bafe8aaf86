"""Story clustering's bookkeeping under random streams: whatever the joins, merges, splits and end-of-batch
moves, every article is in exactly one story, merged-away keys are gone, and a clusterer resumed from its JSON
state at any batch boundary ends where the uninterrupted one does (this found that a resumed clusterer
recomputed every story's norms with the current idf, where the uninterrupted one keeps each story's norms from
its last change, so that the two could assign the next article differently). Profiles are generated (no
model)."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from crosscheck.cluster import ClusterConfig, Profile, StoryClusterer
from crosscheck.model import Article

# A small vocabulary, so that profiles share terms and entities and stories meet, split and trade members.
TERMS = [f"term{n}" for n in range(12)]
ENTITIES = [f"name{n}" for n in range(6)]


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    vector = np.zeros(384, dtype=np.float32)
    vector[:4] = draw(st.lists(st.floats(-1.0, 1.0), min_size=4, max_size=4))
    vector[4] = 0.05  # never the zero vector
    terms = draw(st.dictionaries(st.sampled_from(TERMS), st.floats(1.0, 3.0), min_size=1, max_size=5))
    entities = draw(st.dictionaries(st.sampled_from(ENTITIES), st.floats(1.0, 2.0), max_size=3))
    # Undated, or dated within a month: a story left for a week closes, yet an undated report can still meet it.
    day = draw(st.none() | st.integers(0, 30))
    published = None if day is None else 1_700_000_000.0 + day * 86_400.0
    return Profile(vector / np.linalg.norm(vector), terms, entities, published)


def _check(clusterer: StoryClusterer, ids: list[str]) -> None:
    stories = clusterer.stories()
    members = [i for story in stories.values() for i in story]
    assert sorted(members) == sorted(ids), "an article lost or in two stories"
    assert all(stories.values()), "an empty story"
    for key, story in stories.items():
        assert all(clusterer.story_of(i) == key for i in story)
    for absorbed, surviving in clusterer.merges:
        assert absorbed != surviving
    # Kept profiles match the members one for one, or splits and moves would act on the wrong articles.
    for kept in clusterer._stories.values():
        assert kept.members is None or len(kept.members) == len(kept.article_ids)


@settings(max_examples=200, deadline=None)
@given(
    stream=st.lists(profiles(), min_size=2, max_size=40),
    cuts=st.lists(st.integers(1, 39), max_size=4),
    threshold=st.sampled_from([-1.0, 0.2, 0.33, 0.5]),
)
def test_every_article_stays_in_exactly_one_story(
    stream: list[Profile], cuts: list[int], threshold: float
) -> None:
    config = ClusterConfig(threshold=threshold, merge_threshold=max(threshold, 0.3), split_first_check=4)
    articles = [Article(id=f"a{n}", outlet="o", text="x") for n in range(len(stream))]
    ids = [a.id for a in articles]
    boundaries = sorted({c for c in cuts if c < len(stream)} | {len(stream)})

    straight = StoryClusterer(config)
    resumed = StoryClusterer(config)
    start = 0
    for end in boundaries:
        for article, profile in zip(articles[start:end], stream[start:end], strict=True):
            straight.add(article, profile)
            resumed.add(article, profile)
        straight.settle()
        resumed.settle()
        _check(straight, ids[:end])
        # A store saves the state after each batch (which drops the profiles of closed stories) and loads it
        # for the next; the uninterrupted clusterer saves too, without loading.
        straight.to_state()
        resumed = StoryClusterer.from_state(json.loads(json.dumps(resumed.to_state())), config)
        assert resumed.stories() == straight.stories()
        start = end
    assert straight.moves == resumed.moves
    # Keys merged away (by a meeting or by a move that emptied a story) are no stories any more.
    final = straight.stories()
    absorbed = {a for a, _ in straight.merges}
    revived = {kept for pair in straight.splits for kept in pair}
    assert not (absorbed - revived) & set(final)

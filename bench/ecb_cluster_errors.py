"""Where story clustering goes wrong on ECB+ dev, and how far its similarity could go with a perfect structure.

Prints, for the file order and one shuffled order: the stories that mix two events, the events cut into
several stories, and whether the articles left outside their event's main story are nearer the story they are
in than that main story (then no rule over this similarity can move them home). Then two ceilings of the same-story score itself, independent of the online structure:

- gold-event contrast: each article scored against the rest of its own event and against the whole other
  event of its topic (as complete stories): how many articles are nearer the wrong event, and the pooled AUC
  (one threshold for every topic, as the online join uses);
- the first article of each topic's second event, scored against the complete first event (what the online
  join faces in file order), beside the same-event scores: how many would join at the threshold.

Then the split check on its own, oracle-free, on the gold groups: each whole topic bisected as one story (does
the cut recover its two events, and is the cut below the split threshold?) and each event alone (it must not
be split), with the AUC of the cut as a "two events or one" test.

    .venv/bin/python bench/ecb_cluster_errors.py [--shuffle-seed 13]
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from crosscheck.cluster import (
    DEFAULT_CONFIG,
    Profile,
    StoryClusterer,
    arrival_order,
    lead_text,
    profile_articles,
)
from crosscheck.evaluate.clustering import (
    EcbDocument,
    event_confusions,
    labels_of,
    load_ecbplus,
    partition_scores,
)

ECB = Path(__file__).resolve().parents[2] / "shared" / "eval" / "clustering" / "ecbplus_dev_docs.jsonl"


def _misplaced(
    clusterer: StoryClusterer,
    groups: list[list[str]],
    documents: list[EcbDocument],
    profiles: list[Profile],
) -> None:
    """Each article outside its event's main story (the one holding most of the event), scored against the
    story it is in (without itself) and against that main story, three ways: the centroid score the join and
    the moves use, the mean of its three best member similarities, and the mean over all members. An article
    nearer its own story under all three cannot be moved home by any rule that reads this similarity."""
    event_of = {d.article.id: d.subtopic for d in documents}
    profile_of = {d.article.id: p for d, p in zip(documents, profiles, strict=True)}
    held: dict[str, Counter[int]] = defaultdict(Counter)
    for number, group in enumerate(groups):
        for article_id in group:
            held[event_of[article_id]][number] += 1
    # The story holding most of the event; on a tie, the first.
    main_story = {event: max(stories, key=lambda n: (stories[n], -n)) for event, stories in held.items()}

    def linkages(profile: Profile, members: list[Profile]) -> tuple[float, float, float]:
        similarities = sorted((clusterer.similarity(profile, other) for other in members), reverse=True)
        return (
            clusterer.score_against(profile, members),
            float(np.mean(similarities[:3])),
            float(np.mean(similarities)),
        )

    nearer_own = total = 0
    for number, group in enumerate(groups):
        for article_id in group:
            home = main_story[event_of[article_id]]
            others = [profile_of[i] for i in group if i != article_id]
            if home == number or not others:
                continue
            total += 1
            own = linkages(profile_of[article_id], others)
            theirs = linkages(profile_of[article_id], [profile_of[i] for i in groups[home]])
            nearer_own += all(mine > there for mine, there in zip(own, theirs, strict=True))
    print(
        f"  {total} articles sit outside their event's main story with company; {nearer_own} of them score higher "
        "against their own story than against the main one by centroid, best-three and mean linkage alike"
    )


def main() -> None:
    import random

    from sklearn.metrics import adjusted_rand_score, roc_auc_score

    from crosscheck.nlp import embed

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shuffle-seed", type=int, default=13)
    args = parser.parse_args()
    documents = load_ecbplus(ECB)
    articles = [d.article for d in documents]
    vectors = embed([lead_text(a) for a in articles])
    profiles = profile_articles(articles, vectors=vectors)

    for name, seed in (("file order", None), (f"shuffled ({args.shuffle_seed})", args.shuffle_seed)):
        order = list(range(len(documents)))
        if seed is not None:
            random.Random(seed).shuffle(order)
        arriving = [articles[i] for i in order]
        online = StoryClusterer()
        for index in arrival_order(arriving):
            online.add(arriving[index], profiles[order[index]])
        online.settle()  # the end of the batch, as in ``cluster_stories``
        groups = list(online.stories().values())
        predicted = labels_of(groups, [a.id for a in arriving])
        scores = partition_scores("subtopic", [documents[i].subtopic for i in order], predicted)
        confusions = event_confusions(documents, groups)
        print(
            f"{name}: V {scores.v_measure:.4f}, ARI {scores.ari:.4f}, {scores.stories} stories, "
            f"{len(online.splits)} splits, {len(online.merges)} merges"
        )
        print(f"  {len(confusions.mixed)} stories mix events: {confusions.mixed}")
        print(f"  {len(confusions.split)} events split: {confusions.split}")
        _misplaced(online, groups, documents, profiles)

    # Weights as at the end of the stream: every document counted once.
    scorer = StoryClusterer()
    scorer.observe(profiles)
    members: dict[str, list[int]] = defaultdict(list)
    events_of_topic: dict[str, list[str]] = defaultdict(list)
    for index, document in enumerate(documents):
        if not members[document.subtopic]:
            events_of_topic[document.topic].append(document.subtopic)
        members[document.subtopic].append(index)

    own_scores: list[float] = []
    other_scores: list[float] = []
    nearer_other = 0
    for index, document in enumerate(documents):
        own = [profiles[i] for i in members[document.subtopic] if i != index]
        others = [e for e in events_of_topic[document.topic] if e != document.subtopic]
        if not own or not others:
            continue
        mine = scorer.score_against(profiles[index], own)
        theirs = scorer.score_against(profiles[index], [profiles[i] for i in members[others[0]]])
        own_scores.append(mine)
        other_scores.append(theirs)
        nearer_other += theirs > mine
    labels = [1] * len(own_scores) + [0] * len(other_scores)
    auc = roc_auc_score(labels, own_scores + other_scores)
    print(
        f"gold-event contrast: {nearer_other}/{len(own_scores)} articles score higher against the other event "
        f"of their topic; pooled AUC own vs other {auc:.4f}"
    )
    own_q = np.quantile(own_scores, [0.05, 0.1, 0.2])
    print(f"  same-event scores: 5%/10%/20% quantiles {own_q.round(3).tolist()}")

    threshold = DEFAULT_CONFIG.threshold
    firsts = []
    for events in events_of_topic.values():
        if len(events) == 2:
            first_event, second_event = events
            newcomer = profiles[members[second_event][0]]
            firsts.append(scorer.score_against(newcomer, [profiles[i] for i in members[first_event]]))
    joining = sum(score >= threshold for score in firsts)
    print(
        f"first article of a topic's second event against the complete first event: {joining}/{len(firsts)} "
        f"score ≥ the join threshold {threshold}; 50%/75%/90% quantiles "
        f"{np.quantile(firsts, [0.5, 0.75, 0.9]).round(3).tolist()}"
    )

    # The split check alone on gold groups, with every document counted in the idf.
    limit = DEFAULT_CONFIG.split_max_ncut
    topic_members: dict[str, list[int]] = defaultdict(list)
    for index, document in enumerate(documents):
        topic_members[document.topic].append(index)
    topic_cuts: list[float] = []
    recovered = split_right = 0
    for _, indices in sorted(topic_members.items(), key=lambda item: int(item[0])):
        side, cut = scorer.bisect([profiles[i] for i in indices])
        agreement = adjusted_rand_score([documents[i].subtopic for i in indices], side)
        topic_cuts.append(cut)
        recovered += agreement > 0.99
        split_right += agreement > 0.99 and cut < limit
    event_cuts = {
        event: scorer.bisect([profiles[i] for i in indices])[1] for event, indices in members.items()
    }
    wrongly = sorted(event for event, cut in event_cuts.items() if cut < limit)
    auc = roc_auc_score(
        [1] * len(topic_cuts) + [0] * len(event_cuts),
        [-min(c, 9.0) for c in [*topic_cuts, *event_cuts.values()]],  # too small to split: 9,
    )
    print(
        f"split check on gold groups (cut < {limit}): bisection recovers both events of {recovered}/"
        f"{len(topic_cuts)} whole topics, {split_right} of them with a cut that splits; "
        f"{len(wrongly)}/{len(event_cuts)} single events would be split {wrongly}; "
        f"AUC of the cut, topic vs single event: {auc:.3f}"
    )


if __name__ == "__main__":
    main()

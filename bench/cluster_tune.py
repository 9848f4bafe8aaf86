"""Tuning harness for story clustering on ECB+ dev (allowed for tuning by issue #4): V/ARI against events over
the file order and shuffles 13, 7, 99, plus the small-corpus check (four reports of each event of topics 1, 3,
12, 2 and more, clustered alone: no story may mix two events). Lead embeddings are cached in a temp folder.

    .venv/bin/python bench/cluster_tune.py [--set threshold=0.30 --set merge_threshold=0.45]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import tempfile
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

from crosscheck.cluster import DEFAULT_CONFIG, ClusterConfig, cluster_stories, lead_text
from crosscheck.evaluate.clustering import labels_of, load_ecbplus, partition_scores

ECB = Path(__file__).resolve().parents[2] / "shared" / "eval" / "clustering" / "ecbplus_dev_docs.jsonl"
ORDERS: tuple[int | None, ...] = (None, 13, 7, 99)


def cached_vectors(texts: list[str]) -> np.ndarray:
    # Keyed by the leads themselves: a change of lead length or of the file embeds again.
    digest = hashlib.sha1("\x00".join(texts).encode("utf-8")).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"crosscheck-ecb-leads-{digest}.npy"
    if cache.exists():
        return np.asarray(np.load(cache), dtype=np.float32)
    from crosscheck.nlp import embed

    vectors = np.asarray(embed(texts), dtype=np.float32)
    np.save(cache, vectors)
    return vectors


def evaluate(config: ClusterConfig, verbose: bool = False) -> tuple[float, float, int]:
    documents = load_ecbplus(ECB)
    vectors = cached_vectors([lead_text(d.article) for d in documents])
    vs, aris = [], []
    for seed in ORDERS:
        order = list(range(len(documents)))
        if seed is not None:
            random.Random(seed).shuffle(order)
        articles = [documents[i].article for i in order]
        groups = cluster_stories(articles, config, vectors[order])
        predicted = labels_of(groups, [a.id for a in articles])
        scores = partition_scores("subtopic", [documents[i].subtopic for i in order], predicted)
        topic = partition_scores("topic", [documents[i].topic for i in order], predicted)
        vs.append(scores.v_measure)
        aris.append(scores.ari)
        print(
            f"  order {seed}: V {scores.v_measure:.4f} ARI {scores.ari:.4f} stories {scores.stories} "
            f"topic homog {topic.homogeneity:.4f}"
        )
        if verbose:
            from crosscheck.evaluate.clustering import event_confusions

            confusions = event_confusions(documents, groups)
            print("    mixed", confusions.mixed)
            print("    split", confusions.split)
    # Small corpora: four reports of each event of a topic, clustered alone.
    by_topic: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for index, document in enumerate(documents):
        events = by_topic[document.topic]
        if len(events[document.subtopic]) < 4:
            events[document.subtopic].append(index)
    mixed = 0
    mixed_topics = []
    for topic_id, events in sorted(by_topic.items(), key=lambda item: int(item[0])):
        rows = [i for members in events.values() for i in members]
        groups = cluster_stories([documents[i].article for i in rows], config, vectors[rows])
        event_of = {documents[i].article.id: documents[i].subtopic for i in rows}
        bad = sum(len({event_of[i] for i in group}) > 1 for group in groups)
        if bad:
            mixed += 1
            mixed_topics.append(topic_id)
    print(
        f"mean V {np.mean(vs):.4f} ARI {np.mean(aris):.4f} (file {vs[0]:.4f}/{aris[0]:.4f}); "
        f"small corpora mixing events: {mixed}/{len(by_topic)} {mixed_topics}"
    )
    return float(np.mean(vs)), float(np.mean(aris)), mixed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", default=[], help="field=value of ClusterConfig")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    changes = {}
    for item in args.set:
        name, value = item.split("=", 1)
        kind = type(getattr(DEFAULT_CONFIG, name))
        changes[name] = value.lower() in ("1", "true") if kind is bool else kind(value)
    evaluate(replace(DEFAULT_CONFIG, **changes), args.verbose)


if __name__ == "__main__":
    main()

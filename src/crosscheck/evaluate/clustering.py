"""Story clustering scored on ../shared/eval/clustering: ECB+ events, SemEval-2022 pairs, news-search results.

- ECB+ dev (topics 1–35): the online clusterer, no k, over the documents in file order and in a fixed shuffled
  order; V-measure, homogeneity, completeness and ARI against ``subtopic`` (events) and against ``topic``.
- SemEval-2022 Task 8 subset, English–English pairs: Pearson between the clusterer's same-story score and the
  gold ``Overall`` (1 = very similar, 4 = very dissimilar), reported with the sign flipped so higher is better.
- news_search_clustering: each query's 50 results (title and snippet) clustered on their own; NMI and ARI
  against each of the three human clusterings (results a human left out are singletons), averaged.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crosscheck.cluster import (
    DEFAULT_CONFIG,
    ClusterConfig,
    Vector,
    cluster_stories,
    lead_text,
    profile_articles,
)
from crosscheck.model import Article


@dataclass(frozen=True)
class PartitionScores:
    """Agreement of a clustering with one gold partition."""

    gold: str
    v_measure: float
    homogeneity: float
    completeness: float
    ari: float
    nmi: float
    stories: int
    gold_clusters: int


def partition_scores(gold_name: str, gold: Sequence[str], predicted: Sequence[int]) -> PartitionScores:
    from sklearn.metrics import (
        adjusted_rand_score,
        homogeneity_completeness_v_measure,
        normalized_mutual_info_score,
    )

    homogeneity, completeness, v_measure = homogeneity_completeness_v_measure(gold, predicted)
    return PartitionScores(
        gold=gold_name,
        v_measure=float(v_measure),
        homogeneity=float(homogeneity),
        completeness=float(completeness),
        ari=float(adjusted_rand_score(gold, predicted)),
        nmi=float(normalized_mutual_info_score(gold, predicted)),
        stories=len(set(predicted)),
        gold_clusters=len(set(gold)),
    )


def labels_of(groups: Sequence[Sequence[str]], ids: Sequence[str]) -> list[int]:
    story = {article_id: number for number, group in enumerate(groups) for article_id in group}
    return [story[article_id] for article_id in ids]


# ---- ECB+ ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EcbDocument:
    article: Article
    topic: str
    subtopic: str


def load_ecbplus(path: Path, topics: set[str] | None = None) -> list[EcbDocument]:
    """ECB+ documents as articles: the first sentence is the title (as the file stores it), the rest the body."""
    documents = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if topics is not None and str(row["topic"]) not in topics:
            continue
        title = str(row.get("title") or "").strip()
        body = str(row.get("text") or "").strip()
        # 61 one-sentence documents keep their whole text in the title; the body must not be empty.
        article = Article(id=str(row["doc_id"]), outlet="ecbplus", title=title or None, text=body or title)
        documents.append(EcbDocument(article, str(row["topic"]), str(row["subtopic"])))
    return documents


def score_ecbplus(
    documents: Sequence[EcbDocument],
    config: ClusterConfig | None = None,
    vectors: Vector | None = None,
    shuffle_seed: int | None = None,
) -> dict[str, PartitionScores]:
    """Cluster online (file order, or shuffled with ``shuffle_seed``) and score against subtopics and topics."""
    order = list(range(len(documents)))
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(order)
    articles = [documents[i].article for i in order]
    if vectors is None:
        from crosscheck.nlp import embed

        vectors = embed([lead_text(a) for a in articles])
    else:
        vectors = vectors[order]
    groups = cluster_stories(articles, config, vectors)
    predicted = labels_of(groups, [a.id for a in articles])
    return {
        "subtopic": partition_scores("subtopic", [documents[i].subtopic for i in order], predicted),
        "topic": partition_scores("topic", [documents[i].topic for i in order], predicted),
    }


@dataclass(frozen=True)
class EventConfusions:
    """Where a clustering disagrees with the gold events: stories mixing events, and events split up."""

    mixed: list[dict[str, int]]
    """Per story holding several events: event → articles of it in the story, largest first."""
    split: dict[str, list[int]]
    """Per event spread over several stories: its article counts per story, largest first."""


def event_confusions(documents: Sequence[EcbDocument], groups: Sequence[Sequence[str]]) -> EventConfusions:
    """The stories that merge two events and the events cut into several stories, for error analysis."""
    event_of = {d.article.id: d.subtopic for d in documents}
    mixed = []
    stories_of: dict[str, Counter[int]] = {}
    for number, group in enumerate(groups):
        events = Counter(event_of[i] for i in group if i in event_of)
        if len(events) > 1:
            mixed.append(dict(events.most_common()))
        for event, count in events.items():
            stories_of.setdefault(event, Counter())[number] += count
    split = {
        event: sorted(counts.values(), reverse=True)
        for event, counts in sorted(stories_of.items())
        if len(counts) > 1
    }
    return EventConfusions(mixed=mixed, split=split)


# ---- SemEval-2022 Task 8 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairScores:
    pairs: int
    pearson: float
    """Pearson between same-story score and −Overall (Overall: 1 very similar … 4 very dissimilar)."""


def score_semeval(
    folder: Path, languages: tuple[str, str] = ("en", "en"), config: ClusterConfig | None = None
) -> PairScores:
    """Same-story score of each pair of the given languages (train and test files together) against Overall."""
    import numpy as np

    from crosscheck.cluster import StoryClusterer

    rows: list[dict[str, Any]] = []
    for name in ("train_subset.ftfy.jsonl", "test_subset.ftfy.jsonl"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if (row["lang1"], row["lang2"]) == languages and row["text1"].strip() and row["text2"].strip():
                rows.append(row)
    # 62 pair ids occur in both files; each pair is scored once.
    unique: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row in rows:
        if row["pair_id"] not in seen:
            seen.add(row["pair_id"])
            unique.append(row)
    firsts = [Article(id=f"{r['pair_id']}:1", outlet="a", text=str(r["text1"]).strip()) for r in unique]
    seconds = [Article(id=f"{r['pair_id']}:2", outlet="b", text=str(r["text2"]).strip()) for r in unique]
    profiles = profile_articles(firsts + seconds, config or DEFAULT_CONFIG)
    clusterer = StoryClusterer(config)
    clusterer.observe(profiles)
    half = len(unique)
    similarity = [clusterer.similarity(profiles[i], profiles[half + i]) for i in range(half)]
    gold = [-float(r["Overall"]) for r in unique]
    pearson = float(np.corrcoef(similarity, gold)[0, 1]) if half > 1 else 0.0
    return PairScores(pairs=half, pearson=pearson)


# ---- news-search result clustering -----------------------------------------------------------------------


@dataclass(frozen=True)
class SearchScores:
    queries: int
    nmi: float
    ari: float


def score_news_search(folder: Path, config: ClusterConfig | None = None) -> SearchScores:
    """Each query's results clustered alone; NMI/ARI averaged over queries and the three annotators."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    nmis: list[float] = []
    aris: list[float] = []
    queries = sorted((folder / "dataset").glob("*.txt"))
    for query in queries:
        results = json.loads(query.read_text(encoding="utf-8-sig"))
        articles = []
        for number, result in enumerate(results):
            meta = result.get("meta") or {}
            title = str(meta.get("title") or result.get("title") or "").strip()
            snippet = str(meta.get("description") or "").strip() or title
            articles.append(Article(id=str(number), outlet="search", title=title or None, text=snippet))
        predicted = labels_of(cluster_stories(articles, config), [a.id for a in articles])
        for annotator in ("gold1", "gold2", "gold3"):
            gold_file = folder / annotator / query.name
            if not gold_file.exists():
                continue
            clusters = json.loads(gold_file.read_text(encoding="utf-8-sig"))
            gold = list(range(len(articles), 2 * len(articles)))  # unclustered results are singletons
            for label, members in enumerate(clusters):
                for member in members:
                    if 0 <= int(member) < len(articles):
                        gold[int(member)] = label
            nmis.append(float(normalized_mutual_info_score(gold, predicted)))
            aris.append(float(adjusted_rand_score(gold, predicted)))
    count = len(nmis) or 1
    return SearchScores(queries=len(queries), nmi=sum(nmis) / count, ari=sum(aris) / count)

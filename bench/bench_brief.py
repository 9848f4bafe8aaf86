"""Time ``compose_brief`` on one story of N real articles (default 40), after models have loaded.

The articles are the first N source documents of the Multi-News validation sample in ../shared/eval, cleaned
and treated as one story. With the pipeline (default), the story first goes through annotate, align and
compare, so the brief ranks real claims, quotes, discrepancies and attributions; that preparation is timed
apart. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_brief.py [--articles 40] [--repeat 5] [--no-pipeline]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from crosscheck.brief import compose_brief, word_count
from crosscheck.clean import clean
from crosscheck.evaluate.summarization import VALIDATION_FILE, cluster_story, read_clusters
from crosscheck.model import AnnotatedArticle, Article, Document, Story

MULTINEWS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "summarization" / "multinews"


def load_articles(count: int) -> list[Article]:
    articles: list[Article] = []
    for cluster in read_clusters(MULTINEWS / VALIDATION_FILE):
        for number, text in enumerate(cluster.documents, start=1):
            article = clean(
                Document(text=text, id=f"{cluster.id}-{number}", outlet=f"outlet {len(articles) + 1}")
            )
            if article.text:
                articles.append(article)
            if len(articles) == count:
                return articles
    return articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument(
        "--no-pipeline", action="store_true", help="sentences only: no claims, quotes or credits"
    )
    options = parser.parse_args()
    if not (MULTINEWS / VALIDATION_FILE).exists():
        print(
            f"{MULTINEWS / VALIDATION_FILE} is absent: the public data in ../shared is not beside this clone"
        )
        return 1
    articles = load_articles(options.articles)
    by_id = {a.id: a for a in articles}
    started = time.perf_counter()
    annotated: dict[str, AnnotatedArticle]
    story: Story
    if options.no_pipeline:
        from crosscheck.evaluate.summarization import Cluster

        story, by_id, annotated = cluster_story(
            Cluster(id="bench", documents=[a.text for a in articles], summary="")
        )
    else:
        from crosscheck.annotate import annotate_articles
        from crosscheck.nlp import embed, spacy_pipeline
        from crosscheck.pipeline import analyse_annotated

        spacy_pipeline()
        embed(["load the encoder"])
        loaded = time.perf_counter()
        print(f"model load: {loaded - started:.1f} s")
        started = loaded
        annotated_list = annotate_articles(articles)
        annotated = {a.article.id: a for a in annotated_list}
        story = analyse_annotated(annotated_list)
    prepared = time.perf_counter() - started
    sentences = sum(len(a.sentences) for a in annotated.values())
    print(
        f"story: {len(story.article_ids)} articles, {sentences} sentences, {len(story.claims)} claims, "
        f"{len(story.quotes)} quotes, {len(story.discrepancies)} discrepancies, "
        f"{len(story.attributions)} attributions (prepared in {prepared:.1f} s)"
    )
    begin = time.perf_counter()
    compose_brief(story, by_id, annotated, words=options.words)
    print(f"first call (imports scikit-learn): {(time.perf_counter() - begin) * 1000:.0f} ms")
    times: list[float] = []
    brief = []
    for _ in range(options.repeat):
        begin = time.perf_counter()
        brief = compose_brief(story, by_id, annotated, words=options.words)
        times.append(time.perf_counter() - begin)
    print(
        f"compose_brief ({options.words} words): median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms over {options.repeat} runs; "
        f"{len(brief)} sentences, {sum(word_count(s.text) for s in brief)} words"
    )
    from crosscheck.report.events import event_dates

    begin = time.perf_counter()
    events = event_dates(story, by_id)
    print(f"timeline event dates: {len(events)} in {(time.perf_counter() - begin) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

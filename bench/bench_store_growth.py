"""A story growing in a store one article at a time, as ``crosscheck watch`` sees it: the time of each ingest.

Each ingest stores the article, finds its story and analyses that story again with all its articles. With the
annotation and sentence-vector caches (the default), only the new article is annotated and only its sentences
are embedded; ``--no-cache`` turns both off (``CROSSCHECK_ANNOTATION_CACHE=0 CROSSCHECK_EMBEDDING_CACHE=0``)
to show what they save. The articles are ``bench_story.py``'s re-tellings of one ECB+ topic, in a temporary
SQLite store. Run:

    .venv/bin/python bench/bench_store_growth.py --articles 40
    .venv/bin/python bench/bench_store_growth.py --articles 40 --no-cache
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--no-cache", action="store_true", help="Annotate and embed every article each time.")
    args = parser.parse_args()
    if args.no_cache:
        os.environ["CROSSCHECK_ANNOTATION_CACHE"] = "0"
        os.environ["CROSSCHECK_EMBEDDING_CACHE"] = "0"

    from bench_story import story_articles
    from crosscheck import nlp
    from crosscheck.pipeline import analyse_story
    from crosscheck.store import open_store

    articles = story_articles(args.articles)
    analyse_story(story_articles(2))  # load the models outside the timed region
    nlp.vector_cache.clear()  # and forget the warm-up's sentences, which are the first articles'
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "growth.db"))
        seconds: list[float] = []
        for article in articles:
            start = time.perf_counter()
            store.ingest([article])
            seconds.append(time.perf_counter() - start)
        stories = store.counts()
        store.close()
    tenth = max(1, len(seconds) // 10)
    print(
        f"{len(articles)} articles ingested one at a time ({'no caches' if args.no_cache else 'caches on'}): "
        f"{sum(seconds):.1f} s in all; stored: {stories}"
    )
    print(
        f"  first {tenth} ingests {sum(seconds[:tenth]) / tenth:.2f} s each, "
        f"last {tenth} ingests {sum(seconds[-tenth:]) / tenth:.2f} s each"
    )


if __name__ == "__main__":
    main()

"""System-level throughput: files on disk to cited briefs, articles per second, and the time per stage.

Writes N real articles from ../shared/eval (ECB+ dev documents, then Multi-News validation documents) as .txt
files into a temporary folder, then runs what ``crosscheck brief`` runs (``pipeline.analyse``, with its worker
processes), timing each stage.

    .venv/bin/python bench/bench_corpus.py --articles 500
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def real_articles() -> Iterator[tuple[str, str]]:
    """(name, text) of real news articles, in a fixed order."""
    with (EVAL / "clustering" / "ecbplus_dev_docs.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            yield row["doc_id"], row["title"] + "\n" + row["text"]
    with (EVAL / "summarization" / "multinews" / "multinews_sample_validation.jsonl").open(
        encoding="utf-8"
    ) as lines:
        for line in lines:
            row = json.loads(line)
            for n, text in enumerate(row["documents"]):
                yield f"{row['id']}-{n}", text.replace(" \n ", "\n")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    if not EVAL.exists():
        sys.exit(f"{EVAL} is absent: this benchmark reads real articles from ../shared/eval")

    from crosscheck import nlp
    from crosscheck.ingest import read_documents
    from crosscheck.pipeline import analyse, clean_documents, worker_count
    from crosscheck.settings import get_settings

    with tempfile.TemporaryDirectory() as folder:
        words = 0
        for count, (name, text) in enumerate(real_articles()):
            if count >= args.articles:
                break
            (Path(folder) / f"{name}.txt").write_text(text, encoding="utf-8")
            words += len(text.split())
        timings: dict[str, float] = {}
        start = time.perf_counter()
        nlp.spacy_pipeline()
        nlp.embed(["warm up"])
        nlp.embed(["warm up"], int8=get_settings().alignment_int8 or None)
        timings["model load"] = time.perf_counter() - start
        cpu_after_load = _cpu_seconds()
        own_after_load = _cpu_seconds(children=False)

        t = time.perf_counter()
        intake = clean_documents(read_documents([folder]))
        timings["read + clean"] = time.perf_counter() - t
        articles = intake.articles
        # Stage times from the pipeline's own progress reports: each stage ends where the next begins.
        marks: dict[str, float] = {}

        def mark(stage: str, done: int, total: int) -> None:
            marks.setdefault(stage, time.perf_counter())

        t = time.perf_counter()
        report = analyse(articles, progress=mark)
        end = time.perf_counter()
        timings["copies (+ workers start)"] = marks["stories"] - t
        # With worker processes, annotation runs while stories are found; what is left of it is waited for.
        after_stories = marks.get("annotation", marks["analysis"])
        timings["stories"] = after_stories - marks["stories"]
        if "annotation" in marks:
            timings["rest of annotation"] = marks["analysis"] - marks["annotation"]
            timings["align + compare + brief"] = end - marks["analysis"]
        else:
            timings["annotate + align + compare + brief"] = end - marks["analysis"]
        stories = report.stories
        total = time.perf_counter() - start
        work = total - timings["model load"]
        # The workers' CPU is counted once the pool has joined them, which ``analyse`` does before returning.
        cpu = _cpu_seconds() - cpu_after_load
        own_cpu = _cpu_seconds(children=False) - own_after_load
    workers = worker_count(get_settings(), len(articles))

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"articles: {len(articles)} ({words} words), stories: {len(stories)}, "
        f"multi-article stories: {sum(len(s.article_ids) > 1 for s in stories)}, worker processes: {workers}"
    )
    for stage, seconds in timings.items():
        print(f"  {stage:<26} {seconds:8.2f} s  {100 * seconds / total:5.1f}%")
    print(
        f"total {total:.2f} s; after model load {work:.2f} s = {len(articles) / work:.1f} articles/s; "
        f"peak RSS {peak_mb:.0f} MB"
    )
    # Wall time moves with whatever else the machine runs; CPU seconds (this process and its workers, after model
    # load) move far less.
    print(
        f"CPU after model load {cpu:.1f} s (user + system): this process {own_cpu:.1f} s, "
        f"workers {cpu - own_cpu:.1f} s"
    )


def _cpu_seconds(children: bool = True) -> float:
    """User and system CPU of this process, and of its children that have ended."""
    used = [resource.getrusage(resource.RUSAGE_SELF)]
    if children:
        used.append(resource.getrusage(resource.RUSAGE_CHILDREN))
    return sum(u.ru_utime + u.ru_stime for u in used)


if __name__ == "__main__":
    main()

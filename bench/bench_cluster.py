"""Story clustering at 10k and 100k articles: wall time, peak memory, and the 100k/10k ratio (near 10 = linear).

Articles are built from real text: the 772 ECB+ dev documents, each re-issued many times with a few words
edited and a sentence of another document appended (so vocabularies differ), published at a time near one of
its event's eight moments of a year. By default every size spans one year, so a bigger corpus is also a denser
one (stories of about 5 articles at 10k, 40 at 100k); ``--same-density`` gives each 10,000 articles a year of
their own, as a longer stream of the same daily volume. Lead embeddings are MiniLM's for the real documents plus small noise, so the timed part is
the clustering itself (profiling, blocking, scoring, assignment); the embedding throughput of real leads is
measured separately and reported beside it. Each size runs in a fresh process for an honest peak memory.

    .venv/bin/python bench/bench_cluster.py [--sizes 10000 100000]
    .venv/bin/python bench/bench_cluster.py --spark 20000   # Spark local[2] against in process
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from crosscheck.cluster import cluster_stories, lead_text
from crosscheck.model import Article

ECB = Path(__file__).resolve().parents[2] / "shared" / "eval" / "clustering" / "ecbplus_dev_docs.jsonl"


def base_articles() -> list[Article]:
    rows = [json.loads(line) for line in ECB.read_text(encoding="utf-8").splitlines()]
    return [
        Article(id=r["doc_id"], outlet="ecb", title=r["title"], text=r["text"] or r["title"]) for r in rows
    ]


def synthetic(
    size: int, bases: list[Article], vectors: np.ndarray, same_density: bool = False
) -> tuple[list[Article], np.ndarray]:
    rng = random.Random(size)
    noise = np.random.default_rng(size)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    years = max(1, size // 10_000) if same_density else 1
    # Each base document is an "event" that recurs at a few random moments of each year.
    moments = [[start + timedelta(days=rng.uniform(0, 365 * years)) for _ in range(8 * years)] for _ in bases]
    articles = []
    rows = []
    for number in range(size):
        base_index = rng.randrange(len(bases))
        base = bases[base_index]
        words = base.text.split()
        for _ in range(max(1, len(words) // 50)):
            words[rng.randrange(len(words))] = rng.choice(["officials", "reportedly", "local", "police"])
        other = bases[rng.randrange(len(bases))].text.split(". ")[0]
        published = rng.choice(moments[base_index]) + timedelta(hours=rng.uniform(-36, 36))
        articles.append(
            Article(
                id=f"a{number}",
                outlet=f"outlet{rng.randrange(200)}",
                title=base.title,
                text=" ".join(words) + " " + other + ".",
                published=published,
            )
        )
        vector = vectors[base_index] + noise.normal(0.0, 0.02, size=(vectors.shape[1],)).astype(np.float32)
        rows.append(vector / np.linalg.norm(vector))
    return articles, np.vstack(rows).astype(np.float32)


def child(size: int, vectors_path: str, same_density: bool) -> None:
    bases = base_articles()
    articles, vectors = synthetic(size, bases, np.load(vectors_path), same_density)
    start = time.perf_counter()
    stories = cluster_stories(articles, vectors=vectors)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"size": size, "seconds": seconds, "peak_mb": peak_mb, "stories": len(stories)}))


def spark_versus_in_process(documents: int) -> None:
    """The same JSONL through `crosscheck cluster`'s stages in process and through Spark local[2]."""
    import os

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from crosscheck.ingest import read_documents
    from crosscheck.scale import cluster_documents
    from crosscheck.scale.spark import run_spark_cluster, spark_session

    bases = base_articles()
    articles, _ = synthetic(documents, bases, np.zeros((len(bases), 4), dtype=np.float32))
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "articles.jsonl"
        rows = [
            {"id": a.id, "title": a.title, "text": a.text, "outlet": a.outlet, "published": str(a.published)}
            for a in articles
        ]
        dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
        start = time.perf_counter()
        local = cluster_documents(read_documents([dump])).to_json()
        in_process = time.perf_counter() - start
        session = spark_session("local[2]", app_name="crosscheck-bench")
        session.sparkContext.setLogLevel("ERROR")
        start = time.perf_counter()
        counts = run_spark_cluster([str(dump)], str(Path(folder) / "out"), spark=session).counts
        on_spark = time.perf_counter() - start
        session.stop()
    print(
        f"{documents} articles: in process {in_process:.1f} s, Spark local[2] {on_spark:.1f} s; "
        f"stories {len(local['stories'])} vs {counts['stories']}, duplicate groups "
        f"{len(local['duplicates'])} vs {counts['duplicate_groups']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--vectors", help=argparse.SUPPRESS)
    parser.add_argument("--spark", type=int, metavar="N", help="Compare Spark local[2] and in process on N.")
    parser.add_argument(
        "--same-density", action="store_true", help="Each 10,000 articles span a year of their own."
    )
    args = parser.parse_args()
    if args.spark:
        spark_versus_in_process(args.spark)
        return
    if args.child:
        child(args.child, args.vectors, args.same_density)
        return
    from crosscheck.nlp import embed

    bases = base_articles()
    leads = [lead_text(a) for a in bases]
    embed(leads[:8])  # load the model outside the timing
    start = time.perf_counter()
    vectors = embed(leads)
    rate = len(leads) / (time.perf_counter() - start)
    print(f"lead embedding (MiniLM, title + 60 words): {rate:.0f} leads/s on this machine")
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "vectors.npy")
        np.save(path, vectors)
        results = []
        for size in args.sizes:
            command = [sys.executable, __file__, "--child", str(size), "--vectors", path]
            command += ["--same-density"] if args.same_density else []
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            result = json.loads(output.strip().splitlines()[-1])
            results.append(result)
            print(
                f"{size:>7} articles: {result['seconds']:7.1f} s  {size / result['seconds']:7.0f} articles/s  "
                f"peak {result['peak_mb']:6.0f} MB  {result['stories']} stories"
            )
    if len(results) >= 2:
        first, last = results[0], results[-1]
        print(
            f"time ratio {last['size']}/{first['size']}: {last['seconds'] / first['seconds']:.1f} "
            f"(size ratio {last['size'] / first['size']:.0f})"
        )


if __name__ == "__main__":
    main()

"""API throughput and latency on loopback: N concurrent clients against /api/stories/{id} and /api/search.

Builds a store of synthetic stories (or uses ``--db``), starts ``crosscheck serve`` in its own process, and
for each client count runs the clients for a fixed time, printing requests/s and p50/p99 latency per
endpoint. Nothing here is asserted; the figures go in the README.

    .venv/bin/python bench/bench_api.py                     # 1, 8, 32 clients, 10 s each
    .venv/bin/python bench/bench_api.py --clients 1 8 --seconds 5 --db /path/to/store.db
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from crosscheck.model import (
    Article,
    BriefSentence,
    Citation,
    Claim,
    Discrepancy,
    Document,
    Quote,
    Span,
    Story,
)
from crosscheck.store import Store, open_database

ROOT = Path(__file__).resolve().parents[1]
NEWS_WORDS = (
    "minister troops border summit ceasefire talks harbour flood council budget election rally strike port "
    "rescue storm vaccine court verdict embassy sanctions pipeline refinery drought harvest airport runway"
).split()
# A Zipf-like vocabulary: news words are common, thousands of made-up words are rare, as in real reporting.
_SYLLABLES = ["ka", "ro", "mi", "te", "sa", "lu", "ne", "po", "di", "va", "re", "no"]
RARE_WORDS = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES]
WEIGHTS = [1.0 / (rank + 1) for rank in range(len(NEWS_WORDS) + len(RARE_WORDS))]
VOCABULARY = NEWS_WORDS + RARE_WORDS
SENTENCE = re.compile(r"[^.]+\.")


class TopicClusterer:
    """Groups synthetic reports by the topic named in their URL; a stand-in for the real clusterer's cost-free
    path, so that building the bench store takes seconds. The API under test does not touch the clusterer."""

    def __init__(self, state: dict[str, Any] | None) -> None:
        self._stories: dict[str, list[str]] = {
            k: list(v) for k, v in (state or {}).get("stories", {}).items()
        }

    @property
    def merges(self) -> list[tuple[str, str]]:
        return []

    def add_batch(self, articles: Sequence[Article]) -> list[str]:
        keys = []
        for article in articles:
            key = "story-" + (article.url or "x").rsplit("/", 2)[-2]
            self._stories.setdefault(key, []).append(article.id)
            keys.append(key)
        return keys

    def stories(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self._stories.items()}

    def to_state(self) -> dict[str, Any]:
        return {"stories": self._stories}


def sentence_analyser(story_id: str, articles: Sequence[Article]) -> Story:
    """A story the size the real pipeline produces: a claim per lead sentence, quotes, a cited brief."""
    claims, quotes, brief = [], [], []
    for index, article in enumerate(articles):
        for number, match in enumerate(SENTENCE.finditer(article.text)):
            if number >= 6:
                break
            span = Span(article_id=article.id, start=match.start(), end=match.end(), text=match.group(0))
            claims.append(
                Claim(
                    id=f"{story_id}-{index}-{number}",
                    text=span.text.strip(),
                    status="single_source",
                    support=[span],
                    upstream_sources=[],
                    origins=[article.outlet],
                    independent_sources=1,
                    outlets=[article.outlet],
                )
            )
            if number == 1:
                quotes.append(
                    Quote(
                        article_id=article.id,
                        start=span.start,
                        end=span.end,
                        text=span.text,
                        speaker="A Spokesperson",
                        cue="said",
                        direct=True,
                        sentence=number,
                    )
                )
            if number == 0:
                citation = Citation(article_id=article.id, start=span.start, end=span.end)
                brief.append(BriefSentence(text=span.text.strip(), citations=[citation]))
    sides = [claims[0].support[0], claims[-1].support[0]]
    return Story(
        id=story_id,
        title=articles[0].title or story_id,
        article_ids=[a.id for a in articles],
        claims=claims,
        quotes=quotes,
        brief=brief,
        discrepancies=[
            Discrepancy(kind="number", explanation="Figures differ.", sides=sides, diff="[-4-] {+40+}")
        ],
    )


def build_store(db: str, stories: int, per_story: int) -> list[str]:
    rng = random.Random(7)
    store = Store(open_database(db), clusterer_factory=TopicClusterer, analyser=sentence_analyser)
    documents = []
    start = datetime(2024, 3, 1, tzinfo=UTC)
    for topic in range(stories):
        for outlet in range(per_story):
            paragraphs = [
                " ".join(rng.choices(VOCABULARY, WEIGHTS, k=18)).capitalize() + "." for _ in range(24)
            ]
            documents.append(
                Document(
                    text="\n\n".join(paragraphs),
                    outlet=f"Outlet {outlet}",
                    title=f"Topic {topic}: " + " ".join(rng.choices(VOCABULARY, WEIGHTS, k=6)),
                    url=f"https://outlet{outlet}.example/t{topic}/report",
                    published=start + timedelta(hours=topic, minutes=outlet),
                )
            )
    store.ingest(documents, batch_size=256)
    ids = [s.id for s in store.stories(limit=stories)[0]]
    store.close()
    return ids


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def client(
    base: str, paths: list[str], stop: float, latencies: dict[str, list[float]], seed: int
) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        while time.perf_counter() < stop:
            path = rng.choice(paths)
            kind = "story" if path.startswith("/api/stories/") else "search"
            began = time.perf_counter()
            response = await http.get(path)
            elapsed = time.perf_counter() - began
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")
            latencies[kind].append(elapsed)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def level(base: str, paths: list[str], clients: int, seconds: float) -> dict[str, list[float]]:
    latencies: dict[str, list[float]] = {"story": [], "search": []}
    stop = time.perf_counter() + seconds
    await asyncio.gather(*(client(base, paths, stop, latencies, seed) for seed in range(clients)))
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="an existing store (default: build a synthetic one)")
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--per-story", type=int, default=5)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="crosscheck-bench-")
    db = args.db or os.path.join(workdir, "bench.db")
    began = time.perf_counter()
    if args.db:
        store = Store(open_database(db))
        story_ids = [s.id for s in store.stories(limit=10_000)[0]]
        store.close()
    else:
        story_ids = build_store(db, args.stories, args.per_story)
        print(
            f"built {len(story_ids)} stories × {args.per_story} reports in {time.perf_counter() - began:.1f} s"
        )
    # From the most common word to rare ones: the cost of ranking grows with the number of matches.
    queries = ["minister", "summit border", "flood rescue", "runway", "kamite", "harbour storm"]
    # Half the requests read a story, half search, both picked at random.
    story_paths = [f"/api/stories/{sid}" for sid in story_ids]
    search_paths = [f"/api/search?q={q}" for q in queries] * max(1, len(story_paths) // len(queries))
    mixed = story_paths + search_paths[: len(story_paths)]

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crosscheck.cli",
            "serve",
            "--port",
            str(port),
            "--db",
            db,
        ],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/api/stories", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.1)
        size = len(httpx.get(f"{base}/api/stories/{story_ids[0]}").content)
        print(f"server: uvicorn, one worker, {os.cpu_count()} cores; story JSON {size / 1024:.0f} KiB")
        print(f"{'clients':>7} {'endpoint':>8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        asyncio.run(level(base, mixed, 1, 1.0))  # warm-up
        for clients in args.clients:
            latencies = asyncio.run(level(base, mixed, clients, args.seconds))
            for kind in ("story", "search"):
                values = latencies[kind]
                if not values:
                    continue
                print(
                    f"{clients:>7} {kind:>8} {len(values):>9} {len(values) / args.seconds:>8.1f} "
                    f"{statistics.median(values) * 1000:>8.1f} {percentile(values, 0.99) * 1000:>8.1f}"
                )
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)


if __name__ == "__main__":
    main()

"""Near-duplicate throughput: crosscheck.dedup against datasketch on the same 20k documents.

Documents: every real article text in ../shared/eval (ECB+, PolNeAR, Multi-News, SemEval-2022, big9 gold) plus
perturbed copies generated here (new headline and byline, a dropped closing stretch, edited words) up to 20k.
Both systems use the same shingles (case-folded ``\\w+`` word 5-grams), 128 hash slots, the Jaccard threshold
0.5 and the same union-find grouping; each is timed end to end from texts to duplicate groups.

    .venv/bin/python bench/bench_dedup.py [--documents 20000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from pathlib import Path

from crosscheck.dedup import DEFAULT_CONFIG, copies_of, find_duplicates, groups_from_pairs
from crosscheck.model import Article, DuplicateGroup

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
WORD = re.compile(r"\w+", re.UNICODE)


def real_texts() -> list[str]:
    texts: list[str] = []
    for line in (EVAL / "clustering" / "ecbplus_dev_docs.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts.append(f"{row['title']} {row['text']}")
    texts += [
        p.read_text(encoding="utf-8") for p in sorted((EVAL / "attribution" / "polnear").rglob("*.txt"))
    ]
    multinews = EVAL / "summarization" / "multinews" / "multinews_sample_validation.jsonl"
    for line in multinews.read_text(encoding="utf-8").splitlines():
        texts += json.loads(line)["documents"]
    for name in ("train_subset.ftfy.jsonl", "test_subset.ftfy.jsonl"):
        for line in (
            (EVAL / "clustering" / "semeval2022_task8_subset" / name).read_text(encoding="utf-8").splitlines()
        ):
            row = json.loads(line)
            texts += [row["text1"], row["text2"]]
    texts += [
        p.read_text(encoding="utf-8", errors="replace") for p in sorted((EVAL / "extraction").rglob("*.txt"))
    ]
    # Keep one of each text with enough words to shingle (the eval sets repeat some articles).
    seen: set[str] = set()
    unique = []
    for text in texts:
        key = " ".join(WORD.findall(text.lower()))
        if len(key.split()) >= 40 and key not in seen:
            seen.add(key)
            unique.append(text)
    return unique


def perturb(text: str, rng: random.Random) -> str:
    words = text.split()
    cut = int(len(words) * rng.uniform(0.85, 1.0))
    words = words[:cut]
    for _ in range(max(1, len(words) // 80)):
        words[rng.randrange(len(words))] = rng.choice(["reportedly", "officials", "Tuesday", "local", "the"])
    return f"{rng.choice(['UPDATED:', 'WATCH:', 'Breaking'])} By Staff (AP) — " + " ".join(words)


def datasketch_groups(articles: list[Article]) -> list[DuplicateGroup]:
    from datasketch import MinHash, MinHashLSH

    config = DEFAULT_CONFIG
    lsh = MinHashLSH(threshold=config.threshold, num_perm=config.slots)
    signatures = []
    for number, article in enumerate(articles):
        tokens = WORD.findall(article.text.lower())
        width = min(config.shingle_words, len(tokens))
        grams = {" ".join(tokens[i : i + width]).encode("utf-8") for i in range(len(tokens) - width + 1)}
        minhash = MinHash(num_perm=config.slots)
        minhash.update_batch(list(grams))
        lsh.insert(number, minhash)
        signatures.append(minhash)
    pairs = []
    for number, minhash in enumerate(signatures):
        for other in lsh.query(minhash):
            if other > number and minhash.jaccard(signatures[other]) >= config.threshold:
                pairs.append((number, other))
    return groups_from_pairs(articles, pairs)


def recall(groups: list[DuplicateGroup], truth: dict[str, str]) -> tuple[float, int]:
    """Share of generated copies grouped with their original; and how many other articles were grouped."""
    grouped = copies_of(groups)
    root = {copy: canonical for copy, canonical in grouped.items()}
    hits = sum(root.get(copy, copy) == root.get(original, original) for copy, original in truth.items())
    extra = sum(1 for copy in grouped if copy not in truth)
    return hits / len(truth), extra


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(20)
    originals = real_texts()
    articles = [Article(id=f"real-{i}", outlet="eval", text=t) for i, t in enumerate(originals)]
    truth: dict[str, str] = {}
    while len(articles) < args.documents:
        source = rng.randrange(len(originals))
        copy_id = f"copy-{len(articles)}"
        truth[copy_id] = f"real-{source}"
        articles.append(Article(id=copy_id, outlet="wire", text=perturb(originals[source], rng)))
    words = sum(len(a.text.split()) for a in articles)
    print(
        f"{len(articles)} documents ({len(originals)} real, {len(truth)} generated copies), {words:,} words"
    )
    find_duplicates(articles[:50])  # warm the word-hash cache path and imports, not the timed run
    results = {}
    for name, run in (("crosscheck", find_duplicates), ("datasketch", datasketch_groups)):
        times = []
        groups: list[DuplicateGroup] = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            groups = run(articles)
            times.append(time.perf_counter() - start)
        best = min(times)
        share, extra = recall(groups, truth)
        results[name] = best
        print(
            f"{name:>10}: {best:7.2f} s  {len(articles) / best:8.0f} docs/s  recall of copies {share:.4f}  "
            f"groups {len(groups)}  other articles grouped {extra}"
        )
    print(f"speed-up: {results['datasketch'] / results['crosscheck']:.1f}x (best of {args.repeats})")


if __name__ == "__main__":
    main()

"""Wall time of one large story, split by stage: annotate, align, compare, brief.

The story is built from the ECB+ dev documents of one topic (../shared/eval/clustering/ecbplus_dev_docs.jsonl):
the topic's documents first, then perturbed re-tellings of them (a different outlet, sentences dropped, the order
rotated and one word dropped from every sentence, so that no two are copies and no sentence repeats verbatim)
until the story has N articles. Run:

    .venv/bin/python bench/bench_story.py            # 40 and 200 articles
    .venv/bin/python bench/bench_story.py --sizes 40

Models are loaded before timing (one warm-up call), so the figures are per-story work, not start-up.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path

from crosscheck import nlp
from crosscheck.align import align_story
from crosscheck.annotate import annotate_articles
from crosscheck.brief import compose_brief
from crosscheck.clean import clean
from crosscheck.compare import compare_story
from crosscheck.model import Article, Document, Story
from crosscheck.pipeline import analyse_annotated

ECB_DOCS = Path(__file__).resolve().parents[1].parent / "shared/eval/clustering/ecbplus_dev_docs.jsonl"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def _drop_word(sentence: str, seed: int) -> str:
    words = sentence.split()
    if len(words) < 6:
        return sentence
    at = 1 + seed % (len(words) - 2)
    return " ".join(words[:at] + words[at + 1 :])


def story_articles(size: int, docs_path: Path = ECB_DOCS) -> list[Article]:
    rows = [json.loads(line) for line in docs_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    topic = Counter(r["topic"] for r in rows).most_common(1)[0][0]
    docs = [r for r in rows if r["topic"] == topic]
    articles: list[Article] = []
    k = 0
    while len(articles) < size:
        doc = docs[k % len(docs)]
        round_ = k // len(docs)
        sentences = SENTENCE_END.split(doc["text"])
        if round_:
            # A re-telling: drop every (round+2)-th sentence and rotate the order of the rest.
            sentences = [s for i, s in enumerate(sentences) if (i + 1) % (round_ + 2)]
            shift = round_ % max(1, len(sentences))
            sentences = sentences[shift:] + sentences[:shift]
            # Drop one word per sentence, so that no sentence is served from the embedding cache.
            sentences = [_drop_word(sentence, round_ + i) for i, sentence in enumerate(sentences)]
        paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
        text = "\n".join([doc["title"], *paragraphs])
        articles.append(
            clean(Document(text=text, outlet=f"outlet {k:03d}", path=f"{doc['doc_id']}-{round_}.txt"))
        )
        k += 1
    return articles


def staged(articles: list[Article]) -> dict[str, float]:
    """Seconds per stage, calling the stages exactly as ``analyse_annotated`` does."""
    times: dict[str, float] = {}
    # Cold work: no sentence vector left over from a smaller story or an earlier call.
    nlp.vector_cache.clear()
    t = time.perf_counter()
    annotated = annotate_articles(articles)
    times["annotate"] = time.perf_counter() - t
    t = time.perf_counter()
    statements = align_story(annotated)
    times["align"] = time.perf_counter() - t
    t = time.perf_counter()
    comparison = compare_story(annotated, statements)
    times["compare"] = time.perf_counter() - t
    story = Story(
        id="bench",
        title="bench",
        article_ids=[a.id for a in articles],
        claims=comparison.claims,
        discrepancies=comparison.discrepancies,
        quotes=comparison.quotes,
        attributions=comparison.attributions,
        entities=comparison.entities,
    )
    t = time.perf_counter()
    compose_brief(story, {a.id: a for a in articles}, {a.article.id: a for a in annotated})
    times["brief"] = time.perf_counter() - t
    nlp.vector_cache.clear()
    t = time.perf_counter()
    analyse_annotated(annotated)
    times["analyse_annotated (align+compare+brief, again)"] = time.perf_counter() - t
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[40, 200])
    args = parser.parse_args()
    # Warm-up: load spaCy and the sentence encoder outside the timed region.
    warm = story_articles(2)
    analyse_annotated(annotate_articles(warm))
    for size in args.sizes:
        articles = story_articles(size)
        words = sum(len(a.text.split()) for a in articles)
        times = staged(articles)
        total = sum(v for k, v in times.items() if not k.startswith("analyse"))
        print(f"story of {size} articles ({words} words): {total:.2f} s for annotate+align+compare+brief")
        for stage, seconds in times.items():
            share = f"{100 * seconds / total:5.1f}%" if not stage.startswith("analyse") else "      "
            print(f"  {stage:<48} {seconds:7.2f} s  {share}")


if __name__ == "__main__":
    main()

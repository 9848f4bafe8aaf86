"""What the parsed attribution cues cost per article: parsing the flagged sentences, then finding the cues with
their readings and scoring them with the cue model.

Runs on the PolNeAR dev texts (real political news); prints milliseconds per article for each step. The
numbers are CPU time on one core and move with whatever else runs on the machine.

    .venv/bin/python bench/attribution_cue_cost.py [--split dev] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from crosscheck.annotate import syntax
from crosscheck.annotate.sentences import split_sentences
from crosscheck.evaluate.attribution import article_from_text, corpus_files

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "eval" / "attribution" / "polnear"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pairs = corpus_files(POLNEAR / args.split)
    articles = [article_from_text(path, path.read_text(encoding="utf-8")) for path, _ in pairs]
    lex, model = syntax.lexicon(), syntax.cue_model()
    least = syntax.SyntaxConfig().flag_precision
    sentences = [
        s.text for a in articles for s in split_sentences(a) if syntax.flagged(s.text, lex, model.keys, least)
    ]
    syntax.parse(sentences[:1])  # load the parser outside the timing
    started = time.process_time()
    docs = syntax.parse(sentences)
    parse_ms = 1000 * (time.process_time() - started) / len(articles)
    best = float("inf")
    for _ in range(args.repeat):
        started = time.process_time()
        for doc in docs:
            syntax.relations(doc, lex, model)
        best = min(best, 1000 * (time.process_time() - started) / len(articles))
    learner = "forest" if model.forest is not None else "logistic regression"
    print(f"{len(articles)} articles, {len(sentences)} flagged sentences, cue model: {learner}")
    print(f"parse            {parse_ms:6.1f} ms/article")
    print(f"cues and scoring {best:6.1f} ms/article (best of {args.repeat})")


if __name__ == "__main__":
    main()

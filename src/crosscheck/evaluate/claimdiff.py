"""The alignment and discrepancy signals scored on ClaimDiff (../shared/eval/discrepancy/claimdiff).

ClaimDiff (Ko et al., 2022) pairs two claims from different outlets' articles on one topic and labels, in two
tasks over the same pairs, whether claim B *strengthens* claim A (ClaimDiff-S) and whether it *weakens* it
(ClaimDiff-W). Each pair is run through crosscheck exactly as a two-article story: each claim becomes a
one-sentence article of its own outlet, annotated, aligned (``align_story``) and compared (``compare_story``).
Two signals come out:

- **aligned**: the two claims end up in one statement (crosscheck would say both outlets state it);
- **discrepancy**: the comparison reports a discrepancy between them (number, framing, date, entity, quotation
  wording, negation).

Predictions: strengthen = aligned and no discrepancy; weaken = a discrepancy (alignment is required for any
discrepancy but quotation wording). Accuracy and F1 of the positive class are printed beside the majority
baseline. There is no goal yet: the figures say how far the signals, which were built for restatements
rather than stance, carry over to ClaimDiff's relations.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from crosscheck.errors import InputError
from crosscheck.model import Article, TextRange

TASK_FILES = {
    "strengthen": Path("ClaimDiff-S") / "ClaimDiff-strength-{split}.json",
    "weaken": Path("ClaimDiff-W") / "ClaimDiff-weak-{split}.json",
}


@dataclass(frozen=True)
class ClaimPair:
    pair_id: str
    claim_a: str
    claim_b: str
    strengthen: bool
    weaken: bool


@dataclass
class Confusion:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, predicted: bool, gold: bool) -> None:
        if predicted and gold:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def accuracy(self) -> float:
        return (self.tp + self.tn) / self.total if self.total else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def majority_accuracy(self) -> float:
        positives = self.tp + self.fn
        return max(positives, self.total - positives) / self.total if self.total else 0.0


@dataclass
class ClaimDiffScores:
    pairs: int = 0
    aligned: int = 0
    discrepant: int = 0
    strengthen: Confusion = field(default_factory=Confusion)
    weaken: Confusion = field(default_factory=Confusion)
    # How the raw alignment signal alone separates related (either label) from unrelated pairs.
    related: Confusion = field(default_factory=Confusion)
    seconds: float = 0.0


def read_pairs(folder: Path, split: str = "train") -> list[ClaimPair]:
    """The pairs of one split with both labels, joined on ``pair_id``."""
    labels: dict[str, dict[str, bool]] = {}
    texts: dict[str, tuple[str, str]] = {}
    for task, pattern in TASK_FILES.items():
        path = folder / str(pattern).format(split=split)
        if not path.is_file():
            raise InputError(str(path), "missing: not a ClaimDiff folder, or no such split")
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))["data"]
        except (ValueError, KeyError) as err:
            raise InputError(str(path), f"not ClaimDiff JSON ({err})") from err
        for row in rows:
            texts[row["pair_id"]] = (row["claim_a"], row["claim_b"])
            labels.setdefault(row["pair_id"], {})[task] = bool(row["relation"])
    return [
        ClaimPair(pid, a, b, labels[pid].get("strengthen", False), labels[pid].get("weaken", False))
        for pid, (a, b) in texts.items()
    ]


def _claim_article(pair_id: str, side: str, text: str) -> Article:
    return Article(
        id=f"{pair_id}-{side}",
        outlet=f"outlet {side}",
        text=text,
        paragraphs=[TextRange(start=0, end=len(text))],
    )


def evaluate(folder: Path, split: str = "train", limit: int | None = None) -> ClaimDiffScores:
    """Run every pair through annotate → align → compare and score both signals on both tasks."""
    from crosscheck.align import align_story
    from crosscheck.annotate import annotate_articles
    from crosscheck.compare import compare_story

    started = time.perf_counter()
    pairs = read_pairs(folder, split)
    pairs = pairs[:limit] if limit else pairs
    articles = [
        article
        for pair in pairs
        for article in (
            _claim_article(pair.pair_id, "a", pair.claim_a),
            _claim_article(pair.pair_id, "b", pair.claim_b),
        )
    ]
    annotated = annotate_articles(articles)
    scores = ClaimDiffScores(pairs=len(pairs))
    for k, pair in enumerate(pairs):
        story = annotated[2 * k : 2 * k + 2]
        statements = align_story(story)
        aligned = any(len({u.article_id for u in s.units}) == 2 for s in statements)
        discrepant = bool(compare_story(story, statements).discrepancies)
        scores.aligned += aligned
        scores.discrepant += discrepant
        scores.strengthen.add(aligned and not discrepant, pair.strengthen)
        scores.weaken.add(discrepant, pair.weaken)
        scores.related.add(aligned, pair.strengthen or pair.weaken)
    scores.seconds = time.perf_counter() - started
    return scores

"""What the PolNeAR content score is made of: which gold attributions crosscheck finds, and what it reports wrongly.

Scores one split as ``crosscheck evaluate attribution`` does (the same predictions, the same one-to-one matching
at half the union) and then breaks the figures down:

- gold attributions by their cue: a reporting cue crosscheck's speech patterns know ("said", "told", "according
  to", ...) against every other cue PolNeAR marks (stances and acts: "supporter of", "voted against",
  "determination to"); for each, the share found, and of the rest how many a prediction overlapped without
  reaching half the union (a boundary error) and how many nothing touched;
- predictions by kind (direct quotation, reported speech, outlet credit): matched, overlapping a gold content
  too little, or touching none;
- the content F1 that perfect boundaries would give: every prediction that overlaps a gold content counted as
  a match (one-to-one as before), the ceiling of any change to where contents start and end.

    .venv/bin/python bench/attribution_errors.py [--split dev] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from crosscheck.annotate.speech import CUE
from crosscheck.evaluate.attribution import Relation, _overlap, iter_errors

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "eval" / "attribution" / "polnear"


def _matches(text: str, gold: list[Relation], predicted: list[Relation], least: float) -> dict[int, int]:
    """Prediction index → gold index, one-to-one, best overlap first, pairs overlapping at least ``least``
    (above zero when ``least`` is 0)."""
    gold_chars = [g.characters(text) for g in gold]
    pred_chars = [p.characters(text) for p in predicted]
    pairs = sorted(
        (
            (_overlap(p, g), i, j)
            for i, p in enumerate(pred_chars)
            for j, g in enumerate(gold_chars)
            if p & g and _overlap(p, g) >= least
        ),
        reverse=True,
    )
    matched: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in pairs:
        if i in matched or j in taken:
            continue
        matched[i] = j
        taken.add(j)
    return matched


def _kind(relation: Relation) -> str:
    if relation.direct is None:
        return "outlet credit"
    return "direct quotation" if relation.direct else "reported speech"


def _f1(matched: int, predicted: int, gold: int) -> float:
    return 2 * matched / (predicted + gold) if predicted + gold else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    if not POLNEAR.exists():
        sys.exit(f"{POLNEAR} is absent: this benchmark reads PolNeAR from ../shared/eval")
    gold_counts: Counter[tuple[str, str]] = Counter()
    pred_counts: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    for _, text, gold, predicted in iter_errors(POLNEAR / args.split, args.limit):
        matched = _matches(text, gold, predicted, 0.5)
        touching = _matches(text, gold, predicted, 0.0)
        found = set(matched.values())
        pred_chars = [p.characters(text) for p in predicted]
        for j, relation in enumerate(gold):
            cue = "reporting cue" if CUE.search(relation.cue) else "other cue"
            chars = relation.characters(text)
            if j in found:
                outcome = "found"
            elif any(chars & p for p in pred_chars):
                outcome = "boundary"
            else:
                outcome = "missed"
            gold_counts[cue, outcome] += 1
        gold_chars = [g.characters(text) for g in gold]
        for i, relation in enumerate(predicted):
            if i in matched:
                outcome = "matched"
            elif any(pred_chars[i] & g for g in gold_chars):
                outcome = "overlaps too little"
            else:
                outcome = "touches no gold"
            pred_counts[_kind(relation), outcome] += 1
        totals["gold"] += len(gold)
        totals["predicted"] += len(predicted)
        totals["matched"] += len(matched)
        totals["touching"] += len(touching)

    print(f"PolNeAR {args.split}: {totals['gold']} gold contents, {totals['predicted']} predicted")
    print("gold by cue            total   found  boundary  missed  recall")
    for cue in ("reporting cue", "other cue"):
        row = [gold_counts[cue, o] for o in ("found", "boundary", "missed")]
        print(f"  {cue:<18} {sum(row):7} {row[0]:7} {row[1]:9} {row[2]:7}  {row[0] / max(1, sum(row)):.3f}")
    print("predictions by kind    total  matched  too little  no gold  precision")
    for kind in ("direct quotation", "reported speech", "outlet credit"):
        row = [pred_counts[kind, o] for o in ("matched", "overlaps too little", "touches no gold")]
        print(f"  {kind:<18} {sum(row):7} {row[0]:8} {row[1]:11} {row[2]:8}  {row[0] / max(1, sum(row)):.3f}")
    print(
        f"content F1 {_f1(totals['matched'], totals['predicted'], totals['gold']):.3f}; "
        f"with every overlapping prediction a match (perfect boundaries) "
        f"{_f1(totals['touching'], totals['predicted'], totals['gold']):.3f}"
    )


if __name__ == "__main__":
    main()

"""The ClaimDiff scorer: the confusion arithmetic, reading both tasks, and a small gate on train pairs."""

from __future__ import annotations

import pytest

from crosscheck.evaluate.claimdiff import Confusion, evaluate, read_pairs
from tests.conftest import EVAL, need


def test_confusion_scores() -> None:
    c = Confusion()
    for predicted, gold in [(True, True), (True, False), (False, True), (False, False), (False, False)]:
        c.add(predicted, gold)
    assert c.total == 5
    assert c.accuracy == pytest.approx(0.6)
    assert c.precision == pytest.approx(0.5) and c.recall == pytest.approx(0.5) and c.f1 == pytest.approx(0.5)
    assert c.majority_accuracy == pytest.approx(0.6)


def test_both_tasks_join_on_pair_id() -> None:
    folder = need(EVAL / "discrepancy" / "claimdiff")
    pairs = read_pairs(folder, "train")
    assert len(pairs) == 1857
    assert sum(p.strengthen for p in pairs) == 1287
    assert sum(p.weaken for p in pairs) == 197


@pytest.mark.slow
def test_claimdiff_sample_gate() -> None:
    """On 40 train pairs the signals run end to end; measured on 150: weaken accuracy 0.887 (no discrepancy
    flagged), related precision 1.0 (5 aligned pairs, all related)."""
    folder = need(EVAL / "discrepancy" / "claimdiff")
    scores = evaluate(folder, "train", limit=40)
    assert scores.pairs == 40
    assert scores.strengthen.total == scores.weaken.total == 40
    assert scores.weaken.accuracy >= WEAKEN_ACCURACY_FLOOR
    if scores.aligned:
        assert scores.related.precision >= 0.5


WEAKEN_ACCURACY_FLOOR = 0.8

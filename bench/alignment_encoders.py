"""Does the int8 encoder align sentences as well as the float one? Measured on ECB+ dev's annotated sentences,
then on ClaimDiff's claim pairs.

Every pair of sentences from two different reports of one event (an ECB+ subtopic) is a candidate, as within a
story. A pair is taken to state the same thing when the two sentences share a non-singleton event coreference
chain: a rough label (most pairs share one), but the same for both encoders. For each encoder it prints the
cosine's ROC AUC, the AUC of the alignment score (cosine plus the shared-term bonus), and precision and recall
at the alignment threshold; then how many decisions flip between the two, and which side the label takes.
On ClaimDiff train (claims of two outlets; related when one strengthens or weakens the other) it prints the
cosine's AUC for related pairs and how many pairs reach the threshold: in a story of two one-sentence
articles no term is rarer than another, so the cosine alone decides there.

    .venv/bin/python bench/alignment_encoders.py
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
ECBPLUS = ROOT.parent / "shared" / "eval" / "coref" / "ecbplus"
CLAIMDIFF = ROOT.parent / "shared" / "eval" / "discrepancy" / "claimdiff"
# The corpus file is tokenised; these joins undo the tokeniser's spaces before punctuation.
JOINS = ((" ,", ","), (" .", "."), (" '", "'"), (" n't", "n't"), ("( ", "("), (" )", ")"), (" :", ":"))


def report_sentences() -> tuple[list[tuple[str, int]], list[str]]:
    """(document, sentence) keys and their text, in a fixed order."""
    words: dict[tuple[str, int], list[str]] = defaultdict(list)
    with (ECBPLUS / "ECB_Dev_corpus.txt").open(encoding="utf-8") as corpus:
        for line in corpus:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 4:
                words[(fields[0], int(fields[1]))].append(fields[3])
    keys = sorted(words)
    texts = []
    for key in keys:
        text = " ".join(words[key])
        for spaced, joined in JOINS:
            text = text.replace(spaced, joined)
        texts.append(text)
    return keys, texts


def event_chains() -> dict[tuple[str, int], set[str]]:
    chains: dict[tuple[str, int], set[str]] = defaultdict(set)
    with (ECBPLUS / "ECB_Dev_Event_gold_mentions.json").open(encoding="utf-8") as mentions:
        for mention in json.load(mentions):
            if not mention["is_singleton"]:
                chains[(mention["doc_id"], mention["sent_id"])].add(mention["coref_chain"])
    return chains


def event_of(document: str) -> str:
    """ECB+ names a document topic_number + "ecb" or "ecbplus"; the two halves of a topic are two events."""
    topic, rest = document.split("_", 1)
    return topic + ("ecbplus" if "plus" in rest else "ecb")


def main() -> None:
    import argparse

    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    if not ECBPLUS.exists():
        sys.exit(f"{ECBPLUS} is absent: this benchmark reads ECB+ from ../shared/eval")
    from crosscheck import nlp
    from crosscheck.align import content_terms, shared_specificity
    from crosscheck.settings import get_settings

    settings = get_settings()
    keys, texts = report_sentences()
    chains = event_chains()
    by_event: dict[str, list[int]] = defaultdict(list)
    for n, (document, _) in enumerate(keys):
        by_event[event_of(document)].append(n)
    vectors = {
        name: nlp._encoder(int8=int8).encode(texts) for name, int8 in (("float", False), ("int8", True))
    }

    labels: list[bool] = []
    cosines: dict[str, list[float]] = {name: [] for name in vectors}
    bonuses: list[float] = []
    for members in by_event.values():
        specificity = shared_specificity([set(content_terms(texts[n])[0]) for n in members])
        for a, first in enumerate(members):
            for b in range(a + 1, len(members)):
                second = members[b]
                if keys[first][0] == keys[second][0]:
                    continue
                labels.append(bool(chains[keys[first]] & chains[keys[second]]))
                for name, matrix in vectors.items():
                    cosines[name].append(float(matrix[first] @ matrix[second]))
                shared = min(float(specificity[a, b]), settings.align_lexical_cap)
                bonuses.append(settings.align_lexical_bonus * shared / settings.align_lexical_cap)

    gold = np.array(labels)
    bonus = np.array(bonuses)
    print(f"sentence pairs: {len(gold)}, sharing an event chain: {int(gold.sum())}")
    decisions = {}
    for name, values in cosines.items():
        cosine = np.array(values)
        score = cosine + bonus
        aligned = score >= settings.align_threshold
        decisions[name] = aligned
        hits = int((aligned & gold).sum())
        precision, recall = hits / max(1, int(aligned.sum())), hits / max(1, int(gold.sum()))
        print(
            f"{name:>5}: cosine AUC {roc_auc_score(gold, cosine):.4f}, score AUC {roc_auc_score(gold, score):.4f}; "
            f"at {settings.align_threshold}: {int(aligned.sum())} aligned, P {precision:.3f} R {recall:.3f}"
        )
    flipped = decisions["float"] != decisions["int8"]
    print(
        f"decisions that flip: {int(flipped.sum())}; the label agrees with float on "
        f"{int((decisions['float'][flipped] == gold[flipped]).sum())}, with int8 on "
        f"{int((decisions['int8'][flipped] == gold[flipped]).sum())}"
    )

    from crosscheck.evaluate.claimdiff import read_pairs

    pairs = read_pairs(CLAIMDIFF)
    related = np.array([pair.strengthen or pair.weaken for pair in pairs])
    print(f"ClaimDiff train: {len(pairs)} claim pairs, related: {int(related.sum())}")
    for name, int8 in (("float", False), ("int8", True)):
        encoder = nlp._encoder(int8=int8)
        claims_a = encoder.encode([pair.claim_a for pair in pairs])
        claims_b = encoder.encode([pair.claim_b for pair in pairs])
        cosine = (claims_a * claims_b).sum(axis=1)
        aligned = cosine >= settings.align_threshold
        print(
            f"{name:>5}: related AUC {roc_auc_score(related, cosine):.4f}; at {settings.align_threshold}: "
            f"{int(aligned.sum())} aligned, {int((aligned & related).sum())} of them related"
        )


if __name__ == "__main__":
    main()

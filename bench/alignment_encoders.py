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

A third encoder is measured beside them, as the cheapest one that could stand in: a static table distilled from
the float graph (each word piece encoded alone between [CLS] and [SEP], mean-pooled; a sentence is the sum of
its pieces' rows weighted by log(1 + vocabulary rank), at unit length). It costs nothing per sentence but a
lookup; the question is what it loses.

    .venv/bin/python bench/alignment_encoders.py
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
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


def static_encoder(float_encoder: Any) -> Callable[[list[str]], npt.NDArray[np.float32]]:
    """The distilled static table (about 20 s to build on two cores) and a function encoding with it."""
    size = float_encoder.tokenizer.get_vocab_size()
    table = np.zeros((size, 384), dtype=np.float32)
    for first in range(0, size, 1024):
        pieces = np.array(
            [[101, piece, 102] for piece in range(first, min(size, first + 1024))], dtype=np.int64
        )
        (hidden,) = float_encoder.session.run(
            None, {"input_ids": pieces, "attention_mask": np.ones_like(pieces), "token_type_ids": 0 * pieces}
        )
        table[first : first + len(pieces)] = hidden.mean(axis=1)
    # BERT's vocabulary lists word pieces roughly by frequency: a rarer piece says more about the sentence.
    weight = np.log1p(np.arange(size, dtype=np.float32))

    def encode(texts: list[str]) -> npt.NDArray[np.float32]:
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        for row, encoding in enumerate(float_encoder.tokenizer.encode_batch(texts, add_special_tokens=False)):
            ids = np.array(encoding.ids, dtype=np.int64)
            if len(ids):
                summed = (table[ids] * weight[ids, None]).sum(axis=0)
                vectors[row] = summed / max(float(np.linalg.norm(summed)), 1e-12)
        return vectors

    return encode


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
    static = static_encoder(nlp._encoder(int8=False))
    vectors["static"] = static(texts)

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
    decisions: dict[str, npt.NDArray[np.bool_]] = {}
    for name, values in cosines.items():
        cosine = np.array(values)
        score = cosine + bonus
        if name == "static":
            # Its cosines live on another scale (nearly every pair passes 0.75): it aligns as many pairs as the
            # int8 graph does, its best-scoring ones, so that the precision compares at one recall.
            aligned = np.zeros(len(score), dtype=bool)
            aligned[np.argsort(-score, kind="stable")[: int(decisions["int8"].sum())]] = True
            where = "as many"
        else:
            aligned = score >= settings.align_threshold
            where = f"at {settings.align_threshold}"
        decisions[name] = aligned
        hits = int((aligned & gold).sum())
        precision, recall = hits / max(1, int(aligned.sum())), hits / max(1, int(gold.sum()))
        print(
            f"{name:>6}: cosine AUC {roc_auc_score(gold, cosine):.4f}, score AUC {roc_auc_score(gold, score):.4f}; "
            f"{where}: {int(aligned.sum())} aligned, P {precision:.3f} R {recall:.3f}"
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
    related_int8 = 0
    encoders = {
        "float": nlp._encoder(int8=False).encode,
        "int8": nlp._encoder(int8=True).encode,
        "static": static,
    }
    for name, encode in encoders.items():
        claims_a = encode([pair.claim_a for pair in pairs])
        claims_b = encode([pair.claim_b for pair in pairs])
        cosine = (claims_a * claims_b).sum(axis=1)
        aligned = cosine >= settings.align_threshold
        if name == "static":
            aligned = np.zeros(len(cosine), dtype=bool)
            aligned[np.argsort(-cosine, kind="stable")[:related_int8]] = True
        elif name == "int8":
            related_int8 = int(aligned.sum())
        print(
            f"{name:>6}: related AUC {roc_auc_score(related, cosine):.4f}; "
            f"{'as many' if name == 'static' else f'at {settings.align_threshold}'}: "
            f"{int(aligned.sum())} aligned, {int((aligned & related).sum())} of them related"
        )


if __name__ == "__main__":
    main()

"""Learning the cue lexicon (``cues.json``) from PolNeAR train: which words cue attributions, and how.

For every gold relation of the train split, the cue's head word gives a key (``lemma/V`` or ``lemma/N``), and
the dependency paths from it to the content's head and to the source's head are counted. Each key is then run
over train as the extractor would run it, and how often its content matches a gold content (overlap at least
half the union) gives its precision. Only lemmas, paths and figures are written, never article text.

Regenerate with ``python -m crosscheck.annotate.cue_lexicon ../shared/eval/attribution/polnear/train``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crosscheck.annotate.syntax import (
    MAX_PATH,
    CueEntry,
    Lexicon,
    cue_key,
    default_relations,
    dependent_key,
    path_between,
    top_token,
)
from crosscheck.evaluate.attribution import gold_roles
from crosscheck.nlp import SPACY_PACKAGE

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

OUTPUT = Path(__file__).with_name("cues.json")
# A key annotated fewer times than this in train is too rare to judge.
MIN_CUES = 2
# A path seen fewer times than this for a key is noise; at most this many paths are kept per key.
MIN_PATH = 2
MAX_PATHS = 4
# A dependent seen fewer times than this next to a cue gives no evidence for extending its content.
MIN_EXTENSION = 3

Ranges = tuple[tuple[int, int], ...]
GoldRelation = dict[str, Ranges]


def _tokens(doc: Doc, ranges: Ranges) -> list[Token]:
    found: list[Token] = []
    for start, end in ranges:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            found.extend(t for t in span if not t.is_space)
    return found


def _chars(ranges: Ranges, text: str) -> frozenset[int]:
    return frozenset(i for s, e in ranges for i in range(s, e) if text[i] not in " \t\n\"“”'‘’,.;:—–-")


def learn(split_dir: Path) -> dict[str, Any]:
    """The lexicon as JSON-ready data, learned from one PolNeAR split (text/ and attributions/)."""
    import spacy

    from crosscheck.evaluate.attribution import corpus_files

    full = spacy.load(SPACY_PACKAGE, disable=["ner"])
    pairs = corpus_files(split_dir)
    texts = [p.read_text(encoding="utf-8") for p, _ in pairs]
    docs = list(full.pipe(texts, batch_size=16))
    golds = [gold_roles(ann) for _, ann in pairs]
    return learn_from(docs, golds)


def learn_from(docs: list[Doc], golds: list[list[GoldRelation]]) -> dict[str, Any]:
    lemma_of: dict[str, Counter[str]] = defaultdict(Counter)
    cues: Counter[str] = Counter()
    content_paths: dict[str, Counter[str]] = defaultdict(Counter)
    source_paths: dict[str, Counter[str]] = defaultdict(Counter)
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    inside: dict[str, Counter[str]] = defaultdict(Counter)
    for doc, gold in zip(docs, golds, strict=True):
        for token in doc:
            if token.is_alpha:
                lemma_of[token.lower_][token.lemma_.lower()] += 1
        for relation in gold:
            head = top_token(_tokens(doc, relation["Cue"]))
            content = top_token(_tokens(doc, relation["Content"]))
            if head is None or content is None or not head.is_alpha:
                continue
            key = cue_key(head.lemma_.lower(), head)
            cues[key] += 1
            path = path_between(head, content)
            if path:
                content_paths[key][path] += 1
            if path and not path.startswith("^"):
                _count_extension(head, path, relation["Content"], seen[key], inside[key])
            source = top_token(_tokens(doc, relation["Source"]))
            if source is not None:
                path = path_between(head, source)
                if path:
                    source_paths[key][path] += 1
    all_content: Counter[str] = Counter()
    all_source: Counter[str] = Counter()
    for key in cues:
        all_content.update(content_paths[key])
        all_source.update(source_paths[key])
    kept = {k for k, n in cues.items() if n >= MIN_CUES}
    lemmas = {k.rsplit("/", 1)[0] for k in kept}
    forms = {
        form: counts.most_common(1)[0][0]
        for form, counts in lemma_of.items()
        if counts.most_common(1)[0][0] in lemmas
    }

    def top(counter: Counter[str]) -> list[tuple[str, int]]:
        # A path ending on punctuation reaches a quotation mark, not a clause: the quote finder's case.
        paths = [(p, n) for p, n in counter.most_common() if not p.endswith("punct")]
        return [(p, n) for p, n in paths[:MAX_PATHS] if n >= MIN_PATH]

    all_seen: Counter[str] = Counter()
    all_inside: Counter[str] = Counter()
    for key in cues:
        all_seen.update(seen[key])
        all_inside.update(inside[key])
    entries = {
        key: CueEntry(
            key,
            cues[key],
            0,
            0,
            tuple(top(content_paths[key])),
            tuple(top(source_paths[key])),
            # A preposition's word is judged over all cues together: after one cue, most words are seen too
            # rarely to tell (judged per cue where seen three times, dev found 2 fewer contents).
            _extension(seen[key], inside[key], by_word=False),
        )
        for key in sorted(kept)
    }
    default_extend = _extension(all_seen, all_inside)
    default_withhold = _withheld(all_seen, all_inside)
    default_content = tuple(top(all_content))
    default_source = tuple(top(all_source))
    lexicon = Lexicon(forms, entries, default_content, default_source, default_extend, default_withhold)
    predicted, correct = _judge(docs, golds, lexicon)
    return {
        "about": "Attribution cues learned from PolNeAR train by crosscheck.annotate.cue_lexicon: lemma/V or "
        "lemma/N keys, gold count (cues), extractor predictions on train and how many matched a gold content, "
        f"and dependency paths (at most {MAX_PATH} arcs, '^' going up) to the content and source heads.",
        "forms": dict(sorted(forms.items())),
        "default_content": default_content,
        "default_source": default_source,
        "default_extend": default_extend,
        "default_withhold": default_withhold,
        "cues": {
            key: {
                "cues": e.cues,
                "predicted": predicted[key],
                "correct": correct[key],
                "content": e.content_paths,
                "source": e.source_paths,
                "extend": e.extend,
            }
            for key, e in entries.items()
        },
    }


def _count_extension(
    head: Token, path: str, content: Ranges, seen: Counter[str], inside: Counter[str]
) -> None:
    """For each other dependent of the cue: is it part of the gold content (most of its characters)?"""
    first = path.split()[0]
    for child in head.children:
        if child.dep_ == first or child.dep_ == "punct":
            continue
        words = [t for t in child.subtree if not t.is_punct]
        if not words:
            continue
        covered = sum(1 for t in words if any(s <= t.idx < e for s, e in content))
        keys = {child.dep_, dependent_key(child)}
        seen.update(keys)
        if covered * 2 > len(words):
            inside.update(keys)


def _extension(seen: Counter[str], inside: Counter[str], by_word: bool = True) -> tuple[str, ...]:
    """Dependents the gold content takes in more often than not (seen at least MIN_EXTENSION times): labels,
    and prepositions by their word unless ``by_word`` is off."""
    return tuple(
        sorted(
            d
            for d, n in seen.items()
            if n >= MIN_EXTENSION and inside[d] * 2 > n and (by_word or ":" not in d)
        )
    )


def _withheld(seen: Counter[str], inside: Counter[str]) -> tuple[str, ...]:
    """Prepositions, by their word, that the gold content leaves out more often than not (seen at least
    MIN_EXTENSION times), whatever the label's own decision for a cue."""
    return tuple(sorted(d for d, n in seen.items() if ":" in d and n >= MIN_EXTENSION and inside[d] * 2 <= n))


def _judge(
    docs: list[Doc], golds: list[list[GoldRelation]], lexicon: Lexicon
) -> tuple[Counter[str], Counter[str]]:
    """Per key: how many contents the extractor gives on train, and how many match a gold content."""
    predicted: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    for doc, gold in zip(docs, golds, strict=True):
        gold_chars = [_chars(g["Content"], doc.text) for g in gold]
        for relation in default_relations(doc, lexicon):
            chars = _chars(relation.content, doc.text)
            predicted[relation.cue_key] += 1
            if any(len(chars & g) >= 0.5 * len(chars | g) for g in gold_chars if g and chars & g):
                correct[relation.cue_key] += 1
    return predicted, correct


def main(argv: list[str]) -> int:
    usage = (
        "usage: python -m crosscheck.annotate.cue_lexicon POLNEAR_TRAIN_DIR  (rebuilds annotate/cues.json)"
    )
    if argv in (["-h"], ["--help"]):
        print(usage)
        return 0
    if len(argv) != 1:
        print(usage, file=sys.stderr)
        return 2
    data = learn(Path(argv[0]))
    OUTPUT.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(data['cues'])} cues, {len(data['forms'])} forms -> {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

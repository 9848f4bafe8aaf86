"""The parsed-cue scoring computes reading features only for the cues the model scores: the same relations as
scoring every cue's readings and keeping the model's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crosscheck.annotate import syntax

if TYPE_CHECKING:
    from spacy.tokens import Doc

SENTENCES = [
    "Senator Zoe Lofgren called the plan a disgrace and said the vote would fail, officials confirmed on Friday.",
    'The criticism of the law, which was endorsed by the governor, came from "many" groups, the report said.',
    "In addition to stating the talks had failed, Clinton has vowed to keep the embargo, aides believe.",
    "Part of the plan will be announced by the ministry, according to a statement released on Tuesday.",
]


Found = tuple[int, frozenset[int], float]


def _relations_from_every_reading(doc: Doc, lex: syntax.Lexicon, model: syntax.CueModel) -> list[Found]:
    """``relations`` as it was: the features of every cue's readings, then the model's cues kept."""
    found = syntax.candidates(doc, lex)
    kept = [
        (candidate, rows)
        for candidate, rows in zip(found, syntax.readings_features(doc, found), strict=True)
        if candidate.entry.key in model.keys
    ]
    out: list[Found] = []
    for candidate, rows in kept:
        scores = model.scores(rows)
        best = max(range(len(scores)), key=scores.__getitem__)
        if scores[best] >= model.threshold:
            out.append((candidate.token.idx, candidate.options[best].ids, scores[best]))
    return sorted(out, key=lambda found: -found[2])


def test_relations_score_the_model_cues_as_when_every_cue_had_its_features() -> None:
    lex, model = syntax.lexicon(), syntax.cue_model()
    docs = syntax.parse(SENTENCES)
    found_any_unscored_cue = False
    reported = 0
    for doc in docs:
        found_any_unscored_cue |= any(c.entry.key not in model.keys for c in syntax.candidates(doc, lex))
        relations = syntax.relations(doc, lex, model)
        reported += len(relations)
        expected = _relations_from_every_reading(doc, lex, model)
        assert [(r.cue[0], r.content, r.score) for r in relations] == [
            (cue, syntax._ranges(doc, set(ids)), score) for cue, ids, score in expected
        ]
    # The sentences hold cues the model does not score, whose readings are now skipped.
    assert found_any_unscored_cue and reported


def test_a_docs_words_are_its_tokens_less_punctuation_and_space() -> None:
    (doc,) = syntax.parse(['"We need change now," the New York businessman said  — arguing.'])
    assert syntax.doc_words(doc) == [t for t in doc if not t.is_punct and not t.is_space]


def test_cue_scores_do_not_depend_on_the_hash_seed() -> None:
    """The model sums its weights in the features' order; a set of dependency labels iterated in hash order
    moved scores in their last bit from one process to the next."""
    import os
    import subprocess
    import sys

    script = (
        "from crosscheck.annotate import syntax\n"
        f"sentences = {SENTENCES!r}\n"
        "lex, model = syntax.lexicon(), syntax.cue_model()\n"
        "for doc in syntax.parse(sentences):\n"
        "    print([repr(r.score) for r in syntax.relations(doc, lex, model)])\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1

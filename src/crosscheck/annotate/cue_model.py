"""Fitting the cue model (``cue_model.json``): which parsed cues, in which reading, are reported content.

The parse finds a candidate for almost every PolNeAR content, but also for every "of", "is" and "make" of the
lexicon, and each candidate has several readings of where its content lies (the clause its learned path
reaches, with or without the cue's further dependents, or everything after the cue). A logistic regression over
features of the cue (lemma, its train precision, dependency labels, auxiliaries, how it ranks among the cues
of its sentence, how reliable a cue governing it or governed by it is, whether it stands inside a quotation, the
source found: pronoun, name or phrase, and its entity label) and of the reading (how it was reached, with or
without a trailing aside, its length, where it starts and ends, the kind of word it opens with, quotation
marks) scores each reading by the chance that it matches a gold content (overlap at least half the union). At
run time a cue is reported in its best reading when that chance clears the threshold.

How it was fit: the regex annotators run alone over PolNeAR train; the sentences they leave uncovered are parsed
as at run time; every reading of every lexicon cue is labelled against the gold contents. The L2 strength and
the threshold are those that give the best content F1 of the whole annotator (regex findings plus parsed ones,
deduplicated as at run time) on train, with probabilities from 5-fold cross-validation grouped by article; the
model is then fit on all of train. A cue key is kept only when its cross-validated findings were right more
often than half that F1 (below that, a finding lowers F1). Only feature names, weights and figures are written,
never article text.

Refit with ``python -m crosscheck.annotate.cue_model ../shared/eval/attribution/polnear/train`` (after the
lexicon, ``python -m crosscheck.annotate.cue_lexicon``, since the features use it). With ``--forest`` the model
is gradient-boosted trees over the same features instead (sklearn's, walked at run time by ``syntax.Forest``
with numpy): fitted to the same candidates before the governing-clause source was added, it cross-validated
on train at content F1 0.670 against the regression's 0.667, and on dev gave 0.686 against 0.684, for about
3 ms more per article, so the regression ships.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crosscheck.annotate import syntax
from crosscheck.annotate.syntax import candidates, lexicon, parse, readings_features, sentence_entities

OUTPUT = Path(__file__).with_name("cue_model.json")
# L2 strengths of the logistic regression tried (sklearn's C); the one with the best cross-validated F1 is kept.
REGULARIZATIONS = (0.1, 0.2, 0.4)
FOLDS = 5
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(4, 19))
# Weights smaller than this change no decision; they are left out of the JSON.
MIN_WEIGHT = 1e-3
# The forest sees only features this frequent in train (a dense matrix; rarer ones split too few readings).
FOREST_MIN_COUNT = 200
# Shallow trees keep the run-time walk short (``depth`` steps for all readings of a sentence at once).
FOREST_SETTINGS: dict[str, Any] = {
    "max_iter": 150,
    "learning_rate": 0.1,
    "max_depth": 6,
    "max_leaf_nodes": 31,
    "min_samples_leaf": 40,
}


@dataclass
class Reading:
    features: dict[str, float]
    gold: int  # the gold content it matches, or -1
    letters: frozenset[int]
    words: int


@dataclass
class CueRow:
    """One candidate cue of one article: its readings, in order, and whether someone stands behind it."""

    key: str
    sentence: int
    readings: list[Reading]
    sourced: bool


@dataclass
class ArticleRows:
    """What the regex annotators found in one article, and every parsed candidate the rest could add."""

    name: str
    gold: int
    base_predicted: int
    base_matched: frozenset[int]
    taken: list[frozenset[int]]
    cues: list[CueRow] = field(default_factory=list)


def _chars(text: str, ranges: Sequence[tuple[int, int]]) -> frozenset[int]:
    from crosscheck.evaluate.attribution import NOT_CONTENT

    return frozenset(i for s, e in ranges for i in range(s, e) if text[i] not in NOT_CONTENT)


def _best_gold(chars: frozenset[int], golds: list[frozenset[int]]) -> int:
    best, best_ratio = -1, 0.5
    for j, gold in enumerate(golds):
        if chars & gold:
            ratio = len(chars & gold) / len(chars | gold)
            if ratio >= best_ratio:
                best, best_ratio = j, ratio
    return best


def collect(split_dir: Path, limit: int | None = None) -> list[ArticleRows]:
    """Every article's regex findings and parsed candidates with labelled readings."""
    from crosscheck.annotate import annotate_articles
    from crosscheck.annotate.quotes import COVERED_SHARE, WORD, _letters, _trim
    from crosscheck.evaluate.attribution import (
        article_from_text,
        corpus_files,
        predicted_relations,
        read_gold,
    )

    pairs = corpus_files(split_dir)[:limit] if limit else corpus_files(split_dir)
    texts = [path.read_text(encoding="utf-8") for path, _ in pairs]
    articles = [article_from_text(path, text) for (path, _), text in zip(pairs, texts, strict=True)]
    saved = syntax.CONFIG
    syntax.CONFIG = syntax.SyntaxConfig(enabled=False)
    try:
        annotated_all = annotate_articles(articles)
        base = [predicted_relations(a) for a in annotated_all]
    finally:
        syntax.CONFIG = saved
    lex = lexicon()
    rows: list[ArticleRows] = []
    for (path, ann), text, annotated, predicted in zip(pairs, texts, annotated_all, base, strict=True):
        gold = read_gold(ann, text)
        golds = [g.characters(text) for g in gold]
        matched: set[int] = set()
        for relation in predicted:
            j = _best_gold(
                relation.characters(text),
                [g if k not in matched else frozenset() for k, g in enumerate(golds)],
            )
            if j >= 0:
                matched.add(j)
        taken = [_letters(text, q.start, q.end) for q in annotated.quotes]
        reported = frozenset().union(*taken) if taken else frozenset()
        sentences = annotated.sentences
        chosen = []
        for n, s in enumerate(sentences):
            letters = _letters(text, s.start, s.end)
            if letters and len(letters & reported) >= COVERED_SHARE * len(letters):
                continue
            if syntax.flagged(s.text, lex, lex.entries):
                chosen.append(n)
        article = ArticleRows(path.stem, len(gold), len(predicted), frozenset(matched), taken)
        for n, doc in zip(chosen, parse([sentences[n].text for n in chosen]), strict=True):
            offset = sentences[n].start
            found = candidates(doc, lex)
            entities = sentence_entities(annotated.entities, sentences[n].start, sentences[n].end)
            for candidate, features in zip(found, readings_features(doc, found, entities), strict=True):
                readings = []
                for option, reading_features in zip(candidate.options, features, strict=True):
                    start, end = _trim(text, offset + option.longest[0], offset + option.longest[1])
                    chars = _chars(text, [(start, end)])
                    readings.append(
                        Reading(
                            reading_features,
                            _best_gold(chars, golds),
                            _letters(text, start, end),
                            len(WORD.findall(text[start:end])),
                        )
                    )
                article.cues.append(CueRow(candidate.entry.key, n, readings, candidate.source is not None))
        rows.append(article)
    return rows


@dataclass
class Outcome:
    predicted: int = 0
    matched: int = 0
    gold: int = 0
    # Per cue key: parsed findings added, and how many of them matched a gold content.
    added: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)

    @property
    def f1(self) -> float:
        return 2 * self.matched / (self.predicted + self.gold) if self.predicted + self.gold else 0.0


def emulate(
    rows: list[ArticleRows],
    probabilities: list[list[list[float]]],
    threshold: float,
    keys: Collection[str] | None = None,
) -> Outcome:
    """Content counts of regex findings plus the parsed readings that clear ``threshold``, deduplicated as
    ``quotes._parsed_quotes`` does (the first, most probable finding of a stretch stands; someone must stand
    behind it)."""
    outcome = Outcome()
    for article, article_p in zip(rows, probabilities, strict=True):
        outcome.gold += article.gold
        outcome.predicted += article.base_predicted
        outcome.matched += len(article.base_matched)
        matched = set(article.base_matched)
        taken = list(article.taken)
        best = []
        for index, (cue, cue_p) in enumerate(zip(article.cues, article_p, strict=True)):
            k = max(range(len(cue_p)), key=cue_p.__getitem__)
            best.append((cue.sentence, -cue_p[k], index, k))
        for _, negative, index, k in sorted(best):
            cue = article.cues[index]
            reading = cue.readings[k]
            if -negative < threshold or not cue.sourced or not reading.letters:
                continue
            if keys is not None and cue.key not in keys:
                continue
            letters = reading.letters
            if any(
                len(letters & other) * 2 >= len(letters)
                or len(letters & other) >= 0.3 * len(letters | other)
                or len(letters & other) >= 0.8 * len(other)
                for other in taken
            ):
                continue
            taken.append(letters)
            outcome.predicted += 1
            outcome.added[cue.key] += 1
            if reading.gold >= 0 and reading.gold not in matched:
                matched.add(reading.gold)
                outcome.matched += 1
                outcome.right[cue.key] += 1
    return outcome


def _matrix(rows: list[ArticleRows]) -> tuple[list[dict[str, float]], list[int], list[int]]:
    features, labels, groups = [], [], []
    for n, article in enumerate(rows):
        for cue in article.cues:
            for reading in cue.readings:
                features.append(reading.features)
                labels.append(int(reading.gold >= 0))
                groups.append(n)
    return features, labels, groups


def _regroup(rows: list[ArticleRows], flat: Sequence[float]) -> list[list[list[float]]]:
    out: list[list[list[float]]] = []
    i = 0
    for article in rows:
        per_article = []
        for cue in article.cues:
            per_article.append([float(p) for p in flat[i : i + len(cue.readings)]])
            i += len(cue.readings)
        out.append(per_article)
    return out


def fit(features: list[dict[str, float]], labels: list[int], strength: float) -> tuple[Any, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(features)
    model = LogisticRegression(C=strength, max_iter=2000)
    model.fit(x, labels)
    return vectorizer, model


def fit_forest(features: list[dict[str, float]], labels: list[int]) -> tuple[list[str], Any]:
    """Gradient-boosted trees over the features seen at least ``FOREST_MIN_COUNT`` times (a dense matrix)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    counts = Counter(name for f in features for name in f)
    vocabulary = sorted(name for name, n in counts.items() if n >= FOREST_MIN_COUNT)
    model = HistGradientBoostingClassifier(**FOREST_SETTINGS, random_state=0)
    model.fit(_dense(features, vocabulary), labels)
    return vocabulary, model


def _dense(features: Sequence[dict[str, float]], vocabulary: Sequence[str]) -> Any:
    import numpy as np

    index = {name: n for n, name in enumerate(vocabulary)}
    # Float64 as the trees compare: a threshold may be a value the features take exactly.
    x = np.zeros((len(features), len(vocabulary)), dtype=np.float64)
    for n, f in enumerate(features):
        for name, value in f.items():
            column = index.get(name)
            if column is not None:
                x[n, column] = value
    return x


def export_forest(vocabulary: list[str], model: Any) -> dict[str, Any]:
    """The fitted trees as flat node arrays (see ``syntax.Forest``): a leaf is its own left and right child.

    The column past the vocabulary is always zero; a leaf tests it against zero, so it stays where it is."""
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
    roots: list[int] = []
    depth = 0
    for (tree,) in model._predictors:  # one tree per boosting round for a binary task
        offset = len(feature)
        roots.append(offset)
        for k, node in enumerate(tree.nodes):
            depth = max(depth, int(node["depth"]))
            if node["is_leaf"]:
                feature.append(len(vocabulary))
                threshold.append(0.0)
                left.append(offset + k)
                right.append(offset + k)
                value.append(round(float(node["value"]), 6))
            else:
                feature.append(int(node["feature_idx"]))
                threshold.append(float(node["num_threshold"]))
                left.append(offset + int(node["left"]))
                right.append(offset + int(node["right"]))
                value.append(0.0)
    return {
        "vocabulary": vocabulary,
        "feature": feature,
        "threshold": threshold,
        "left": left,
        "right": right,
        "value": value,
        "roots": roots,
        "depth": depth,
        "baseline": round(float(model._baseline_prediction.ravel()[0]), 6),
    }


def cross_validated(rows: list[ArticleRows], strength: float | None) -> list[list[list[float]]]:
    """Each reading's probability from a model fit on the other folds of articles (the forest when ``strength``
    is None, else the logistic regression of that strength)."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    features, labels, groups = _matrix(rows)
    flat = np.zeros(len(labels))
    y = np.array(labels)
    for train, held in GroupKFold(n_splits=FOLDS).split(features, y, groups):
        part = [features[i] for i in train]
        if strength is None:
            vocabulary, forest = fit_forest(part, [labels[i] for i in train])
            flat[held] = forest.predict_proba(_dense([features[i] for i in held], vocabulary))[:, 1]
        else:
            vectorizer, model = fit(part, [labels[i] for i in train], strength)
            flat[held] = model.predict_proba(vectorizer.transform([features[i] for i in held]))[:, 1]
    return _regroup(rows, flat.tolist())


def learn(rows: list[ArticleRows], forest: bool = False) -> dict[str, Any]:
    """The model as JSON-ready data: threshold and keys from cross-validation, the model fit on all rows (the
    logistic regression of the best cross-validated strength, or with ``forest`` the gradient-boosted trees)."""
    tried = []
    for strength in (None,) if forest else REGULARIZATIONS:
        oof = cross_validated(rows, strength)
        outcomes = {t: emulate(rows, oof, t) for t in THRESHOLDS}
        threshold = max(THRESHOLDS, key=lambda t: (outcomes[t].f1, t))
        tried.append((outcomes[threshold].f1, strength, threshold, oof, outcomes))
    _, strength, threshold, oof, outcomes = max(tried, key=lambda t: (t[0], t[1] or 0.0))
    # A finding raises F1 only when it is right more often than half the F1: keys whose cross-validated
    # findings fall short are not trusted (and their sentences need not be parsed).
    chosen = outcomes[threshold]
    keys = sorted(key for key, n in chosen.added.items() if chosen.right[key] >= max(1.0, n * chosen.f1 / 2))
    kept = emulate(rows, oof, threshold, keys)
    features, labels, _ = _matrix(rows)
    figures = {
        "train_f1_by_threshold": {str(t): round(outcomes[t].f1, 4) for t in THRESHOLDS},
        "train_f1_with_kept_keys": round(kept.f1, 4),
        "threshold": threshold,
        "keys": keys,
    }
    if strength is None:
        vocabulary, trees = fit_forest(features, labels)
        return {
            "about": "Cue model fitted by crosscheck.annotate.cue_model on PolNeAR train: gradient-boosted trees "
            "over cue and content-reading features; threshold and keys chosen by 5-fold cross-validation on "
            "train (content F1 of the whole annotator).",
            "learner": "forest",
            "settings": FOREST_SETTINGS,
            **figures,
            "forest": export_forest(vocabulary, trees),
        }
    vectorizer, model = fit(features, labels, strength)
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= MIN_WEIGHT
    }
    return {
        "about": "Cue model fitted by crosscheck.annotate.cue_model on PolNeAR train: logistic regression weights "
        "over cue and content-reading features; threshold and keys chosen by 5-fold cross-validation on train "
        "(content F1 of the whole annotator).",
        "learner": "logistic",
        "regularization": strength,
        "train_f1_by_regularization": {str(t[1]): round(t[0], 4) for t in tried},
        **figures,
        "intercept": round(float(model.intercept_[0]), 4),
        "weights": dict(sorted(weights.items())),
    }


def main(argv: list[str]) -> int:
    usage = (
        "usage: python -m crosscheck.annotate.cue_model POLNEAR_TRAIN_DIR [--forest]  "
        "(refits annotate/cue_model.json, about 5 minutes)"
    )
    if "-h" in argv or "--help" in argv:
        print(usage)
        return 0
    forest = "--forest" in argv
    args = [a for a in argv if a != "--forest"]
    if len(args) != 1:
        print(usage, file=sys.stderr)
        return 2
    data = learn(collect(Path(args[0])), forest=forest)
    OUTPUT.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"threshold {data['threshold']}, cross-validated content F1 "
        f"{data['train_f1_by_threshold'][str(data['threshold'])]}, {len(data['keys'])} keys, "
        f"{data['learner']} -> {OUTPUT}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

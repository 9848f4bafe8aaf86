"""The parse-based attribution extractor: the shipped cue lexicon, learned paths, and faithful quote spans."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from crosscheck.annotate import annotate_article
from crosscheck.annotate.syntax import SyntaxConfig, cue_model, flagged, lexicon, sentence_relations
from crosscheck.evaluate.attribution import article_from_text


def test_lexicon_ships_with_the_package_and_holds_lemmas_and_figures_only() -> None:
    raw = resources.files("crosscheck.annotate").joinpath("cues.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert all(re.fullmatch(r"[\w'’.-]+/[VN]", key) for key in data["cues"])
    assert all(re.fullmatch(r"[\w'’.-]+", form) for form in data["forms"])
    say = lexicon().entries["say/V"]
    # "said" is the commonest cue of political news and the extractor gets most of its contents right.
    assert say.cues > 1000 and say.precision > 0.5
    assert say.content_paths[0][0] == "ccomp"
    assert lexicon().forms["said"] == "say"


def test_prefilter_skips_sentences_without_a_trusted_cue() -> None:
    keys, least = cue_model().keys, SyntaxConfig().flag_precision
    assert flagged("The senator said the bill would pass.", lexicon(), keys, least)
    # ("bill" is no example of a word without one: the prefilter cannot tell the noun from "billed as".)
    assert not flagged("The measure passed on a Tuesday in March.", lexicon(), keys, least)
    # A cue the model does not trust flags nothing, whatever its precision.
    assert not flagged("The senator said the bill would pass.", lexicon(), set(), 0.0)


def test_cue_model_ships_a_fitted_model_and_figures_only() -> None:
    raw = resources.files("crosscheck.annotate").joinpath("cue_model.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    model = cue_model()
    # The threshold was chosen on train by cross-validation, and it is a probability.
    assert 0.0 < model.threshold < 1.0
    assert data["train_f1_by_threshold"][str(data["threshold"])] == max(
        data["train_f1_by_threshold"].values()
    )
    # Only cues of the lexicon, and the commonest cue of all among them.
    assert model.keys <= set(lexicon().entries) and "say/V" in model.keys
    # Feature names are built from lemmas, dependency labels and buckets: no article text.
    names = list(model.forest.index) if model.forest is not None else list(model.weights)
    assert all(len(name) < 80 and "\n" not in name for name in names)
    if model.forest is not None:
        # A fitted forest, not a hand-written table: many trees over hundreds of features, and a small file.
        assert len(model.forest.roots) >= 50 and len(names) > 200
        assert len(raw) < 2_000_000
    else:
        # The weights are a fitted model's: thousands of features, most of them small.
        assert len(model.weights) > 1000
    assert data["train_f1_with_kept_keys"] >= data["train_f1_by_threshold"][str(data["threshold"])]


def test_the_forest_walk_agrees_with_scikit_learns_trees() -> None:
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    from crosscheck.annotate.cue_model import _dense, export_forest
    from crosscheck.annotate.syntax import CueModel, forest_from_json

    rng = np.random.default_rng(0)
    vocabulary = ["key=say/V", "option=right", "precision"]
    rows = [
        {
            "key=say/V": float(rng.integers(2)),
            "option=right": float(rng.integers(2)),
            "precision": rng.random(),
        }
        for _ in range(400)
    ]
    labels = [int(r["key=say/V"] and r["precision"] > 0.3) for r in rows]
    trees = HistGradientBoostingClassifier(max_iter=20, max_depth=3, random_state=0)
    trees.fit(_dense(rows, vocabulary), labels)
    model = CueModel({}, 0.0, 0.5, frozenset(), forest_from_json(export_forest(vocabulary, trees)))
    expected = trees.predict_proba(_dense(rows, vocabulary))[:, 1]
    # Features the forest never saw are ignored, as absent ones are.
    walked = model.scores([{**r, "unseen=1": 1.0} for r in rows])
    assert np.allclose(walked, expected, atol=1e-4)


def test_the_model_scores_a_stance_in_its_best_reading_and_ignores_bare_facts() -> None:
    sentences = [
        "The governor criticized the plan to close three rural hospitals.",
        "The bill passed on a Tuesday in March.",
    ]
    found = sentence_relations(sentences)
    criticized = found[0][0]
    start, end = criticized.content[0]
    assert sentences[0][start:end] == "the plan to close three rural hospitals"
    assert criticized.score >= cue_model().threshold
    assert criticized.source is not None
    assert sentences[0][criticized.source[0] : criticized.source[1]] == "The governor"
    # Relations come most probable first, so that the best finding of a stretch is the one kept.
    assert [r.score for r in found[0]] == sorted((r.score for r in found[0]), reverse=True)
    assert found[1] == []


def test_a_disabled_parse_finds_nothing() -> None:
    found = sentence_relations(["The senator said the bill would pass."], SyntaxConfig(enabled=False))
    assert found == [[]]


@pytest.mark.slow
def test_cues_no_verb_list_covers() -> None:
    sentences = [
        "Christie called Hillary Clinton a disgrace on Tuesday.",
        "The bill would cut taxes for most families, according to the budget office.",
        "The weather was cold.",
    ]
    found = sentence_relations(sentences)
    called = found[0][0]
    start, end = called.content[0]
    assert sentences[0][start:end].startswith("Hillary Clinton a disgrace")
    assert called.source is not None and sentences[0][called.source[0] : called.source[1]] == "Christie"
    according = found[1][0]
    start, end = according.content[0]
    assert sentences[1][start:end] == "The bill would cut taxes for most families"
    assert according.source is not None
    assert sentences[1][according.source[0] : according.source[1]] == "the budget office"
    assert found[2] == []


@pytest.mark.slow
def test_parsed_quotes_are_faithful_and_credited() -> None:
    text = (
        "Governor Ana Ruiz criticized the plan to close three rural hospitals.\n"
        "She accused the health board of ignoring the needs of farming towns.\n"
    )
    annotated = annotate_article(article_from_text(Path("x_story.txt"), text))
    parsed = [q for q in annotated.quotes if not q.direct]
    assert parsed, "the stance cues should give reported content"
    for quote in annotated.quotes:
        assert text[quote.start : quote.end] == quote.text
    accused = next(q for q in parsed if q.text.startswith("the health board"))
    assert accused.speaker == "Ana Ruiz"


def test_threshold_emulation_counts_as_the_annotator_keeps_findings() -> None:
    from crosscheck.annotate.cue_model import ArticleRows, CueRow, Reading, emulate

    def reading(gold: int, span: range) -> Reading:
        return Reading({}, gold, frozenset(span), len(span) // 5)

    article = ArticleRows(
        name="a",
        gold=3,
        base_predicted=2,
        base_matched=frozenset({0}),
        taken=[frozenset(range(0, 50))],
        cues=[
            # Inside what the regex annotators found: never added.
            CueRow("say/V", 0, [reading(0, range(10, 40))], sourced=True),
            # Two cues of one stretch: the more probable one stands and the other is a duplicate.
            CueRow("call/V", 1, [reading(-1, range(60, 90)), reading(1, range(60, 80))], sourced=True),
            CueRow("be/V", 1, [reading(-1, range(62, 88))], sourced=True),
            # Right, but no one stands behind it.
            CueRow("plan/N", 2, [reading(2, range(100, 130))], sourced=False),
        ],
    )
    probabilities = [[[0.9], [0.3, 0.8], [0.7], [0.95]]]
    high = emulate([article], probabilities, 0.75)
    assert (high.predicted, high.matched, high.gold) == (3, 2, 3)
    assert high.added == {"call/V": 1} and high.right == {"call/V": 1}
    low = emulate([article], probabilities, 0.5)
    assert (low.predicted, low.matched) == (3, 2)
    # Leaving a key out leaves its findings out.
    assert emulate([article], probabilities, 0.5, keys={"be/V"}).matched == 1


def test_entities_reach_the_model_relative_to_their_sentence() -> None:
    from crosscheck.annotate.syntax import sentence_entities
    from crosscheck.model import EntityMention

    text = "Rain fell. Ana Ruiz said the bridge would reopen."
    ruiz = EntityMention(article_id="a", start=11, end=19, text="Ana Ruiz", label="PERSON")
    assert sentence_entities([ruiz], 11, len(text)) == [(0, 8, "PERSON")]
    assert sentence_entities([ruiz], 0, 10) == []
    sentence = text[11:]
    plain = sentence_relations([sentence])[0]
    named = sentence_relations([sentence], entities=[[(0, 8, "PERSON")]])[0]
    said = [r for r in named if sentence[r.cue[0] : r.cue[1]] == "said"]
    assert said and sentence[said[0].content[0][0] : said[0].content[0][1]] == "the bridge would reopen"
    # The source's entity label is a feature: the model's confidence moves with it.
    assert [r.score for r in plain] != [r.score for r in named]


def test_a_trailing_aside_is_cut_from_a_reading_and_a_paired_dash_aside_is_kept() -> None:
    from crosscheck.annotate.syntax import _without_aside, parse

    (doc,) = parse(["Officials said the bridge — built in 1931 — was safe, which surprised engineers."])
    every = frozenset(range(len(doc)))
    cut = _without_aside(doc, every)
    assert cut is not None and doc[max(cut)].text == "safe"
    (doc,) = parse(["He said the toll — a relic — would go — and the council agreed."])
    cut = _without_aside(doc, frozenset(range(len(doc))))
    # The first two dashes enclose an aside; the third, unpaired after them, opens the writer's own.
    assert cut is not None and doc[max(cut)].text == "go"


def test_a_cue_no_learned_path_credits_takes_the_subject_of_the_clause_above_it() -> None:
    from crosscheck.annotate.syntax import candidates, lexicon, parse

    (doc,) = parse(["The senator, after praising the deal, voted against it."])
    found = {c.token.text: c for c in candidates(doc, lexicon())}
    praising = found["praising"]
    assert praising.source_via == "governor" and praising.source is not None
    assert doc.text[praising.source[0] : praising.source[1]] == "The senator"


def test_cue_features_say_whether_the_cue_is_quoted_and_which_cue_governs_it() -> None:
    from crosscheck.annotate.syntax import candidates, lexicon, parse, readings_features

    (doc,) = parse(['Officials said "the governor criticized the plan" on Monday.'])
    found = [c for c in candidates(doc, lexicon()) if c.token.text in ("said", "criticized")]
    features = {c.token.text: f[0] for c, f in zip(found, readings_features(doc, found), strict=True)}
    assert "cue_quoted" in features["criticized"] and "cue_quoted" not in features["said"]
    # "criticized" sits in the clause "said" governs: one is under a cue, the other over one.
    assert any(name.startswith("under_cue=") for name in features["criticized"])
    assert any(name.startswith("over_cue=") for name in features["said"])
    assert not any(name.startswith("under_cue=") for name in features["said"])


def test_a_relative_pronoun_source_stands_for_the_noun_phrase_it_follows() -> None:
    from crosscheck.annotate.syntax import antecedent, parse

    (doc,) = parse(["It was Donald Trump, who had talked about the plan for months, that won the vote."])
    who = doc.text.index("who")
    found = antecedent(doc, (who, who + 3))
    assert found is not None and doc.text[found[0] : found[1]] == "Donald Trump"
    # A pronoun that opens no relative clause, and a source of several words, stand for nothing else.
    he = parse(["He said the plan would fail."])[0]
    assert antecedent(he, (0, 2)) is None
    assert antecedent(doc, (6, 18)) is None


@pytest.mark.slow
def test_a_finding_voiced_by_who_credits_the_person_it_refers_to() -> None:
    from crosscheck.annotate.quotes import speaker_mentions

    text = (
        "The rally drew thousands to the fairground.\n"
        "The crowd cheered Senator Ana Ruiz, who has argued for years that the rural hospitals must stay open.\n"
    )
    annotated = annotate_article(article_from_text(Path("x_story.txt"), text))
    argued = next(q for q in annotated.quotes if "the rural hospitals" in q.text)
    assert argued.speaker == "Ana Ruiz"
    # The article's own word stays the mention the speaker was read from.
    assert speaker_mentions(annotated)[(argued.start, argued.end)] == "who"


def test_a_docs_text_and_tokens_are_read_once_and_match_spacys() -> None:
    from crosscheck.annotate.syntax import doc_text, doc_tokens, parse, tokens_between

    sentence = "Senator Ana Ruiz said on Monday that the plan, which cost $4 billion, had failed."
    (doc,) = parse([sentence])
    assert doc_text(doc) == doc.text == sentence
    tokens, offsets = doc_tokens(doc)
    assert [t.i for t in tokens] == [t.i for t in doc] and offsets == [t.idx for t in doc]
    assert doc_tokens(doc)[0] is tokens  # kept, not rebuilt
    start = sentence.index("the plan")
    assert [t.text for t in tokens_between(doc, start, start + len("the plan"))] == ["the", "plan"]
    # A word that starts inside the range is in it; one starting at its end is not.
    assert [t.text for t in tokens_between(doc, start + 1, start + len("the plan"))] == ["plan"]


def test_an_extended_reading_takes_in_what_a_preposition_argues_and_leaves_out_when_it_was_said() -> None:
    from crosscheck.annotate.syntax import _path_options, lexicon, parse

    lex = lexicon()
    # Learned from train over all cues: "as" and "for" carry the content on, "during" and "in" say when and where.
    assert {"prep:as", "prep:for"} <= set(lex.default_extend)
    assert {"prep:during", "prep:in"} <= set(lex.default_withhold)
    (doc,) = parse(["The senator criticized the plan as reckless during a speech on Monday."])
    cue = next(t for t in doc if t.text == "criticized")
    assert {(t.text, t.head.text) for t in doc if t.dep_ == "prep"} >= {
        ("as", "criticized"),
        ("during", "criticized"),
    }
    entry = lex.entry(cue)
    assert entry is not None
    readings = {kind: ids for kind, ids, _ in _path_options(cue, entry, lex)}
    extended = next(ids for kind, ids in readings.items() if kind.endswith("+x"))
    assert " ".join(doc[i].text for i in sorted(extended)) == "the plan as reckless"

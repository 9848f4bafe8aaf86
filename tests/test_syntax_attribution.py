"""The parse-based attribution extractor: the shipped cue lexicon, learned paths, and faithful quote spans."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from crosscheck.annotate import annotate_article
from crosscheck.annotate.syntax import SyntaxConfig, flagged, lexicon, sentence_relations
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
    config = SyntaxConfig()
    assert flagged("The senator said the bill would pass.", lexicon(), config)
    assert not flagged("The bill passed on a Tuesday in March.", lexicon(), config)


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

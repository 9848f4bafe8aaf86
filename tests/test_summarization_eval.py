"""``crosscheck evaluate summarization``: the lead baseline, the length cut, and a ROUGE gate on a sample."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from crosscheck.brief import assert_grounded, compose_brief
from crosscheck.errors import InputError
from crosscheck.evaluate.summarization import (
    VALIDATION_FILE,
    Cluster,
    cluster_story,
    cut_to_words,
    evaluate,
    lead_baseline,
    read_clusters,
    reference_lines,
)
from crosscheck.model import AnnotatedArticle
from tests.brief_fixtures import sentences_only
from tests.conftest import ROOT
from tests.helpers import article

# Floors just under the figures measured on the first 20 validation clusters (brief 47.06 / 17.78 / 43.05,
# lead 47.03 / 16.35 / 42.47): a change that lowers them is a regression. They were 47.5 / 18.1 / 43.5 until
# sentences printed with no space between them ("in Liberia.They are") were split: three of these 20 clusters
# hold such text, mostly web-archive notices, and their briefs moved (on all 250 clusters 48.48 → 48.41 ROUGE-1).
# ROUGE-2's floor was 17.8 until a place dateline without an agency ("LONDON —", "NEW YORK —") was left out of
# brief sentences: two of these clusters open on one, and their ROUGE-2 moved 17.92 → 17.78, while all 250
# clusters stayed at 48.38 / 18.13 / 44.28.
GATE_CLUSTERS = 20
BRIEF_FLOORS = {"rouge1": 47.0, "rouge2": 17.7, "rougeLsum": 42.9}


def _annotated(text: str, outlet: str) -> AnnotatedArticle:
    (annotated,) = sentences_only(article(text, outlet)).values()
    return annotated


def test_lead_baseline_takes_sentences_round_robin_until_the_length() -> None:
    first = _annotated("Alpha one is here now. Alpha two is here now. Alpha three is here now.", "A")
    second = _annotated("Beta one is here now. Beta two is here now.", "B")
    chosen = [s.text for s in lead_baseline([first, second], words=16)]
    assert chosen == [
        "Alpha one is here now.",
        "Beta one is here now.",
        "Alpha two is here now.",
        "Beta two is here now.",
    ]
    everything = [s.text for s in lead_baseline([first, second], words=1000)]
    assert len(everything) == 5


def test_cut_keeps_one_sentence_per_line_and_stops_at_the_word_count() -> None:
    assert cut_to_words(["one two three", "four five six", "seven"], 5) == "one two three\nfour five"
    assert cut_to_words(["one two"], 0) == ""


def test_reference_loses_its_leading_dash_and_is_split_into_lines() -> None:
    lines = reference_lines("– The mayor spoke on Monday. She said the barriers held.").splitlines()
    assert lines == ["The mayor spoke on Monday.", "She said the barriers held."]


def test_a_malformed_line_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": 1, "documents": ["x"], "summary": "y"}) + "\n{not json\n")
    with pytest.raises(InputError, match=r"bad\.jsonl:2"):
        list(read_clusters(path))
    with pytest.raises(InputError, match="no such"):
        list(read_clusters(tmp_path / "missing.jsonl"))


def test_a_cluster_becomes_one_story_of_clean_articles() -> None:
    cluster = Cluster(
        id="7",
        documents=[
            "The council approved the new budget on Tuesday. \n \n It includes money for two schools.",
            "",
            "Councillors voted 9 to 2 to approve the budget. \n \n The mayor welcomed the vote.",
        ],
        summary="– The council approved its budget.",
    )
    story, articles, annotated = cluster_story(cluster)
    assert len(story.article_ids) == 2 == len(articles) == len(annotated)
    brief = compose_brief(story, articles, annotated, words=30)
    assert brief
    assert_grounded(brief, articles)


@pytest.mark.slow
def test_rouge_gate_on_a_validation_sample(eval_dir: Path) -> None:
    from tests.conftest import need

    path = need(eval_dir / "summarization" / "multinews" / VALIDATION_FILE)
    result = evaluate(path, limit=GATE_CLUSTERS)
    brief, lead = result.brief.mean(), result.lead.mean()
    assert result.clusters == GATE_CLUSTERS and result.skipped == 0
    assert result.grounded_share == 100.0
    for name, floor in BRIEF_FLOORS.items():
        assert brief[name] >= floor, (name, brief[name], floor)
        assert brief[name] > lead[name], (name, brief[name], lead[name])


@pytest.mark.slow
def test_every_brief_of_the_sample_is_grounded_and_cited(eval_dir: Path) -> None:
    from tests.conftest import need

    path = need(eval_dir / "summarization" / "multinews" / VALIDATION_FILE)
    for cluster in read_clusters(path, limit=GATE_CLUSTERS):
        story, articles, annotated = cluster_story(cluster)
        brief = compose_brief(story, articles, annotated, words=len(cluster.summary.split()))
        assert brief, cluster.id
        assert_grounded(brief, articles)
        for sentence in brief:
            for citation in sentence.citations:
                assert citation.article_id in story.article_ids


@pytest.mark.slow
def test_cli_prints_both_systems(eval_dir: Path) -> None:
    from tests.conftest import need

    folder = need(eval_dir / "summarization" / "multinews")
    command = [str(ROOT / ".venv" / "bin" / "crosscheck"), "evaluate", "summarization", "--data", str(folder)]
    result = subprocess.run([*command, "--limit", "3"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "crosscheck brief" in result.stdout and "lead baseline" in result.stdout
    assert "(100.0%)" in result.stdout
    missing = subprocess.run(
        [*command[:-1], str(folder / "nope.jsonl")], capture_output=True, text=True, timeout=60
    )
    assert missing.returncode != 0
    assert "nope.jsonl" in missing.stderr and len(missing.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_fitting_gives_one_weight_per_feature_and_a_held_out_score(eval_dir: Path) -> None:
    from crosscheck.brief import FEATURES
    from crosscheck.evaluate.summarization import fit_weights
    from tests.conftest import need

    path = need(eval_dir / "summarization" / "multinews" / VALIDATION_FILE)
    fitted = fit_weights(path, limit=6)
    assert len(fitted.weights) == len(FEATURES)
    assert fitted.clusters == 6 and fitted.held_out.count == 6
    assert 0 < fitted.held_out.mean()["rouge1"] < 100
    # Odd and even clusters as the folds: every cluster is still scored once, by weights it did not shape.
    alternate = fit_weights(path, limit=4, alternate=True)
    assert alternate.clusters == 4 and alternate.held_out.count == 4

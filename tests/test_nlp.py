"""The model loader: offline, loaded once, the ONNX encoder equal to the packaged model, spaCy NER-only."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from crosscheck import nlp

SENTENCES = [
    "NATO will deploy a permanent force on its eastern border.",
    "The alliance plans a lasting military presence near Russia.",
    "Bakeries reported record sales of pastries this weekend.",
    "",
    "word " * 300,  # longer than the 128 word pieces the encoder reads: truncated, not an error
]


def test_encoder_loads_once_offline_and_gives_unit_vectors() -> None:
    vectors = nlp.embed(SENTENCES)
    assert vectors.shape == (5, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert nlp._encoder() is nlp._encoder()
    # paraphrases are closer than an unrelated sentence
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_onnx_encoder_equals_the_packaged_sentence_transformers_model() -> None:
    from sentence_transformers import SentenceTransformer

    reference = SentenceTransformer(str(nlp._model_path()), device="cpu")
    reference.max_seq_length = 128
    expected = reference.encode(SENTENCES, normalize_embeddings=True, convert_to_numpy=True)
    assert np.abs(nlp.embed(SENTENCES) - expected).max() < 1e-4


def test_repeated_texts_are_encoded_once_and_keep_their_rows() -> None:
    texts = [SENTENCES[0], SENTENCES[2], SENTENCES[0]]
    vectors = nlp.embed(texts)
    assert np.array_equal(vectors[0], vectors[2])
    # Encoded again alone (not from the vector cache), the row is the same: batching does not change it.
    assert np.allclose(vectors[1], nlp._encoder().encode([SENTENCES[2]])[0], atol=1e-5)


def test_graph_is_exported_once_into_the_cache_and_then_reused(tmp_path: Path) -> None:
    model = nlp._model_path()
    graph = nlp._graph(model, False, tmp_path)
    assert graph.parent == tmp_path and graph.stat().st_size > 10_000_000
    stamp = graph.stat().st_mtime_ns
    assert nlp._graph(model, False, tmp_path) == graph
    assert graph.stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == [graph.name]  # no half-written leftovers


def test_int8_encoder_is_a_separate_graph_close_to_the_float_one() -> None:
    full = nlp._encoder(False)
    small = nlp._encoder(True)
    assert small is not full and small.graph != full.graph
    a, b = full.encode(SENTENCES[:3]), small.encode(SENTENCES[:3])
    assert np.all(np.sum(a * b, axis=1) > 0.85)


def test_a_sentences_int8_vector_does_not_depend_on_the_sentences_encoded_with_it() -> None:
    # The int8 graph scales its activations per input tensor: batched, a sentence took its companions' scale,
    # and a story's claims depended on what a process had cached before.
    small = nlp._encoder(True)
    alone = small.encode([SENTENCES[0]])[0]
    for companions in (SENTENCES[1:3], [SENTENCES[4], SENTENCES[2]]):
        assert np.array_equal(small.encode([*companions, SENTENCES[0]])[-1], alone)


def test_each_encoder_keeps_its_own_vectors_and_alignment_asks_for_int8(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from crosscheck.align import align_story
    from crosscheck.annotate import annotate_articles
    from crosscheck.model import Article

    text = SENTENCES[0]
    full, small = nlp.embed([text], int8=False)[0], nlp.embed([text], int8=True)[0]
    # Cached per encoder: asking for one never returns the other's row.
    assert not np.array_equal(full, small)
    assert np.array_equal(nlp.embed([text], int8=False)[0], full)
    assert np.array_equal(nlp.embed([text], int8=True)[0], small)

    asked: list[bool | None] = []
    encoder = nlp._encoder

    def recording(int8: bool | None = None, threads: int | None = None) -> nlp.SentenceEncoder:
        asked.append(int8)
        return encoder(int8, threads)

    monkeypatch.setattr(nlp, "_encoder", recording)
    nlp.vector_cache.clear()
    articles = [
        Article(
            id="a",
            outlet="A",
            text="NATO will deploy a permanent force on its eastern border, officials said.",
        ),
        Article(
            id="b",
            outlet="B",
            text="NATO will deploy a permanent military force on its eastern border, officials said Friday.",
        ),
    ]
    statements = align_story(annotate_articles(articles))
    assert asked == [True]
    assert any(len(s.units) == 2 for s in statements)


def test_spacy_runs_entity_recognition_only() -> None:
    pipeline = nlp.spacy_pipeline()
    assert pipeline.pipe_names == ["ner"]
    doc = nlp.analyse_texts(["Jens Stoltenberg spoke in Madrid on Friday."])[0]
    assert {e.label_ for e in doc.ents} >= {"PERSON", "GPE"}


def test_spacy_loads_without_importing_torch_and_torch_still_imports_after() -> None:
    import subprocess
    import sys

    # A fresh interpreter: in this one, other tests may have imported torch already.
    probe = (
        "import sys\n"
        "from crosscheck import nlp\n"
        "names = [e.text for e in nlp.spacy_pipeline()('Jens Stoltenberg spoke in Brussels.').ents]\n"
        "print('torch' in sys.modules, names)\n"
        "import torch\n"
        "import thinc.compat\n"
        "print(torch.zeros(1).shape[0], thinc.compat.has_torch)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    # thinc goes on believing torch absent (the documented price): the packaged pipeline never needs it.
    assert result.stdout.splitlines() == ["False ['Jens Stoltenberg', 'Brussels']", "1 False"]

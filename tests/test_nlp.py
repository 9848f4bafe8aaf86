"""The model loader: offline, loaded once, and the optional int8 encoder stays close to the float one."""

from __future__ import annotations

import os

import numpy as np

from crosscheck import nlp

SENTENCES = [
    "NATO will deploy a permanent force on its eastern border.",
    "The alliance plans a lasting military presence near Russia.",
    "Bakeries reported record sales of pastries this weekend.",
]


def test_encoder_loads_once_offline_and_gives_unit_vectors() -> None:
    vectors = nlp.embed(SENTENCES)
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert nlp._encoder() is nlp._encoder()
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    # paraphrases are closer than an unrelated sentence
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_int8_encoder_is_a_separate_model_close_to_the_float_one() -> None:
    encoder = nlp._encoder()
    quantized = nlp._int8(encoder)
    assert quantized is not encoder
    full = encoder.encode(SENTENCES, normalize_embeddings=True)
    small = quantized.encode(SENTENCES, normalize_embeddings=True)
    assert np.all(np.sum(full * small, axis=1) > 0.85)
    assert nlp.embed(SENTENCES[:1]).shape == (1, 384)  # the float encoder is untouched


def test_spacy_runs_entity_recognition_only() -> None:
    pipeline = nlp.spacy_pipeline()
    assert pipeline.pipe_names == ["ner"]
    doc = nlp.analyse_texts(["Jens Stoltenberg spoke in Madrid on Friday."])[0]
    assert {e.label_ for e in doc.ents} >= {"PERSON", "GPE"}

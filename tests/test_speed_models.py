"""The cheaper ways the models are loaded and run give exactly what the plain ways gave."""

from __future__ import annotations

import numpy as np

from crosscheck import nlp

REPORTS = [
    "Jens Stoltenberg told reporters in Brussels on Friday that NATO would deploy 40,000 troops to Madrid.",
    "The criticism of the plan came from Senator Zoe Lofgren, who called it a disgrace.",
    '"We need change now," the New York businessman said, arguing that the tariffs had failed.',
    "Officials in Kyiv said the talks, which have dragged on for 46 days, would resume in Geneva.",
]


def test_pipelines_loaded_without_unused_components_read_as_the_full_package_does() -> None:
    import spacy

    entities = nlp.spacy_pipeline()
    parser = nlp.spacy_parser()
    assert entities.pipe_names == ["ner"]
    assert parser.pipe_names == ["tok2vec", "parser"]
    full = spacy.load(nlp.SPACY_PACKAGE)
    with full.select_pipes(enable=["ner"]):
        expected_entities = [
            [(e.start_char, e.end_char, e.label_) for e in d.ents] for d in full.pipe(REPORTS)
        ]
    with full.select_pipes(enable=["tok2vec", "parser"]):
        expected_arcs = [[(t.dep_, t.head.i) for t in d] for d in full.pipe(REPORTS)]
    assert [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in entities.pipe(REPORTS)] == (
        expected_entities
    )
    assert [[(t.dep_, t.head.i) for t in d] for d in parser.pipe(REPORTS)] == expected_arcs


def test_leads_embedded_on_one_thread_are_the_vectors_of_two() -> None:
    nlp.vector_cache.clear()
    two = nlp._encoder(False, 2).encode(REPORTS)
    with nlp.encoder_threads_at_most(1):
        assert nlp._capped_encoder(False).session.get_session_options().intra_op_num_threads == 1
        one = nlp.embed(REPORTS, int8=False)
    assert np.array_equal(one, two)
    # Outside the block the configured encoder serves again.
    assert nlp._capped_encoder(False) is nlp._encoder(False)

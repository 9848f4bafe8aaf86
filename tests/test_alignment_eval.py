"""The alignment scorer: rebuilding NewsWCL50's texts, reading the labels, and a gate on the claims' pairs."""

from __future__ import annotations

import pytest

from crosscheck.evaluate.alignment import LABEL_NAMES, detokenise, evaluate, read_events, read_labels
from crosscheck.settings import get_settings
from tests.conftest import EVAL, need

# Measured on the ten events at threshold 0.75 with pairs confirmed by their words: 580 pairs, SAME 52.3%,
# DIFFERENT 23.2%, 20 unlabelled (unconfirmed: 625 pairs, SAME 50.2%, DIFFERENT 25.5%; at 0.70: 739 pairs, SAME
# 43.6%, DIFFERENT 30.6%).
SAME_FLOOR = 0.50
DIFFERENT_CEILING = 0.25
UNLABELLED_CEILING = 0.05


def test_detokenise_spaces_words_as_printed() -> None:
    tokens = [
        (0, "Trump"),
        (0, "said"),
        (0, '"'),
        (0, "it"),
        (0, "'s"),
        (0, "a"),
        (0, "well"),
        (0, "-"),
        (0, "known"),
        (0, "deal"),
        (0, ","),
        (0, '"'),
        (0, "("),
        (0, "again"),
        (0, ")"),
        (0, "."),
        (1, "\\n"),
        (2, "The"),
        (2, "'"),
        (2, "terrible"),
        (2, "'"),
        (2, "deal"),
        (2, "."),
    ]
    assert detokenise(tokens) == "Trump said \"it's a well-known deal,\" (again).\n\nThe 'terrible' deal.\n"


def test_labels_are_well_formed_pairs_of_two_articles() -> None:
    labels = read_labels()
    assert len(labels) == 1085
    assert set(labels.values()) <= set(LABEL_NAMES)
    for event, first, second in labels:
        assert first < second and first[0] != second[0]
        assert first[0].startswith(event + "_") and second[0].startswith(event + "_")


def test_events_are_rebuilt_with_their_paragraphs() -> None:
    events = read_events(need(EVAL / "discrepancy" / "newswcl50"))
    assert sorted(events, key=int) == [str(n) for n in range(10)]
    assert all(len(reports) == 5 for reports in events.values())
    text = dict(events["4"])["4_L"]
    assert "\n\n" in text and " ," not in text and " ." not in text


@pytest.mark.slow
def test_alignment_gate() -> None:
    folder = need(EVAL / "discrepancy" / "newswcl50")
    scores = evaluate(folder, get_settings())
    assert scores.found["unlabelled"] <= UNLABELLED_CEILING * scores.pairs, scores.found
    assert scores.share("SAME") >= SAME_FLOOR, scores.found
    assert scores.share("DIFFERENT") <= DIFFERENT_CEILING, scores.found


def test_an_event_the_corpus_lacks_is_a_clear_error() -> None:
    from crosscheck.errors import InputError

    folder = need(EVAL / "discrepancy" / "newswcl50")
    with pytest.raises(InputError, match="no event 42"):
        evaluate(folder, get_settings(), events=["42"])

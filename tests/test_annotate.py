"""Annotation on small texts written for the purpose: sentences, quantities, dates, quotes, attributions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crosscheck.annotate import annotate_article
from crosscheck.annotate.attributions import source_key
from crosscheck.annotate.sentences import split_paragraph
from crosscheck.model import TextRange
from tests.helpers import article


def test_sentences_respect_abbreviations_and_quotes() -> None:
    text = 'Talks began on Feb. 24 in the U.S. capital. "We are hopeful. It will take time," Dr. Ana Ruiz said. Then they stopped.'
    pieces = [text[r.start : r.end] for r in split_paragraph(text)]
    assert pieces[0].startswith("Talks began on Feb. 24")
    assert pieces[-1] == "Then they stopped."
    assert any(p.startswith('"We are hopeful.') for p in pieces)


def test_a_quotation_closed_against_the_next_sentence_ends_its_sentence() -> None:
    text = 'The mayor was asked about a run. "I would like to think so."In my mind, she is running," a friend said.'
    pieces = [text[r.start : r.end] for r in split_paragraph(text)]
    assert pieces[1] == '"I would like to think so."'
    assert pieces[2].startswith("In my mind")


def test_a_figure_glued_to_the_next_sentence_ends_it_and_plural_titles_do_not() -> None:
    text = "The hearing was continued to July 6.Jarrett faces one count. Sens. Ana Ruiz and Ben Ode voted no."
    pieces = [text[r.start : r.end] for r in split_paragraph(text)]
    assert pieces == [
        "The hearing was continued to July 6.",
        "Jarrett faces one count.",
        "Sens. Ana Ruiz and Ben Ode voted no.",
    ]


def test_a_part_and_a_figure_abbreviated_end_no_sentence() -> None:
    text = 'Other classics include "Shook Ones Pt. II" and a 1999 single. Figs. 1B and 1C show the dig site.'
    pieces = [text[r.start : r.end] for r in split_paragraph(text)]
    assert pieces == [
        'Other classics include "Shook Ones Pt. II" and a 1999 single.',
        "Figs. 1B and 1C show the dig site.",
    ]
    # In lowercase they are words that end a sentence.
    text = "The market sold dried figs. Prices rose in May. He scored 31 pts. The Lakers won by ten."
    assert len(split_paragraph(text)) == 4


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab. ?!\"'A1")), max_size=200))
def test_sentence_ranges_are_ordered_and_inside_the_paragraph(paragraph: str) -> None:
    ranges = split_paragraph(paragraph)
    last = 0
    for r in ranges:
        assert isinstance(r, TextRange)
        assert last <= r.start < r.end <= len(paragraph)
        last = r.end


def test_quantity_framing_increment_level_and_ratio() -> None:
    a = annotate_article(
        article(
            "The agency hired an additional 300 inspectors this year.\n\n"
            "Staff numbers have grown fivefold to 1,500 since 2019.\n\n"
            "About 12 million people live in the region."
        )
    )
    by_value = {q.value: q for q in a.quantities}
    assert by_value[300].framing == "increment" and by_value[300].unit == "inspectors"
    assert by_value[1500].framing == "level" and by_value[1500].ratio == 5
    assert by_value[12e6].unit == "people"
    assert 2019 not in by_value  # a year is a date, not a quantity
    assert {d.normalized for d in a.dates} >= {"2019"}


def test_speakers_resolve_surnames_pronouns_and_role_descriptions() -> None:
    text = (
        "Union leader Maria Okafor said the strike would continue into next week.\n\n"
        '"We will not go back until the offer changes," Okafor told the Daily Courier. '
        '"Our members are united."\n\n'
        "The union's chief said during an interview with the Daily Courier that talks were stalled.\n\n"
        '"Nobody wants this," she said.'
    )
    a = annotate_article(article(text))
    speakers = {q.text: q.speaker for q in a.quotes}
    assert speakers["We will not go back until the offer changes"] == "Maria Okafor"
    assert speakers["Our members are united."] == "Maria Okafor"  # uncued continuation of the same quote
    assert speakers["Nobody wants this"] == "Maria Okafor"  # pronoun
    assert any(q.speaker == "Maria Okafor" and q.text.startswith("talks were stalled") for q in a.quotes)
    assert not any(q.direct is False and q.text.startswith("during") for q in a.quotes)
    # every sentence credited to her, including the role description "the union's chief"
    assert set(a.speakers.values()) == {"Maria Okafor"}


def test_attributions_normalise_names_resolve_anaphora_and_carry_over_quotes() -> None:
    text = (
        '"Prices will rise," the minister told the Evening Standard. "Nobody can stop that."\n\n'
        "The cut was first planned in May 2021, the newspaper said.\n\n"
        "Exports fell by 4%, according to Reuters.\n\n"
        "The Evening Standard reported that the plan had been shelved.\n\n"
        "Markets were calm on Friday."
    )
    a = annotate_article(article(text))
    sources = [(x.source, x.sentences) for x in a.attributions]
    keys = [source_key(s) for s, _ in sources]
    assert keys.count("evening standard") == 3
    assert "reuters" in keys
    assert ("Reuters", [3]) in sources
    told = next(x for x in a.attributions if x.text.startswith("told"))
    assert told.sentences == [0, 1]  # the uncued second quote continues the same interview
    anaphor = next(x for x in a.attributions if x.text.startswith("the newspaper"))
    assert anaphor.source == "The Evening Standard"  # the latest outlet credited before it
    assert not any(5 in x.sentences for x in a.attributions)  # an uncredited sentence stays uncredited


def test_scare_quotes_are_not_quotations() -> None:
    a = annotate_article(article('The plan, dubbed a "reset", was discussed by ministers on Monday.'))
    assert a.quotes == []


def test_a_short_quotation_its_cue_voices_right_after_is_a_quotation() -> None:
    text = (
        "Melanie Austin watched the debate at home with her husband.\n\n"
        "\u201cYou winning?\u201d Austin said. \u201cNo,\u201d she said later. "
        'The "reset" was not mentioned, and one word, "enough", was.'
    )
    a = annotate_article(article(text))
    voiced = {(q.text, q.speaker) for q in a.quotes if q.direct}
    assert ("You winning?", "Melanie Austin") in voiced
    assert ("No", "Melanie Austin") in voiced
    # A short quotation with no cue right after it is still a writer's quotation marks, not speech.
    assert not any(q.text in ("reset", "enough") for q in a.quotes)


def test_a_quotation_closed_by_two_single_marks_or_a_double_prime_ends_there() -> None:
    text = (
        "The critic was unmoved.\n\n"
        "If it hadn\u2019t been my job to watch \u201cEvil Dead\u2019\u2019 all the way to the end, I would have "
        "headed for the exit long before the point where somebody cuts off her own arm.\n\n"
        'She posed with her "How to Train Your Dragon 2\u2033 costars, arm in arm, for the photographers there.'
    )
    a = annotate_article(article(text))
    # The titles are quoted; the critic's and the writer's own sentences around them are nobody's quotation.
    assert not any("exit" in q.text or "costars" in q.text for q in a.quotes)
    from crosscheck.annotate.quotes import quoted_segments

    body = a.article.text
    quoted = [
        body[q.start : q.end] for p in a.article.paragraphs for q in quoted_segments(body, p.start, p.end)
    ]
    assert quoted == ["Evil Dead", "How to Train Your Dragon 2"]


def test_a_name_is_cut_at_a_paragraph_break_and_a_pull_quotes_dash() -> None:
    a = annotate_article(
        article(
            "Her son was shot in May.\n\n"
            "I am ready. Every day they go to court, I'll be there. \u2014 Jennifer Rivers, mother of Tavin Price\n\n"
            "Rivers said she was relieved about the arrests."
        )
    )
    persons = [e.text for e in a.entities if e.label == "PERSON"]
    assert all("\n" not in name and name[0].isalnum() for name in persons)
    assert all(a.article.text[e.start : e.end] == e.text for e in a.entities)
    assert [(q.text, q.speaker) for q in a.quotes if not q.direct] == [
        ("she was relieved about the arrests", "Jennifer Rivers")
    ]

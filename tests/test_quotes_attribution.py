"""Quotes, reported speech and attributions on texts written for the purpose, and the ``crosscheck quotes`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosscheck.annotate import annotate_article
from crosscheck.annotate.speech import find_cues, mask_quotes, report_content
from crosscheck.cli import _load_commands
from crosscheck.commands import app
from tests.helpers import article


def _quotes(text: str) -> dict[str, tuple[str | None, bool]]:
    a = annotate_article(article(text))
    for q in a.quotes:
        assert a.article.text[q.start : q.end] == q.text  # faithful spans
    return {q.text: (q.speaker, q.direct) for q in a.quotes}


def test_reported_speech_after_the_cue_with_that_a_few_words_on() -> None:
    found = _quotes(
        "Mayor Ana Ruiz spoke to residents on Monday.\n\n"
        "Ruiz said at a town hall in Leeds, England, that the bridge would reopen in May."
    )
    speaker, direct = found["the bridge would reopen in May"]
    assert speaker is not None and speaker.endswith("Ruiz") and direct is False


def test_reported_speech_before_the_cue_and_anonymous_groups() -> None:
    found = _quotes(
        "The plant will close by the end of the year, company officials said.\n\n"
        "Many residents say the closure will hurt the town."
    )
    assert found["The plant will close by the end of the year"][1] is False
    assert found["The plant will close by the end of the year"][0] == "company officials"
    assert found["the closure will hurt the town"] == ("Many residents", False)


def test_according_to_a_person_and_a_described_source() -> None:
    found = _quotes(
        "Jane Doe is the council's treasurer.\n\n"
        "According to Doe, the budget gap has doubled since 2020.\n\n"
        "Turnout fell sharply, according to the election data."
    )
    assert found["the budget gap has doubled since 2020"] == ("Jane Doe", False)
    assert "Turnout fell sharply" in found


def test_an_outlet_credited_at_the_start_of_a_sentence_is_relied_on() -> None:
    annotated = annotate_article(
        article(
            "Minister quits\n\n"
            "According to Reuters, the finance minister resigned on Monday after a week of protests.\n\n"
            "Per The Telegraph, the cabinet will meet on Tuesday to choose a successor."
        )
    )
    assert [a.source for a in annotated.attributions] == ["Reuters", "The Telegraph"]


def test_a_credit_names_the_outlet_not_its_town_or_the_day() -> None:
    annotated = annotate_article(
        article(
            "Amber Pasztor was arrested in Elkhart on Friday.\n\n"
            "She revealed to Elkhart police that she had taken the car from a parking lot.\n\n"
            "In an interview with Fort Wayne television station WANE, she said she was sorry for it.\n\n"
            "The mayor resigned on Monday, he told HuffPost on Thursday in a long call."
        )
    )
    assert [a.source for a in annotated.attributions] == ["WANE", "HuffPost"]
    for sentence, sources in (
        ("The senator told CNN that the network NBC had misquoted him in March.", ["CNN"]),
        ("Via Rail Canada said on Monday that trains would resume after the strike.", ["Via Rail Canada"]),
    ):
        assert [a.source for a in annotate_article(article(sentence)).attributions] == sources


def test_no_credit_to_the_outlet_itself_to_a_given_name_or_to_unnamed_reports() -> None:
    def sources(sentence: str, outlet: str = "Daily One") -> list[str]:
        return [a.source for a in annotate_article(article(sentence, outlet=outlet)).attributions]

    # An outlet crediting itself under its printed name, its web address written without spaces.
    assert (
        sources("USA TODAY reported on Saturday that the talks would resume in Geneva.", "usatoday.com") == []
    )
    assert sources("The talks would resume in Geneva, Reuters reported.", "usatoday.com") == ["Reuters"]
    # "Per" after a comma is a given name in a staff line; at a sentence's opening it still credits.
    assert (
        sources("CNN's Jo Shelley, Per Nyberg, Salma Abdelaziz and Jack Maddox contributed to this report.")
        == []
    )
    assert sources("Per Reuters, the talks would resume next week in Geneva.") == ["Reuters"]
    # Reports no one is named for.
    assert sources("Those reports said the machine went on down the river and later returned.") == []
    # A clause's opener is no outlet: "Based on reports …", "As I said, …".
    assert sources('"Based on reports of sales far exceeding expectations, we will open more stores."') == []
    assert sources("As I said, it's much bolder and better than I expected.") == []
    assert sources("As The Times reported, the talks would resume in Geneva.") == ["The Times"]


def test_a_quote_split_by_its_cue_and_a_participle_cue() -> None:
    text = (
        '"We will rebuild the school," said Mark Avery, the principal. "It will take two years."\n\n'
        "Avery wrote to parents on Friday, saying the classes would move to the library."
    )
    found = _quotes(text)
    assert found["We will rebuild the school"] == ("Mark Avery", True)
    assert found["It will take two years."] == ("Mark Avery", True)
    assert found["the classes would move to the library"] == ("Mark Avery", False)


def test_a_report_inside_another_report_is_the_outer_speakers() -> None:
    # What the manager said Trump believes is the manager's report; Trump is quoted saying nothing.
    assert _quotes(
        "The campaign manager, Kellyanne Conway, said Donald Trump believes the polls are rigged against him."
    ) == {"Donald Trump believes the polls are rigged against him": ("Kellyanne Conway", False)}
    assert _quotes("Hillary Clinton told reporters on Monday that she believes the trade deal is dead.") == {
        "she believes the trade deal is dead": ("Hillary Clinton", False)
    }
    # A second report beside the first, not inside it, stays; so does a direct quotation inside a report.
    assert _quotes(
        "Senator Warren said the bill would help families, adding that she expects it to pass."
    ) == {
        "the bill would help families": ("Warren", False),
        "she expects it to pass": ("Warren", False),
    }
    found = _quotes('Warren said the bill was "a lifeline for families" and would pass.')
    assert found["a lifeline for families"] == ("Warren", True)


def test_words_two_cues_found_are_one_report_of_the_nearer_cue() -> None:
    a = annotate_article(
        article(
            '"I\'m optimistic that the government can set the conditions," Mike Pompeo told the committee last '
            "week, noting that such talks could achieve an outcome the world needs."
        )
    )
    reported = [(q.text, q.cue) for q in a.quotes if not q.direct]
    assert reported == [("such talks could achieve an outcome the world needs", "noting")]


def test_two_apostrophe_quotation_marks_are_quotations() -> None:
    text = "''The sooner he releases the figures, the better,'' Mr. Tom Goldberg told reporters."
    assert mask_quotes(text).count("_") > 20
    found = _quotes(text)
    assert found["The sooner he releases the figures, the better"] == ("Tom Goldberg", True)


def test_report_content_stops_before_a_non_restrictive_relative_clause() -> None:
    sentence = "Fowler said he expects the senator to recover, which would end the debate."
    cue = next(c for c in find_cues(sentence) if c.text == "said")
    (start, end), *_ = report_content(sentence, cue)
    assert sentence[start:end] == "he expects the senator to recover"


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        # A second cue coordinated with the first opens a second statement.
        (
            "Trump said he would order a review of the defenses and warned against hackers from China.",
            "he would order a review of the defenses",
        ),
        ("Trump tweeted that Machado was disgusting, and accused her of lying.", "Machado was disgusting"),
        # A new clause with its own subject is the writer's again.
        (
            "The fund announced that it is lowering its forecast, and the downgrade is casting a shadow on Europe.",
            "it is lowering its forecast",
        ),
        # A coordinated verb that is no cue stays in the content.
        ("Officials said prices rose and fell sharply in March.", "prices rose and fell sharply in March"),
    ],
)
def test_report_content_ends_where_a_second_statement_begins(sentence: str, content: str) -> None:
    cue = next(c for c in find_cues(sentence) if c.text in ("said", "tweeted", "announced"))
    (start, end), *_ = report_content(sentence, cue)
    assert sentence[start:end] == content


def test_nothing_after_a_cue_that_follows_its_quotation_is_reported() -> None:
    sentence = '"We will rebuild the bridge," Obama told a town hall meeting with young leaders in Saigon.'
    cue = next(c for c in find_cues(sentence) if c.text == "told")
    assert report_content(sentence, cue) == []


def test_the_seed_speaker_rules_still_hold_for_role_descriptions() -> None:
    a = annotate_article(
        article(
            "Secretary-General Lena Berg met ministers on Tuesday.\n\n"
            "The alliance's chief said the talks had been difficult."
        )
    )
    assert a.speakers.get(1) == "Lena Berg"


def test_quotes_command_writes_one_object_per_article(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        'Storm hits coast\n\n"The water rose in minutes," said fire chief Dana Kerr.\n\n'
        "Power was cut to 4,000 homes, according to Reuters.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Quiet day\n\nNothing was said by anyone at all today.\n", encoding="utf-8"
    )
    _load_commands()
    result = CliRunner().invoke(app, ["quotes", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(records) == 2
    storm = next(r for r in records if r["path"].endswith("a.txt"))
    assert {"speaker", "cue", "text", "start", "end", "direct"} <= set(storm["quotes"][0])
    assert any(q["speaker"] == "Dana Kerr" and q["direct"] for q in storm["quotes"])
    assert [a["source"] for a in storm["attributions"]] == ["Reuters"]


def test_quotes_command_reads_a_dump_by_its_own_columns_and_writes_a_file(tmp_path: Path) -> None:
    """The reader options of `brief` work for `quotes` too, and each record carries the id `brief` cites."""
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        json.dumps({"doc": "storm-1", "body": '"The water rose in minutes," said fire chief Dana Kerr.'})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "quotes.jsonl"
    _load_commands()
    result = CliRunner().invoke(
        app, ["quotes", str(dump), "--text-field", "body", "--id-field", "doc", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["id"] == "storm-1" and record["quotes"][0]["speaker"] == "Dana Kerr"


def test_quotes_command_names_a_missing_file(tmp_path: Path) -> None:
    _load_commands()
    result = CliRunner().invoke(app, ["quotes", str(tmp_path / "absent.txt")])
    assert result.exit_code != 0


def test_a_quotation_left_open_continues_in_the_next_paragraph() -> None:
    found = _quotes(
        "Mayor John Smith of Leeds spoke to reporters on Monday. "
        '"We will rebuild every house on this street," Smith said. "We will start this week.\n\n'
        '"Nobody will be left behind in this city, and the money is there to do it."\n\n'
        "Residents were not convinced by the promise."
    )
    assert found["Nobody will be left behind in this city, and the money is there to do it."] == (
        "John Smith",
        True,
    )


def test_transcript_turns_and_dash_credits_name_their_speaker() -> None:
    a = annotate_article(
        article(
            "Debate night\n\nThe host questioned Governor Mike Pence about the debate on Sunday.\n\n"
            "PENCE: Well, look, the American people have an important choice to make this year.\n\n"
            "Voters at the rally were unimpressed.\n\n"
            "“He has not answered a single question about the plan tonight.” ― Maria Lopez"
        )
    )
    speakers = {q.text: q.speaker for q in a.quotes}
    assert (
        speakers["Well, look, the American people have an important choice to make this year."]
        == "Mike Pence"
    )
    assert speakers["He has not answered a single question about the plan tonight."] == "Maria Lopez"


def test_a_transcript_turn_runs_on_through_the_speakers_next_paragraphs() -> None:
    found = _quotes(
        "Full transcript of President Barack Obama's remarks on Friday, as released by the White House:\n\n"
        "THE PRESIDENT: I wanted to come out here to tell you that Jay is ready for your questions.\n\n"
        "The reason I actually wanted to come out today is to speak to an issue that has gotten attention.\n\n"
        "The briefing ended after twenty minutes."
    )
    assert found["I wanted to come out here to tell you that Jay is ready for your questions."] == (
        "Barack Obama",
        True,
    )
    continued = (
        "The reason I actually wanted to come out today is to speak to an issue that has gotten attention."
    )
    assert found[continued] == ("Barack Obama", True)
    assert not any("briefing ended" in text for text in found)
    # A reporter's question is the next voice, and the writer's own "we" is not the speaker's.
    found = _quotes(
        "Full transcript of President Barack Obama's remarks on Friday:\n\n"
        "THE PRESIDENT: I wanted to come out here to tell you that Jay is ready.\n\n"
        "Q: Mr. President, I wanted to ask whether we will see troops in Syria.\n\n"
        "As we reported on Thursday, the briefing ended after twenty minutes."
    )
    assert [speaker for speaker, _ in found.values() if speaker == "Barack Obama"] == ["Barack Obama"]


def test_a_quotation_introduced_by_the_paragraph_before_credits_its_speaker() -> None:
    found = _quotes(
        "Mayor John Smith of Leeds spoke to reporters after the storm on Monday.\n\n"
        "He said:\n\n"
        '"We will rebuild every house on this street, and we will start this week."\n\n'
        "The council met in the evening to discuss the cost of the repairs.\n\n"
        '"Nobody asked the residents what they wanted first, and nobody will."'
    )
    assert found["We will rebuild every house on this street, and we will start this week."] == (
        "John Smith",
        True,
    )
    # A paragraph that ends without a colon introduces nothing.
    assert found["Nobody asked the residents what they wanted first, and nobody will."] == (None, True)


def test_two_apostrophe_quotation_opens_a_sentence_and_a_paired_dash_aside_stays_in() -> None:
    from crosscheck.annotate.sentences import split_paragraph

    paragraph = "He spoke of trade. ''We have no silver bullets,'' he said."
    assert [paragraph[r.start : r.end] for r in split_paragraph(paragraph)] == [
        "He spoke of trade.",
        "''We have no silver bullets,'' he said.",
    ]
    found = _quotes(
        "Mayor Ana Ruiz spoke on Monday.\n\n"
        "Ruiz said the toll — a relic of the 1990s — would be dropped, which angered the council."
    )
    assert "the toll — a relic of the 1990s — would be dropped" in found


def test_an_uncued_quotation_paragraph_goes_on_with_the_speaker_before_it() -> None:
    found = _quotes(
        '"We will rebuild the school before winter comes," Mark Avery told parents.\n\n'
        '"It will take two years and a great deal of patience from everyone."'
    )
    assert found["It will take two years and a great deal of patience from everyone."] == ("Mark Avery", True)


def test_a_parsed_source_that_is_an_adjunct_credits_nobody() -> None:
    from crosscheck.annotate.quotes import _names_a_source

    assert _names_a_source("the governor") and _names_a_source("Republican leaders")
    # An adjunct the parse took for a subject.
    assert not _names_a_source("on Tuesday") and not _names_a_source("during the debate")


def test_a_quotation_after_a_colon_is_credited_to_the_person_named_before_it() -> None:
    found = _quotes(
        "Voters in Ohio were split on the candidate.\n\n"
        "Jared Potts, a student from Dayton, echoed:\n\n"
        "\u201cHe speaks his mind, and I think that might be what the country needs.\u201d"
    )
    speaker, direct = found["He speaks his mind, and I think that might be what the country needs."]
    assert speaker == "Jared Potts" and direct


def test_an_uncued_quotation_does_not_skip_past_a_second_person() -> None:
    found = _quotes(
        '"We will rebuild the school before winter comes," Mark Avery told parents. Jane Doe, a parent, '
        "disagreed.\n\n"
        '"It will take two years and a great deal of patience from everyone."'
    )
    speaker, _ = found.get("It will take two years and a great deal of patience from everyone.", (None, True))
    assert speaker != "Mark Avery"


def test_the_person_a_colon_lead_addresses_is_not_the_speaker() -> None:
    found = _quotes(
        "The mayor wrote to the state on Monday.\n\n"
        "In a letter to Senator John Barrasso:\n\n"
        "\u201cWe need the funding before the bridge closes for good this winter.\u201d"
    )
    speaker, _ = found.get("We need the funding before the bridge closes for good this winter.", (None, True))
    assert speaker != "John Barrasso"


def test_a_source_that_opens_with_a_title_or_a_quantity_still_names_someone() -> None:
    from crosscheck.annotate.quotes import _names_a_source

    for phrase in ("Under Secretary Victoria Nuland", "About 40 protesters", "Over 200 economists"):
        assert _names_a_source(phrase), phrase


def test_a_headline_credits_whatever_its_colon_names_and_a_body_paragraph_needs_a_person() -> None:
    found = _quotes(
        "Poll: Trump Ties Clinton in a Three-Way Contest.\n\n"
        "The frontrunner drew even with his rival in a survey of likely voters.\n\n"
        "Insiders: the race will tighten again after the debate, with many undecided."
    )
    # A headline's claim is credited to its label, not quoted verbatim from a person.
    assert found["Trump Ties Clinton in a Three-Way Contest."] == (None, False)
    assert not any(text.startswith("the race will tighten") for text in found)
    # A column's label files the headline; it is no source.
    assert not _quotes("The Latest: Cruz to give away an engraved shotgun.\n\nThe senator spoke in Iowa.")


def test_a_sentence_opening_with_a_poll_credits_the_poll() -> None:
    found = _quotes(
        "In the latest Quinnipiac poll, Clinton leads Trump by six points among likely voters.\n\n"
        "In the end, the council approved the plan to rebuild the bridge."
    )
    assert found["Clinton leads Trump by six points among likely voters"] == (
        "the latest Quinnipiac poll",
        False,
    )
    assert not any("council approved" in text for text in found)


def test_finding_oneself_somewhere_is_no_finding() -> None:
    for sentence in (
        "Just three hours later, Obama found himself addressing the attack in Munich.",
        "Ever since Roger Ailes helped found Fox News in 1996, the network has courted candidates.",
    ):
        assert not [c for c in find_cues(sentence) if c.text == "found"]
    assert [
        c for c in find_cues("The inspector general found that the staff followed up.") if c.text == "found"
    ]


def test_a_quotation_whose_cue_subject_no_pattern_reads_takes_the_parsed_subject() -> None:
    # "businessman" is no role the speaker patterns list, and ", arguing …" follows the cue: the parse names
    # the subject of "said". Without a parse of it, the quotation would have no speaker.
    found = _quotes(
        "Donald Trump spoke at a rally in Ohio on Monday.\n\n"
        '"We need change now for all of you," the New York businessman said, arguing that he will win.'
    )
    assert found["We need change now for all of you"] == ("the New York businessman", True)
    assert found["that he will win"][0] == "the New York businessman"


def test_a_question_quoted_before_its_cue_is_credited_across_the_sentence_break() -> None:
    # The question mark ends the sentence for the splitter, so the cue opens the next one.
    found = _quotes(
        '"Who would have believed that we would win all of this?" Trump said, looking out on the crowd.\n\n'
        '"How many times do we have to see this happen?" Clinton asked.'
    )
    assert found["Who would have believed that we would win all of this?"] == ("Trump", True)
    assert found["How many times do we have to see this happen?"] == ("Clinton", True)


def test_a_quotation_voiced_by_the_parse_carries_its_voice_to_the_uncued_one_after_it() -> None:
    found = _quotes(
        "The city changed after the protests.\n\n"
        '"To be frank, the city will never go back to normal as we understood it," the pastor of the church '
        'said, arguing for patience. "What appeared to be normal was only normal for some."'
    )
    speaker = found["To be frank, the city will never go back to normal as we understood it"][0]
    assert speaker is not None and "pastor" in speaker
    assert found["What appeared to be normal was only normal for some."] == (speaker, True)


def test_a_quotation_after_a_sentence_ending_on_its_cue_goes_on_with_that_speaker() -> None:
    found = _quotes(
        "Adam Schiff spoke on Sunday.\n\n"
        'The administration may wait while Kerry talks with Russia, Schiff said. "The other factor is the '
        'appearance of tipping the scales in the election."'
    )
    assert found["The other factor is the appearance of tipping the scales in the election."] == (
        "Adam Schiff",
        True,
    )


def test_a_lawmakers_party_tag_and_the_day_after_the_cue_are_not_the_speaker() -> None:
    found = _quotes(
        "The Senate met on Tuesday.\n\n"
        "“Our assumption is that the veto will be overridden,” Senate Majority Leader Mitch McConnell, R-Ky., said "
        "Tuesday.\n\n"
        "House Speaker Paul Ryan, R-Wis., despite admitting some concerns, said the victims need to have their "
        "day in court."
    )
    assert found["Our assumption is that the veto will be overridden"] == ("Mitch McConnell", True)
    speaker, direct = found["the victims need to have their day in court"]
    assert speaker is not None and speaker.endswith("Paul Ryan") and direct is False


def test_a_time_is_neither_a_speaker_nor_the_subject_of_a_participle_cue() -> None:
    opening = find_cues(
        "In August, several environmental groups granted the mine an extension, saying its capital was less "
        "than expected."
    )
    assert [(c.text, c.speaker) for c in opening] == [("saying", "several environmental groups")]
    poll = find_cues("A poll released in late August found that most voters want the returns released.")
    assert [(c.text, c.speaker) for c in poll] == [("found", None), ("want", None)]


def test_a_surname_resolves_to_the_form_the_article_uses_most_and_a_full_name_keeps_its_first_name() -> None:
    from crosscheck.annotate.quotes import SpeakerResolver
    from crosscheck.model import EntityMention

    forms = ["Hillary Clinton", "Bill Clinton", "Crooked Hillary Clinton", "Hillary Clinton"]
    text = ", ".join(forms) + "."
    persons, start = [], 0
    for form in forms:
        persons.append(
            EntityMention(article_id="a", start=start, end=start + len(form), text=form, label="PERSON")
        )
        start += len(form) + 2
    resolver = SpeakerResolver(article(text), persons)
    assert resolver.full_name("Clinton") == "Hillary Clinton"
    assert resolver.full_name("Bill Clinton") == "Bill Clinton"
    assert resolver.full_name("Hillary Clinton") == "Hillary Clinton"


def test_a_role_held_under_a_persons_name_is_someone_else() -> None:
    found = _quotes(
        "Barack Obama spoke on Monday.\n\n"
        "“My reaction, that was outrageous,” Obama's former campaign strategist said in an interview.\n\n"
        "NATO's chief Jens Stoltenberg said the alliance would adapt to the new threat."
    )
    assert found["My reaction, that was outrageous"] == ("Obama's former campaign strategist", True)
    assert found["the alliance would adapt to the new threat"] == ("Jens Stoltenberg", False)


def test_the_president_is_the_one_titled_so_before_and_not_a_former_one_named_later() -> None:
    found = _quotes(
        "President Donald Trump often takes credit for a rising stock market.\n\n"
        '"The stock market has smashed one record after another," the president proudly stated.\n\n'
        "In a reference to former president Barack Obama, Trump asked how the media would have reacted.\n\n"
        '"I left the economy in good shape," the former president said on Tuesday.'
    )
    assert found["The stock market has smashed one record after another"] == ("Donald Trump", True)
    assert found["I left the economy in good shape"] == ("Barack Obama", True)
    # "later" is no "late": met later with President Obama, who is then the president, and not the governor
    # the sentence between opens on.
    found = _quotes(
        "She met later with President Barack Obama at the plant on Monday.\n\n"
        "Gov. Mary Fallin thanked the crews.\n\n"
        '"We had a good talk about the floods," the president said.'
    )
    assert found["We had a good talk about the floods"] == ("Barack Obama", True)


def test_a_family_name_is_the_relative_named_last_before_it_not_the_one_named_most() -> None:
    found = _quotes(
        "Areej Ali, six weeks old, died on Monday. Areej Ali was in her stroller. Areej Ali was taken to hospital.\n\n"
        "Salah Ali, 70, the infant's grandfather, said the mother was in bad shape.\n\n"
        "“That was my grandchild,” Ali told reporters at the scene."
    )
    assert found["That was my grandchild"] == ("Salah Ali", True)


def test_a_relative_or_a_spokesperson_of_a_person_named_is_not_that_person() -> None:
    found = _quotes(
        "Paul Conroy and Carl Conyers were named in the report on Friday.\n\n"
        "Paul Conroy's wife said on Sunday that he was safe in Lebanon.\n\n"
        "A spokesperson for Conyers told KPRC 2 News that the family was worried.\n\n"
        "Carl Conyers' girlfriend, Daisha Lewis, said he left home on Friday night."
    )
    assert found["he was safe in Lebanon"] == ("Paul Conroy's wife", False)
    assert found["the family was worried"] == ("A spokesperson for Conyers", False)
    assert found["he left home on Friday night"] == ("Daisha Lewis", False)


def test_he_said_is_the_person_a_sentence_since_opened_on_not_one_named_inside_a_later_cue() -> None:
    found = _quotes(
        "Gov. Mary Fallin spoke on Sunday.\n\n"
        '"We need to cut red tape," she said.\n\n'
        "Rep. Michael Grimm (R-N.Y.), also appearing on the show, thanked the crews in the field.\n\n"
        '"It is gonna take a long time," he said, alluding to the bureaucracy that Fallin had mentioned.\n\n'
        '"It is without a doubt going to be the hardest challenge of all," he said.'
    )
    assert found["We need to cut red tape"] == ("Mary Fallin", True)
    assert found["It is gonna take a long time"] == ("Michael Grimm", True)
    assert found["It is without a doubt going to be the hardest challenge of all"] == ("Michael Grimm", True)
    # An object or a name after a preposition opening a sentence is not its subject.
    found = _quotes(
        "Police chief John Doe spoke on Monday.\n\n"
        '"We are investigating," Doe said.\n\n'
        "Officers arrested Mark Smith on Monday night.\n\n"
        '"He was cooperative and calm," he said.\n\n'
        "Like Barack Obama before him, the chief thanked the crews.\n\n"
        '"It is gonna take a long time," he said.'
    )
    assert found["He was cooperative and calm"] == ("John Doe", True)
    assert found["It is gonna take a long time"] == ("John Doe", True)


def test_a_place_where_the_speaker_is_does_not_speak() -> None:
    assert [
        (c.speaker, c.kind) for c in find_cues("The talks will resume, a diplomat in New York said.")
    ] == [("a diplomat", "role")]
    assert [c.speaker for c in find_cues("The plan is dead, a report from Human Rights Watch said.")] == [
        "Human Rights Watch"
    ]
    found = _quotes(
        "Jim Muir has covered Syria for the BBC since 2011.\n\n"
        "The BBC's Jim Muir in Beirut says confusion remains over the fate of the two journalists."
    )
    assert found["confusion remains over the fate of the two journalists"] == ("Jim Muir", False)


def test_a_family_name_used_before_anyone_of_it_is_named_in_full_stays_as_written() -> None:
    found = _quotes(
        "The Fort Wayne mother accused of killing her two children spoke to the station on Monday.\n\n"
        "“That’s when I went straight to Elkhart and that’s when I killed my kids,” said Pasztor.\n\n"
        "Her son Rene Pasztor was six years old."
    )
    assert found["That’s when I went straight to Elkhart and that’s when I killed my kids"] == (
        "Pasztor",
        True,
    )


def test_a_sentence_opening_on_a_participle_phrase_has_its_subject_after_the_comma() -> None:
    found = _quotes(
        "Mike Peinovich runs a podcast.\n\n"
        "Contacted via email, Peinovich denied he was Enoch and said the reports were false."
    )
    assert found["the reports were false"] == ("Mike Peinovich", False)


def test_a_name_in_apposition_to_a_role_or_after_a_name_is_read_past() -> None:
    chairman = find_cues("The state’s campaign chairman, Phil Lovas, said he cannot comment on the letter.")
    assert [(c.text, c.speaker, c.kind) for c in chairman] == [("said", "Phil Lovas", "name")]
    leader = find_cues("Mitch McConnell, Senate Majority Leader, said the veto would fall.")
    assert [(c.text, c.speaker) for c in leader] == [("said", "Mitch McConnell")]


def test_a_parsed_source_that_only_says_when_credits_nobody_and_a_capitalised_modal_is_a_name() -> None:
    from crosscheck.annotate.quotes import _names_a_source

    for time in ("1995", "the weekend", "late August", "Monday"):
        assert not _names_a_source(time), time
    for source in (
        "The poll",
        "Officials",
        "Ms. Simonyan",
        "the 9/11 commission",
        "Theresa May",
        "Will Hurd",
    ):
        assert _names_a_source(source), source
    # A modal verb in lower case still marks a stretch of the sentence, not a source.
    assert not _names_a_source("Part of the plan will be")


def test_calling_something_a_quoted_name_is_reported_speech_and_naming_otherwise_is_not() -> None:
    found = _quotes(
        "Barack Obama visited Rangoon on Monday.\n\n"
        'Obama called Burma a "good news story in an era of setbacks" for the region.'
    )
    speaker, direct = found['Burma a "good news story in an era of setbacks" for the region']
    assert speaker == "Barack Obama" and direct is False
    assert (
        find_cues("He called police after a firm called Lenox Partners lost the files of the campaign.") == []
    )


def test_the_words_before_a_cue_credit_a_source_only_when_they_can_be_one() -> None:
    from crosscheck.annotate.speech import plausible_source

    for junk in (
        "despite the",
        "Law enforcement sources said several",
        "more",
        "talking",
        "example",
        "which only",
    ):
        assert not plausible_source(junk), junk
    for source in (
        "investigators",
        "police",
        "women",
        "his aides",
        "63 percent",
        "the Elkhart County coroner",
    ):
        assert plausible_source(source), source
    # A clause's opener and a negated auxiliary are read past, not credited.
    stripped = find_cues("The debate starts Monday, and his aides haven't said much about how he prepares.")
    assert [(c.text, c.speaker) for c in stripped] == [("said", "his aides")]
    agency = find_cues("And the agency said the dam would hold through the spring floods.")
    assert [(c.text, c.speaker) for c in agency] == [("said", "the agency")]
    assert [c.speaker for c in find_cues("This said, the plan would go ahead in the spring.")] == [None]


def test_a_voice_verb_carries_its_quotation() -> None:
    found = _quotes(
        "Rakeyia Scott stood on the corner as the officers walked up to the car.\n\n"
        '"Don\'t you shoot him, he has no weapon," Rakeyia Scott shouted at the officers.'
    )
    assert found["Don't you shoot him, he has no weapon"] == ("Rakeyia Scott", True)
    boast = _quotes(
        'Donald Trump spoke in Ohio.\n\n"That makes me smart, very smart," Donald Trump boasted to the crowd.'
    )
    assert boast["That makes me smart, very smart"] == ("Donald Trump", True)


def test_a_credit_names_the_outlet_alone_and_an_outlet_never_credits_itself() -> None:
    from crosscheck.annotate import annotate_articles

    def sources(text: str, outlet: str = "Daily Post") -> list[str]:
        [annotated] = annotate_articles([article(text, outlet=outlet)])
        return [a.source for a in annotated.attributions]

    # The connector belongs to what follows the name.
    assert sources("The president told The New York Times and then CNN that he would run again.") == [
        "The New York Times"
    ]
    assert sources("The mayor said so, according to the The Associated Press.") == ["The Associated Press"]
    # An interview the outlet itself held is its own reporting, not a relay.
    assert sources("The minister told the Evening Post that the plan would go ahead.", "Evening Post") == []
    assert sources("The minister told the Evening Post that the plan would go ahead.") == ["The Evening Post"]


def test_a_role_held_under_someone_elses_name_speaks_and_its_named_holder_more_so() -> None:
    from crosscheck.annotate import annotate_articles

    def speakers(text: str) -> list[str | None]:
        [annotated] = annotate_articles([article(text, outlet="Daily Post")])
        return [q.speaker for q in annotated.quotes]

    # Hayes is the accused; his attorney speaks.
    assert speakers('Cardell Hayes was charged. "We will appeal," said Hayes\'s attorney, John Fuller.') == [
        "John Fuller"
    ]
    assert speakers('Cardell Hayes was charged. "We will appeal," said Hayes\'s attorney.') == [
        "Hayes's attorney"
    ]


def test_credits_keep_a_channel_number_and_leave_out_picture_credits_amounts_and_months() -> None:
    from tests.helpers import article

    annotated = annotate_article(
        article(
            "Channel 11 reported that the bridge was closed on Monday.\n\n"
            "A picture of the flood was shared widely online (via Facebook).\n\n"
            "The county Board of Supervisors added another $20,000 to the relief fund.\n\n"
            "The Indian Navy in November said the ship was freed.",
            outlet="Gazette",
        )
    )
    assert [a.source for a in annotated.attributions] == ["Channel 11"]


def test_a_place_before_a_role_and_its_holder_is_not_the_speaker() -> None:
    from tests.helpers import article

    annotated = annotate_article(
        article(
            '"We believe there was some purpose to it," said Troy police Lt. Gerry Scherlinck.', outlet="G"
        )
    )
    assert [q.speaker for q in annotated.quotes] == ["Gerry Scherlinck"]


def test_no_credit_in_a_clause_after_said_nor_in_a_pictures_via() -> None:
    from crosscheck.annotate.attributions import source_key

    def credits(text: str) -> list[str]:
        return [a.source for a in annotate_article(article(text)).attributions]

    # A new clause after "said" ("Price had gone to …") is where someone went, not whom anyone told.
    assert (
        credits("Barling said Price had gone to the Simms Car Wash with his mother, and then to a shop.")
        == []
    )
    # How or when between the cue and "to" still credits the outlet.
    assert credits("The minister said in a statement to Reuters that the plan had failed badly.") == [
        "Reuters"
    ]
    assert credits("The mayor confirmed on Monday to The Telegraph that the bridge would close.") == [
        "The Telegraph"
    ]
    # A picture found via an agency is no report relied on; a report found via an outlet is.
    assert credits("Supporters gathered outside the court. [image via Shutterstock]") == []
    assert credits("The company said the figures were wrong, via The Verge, which first reported it.") == [
        "The Verge"
    ]
    # One outlet under its old and new names.
    assert source_key("HuffPost") == source_key("The Huffington Post")


def test_a_relative_described_speaks_as_described_not_as_the_person_last_quoted() -> None:
    found = _quotes(
        "Michael Dunn spoke to his parents from jail in December.\n\n"
        "“How do you feel about it?” Dunn asked.\n\n"
        "“A bad way, bad way,” his father responded.\n\n"
        "“You have to be strong for all of us,” the mother said.\n\n"
        "“I am doing what I can in here,” Dunn said."
    )
    assert found["How do you feel about it?"] == ("Michael Dunn", True)
    assert found["A bad way, bad way"] == ("his father", True)
    assert found["You have to be strong for all of us"] == ("the mother", True)
    assert found["I am doing what I can in here"] == ("Michael Dunn", True)


def test_a_detectives_abbreviated_title_neither_ends_the_sentence_nor_speaks() -> None:
    found = _quotes(
        "Police made four arrests on Tuesday.\n\n"
        "“Tavin was just wearing red shoes that day at the car wash,” LAPD Det. Christopher Barling said."
    )
    assert found["Tavin was just wearing red shoes that day at the car wash"] == ("Christopher Barling", True)


def test_the_cue_right_after_a_quotations_comma_and_an_offices_named_holder_speak() -> None:
    found = _quotes(
        "Scientists dug in Colorado in 1998.\n\n"
        "During the dig, the paleontologists found “several individuals of various ages and from at least three "
        "different species,” Tschopp said.\n\n"
        "A powerful voice in Santa Clara County is coming to the judge's defense.\n\n"
        "“I think the sentence is fair,” said Santa Clara County Public Defender Molly O’Neal"
    )
    # The cue after the closing comma voices the quotation, not the writer's "found" that opens the sentence.
    assert found["several individuals of various ages and from at least three different species"] == (
        "Tschopp",
        True,
    )
    # A place and an office before a name: the office's holder speaks, not the county.
    assert found["I think the sentence is fair"] == ("Molly O’Neal", True)


def test_a_headline_under_a_persons_name_is_a_paraphrase_not_a_quotation() -> None:
    found = _quotes(
        "William Shatner and George Takei traded jokes online on Saturday.\n\n"
        "George Takei: Terrorist Trump must resign now\n\n"
        "TAKEI: I was joking, of course. It was April Fools."
    )
    # A link's headline under his name is credited to him, but not as his words.
    assert found["Terrorist Trump must resign now"] == ("George Takei", False)
    # A transcript turn under his name is.
    assert found["I was joking, of course. It was April Fools."] == ("George Takei", True)


def test_the_new_speaker_rules_leave_their_neighbours_alone() -> None:
    # A surname that is also a title word is a person's.
    found = _quotes(
        'Rep. Steve King of Iowa spoke on Monday.\n\n"We need a wall on the border now," King said.'
    )
    assert found["We need a wall on the border now"] == ("Steve King", True)
    # A short quotation with its cue before it is a title in the writer's sentence, not speech.
    found = _quotes('Ruiz spoke.\n\nRuiz said the film "Jaws," which she saw as a child, still scares her.')
    assert "Jaws" not in found
    # A height inside a quotation a double mark closes does not close it.
    found = _quotes(
        "Ruiz spoke.\n\n\u201cHe is 6\u20322\u2033 and fast, and he will be a great player for us,\u201d Ruiz said."
    )
    assert found["He is 6\u20322\u2033 and fast, and he will be a great player for us"] == ("Ruiz", True)
    # A question's cue after it does not take the quotation from the speaker a colon introduced.
    found = _quotes(
        'John Smith spoke.\n\nSmith said: "Who cares about any of the rules?" Ruiz replied that the rules matter.'
    )
    assert found["Who cares about any of the rules?"] == ("John Smith", True)
    # An office is no person, though a place and an office come before it: it speaks as an organisation, and
    # stays out of the article's person map.
    office = annotate_article(
        article(
            'Deputies searched.\n\n"We found nothing at all there," said Santa Clara County Sheriff\u2019s Office.'
        )
    )
    assert [q.speaker for q in office.quotes] == ["Santa Clara County Sheriff\u2019s Office"]
    assert not office.speakers


def test_a_credit_after_said_may_name_the_day_and_month() -> None:
    a = annotate_article(article("The minister said on 5 May to Reuters that the plan had failed badly."))
    assert [x.source for x in a.attributions] == ["Reuters"]


def test_an_editors_update_tag_is_no_speaker() -> None:
    found = _quotes(
        "The ceremony ended in chaos.\n\n"
        "UPDATE: Just after midnight, the accounting firm released a statement: \u201cWe sincerely apologize for "
        "the error that was made during the announcement for Best Picture.\u201d"
    )
    assert (
        found["We sincerely apologize for the error that was made during the announcement for Best Picture."][
            0
        ]
        != "Update"
    )


def test_a_family_name_is_the_relative_last_the_subject_not_one_only_mentioned_since() -> None:
    found = _quotes(
        "Michael Dunn was convicted on Saturday.\n\n"
        "Dunn, who is white, testified that he fired in self-defense.\n\n"
        "The calls were with his fiancee or his parents, Phillip and Sandra Dunn. Also released was a letter.\n\n"
        "\u201cHe bends forward and picked something up with both hands,\u201d Dunn wrote."
    )
    assert found["He bends forward and picked something up with both hands"] == ("Michael Dunn", True)


def test_a_short_quotation_right_after_its_cue_is_speech_and_whom_one_told_is_not_content() -> None:
    found = _quotes(
        "Judge Aaron Persky presided.\n\n"
        'Asked about the ruling, the judge said, "I understand."\n\n'
        "Kathy Stinson was arrested.\n\n"
        "She later told police she regained consciousness in Largo Central Park."
    )
    assert found["I understand."] == ("Aaron Persky", True)
    assert found["she regained consciousness in Largo Central Park"] == ("Kathy Stinson", False)


def test_a_named_organisation_speaks_its_quotation_and_is_still_credited() -> None:
    a = annotate_article(
        article(
            "May talks to Trump\n\n"
            "British Prime Minister Theresa May spoke with President Trump on Sunday about the tariffs.\n\n"
            '"The prime minister expressed her deep disappointment at the decision," Downing Street said.\n\n'
            '"We are ready to respond to any measure at all," the European Commission said in a statement.'
        )
    )
    speakers = {q.text: q.speaker for q in a.quotes if q.direct}
    assert (
        speakers["The prime minister expressed her deep disappointment at the decision"] == "Downing Street"
    )
    assert speakers["We are ready to respond to any measure at all"] == "European Commission"
    # The organisation is no person: what it says is credited to it as a source, too.
    assert {at.source for at in a.attributions} >= {"Downing Street", "The European Commission"}
    assert "Downing Street" not in a.speakers.values()


def test_a_source_after_a_clause_a_coordinated_denial_and_a_planned_question() -> None:
    cues = find_cues("Flynn was fired Feb. 13, 2017, after White House officials said he had misled them.")
    assert [(c.speaker, c.text) for c in cues] == [("White House officials", "said")]
    cues = find_cues(
        "Trump has publicly said he would talk with Mueller and has vehemently denied there was any collusion."
    )
    assert cues[-1].text == "denied" and cues[-1].speaker == "Trump"
    # What the subject did, before a participle cue, is not who speaks.
    cues = find_cues(
        "Sessions, issuing a statement Monday saying he had directed the attorneys to prosecute."
    )
    assert [(c.speaker, c.text) for c in cues] == [("Sessions", "saying")]
    found = _quotes(
        "Robert Mueller wants to question the president.\n\n"
        '"What efforts were made to reach out to Mr. Flynn about a pardon?" Mr. Mueller planned to ask.'
    )
    assert found["What efforts were made to reach out to Mr. Flynn about a pardon?"] == (
        "Robert Mueller",
        True,
    )


def test_he_is_never_a_group_nor_a_woman_the_article_shows_and_follows_a_subject_after_an_opening_clause() -> (
    None
):
    # A capitalised common noun opening its sentence speaks, but is no "he" of the next paragraph.
    found = _quotes(
        "Donald Trump met Emmanuel Macron on Tuesday.\n\n"
        "Aides said he hoped to push back against the entreaties strongly enough.\n\n"
        '"Nobody knows what I am going to do on the twelfth of May," he said.'
    )
    assert found["Nobody knows what I am going to do on the twelfth of May"] == ("Donald Trump", True)
    # A man's "he said" after a woman spoke last goes to the man heard before her.
    found = _quotes(
        "Mr. Rubilio Mendez said he fled Guatemala after gangs threatened him.\n\n"
        '"Mexico is not a country to seek asylum in," Ms. Monica Torres said.\n\n'
        '"I cannot go back to Guatemala at all," he said.'
    )
    assert found["I cannot go back to Guatemala at all"] == ("Rubilio Mendez", True)
    # A subordinate clause opening the sentence names someone; the subject after its comma is who "he" is.
    found = _quotes(
        "Kim Jong Un spoke on Friday.\n\n"
        '"We will stop the tests," Kim said.\n\n'
        "As he held out the prospect of an agreement with Mr. Kim, Donald Trump repeated his vow to walk away. "
        '"Unlike past administrations, I will leave the table," he said.'
    )
    assert found["Unlike past administrations, I will leave the table"] == ("Donald Trump", True)


def test_an_item_of_a_list_is_no_speaker() -> None:
    found = _quotes(
        "The special counsel drew up a list of questions.\n\n"
        '"When did you become aware of the meeting at Trump Tower?" one question asks.\n\n'
        '"What efforts were made to reach out to Mr. Flynn about a pardon?" Another asks.'
    )
    assert found["When did you become aware of the meeting at Trump Tower?"][0] is None
    assert found["What efforts were made to reach out to Mr. Flynn about a pardon?"][0] is None


def test_a_statement_from_someone_is_theirs() -> None:
    found = _quotes(
        "The memos were released on Thursday.\n\n"
        '"These memos are significant for both what is in them and what is not," said a statement from '
        "Judiciary Chairman Bob Goodlatte, R-Va., and Oversight Chairman Trey Gowdy, R-S.C."
    )
    assert found["These memos are significant for both what is in them and what is not"] == (
        "Bob Goodlatte",
        True,
    )


def test_the_president_is_the_one_titled_without_a_country() -> None:
    found = _quotes(
        "President Donald Trump spoke on Tuesday.\n\n"
        "He hosted President Emmanuel Macron of France at the White House, and French President Emmanuel Macron "
        "spoke of the deal.\n\n"
        '"We will see what happens with the deal in May," the president said.'
    )
    assert found["We will see what happens with the deal in May"] == ("Donald Trump", True)


def test_a_mixed_quotation_is_reported_whole_beside_its_quoted_words() -> None:
    # The reported clause holds a short quotation of the speaker's words: both are his.
    found = _quotes(
        "Bernie Sanders won Vermont on Tuesday.\n\n"
        "Bernie Sanders vowed to “take our fight” to the 35 states that would have not yet voted."
    )
    assert found["to “take our fight” to the 35 states that would have not yet voted"] == (
        "Bernie Sanders",
        False,
    )
    assert found["take our fight"] == ("Bernie Sanders", True)


def test_after_a_stance_verb_to_opens_an_infinitive_and_that_a_relative_clause() -> None:
    sentence = "Sanders vowed to take our fight to the 35 states that would have not yet voted."
    cue = next(c for c in find_cues(sentence) if c.text == "vowed")
    # Not "would have not yet voted": the "that" closes "the 35 states", it opens no report.
    assert report_content(sentence, cue) == []
    sentence = "Ruiz said to reporters at the bridge that the tolls would end."
    cue = next(c for c in find_cues(sentence) if c.text == "said")
    (start, end), *_ = report_content(sentence, cue)
    assert sentence[start:end] == "the tolls would end"


def test_the_narration_before_a_cue_that_introduces_a_quotation_is_not_reported() -> None:
    sentence = (
        "But six minutes into the event, when another man was led away, Mr. Trump yelled, ''Out, out, out!''"
    )
    cue = next(c for c in find_cues(sentence) if c.text == "yelled")
    assert report_content(sentence, cue) == []
    # A cue followed by "and" another verb has reported nothing.
    sentence = "The protester yelled and held up a banner that was quickly ripped away."
    cue = next(c for c in find_cues(sentence) if c.text == "yelled")
    assert report_content(sentence, cue) == []


def test_reported_speech_ending_inside_a_quotation_keeps_its_closing_mark() -> None:
    found = _quotes(
        "Bernie Sanders spoke in Iowa.\n\n"
        "As the race tightens in Iowa, Bernie Sanders said his rival candidate is in “serious trouble.”"
    )
    assert found["his rival candidate is in “serious trouble.”"] == ("Bernie Sanders", False)


def test_whom_a_speaker_told_may_be_a_programme_by_its_quoted_name() -> None:
    found = _quotes(
        "John Kasich spoke on Sunday.\n\n"
        "Kasich told ABC’s “Good Morning America” that he would stay in the race.\n\n"
        "Megyn Kelly told “Good Morning America” on Monday the tone of the interview was cordial."
    )
    assert found["he would stay in the race"] == ("John Kasich", False)
    assert found["the tone of the interview was cordial"] == ("Megyn Kelly", False)


def test_sources_after_and_before_their_reported_clause() -> None:
    found = _quotes(
        "John J. Ferriola runs Nucor.\n\n"
        "The big steel plant is hanging on, but it is under pressure from Asian imports, said the company's "
        "chief executive, John J. Ferriola.\n\n"
        "A strong showing could finally show the extent of his appeal, veteran Republicans said."
    )
    # A role of two role words is whole, so the holder named beside it speaks.
    assert found["The big steel plant is hanging on, but it is under pressure from Asian imports"] == (
        "John J. Ferriola",
        False,
    )
    # A modifier the source's name leaves out does not hide the comma that closes the report.
    assert found["A strong showing could finally show the extent of his appeal"] == ("Republicans", False)


def test_a_cue_in_a_relative_clause_is_the_antecedents() -> None:
    found = _quotes(
        "Charles Barkley spoke on Tuesday.\n\n"
        "Barkley, who said he typically votes Democratic, said one candidate he likes is John Kasich.\n\n"
        "The ceremony featured Will Smith, Patti LaBelle and Stevie Wonder, who joked of the museum, "
        '"I have not seen it yet, but I am going to."\n\n'
        "The change is likely to placate nervous Democrats on Capitol Hill, who have argued that it helps "
        "down-ballot candidates.\n\n"
        "Having said that, there are some economists who argue that corporate taxes should be very low."
    )
    assert found["he typically votes Democratic"] == ("Charles Barkley", False)
    # Of a list of names, the last is whom "who" stands for.
    assert found["I have not seen it yet, but I am going to."] == ("Stevie Wonder", True)
    # A place after "on" is where the source is; "there are" is no part of the source; "Having said that"
    # reports nothing.
    assert found["it helps down-ballot candidates"] == ("Democrats", False)
    assert found["corporate taxes should be very low"] == ("some economists", False)
    assert not any(text.startswith("there are") for text in found)


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # The cue is embedded in the writer's clause: the source starts after "what" or "that".
        ("North and South Korea installed what officials said was the first hotline.", "officials"),
        ("It is a goal that many analysts believe will be challenging.", "many analysts"),
        # A role names where it serves; the place is not the speaker.
        (
            "Israel's ambassador to the United States said the files were genuine.",
            "Israel's ambassador to the United States",
        ),
        # Two asides between the name and the cue.
        (
            "Jean-Marc Ayrault, the foreign minister of France, a permanent member of the Council, said it must pay.",
            "Jean-Marc Ayrault",
        ),
        # The medium that quoted someone stands inside the cue.
        (
            '"We are fully prepared," Ali Akbar Salehi was quoted by Iranian state television as saying.',
            "Ali Akbar Salehi",
        ),
    ],
)
def test_the_source_phrase_before_a_cue(sentence: str, speaker: str) -> None:
    assert [c.speaker for c in find_cues(sentence)] == [speaker]


def test_a_role_serving_someone_named_is_not_that_person() -> None:
    found = _quotes(
        "Ron Dermer, Israel's ambassador to the United States, met senators on Monday.\n\n"
        "Israel's ambassador to the United States said the files were genuine.\n\n"
        "The son of Donald Trump said the campaign would go on."
    )
    # The holder the article titled so speaks; a person named after the role's "of" is whom it serves.
    assert found["the files were genuine"] == ("Ron Dermer", False)
    assert found["the campaign would go on"] == ("The son of Donald Trump", False)


def test_a_denied_report_shows_its_negation_in_the_cue() -> None:
    annotated = annotate_article(
        article(
            "Sanders spoke on Tuesday.\n\n"
            "Sanders never said that the program had resumed.\n\n"
            "Pompeo didn't say the inspectors had failed.\n\n"
            "Pompeo said the inspectors had done their work."
        )
    )
    cues = {q.text: q.cue for q in annotated.quotes}
    # A reader shown "Sanders said: the program had resumed" would be told the opposite of the article.
    assert cues["the program had resumed"] == "never said"
    assert cues["the inspectors had failed"] == "didn't say"
    assert cues["the inspectors had done their work"] == "said"


def test_the_statement_speaks_for_whoever_the_article_said_issued_it() -> None:
    found = _quotes(
        "Iran deal\n\n"
        "The White House issued a statement on Monday evening backing Israel's presentation. "
        '"These facts are consistent with what the United States has long known," the statement said.\n\n'
        "In a statement published by the state news agency, North Korean leader Kim Jong Un promised to halt the "
        'tests. "The nuclear test center will be discarded," the statement said.\n\n'
        "The French foreign ministry said the deal was working. The statement added that the inspections were "
        "thorough and robust."
    )
    assert found["These facts are consistent with what the United States has long known"] == (
        "The White House",
        True,
    )
    assert found["The nuclear test center will be discarded"] == ("Kim Jong Un", True)
    # Someone has spoken since the last statement was introduced: "the statement" stands as described.
    assert found["the inspections were thorough and robust"] == ("The statement", False)


def test_an_outlet_that_reported_is_not_whom_he_or_she_follows() -> None:
    found = _quotes(
        "London Mayor Sadiq Khan has refused to apologise for his attacks on the president.\n\n"
        "Breitbart London reported in 2017 on Khan's remarks, when he said it would not be appropriate to roll "
        "out the red carpet."
    )
    # The tagger may read "Breitbart London" as a person; what reported is an outlet or its reporter either way.
    speaker, _ = found["it would not be appropriate to roll out the red carpet"]
    assert speaker is not None and speaker.endswith("Khan")


def test_a_family_name_written_first_is_the_full_name_it_opens() -> None:
    found = _quotes(
        "North Korean leader Kim Jong Un said on Saturday the country would halt its tests. South Korean "
        "President Moon Jae-in welcomed the move.\n\n"
        '"We will stop," Kim said.\n\n'
        "Moon said the decision was a meaningful step."
    )
    assert found["We will stop"] == ("Kim Jong Un", True)
    # The tagger ends "Moon Jae-in" at its hyphen; the mention keeps the whole given name.
    assert found["the decision was a meaningful step"] == ("Moon Jae-in", False)


def test_the_agency_speaks_for_the_organisation_last_named_so() -> None:
    found = _quotes(
        "North Korea will halt its nuclear tests, the Korean Central News Agency reported on Saturday.\n\n"
        'The agency added, "The North will shut down a nuclear test site in the north of the country."\n\n'
        "The agency said the decision was made at a party meeting."
    )
    assert found["The North will shut down a nuclear test site in the north of the country."] == (
        "Korean Central News Agency",
        True,
    )
    assert found["the decision was made at a party meeting"] == ("Korean Central News Agency", False)


def test_a_role_before_the_name_that_speaks_is_part_of_the_source_not_of_the_content() -> None:
    sentence = (
        "The program failed to stop the attack, the White House spokesman, Josh Earnest, said on Thursday."
    )
    [cue] = find_cues(sentence)
    assert cue.speaker == "Josh Earnest"
    assert [sentence[s:e] for s, e in report_content(sentence, cue)] == [
        "The program failed to stop the attack"
    ]
    # After a quotation, the quotation is what the cue reports: no reported speech runs on to the role.
    text = (
        '"Somebody entered the country through the K-1 visa program and carried out an act of terrorism," the '
        'White House spokesman, Josh Earnest, said on Thursday. "That program is worth a very close look."'
    )
    quotes = annotate_article(article(text)).quotes
    assert [(q.direct, q.speaker) for q in quotes] == [(True, "Josh Earnest"), (True, "Josh Earnest")]


@pytest.mark.parametrize(
    ("sentence", "contents"),
    [
        # What the speaker did while saying it is the writer's account.
        ('"We will not accept it," Kerry said, referring to the country\'s official name.', []),
        (
            "The plan will work, he said, cutting off a reporter who asked about finances.",
            ["The plan will work"],
        ),
        # A reporting participle goes on with what was said, and so does "including".
        (
            "The plan will work, he said, adding he would never vote for her.",
            ["The plan will work", "adding he would never vote for her"],
        ),
        (
            "The plan is vague, critics say, including a provision they say could exclude many.",
            ["The plan is vague", "including a provision they say could exclude many"],
        ),
    ],
)
def test_a_participle_after_the_cue_is_the_writers_unless_it_reports(
    sentence: str, contents: list[str]
) -> None:
    cue = next(c for c in find_cues(sentence) if c.text in ("said", "say"))
    assert [sentence[s:e] for s, e in report_content(sentence, cue)] == contents


def test_reported_speech_runs_to_the_close_of_a_quotation_it_opened_past_the_sentence() -> None:
    text = (
        'Scott urged those contemplating illegal entry to "think before you act. They are giving you bad advice."'
        "\n\nThe caravan reached the border on Sunday.\n"
    )
    [reported] = [q for q in annotate_article(article(text)).quotes if not q.direct]
    assert (
        reported.text
        == 'those contemplating illegal entry to "think before you act. They are giving you bad advice."'
    )
    assert text[reported.start : reported.end] == reported.text
    # Reported speech that starts inside a quotation holds only its closing mark, and opens nothing.
    text = 'Netanyahu said "half a ton" of evidence proves Iran lied. He said "the deal" was bad.\n'
    ends = [q.text for q in annotate_article(article(text)).quotes if not q.direct]
    assert ends == ['half a ton" of evidence proves Iran lied', 'the deal" was bad']


def test_an_uncued_quotation_goes_on_with_the_speaker_who_opened_the_sentence_before() -> None:
    text = (
        "He built a large company. His former business partner, Lawrence Cummings, said he was a master at deals. "
        '"He showed again and again an ability to put together deals that other people couldn\'t."\n\n'
        'Cruz promised literal violence to the agreement itself. "Day one, I will rip to shreds the Iran deal," '
        "he repeated at a rally in Iowa.\n"
    )
    quotes = [q for q in annotate_article(article(text)).quotes if q.direct]
    assert [q.speaker for q in quotes] == ["Lawrence Cummings", "Cruz"]


@pytest.mark.parametrize("cue", ["recounted", "marveled", "griped", "fumed", "texted"])
def test_a_quotation_closed_by_a_voice_verb_is_its_speakers(cue: str) -> None:
    found = _quotes(
        "Harold Noel lives in the building.\n\n"
        f'"I thought it was because of the construction going on," he {cue}.'
    )
    assert found["I thought it was because of the construction going on"] == ("Harold Noel", True)


def test_someone_quoted_by_what_they_are_speaks_after_an_exclamation() -> None:
    """'"…!" one person tweeted': the question or exclamation mark ends the sentence before the cue, and the
    speaker is described, not named. Without a person noun the quotation had no speaker."""
    found = _quotes(
        "Governor Chris Christie stood behind Donald Trump at the rally on Monday.\n\n"
        "“Gov. Christie, blink twice if you’re in trouble!” one person tweeted.\n\n"
        "“Where were the police when the shooting started?” a woman asked reporters."
    )
    assert found["Gov. Christie, blink twice if you’re in trouble!"] == ("one person", True)
    assert found["Where were the police when the shooting started?"] == ("a woman", True)


def test_who_after_a_place_is_someone_unnamed_not_the_place() -> None:
    found = _quotes(
        "Police searched the coast on Tuesday.\n\n"
        "Ipswich police located the son-in-law in the water south of Crane Beach, who told police him and his "
        "father-in-law were caught in heavy fog and swept out by a rip current."
    )
    [(speaker, direct)] = [who for text, who in found.items() if "heavy fog" in text]
    assert speaker is None and not direct


def test_a_time_opening_the_sentence_is_not_who_speaks_and_a_retort_has_its_own_speaker() -> None:
    found = _quotes(
        "Sheldon Adelson praised Donald Trump at a dinner on Monday.\n\n"
        "Hours later, Trump returned the compliment to Adelson, telling Reuters, “Sheldon and I have been friends "
        "for a long time.”\n\n"
        "“Look at all these Bernie supporters here,” Sandra Paradis said, looking over at Jim Bennett.\n\n"
        "“They’re all here because he’s promising to give them free stuff,” Bennett shot back with a laugh."
    )
    assert found["Sheldon and I have been friends for a long time."][0] == "Donald Trump"
    assert found["They’re all here because he’s promising to give them free stuff"][0] == "Jim Bennett"


def test_a_question_put_to_someone_has_no_speaker() -> None:
    a = annotate_article(
        article(
            "House Speaker Paul Ryan visited Israel on Monday.\n\n"
            "Asked if Trump’s comments had rattled them as well, Ryan said, “Sure. I get that, too. Everybody "
            "pays attention to our politics.”\n\n"
            "The actress Susan Sarandon appeared uneasy when asked about her daughter’s work for the campaign."
        )
    )
    asked = [q for q in a.quotes if (q.cue or "").lower().startswith("asked")]
    assert asked and all(q.speaker is None for q in asked)
    assert any(q.speaker == "Paul Ryan" and q.text.startswith("Sure") for q in a.quotes)


def test_a_credit_is_not_what_the_speaker_said() -> None:
    a = annotate_article(
        article(
            "NATO Secretary General Jens Stoltenberg confirmed the news to The Daily Courier on Saturday.\n\n"
            '"What we see now is a new reality for the security of Europe," Stoltenberg said, per The Daily '
            'Courier. "We have asked our commanders for options."'
        )
    )
    reported = [q.text for q in a.quotes if not q.direct]
    assert not [t for t in reported if "Daily Courier" in t]
    assert {a.text.rstrip(".") for a in a.attributions} >= {"per The Daily Courier"}


def test_quotes_text_shows_a_quotation_without_a_cue_as_speaker_and_colon(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Stars back the gun plan\n\n"
        "President Barack Obama announced new steps on gun sales on Tuesday.\n\n"
        "Moore thanked him for “stepping up and taking action when Congress won’t.”\n",
        encoding="utf-8",
    )
    _load_commands()
    result = CliRunner().invoke(app, ["quotes", str(tmp_path / "a.txt"), "--format", "text"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if "stepping up" in line)
    assert ": “stepping up" in line and " : " not in line


def test_an_aside_holding_a_name_in_quotation_marks_still_leads_to_the_speaker() -> None:
    found = _quotes(
        "Delegates left the arena in Cleveland late on Thursday.\n\n"
        "“We’ve had more successful conventions than this one,” Texas delegate Bill Eastland, wearing a cowboy "
        "hat and “Ted Cruz” campaign pins, said matter-of-factly."
    )
    assert found["We’ve had more successful conventions than this one"] == ("Bill Eastland", True)


def test_a_name_the_article_calls_a_group_is_no_later_she() -> None:
    found = _quotes(
        "In Washington, US Secretary of State Hillary Clinton has said that President Bashar al-Assad fits the "
        "definition of a war criminal.\n\n"
        "Campaign group Avaaz Says it co-ordinated the rescue attempt of two journalists from Homs\n\n"
        "She told a Senate hearing that an argument could be made for declaring the Syrian leader a war criminal."
    )
    [(speaker, _)] = [who for text, who in found.items() if "an argument could be made" in text]
    assert speaker == "Hillary Clinton"


def test_a_sentence_in_capitals_gives_the_parse_no_cue() -> None:
    found = _quotes(
        "Rappers mourned Prodigy of Mobb Deep on Tuesday.\n\n"
        "MOBB DEEP'S MUZIK STILL HITS MY SOUL LIKE THE VERY FIRST TIME I HEARD IT EVERY TIME.\n\n"
        "Havoc, his partner in the duo, said the loss was hard to bear."
    )
    assert not [text for text in found if "FIRST TIME" in text]
    assert "the loss was hard to bear" in found


def test_an_embedded_post_is_a_quotation_of_its_author() -> None:
    """A page embeds a post as a paragraph of its own, no quotation marks, ending on its author and date: the
    post's words are its author's, and a post quoting someone keeps that speaker."""
    text = (
        "The councillor backed the challenger on Sunday.\n\n"
        "I just gave the most I can to Jo Park, who is running for the harbour seat. Let's win this! "
        "https://t.co/AbCd12 — Sam Otero (@samotero) August 13, 2018\n\n"
        '"The ferry must run on Sundays," -Harbour Mayor Lena Fisk, at the meeting pic.twitter.com/Xy12 '
        "— Dan Reporter (@danreports) August 13, 2018\n\n"
        "The vote is in November."
    )
    a = annotate_article(article(text))
    posted = [q for q in a.quotes if q.cue == "posted"]
    assert [(q.speaker, q.text) for q in posted] == [
        (
            "Sam Otero",
            "I just gave the most I can to Jo Park, who is running for the harbour seat. Let's win this!",
        )
    ]
    assert all(a.article.text[q.start : q.end] == q.text for q in a.quotes)
    post_sentences = [s.index for s in a.sentences if "Jo Park" in s.text or "win this" in s.text]
    assert post_sentences and all(a.speakers.get(i) == "Sam Otero" for i in post_sentences)
    assert "August 13, 2018" not in a.article.text


def test_a_name_in_a_compound_is_no_speaker_and_clarified_is_a_cue() -> None:
    found = _quotes(
        "Best actress Oscar-winner Emma Stone told reporters that she was thrilled for the winners.\n\n"
        '"I wasn\'t trying to be funny," Beatty clarified.'
    )
    assert found["she was thrilled for the winners"] == ("Emma Stone", False)
    assert found["I wasn't trying to be funny"] == ("Beatty", True)


def test_a_programme_named_in_quotation_marks_is_credited() -> None:
    """Words said on a broadcast programme credit it: its network when named, else the programme."""

    def credits(text: str) -> list[str]:
        return [a.source for a in annotate_article(article(text)).attributions]

    assert credits("The senator said on 'Harbour News Sunday' that the vote was rigged.") == [
        "Harbour News Sunday"
    ]
    assert credits("Appearing on NBC’s “Meet the Press,” the mayor said the poll was wrong.") == ["NBC"]
    assert credits("The mayor said on 'Sunday' that it was over.") == []


def test_a_time_before_a_moment_opens_the_sentence_and_the_younger_of_a_family_is_its_subject() -> None:
    found = _quotes(
        "Nia Vance, the board's former chair, criticised the vote on Monday.\n\n"
        '"This was a low point for the board," Vance said.\n\n'
        "A day before he spoke about his mother's treatment of Vance, the younger Okafor had raised money "
        "for the challenger.\n\n"
        '"I just gave the most I can to the challenger," he wrote.'
    )
    assert found["I just gave the most I can to the challenger"][0] == "Okafor"


def test_an_agent_for_a_described_person_speaks_for_them_and_is_not_them() -> None:
    found = _quotes(
        "An attorney for senior harbour board aide Jo Park said Thursday that Ms. Park would cooperate with "
        "any inquiry."
    )
    speaker = found["Ms. Park would cooperate with any inquiry"][0]
    assert speaker is not None and speaker.startswith("An attorney for")


def test_a_dash_credit_may_name_an_outlet_and_describe_the_person() -> None:
    found = _quotes(
        "The memoir came out on Tuesday to warm reviews.\n\n"
        "“This book is honest and deeply insightful.”—Connie Britton\n\n"
        "“This isn’t your mother’s political memoir.”—The Harbour Times Book Review\n\n"
        "“A must-read for every woman who wants to run.”—Ana Ruiz, chair of the harbour board and author of Tides\n\n"
        '"He\'s a good kid." -Harbour Mayor Lena Fisk, on the arrested man'
    )
    assert found["This book is honest and deeply insightful."][0] == "Connie Britton"
    assert found["This isn’t your mother’s political memoir."][0] == "The Harbour Times Book Review"
    assert found["A must-read for every woman who wants to run."][0] == "Ana Ruiz"
    speaker = found["He's a good kid."][0]
    assert speaker is not None and speaker.endswith("Lena Fisk")


def test_a_named_day_is_no_source() -> None:
    credits = [
        a.source
        for a in annotate_article(
            article(
                "The senator vowed to campaign until Election Day and said he would win the harbour seat."
            )
        ).attributions
    ]
    assert credits == []


def test_two_outlets_in_one_credit_are_both_credited_and_one_name_with_and_stays_one() -> None:
    def credits(text: str) -> list[str]:
        return [a.source for a in annotate_article(article(text)).attributions]

    assert credits("The FBI is reviewing the harbour deal, NBC News and The Washington Post reported.") == [
        "NBC News",
        "The Washington Post",
    ]
    assert credits("The grant came from Health and Human Services, according to Harbour Daily News.") == [
        "Harbour Daily News"
    ]


def test_a_determiner_opening_a_sentence_is_no_speaker() -> None:
    a = annotate_article(
        article(
            "The vote was close. Any hope of a late upset was dashed when the clerk read out the count.\n\n"
            "The council meets again in May."
        )
    )
    assert "Any" not in a.speakers.values()


def test_an_audience_and_a_place_are_no_source() -> None:
    def credits(text: str) -> list[str]:
        return [a.source for a in annotate_article(article(text)).attributions]

    assert credits("The minister had told the State Duma that the harbour would be protected.") == []
    assert credits("The envoy met the mayor in the Harbour Hall on Thursday and said he was concerned.") == []
    assert credits("Jo Doe in Leeds contributed to this report.") == []
    assert credits("The Harbour Board said on Thursday that the ferry would run.") == ["The Harbour Board"]


def test_an_organisation_before_its_holders_two_roles_is_no_speaker() -> None:
    found = _quotes('"Ferries are the harbour of today," said Harbour Line founder and CEO, Ana Ruiz.')
    assert found["Ferries are the harbour of today"] == ("Ana Ruiz", True)


def test_a_programme_of_the_outlets_own_network_is_its_own_reporting() -> None:
    text = "Appearing on NBC’s “Meet the Press,” the mayor said the harbour poll was wrong."
    assert [a.source for a in annotate_article(article(text, outlet="NBC")).attributions] == []
    assert [a.source for a in annotate_article(article(text, outlet="Daily One")).attributions] == ["NBC"]


def test_quotations_in_single_marks_are_direct_where_a_paragraph_has_no_double_mark() -> None:
    found = _quotes(
        "Teen blogger's make-up trick\n\n"
        "Another blogger, Brandy Willans, writes on her channel: ‘Don’t worry if you get this in your eye "
        "because it’s non toxic.’\n\n"
        "‘As a manufacturer of children’s products, safety is our top priority,’ the company says in a statement.\n\n"
        'The players’ union and the ‘90s revival were discussed, while he said "it is ‘fine’ by me" later.'
    )
    assert found["Don’t worry if you get this in your eye because it’s non toxic."] == (
        "Brandy Willans",
        True,
    )
    assert found["As a manufacturer of children’s products, safety is our top priority"] == (
        "the company",
        True,
    )
    # A plural's possessive and a decade open and close nothing; inside double marks, single ones are the inner
    # quotation's.
    assert not [text for text in found if text.startswith(("union", "90s", "fine"))]


def test_a_role_and_the_name_in_apposition_speak_as_that_name() -> None:
    for sentence in (
        'Another blogger, Brandy Willans, said: "Do not worry about it."',
        "The blogger, Brandy Willans, said it was fine.",
        "A nurse, Mary Jones, said the ward was full.",
    ):
        (cue,) = find_cues(sentence)
        assert cue.speaker is not None and cue.speaker.split()[-1] in {"Willans", "Jones"}, sentence


def test_a_role_the_article_brought_in_unnamed_is_not_the_last_speaker() -> None:
    found = _quotes(
        "Shooting video released\n\n"
        '"This was not some situation where my client hunted him down," said his attorney, John Fuller.\n\n'
        "An unknown witness is also heard talking about another gun.\n\n"
        '"He grabs the gun and then he shoots him in the back," the witness said.\n\n'
        '"My client felt threatened," the attorney said.'
    )
    assert found["He grabs the gun and then he shoots him in the back"][0] == "the witness"
    assert found["My client felt threatened"][0] == "John Fuller"


def test_an_outlet_asserting_or_reporting_after_an_aside_is_credited_and_the_magazine_is_it() -> None:
    annotated = annotate_article(
        article(
            "Couple on the rocks\n\n"
            "Star magazine which recently broke the news of another split has reported that Kim may have "
            "consulted a lawyer.\n\n"
            "The magazine claims that Kim is fed up with his partying.\n\n"
            "While U.S. magazine Life & Style alleges that on a recent trip to Toronto, he called his ex.\n\n"
            "Trump claims that the deal is done, and Senator Ray Smith alleged that it was not."
        )
    )
    credits = [(a.source, a.text) for a in annotated.attributions]
    assert ("Star", "The magazine claims") in credits
    assert any(source == "Star" and text.startswith("Star magazine") for source, text in credits)
    assert ("Life & Style", "Life & Style alleges") in credits
    assert not [source for source, _ in credits if source in {"Trump", "Senator Ray Smith", "Ray Smith"}]


def test_a_clause_verb_after_a_comma_is_no_aside_and_the_source_follows_the_cue() -> None:
    (cue,) = find_cues(
        "Juan R. McCullum, 35, of Washington, was indicted by a grand jury on two counts of cyberstalking, and a "
        "co-worker, Dorene Browne-Louis, 45, of Upper Marlboro, Md., was indicted on two counts of obstruction of "
        "justice, said U.S. Attorney for the District of Columbia Channing D. Phillips and Capitol Police Chief "
        "Matthew R. Verderosa in a statement."
    )
    assert cue.speaker == "U.S. Attorney"
    (aside,) = find_cues("Smith, who was the mayor, said the bridge would open.")
    assert aside.speaker == "Smith"


def test_the_question_put_to_someone_is_not_their_words() -> None:
    annotated = annotate_article(
        article(
            "Backstage at the Emmys\n\n"
            "“High out of the reach of my son Oliver who broke the first one.” — Julie Bowen, asked where she’s "
            "going to put her statuette.\n\n"
            "“Yeah, I think so. I don’t think that’s what our fans want.” — Aaron Paul, asked if he’d be "
            "disappointed if Breaking Bad wrapped with a happy ending\n\n"
            "Ronald Reagan was once asked how the Cold War would end."
        )
    )
    found = {q.text: (q.speaker, q.cue) for q in annotated.quotes}
    # The dash credits the answer; "asked" is no cue of the one who answers.
    assert found["High out of the reach of my son Oliver who broke the first one."] == ("Julie Bowen", "—")
    assert found["Yeah, I think so. I don’t think that’s what our fans want."] == ("Aaron Paul", "—")
    # Who asked is not told: the question is nobody's words, and never the one asked.
    assert all(speaker is None for text, (speaker, _) in found.items() if text.startswith(("where", "if he")))
    # Told as something that happened to him, the question still credits him, as PolNeAR marks it.
    assert "how the Cold War would end" in found


def test_straight_single_marks_quote_after_a_colon_and_close_after_punctuation() -> None:
    found = _quotes(
        "Obama diss\n\n"
        "In a new interview First Lady Michelle Obama said: 'Barack really thinks some of the Kardashians - when "
        "they watch that stuff - he doesn't like that as much.'\n\n"
        "The Kardashians' show was renewed for the '90s crowd, O'Brien said.\n\n"
        "The 'Late Show' host's recent trip to the country will be broadcast in five new episodes."
    )
    quoted = "Barack really thinks some of the Kardashians - when they watch that stuff - he doesn't like that as much."
    assert found[quoted] == ("Michelle Obama", True)
    assert not [text for text, (_, direct) in found.items() if direct and text != quoted]


def test_a_cue_after_a_quotation_of_several_sentences_is_read_before_a_later_quotation() -> None:
    """The last sentence of a quotation opens inside it: read alone, its closing mark opened a quotation that ran
    to the next one and hid "she said", so the sentence's later "asked" became the quotation's cue."""
    annotated = annotate_article(
        article(
            "Colbert for senate\n\n"
            "Sarah Palmer said on Friday that she would pick a senator soon.\n\n"
            '"You forget one thing, my friend. You didn\'t know our state drink. Big, big mistake," she said, pointing '
            'back to a "Colbert Report" interview in April when she asked the host to name the state beverage.\n\n'
            "\"Folks, I'm not going to sit here and say I should be the next senator. Not when so many other people "
            'are saying it for me," Colbert said on his show.'
        )
    )
    found = {q.text: (q.speaker, q.cue) for q in annotated.quotes}
    assert found["You forget one thing, my friend. You didn't know our state drink. Big, big mistake"] == (
        "Sarah Palmer",
        "said",
    )
    folks = next(text for text in found if text.startswith("Folks"))
    assert found[folks] == ("Colbert", "said")


def test_a_wire_dateline_with_its_country_and_day_credits_the_agency() -> None:
    annotated = annotate_article(
        article(
            "Sollecito speaks out\n\n"
            "FLORENCE, Italy, Feb. 25 (UPI) -- Raffaele Sollecito has stood by his ex-girlfriend in the years since "
            "the trial.\n\nHe spoke to Italian television on Monday."
        )
    )
    assert [a.source for a in annotated.attributions] == ["UPI"]


def test_what_was_done_without_a_word_is_the_titled_source_s_report() -> None:
    """ "…, San Bernardino police Chief Jarrod Burguan said": the place and body before the title stand between the
    content's comma and the name; "without saying a word" says nothing was said."""
    found = _quotes(
        "School shooting\n\n"
        "Anderson, 53, walked into the classroom and opened fire without saying a word, San Bernardino police "
        "Chief Jarrod Burguan said."
    )
    assert found["Anderson, 53, walked into the classroom and opened fire without saying a word"] == (
        "Jarrod Burguan",
        False,
    )
    assert "saying a word" not in found


def test_an_anonymous_source_close_to_someone_speaks_as_described() -> None:
    found = _quotes(
        "The senator met his colleagues on Thursday.\n\n"
        "Mr. Schumer quashed the plan, out of loyalty to Mr. Reid, said someone close to Mr. Schumer.\n\n"
        "The deal is nearly done, said a person familiar with the talks.\n\n"
        "Someone close to the governor said he would not run again."
    )
    assert found["Mr. Schumer quashed the plan, out of loyalty to Mr. Reid"] == (
        "someone close to Mr. Schumer",
        False,
    )
    assert found["The deal is nearly done"] == ("a person familiar with the talks", False)
    assert found["he would not run again"] == ("Someone close to the governor", False)


def test_a_judge_the_article_never_names_is_not_the_last_speaker() -> None:
    found = _quotes(
        '"Roads are slick," said Sgt. Scott Bright of the state patrol.\n\n'
        "DeAngelo Lamar Davis, 31, will remain in jail without bond, the judge said. Davis said he was "
        "unemployed; the judge said an attorney would be appointed."
    )
    assert found["DeAngelo Lamar Davis, 31, will remain in jail without bond"][0] == "the judge"
    assert found["an attorney would be appointed"][0] == "the judge"


def test_whoever_issued_a_statement_speaks_in_it() -> None:
    cues = find_cues(
        "The Starrett Corporation, which owns the building, issued a statement saying: "
        '"We are saddened by this loss."'
    )
    assert [(c.text, c.speaker) for c in cues] == [("saying", "Starrett Corporation")]
    cues = find_cues("Police released a statement on Friday saying the man fled on foot.")
    assert [(c.text, c.speaker) for c in cues] == [("saying", "Police")]


def test_a_name_after_the_cue_that_ends_the_sentence_outranks_one_an_aside_ran_back_to() -> None:
    cues = find_cues(
        "Blinding snow is blamed for a 30-car pileup near Fort Dodge, Iowa, that killed two people, said Iowa "
        "State Patrol Sgt. Scott Bright."
    )
    assert [(c.speaker, c.inverted) for c in cues] == [("Iowa State Patrol Sgt. Scott Bright", True)]
    # One told someone: the name after the cue is the one told, and the speaker stays before it.
    cues = find_cues(
        '"It is pushed by media," Malkia Cyril, the executive director at the center, told The Huffington Post.'
    )
    assert [(c.speaker, c.inverted) for c in cues] == [("Malkia Cyril", False)]


def test_the_speaker_after_how_the_writer_saw_them_and_a_title_after_a_body_the_tagger_took_for_a_person() -> (
    None
):
    cues = find_cues('"I can\'t believe it," said a devastated Salah Ali, 70, who lives in the building.')
    assert [c.speaker for c in cues] == ["Salah Ali"]
    assert [c.speaker for c in find_cues('"We are on it," said the federal Department of Health.')] == [None]
    found = _quotes(
        "Collin Rose graduated from the academy in 2010.\n\n"
        "“Collin is a 2010 FSU Criminal Justice and Law Enforcement Academy graduate,” Ferris State President "
        "David Eisler said in a statement."
    )
    assert (
        found["Collin is a 2010 FSU Criminal Justice and Law Enforcement Academy graduate"][0]
        == "David Eisler"
    )


def test_a_voice_that_said_nothing_is_not_the_one_she_continues() -> None:
    found = _quotes(
        "Officer Collin Rose was shot on Tuesday night.\n\n"
        "Police have not said whether Rose was responding to a 911 call, which Lincoln Apartments manager, Betty "
        "Evans, said she made. She said she argued with a man on a bicycle."
    )
    assert found["she argued with a man on a bicycle"][0] == "Betty Evans"


def test_the_main_clause_after_an_opening_when_clause_speaks() -> None:
    found = _quotes(
        "Bill Cosby sat down with Linsey Davis on Friday.\n\n"
        'When Davis asked Cosby what he wants his legacy to be, Cosby shook his head and said, "I have a ton '
        'of ideas for the show."'
    )
    assert found["I have a ton of ideas for the show."][0] == "Bill Cosby"


def test_the_one_a_lawsuit_is_against_does_not_speak_in_it() -> None:
    found = _quotes(
        "Families of the victims sued on Monday in a state court.\n\n"
        "“The number of lives lost was staggering,” according to the lawsuit against AR-15 manufacturer "
        "Bushmaster."
    )
    assert found["The number of lives lost was staggering"][0] != "Bushmaster"


def test_people_described_by_where_they_live_are_no_magazine() -> None:
    annotated = annotate_article(
        article(
            "A police officer was shot on Tuesday.\n\n"
            "People who live near the scene said the suspect was often seen there."
        )
    )
    assert [a.source for a in annotated.attributions] == []


def test_a_person_reported_inside_a_body_s_words_is_the_she_that_follows() -> None:
    found = _quotes(
        "Stephon Davis said he wanted answers about his son.\n\n"
        "Charisse Stinson reported her son missing on Sunday.\n\n"
        "Police said Stinson told them she accepted a ride from a man named Antwan.\n\n"
        "She said there was an altercation and she was knocked out."
    )
    speaker = found["there was an altercation and she was knocked out"][0]
    assert speaker is not None and speaker.endswith("Stinson")


def test_an_air_chief_marshal_s_abbreviated_rank_is_no_part_of_his_name() -> None:
    found = _quotes(
        "Search chief Angus Houston said on Sunday that the robot would dive within days.\n\n"
        "The Ocean Shield had also spotted an oil slick in the same area where the signals had been heard, ACM "
        "Houston said, and a sample was being sent for testing."
    )
    slick = "The Ocean Shield had also spotted an oil slick in the same area where the signals had been heard"
    assert found[slick][0] == "Angus Houston"


def test_a_description_after_a_when_clause_s_first_comma_is_its_subject_s_apposition() -> None:
    found = _quotes(
        "Democratic presidential nominee Hillary Clinton has not held a press conference since December.\n\n"
        "When Robby Mook, Clinton’s campaign manager was asked during a luncheon held by The Wall Street Journal "
        "if Clinton would schedule a press conference prior to Election Day, he laughed and said, “We’ll see "
        "what happens.”"
    )
    assert found["We’ll see what happens."][0] == "Robby Mook"


def test_one_described_who_gave_a_name_speaks_by_it() -> None:
    found = _quotes(
        "Neighbours gathered near the scene on Wednesday.\n\n"
        '"He\'d just eat his food and took off," said a man who identified himself as Angelo L. "He would go '
        'outside and just vanish."'
    )
    assert found["He'd just eat his food and took off"][0] == "Angelo L"


def test_a_role_brought_in_after_a_comma_stays_unnamed_and_officials_are_a_group() -> None:
    found = _quotes(
        "The phone of the first officer, Fariq Abdul Hamid, made contact with a cell tower about the time the "
        "plane disappeared from radar, a U.S. official told CNN on Monday.\n\n"
        "The official told CNN on Monday that a tower in Penang detected the phone searching for service.\n\n"
        "Minister Hishammuddin Hussein said the search would go on.\n\n"
        "U.S. officials familiar with the investigation told CNN that no other phones were picked up."
    )
    assert found["a tower in Penang detected the phone searching for service"][0] == "The official"
    assert found["that no other phones were picked up"][0] == "U.S. officials familiar with the investigation"


def test_a_spokesman_for_a_firm_described_before_its_name_speaks_as_described() -> None:
    cues = find_cues(
        "While the parents could not be reached for comment, a spokesman for Bridgeport law firm Koskoff, Koskoff "
        "and Bieder said that a lawyer at the firm had recently met with the parents."
    )
    assert [(c.speaker, c.kind) for c in cues] == [
        ("a spokesman for Bridgeport law firm Koskoff, Koskoff and Bieder", "role")
    ]


def test_a_name_the_article_calls_the_is_a_body_whose_it_speaks_next() -> None:
    found = _quotes(
        "Troops clashed with rebels in Damascus on Monday.\n\n"
        "The Observatory said troops shelled the central village of Qalaat al-Madiq, damaging two homes. It added "
        "that troops stormed the northern village of Ebdita and set about 60 homes on fire."
    )
    assert (
        found["troops stormed the northern village of Ebdita and set about 60 homes on fire"][0]
        == "Observatory"
    )


def test_a_ministry_and_state_television_speak_as_bodies() -> None:
    cues = find_cues('"The two parties call for a daily truce," the foreign ministry said.')
    assert [(c.speaker, c.kind) for c in cues] == [("the foreign ministry", "group")]
    cues = find_cues("Syrian state television said three gunmen were killed in the raid.")
    assert [(c.speaker, c.kind) for c in cues] == [("Syrian state television", "group")]

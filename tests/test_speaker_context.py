"""Speakers read in context: what opens a sentence, who continues a voice, who stays unnamed. Each case is one a
reader found credited wrongly in a brief of real coverage."""

from __future__ import annotations

from crosscheck.annotate import annotate_article
from crosscheck.annotate.sentences import split_paragraph
from crosscheck.annotate.speech import find_cues, mask_quotes, report_content
from tests.helpers import article


def _speakers(text: str) -> dict[str, str | None]:
    """Each quote's opening words → its speaker."""
    annotated = annotate_article(article(text))
    for quote in annotated.quotes:
        assert annotated.article.text[quote.start : quote.end] == quote.text
    return {" ".join(q.text.split()[:4]): q.speaker for q in annotated.quotes}


def test_a_participle_continues_the_voice_of_the_sentences_cue() -> None:
    speakers = _speakers(
        "Cliven Bundy spoke to reporters on Friday.\n\n"
        "Regarding the attention his remarks have received, Bundy said he won't condemn the media, adding "
        "it has led to a conversation."
    )
    assert speakers["it has led to"] == "Cliven Bundy"
    assert "Regarding" not in speakers.values()


def test_an_opening_adverb_is_no_speaker_and_the_subject_follows_its_comma() -> None:
    speakers = _speakers(
        "Cliven Bundy spoke to reporters on Friday.\n\n"
        "Earlier on Thursday, Bundy tried to clarify his comments on race, saying that he was just wondering."
    )
    assert speakers["he was just wondering"] == "Cliven Bundy"
    cues = find_cues("Also revealed was the handwritten text of the prosecutor's opening statement.")
    assert all(cue.speaker != "Also" for cue in cues)


def test_a_pronoun_after_an_opening_phrase_naming_someone_else_is_the_sentences_subject() -> None:
    speakers = _speakers(
        'Party chairman Reince Priebus said the words were "beyond the pale."\n\n'
        "On Thursday, in an exclusive interview with CNN's Bill Weir, Cliven Bundy was asked to elaborate on "
        'his remarks. He explained he had been simply "wondering whether they are better off now."'
    )
    assert speakers["he had been simply"] == "Cliven Bundy"


def test_a_description_of_someone_unnamed_is_not_the_person_named_before() -> None:
    speakers = _speakers(
        "Alan Dershowitz said on Monday that the case was weak.\n\n"
        '"It\'s just bad judgment on his part," said the lawyer, who asked not to be named.'
    )
    assert speakers["It's just bad judgment"] == "the lawyer"
    assert "not to be named" not in " ".join(speakers)


def test_a_title_and_an_institution_before_the_name_after_said() -> None:
    speakers = _speakers(
        '"It undermines the broader goals of the party," said former Republican National Committee chairman '
        "Michael Steele, referring to voters.\n\n"
        '"That is when people start talking about obstruction," said University of Texas law professor '
        "Stephen Vladeck."
    )
    assert speakers["It undermines the broader"] == "Michael Steele"
    assert speakers["That is when people"] == "Stephen Vladeck"


def test_a_contraction_is_no_person() -> None:
    speakers = _speakers(
        "Cliven Bundy wrote to his supporters on Friday.\n\n"
        "I've said before that the federal government has no claim on the land in Nevada."
    )
    assert "I've" not in speakers.values()


def test_a_participle_after_a_determiner_is_an_adjective_not_a_cue() -> None:
    for sentence in (
        "Lawmakers discussed the reported disclosure of classified information.",
        "She must not contact the alleged victim in any way.",
    ):
        assert not [cue for cue in find_cues(sentence) if cue.text in ("reported", "alleged")]


def test_two_sentences_printed_without_a_space_are_split_and_abbreviations_are_not() -> None:
    def pieces(text: str) -> list[str]:
        return [text[r.start : r.end] for r in split_paragraph(text)]

    assert pieces("They had it all wrong.The K-squad said so.") == [
        "They had it all wrong.",
        "The K-squad said so.",
    ]
    assert pieces("He moved to St.Louis and the U.S.Army paid, see news.com.") == [
        "He moved to St.Louis and the U.S.Army paid, see news.com."
    ]


def test_credits_by_a_reports_noun_a_statement_sent_a_hat_tip_and_a_contributor_note() -> None:
    from crosscheck.annotate import annotate_article as annotate

    def credited(text: str) -> list[str]:
        return [a.source for a in annotate(article(text)).attributions]

    assert credited("The disclosure followed Tuesday's report by The New York Times about the memo.") == [
        "The New York Times"
    ]
    assert credited("Spokeswoman Sarah Sanders sent a statement to CNBC saying the economy was strong.") == [
        "CNBC"
    ]
    assert credited("The deal was signed, a source tells Hollywood Life, after weeks of talks.") == [
        "Hollywood Life"
    ]
    assert credited("The man was arrested for the theft of a car [h/t OpposingViews].") == ["OpposingViews"]
    assert credited("The mayor resigned on Monday.\n\nThe Associated Press contributed to this report.") == [
        "The Associated Press"
    ]
    assert credited("He said the storm had passed and the report by officials was wrong.") == []
    assert credited("Knox spoke briefly, according to footage aired on NBC's Today programme yesterday.") == [
        "NBC's Today"
    ]
    assert credited("Bundy said the land was his, in an interview on The Peter Schiff Show.") == [
        "The Peter Schiff Show"
    ]
    assert credited("The senator, speaking on condition of anonymity, said the bill would pass.") == []
    assert credited("MSNBC is reporting that the ship was seized near Aden on Tuesday.") == ["MSNBC"]
    assert credited("Video obtained by CBS News shows the car striking the truck.") == ["CBS News"]
    # A medium or a picture agency is no report relied on.
    assert credited("The update will be delivered automatically via the Internet to all users.") == []
    assert credited("Smith runs onto the field before the game. NFL via Getty Images") == []


def test_a_dateline_a_days_possessive_and_a_lone_determiner_are_no_speakers() -> None:
    def speakers(sentence: str) -> list[str | None]:
        return [cue.speaker for cue in find_cues(sentence)]

    assert "Nepal" not in speakers(
        "KATHMANDU, Nepal (AP) — A Swiss climber who found the bodies of a mountaineer said it took days to reach them."
    )
    assert speakers("The deal is off, she said after Tuesday's reports that the talks had failed.") == [
        "she",
        None,
    ]
    assert "The" not in speakers("The reports were wrong, officials said.")


def test_he_says_after_a_chart_is_credited_is_the_person_the_sentence_opened_on() -> None:
    speakers = _speakers(
        "The band grossed more than $200 million from 350 shows, according to Billboard Boxscore.\n\n"
        'Even Anastasio is giddy. "I saw my first Dead show at the Hartford Civic Center in 1980," he says.'
    )
    assert speakers["I saw my first"] == "Anastasio"


def test_a_works_title_in_quotation_marks_is_no_quotation_but_a_chant_is() -> None:
    from crosscheck.annotate.quotes import _titled_work

    annotated = annotate_article(
        article(
            'Barack Obama said he thought "Keeping Up with the Kardashians" was a great show.\n\n'
            'Prodigy rapped on "Survival of the Fittest" in 1995, the label said.'
        )
    )
    assert not [q.text for q in annotated.quotes if q.direct]
    assert not _titled_work("THEY LOSE, WE WIN") and not _titled_work("Lock Her Up!")
    assert not _titled_work("We will Make America Great Again, and we will win")


def test_a_pronoun_inside_a_relative_clause_is_the_person_the_clause_follows() -> None:
    speakers = _speakers(
        "Cliven Bundy spoke at his ranch on Friday.\n\n"
        '"I am not a racist," Bundy said. He does not feel abandoned by Fox News host Sean Hannity, who has '
        'ripped what he called the "ignorant, racist, repugnant, despicable comments."'
    )
    assert speakers["ignorant, racist, repugnant, despicable"] == "Sean Hannity"


def test_the_widened_rules_keep_ordinary_credits() -> None:
    """Cases a code review found the first version of these rules getting wrong."""

    def speaker(sentence: str) -> list[str | None]:
        return [cue.speaker for cue in find_cues(sentence)]

    # A bare role before the name after "said", and no one spoken of after "of" or "for".
    assert _speakers('"We will cooperate fully with regulators," said spokesman John Smith.') == {
        "We will cooperate fully": "John Smith"
    }
    assert _speakers(
        "Barack Obama spoke in Phoenix on Sunday.\n\n"
        '"He was a hero to all of us," said Obama of the late senator John McCain.'
    ) == {"He was a hero": "Barack Obama"}
    assert (
        "Paul Manafort"
        not in _speakers(
            '"He will fight these charges in court," said lawyers for former campaign chairman Paul Manafort.'
        ).values()
    )
    # A participle is not voiced by a credit or by a cue inside an opening subordinate clause.
    assert (
        speaker("When reporters asked about the deal, Trump walked away, saying it was fake news.")[-1]
        == "Trump"
    )
    assert (
        speaker(
            "Officials said the firm broke the law, according to the filing, adding that fines were likely."
        )[-1]
        == "Officials"
    )
    # A name after an opening adverb stands when nothing after a comma replaces it; openers do not recurse forever.
    assert speaker("Later Smith left the room, saying he was tired.") == ["Smith"]
    assert speaker("Earlier, " * 1000 + "the cat left, saying nothing.") == [None]
    # Company names that open with an opener's word, a first name ending in -ly, a non-ASCII capital.
    assert speaker("Under Armour said Tuesday that sales fell.") == ["Under Armour"]
    assert _speakers(
        "Maria Lopez was taken to the hospital on Sunday.\n\n"
        'Emily Thompson, a nurse at the hospital, arrived at 6 a.m. "It was chaos from the moment I walked in," '
        "she said."
    ) == {"It was chaos from": "Emily Thompson"}
    assert _speakers(
        'Álvaro Uribe spoke in Bogota on Monday.\n\n"We will not negotiate with terrorists," Uribe said.'
    ) == {"We will not negotiate": "Álvaro Uribe"}
    # Speaking publicly is no anonymity; a chant in title case is still voiced.
    assert _speakers(
        "Gov. Andrew Cuomo held a news conference on Monday in Albany.\n\n"
        '"I did nothing wrong and I will not resign," said the governor, who spoke publicly for the first time.'
    ) == {"I did nothing wrong": "Andrew Cuomo"}
    assert "Black Lives Matter" in _speakers(
        "Hundreds marched through the city on Saturday with the organiser, Tamika Mallory.\n\n"
        '"Black Lives Matter," Mallory chanted as the march passed City Hall.'
    )


def test_an_investigation_is_no_credit_and_a_web_address_no_sentence_break() -> None:
    assert not annotate_article(
        article("The shooting is under investigation by the Texas Rangers.")
    ).attributions
    text = "Donations can be made at www.Facebook.com/SaveTheZoo until Friday, or at Medium.Com."
    assert len(split_paragraph(text)) == 1


def test_a_quotation_a_double_mark_opens_and_two_apostrophes_close_ends_there() -> None:
    speakers = _speakers(
        "Protesters marched through Athens for a week.\n\n"
        "\"In the end, the violence that we use is minimal, '' said Giorgos Kyrtsos, a publisher. "
        "\"We are entering a long period of crisis, '' said Nikitas Kaklamanis, the mayor."
    )
    assert speakers == {
        "In the end, the": "Giorgos Kyrtsos",
        "We are entering a": "Nikitas Kaklamanis",
    }
    assert mask_quotes("\"No comment, '' he said.") == "\"__ ________ '' he said."


def test_an_organisation_before_the_role_before_a_name_opens_the_sentence_on_that_person() -> None:
    speakers = _speakers(
        '"We have issues we need to work through as a country," Colin Kaepernick said last week.\n\n'
        "NWSL Commissioner Jeff Plush attended the match on Friday. "
        '"I would have preferred an honest dialogue," he said.'
    )
    assert speakers["I would have preferred"] == "Jeff Plush"


def test_a_spokesman_and_an_officer_picked_out_by_a_clause_are_credited_as_described() -> None:
    assert _speakers(
        "The MV Gibe sent a distress call on Saturday.\n\n"
        '"Nine assault rifles were seized," the Navy spokesman said.'
    ) == {"Nine assault rifles were": "the Navy spokesman"}
    speakers = _speakers(
        "Police killed 15-year-old Alexis Grigoropoulos on Saturday.\n\n"
        "The officer who fired the shot says he killed the boy accidentally in self-defence."
    )
    assert "Alexis Grigoropoulos" not in speakers.values()


def test_the_second_reviews_cases_keep_places_agencies_inch_marks_and_named_spokesmen() -> None:
    """Cases a code review found the second round of these rules getting wrong."""
    from crosscheck.annotate import annotate_article as annotate

    def credited(text: str) -> list[str]:
        return [a.source for a in annotate(article(text)).attributions]

    assert credited("McCain, speaking on Capitol Hill on Tuesday, said the vote would fail.") == []
    assert credited("Cruz, speaking on the Senate floor, said the bill was dead.") == []
    assert credited("The records were obtained by the Justice Department in 2015.") == []
    assert credited("The attack killed 12 soldiers, according to the Pentagon.") == ["The Pentagon"]
    # Two apostrophes close a straight double mark only where a wire puts them, never as an inch mark.
    assert _speakers(
        "The city inspected the deck on Monday.\n\n"
        "\"The 2''x4'' boards were rotten through,\" inspector Mike Brown said. Repairs begin Friday."
    ) == {"The 2''x4'' boards were": "Mike Brown"}
    assert (
        _speakers(
            "The Knicks signed a new center on Monday.\n\n“He is 6'10'' and he can really move,” coach Mike Brown said."
        )["He is 6'10'' and"]
        == "Mike Brown"
    )
    # A spokesman the article described by name is that person.
    assert _speakers(
        "John Kirby, a spokesman for the Navy, spoke on Monday.\n\n"
        '"Nine assault rifles were seized," the spokesman said.'
    ) == {"Nine assault rifles were": "John Kirby"}
    # A nationality before an organisation's name makes no person of it: the organisation speaks, and stays out
    # of the article's person map.
    observatory = annotate(
        article(
            'A fire broke out at the plant on Monday.\n\n"The strike killed 40 civilians," Syrian Observatory said.'
        )
    )
    assert [q.speaker for q in observatory.quotes if q.direct] == ["Syrian Observatory"]
    assert not observatory.speakers


def test_a_quotation_in_text_printed_without_paragraphs_ends_where_the_next_one_opens() -> None:
    """Dumps often flatten an article into one paragraph. A quotation running over two paragraphs then has no
    closing mark before the next paragraph's opening one, and pairing marks in order had turned the narration
    between two later quotations into a quotation."""
    text = (
        "Microsoft issued a temporary fix on Friday. "
        "\"It will provide full protection until an update is available. It won't require a reboot. "
        '"This fix will be available for everyone within days, " she added. '
        "Microsoft usually pushes out security patches on the second Tuesday of every month. "
        'It is not clear what the "fix it" is.'
    )
    annotated = annotate_article(article(text))
    quoted = [annotated.article.text[q.start : q.end] for q in annotated.quotes if q.direct]
    assert not any("second Tuesday" in q for q in quoted)
    assert any(q.startswith("This fix will be available") for q in quoted)
    assert "second Tuesday" in mask_quotes(text)
    # A closing mark after a sentence's end, with a space before the next word, still closes.
    assert mask_quotes('"I came. " He left. "I saw."') == '"_ _____ " He left. "_ ____"'


def test_two_apostrophes_after_a_space_close_a_quotation_in_tokenised_text() -> None:
    text = (
        "Fire crews fought the blaze for hours. Police are treating it as \"potentially suspicious '' . "
        "Roads in the area were closed until Saturday, a spokeswoman said. "
        "The \"zero day '' exploit let criminals take over computers."
    )
    masked = mask_quotes(text)
    assert "Roads in the area were closed" in masked
    assert "exploit let criminals" in masked
    assert "potentially" not in masked
    quoted = [q.text for q in annotate_article(article(text)).quotes if q.direct]
    assert not any("Roads" in q for q in quoted)
    # An inch mark, with no space before it, still closes nothing.
    assert "boards were" not in mask_quotes("\"The 2''x4'' boards were rotten,\" he said.")


def test_a_speaker_keeps_no_trailing_day_no_predicate_and_no_opening_word() -> None:
    text = (
        "The Democratic National Committee sued the Trump campaign on Friday.\n\n"
        "In a statement, Protect Democracy on Friday noted that the new lawsuit draws on the same set of facts "
        "as its own earlier case.\n\n"
        "The president, who has long denied allegations of collusion, has repeatedly attacked the special "
        "counsel investigation this week.\n\n"
        "Few in Israel said they expected the presentation to change the decision.\n\n"
        "Sterling said the team would appeal the ruling next week."
    )
    speakers = set(_speakers(text).values())
    assert "Protect Democracy" in speakers
    assert "Sterling" in speakers  # a name in -ing is still a name
    assert not speakers & {"Protect Democracy on Friday", "has long", "Few"}


def test_a_credit_keeps_no_day_after_the_outlet_and_a_post_via_social_media_is_no_credit() -> None:
    def credited(text: str) -> list[str]:
        return [a.source for a in annotate_article(article(text)).attributions]

    assert credited("Comey told MSNBC Thursday night that the president was focused on the dossier.") == [
        "MSNBC"
    ]
    assert credited("The minister told The Mail on Sunday that the plan would go ahead.") == [
        "The Mail on Sunday"
    ]
    assert credited("WikiLeaks fired back hours later via Twitter, calling the suit a publicity stunt.") == []


def test_someones_words_as_a_subject_stand_for_them_and_a_pronoun_found_for_no_one_is_no_name() -> None:
    speakers = _speakers(
        "President Donald Trump met Shinzo Abe on Tuesday.\n\n"
        "Mr. Trump's comments suggested he backed that effort.\n\n"
        '"They do have my blessing to discuss the end of the war," he said.\n\n'
        "North Korea's state agency published the statement on Saturday. It also said the North would "
        '"shut down a nuclear test site in the country\'s northern side."'
    )
    assert speakers["They do have my"] == "Trump"
    assert "Mr. Trump's comments" not in speakers.values()
    assert "It" not in speakers.values()


def test_a_full_name_set_beside_the_family_name_alone_is_someone_else() -> None:
    speakers = _speakers(
        "President Trump and Melania Trump, the first lady, welcomed President Emmanuel Macron of France to the "
        "White House on Tuesday.\n\n"
        '"We have to make him perfect," Mr. Trump said.\n\n'
        'Salah Ali, the baby\'s grandfather, spoke outside. "That was my grandchild," Ali said.'
    )
    assert speakers["We have to make"] == "Trump"
    assert speakers["That was my grandchild"] == "Salah Ali"


def test_a_pronoun_after_a_quotation_is_not_a_name_inside_it() -> None:
    speakers = _speakers(
        "Trump acknowledged the meeting in a Wednesday morning tweet. "
        '"Mike Pompeo met with Kim Jong Un in North Korea last week. Meeting went very smoothly," he tweeted.'
    )
    assert speakers["Mike Pompeo met with"] != "Mike Pompeo"


def test_a_body_named_after_a_person_speaks_as_the_body() -> None:
    speakers = _speakers(
        "President Donald Trump met European leaders on Monday.\n\n"
        "WASHINGTON — The Trump administration said on Monday that it would delay a decision on steel tariffs "
        "for another 30 days.\n\n"
        "The Trump campaign is seeking to dismiss that case, arguing in court filings that it threatens to "
        "interfere with the election.\n\n"
        '"We will win this case in court," the Trump campaign said on Friday.\n\n'
        "Mr. Flynn has since pleaded guilty to lying to the F.B.I. about those conversations."
    )
    assert speakers["it would delay a"] == "The Trump administration"
    assert speakers["it threatens to interfere"] == "The Trump campaign"
    assert speakers["We will win this"] == "the Trump campaign"
    # Words run on after a name are still that person.
    assert speakers["guilty to lying to"] == "Flynn"


def test_it_is_the_body_that_spoke_last_in_the_paragraph_or_the_one_before() -> None:
    speakers = _speakers(
        "The European Commission said it regretted the decision.\n\n"
        '"The EU should be fully and permanently exempted from these measures," it said in a statement.\n\n'
        "The lawsuit alleges that Russia found a partner in the campaign. It says representatives of the three "
        "groups remained in contact.\n\n"
        "TEL AVIV (Reuters) - Israel presented on Monday what it said was evidence that Iran had continued "
        "gathering nuclear knowledge.\n\n"
        "In a separate trade battle with China, the United States has threatened tariffs on Chinese goods in "
        "retaliation for what it argues are Beijing's unfair trade practices."
    )
    assert speakers["The EU should be"] == "European Commission"
    assert speakers["representatives of the three"] == "The lawsuit"
    # A country named before it in the same sentence is nearer.
    assert speakers["was evidence that Iran"] == "Israel"
    assert speakers["are Beijing's unfair trade"] == "the United States"


def test_a_document_states_and_according_to_a_body_speaks() -> None:
    speakers = _speakers(
        "The Democratic National Committee filed a lawsuit on Friday.\n\n"
        '"The conspiracy constituted an act of previously unimaginable treachery," the suit states.\n\n'
        'Russia was a "major component of the Russian interference campaign," according to the DNC.\n\n'
        "Voters in swing states said the lawsuit was a distraction.\n\n"
        "Rather than report it, \u201cthe Trump campaign and its agents gleefully welcomed Russia's help, \u201d "
        "the lawsuit states."
    )
    assert speakers["The conspiracy constituted an"] == "the suit"
    # A space before the closing mark still sets the cue right at the quotation.
    assert speakers["the Trump campaign and"] == "the lawsuit"
    assert speakers["major component of the"] == "the DNC"
    assert speakers["the lawsuit was a"] == "Voters in swing states"


def test_a_stray_mark_in_one_paragraph_does_not_mask_the_next() -> None:
    speakers = _speakers(
        'Labour MP David Lammy asked: "Anybody any good at making placards?\n\n'
        'Jo Swinson, the Liberal Democrat deputy leader, said the "scaled-down trip must not be met with '
        'scaled-down protests".\n\n'
        'She said: "Protesting against a man with dangerous views is our responsibility."'
    )
    assert speakers["Protesting against a man"] == "Jo Swinson"


def test_the_parse_reads_past_a_dateline_and_a_headlines_cry_is_no_speaker() -> None:
    annotated = annotate_article(
        article(
            "DESPERATION: DNC files lawsuit against Russia, Trump campaign for collusion.\n\n"
            "PALM BEACH, Fla. — President Trump began meetings with the leader of Japan on Tuesday by saying he "
            "supports talks by North and South Korea to formally end a state of war."
        )
    )
    speakers = {" ".join(q.text.split()[:3]): q.speaker for q in annotated.quotes}
    assert speakers["he supports talks"] == "Trump"
    assert not any(speaker and "PALM" in speaker.upper() for speaker in speakers.values())
    assert all(q.speaker is None for q in annotated.quotes if q.text.startswith("DNC files"))


def test_a_sources_own_words_are_no_cue_and_a_source_starts_after_its_clauses_opener() -> None:
    cues = find_cues(
        "Mike Pompeo met with Kim Jong Un over Easter weekend, according to media reports Tuesday."
    )
    assert [(c.text, c.speaker) for c in cues] == [("according to", "media reports")]
    cues = find_cues(
        "Mr. Perez said the committee decided to move ahead with a civil suit because the committee believed "
        "there was an ongoing threat."
    )
    assert [c.speaker for c in cues] == ["Mr. Perez", "the committee"]
    # A body keeps the place it is in; a person found there does not.
    assert [c.speaker for c in find_cues('"It is important," the government in Seoul said.')] == [
        "the government in Seoul"
    ]
    assert [c.speaker for c in find_cues("A diplomat in New York said it was over.")] == ["A diplomat"]
    # An organisation's name runs across "for" and "&", and where it is based only describes it.
    cues = find_cues(
        "The Washington-based Center for Strategic & International Studies said that talks would help."
    )
    assert [c.speaker for c in cues] == ["Center for Strategic & International Studies"]


def test_when_it_was_said_stands_between_the_source_and_the_comma() -> None:
    text = (
        "WASHINGTON ― Donald Trump's yearslong obsession with Barack Obama's birth is an insult to all "
        "African-Americans, top black lawmakers said Friday afternoon, as they bristled at the questions."
    )
    (cue,) = find_cues(text)
    assert [text[a:b] for a, b in report_content(text, cue)] == [
        "Donald Trump's yearslong obsession with Barack Obama's birth is an insult to all African-Americans"
    ]


def test_a_quotation_paragraph_goes_on_with_the_speaker_who_opened_the_paragraph_before() -> None:
    speakers = _speakers(
        "Britain welcomed the move.\n\n"
        'A British government spokeswoman in Washington said the extension for the EU was "positive," but the UK '
        "steel industries needed safeguarding.\n\n"
        '"We remain concerned about the impact of these tariffs on global trade and will continue to work with '
        'the EU."\n\n'
        "Malcolm Turnbull welcomed the exemption and said the country would keep working with Washington.\n\n"
        '"The exemption reflects the fair and reciprocal trade relationship Australia shares with the United '
        'States," they said in a statement.'
    )
    assert speakers["We remain concerned about"] == "A British government spokeswoman"
    # A cue of the quotation's own that names no one is not overruled by the paragraph before.
    assert speakers["The exemption reflects the"] is None


def test_the_subject_of_an_opening_subordinate_clause_is_whom_he_follows() -> None:
    speakers = _speakers(
        'President Trump met Prime Minister Shinzo Abe at Mar-a-Lago. "It\'s a great honor," Mr. Trump said.\n\n'
        "While Mr. Abe lavished praise on Mr. Trump for the sanctions campaign, he did not repeat the "
        "president's words.\n\n"
        '"Donald," he said, "you\'ve demonstrated your unwavering determination."'
    )
    assert speakers["you've demonstrated your unwavering"] == "Shinzo Abe"


def test_a_relative_clauses_report_ends_at_the_comma_before_the_main_predicate() -> None:
    annotated = annotate_article(
        article(
            "President Donald Trump spoke on Friday.\n\n"
            "The president, who has long denied allegations of collusion, has repeatedly attacked the special "
            "counsel investigation this week."
        )
    )
    reports = {q.text: q.speaker for q in annotated.quotes if q.cue == "denied"}
    assert reports == {"allegations of collusion": "Donald Trump"}


def test_a_capitalised_place_before_an_agencys_initials_is_a_dateline() -> None:
    annotated = annotate_article(
        article(
            "Washington (AFP) – US President Donald Trump has decided to push back his decision on whether to "
            "impose tariffs on steel, The Wall Street Journal reported Monday."
        )
    )
    # The agency is credited, and the place is no one's voice.
    assert "AFP" in [a.source for a in annotated.attributions]
    assert not any(q.speaker and "Washington" in q.speaker for q in annotated.quotes)


def test_what_the_speaker_then_did_not_say_is_the_writers() -> None:
    text = 'Trump said officials are reviewing "five locations" as possible meeting sites, but he did not name them.'
    (cue,) = find_cues(text)
    assert [text[a:b] for a, b in report_content(text, cue)] == [
        'officials are reviewing "five locations" as possible meeting sites'
    ]
    # A clause of the report's own after "but" stays in it.
    text = "Trump said the Democrats are weak, but they will win the House anyway."
    (cue,) = find_cues(text)
    assert [text[a:b] for a, b in report_content(text, cue)] == [
        "the Democrats are weak, but they will win the House anyway"
    ]


def test_people_a_subject_joins_by_and_speak_together_and_are_the_later_they() -> None:
    speakers = _speakers(
        "Australian Prime Minister Malcolm Turnbull and the country's Trade Minister Steven Ciobo welcomed the "
        "tariff exemption, and said the country would continue to work with Washington.\n\n"
        '"The exemption reflects the fair relationship Australia shares with the United States," they said in a '
        "statement.\n\n"
        "After reports about his lawyer, Michael Cohen, and a new book by James Comey, President Donald Trump "
        "said the talks would go ahead."
    )
    assert speakers["the country would continue"] == "Malcolm Turnbull and Steven Ciobo"
    assert speakers["The exemption reflects the"] == "Malcolm Turnbull and Steven Ciobo"
    assert speakers["the talks would go"] == "Donald Trump"
    # Whom speakers serve are not the speakers.
    cues = find_cues("Attorneys for Trump Jr., Manafort and Gates said they had no comment.")
    assert cues[0].speaker is not None
    annotated = annotate_article(
        article("Attorneys for Donald Trump Jr., Paul Manafort and Rick Gates said the suit had no merit.")
    )
    assert all(" and " not in (q.speaker or "") for q in annotated.quotes)


def test_a_title_opening_a_sentence_is_whom_the_next_he_follows() -> None:
    speakers = _speakers(
        "President Donald Trump said on Tuesday that talks with North Korea were under way.\n\n"
        'During his confirmation hearings on Thursday, Pompeo told senators that he was "optimistic" about them.\n\n'
        'The president hinted that "direct talks at very high levels" had already taken place with North Korea.\n\n'
        "He denied personally speaking to Kim via the White House press office."
    )
    assert speakers["personally speaking to Kim"] == "Donald Trump"
    # A title in an opening subordinate clause is not the subject: the chief of staff asks here, not Comey.
    speakers = _speakers(
        "F.B.I. Director James Comey met the White House chief of staff, Reince Priebus, on Friday.\n\n"
        '"I explained that the analysts agreed it was relevant," Mr. Comey wrote.\n\n'
        "Later in the conversation, Mr. Priebus asked Mr. Comey if their discussion was private. When the "
        "director replied that it was, the White House chief of staff asked whether the F.B.I. had ever "
        "wiretapped Mr. Flynn."
    )
    assert (speakers["whether the F.B.I. had"] or "").endswith("Priebus")


def test_a_family_name_opens_no_building_and_an_act_is_not_the_last_speakers() -> None:
    # Cases from a reader's check of CNN's report of the Comey memo, where "Trump" had become "Trump Tower" and
    # the FBI director's refusal the President's.
    speakers = _speakers(
        "Trump Tower was quiet on Tuesday.\n\n"
        'Trump told NBC News that the FBI director was a "showboat" whom he had planned to fire for months.\n\n'
        "But he soon came to loggerheads with Comey, when the FBI director reportedly refused to offer him a "
        "vow of loyalty.\n\n"
        "Other lawmakers, grasping the deeply serious twist the Trump crisis took on Tuesday, are also calling "
        "for full disclosure.\n\n"
        "If Trump allies fail to paint Comey as a discredited figure, the damage could be deep."
    )
    assert "Trump Tower" not in speakers.values()
    assert speakers["to offer him a"] == "the FBI director"
    assert speakers["for full disclosure"] == "Other lawmakers"
    assert speakers["Comey as a discredited"] == "Trump allies"


def test_what_no_one_said_is_no_quotation() -> None:
    speakers = _speakers(
        "The Guardian could not confirm the forum post.\n\n"
        "No other figures have said Peinovich is not Enoch, however, and the screenshot was widely shared.\n\n"
        "Nobody said the podcast would close, the group's spokesman added."
    )
    assert not any(text.startswith(("Peinovich is not", "the podcast would")) for text in speakers)


def test_a_role_beside_the_name_it_describes_is_that_person_even_for_an_act() -> None:
    speakers = _speakers(
        "Mitch McConnell met the president on Monday.\n\n"
        "Obama has had a frosty relationship with McConnell, now the Senate majority leader, who in 2010 "
        'said the most important goal was to make Obama a "one-term president."'
    )
    assert speakers["the most important goal"] == "Mitch McConnell"


def test_a_newsletter_box_left_in_a_paragraph_holds_no_ones_words() -> None:
    speakers = _speakers(
        "Republicans met on Tuesday to weigh a subpoena.\n\n"
        "Sign up here for Huddle A daily play-by-play of congressional news in your inbox. By signing up you "
        "agree to receive email newsletters or alerts from POLITICO."
    )
    assert not any("newsletters" in text for text in speakers)


def test_an_interviews_answers_are_the_interviewees_and_narration_turns_to_the_next() -> None:
    # The Washington Post's questions to Megan Rapinoe, then to her coach: every answer had come out unvoiced.
    speakers = _speakers(
        "Following the defeat on Wednesday, Megan Rapinoe responded to the club's decision to play the anthem "
        "early.\n\n"
        "What was your reaction to the early anthem?\n\n"
        "“I didn't hear it and I wasn't exactly sure why it wasn't played. It's truly unbelievable.”\n\n"
        "Teammates' reaction to your efforts?\n\n"
        "“I think they were going to show their support in some way, and many of them talked to me.”\n\n"
        "Reign coach Laura Harvey also addressed the issue.\n\n"
        "Did it cause a distraction?\n\n"
        "“I don't think it impacted the game. We were told just before we left the locker room.”"
    )
    assert speakers["I didn't hear it"] == "Megan Rapinoe"
    assert speakers["I think they were"] == "Megan Rapinoe"
    assert speakers["I don't think it"] == "Laura Harvey"


def test_a_request_for_comment_and_a_participle_after_an_adverb_are_no_speech() -> None:
    speakers = _speakers(
        "The judge sentenced Brock Turner to six months in county jail.\n\n"
        "Persky did not respond to requests for comment. Alison Crane, attorney for the defendants, also did "
        "not respond to repeated requests for comment.\n\n"
        "The widely discussed letter from the woman he assaulted will be read on the House floor."
    )
    # Who did not answer is told ("did not respond: ‹to requests for comment›"); the request is nobody's words.
    assert "for comment" not in speakers
    assert "The widely" not in speakers.values()


def test_a_role_named_in_apposition_later_is_that_person_and_another_holder_is_not_the_titled_one() -> None:
    # The Guardian on Judge Aaron Persky: the district attorney and "the original judge" had both become Persky.
    speakers = _speakers(
        "Judge Aaron Persky allowed the photographs to be shown to the jury, Persky said.\n\n"
        "Two months later, the Santa Clara County district attorney announced that she would not file criminal "
        "charges in the case.\n\n"
        '"It is about what we can prove happened," the district attorney, Dolores Carr, told the Chronicle.\n\n'
        "The original judge in the case ruled in 2010 that the defendants could stay silent."
    )
    assert speakers["she would not file"] == "Dolores Carr"
    assert speakers["that the defendants could"] == "The original judge in the case"


def test_names_in_a_relative_clause_after_the_subjects_head_are_not_who_acts() -> None:
    speakers = _speakers(
        "The judge spoke to reporters after the hearing on Tuesday.\n\n"
        "At least 10 prospective jurors who oppose Judge Aaron Persky's decision to spare former Stanford "
        "swimmer Brock Turner prison for a sex crime refused this week to serve on a jury in an unrelated case."
    )
    assert speakers.get("to serve on a") not in ("Brock Turner", "Aaron Persky")


def test_number_10_speaks_a_written_statement_is_its_writers_and_a_sister_is_no_interviewee() -> None:
    speakers = _speakers("No 10 said the prime minister had full confidence in the cabinet on Monday.")
    assert speakers["the prime minister had"] == "No 10"
    speakers = _speakers(
        "The court met on Monday to hear the case.\n\n"
        "The court released a statement written by the victim's family:\n\n"
        "“We are grateful to everyone who stood by our daughter through these long years.”"
    )
    assert speakers["We are grateful to"] != "The court"
    speakers = _speakers(
        "Megan Rapinoe said the club had not told her of the change.\n\n"
        "Her sister Rachael Rapinoe watched from the stands.\n\n"
        "What was your reaction to the early anthem?\n\n"
        "“I didn't hear it and I wasn't exactly sure why it wasn't played.”"
    )
    assert speakers["I didn't hear it"] == "Megan Rapinoe"
    speakers = _speakers(
        "The district attorney announced on Monday that she would not file criminal charges in the case.\n\n"
        '"It is about what we can prove," the former district attorney, Dolores Carr, told the Chronicle in 2011.'
    )
    assert speakers["she would not file"] != "Dolores Carr"


def test_a_determiners_noun_in_ly_is_no_adverb() -> None:
    from crosscheck.annotate.speech import find_cues

    assert [
        (c.text, c.speaker) for c in find_cues("The family confirmed that he had died in the crash.")
    ] == [("confirmed", "The family")]


def test_the_house_speaker_speaks_and_the_programme_said_on_is_not_what_was_said() -> None:
    speakers = _speakers(
        "Gingrich spoke on Sunday about the president's address.\n\n"
        '"It\'s just stunningly, breathtakingly naive," the former House speaker said on CNN\'s "State of the '
        'Union."'
    )
    assert speakers["It's just stunningly, breathtakingly"] is not None
    assert not any(text.startswith("on CNN") for text in speakers)

"""Claims across outlets: independence of sources, relays, copies, and each kind of discrepancy."""

from __future__ import annotations

from crosscheck.model import Article, Claim, Story
from crosscheck.pipeline import analyse, analyse_story
from tests.helpers import article


def claim_with(story: Story, fragment: str) -> Claim:
    found = [c for c in story.claims if any(fragment in s.text for s in c.support)]
    assert found, f"no claim supported by a span containing {fragment!r}"
    return found[0]


def aligned_texts(articles: list[Article], threshold: float | None = None) -> list[set[str]]:
    """The statements ``align_story`` groups the articles' units into, as sets of unit texts; ``threshold``
    lowers the alignment threshold, so that a test shows a rule and not the embeddings parting two units."""
    from crosscheck.align import align_story
    from crosscheck.annotate import annotate_articles
    from crosscheck.settings import get_settings

    settings = get_settings()
    if threshold is not None:
        settings = settings.model_copy(update={"align_threshold": threshold})
    return [{u.text for u in s.units} for s in align_story(annotate_articles(articles), settings)]


def test_two_outlets_relaying_one_agency_are_one_source() -> None:
    first = article(
        "Firefighters contained the warehouse fire in Lyon on Tuesday night, according to Agence France-Presse.\n\n"
        "The mayor thanked the crews.",
        outlet="Daily One",
    )
    second = article(
        "The warehouse fire in Lyon was contained by firefighters on Tuesday night, Agence France-Presse "
        "reported.\n\nSchools nearby stayed shut.",
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    claim = claim_with(story, "warehouse fire")
    assert {s.article_id for s in claim.support} == {first.id, second.id}
    assert claim.independent_sources == 1
    assert claim.status == "corroborated"
    assert [u.lower() for u in claim.upstream_sources] == ["agence france-presse"]


def test_statements_on_each_outlets_own_account_are_independent() -> None:
    first = article(
        "Firefighters contained the warehouse fire in Lyon on Tuesday night.\n\nThe mayor thanked the crews.",
        outlet="Daily One",
    )
    second = article(
        "The warehouse fire in Lyon was contained by firefighters on Tuesday night.\n\n"
        "Schools nearby stayed shut.",
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    claim = claim_with(story, "warehouse fire")
    assert claim.independent_sources == 2
    single = claim_with(story, "Schools nearby")
    assert single.status == "single_source" and len(single.support) == 1


def test_a_syndicated_copy_never_counts_as_a_source() -> None:
    text = (
        "Firefighters contained the warehouse fire in Lyon on Tuesday night after a six-hour effort.\n\n"
        "The mayor thanked the crews and said an inquiry would look at the cause of the blaze."
    )
    original = article(text, outlet="Wire Desk")
    copy = article(text, outlet="Small Town Herald")
    report = analyse([original, copy])
    assert [(g.canonical, g.copies) for g in report.duplicates] in (
        [(original.id, [copy.id])],
        [(copy.id, [original.id])],
    )
    story = report.stories[0]
    claim = claim_with(story, "warehouse fire")
    assert len(claim.support) == 2
    assert claim.independent_sources == 1


def test_quote_worded_two_ways_is_a_discrepancy_with_a_word_diff() -> None:
    first = article(
        '"We will rebuild the bridge before the end of the year, whatever it costs," said Mayor Ana Ruiz.',
        outlet="Daily One",
    )
    second = article(
        '"We will rebuild the bridge before the end of next year, whatever it costs," Ruiz said.',
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    wording = [d for d in story.discrepancies if d.kind == "quote_wording"]
    assert len(wording) == 1
    assert wording[0].diff is not None and "{+next+}" in wording[0].diff
    assert {s.article_id for s in wording[0].sides} == {first.id, second.id}
    assert "Ana Ruiz" in wording[0].explanation
    assert claim_with(story, "rebuild the bridge").status == "disputed"


def test_a_quotation_without_a_speaker_is_compared_with_the_one_speakers_near_copy() -> None:
    """One outlet names who spoke; the other prints the remark with no speaker the finder can read. Nearly the
    same words are that speaker's, and their change of wording is reported."""
    first = article(
        '"We will rebuild the bridge before the end of the year, whatever it costs," said Mayor Ana Ruiz.',
        outlet="Daily One",
    )
    second = article(
        "The council met on Monday.\n\n"
        '"We will rebuild the bridge before the end of next year, whatever it costs."',
        outlet="Daily Two",
    )
    wording = [d for d in analyse_story([first, second]).discrepancies if d.kind == "quote_wording"]
    assert len(wording) == 1 and "Ana Ruiz" in wording[0].explanation
    assert wording[0].diff is not None and "{+next+}" in wording[0].diff


def test_a_quote_changed_at_its_last_word_differs_and_one_quoted_further_does_not() -> None:
    """The shared stretch of two quotations ends before their last word when that word differs; a change
    there is still a change of wording. An outlet that quoted less of the remark changed nothing."""
    first = article(
        '"We will rebuild the barriers stronger than before," said Mayor Ana Ruiz.', outlet="Daily One"
    )
    second = article('"We will rebuild the barriers stronger than ever," Ruiz said.', outlet="Daily Two")
    third = article(
        '"We will rebuild the barriers stronger," Ruiz said, adding that the work would take a year.',
        outlet="Daily Three",
    )
    story = analyse_story([first, second, third])
    wording = [d for d in story.discrepancies if d.kind == "quote_wording"]
    assert len(wording) == 1
    assert {s.article_id for s in wording[0].sides} == {first.id, second.id}
    assert wording[0].diff is not None and "[-before-] {+ever+}" in wording[0].diff
    assert wording[0].diff.startswith("We will rebuild")  # as printed, never lowercased
    assert "'than before' against 'than ever'" in wording[0].explanation


def test_one_statement_credited_to_a_body_under_three_names_is_compared_for_wording() -> None:
    """A reader's find in three reports of the Comey memo: the White House statement, credited to "a White House
    official", to "the White House" and to "The Trump administration" (a colon's lead before a block quote),
    said "end any investigation" in two and "end an investigation" in the third, and no difference was told."""
    statement = (
        "the president has never asked Mr. Comey or anyone else to end {} investigation, including any "
        "investigation involving General Flynn"
    )
    first = article(
        f'Comey kept a memo of the meeting.\n\n"{statement.format("any")}," a White House official said.',
        outlet="Daily One",
    )
    second = article(
        f'Comey kept a memo of the meeting.\n\n"{statement.format("any")}," the White House said in a statement.',
        outlet="Daily Two",
    )
    third = article(
        "Comey kept a memo of the meeting.\n\n"
        "The Trump administration is denying the request was made, writing in an unsigned statement:\n\n"
        f"“{statement.format('an')[0].upper()}{statement.format('an')[1:]}.”",
        outlet="Daily Three",
    )
    story = analyse_story([first, second, third])
    [quote] = [q for q in story.quotes if q.article_id == third.id and q.direct]
    assert quote.speaker == "The Trump administration"
    wording = [d for d in story.discrepancies if d.kind == "quote_wording"]
    assert len(wording) == 1
    assert "'end any investigation' against 'end an investigation'" in wording[0].explanation or (
        "'end an investigation' against 'end any investigation'" in wording[0].explanation
    )


def test_a_quote_spaced_or_punctuated_differently_is_worded_the_same() -> None:
    first = article(
        '"I\'m not sure the barriers will hold through another winter storm," said Mayor Ana Ruiz.',
        outlet="Daily One",
    )
    second = article(
        '"I ’ m not sure the barriers will hold through another winter storm," Ruiz said.', outlet="Daily Two"
    )
    story = analyse_story([first, second])
    assert not [d for d in story.discrepancies if d.kind == "quote_wording"]
    # Nor is one printed in the other spelling (two reports, not one copied from the other).
    british = article(
        '"You realise just how lucky we are to have the harbour, and how much work is left," said Mayor Ana Ruiz.\n\n'
        "The council will vote on the repairs in March after a public consultation.",
        outlet="A",
    )
    american = article(
        "Storm damage to the waterfront was lighter than feared, officials said on Monday.\n\n"
        '"You realize just how lucky we are to have the harbor, and how much work is left," Ruiz said.',
        outlet="B",
    )
    story = analyse_story([british, american])
    assert [q.speaker for q in story.quotes if q.direct] == ["Ana Ruiz", "Ana Ruiz"]
    assert not [d for d in story.discrepancies if d.kind == "quote_wording"]


def test_a_differing_figure_is_found_beside_another_figure_both_share() -> None:
    first = article(
        "The river Wyre burst its banks on Tuesday, flooding 300 homes in 2 villages and closing the bridge.",
        outlet="Daily One",
    )
    second = article(
        "The river Wyre burst its banks on Tuesday, flooding 350 homes in 2 villages and closing the bridge.",
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    [number] = [d for d in story.discrepancies if d.kind == "number"]
    assert "300 homes" in number.explanation and "350 homes" in number.explanation
    assert claim_with(story, "burst its banks").status == "disputed"


def test_what_a_syndicated_copy_alone_printed_is_its_own_outlets() -> None:
    """A copy speaks with its original's voice, but the lines it added are the copy's outlet's, and the text
    both print is carried by two outlets from one source."""
    shared = "The river Wyre burst its banks in Riverton on Tuesday, the council said in a statement on its website."
    original = article(f"{shared}\n\nSchools will stay shut until Friday.", outlet="Northfield Post")
    copy = article(f"{shared}\n\nForecasters expect more rain.", outlet="Valley Echo")
    report = analyse([original, copy])
    assert report.duplicates, "the two reports share nearly all their text: a copy with a line added"
    story = report.stories[0]
    assert claim_with(story, "Forecasters").outlets == ["Valley Echo"]
    both = claim_with(story, "burst its banks")
    assert both.outlets == ["Northfield Post", "Valley Echo"] and both.independent_sources == 1


def test_increment_against_level_is_a_framing_discrepancy() -> None:
    first = article(
        "The factory has hired an additional 500 workers since the spring, the company said.", outlet="A"
    )
    second = article(
        "Staff at the factory has doubled to 500 workers since the spring, the company said.", outlet="B"
    )
    story = analyse_story([first, second])
    framing = [d for d in story.discrepancies if d.kind == "number_framing"]
    assert framing and "250" in framing[0].explanation  # doubled to 500: about 250 before


def test_negation_and_dates_are_caught_in_aligned_statements() -> None:
    first = article(
        "The minister confirmed on Tuesday that the new rail line will open in March 2025.", outlet="A"
    )
    second = article(
        "The minister confirmed on Wednesday that the new rail line will not open in March 2025.", outlet="B"
    )
    story = analyse_story([first, second])
    kinds = {d.kind for d in story.discrepancies}
    assert {"negation", "date"} <= kinds


def test_unrelated_sentences_of_one_story_do_not_align() -> None:
    first = article(
        "The warehouse fire in Lyon was contained on Tuesday night.\n\n"
        "The city's football club won its match on Sunday.",
        outlet="A",
    )
    second = article(
        "Firefighters contained the Lyon warehouse fire on Tuesday night.\n\n"
        "Bakeries in the old town reported record sales of pastries.",
        outlet="B",
    )
    story = analyse_story([first, second])
    assert claim_with(story, "football").status == "single_source"
    assert claim_with(story, "Bakeries").status == "single_source"


def test_wire_datelines_make_reworded_agency_copies_one_source() -> None:
    first = article("DENVER (AP) — The city will close three libraries next month to save money, officials confirmed.\n\n"
                    "A public meeting is planned for Thursday.", outlet="Mountain Daily")  # fmt: skip
    second = article("DENVER (Associated Press) — Three libraries in the city will close next month to save money.\n\n"
                     "Parents have started a petition.", outlet="Plains Herald")  # fmt: skip
    story = analyse_story([first, second])
    claim = claim_with(story, "libraries")
    assert len(claim.support) == 2
    assert claim.independent_sources == 1
    assert claim.origins == ["associated press"]


def test_an_outlets_own_report_and_another_outlets_credit_to_it_are_one_source() -> None:
    agency = article(
        "About 300 homes were evacuated in Brod on Tuesday as the river rose.\n\nThe mayor visited the shelters.",
        outlet="reuters.com",
    )
    relay = article(
        "Around 300 homes were evacuated in Brod on Tuesday as the river rose, according to Reuters.\n\n"
        "Schools stayed shut.",
        outlet="Daily Two",
    )
    claim = claim_with(analyse_story([agency, relay]), "homes were evacuated")
    assert len(claim.support) == 2
    assert claim.origins == ["reuters"] and claim.independent_sources == 1


def test_two_outlets_reporting_one_bodys_statement_rest_on_that_body() -> None:
    first = article(
        "The regional government said it would release 5 million euros in emergency aid for Brod.",
        outlet="Daily One",
    )
    second = article(
        "The regional government said it would release 5 million euros of emergency aid to Brod.",
        outlet="Daily Two",
    )
    claim = claim_with(analyse_story([first, second]), "emergency aid")
    assert claim.independent_sources == 1 and claim.origins == ["regional government"]


def test_a_difference_is_told_once_per_pair_of_voices_naming_the_outlets_it_cites() -> None:
    """Syndicated copies of one report repeat its figures: a difference with another outlet is told once, not
    once per copy, and a copy is never set against its own original."""
    wire = (
        "Heavy rain caused the Sava river to burst its banks on Tuesday, killing 12 people in Brod, officials "
        "said.\n\nRescue teams searched the flooded streets of the old town through the night."
    )
    original = article(wire, outlet="Wire Desk", published="2024-05-07T09:00:00Z")
    copies = [
        article(wire, outlet=name, published="2024-05-07T12:00:00Z")
        for name in ("Town Herald", "Valley Post")
    ]
    other = article(
        "Heavy rain caused the Sava river to burst its banks on Tuesday, killing 14 people in Brod, police "
        "said.\n\nThe mayor asked residents to stay away from the river.",
        outlet="Daily Two",
        published="2024-05-07T10:00:00Z",
    )
    report = analyse([original, *copies, other])
    (story,) = report.stories
    numbers = [d for d in story.discrepancies if d.kind == "number"]
    assert len(numbers) == 1
    (difference,) = numbers
    cited = {s.article_id for s in difference.sides}
    assert cited == {original.id, other.id}
    assert difference.explanation == "Wire Desk gives 12 people; Daily Two gives 14 people." or (
        difference.explanation == "Daily Two gives 14 people; Wire Desk gives 12 people."
    )
    assert not [d for d in story.discrepancies if d.kind == "date"]


def test_two_outlets_whose_addresses_share_a_name_stay_two_sources() -> None:
    """A web address alone is no name: independent.co.uk and independent.ie are two outlets, unless the story
    credits an "Independent" both could be."""
    first = article(
        "The bridge over the Liffey will close for repairs on Monday for two weeks.\n\nBuses will be diverted.",
        outlet="independent.ie",
    )
    second = article(
        "The bridge over the Liffey will be closed for repairs from Monday for two weeks.\n\n"
        "Traffic is expected to be heavy.",
        outlet="independent.co.uk",
    )
    claim = claim_with(analyse_story([first, second]), "Liffey")
    assert len(claim.support) == 2 and claim.independent_sources == 2
    assert claim.origins == ["independent co uk", "independent ie"]


def test_two_days_or_counts_of_different_events_are_no_discrepancy() -> None:
    """A date or a count differs only when it fills the same place in much the same statement: the day of a
    shooting and the day of an arraignment, or the dead and the injured, are two facts."""
    first = article(
        "A gunman shot three people at an office building in Troy on Monday, police said.\n\n"
        "A bus crashed on an Alpine pass on Friday, killing 12 people, police said.",
        outlet="Daily One",
    )
    second = article(
        "The man who shot three people at an office building in Troy was arraigned on Wednesday, police said.\n\n"
        "Police said 15 people were injured when a bus went off the road on an Alpine pass on Friday.",
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    assert not [d for d in story.discrepancies if d.kind in ("date", "number")]


def test_the_same_place_told_two_ways_is_a_discrepancy_and_a_contraction_is_no_negation() -> None:
    first = article(
        "Heavy rain burst the river's banks on Tuesday, killing 12 people in the town of Brod.\n\n"
        "Police could not say how many cars were on the bridge when it collapsed.",
        outlet="Daily One",
    )
    second = article(
        "Heavy rain burst the river's banks on Wednesday, killing 14 people in the town of Brod.\n\n"
        "Police couldn't say how many cars were on the bridge when it collapsed.",
        outlet="Daily Two",
    )
    kinds = sorted(d.kind for d in analyse_story([first, second]).discrepancies)
    assert kinds == ["date", "number"]


def test_one_origin_named_two_ways_is_counted_once_and_it_names_no_one() -> None:
    first = article(
        "Three people were stabbed near the station on Saturday night, police said.", outlet="Daily One"
    )
    second = article(
        "Three people were stabbed near the station on Saturday night, Police said.", outlet="Daily Two"
    )
    claim = claim_with(analyse_story([first, second]), "stabbed")
    assert claim.origins == ["police"] and claim.independent_sources == 1
    third = article("The council will close the bridge for repairs in May, it said.", outlet="Daily One")
    fourth = article("The bridge is to be closed by the council for repairs in May.", outlet="Daily Two")
    claim = claim_with(analyse_story([third, fourth]), "bridge")
    assert "it" not in claim.origins and claim.independent_sources == 2


def test_a_copy_that_changed_a_name_differs_from_its_original() -> None:
    """A syndicated copy is folded into its original as a source, but an edit it made is still a difference."""
    body = (
        "Mayor {} said on Monday that the town would rebuild the bridge over the river before winter, after "
        "engineers found cracks in two of its three supports.\n\nThe council will meet on Thursday to approve "
        "the money for the repairs, which are expected to cost about 2 million euros."
    )
    original = article(body.format("John Whitaker"), outlet="Wire Desk", published="2024-05-07T09:00:00Z")
    copy = article(body.format("James Whitaker"), outlet="Town Herald", published="2024-05-07T12:00:00Z")
    report = analyse([original, copy])
    assert [(g.canonical, g.copies) for g in report.duplicates] == [(original.id, [copy.id])]
    (story,) = report.stories
    names = [d for d in story.discrepancies if d.kind == "entity"]
    assert len(names) == 1 and {s.article_id for s in names[0].sides} == {original.id, copy.id}
    assert "Wire Desk" in names[0].explanation and "Town Herald" in names[0].explanation
    # A first name shortened is the same name.
    shortened_name = article(
        body.format("Jon Whitaker"), outlet="Town Herald", published="2024-05-07T12:00:00Z"
    )
    jonathan = article(body.format("Jonathan Whitaker"), outlet="Wire Desk", published="2024-05-07T09:00:00Z")
    assert not [d for d in analyse([jonathan, shortened_name]).stories[0].discrepancies if d.kind == "entity"]


def test_a_negation_names_the_outlet_that_denies() -> None:
    first = article(
        "Transport Minister Paul Reed resigned on Wednesday after reports that he had misused public funds.",
        outlet="Daily Courier",
    )
    second = article(
        "Transport Minister Paul Reed did not resign on Wednesday despite reports that he had misused funds.",
        outlet="Evening Post",
    )
    [negation] = [d for d in analyse_story([first, second]).discrepancies if d.kind == "negation"]
    # What is denied, as each outlet words it.
    assert (
        negation.explanation
        == "Evening Post says 'Reed did not resign on' where Daily Courier says 'Reed resigned on'."
    )
    # "Failed to return" denies as "did not return" does.
    third = article(
        "Two men went into the water near the harbour to swim, but did not return to the beach on Sunday.",
        outlet="Daily Courier",
    )
    fourth = article(
        "Two men went into the water near the harbour to swim, but failed to return to the beach on Sunday.",
        outlet="Evening Post",
    )
    assert not [d for d in analyse_story([third, fourth]).discrepancies if d.kind == "negation"]
    # Two denying verbs, or one against another verb, are wording, not a negation.
    for left, right in (("refused", "declined"), ("failed", "stalled")):
        bill = "The bill to fund the bridge over the river {} in the state senate on Tuesday."
        pair = [
            article(bill.format(left), outlet="Daily Courier"),
            article(bill.format(right), outlet="Evening Post"),
        ]
        assert not [d for d in analyse_story(pair).discrepancies if d.kind == "negation"]


def test_a_pair_past_the_threshold_on_names_alone_is_not_confirmed() -> None:
    """Two statements sharing a story's names pass the threshold on their cosine and shared terms; unless their
    words agree too, they stay apart. A pair whose words stand in order in each other is confirmed."""
    import numpy as np

    from crosscheck.align import Unit, _part_unconfirmed
    from crosscheck.settings import get_settings

    texts = [
        "As Stone wins best actress, last year's winner watches from her seat in the stalls.",
        "Stone told reporters backstage that it was amazing to hear Harbour Lights named at all.",
        "Stone told reporters backstage that it was amazing to hear Harbour Lights named.",
    ]
    units = [Unit(str(n), 0, 0, len(t), t) for n, t in enumerate(texts)]
    cosine = np.array([[1.0, 0.5, 0.5], [0.5, 1.0, 0.5], [0.5, 0.5, 1.0]], dtype=np.float32)
    specificity = np.full((3, 3), 9.0, dtype=np.float32)
    score = cosine + 0.3 * np.minimum(specificity, 10.0) / 10.0  # 0.77: past the threshold of 0.75
    _part_unconfirmed(score, cosine, specificity, units, np.arange(3), get_settings())
    assert score[0, 1] < 0 and score[0, 2] < 0  # names and a subject shared, nothing stated alike
    assert score[1, 2] >= get_settings().align_threshold  # the same words in order


def test_a_subhead_is_no_statement() -> None:
    """A live blog's subheads ("A Harbour Lights reunion") share the story's names with every sentence about
    them, and two outlets' subheads and sentences were joined as claims."""
    from crosscheck.align import statement_units
    from crosscheck.annotate import annotate_articles

    blog = article(
        "The ceremony opened with a song from the Harbour Lights cast.\n\n"
        "A Harbour Lights reunion\n\n"
        "The cast of Harbour Lights gathered backstage after the show to greet the winners.",
        outlet="A",
    )
    [annotated] = annotate_articles([blog])
    texts = [unit.text for unit in statement_units(annotated)]
    assert "A Harbour Lights reunion" not in texts and len(texts) == 2


def test_a_live_blogs_time_stamp_is_no_statement() -> None:
    """ "3:30 p.m." heads an entry of a wire's live blog; its four tokens passed as a claim of its own."""
    from crosscheck.align import states_something

    assert not states_something("3:30 p.m.") and not states_something("10 a.m. ET")
    assert states_something("He said roads were slippery.")
    # A figure is a statement's content: the number check compares such claims.
    assert states_something("Turnout was 64%.") and states_something("Biden 306, Trump 232.")


def test_a_relative_clause_runs_past_the_commas_of_figures_and_dates() -> None:
    """The clause ", which employs 4,000 people," ended at the comma inside the figure, leaving a statement
    "000 people in Germany, will close…"."""
    from crosscheck.align import statement_units
    from crosscheck.annotate import annotate_articles

    veltron = article(
        "Veltron, which employs 4,000 people in Germany, will close its Dresden plant next year.\n\n"
        "The vote, which is scheduled for December 15, 2013, will decide the new districts.",
        outlet="A",
    )
    [annotated] = annotate_articles([veltron])
    texts = [unit.text for unit in statement_units(annotated)]
    assert "which employs 4,000 people in Germany" in texts
    assert "which is scheduled for December 15, 2013" in texts
    assert not any(text.startswith(("000", "2013")) for text in texts)


def test_a_person_credited_by_surname_is_one_origin_with_the_full_name() -> None:
    """One statement of Sylvester Stallone, quoted by two outlets ("Stallone said in a statement" against
    "he said in a statement"), rests on one person, not on "stallone" and "sylvester stallone"."""
    first = article(
        '"I am incredibly flattered to have been suggested to be involved with the arts council," Stallone said '
        "in a statement late Sunday.",
        outlet="Daily One",
    )
    second = article(
        "Sylvester Stallone said on Sunday that he was not interested in the arts role.\n\n"
        "“I am incredibly flattered to have been suggested to be involved with the arts council,” he said in a "
        "statement.",
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    claim = claim_with(story, "incredibly flattered")
    assert claim.origins == ["sylvester stallone"] and claim.independent_sources == 1


def test_a_count_written_out_differs_from_another_and_agrees_with_its_figure() -> None:
    def report(injured: str, outlet: str, extra: str) -> Article:
        return article(
            f"The quake struck the island on Sunday, injuring {injured} people and damaging buildings.\n\n{extra}",
            outlet=outlet,
        )

    five = report("five", "The Ledger", "Rescue teams searched the villages overnight.")
    two = report("two", "The Courier", "Officials said schools would reopen on Wednesday.")
    [number] = [d for d in analyse_story([five, two]).discrepancies if d.kind == "number"]
    assert "five people" in number.explanation and "two people" in number.explanation
    figure = report("5", "The Courier", "Officials said schools would reopen on Wednesday.")
    assert not [d for d in analyse_story([five, figure]).discrepancies if d.kind == "number"]


def test_the_same_event_at_another_time_of_day_is_a_date_discrepancy() -> None:
    ledger = article(
        "The quake struck the island at 5:06 p.m. local time on Sunday, the seismological centre said.\n\n"
        "Rescue teams searched the villages overnight.",
        outlet="The Ledger",
    )
    courier = article(
        "Officials said schools would reopen on Wednesday.\n\n"
        "The quake struck the island at 5:11 p.m. local time on Sunday, the seismological centre said.",
        outlet="The Courier",
    )
    [when] = [d for d in analyse_story([ledger, courier]).discrepancies if d.kind == "date"]
    assert "5:06 p.m." in when.explanation and "5:11 p.m." in when.explanation
    assert not when.explanation.endswith("..")
    # The same time written another way is no difference.
    courier_24h = article(courier.text.replace("5:11 p.m.", "17:06"), outlet="The Courier")
    assert not [d for d in analyse_story([ledger, courier_24h]).discrepancies if d.kind == "date"]


def test_a_sentence_aligning_with_one_member_of_a_claim_only_does_not_support_it() -> None:
    # The second outlet's sentence carries both facts; the third states only the homes. Joined through the
    # second, the third would be cited for the deaths it never mentions.
    deaths = "The earthquake killed 12 people in the town of Bam on Tuesday."
    both = "The earthquake in Bam on Tuesday killed 12 people and destroyed 300 homes."
    homes = "Rescuers said 300 homes were destroyed in Bam."
    articles = [
        article(deaths + "\n\nThe mayor thanked the crews.", outlet="Daily One"),
        article(both + "\n\nSchools stayed shut.", outlet="Daily Two"),
        article(homes + "\n\nAid arrived later.", outlet="Daily Three"),
    ]
    texts = aligned_texts(articles)
    assert {deaths, both} in texts
    assert {homes} in texts


def test_two_people_of_one_family_name_keep_their_own_words_across_the_story() -> None:
    first = article(
        "Areej Ali, a baby of six weeks, died on Monday in a lift shaft in Brooklyn.\n\n"
        "“That was my grandchild,” said Salah Ali, her grandfather, outside the building.",
        outlet="Daily One",
    )
    second = article(
        "Areej Ali Hassan, six weeks old, died on Monday after falling down a lift shaft in Brooklyn.\n\n"
        "“It breaks my heart,” Salah Ali told reporters at the scene.\n\n"
        "Donald J. Trump called the family on Tuesday. “We are praying for them,” Trump said.",
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    speakers = {q.text: q.speaker for q in story.quotes}
    assert speakers["That was my grandchild"] == "Salah Ali"
    assert speakers["It breaks my heart"] == "Salah Ali"
    assert speakers["We are praying for them"] == "Donald J. Trump"


def test_a_long_sentence_two_outlets_print_word_for_word_is_one_source() -> None:
    wire = (
        "United Airlines also planned to operate a full schedule at its hubs in Chicago and Denver on Tuesday "
        "after the storm moved east."
    )
    first = article(wire + "\n\nThe mayor thanked the crews.", outlet="Daily One")
    second = article(wire.replace("also planned", "planned") + "\n\nSchools stayed shut.", outlet="Daily Two")
    claim = claim_with(analyse_story([first, second]), "United Airlines")
    assert claim.status == "corroborated" and claim.independent_sources == 1
    # Told in each outlet's own words, the same fact has two sources.
    third = article(
        "United said it would fly its full schedule from Chicago and Denver on Tuesday once the storm moved on.",
        outlet="Daily Three",
    )
    claim = claim_with(analyse_story([first, third]), "United")
    assert claim.independent_sources == 2


def test_words_one_outlet_cut_from_a_quotation_with_an_ellipsis_are_no_wording_discrepancy() -> None:
    lead = "Mayor Ana Ruiz spoke on Monday.\n\n"
    first = article(
        lead
        + '"We see tragedies... where families lose everything, and it very seldom happens here," Ruiz said.',
        outlet="Daily One",
    )
    second = article(
        lead
        + '"We see tragedies like the one involved where families lose everything, and it seldom happens '
        'here," Ruiz said.',
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    [wording] = [d for d in story.discrepancies if d.kind == "quote_wording"]
    assert "'it very seldom' against 'it seldom'" in wording.explanation
    assert "involved" not in wording.explanation


def test_one_quotation_credited_to_two_people_is_a_difference_and_not_confirmed() -> None:
    lead = "Juan Rodriguez and Maria Vasiliades live in Queens.\n\n"
    words = '"You know how things are with the new rules now, nobody wants to talk,"'
    first = article(lead + words + " Rodriguez told the paper.", outlet="Daily One")
    second = article(lead + words + " Vasiliades said.", outlet="Daily Two")
    story = analyse_story([first, second])
    [credit] = [d for d in story.discrepancies if d.kind == "entity"]
    assert "to Juan Rodriguez" in credit.explanation and "to Maria Vasiliades" in credit.explanation
    assert claim_with(story, "nobody wants to talk").status == "disputed"
    # Two people credited together, or a speaker only inferred ("he said"), is no dispute between outlets.
    third = article(lead + words + " Rodriguez and Vasiliades said.", outlet="Daily Three")
    assert not [d for d in analyse_story([first, third]).discrepancies if d.kind == "entity"]
    fourth = article(lead + words + " A spokesperson for Vasiliades told the paper.", outlet="Daily Four")
    assert not [d for d in analyse_story([first, fourth]).discrepancies if d.kind == "entity"]


def test_one_person_given_two_ages_by_two_outlets_is_a_number_discrepancy() -> None:
    story = analyse_story(
        [
            article(
                "Police arrested three men in the shooting at the car wash. Dwight Smith, 30, Kevin Johnson, 25, "
                "and Antheyst Jarrett, 27, were arrested last week, police said.",
                outlet="Daily Courier",
            ),
            article(
                "The district attorney named the three suspects held in the car wash shooting as Kevin Deon "
                "Johnson, 24; Dwight Kevin Smith, 30; and Antheyst Jarrett, 27.",
                outlet="Evening Post",
            ),
        ]
    )
    ages = [d for d in story.discrepancies if d.kind == "number" and "age" in d.explanation]
    # Johnson's age differs; Smith's and Jarrett's agree, however his name is written.
    assert [d.explanation for d in ages] == [
        "Daily Courier gives Kevin Deon Johnson's age as 25; Evening Post gives 24."
    ]
    assert [s.text for s in ages[0].sides] == ["Kevin Johnson, 25", "Kevin Deon Johnson, 24"]


def test_a_figure_after_a_name_that_goes_on_is_no_age() -> None:
    story = analyse_story(
        [
            article(
                "The Patriots won on Sunday. Quarterback Tom Brady, 12 of 20 for 150 yards, led the late drive "
                "that won the game.",
                outlet="Daily Courier",
            ),
            article(
                "The Patriots won on Sunday. Tom Brady, 41, led the late drive that won the game.",
                outlet="Evening Post",
            ),
        ]
    )
    assert not [d for d in story.discrepancies if "age" in d.explanation]


def test_with_no_dates_the_story_is_titled_by_the_report_the_others_bear_out() -> None:
    from crosscheck.pipeline import story_title

    reports = [
        article(
            "Prankster strikes again\n\nThe prankster crawled between a film star's legs at an awards show in "
            "March, the second such stunt this winter.",
            outlet="Gossip Daily",
        ),
        article(
            "Man dives under actress's dress at Cannes\n\nA man dove beneath the dress of an actress on the red "
            "carpet at the Cannes festival on Friday before security dragged him away.",
            outlet="Wire",
        ),
        article(
            "Cannes red carpet stunt\n\nSecurity at the Cannes festival dragged away a man who dove under an "
            "actress's dress on the red carpet on Friday.",
            outlet="Film Weekly",
        ),
        article(
            "Actress accosted at Cannes\n\nThe actress was posing on the red carpet at Cannes when a man dove "
            "under her dress, festival security said.",
            outlet="Courier",
        ),
    ]
    # Without dates, the reports were taken in the order of their ids, and the report of another event (a stunt
    # of March) comes first that way; it does not name the story.
    assert min(reports, key=lambda a: a.id) is reports[0]
    assert story_title(reports) in {
        "Man dives under actress's dress at Cannes",
        "Cannes red carpet stunt",
        "Actress accosted at Cannes",
    }


def test_one_quoted_statement_printed_by_two_outlets_is_one_source_whoever_each_credits() -> None:
    first = article(
        "The rapper Prodigy died on Tuesday at the age of 42.\n\n"
        "The group's publicist sent the following statement to XXL:\n\n"
        "“It is with extreme sadness that we confirm the death of our dear friend. As most of his fans know, "
        "Prodigy battled the disease since birth.”",
        "Music Daily",
    )
    second = article(
        "Prodigy of Mobb Deep has died at 42.\n\n"
        '"It is with extreme sadness that we confirm the death of our dear friend," the statement read. '
        '"As most of his fans know, Prodigy battled the disease since birth."',
        "Hip Hop Wire",
    )
    claim = claim_with(analyse_story([first, second]), "battled the disease since birth")
    assert claim.outlets == ["Hip Hop Wire", "Music Daily"]
    assert claim.independent_sources == 1


def test_a_whole_hours_minutes_another_spelling_and_an_editors_aside_are_no_change_of_wording() -> None:
    from crosscheck.report import word_diff

    lead = "Constable Tim Fanning spoke on Sunday.\n\n"
    first = article(
        lead + '"The fire started at 6:00 p.m. in the neighbourhood and she (Tara Reid) left," Fanning said.',
        outlet="Daily One",
    )
    second = article(
        lead + '"The fire started at 6 p.m. in the neighborhood and she left," Fanning said.',
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    assert not [d for d in story.discrepancies if d.kind == "quote_wording"]
    assert not word_diff(
        "started at 6:00 p.m. and she (Tara Reid) left", "started at 6 p.m. and she left"
    ).reworded
    # Minutes that are not a whole hour, or a word changed, still are.
    third = article(
        lead + '"The fire started at 6:30 p.m. in the neighborhood and she left," Fanning said.', "Three"
    )
    story = analyse_story([second, third])
    assert [d for d in story.discrepancies if d.kind == "quote_wording"]


def test_a_title_credited_for_a_quotation_is_no_rival_to_the_name() -> None:
    first = article(
        "A church in Wasilla burned on Friday night.\n\n"
        'Sarah Palin said she apologizes if the fire was connected to "undeserved negative attention brought on '
        'by her failed bid for the vice presidency."',
        outlet="Daily One",
    )
    second = article(
        "A church in Wasilla burned on Friday night.\n\n"
        'On Saturday, the Alaska Governor said she apologizes if the fire was connected to "undeserved negative '
        'attention brought on by her failed bid for the vice presidency."',
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    assert not [d for d in story.discrepancies if d.kind == "entity"]


def test_amounts_are_no_hours_different_asides_differ_and_a_surname_like_a_title_is_a_name() -> None:
    from crosscheck.report import word_diff

    assert word_diff("We pay $500 a month for the flat", "We pay $5 a month for the flat").reworded
    assert not word_diff("It began at 6:00 p.m. on the pier", "It began at 6 p.m. on the pier").reworded
    assert word_diff("and she (Tara Reid) left early", "and she (Paris Hilton) left early").reworded
    words = '"We will never negotiate with terrorists under any circumstances,"'
    first = article(
        "The House debated the bill on Monday.\n\n" + words + " said Rep. Peter King.", "Daily One"
    )
    second = article(
        "The House debated the bill on Monday.\n\n" + words + " said Sen. John McCain.", "Daily Two"
    )
    story = analyse_story([first, second])
    assert [d for d in story.discrepancies if d.kind == "entity"]


def test_two_remarks_of_one_speaker_do_not_align_and_one_remark_quoted_alike_does() -> None:
    # At a threshold of 0.4 the embeddings alone would join the company's two different remarks; the words a
    # quotation shares with another decide whether the two are one remark.
    verified = (
        "“Our investigation of these attacks so far has verified that they are not successful against "
        "customers who have applied the security update,” the company said."
    )
    verified_again = (
        "“Our investigation of these attacks has verified that they are not successful against customers "
        "who applied the update,” a spokesman said."
    )
    promised = (
        "“On completion of this investigation, Microsoft will take the appropriate action to protect our "
        "customers,” the company said."
    )
    articles = [
        article(
            "Microsoft confirmed attacks on a flaw in Internet Explorer.\n\n" + verified, outlet="Daily One"
        ),
        article(
            "Microsoft is investigating attacks on Internet Explorer.\n\n" + promised, outlet="Daily Two"
        ),
        article("Microsoft said it was looking into the attacks.\n\n" + verified_again, outlet="Daily Three"),
    ]
    texts = aligned_texts(articles, threshold=0.4)
    assert {verified, verified_again} in texts
    assert {promised} in texts


def test_one_source_credited_under_short_names_and_initials_is_one_origin() -> None:
    articles = [
        article(
            "Robert Mueller has given the president's lawyers a list of 49 questions, according to The New York "
            "Times.\n\nMelania Trump, the first lady, greeted the French president on Tuesday.",
            outlet="Daily One",
        ),
        article(
            "Robert Mueller has given the president's lawyers a list of 49 questions, the Times reported on "
            "Monday.\n\nThe White House had no comment.",
            outlet="Daily Two",
        ),
        article(
            "Robert Mueller handed the president's lawyers a list of 49 questions, the NYT reported.\n\n"
            '"We have made no concessions on tariffs," Trump said on Tuesday.',
            outlet="Daily Three",
        ),
        article(
            "Donald Trump met the French president at the White House on Tuesday.\n\n"
            '"We have made no concessions on tariffs," Donald Trump said on Tuesday.',
            outlet="Daily Four",
        ),
    ]
    story = analyse_story(articles)
    questions = claim_with(story, "49 questions")
    assert questions.independent_sources == 1
    assert questions.upstream_sources == ["The New York Times"]
    concessions = claim_with(story, "no concessions")
    # "Trump" alone names two people of the story, but within one statement it is the Donald Trump beside it.
    assert concessions.origins == ["donald trump"]


def test_a_question_and_a_sentence_telling_only_who_spoke_are_no_claims() -> None:
    first = article(
        "Trump said in a tweet.\n\n"
        "What has Trump said about the investigation?\n\n"
        "Robert Mueller has given the president's lawyers a list of 49 questions.",
        outlet="Daily One",
    )
    second = article(
        "Trump said in a tweet.\n\n"
        "What has Trump said about the investigation?\n\n"
        "Robert Mueller handed the president's lawyers a list of 49 questions.",
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    texts = [c.text for c in story.claims]
    assert any("49 questions" in t for t in texts)
    assert not any(t.startswith(("Trump said in a tweet", "What has Trump")) for t in texts)


def test_a_dateline_is_no_part_of_a_statement() -> None:
    from crosscheck.align import statement_units
    from crosscheck.annotate import annotate_article

    for dateline in ("WASHINGTON ― ", "PALM BEACH, Fla. — ", "LONDON (Reuters) - "):
        lede = article(
            "Iran deal\n\n"
            + dateline
            + "President Trump signaled on Tuesday that he was open to a new arrangement "
            "with European allies.\n\nHe spoke beside the French president."
        )
        first = statement_units(annotate_article(lede))[0]
        assert first.text.startswith("President Trump signaled"), (dateline, first.text)
        assert lede.text[first.start : first.end] == first.text
    # Capitals before a dash that a sentence goes on from are its subject, not a dateline.
    nato = article("Alliance\n\nNATO — the alliance of 30 countries — will meet in Madrid in June.")
    assert statement_units(annotate_article(nato))[0].text.startswith("NATO — the alliance")


def test_two_named_people_saying_different_things_do_not_align_and_the_same_words_credited_to_two_do() -> (
    None
):
    # At a threshold of 0.2 the embeddings alone would join the two people's different statements.
    lofgren = (
        "Representative Zoe Lofgren said that seeking asylum at a port of entry is not a violation of "
        "immigration law."
    )
    nielsen = (
        "Secretary Kirstjen Nielsen said that anyone who coaches migrants to lie to immigration officers at the "
        "border will be prosecuted."
    )
    same_words = (
        "Secretary Kirstjen Nielsen said that seeking asylum at a port of entry is not a violation of "
        "immigration law."
    )
    for other, together in ((nielsen, False), (same_words, True)):
        articles = [
            article("Hundreds of migrants reached the border on Sunday.\n\n" + lofgren, outlet="Daily One"),
            article("The caravan arrived at the crossing in Tijuana.\n\n" + other, outlet="Daily Two"),
        ]
        assert ({lofgren, other} in aligned_texts(articles, threshold=0.2)) is together


def test_a_statement_printed_whole_inside_a_longer_one_of_another_outlet_is_that_statement() -> None:
    first = article(
        "The Democratic National Committee sued the Trump campaign on Friday, DNC chairman Tom Perez said in a "
        "statement.\n\nThis constituted an act of unprecedented treachery.",
        outlet="Daily One",
    )
    second = article(
        "The party filed a lawsuit in federal court in Manhattan.\n\n"
        '"This constituted an act of unprecedented treachery: the campaign of a nominee for President of the '
        "United States in league with a hostile foreign power to bolster its own chance to win the "
        'Presidency," DNC chairman Tom Perez said.',
        outlet="Daily Two",
    )
    treachery = claim_with(
        analyse_story([first, second]), "This constituted an act of unprecedented treachery."
    )
    assert len(treachery.support) == 2


def test_a_claim_reads_as_a_whole_statement_not_a_relative_clause() -> None:
    clause = (
        "Senator Ana Ruiz, who was first elected to the state senate in 2010, resigned from her post on Monday "
        "after a long illness."
    )
    whole = "Ana Ruiz was first elected to the state senate in 2010."
    # Both orders of the two articles, so that the relative clause is the first unit of the claim in one.
    for first, second in ((clause, whole), (whole, clause)):
        story = analyse_story(
            [
                article(f"Ruiz\n\n{first}", outlet="Daily One"),
                article(f"Ruiz\n\n{second}", outlet="Daily Two"),
            ]
        )
        claim = claim_with(story, "first elected")
        assert len(claim.support) == 2
        assert claim.text == whole


def test_a_wording_explanation_leaves_out_the_marks_of_a_quotation_within_the_quotation() -> None:
    first = article(
        "Comey wrote in his memo: \"The president said 'the hookers thing' is nonsense but that Putin had told "
        'him about it long before the summit in the spring."',
        outlet="Daily One",
    )
    second = article(
        "Comey wrote in his memo: \"The president said that 'the hookers thing' is nonsense but that Putin had "
        'told him about it long before the summit in the spring."',
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    [wording] = [d for d in story.discrepancies if d.kind == "quote_wording"]
    assert "'said the' against 'said that the'" in wording.explanation


def test_two_counts_of_one_thing_that_fill_no_same_place_confirm_neither() -> None:
    """Aligned statements giving different tolls worded apart are neither one claim nor a `number` difference
    (the figures fill no same place): each toll rests on its own outlet. A figure rounded still agrees."""
    first = article(
        "As many as 125 people died across Syria on Monday, many of them at a checkpoint in Homs, activists "
        "said.\n\nThe government's approval rating stood at 20 percent in the latest poll.",
        outlet="Daily One",
    )
    second = article(
        "At least 144 people were reported killed across Syria on Monday, including 64 at a checkpoint in "
        "Homs.\n\nThe latest poll put the government's approval rating at 20.6 percent.",
        outlet="Daily Two",
    )
    aligned = aligned_texts([first, second])
    assert any(len(group) == 2 and any("125 people" in text for text in group) for group in aligned)
    story = analyse_story([first, second])
    assert claim_with(story, "125 people").status == "single_source"
    assert claim_with(story, "144 people").status == "single_source"
    assert not [d for d in story.discrepancies if d.kind == "number"]
    poll = claim_with(story, "20 percent")
    assert poll.status == "corroborated" and len(poll.support) == 2


def test_page_furniture_left_inside_a_paragraph_is_no_claim() -> None:
    first = article(
        "Rescuers reached the flooded village of Muchelney on Tuesday. Please turn on JavaScript. Media requires "
        "JavaScript to play.\n\nJo Shelley and Per Nyberg contributed to this report.",
        outlet="Daily One",
    )
    second = article(
        "Rescuers reached Muchelney, a flooded village, on Tuesday.\n\nPlease turn on JavaScript.",
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    stated = [s.text for c in story.claims for s in c.support]
    assert stated and not [t for t in stated if "JavaScript" in t or "contributed" in t]


def test_a_stated_total_and_a_bare_count_of_one_thing_are_compared() -> None:
    """ "A total of 125 people" is framed as a level and "144 people" not at all; both count the whole toll, so the
    statements part as two counts would. A year and years count one thing too: the mayor's three years and one
    year are one quantity given two ways (``_same_quantity``), a `number` difference."""
    first = article(
        "A total of 125 people had died across Syria on Monday, many of them at a checkpoint in Homs, activists "
        "said.\n\nThe mayor has led the town for three years.",
        outlet="Daily One",
    )
    second = article(
        "At least 144 people were reported killed across Syria on Monday, including 64 at a checkpoint in "
        "Homs.\n\nThe town's mayor has led it for 1 year.",
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    assert claim_with(story, "125 people").status == "single_source"
    assert claim_with(story, "144 people").status == "single_source"
    mayor = claim_with(story, "three years")
    assert mayor.status == "disputed" and len(mayor.support) == 2
    [number] = [d for d in story.discrepancies if d.kind == "number"]
    assert (
        "Daily One gives three years" in number.explanation and "Daily Two gives 1 year" in number.explanation
    )


def test_a_short_sentence_printed_alike_by_two_outlets_is_one_source() -> None:
    """Eight words or more printed alike are copied text (an agency line pasted into several reports), not two
    reporters' own wording."""
    first = article(
        "Four men rammed a car into a jewellery store in Paris on Monday.\n\n"
        "They then set fire to the vehicle and escaped in another car.",
        outlet="Daily One",
    )
    second = article(
        "Thieves drove into a Paris jeweller's window on Monday morning and took watches.\n\n"
        "They then set fire to the vehicle and escaped in another car.",
        outlet="Daily Two",
    )
    claim = claim_with(analyse_story([first, second]), "set fire")
    assert len(claim.support) == 2
    assert claim.independent_sources == 1


def test_a_long_sentence_reworded_a_little_is_one_origin() -> None:
    first = article(
        "In 1989, she joined up with a short-lived harbour choir reunion tour and returned four years later to "
        "the Quay Singers, finally leaving for good in 2008.",
        outlet="Daily One",
    )
    second = article(
        "In 1989, she took part in the short-lived harbour choir reunion tour and returned four years later to "
        "the Quay Singers, finally leaving for good in 2008.",
        outlet="Daily Two",
    )
    claim = claim_with(analyse_story([first, second]), "Quay Singers")
    assert len(claim.support) == 2 and claim.independent_sources == 1


def test_a_release_printed_without_its_credit_rests_on_the_credited_source() -> None:
    """One outlet quotes the harbour board's release and credits it; another prints the release's sentence as
    its own. Both rest on the board."""
    crediting = article(
        'The Harbour Board added in a news release on Monday that it wanted to remind the public that "the '
        'water is cold, the currents are strong, and swimmers should stay near the lifeguards this weekend."',
        outlet="Daily One",
    )
    printing = article(
        "The Harbour Board reminds the public that the water is cold, the currents are strong, and swimmers "
        "should stay near the lifeguards this weekend.",
        outlet="Daily Two",
    )
    claim = claim_with(analyse_story([crediting, printing]), "lifeguards")
    assert len(claim.support) == 2
    assert claim.independent_sources == 1 and claim.origins == ["harbour board"]


def test_one_person_under_a_short_and_a_full_first_name_is_one_origin() -> None:
    first = article(
        "The two men were found on Crane Beach after a search of five hours, Ipswich Police Lt. Jonathan Hubbard "
        "said on Sunday.",
        outlet="Daily One",
    )
    second = article(
        "Both men were found on Crane Beach on Sunday after a five-hour search, Acting Police Chief Lt. Jon "
        "Hubbard said.",
        outlet="Daily Two",
    )
    claim = claim_with(analyse_story([first, second]), "Crane Beach")
    assert len(claim.support) == 2
    assert claim.independent_sources == 1


def test_an_agencys_sentence_naming_its_own_source_rests_on_that_source() -> None:
    """In a wire story, "…, police said" rests on the police, as another outlet's "police said" does: the
    dateline does not make the agency a second origin."""
    wire = article(
        "NEW YORK (AP) — A 1-year-old girl died on Tuesday after an elevator in a Brooklyn building stopped "
        "between floors, police said.\n\nThe building's owner did not answer calls.",
        outlet="Wire Desk",
    )
    paper = article(
        "A 1-year-old girl died on Tuesday when an elevator in a Brooklyn building stopped between floors, "
        "police said.\n\nNeighbours gathered outside.",
        outlet="Daily Two",
    )
    claim = claim_with(analyse_story([wire, paper]), "elevator")
    assert len(claim.support) == 2
    assert claim.origins == ["police"] and claim.independent_sources == 1


def test_a_quotations_later_sentence_rests_on_its_speaker_not_the_wire_that_carried_it() -> None:
    """'"… in this manner. They are not designed, tested or approved for this purpose," the company said': the
    second sentence is the company's too, not the wire's whose dateline opens the story."""
    wire = article(
        "NEW YORK (UPI) -- Crayola warned against using its pencils as make-up.\n\n"
        '"We strongly discourage their use in this manner. They are not designed, tested or approved for this '
        'purpose," the company said on its website.',
        outlet="Wire Desk",
    )
    paper = article(
        "Crayola has warned fans about the trend.\n\n"
        "The pencils are not designed, tested or approved for this purpose, the company said.",
        outlet="Daily Two",
    )
    claims = analyse_story([wire, paper]).claims
    later = next(c for c in claims if c.text.startswith("They are not designed"))
    assert later.origins == ["company"]


def test_a_department_and_its_initials_with_the_little_word_are_one_origin() -> None:
    from crosscheck.compare import fold_origins

    assert fold_origins({"dob", "department of buildings"}) == ["department of buildings"]
    assert fold_origins({"dnc", "democratic national committee"}) == ["democratic national committee"]
    assert fold_origins({"dob", "democratic national committee"}) == ["democratic national committee", "dob"]


def test_one_first_name_spelled_two_ways_is_one_origin_and_two_short_names_are_two() -> None:
    """CNN printed "Lindsey Graham" and Politico "Lindsay Graham": one senator, counted as two sources."""
    from crosscheck.compare import fold_origins

    assert fold_origins({"lindsey graham", "lindsay graham"}) == ["lindsay graham"]
    assert fold_origins({"mark kelly", "mary kelly"}) == ["mark kelly", "mary kelly"]
    # With and without a middle name: one press secretary.
    assert fold_origins({"sarah sanders", "sarah huckabee sanders"}) == ["sarah huckabee sanders"]
    # A last letter apart is another member of the family.
    assert fold_origins({"mario cuomo", "maria cuomo"}) == ["maria cuomo", "mario cuomo"]


def test_an_outlet_with_and_without_what_it_is_is_one_origin() -> None:
    """One outlet printed "Star magazine … has reported", another "Star reports": one tabloid, not two sources."""
    from crosscheck.compare import fold_origins

    assert fold_origins({"star", "star magazine"}) == ["star magazine"]
    assert fold_origins({"star", "star tribune"}) == ["star", "star tribune"]


def test_outlets_named_by_one_character_file_names_stay_apart() -> None:
    """Articles saved as 0.txt, 1.txt … are outlets "0", "1" …: names with nothing left once initials go."""
    from crosscheck.compare import fold_origins

    assert fold_origins({"0", "1", "5"}) == ["0", "1", "5"]
    assert fold_origins({"a", "b"}) == ["a", "b"]


def test_a_name_with_an_honorific_is_the_full_name_and_no_entity_difference() -> None:
    from crosscheck.compare import _same_name

    assert _same_name("Alice McMeekin", "Ms McMeekin") and _same_name("Dr. Ruiz", "Ana Ruiz")
    assert not _same_name("Mr Smith", "Ms Smith")
    assert not _same_name("Ms Jones", "Alice McMeekin")
    first = article(
        "The bodies of Alice McMeekin and her daughter were found at their home in Millom on Friday.",
        outlet="Daily One",
    )
    second = article(
        "The bodies of Ms McMeekin and her daughter were found at their home in Millom on Friday.",
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    assert len(claim_with(story, "bodies").support) == 2
    assert not [d for d in story.discrepancies if d.kind == "entity"]


def test_one_change_of_wording_is_told_once_however_many_reports_carry_it() -> None:
    """Three edits of one wire story, none a syndicated copy of another, quote the chancellor the same way; a
    fourth outlet words the quotation differently. One difference, not three."""
    wire = (
        'Chancellor Angela Merkel said: "We must show solidarity within Europe, and Greece must do its part '
        'now." {}'
    )
    reports = [
        article(wire.format(extra), outlet=outlet)
        for extra, outlet in (
            ("Protests went on in Athens.", "Daily One"),
            ("Banks in Athens stayed shut on Thursday.", "Daily Two"),
            ("Three people died in a fire in a bank.", "Daily Three"),
        )
    ]
    reports.append(
        article(
            'Chancellor Angela Merkel said: "We must show solidarity in Europe, and Greece must do its part '
            'now." The strike closed schools.',
            outlet="Daily Four",
        )
    )
    story = analyse_story(reports)
    wordings = [d for d in story.discrepancies if d.kind == "quote_wording"]
    assert len(wordings) == 1
    assert "within" in wordings[0].explanation and "in Europe" in wordings[0].explanation


def test_a_page_whose_only_title_is_a_sign_in_prompt_does_not_name_the_story() -> None:
    from crosscheck.pipeline import story_title

    reports = [
        article("Coast Guard rescues swimmer off Crane Beach after four hours at sea.", outlet="Daily One"),
        article("Swimmer rescued off Crane Beach in Ipswich after hours in the water.", outlet="Daily Two"),
        article("A Coast Guard crew rescued a swimmer off Crane Beach in Ipswich on Tuesday.", outlet="Wire"),
        article("Sign-in required to comment on this story.", outlet="Daily Three"),
    ]
    reports[3] = reports[3].model_copy(update={"title": "Sign in to continue reading"})
    assert "Crane Beach" in story_title(reports)


def _numbers_and_dates(story: Story) -> list[str]:
    return [d.explanation for d in story.discrepancies if d.kind in ("number", "date")]


def test_one_count_worded_apart_is_a_number_difference() -> None:
    """Outlets reword: the figure is the only difference of what the words around it say, though the statements
    differ beyond it ("the ferry's 212", "of 210"). The claim is disputed, not corroborated."""
    first = article(
        "Families of the ferry's 212 Korean passengers have gathered at the harbour in Mokpo, demanding answers "
        "from the shipping company.\n\nDivers resumed the search on Monday.",
        outlet="Daily One",
    )
    second = article(
        "Dozens of angry families of 210 Korean passengers gathered at the harbour in Mokpo, demanding answers "
        "from the company.\n\nThe coast guard said the search would continue.",
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    [number] = [d for d in story.discrepancies if d.kind == "number"]
    assert "Daily One gives 212 Korean passengers" in number.explanation
    assert "Daily Two gives 210 Korean passengers" in number.explanation
    assert claim_with(story, "Mokpo").status == "disputed"


def test_two_sums_of_money_count_dollars_whatever_word_follows() -> None:
    """A currency sign names what a figure counts: "$3.1 million worth" and "$3.4 million raid" both count dollars
    (the word after had been taken for the unit). "$3.1 million" and "$3.4 million" differ in the last digit
    either prints, which no rounding explains."""
    first = article(
        "Geneva thieves grab $3.1 million worth of watches.\n\nPolice are searching.", outlet="One"
    )
    second = article(
        "Thieves in $3.4 million smash-and-grab raid on Geneva watch shop.\n\nNo one was hurt.", outlet="Two"
    )
    story = analyse_story([first, second])
    [number] = [d for d in story.discrepancies if d.kind == "number"]
    assert number.explanation in (
        "One gives $3.1 million; Two gives $3.4 million.",
        "Two gives $3.4 million; One gives $3.1 million.",
    )


def test_a_figure_spaced_after_its_thousands_comma_is_one_figure() -> None:
    """Tokenised text ("home to 120, 000 people") had been read as 120 and a count of "000 people"; a day of the
    month before a count stays a day ("March 5, 200 people")."""
    from crosscheck.annotate.quantities import find_quantities

    found = find_quantities(article("The island, home to 120, 000 people, was shaken.", outlet="One"))
    assert [(q.value, q.unit) for q in found] == [(120000.0, "people")]
    found = find_quantities(article("On March 5, 200 people marched to the embassy.", outlet="One"))
    assert (200.0, "people") in [(q.value, q.unit) for q in found]
    found = find_quantities(article("They fled with a $2.6-million haul in a 2 mn - euro car.", outlet="One"))
    assert [(q.value, q.unit) for q in found] == [(2.6e6, "dollars"), (2e6, None)]
    # A height before a weight is no thousands group of it; "US" may stand before the digits.
    found = find_quantities(article("He is 5 - foot - 8, 135 pounds.", outlet="One"))
    assert (135.0, "pounds") in [(q.value, q.unit) for q in found]
    found = find_quantities(article("Damage was put at $ US1 million ($ 1.52 million).", outlet="One"))
    assert [(q.value, q.unit) for q in found] == [(1e6, "dollars"), (1.52e6, "dollars")]
    # The 2 of a fraction spelt out by a tokeniser ("4 1 / 2 months") counts nothing.
    found = find_quantities(article("He served 4 1 / 2 months in prison.", outlet="One"))
    assert [q.text for q in found] == ["4", "1"]


def test_one_moment_worded_apart_at_two_times_is_a_date_difference() -> None:
    """Two statements of one moment, each with its only time of day, that no rounding reconciles."""
    first = article(
        "The toddler was in her pushchair with her grandmother on the ninth floor of a tower block in Leeds "
        "around 9:15 a.m. when the lift doors opened.\n\nNeighbours called for help.",
        outlet="Daily One",
    )
    second = article(
        "Her grandmother was waiting with the toddler's pushchair on the ninth floor of the tower block in Leeds "
        "around 10:40 a.m., officials said.\n\nThe council has closed the lift.",
        outlet="Daily Two",
    )
    [when] = _numbers_and_dates(analyse_story([first, second]))
    assert "around 9:15 a.m." in when and "around 10:40 a.m." in when


def test_times_that_rounding_a_bound_or_a_time_zone_reconcile_are_no_difference() -> None:
    """ "About 3 p.m." and "about 3:10 p.m." agree; "shortly after 3 p.m." bounds; 1:30 and 4:30 p.m. are Pacific
    and Eastern time; "said in a message at 6 p.m." dates the telling, not the death at 5:35 p.m."""

    def differences(one: str, two: str) -> list[str]:
        return _numbers_and_dates(
            analyse_story(
                [
                    article(f"{one}\n\nThe club thanked the fans.", outlet="Daily One"),
                    article(f"{two}\n\nTickets sold out in an hour.", outlet="Daily Two"),
                ]
            )
        )

    assert not differences(
        "The deputy was shot at about 3 p.m. outside a house on Elm Street in Hawaiian Gardens, the sheriff said.",
        "The deputy was shot about 3:10 p.m. outside a house in Hawaiian Gardens on Elm Street.",
    )
    assert not differences(
        "The deputy spotted the suspect on Elm Street shortly after 3 p.m. and chased him to a house.",
        "The deputy chased the suspect from Elm Street to a house at about 3:30 p.m.",
    )
    assert not differences(
        "The Saints play the Seahawks in Seattle in the wild-card round, with kickoff scheduled for 1:30 p.m.",
        "The Saints play the Seahawks in the wild-card round in Seattle on Saturday at 4:30 p.m.",
    )
    assert not differences(
        '"Officer Dale Ross died from his wound," the chief of the campus police said in a message to staff at '
        "6 p.m. Wednesday.",
        "The chief of the campus police said officer Dale Ross died of his wound at 5:35 p.m. Wednesday.",
    )


def _number_differences(one: str, two: str) -> list[str]:
    """The `number` explanations of a story of two outlets, one statement each and a line of their own."""
    story = analyse_story(
        [
            article(f"{one}\n\nRescue teams worked overnight.", outlet="Daily One"),
            article(f"{two}\n\nThe ministry gave no details.", outlet="Daily Two"),
        ]
    )
    return [d.explanation for d in story.discrepancies if d.kind == "number"]


def test_figures_that_bounds_estimates_or_precision_reconcile_are_no_difference() -> None:
    """ "At least four" and "at least nine" killed is a toll as it grew; "about 150" may be 153; "20 percent" is
    "20.6 percent" cut short. None is a `number` difference, and the statements stay one claim."""
    numbers = _number_differences
    assert not numbers(
        "An avalanche struck the ski resort of Valfonda on Sunday, killing at least four people, officials said.",
        "An avalanche struck the ski resort of Valfonda on Sunday, killing at least nine people, officials said.",
    )
    assert not numbers(
        "An avalanche struck the ski resort of Valfonda on Sunday, killing at least four people, officials said.",
        "At least nine people were killed when an avalanche buried part of the Valfonda ski resort on Sunday.",
    )
    assert not numbers(
        "Relatives of the ferry's 153 passengers gathered at the harbour in Mokpo on Monday.",
        "Relatives of about 150 passengers gathered at the harbour in Mokpo on Monday, demanding answers.",
    )
    assert not numbers(
        "A poll published on Sunday put the ruling party's approval at a dismal 20.6 percent.",
        "The ruling party's approval rating stood at 20 percent, the poll published on Sunday found.",
    )


def test_different_quantities_of_one_unit_are_no_number_difference() -> None:
    """Figures of one unit that are not one quantity: one raid's haul against the total of five (every count of
    the two statements differs), two teams' offers, a rate against a total, the toll of a town against its
    population. None is a `number` difference."""
    numbers = _number_differences
    assert not numbers(
        "The frigate intercepted three skiffs and seized six rifles, 12 magazines and 300 rounds of ammunition.",
        "The frigate has seized a total of 14 rifles, 31 magazines and 923 rounds of ammunition in five operations.",
    )
    assert not numbers(
        "A radio station is reporting that the Nationals have offered Mark Teixeira an eight-year, $160 million "
        "contract.",
        "A newspaper reported that the Boston Red Sox have made first baseman Mark Teixeira an eight-year, $200 "
        "million offer.",
    )
    assert not numbers(
        "The Red Sox offer to Mark Teixeira is worth $22 million per season over eight seasons, a report said.",
        "The Red Sox offer to Mark Teixeira is worth $30 million over eight seasons, a report said.",
    )
    assert not numbers(
        "In February a quake hit the southern town of Zarand, killing 612 people and wounding 1,400.",
        "In February a quake rocked the southern town of Zarand, a town of 15,000 people in Kerman province.",
    )


def test_a_count_disputes_another_though_its_figure_counts_something_else_there() -> None:
    """ "18 injured and 12 arrested" still disputes "12 injured": the other figure counts arrests, not the
    injured."""
    first = article(
        "Police said 12 people were injured in the riots in Thessaloniki on Wednesday.\n\nShops stayed shut.",
        outlet="One",
    )
    second = article(
        "Police said 18 people had been injured in the riots in Thessaloniki on Wednesday and 12 arrested.\n\n"
        "Banks closed.",
        outlet="Two",
    )
    [number] = [d for d in analyse_story([first, second]).discrepancies if d.kind == "number"]
    assert "One gives 12 people" in number.explanation and "Two gives 18 people" in number.explanation


def test_a_toll_told_without_a_noun_counts_the_dead_apart_from_the_wounded() -> None:
    """ "An explosion killed two and wounded 30" against "killed at least three people": the dead are two
    against at least three, and the thirty wounded are another quantity."""
    from crosscheck.annotate.quantities import find_quantities

    toll = article("On Sunday, an explosion killed two and wounded 30 in the northern city of Aleppo.")
    assert [(q.text, q.unit) for q in find_quantities(toll)] == [("two", "people"), ("30", "wounded")]
    first = article(
        "Syrian troops clashed with rebels in Damascus on Monday.\n\n"
        "On Sunday, an explosion killed two and wounded 30 in the northern city of Aleppo, Syria's largest.\n\n"
        "Rebels in Damascus denied any part in it.",
        outlet="Daily One",
    )
    second = article(
        "Heavy fighting broke out between rebels and troops in Damascus on Monday.\n\n"
        "A car bomb close to a state security office in Syria's second biggest city of Aleppo killed at least "
        "three people on Sunday, according to the Observatory.\n\nThe army shelled rebels in Damascus.",
        outlet="Daily Two",
    )
    story = analyse_story([first, second])
    [number] = [d for d in story.discrepancies if d.kind == "number"]
    assert "at least three people" in number.explanation and "two" in number.explanation

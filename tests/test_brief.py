"""The brief: sections, citations, grounding, length, redundancy and order."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosscheck.annotate import annotate_articles
from crosscheck.brief import (
    FEATURES,
    BriefConfig,
    assert_grounded,
    candidate_sentences,
    compose_brief,
    grounding_problems,
    rank_story_sentences,
    sentence_features,
    similarity_matrix,
    word_count,
)
from crosscheck.model import AnnotatedArticle, Article, BriefSentence, Citation, Story
from tests.brief_fixtures import briefed, flood_story, sentences_only
from tests.helpers import article


def test_every_section_the_story_has_material_for_is_filled_and_grounded() -> None:
    flood = briefed(flood_story())
    brief = flood.story.brief
    assert_grounded(brief, flood.articles)
    sections = [s.section for s in brief]
    assert {"confirmed", "relayed", "single_source", "disputed", "differences", "sources"} <= set(sections)
    # Sections come in reading order, never interleaved.
    order = ["confirmed", "relayed", "single_source", "disputed", "differences", "quotes", "sources"]
    assert sections == sorted(sections, key=order.index)
    confirmed = [s for s in brief if s.section == "confirmed"]
    assert [s.claim_id for s in confirmed] == ["c-flood"]
    # A claim a discrepancy touches states one side's value: it is never listed as confirmed.
    claims = {c.id: c for c in flood.story.claims}
    disputed = [s for s in brief if s.section == "disputed"]
    assert disputed and all(s.claim_id and claims[s.claim_id].status == "disputed" for s in disputed)
    assert all(
        claims[s.claim_id].status != "disputed" for s in brief if s.section in order[:3] and s.claim_id
    )
    # A confirmed sentence cites one supporting span in each outlet that carries the claim.
    assert len({c.article_id for c in confirmed[0].citations}) == 3


def test_single_citation_sentences_are_verbatim_spans() -> None:
    flood = briefed(flood_story())
    for sentence in flood.story.brief:
        first = sentence.citations[0]
        text = flood.articles[first.article_id].text
        if len(sentence.citations) == 1:
            assert text[first.start : first.end] == sentence.text


def test_differences_fuse_both_sides_with_punctuation_only() -> None:
    flood = briefed(flood_story())
    differences = [s for s in flood.story.brief if s.section == "differences"]
    assert differences
    money = differences[0]
    assert "12 million euros" in money.text and "15 million euros" in money.text
    assert {c.article_id for c in money.citations} == {flood.gazette.id, flood.times.id}
    assert_grounded(differences, flood.articles)


def test_a_claim_is_stated_once_however_many_outlets_carry_it() -> None:
    flood = briefed(flood_story())
    main = [s for s in flood.story.brief if s.section in ("confirmed", "relayed", "single_source")]
    claim_ids = [s.claim_id for s in main if s.claim_id]
    assert len(claim_ids) == len(set(claim_ids))


def test_words_controls_the_length() -> None:
    flood = flood_story()
    short = compose_brief(flood.story, flood.articles, flood.annotated, words=40)
    long = compose_brief(flood.story, flood.articles, flood.annotated, words=400)
    short_words = sum(word_count(s.text) for s in short)
    long_words = sum(word_count(s.text) for s in long)
    assert short_words < long_words
    assert len(short) < len(long)
    # Never more than the budget plus the sentence that crossed it, per section.
    assert short_words <= 40 + 4 * BriefConfig().max_words


def test_without_claims_restatements_count_as_support_and_redundancy_is_removed() -> None:
    first = article(
        "The river burst its banks at dawn and flooded the main square of Elmsford.\n"
        "A bakery on the square lost its entire stock of flour.\n"
        "Officials opened the sports hall as a shelter for families.",
        "North Wire",
    )
    second = article(
        "The river burst its banks at dawn, flooding the main square of Elmsford.\n"
        "Officials opened the sports hall as a shelter for displaced families.\n"
        "The local football match was postponed.",
        "South Wire",
    )
    articles = {a.id: a for a in (first, second)}
    annotated = sentences_only(first, second)
    story = Story(id="s", title="flood", article_ids=[first.id, second.id])
    brief = compose_brief(story, articles, annotated, words=60)
    assert_grounded(brief, articles)
    texts = [s.text for s in brief]
    # The dawn flooding is said by both wires: it is confirmed, and it appears once.
    assert sum("burst its banks" in t for t in texts) == 1
    assert brief[0].section == "confirmed" and "burst its banks" in brief[0].text
    ranked = rank_story_sentences(story, articles, annotated, words=60)
    assert ranked[0].position == 0


def test_grounding_check_catches_every_way_a_sentence_can_be_unverifiable() -> None:
    flood = flood_story()
    gazette = flood.gazette
    good = BriefSentence(
        text=gazette.text[:20],
        citations=[Citation(article_id=gazette.id, start=0, end=20)],
        section="confirmed",
    )
    assert grounding_problems([good], flood.articles) == []
    invented = good.model_copy(update={"text": gazette.text[:20] + " reportedly"})
    uncited = good.model_copy(update={"citations": []})
    outside = good.model_copy(
        update={"citations": [Citation(article_id=gazette.id, start=0, end=len(gazette.text) + 5)]}
    )
    unknown = good.model_copy(update={"citations": [Citation(article_id="nope", start=0, end=5)]})
    for bad in (invented, uncited, outside, unknown):
        assert grounding_problems([bad], flood.articles), bad
        with pytest.raises(AssertionError):
            assert_grounded([bad], flood.articles)


def test_empty_story_gives_an_empty_brief() -> None:
    story = Story(id="s", title="nothing", article_ids=[])
    assert compose_brief(story, {}, {}) == []


@pytest.mark.slow
def test_founding_articles_through_the_pipeline(seeds_dir: Path) -> None:
    from crosscheck.ingest.text import read_text
    from crosscheck.pipeline import analyse, clean_documents
    from crosscheck.settings import get_settings

    documents = [d for p in sorted(seeds_dir.glob("*.txt")) for d in read_text(p, get_settings())]
    report = analyse(clean_documents(documents).articles)
    articles = {a.id: a for a in report.articles}
    (story,) = report.stories
    assert len(story.brief) >= 3
    assert_grounded(story.brief, articles)
    sections = {s.section for s in story.brief}
    assert {"confirmed", "differences", "sources"} <= sections
    differences = " ".join(s.text for s in story.brief if s.section == "differences")
    # The additional-versus-total framing of the 40,000 troops is where these two reports differ most.
    assert "40,000" in differences
    shorter = report.stories[0].model_copy(update={"brief": []})
    from crosscheck.annotate import annotate_articles

    annotated = {a.article.id: a for a in annotate_articles(report.articles)}
    brief = compose_brief(shorter, articles, annotated, words=60)
    assert_grounded(brief, articles)
    assert sum(word_count(s.text) for s in brief) < sum(word_count(s.text) for s in story.brief)


def _sentences_only(*articles_: Article) -> tuple[Story, dict[str, Article], dict[str, AnnotatedArticle]]:
    story = Story(id="s", title="wire", article_ids=[a.id for a in articles_])
    return story, {a.id: a for a in articles_}, sentences_only(*articles_)


def test_a_wire_dateline_is_left_out_of_the_cited_span_and_captions_are_skipped() -> None:
    wire = article(
        "KATHMANDU, Nepal (AP) — A Swiss climber found the bodies of two missing mountaineers on Monday.\n"
        "FILE - In this 2019 file photo, climbers queue below the summit of the mountain in Nepal.\n"
        "The climber reported the find to the tourism ministry in the capital.",
        "Wire",
    )
    paper = article(
        "A Swiss climber has found the bodies of two mountaineers missing on the peak since spring.\n"
        "Officials at the tourism ministry confirmed the find on Monday evening.",
        "Paper",
    )
    story, articles, annotated = _sentences_only(wire, paper)
    candidates = candidate_sentences(story, articles, annotated)
    texts = [c.sentence.text for c in candidates]
    assert "A Swiss climber found the bodies of two missing mountaineers on Monday." in texts
    assert not any("KATHMANDU" in t or "file photo" in t for t in texts)
    for candidate in candidates:
        sentence = candidate.sentence
        assert articles[sentence.article_id].text[sentence.start : sentence.end] == sentence.text
    brief = compose_brief(story, articles, annotated, words=60)
    assert_grounded(brief, articles)
    assert not any("(AP)" in s.text for s in brief)


def test_every_feature_has_a_weight_and_the_centroid_favours_the_shared_sentence() -> None:
    first = article(
        "The council approved the budget for the new bridge on Tuesday.\n"
        "Lunch at the town hall was soup and bread for everyone present.",
        "North",
    )
    second = article(
        "On Tuesday the council approved the bridge budget after a long debate.\n"
        "None of us would really have guessed what we ate.\n"
        "Would anyone really have guessed what we ate?",
        "South",
    )
    story, articles, annotated = _sentences_only(first, second)
    candidates = candidate_sentences(story, articles, annotated)
    texts = [c.sentence.text for c in candidates]
    # A question outside quotation marks asks, and a brief tells: it is no candidate at all.
    assert "Would anyone really have guessed what we ate?" not in texts
    similarity = similarity_matrix(texts)
    features = sentence_features(candidates, similarity, similarity_matrix(texts, ngrams=2), BriefConfig())
    assert features.shape == (len(candidates), len(FEATURES)) == (4, len(BriefConfig().weights))
    column = {name: features[:, k] for k, name in enumerate(FEATURES)}
    budget = texts.index("The council approved the budget for the new bridge on Tuesday.")
    lunch = texts.index("Lunch at the town hall was soup and bread for everyone present.")
    guess = texts.index("None of us would really have guessed what we ate.")
    assert column["centroid"][budget] > column["centroid"][lunch]
    assert column["question"][budget] == 0.0
    assert column["first_person"][guess] > 0 == column["first_person"][budget]


def test_tfidf_similarity_is_scikit_learns_without_importing_it() -> None:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    from crosscheck.stopwords import english_stop_words

    assert english_stop_words() == ENGLISH_STOP_WORDS
    texts = [
        "NATO's chief said the alliance will deploy 40,000 troops to its eastern flank.",
        "The alliance increased its eastern force tenfold to 40,000 troops, NATO's chief said.",
        "Troops, troops and more troops: the flank is the alliance's border with Russia.",
        "Bakeries in Café Street reported record sales of pastries this weekend.",
        "It was what it was.",  # stop words only: a row of zeros
    ]
    for ngrams in (1, 2):
        vectors = TfidfVectorizer(
            stop_words="english", sublinear_tf=True, token_pattern=r"(?u)\b\w\w+\b", ngram_range=(1, ngrams)
        ).fit_transform(texts)
        expected = (vectors @ vectors.T).toarray()
        assert similarity_matrix(texts, ngrams) == pytest.approx(expected, abs=1e-12)
    assert (similarity_matrix(["it was", "and so"]) == [[1.0, 0.0], [0.0, 1.0]]).all()


def test_a_short_brief_keeps_near_its_length_and_what_matters_most() -> None:
    """Every section once took its one sentence whatever the length asked for; now the sections after the
    ranked account fill in order only while the brief is under its length, so it overshoots by at most one
    sentence, and the differences go before the quotes and the sources."""
    from crosscheck.brief import BriefConfig

    longest = BriefConfig().max_words
    full = [s.section for s in briefed(flood_story()).story.brief]
    assert {"differences", "sources"} <= set(full)
    for words in (20, 40, 80):
        brief = briefed(flood_story(), words=words).story.brief
        lengths = [len(s.text.split()) for s in brief]
        # Nothing is added once the brief has reached its length: only the last sentence may run over.
        assert brief and sum(lengths[:-1]) < words and lengths[-1] <= longest, (words, lengths)
        sections = [s.section for s in brief]
        if "quotes" in sections or "sources" in sections:
            assert "differences" in sections


def test_one_outlet_is_never_confirmation_and_news_about_cookies_or_websites_is_news() -> None:
    """Two reports of one outlet (one crediting a spokesman) are that outlet's word alone; a sentence about
    cookie rules or naming a website is reported, where a request to accept cookies is not."""
    from crosscheck.pipeline import analyse_story

    first = article(
        "The river Wyre burst its banks in Riverton on Tuesday, flooding 300 homes.\n\n"
        "The council said details were posted at https://riverton.gov.uk/news for residents.\n\n"
        "This site uses cookies to improve your experience.",
        outlet="Riverton Gazette",
    )
    second = article(
        "The river Wyre burst its banks in Riverton on Tuesday, flooding 300 homes, a police spokesman said.\n\n"
        "Regulators said new cookies rules would not affect the council's flood pages.",
        outlet="Riverton Gazette",
    )
    story = analyse_story([first, second])
    claim = next(c for c in story.claims if "burst its banks" in c.text)
    assert claim.status == "single_source" and claim.independent_sources == 2
    sections = {s.text: s.section for s in story.brief}
    assert not any(section == "confirmed" for section in sections.values())
    assert any("cookies rules" in text for text in sections)
    assert not any("uses cookies" in text for text in sections)
    from crosscheck.brief import BriefConfig, _is_readable

    assert _is_readable(
        "The council said details of the evacuation and shelters were posted at https://riverton.gov.uk/news.",
        BriefConfig(),
    )
    assert not _is_readable(
        "Read more at https://riverton.gov.uk/news/2026/flood?utm_source=x", BriefConfig()
    )


def test_who_said_what_names_the_speaker_of_a_quotation_running_over_sentences(seeds_dir: Path) -> None:
    """The quotation's first sentence alone ('"What we see now is a new reality…') names no one and leaves its
    quotation mark open: the section cites the quotation through the sentence that names Stoltenberg."""
    from crosscheck.ingest.text import read_text
    from crosscheck.pipeline import analyse, clean_documents
    from crosscheck.settings import get_settings

    documents = [d for p in sorted(seeds_dir.glob("*.txt")) for d in read_text(p, get_settings())]
    report = analyse(clean_documents(documents).articles)
    [story] = report.stories
    quotes = [s for s in story.brief if s.section == "quotes"]
    assert quotes and all("Stoltenberg" in s.text for s in quotes)
    texts = {a.id: a.text for a in report.articles}
    for sentence in quotes:
        [citation] = sentence.citations
        assert texts[citation.article_id][citation.start : citation.end] == sentence.text
        assert sentence.text.count('"') % 2 == 0


def test_a_ranked_quotation_is_shown_in_a_wording_that_names_its_speaker_and_closes_its_marks(
    seeds_dir: Path,
) -> None:
    """'"What we see now is a new reality, a new normal for European security.' opens a quotation it never
    closes and names no one: the other outlet's wording of that claim, which names Stoltenberg, stands in. A
    quotation no other outlet carries is shown whole when its paragraph names the speaker."""
    from crosscheck.ingest.text import read_text
    from crosscheck.pipeline import analyse, clean_documents
    from crosscheck.settings import get_settings

    documents = [d for p in sorted(seeds_dir.glob("*.txt")) for d in read_text(p, get_settings())]
    [story] = analyse(clean_documents(documents).articles).stories
    ranked = [s for s in story.brief if s.section in ("confirmed", "relayed", "single_source")]
    assert ranked and all(s.text.count('"') % 2 == 0 for s in ranked)
    new_reality = [s for s in ranked if "new reality" in s.text]
    assert new_reality and all("Stoltenberg" in s.text for s in new_reality)

    council = article(
        '"We have a new plan for the harbour. Work starts in June," Mayor Jane Ortiz told the council on '
        "Tuesday.\n\nThe council approved the harbour budget on Tuesday by seven votes to two.",
        outlet="Daily One",
    )
    annotated = {a.article.id: a for a in annotate_articles([council])}
    one = Story(id="s", title="harbour", article_ids=[council.id])
    brief = compose_brief(one, {council.id: council}, annotated)
    assert_grounded(brief, {council.id: council})
    for sentence in brief:
        assert sentence.text.count('"') % 2 == 0
        if "new plan" in sentence.text:
            assert "Ortiz" in sentence.text


def test_sources_relied_on_skips_a_credit_the_brief_already_says_in_other_words() -> None:
    from crosscheck.brief import _source_sentences

    shown = article(
        "“This means we will actually be free. We can start living and no more nightmares,” said Fran Keller, "
        "67.\n\nThe couple will receive $3.4 million from a state fund.",
        outlet="Daily Two",
    )
    credit = article(
        "The couple will receive $3.4 million from a state fund for the wrongly convicted, Reuters reported on "
        'Tuesday.\n\n"We can start living '
        'and no more nightmares," Fran Keller told Reuters.',
        outlet="Daily One",
    )
    annotated = {a.article.id: a for a in annotate_articles([shown, credit])}
    story = Story(
        id="s",
        title="Kellers",
        article_ids=[shown.id, credit.id],
        attributions=[at for a in annotated.values() for at in a.attributions],
    )
    assert {at.source for at in story.attributions} == {"Reuters"}
    used = {(shown.id, s.index) for s in annotated[shown.id].sentences}
    [taken] = _source_sentences(story, annotated, BriefConfig(), 100, used)
    assert taken.text.startswith("The couple will receive $3.4 million")


def test_a_credit_whose_quotation_names_no_one_is_shown_after_the_speaker_s_name() -> None:
    """'"Our sadness is now just prolonged," she told CNN.' away from its article names no one: the article's
    last mention of the speaker is fused before it and cited."""
    from crosscheck.brief import _source_sentences

    credit = article(
        "Relatives of the passengers met in Beijing on Monday. Catherine Tamoh Lion lost her husband on the "
        'flight.\n\n"Our sadness is now just prolonged," she told CNN.',
        outlet="Daily One",
    )
    annotated = {a.article.id: a for a in annotate_articles([credit])}
    quotes = [q for a in annotated.values() for q in a.quotes]
    assert [q.speaker for q in quotes if q.text.startswith("Our sadness")] == ["Catherine Tamoh Lion"]
    story = Story(
        id="s",
        title="Search",
        article_ids=[credit.id],
        quotes=quotes,
        attributions=[at for a in annotated.values() for at in a.attributions],
    )
    [taken] = _source_sentences(story, annotated, BriefConfig(), 100, set())
    assert taken.text == 'Catherine Tamoh Lion — "Our sadness is now just prolonged," she told CNN.'
    name, sentence = taken.citations
    assert credit.text[name.start : name.end] == "Catherine Tamoh Lion"
    assert credit.text[sentence.start : sentence.end].endswith("she told CNN.")


@pytest.mark.parametrize(
    ("sentence", "furniture"),
    [
        ("The regulator said the use of cookies by advertisers would be restricted.", False),
        ("Users who accept cookies are tracked across sites, the study found.", False),
        ("The EU's cookie policy has been criticised by publishers.", False),
        ("Officers told residents to follow them to the evacuation centre.", False),
        ("You can unsubscribe at any time.", True),
        ("This site uses cookies to improve your experience.", True),
        ("Sign up for our daily newsletter.", True),
        ("Follow us on Twitter.", True),
        ("Image copyright Getty Images Image caption A P3 returns to Perth from the air search.", True),
        ("CNN's Jo Shelley and Per Nyberg contributed to this report.", True),
        ("The reporters who contributed to the investigation were honoured.", False),
    ],
)
def test_furniture_is_what_asks_something_of_the_reader(sentence: str, furniture: bool) -> None:
    from crosscheck.clean import furniture_sentence

    assert furniture_sentence(sentence) is furniture


def test_a_page_that_shares_no_words_with_the_story_gives_its_brief_nothing() -> None:
    from crosscheck.brief import compose_brief, off_topic_articles

    floods = [
        article(
            "Floodwater swept through the harbour district on Monday, forcing 300 families from their homes.\n\n"
            "The river crested at 6 metres overnight, the highest level since 1998, officials said.",
            "Harbour Gazette",
        ),
        article(
            "About 300 families left the harbour district on Monday as floodwater rose through the streets.\n\n"
            "Officials said the river reached 6 metres, its highest level since 1998.",
            "Valley Times",
        ),
    ]
    notice = article(
        "Starting in 1996, an archive has been donating crawl data to the library.\n\n"
        "Every two months a snapshot of the web is taken and made available to researchers later on.",
        "Archive",
    )
    assert off_topic_articles([*floods, notice]) == {notice.id}
    # Of two articles, neither is the odd one out; nor is the one story among two copies of a notice.
    assert off_topic_articles([floods[0], notice]) == set()
    copy = article(notice.text, "Archive Mirror")
    assert off_topic_articles([floods[0], notice, copy]) == set()

    articles = {a.id: a for a in (*floods, notice)}
    story = Story(id="s", title="flood", article_ids=list(articles))
    brief = compose_brief(story, articles, sentences_only(*articles.values()), words=120)
    assert brief and all(c.article_id != notice.id for s in brief for c in s.citations)


def test_a_wire_original_reprinted_twice_with_lines_added_stays_in_the_story() -> None:
    from crosscheck.brief import off_topic_articles

    wire = (
        "Floodwater swept through the harbour district on Monday, forcing 300 families from their homes. The river "
        "crested at 6 metres overnight, the highest level since 1998, officials said. Emergency crews worked "
        "through the night to shore up the levee near the old port. Schools in the district stayed closed and the "
        "mayor asked residents to boil tap water until engineers had tested the supply. Two bridges over the river "
        "were shut to traffic while inspectors checked their foundations for damage from debris."
    )
    original = article(wire, "Wire Service")
    first = article(wire + " Shopkeepers counted losses.", "Harbour Gazette")
    second = article(wire + " A charity opened a shelter.", "Valley Times")
    # Each reprint is a copy of the original (cosine 0.93); the reprints are 0.86 alike, no copies of each other.
    assert off_topic_articles([original, first, second]) == set()


def test_a_place_dateline_without_an_agency_is_left_out_and_a_sentence_on_an_acronym_is_not_cut() -> None:
    paper = article(
        "PALM BEACH, Fla. — President Trump began meetings with the leader of Japan on Tuesday.\n"
        "NATO — the alliance of 30 countries — met in Brussels on Tuesday as well.",
        "Paper",
    )
    other = article(
        "President Trump began talks with the Japanese prime minister on Tuesday in Florida.\n"
        "The alliance of 30 countries met in Brussels on the same day.",
        "Other",
    )
    story, articles, annotated = _sentences_only(paper, other)
    texts = [c.sentence.text for c in candidate_sentences(story, articles, annotated)]
    assert "President Trump began meetings with the leader of Japan on Tuesday." in texts
    assert not any(t.startswith("PALM BEACH") for t in texts)
    assert any(t.startswith("NATO — the alliance") for t in texts)
    from crosscheck.annotate.speech import find_cues

    assert all(
        cue.speaker != "PALM BEACH, Fla" for cue in find_cues("PALM BEACH, Fla. — Trump said on Tuesday.")
    )


def test_a_claim_opening_on_a_pronoun_is_shown_in_the_wording_that_names_whom() -> None:
    """Away from its article, "He told reporters …" leaves the reader to guess who; the other outlet's wording of
    the same claim names the mayor and stands in for it."""
    from crosscheck.pipeline import analyse_story

    first = article(
        "Mayor Jane Ortiz visited the flooded harbour on Monday morning.\n\n"
        "She told reporters the harbour would reopen in June after repairs costing 3 million euros.",
        outlet="Daily One",
        published="2024-05-06T08:00:00Z",
    )
    second = article(
        "Mayor Jane Ortiz said the harbour would reopen in June after repairs costing 3 million euros.\n\n"
        "Fishermen have waited since March.",
        outlet="Daily Two",
        published="2024-05-06T12:00:00Z",
    )
    story = analyse_story([first, second])
    shown = [s.text for s in story.brief if "reopen in June" in s.text]
    assert shown and all(text.startswith("Mayor Jane Ortiz") for text in shown)


def test_an_interviews_answer_is_given_with_its_speakers_name_and_never_as_the_outlets_word() -> None:
    """Answers under their questions name no one: shown in the claims' sections they read as the outlet's own
    account. "Who said what" gives one after the article's mention of the speaker, fused by a dash."""
    from crosscheck.brief import assert_grounded
    from crosscheck.pipeline import analyse_story

    interview = article(
        "Following the defeat on Wednesday, Megan Rapinoe responded to the club's decision to play the anthem "
        "early, before the teams came out of the locker room.\n\n"
        "Her sister Rachael Rapinoe watched from the stands.\n\n"
        "What was your reaction to the early anthem?\n\n"
        "“I didn't hear it and I wasn't exactly sure why it wasn't played. It's truly unbelievable.”\n\n"
        "Did you anticipate anything like this happening?\n\n"
        "“I think they were going to show their support in some way. Many of them talked to me.”",
        outlet="The Post",
    )
    story = analyse_story([interview])
    answers = ("I didn't hear it", "I think they were")
    for sentence in story.brief:
        if sentence.section != "quotes":
            assert not any(answer in sentence.text for answer in answers), sentence
            assert not sentence.text.endswith("?"), sentence
    [said] = [s for s in story.brief if s.section == "quotes"]
    assert said.text.startswith("Megan Rapinoe — “") and any(answer in said.text for answer in answers)
    assert interview.text[said.citations[0].start : said.citations[0].end] == "Megan Rapinoe"
    assert_grounded(story.brief, {interview.id: interview})

"""The Markdown report: the brief by section with citations, coverage table, differences and quotations."""

from __future__ import annotations

import re
from pathlib import Path

from crosscheck.model import Article, Quote, Report
from crosscheck.report.markdown import escape, render_markdown
from tests.brief_fixtures import briefed, flood_story


def _report() -> tuple[Report, str]:
    report = briefed(flood_story()).report()
    return report, render_markdown(report)


def test_brief_sections_appear_with_their_citations() -> None:
    report, markdown = _report()
    assert markdown.startswith("# crosscheck report\n")
    assert "## Flood barriers fail in Elmsford" in markdown
    for heading in ("Confirmed by several independent sources", "Where reports differ", "Sources relied on"):
        assert f"### {heading}" in markdown
    story = report.stories[0]
    first = story.brief[0]
    citation = first.citations[0]
    outlet = next(a.outlet for a in report.articles if a.id == citation.article_id)
    assert f"{escape(outlet)} {citation.start}–{citation.end}" in markdown


def test_coverage_table_marks_who_reports_what_and_who_alone() -> None:
    _, markdown = _report()
    header = next(line for line in markdown.splitlines() if line.startswith("| Claim |"))
    assert header.count("|") == 3 + 3 + 1  # claim, status, count, three outlets
    schools = next(line for line in markdown.splitlines() if line.startswith("| Schools in the city"))
    assert "one outlet only (alone)" in schools
    assert schools.count("●") == 1
    flood = next(line for line in markdown.splitlines() if line.startswith("| Flood barriers failed"))
    assert flood.count("●") == 3


def test_differences_show_both_sides_and_the_word_diff() -> None:
    _, markdown = _report()
    assert "**number**: Harbour Gazette puts the repairs at 12 million euros" in markdown
    assert "**12 million euros**" in markdown and "**15 million euros**" in markdown
    # Removed words struck through, added ones in bold: Markdown's own marks, not a diff tool's.
    assert "~~before,~~ **ever,**" in markdown
    assert "[-" not in markdown.replace("\\[", "") and "{+" not in markdown.replace("\\{", "")
    assert "Anna Ruiz**, as quoted by Harbour Gazette and Valley Times: wording differs" in markdown


def test_article_text_cannot_become_markup() -> None:
    report, _ = _report()
    brief = report.stories[0].brief
    assert any("<script>" in s.text for s in brief), "the fixture's hostile sentence should be in the brief"
    markdown = render_markdown(report)
    assert "<script>" not in markdown
    assert "\\<script\\>" in markdown
    assert "\\*\\*bold\\*\\* \\| pipes" in markdown


def test_a_report_without_stories_still_renders() -> None:
    markdown = render_markdown(Report(articles=[], stories=[]))
    assert "0 articles from 0 outlets, 0 stories" in markdown


def test_event_dates_are_listed_with_their_cited_words() -> None:
    _, markdown = _report()
    assert "### Events the reports mention" in markdown
    events = markdown.split("### Events the reports mention\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    # Sunday night in three outlets, Monday's statement and Wednesday's reopening, all read against the
    # Monday 2 March 2026 publication date; the forward-looking "until Wednesday" is the coming one.
    days = [line[2:12] for line in events if line.startswith("- ")]
    assert days == ["2026-03-01"] * 3 + ["2026-03-02", "2026-03-04"]
    assert any("flood barriers failed on **Sunday** night" in line for line in events)
    assert "<script>" not in "\n".join(events)


def test_a_citations_context_stays_inside_its_paragraph() -> None:
    """Markdown joins the lines of a list item: a context running into the next paragraph would read as
    'said.**"We have never' - one sentence glued to the next."""
    from crosscheck.report import context
    from tests.helpers import article

    text = (
        'Heavy rain killed 12 people in Brod, officials said.\n\n"We have never seen water rise this fast."'
    )
    story = article(text, outlet="Wire")
    start = story.text.index("Heavy")
    end = story.text.index("said.") + len("said.")
    before, span, after = context(story, start, end, width=60)
    assert (before, after) == ("", "") and span.endswith("said.")
    quote = story.text.index("We have")
    before, _, _ = context(story, quote, quote + 7, width=60)
    assert before == '"'


def test_each_difference_in_the_brief_says_what_differs() -> None:
    """The brief's differences set two outlets' sentences side by side; the reader is told what differs first,
    not only sections later."""
    from crosscheck.report.html import render_html

    flood = briefed(flood_story())
    report = Report(articles=list(flood.articles.values()), stories=[flood.story])
    lines = render_markdown(report).split("### Where reports differ", 1)[1].split("###", 1)[0].splitlines()
    items = [line for line in lines if line.startswith("- ")]
    explanations = {d.explanation for d in flood.story.discrepancies}
    assert items and all(any(f"**{escape(e)}**" in item for e in explanations) for item in items)
    page = render_html(report)
    assert any(f"<strong>{e.split(';')[0]}" in page for e in explanations)


def test_a_remark_quoted_further_by_one_outlet_is_not_a_change_of_wording() -> None:
    """One outlet quotes the whole remark, the other its first half (the rest in a second quotation): the same
    words as far as both quote, which the quotations section must not call a different wording."""
    from crosscheck.model import Quote, Story
    from crosscheck.report import quote_pairs, word_diff

    whole = "We will not reopen the bridge until the barriers are rebuilt and tested"
    part = "We will not reopen the bridge"

    def quote(article_id: str, text: str) -> Quote:
        return Quote(
            article_id=article_id, start=0, end=len(text), text=text, speaker="Anna Ruiz", cue="said",
            direct=True, sentence=0,
        )  # fmt: skip

    story = Story(
        id="s", title="Bridge", article_ids=["a", "b"], quotes=[quote("a", whole), quote("b", part)]
    )
    (pair,) = quote_pairs(story)
    assert not pair.diff.reworded
    assert pair.diff.verdict() == "same words, one quoting further"
    markdown = render_markdown(Report(articles=[], stories=[story]))
    assert "Anna Ruiz**, as quoted by a and b: same words, one quoting further" in markdown
    assert "wording differs" not in markdown
    # A word changed inside the stretch both quote is a different wording.
    changed = word_diff(whole, "We will never reopen the bridge until the barriers are rebuilt")
    assert changed.reworded and changed.verdict() == "wording differs"


def test_words_an_outlet_cut_with_an_ellipsis_or_masked_are_no_change_of_wording() -> None:
    from crosscheck.report import word_diff

    full = "We see tragedies like the one involved where families lose everything"
    cut = word_diff("We see tragedies... where families lose everything", full)
    assert not cut.reworded and cut.verdict() == "same words, one cutting or masking some"
    masked = word_diff(
        "He was the f*** victim of the whole affair", "He was the [expletive] victim of the whole affair"
    )
    assert not masked.reworded
    assert (
        word_diff("We see tragedies ... where families lose everything", full)
        .verdict()
        .startswith("same words")
    )
    # A masked word does not hide the word changed beside it.
    assert word_diff(
        "It was the most f*** stupid plan of all", "It was the most fucking brilliant plan of all"
    ).reworded
    # A word changed beside the cut is still a change.
    both = word_diff(
        "We see tragedies... where families very seldom lose everything", full.replace("lose", "seldom lose")
    )
    assert both.reworded


def test_escaping_covers_lists_strikethrough_entities_and_keeps_edge_spaces() -> None:
    assert escape("- Libraries close early") == "\\- Libraries close early"  # not a nested list
    assert escape("+ one") == "\\+ one" and escape("1. First") == "1\\. First"
    assert escape("~~Parking~~ charges") == "\\~\\~Parking\\~\\~ charges"  # not struck through
    assert escape("Fish &amp; chips") == "Fish \\&amp; chips"  # the entity's text, not "&"
    assert escape("![map](x)") == "\\!\\[map\\](x)"
    # A context before and after a bold span keeps the space that separates it from the span.
    assert escape("for European security. ") + "**Therefore**" + escape(" it said") == (
        "for European security. **Therefore** it said"
    )
    assert escape("Price -5 and A-B") == "Price -5 and A-B"


def test_the_attribution_graph_draws_one_node_per_name_and_only_who_is_quoted() -> None:
    from crosscheck.model import Article, Attribution, Quote, Story
    from crosscheck.report import attribution_graph

    def quote(text: str, speaker: str, direct: bool) -> Quote:
        return Quote(
            article_id="a", start=0, end=len(text), text=text, speaker=speaker, cue="said", direct=direct,
            sentence=0,
        )  # fmt: skip

    story = Story(
        id="s",
        title="Pirates",
        article_ids=["a"],
        quotes=[
            quote("the ship was freed", "The Indian Navy", False),
            quote("we freed the ship", "the Indian navy", True),
            quote("the pirates fled", "information available now", False),
        ],
        attributions=[
            Attribution(source="Reuters", article_id="a", start=0, end=4, text="told", sentences=[1])
        ],
    )
    articles = {"a": Article(id="a", outlet="Gulf Times", text="x" * 40)}
    graph = attribution_graph(story, articles)
    assert graph.of_kind("speaker") == ["The Indian Navy"]
    assert graph.of_kind("source") == ["Reuters"] and graph.of_kind("outlet") == ["Gulf Times"]


def test_shortened_text_is_cut_between_words() -> None:
    from crosscheck.report import shortened

    assert shortened("the alliance's chief said the plan would go ahead", 20) == "the alliance's…"
    assert shortened("The International Maritime Bureau", 30) == "The International Maritime…"
    assert shortened("Shortened nothing", 40) == "Shortened nothing"
    assert shortened("A supercalifragilisticexpialidocious headline", 20) == "A supercalifragilis…"


def test_quotation_verdicts_and_named_speakers() -> None:
    from crosscheck.report import _named, word_diff

    spaced = word_diff("I'm sure the alliance will act now", "I ’ m sure the alliance will act now")
    assert spaced.verdict() == "same words, spaced or punctuated differently"
    assert word_diff(
        "We will not reopen the bridge until May", "We will not reopen the bridge"
    ).verdict() == ("same words, one quoting further")
    assert all(_named(n) for n in ("Bank of England", "Ursula von der Leyen", "Bashar al-Assad", "The Navy"))
    assert not any(_named(n) for n in ("information available now", "the statement", "of England"))


def test_a_markdown_report_written_to_a_file_gets_its_pictures_beside_it(tmp_path: Path) -> None:
    from crosscheck.report.markdown import Pictures

    report = briefed(flood_story()).report()
    folder = tmp_path / "brief-pictures"
    markdown = render_markdown(report, Pictures(folder, folder.name))
    linked = re.findall(r"!\[[^\]]+\]\(brief-pictures/([\w.-]+)\)", markdown)
    assert linked == ["story-1-sources.svg", "story-1-timeline.svg"]
    for name in linked:
        svg = (folder / name).read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<svg") and "<script" not in svg
    # Each picture says what it shows in text a reader sees, and the graph stands on its own background.
    assert re.findall(r"^\*(Who relied on whom|When each outlet published)[^\n]*\.\*$", markdown, re.M) == [
        "Who relied on whom",
        "When each outlet published",
    ]
    graph = (folder / "story-1-sources.svg").read_text(encoding="utf-8")
    assert 'font-family="sans-serif"' in graph and re.search(r'<rect x="0" y="0" [^>]*fill="white"', graph)
    assert "![" not in render_markdown(report)  # on standard output there is nowhere to put them


def test_reports_list_what_was_said_and_pair_only_quotations() -> None:
    from crosscheck.model import Story
    from crosscheck.report import quote_pairs, unpaired_quotes
    from tests.helpers import article

    first = article(
        "Police did not say if the driver was alive. Chief Ana Ruiz said the road would reopen. "
        'Ruiz wants to widen the road. "We will rebuild the bridge by May," Ruiz said.',
        outlet="Harbour Gazette",
    )
    second = article(
        'Chief Ana Ruiz told reporters: "We will rebuild the bridge by June." Ruiz said that the road would '
        "reopen soon.",
        outlet="Valley Times",
    )

    def quote(source: Article, words: str, cue: str, direct: bool) -> Quote:
        return _quote_of(source, words, "Ana Ruiz" if "alive" not in words else "Police", cue, direct)

    quotes = [
        quote(first, "if the driver was alive", "say", False),
        quote(first, "the road would reopen", "said", False),
        quote(first, "to widen the road", "wants", False),
        quote(first, "We will rebuild the bridge by May", "said", True),
        quote(second, "We will rebuild the bridge by June", "told reporters", True),
        quote(second, "the road would reopen soon", "said", False),
    ]
    story = Story(id="s", title="t", article_ids=[first.id, second.id], quotes=quotes)
    pairs = quote_pairs(story)
    # The two quotations of one remark pair; the two writers' paraphrases of another do not.
    assert [(p.left.text, p.right.text) for p in pairs] == [
        ("We will rebuild the bridge by May", "We will rebuild the bridge by June")
    ]
    listed = [q.text for q in unpaired_quotes(story, pairs, {first.id: first, second.id: second})]
    # What was said stays; a wish and what the police did not say are not speech.
    assert listed == ["the road would reopen", "the road would reopen soon"]

    # The negation that counts is the one of the quote's own cue, not of one in the sentence before; and "not
    # only said" says.
    from crosscheck.report import spoken

    third = article(
        "Police have not said who fired. The gunman fled toward the river, Ruiz said. Ruiz not only said the "
        "bridge would reopen but also that tolls would fall.",
        outlet="Valley Times",
    )
    assert spoken(quote(third, "The gunman fled toward the river", "said", False), third)
    assert spoken(quote(third, "the bridge would reopen", "said", False), third)
    # What someone sought is no statement ("investigating whether Trump sought to obstruct justice").
    assert not spoken(quote(third, "toward the river", "sought", False), third)
    # A pronoun nobody was found behind names no one.
    unnamed = quote(third, "the bridge would reopen", "said", False).model_copy(update={"speaker": "you"})
    assert not spoken(unnamed, third)


def test_a_source_credited_under_two_spellings_is_listed_once_by_its_fullest() -> None:
    from crosscheck.model import Attribution, Story
    from crosscheck.report import sources_relied_on
    from tests.helpers import article

    first = article("DENVER (AP) — The dam held overnight, officials said.", outlet="Denver Daily")
    second = article("The dam held, The Associated Press reported on Monday.", outlet="Valley Times")
    attributions = [
        Attribution(source="AP", article_id=first.id, start=7, end=11, text="(AP)"),
        Attribution(
            source="The Associated Press", article_id=second.id, start=15, end=35, text="The Associated Press"
        ),
    ]
    story = Story(id="s", title="t", article_ids=[first.id, second.id], attributions=attributions)
    listed = sources_relied_on(story, {first.id: first, second.id: second})
    assert listed == [("The Associated Press", ["Denver Daily", "Valley Times"])]


def test_a_quotations_own_text_is_never_read_as_diff_markup() -> None:
    from crosscheck.report import word_diff
    from crosscheck.report.markdown import _marked

    diff = word_diff("we will a-] b {+c+} rebuild it before May", "we will a-] b {+c+} rebuild it ever May")
    rendered = _marked(diff.parts())
    assert "~~before~~ **ever**" in rendered
    assert "**c**" not in rendered and "\\{+c+\\}" in rendered


def test_reported_speech_is_not_printed_as_a_quotation_and_nobodys_is_not_listed() -> None:
    from crosscheck.model import Story
    from crosscheck.report.markdown import _quotes
    from tests.helpers import article

    source = article(
        "Chief Ana Ruiz said the road would reopen. Few in town said they expected the bridge to open soon.",
        outlet="Harbour Gazette",
    )

    def quote(words: str, speaker: str | None) -> Quote:
        return _quote_of(source, words, speaker, "said", False)

    story = Story(
        id="s", title="t", article_ids=[source.id], quotes=[quote("the road would reopen", "Ana Ruiz")]
    )
    lines = _quotes(story, {source.id: source})
    # The outlet's paraphrase in angle marks: quotation marks would give the words to the chief.
    assert "- **Ana Ruiz** (reported speech) in Harbour Gazette: ‹the road would reopen›" in lines
    # Reported speech with no one behind it is no one's statement, and an empty list has no heading.
    nobody = Story(
        id="s",
        title="t",
        article_ids=[source.id],
        quotes=[quote("they expected the bridge to open soon", None)],
    )
    assert _quotes(nobody, {source.id: source}) == []


def _quote_of(source: Article, words: str, speaker: str | None, cue: str, direct: bool) -> Quote:
    """A quote of ``words`` as ``source`` prints them (in its first sentence, as these tests' reports read it)."""
    start = source.text.index(words)
    return Quote(
        article_id=source.id,
        start=start,
        end=start + len(words),
        text=words,
        speaker=speaker,
        cue=cue,
        direct=direct,
        sentence=0,
    )


def test_the_terminal_brief_marks_a_copy_beside_its_number() -> None:
    """Readers took "1 duplicate copy folded into their originals" to mean the copy was gone, then found it
    cited beside its original; the article list says which number copies which."""
    from io import StringIO

    from rich.console import Console

    from crosscheck.pipeline import analyse
    from crosscheck.report.text import render_text
    from tests.helpers import article

    text = (
        "The harbour board voted on Tuesday to keep the Sunday ferry running through the winter.\n\n"
        "The board's chair, Ana Ruiz, said the vote followed a petition signed by 4,000 residents.\n\n"
        "The ferry carries about 600 passengers on a winter Sunday, the board said."
    )
    original = article(text, outlet="Harbour Daily")
    copy = article(text, outlet="Coast Weekly")
    report = analyse([original, copy])
    assert report.duplicates
    buffer = StringIO()
    render_text(report, Console(file=buffer, width=200, color_system=None))
    printed = buffer.getvalue()
    story = report.stories[0]
    numbers = {aid: n for n, aid in enumerate(story.article_ids, 1)}
    group = report.duplicates[0]
    assert f"[{numbers[group.copies[0]]}]" in printed
    assert f"(copy of [{numbers[group.canonical]}])" in printed
    assert "never counted as an independent one" in printed

"""A small three-outlet story built directly from the data model, for the brief and report tests.

The texts are written for these tests. Claims, quotes, discrepancies and attributions are set by hand the way
the compare stage would set them, with spans that satisfy ``article.text[start:end] == span.text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from crosscheck.annotate.sentences import split_sentences
from crosscheck.model import (
    AnnotatedArticle,
    Article,
    Attribution,
    Claim,
    Discrepancy,
    Quote,
    Report,
    Story,
)
from tests.helpers import article, span

GAZETTE = (
    "Flood barriers failed in the port city of Elmsford on Sunday night, "
    "forcing 3,000 residents from their homes.\n"
    "Mayor Anna Ruiz said the barriers had been inspected in January and passed every test.\n"
    '"We will rebuild them stronger than before," Ruiz told reporters at the town hall.\n'
    "The regional water authority said repairs would cost 12 million euros.\n"
    "Engineers will examine the failed barriers next week."
)
TIMES = (
    "About 3,000 residents of Elmsford left their homes after flood barriers failed on Sunday night, "
    "according to Reuters.\n"
    '"We will rebuild them stronger than ever," Ruiz said outside the town hall.\n'
    "Repairs will cost 15 million euros, the water authority said on Monday.\n"
    "Schools in the city will stay closed until Wednesday while the water recedes.\n"
    # Untrusted text: renderers must show this literally, never as markup.
    "A reader wrote <script>alert('x')</script> and **bold** | pipes in the comments section of the page."
)
HERALD = (
    "Flood barriers in Elmsford gave way on Sunday night and some 3,000 people were evacuated, "
    "Reuters reported.\n"
    "Mayor Anna Ruiz said the barriers had been inspected in January and passed every test.\n"
    "Volunteers filled sandbags through the night to protect the old harbour district."
)


@dataclass(frozen=True)
class FloodStory:
    articles: dict[str, Article]
    annotated: dict[str, AnnotatedArticle]
    story: Story
    gazette: Article
    times: Article
    herald: Article

    def report(self) -> Report:
        return Report(articles=list(self.articles.values()), stories=[self.story])


def sentences_only(*articles: Article) -> dict[str, AnnotatedArticle]:
    """Annotations holding sentences and nothing else: what the brief needs to rank and cite."""
    return {
        a.id: AnnotatedArticle(
            article=a,
            sentences=split_sentences(a),
            entities=[],
            quantities=[],
            dates=[],
            quotes=[],
            attributions=[],
        )
        for a in articles
    }


def flood_story() -> FloodStory:
    gazette = article(GAZETTE, "Harbour Gazette", published=datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    times = article(TIMES, "Valley Times", published=datetime(2026, 3, 2, 11, 30, tzinfo=UTC))
    herald = article(HERALD, "Coast Herald", published=datetime(2026, 3, 3, 7, 15, tzinfo=UTC))
    articles = {a.id: a for a in (gazette, times, herald)}
    annotated = sentences_only(*articles.values())

    def sentence_span(source: Article, index: int) -> str:
        return annotated[source.id].sentences[index].text

    claims = [
        Claim(
            id="c-flood",
            text=sentence_span(gazette, 0),
            status="corroborated",
            support=[span(a, sentence_span(a, 0)) for a in (gazette, times, herald)],
            upstream_sources=["Reuters"],
            origins=["reuters", "harbour gazette"],
            independent_sources=2,
            outlets=["Harbour Gazette", "Valley Times", "Coast Herald"],
        ),
        Claim(
            id="c-inspected",
            text=sentence_span(gazette, 1),
            status="corroborated",
            support=[span(gazette, sentence_span(gazette, 1)), span(herald, sentence_span(herald, 1))],
            upstream_sources=[],
            origins=["anna ruiz"],
            independent_sources=1,
            outlets=["Harbour Gazette", "Coast Herald"],
        ),
        Claim(
            id="c-cost",
            text=sentence_span(gazette, 3),
            status="disputed",
            support=[span(gazette, sentence_span(gazette, 3)), span(times, sentence_span(times, 2))],
            upstream_sources=[],
            origins=["regional water authority"],
            independent_sources=1,
            outlets=["Harbour Gazette", "Valley Times"],
        ),
        Claim(
            id="c-schools",
            text=sentence_span(times, 3),
            status="single_source",
            support=[span(times, sentence_span(times, 3))],
            upstream_sources=[],
            origins=["valley times"],
            independent_sources=1,
            outlets=["Valley Times"],
        ),
        Claim(
            id="c-volunteers",
            text=sentence_span(herald, 2),
            status="single_source",
            support=[span(herald, sentence_span(herald, 2))],
            upstream_sources=[],
            origins=["coast herald"],
            independent_sources=1,
            outlets=["Coast Herald"],
        ),
    ]
    gazette_quote = span(gazette, "We will rebuild them stronger than before,")
    times_quote = span(times, "We will rebuild them stronger than ever,")
    quotes = [
        Quote(**gazette_quote.model_dump(), speaker="Anna Ruiz", cue="told", direct=True, sentence=2),
        Quote(**times_quote.model_dump(), speaker="Anna Ruiz", cue="said", direct=True, sentence=1),
    ]
    discrepancies = [
        Discrepancy(
            kind="number",
            explanation="Harbour Gazette puts the repairs at 12 million euros; Valley Times at 15 million.",
            sides=[span(gazette, "12 million euros"), span(times, "15 million euros")],
            claim_id="c-cost",
        ),
        Discrepancy(
            kind="quote_wording",
            explanation="Anna Ruiz's quotation ends 'before' in one outlet and 'ever' in the other.",
            sides=[gazette_quote, times_quote],
            diff="We will rebuild them stronger than [-before,-] {+ever,+}",
        ),
    ]
    times_credit = span(times, "according to Reuters")
    herald_credit = span(herald, "Reuters reported")
    attributions = [
        Attribution(source="Reuters", **times_credit.model_dump(), sentences=[0]),
        Attribution(source="Reuters", **herald_credit.model_dump(), sentences=[0]),
    ]
    story = Story(
        id="s-flood",
        title="Flood barriers fail in Elmsford",
        article_ids=[gazette.id, times.id, herald.id],
        first_seen=gazette.published,
        last_seen=herald.published,
        claims=claims,
        discrepancies=discrepancies,
        quotes=quotes,
        attributions=attributions,
    )
    return FloodStory(articles, annotated, story, gazette, times, herald)


def briefed(flood: FloodStory, words: int = 250) -> FloodStory:
    """The same story with its brief composed."""
    from crosscheck.brief import compose_brief

    brief = compose_brief(flood.story, flood.articles, flood.annotated, words=words)
    return FloodStory(
        flood.articles,
        flood.annotated,
        flood.story.model_copy(update={"brief": brief}),
        flood.gazette,
        flood.times,
        flood.herald,
    )

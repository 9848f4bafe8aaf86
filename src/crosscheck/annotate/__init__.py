"""Annotation: everything the comparison needs to know about one article, found once.

Requires: clean ``Article``s. Produces: ``AnnotatedArticle``s with sentences, entity mentions (spaCy NER, the one
model this stage runs), quantities and their framing, dates, quotes with resolved speakers, the person each
sentence is credited to, and attributions with their scope.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from crosscheck import nlp
from crosscheck.annotate.attributions import find_attributions
from crosscheck.annotate.dates import find_dates
from crosscheck.annotate.quantities import find_quantities
from crosscheck.annotate.quotes import find_quotes
from crosscheck.annotate.sentences import split_sentences
from crosscheck.model import AnnotatedArticle, Article, EntityMention

# spaCy labels kept as entities; numbers and dates have annotators of their own.
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)


def entity_mentions(article: Article, doc: object) -> list[EntityMention]:
    mentions = []
    for ent in getattr(doc, "ents", ()):
        if ent.label_ not in ENTITY_LABELS:
            continue
        # The tagger reads across paragraph breaks ("Tavin Price\n\nRivers said"): each line's part is a
        # mention of its own.
        offset = ent.start_char
        for line in article.text[ent.start_char : ent.end_char].split("\n"):
            mention = _mention(article, offset, offset + len(line), ent.label_)
            offset += len(line) + 1
            if mention is not None:
                mentions.append(mention)
    return mentions


# The rest of a hyphenated given name after the hyphen the tagger stopped at ("-in" of "Jae-in", "-jong" of
# "Yo-jong"): a short syllable after a short capitalised one, and not an English compound's second half
# ("Moon-led").
HYPHENED_NAME_END = re.compile(
    r"-(?!(?:led|era|run|like|free|made|type|ish|held|born|wide|only|less|ever|old)\b)[a-z]{2,4}\b(?![-'’])"
)
SHORT_SYLLABLE = re.compile(r"[A-Z][a-z]{1,3}")


def _mention(article: Article, start: int, end: int, label: str) -> EntityMention | None:
    """The mention at ``start:end``, trimmed of what the tagger took in around the name; None if nothing is left.
    Offsets must stay verbatim: spaCy sometimes swallows a possessive, a trailing newline, a pull quote's dash
    or an opening quotation mark ("— Jennifer Rivers")."""
    text = article.text[start:end]
    while text and not text[-1].isalnum():
        end -= 1
        text = article.text[start:end]
    while text and not (text[0].isalnum() or text[0] in "$£€"):
        start += 1
        text = article.text[start:end]
    if text.endswith(("'s", "’s")):
        end -= 2
        text = article.text[start:end]
    if label == "PERSON":
        # "Moon Jae-in", "Kim Yo-jong": the tagger's tokens end a name at its hyphen.
        hyphenated = HYPHENED_NAME_END.match(article.text, end)
        if hyphenated and SHORT_SYLLABLE.fullmatch(text.split()[-1]):
            end = hyphenated.end()
            text = article.text[start:end]
    if not text.strip():
        return None
    return EntityMention(article_id=article.id, start=start, end=end, text=text, label=label)


def annotate_articles(articles: Sequence[Article]) -> list[AnnotatedArticle]:
    docs = nlp.analyse_texts(a.text for a in articles)
    return [annotate_with(article, doc) for article, doc in zip(articles, docs, strict=True)]


def annotate_article(article: Article) -> AnnotatedArticle:
    return annotate_articles([article])[0]


def annotate_with(article: Article, doc: object) -> AnnotatedArticle:
    sentences = split_sentences(article)
    entities = entity_mentions(article, doc)
    quotes, speakers, continues = find_quotes(article, sentences, entities)
    attributions = find_attributions(article, sentences, entities, speakers, continues)
    dates = find_dates(article)
    # A number inside a date ("Feb. 24") is the date's, not a quantity.
    quantities = [q for q in find_quantities(article) if not any(d.start <= q.start < d.end for d in dates)]
    return AnnotatedArticle(
        article=article,
        sentences=sentences,
        entities=entities,
        quantities=quantities,
        dates=dates,
        quotes=quotes,
        attributions=attributions,
        speakers=speakers,
    )

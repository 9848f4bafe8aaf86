"""Sentence boundaries inside each paragraph, by rule: fast, deterministic, and aware of news abbreviations.

Requires: an ``Article`` with paragraph ranges. Produces: ``Sentence`` spans that never cross a paragraph.
"""

from __future__ import annotations

import re

from crosscheck.model import Article, Sentence, TextRange

# Words that end with a period without ending a sentence ("Feb. 24", "Mr. Smith", "U.S. troops").
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col sgt capt cmdr adm maj sen rep gov pres rev st jr sr inc corp ltd co
    vs etc no nos fig approx dept est jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues
    wed thu thur thurs fri sat sun a.m p.m u.s u.k u.n e.g i.e al det insp supt cpl pvt atty hon msgr
    sens reps gens govs
    """.split()
)
# Abbreviations that are also words ending a sentence ("dried figs.", "31 pts."): only capitalised, as in a title
# or a reference ("Shook Ones Pt. II", "Figs. 1B and 1C", "Vol. 3").
CAPITALISED_ABBREVIATIONS = frozenset({"pt", "pts", "vol", "figs"})
# A boundary: terminal punctuation, optional closing quote or bracket, whitespace, then something that can
# open a sentence (a capital, a digit, or an opening quote or bracket, the two-apostrophe quotation mark of some
# wires and archives included: "trade. ''We don't").
BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=(?:''|[\"“‘'(\[])?[A-Z0-9])")
# Two sentences a page printed with no space between them ("pegged all wrong.The K-squad", "in Liberia.They
# are"): the stop follows a word of three letters or more, lowercase after its first, and a capitalised word
# follows it. A domain ("news.com"), an acronym ("U.S.") or a short abbreviation ("St.Louis") does not match, and
# the abbreviations listed above are checked as at any other stop.
GLUED = re.compile(
    r"(?<![\w./])(?!www\b)[A-Za-z][a-z]{2,}(?P<stop>[.!?]+[\"”’)]*)(?=[A-Z][a-z]+\b)"
    # "www.Facebook.com", "Medium.Com": a web address, not two sentences.
    r"(?![\w-]*\.(?i:com|org|net|gov|edu|co|uk|io|us)\b)(?!(?i:com|org|net|gov|edu|co|uk|io|us)\b)"
)

# A quotation closed with no space before the next sentence: 'would like to think so."In my mind, she's running,"'.
# After a closing double quotation mark the word before the stop may be short.
GLUED_AFTER_QUOTE = re.compile(r"(?<=[A-Za-z])(?P<stop>[.!?]+[\"”])(?=[A-Z][a-z]+\b)")
# A date or a figure that ends its sentence against the next: "continued to July 6.Jarrett faces …".
GLUED_AFTER_FIGURE = re.compile(r"(?<=\d)(?P<stop>[.!?])(?=[A-Z][a-z]+\b)")


def _is_abbreviation(paragraph: str, dot: int) -> bool:
    """Whether the period at ``dot`` belongs to an abbreviation or an initial rather than ending a sentence."""
    if paragraph[dot] != ".":
        return False
    start = dot
    while start > 0 and (paragraph[start - 1].isalpha() or paragraph[start - 1] == "."):
        start -= 1
    word = paragraph[start:dot].lower()
    if word in ABBREVIATIONS:
        return True
    if word in CAPITALISED_ABBREVIATIONS:
        return paragraph[start].isupper()
    # A single capital is an initial ("Jens S. Stoltenberg"), dotted capitals an acronym ("U.S.").
    return len(word) == 1 or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def split_paragraph(paragraph: str) -> list[TextRange]:
    """Sentence ranges relative to the paragraph start."""
    ranges: list[TextRange] = []
    start = 0
    # (where the sentence's punctuation starts, where the next sentence starts)
    breaks = [(m.start(), m.end()) for m in BOUNDARY.finditer(paragraph)]
    breaks += [(m.start("stop"), m.end()) for m in GLUED.finditer(paragraph)]
    breaks += [(m.start("stop"), m.end()) for m in GLUED_AFTER_QUOTE.finditer(paragraph)]
    breaks += [(m.start("stop"), m.end()) for m in GLUED_AFTER_FIGURE.finditer(paragraph)]
    for stop, after in sorted(breaks):
        if stop < start or _is_abbreviation(paragraph, stop):
            continue
        end = after
        while end > start and paragraph[end - 1].isspace():
            end -= 1
        if end > start:
            ranges.append(TextRange(start=start, end=end))
        start = after
    tail_end = len(paragraph.rstrip())
    if tail_end > start:
        ranges.append(TextRange(start=start, end=tail_end))
    return ranges


def split_sentences(article: Article) -> list[Sentence]:
    sentences: list[Sentence] = []
    paragraphs = article.paragraphs or [TextRange(start=0, end=len(article.text))]
    for number, paragraph in enumerate(paragraphs):
        body = article.text[paragraph.start : paragraph.end]
        for piece in split_paragraph(body):
            start, end = paragraph.start + piece.start, paragraph.start + piece.end
            sentences.append(
                Sentence(
                    article_id=article.id,
                    index=len(sentences),
                    paragraph=number,
                    start=start,
                    end=end,
                    text=article.text[start:end],
                )
            )
    return sentences

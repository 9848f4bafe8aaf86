"""Quantities as stated: value, what they count, and how they are framed (increment, level, ratio).

Requires: an ``Article``. Produces: ``Quantity`` spans. Years and ordinals are left to the date annotator.
"""

from __future__ import annotations

import re

from crosscheck.model import Article, Framing, Quantity

SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
}
NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozens": 24,
    "hundreds": 200,
    "thousands": 2000,
}
RATIO_WORDS = {
    "double": 2,
    "doubled": 2,
    "twofold": 2,
    "tripled": 3,
    "threefold": 3,
    "quadrupled": 4,
    "fourfold": 4,
    "fivefold": 5,
    "tenfold": 10,
    "hundredfold": 100,
    "halved": 0.5,
}

# A figure with its scale and percent sign. Thousands may be set off by a comma and a space ("120, 000" in
# tokenised text such as ECB+'s, which had read as 120 and "000 people"), unless a month stands before ("March
# 5, 200 marched" is a day and a count); a scale may follow a hyphen ("$2.6-million", "2 mn - euro"); "US"
# may stand right before the digits ("$ US1 million").
NUMBER = re.compile(
    r"(?:(?<![\w.,-])|(?<=\bUS))(?P<num>\d{1,3}(?:, ?\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?:\s?-\s?|\s)?(?P<scale>thousand|million|billion|trillion|bn|mn|k|m)\b)?(?P<pct>\s?%|\s?percent\b)?"
    r"(?![\w-])",
    re.IGNORECASE,
)
# A currency sign before a figure names what it counts: "$2.5 million worth" and "$2.6 million raid" both count
# dollars, where the word after ("worth", "raid") had been taken for the unit and the two never compared.
CURRENCY_BEFORE = re.compile(r"(?P<sign>[$€£])\s?(?:US)?$")
CURRENCIES = {"$": "dollars", "€": "euros", "£": "pounds"}
# The denominator of a fraction a tokeniser spaced out ("4 1 / 2 months").
FRACTION_BEFORE = re.compile(r"\d\s?/\s?$")
# A figure that ends a hyphenated measure ("5 - foot - 8, 135 pounds") is no thousands group of the next.
HYPHEN_BEFORE = re.compile(r"-\s?$")
MONTH_BEFORE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+$", re.IGNORECASE
)


def _figures(text: str) -> list[re.Match[str]]:
    """``NUMBER``'s matches, a day of the month and a count after it kept apart ("March 5, 200 people"), and so
    a height and a weight ("5 - foot - 8, 135 pounds")."""
    found = []
    for match in NUMBER.finditer(text):
        if FRACTION_BEFORE.search(text, max(0, match.start() - 4), match.start()):
            continue  # the 2 of "4 1 / 2 months" or "41 / 2" is a fraction's, not a count
        if ", " in match["num"] and (
            MONTH_BEFORE.search(text, max(0, match.start() - 12), match.start())
            or HYPHEN_BEFORE.search(text, max(0, match.start() - 3), match.start())
        ):
            day = NUMBER.match(text, match.start(), match.start() + match["num"].index(","))
            tail = NUMBER.match(text, match.start() + match["num"].index(", ") + 2)
            found += [m for m in (day, tail) if m is not None]
        else:
            found.append(match)
    return found


FOLD = re.compile(r"\b(?P<n>\d+(?:\.\d+)?)-fold\b|\b(?P<w>" + "|".join(RATIO_WORDS) + r")\b", re.IGNORECASE)
# Words just before a number that make it a change rather than a level ("an additional 40,000").
INCREMENT_BEFORE = re.compile(
    r"\b(additional|another|extra|further|more|added|adding|add|increase of|rise of|up by|down by|by)\s+(an?\s+)?$",
    re.IGNORECASE,
)
# Words just before a number that make it the new level ("increased tenfold to 40,000", "a total of").
LEVEL_BEFORE = re.compile(
    r"\b((increas|ris|gr[eo]w|climb|jump|surg|swell|fell|fall|drop|declin|reach|doubl|tripl)\w*\b[^.;]{0,25}\bto|"
    r"total(ing|led|ed)? of|totall?ing|total|now|reaching|up to|some|about|around|nearly|almost)\s+$",
    re.IGNORECASE,
)
# A toll told with no noun after it counts people: "an explosion killed two and wounded 30". The dead count as
# "people" (as "killed at least three people" does); the wounded apart, so that the two tolls of one statement are
# two quantities.
CASUALTY_BEFORE = re.compile(
    r"\b(?:(?P<killed>killed|killing|kills)|wounded|wounding|wounds|injured|injuring|injures)\s+(?:at least\s+"
    r"|more than\s+|about\s+|nearly\s+|some\s+|as many as\s+)?$",
    re.IGNORECASE,
)


def _casualty_unit(casualty: re.Match[str]) -> str:
    return "people" if casualty["killed"] else "wounded"


UNIT_AFTER = re.compile(r"^\s+(?:(?:more|additional|extra|new)\s+)?([a-z][a-z-]{2,})", re.IGNORECASE)
NOT_UNITS = frozenset(
    """
    and or but since to from in on at of for by with as than that which who the a an per is are was
    were has have had will would could should may might this these those
    """.split()
)


def _value(match: re.Match[str]) -> float:
    value = float(match["num"].replace(",", "").replace(" ", ""))
    if match["scale"]:
        value *= SCALES[match["scale"].lower()]
    return value


def _is_year(match: re.Match[str], text: str) -> bool:
    raw = match["num"]
    return bool(re.fullmatch(r"(1[89]|20)\d\d", raw)) and not match["scale"] and not match["pct"]


# A number written out ("five people"): counted only when it counts something named right after it, since
# "two of them" or "three-time champion" say no quantity a report could contradict. "One" is left out: it is
# more often a pronoun or an article than a count.
COUNT_WORD = re.compile(
    r"(?<![\w-])(?P<word>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)"
    r"(?![\w-])",
    re.IGNORECASE,
)


def _counted_in_words(article: Article) -> list[Quantity]:
    text = article.text
    found: list[Quantity] = []
    for match in COUNT_WORD.finditer(text):
        unit_match = UNIT_AFTER.match(text[match.end() : match.end() + 40])
        before = text[max(0, match.start() - 40) : match.start()]
        if unit_match is None or unit_match.group(1).lower() in NOT_UNITS:
            casualty = CASUALTY_BEFORE.search(before)
            if casualty is None:
                continue
            unit = _casualty_unit(casualty)
        else:
            unit = unit_match.group(1).lower()
        framing: Framing = (
            "increment"
            if INCREMENT_BEFORE.search(before)
            else "level"
            if LEVEL_BEFORE.search(before)
            else "unframed"
        )
        found.append(
            Quantity(
                article_id=article.id,
                start=match.start(),
                end=match.end(),
                text=match.group(0),
                value=float(NUMBER_WORDS[match["word"].lower()]),
                unit=unit,
                framing=framing,
                ratio=None,
            )
        )
    return found


def find_quantities(article: Article) -> list[Quantity]:
    """Every quantity the article states, figures and numbers written out, in text order."""
    return sorted(_in_figures(article) + _counted_in_words(article), key=lambda q: q.start)


def _in_figures(article: Article) -> list[Quantity]:
    text = article.text
    found: list[Quantity] = []
    for match in _figures(text):
        if _is_year(match, text):
            continue
        start, end = match.start(), match.end()
        before = text[max(0, start - 40) : start]
        framing: Framing = "unframed"
        ratio: float | None = None
        if INCREMENT_BEFORE.search(before):
            framing = "increment"
        elif LEVEL_BEFORE.search(before):
            framing = "level"
        fold = None
        for candidate in FOLD.finditer(text, max(0, start - 40), start):
            fold = candidate
        if fold is not None:
            ratio = float(fold["n"]) if fold["n"] else float(RATIO_WORDS[fold["w"].lower()])
            framing = "level" if framing != "increment" else framing
        unit_match = UNIT_AFTER.match(text[end : end + 40])
        unit = (
            unit_match.group(1).lower()
            if unit_match and unit_match.group(1).lower() not in NOT_UNITS
            else None
        )
        casualty = CASUALTY_BEFORE.search(before) if unit is None else None
        if casualty is not None:
            unit = _casualty_unit(casualty)
        if match["pct"]:
            unit = "percent"
        currency = CURRENCY_BEFORE.search(text, max(0, start - 6), start)
        if currency is not None:
            unit = CURRENCIES[currency["sign"]]
        found.append(
            Quantity(
                article_id=article.id,
                start=start,
                end=end,
                text=text[start:end],
                value=_value(match),
                unit=unit,
                framing=framing,
                ratio=ratio,
            )
        )
    return found

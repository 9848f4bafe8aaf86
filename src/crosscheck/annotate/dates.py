"""Date mentions: explicit dates, months, weekdays and years, normalised where they can be pinned.

Requires: an ``Article``. Produces: ``DateMention`` spans with a partial ISO form ("2022-02-24", "--02-24",
"--06", "2014", "weekday:5") used to compare dates across outlets.
"""

from __future__ import annotations

import re

from crosscheck.model import Article, DateMention

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE = re.compile(
    r"\b(?:" + _MONTH + r"(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s+(?P<year>(?:1[89]|20)\d\d))?"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")"
    r"(?:\s+(?P<year2>(?:1[89]|20)\d\d))?"
    r"|(?P<weekday>" + "|".join(WEEKDAYS) + r")"
    r"|(?P<bareyear>(?:1[89]|20)\d\d))\b",
    re.IGNORECASE,
)


def _normalise(match: re.Match[str]) -> str | None:
    if match["weekday"]:
        return f"weekday:{WEEKDAYS[match['weekday'].lower()]}"
    if match["bareyear"]:
        return match["bareyear"]
    month_name = match["month"] or match["month2"]
    if not month_name:
        return None
    month = MONTHS[month_name.lower().rstrip(".")]
    day = match["day"] or match["day2"]
    year = match["year"] or match["year2"]
    if day and not 1 <= int(day) <= 31:
        return None
    if year and day:
        return f"{year}-{month:02d}-{int(day):02d}"
    if year:
        return f"{year}-{month:02d}"
    if day:
        return f"--{month:02d}-{int(day):02d}"
    return f"--{month:02d}"


def find_dates(article: Article) -> list[DateMention]:
    found: list[DateMention] = []
    for match in DATE.finditer(article.text):
        # "May" and "March" are also words; only take them as months when a day or year pins them.
        name = (match["month"] or "").lower()
        if name in {"may", "march", "mar"} and not (match["day"] or match["year"]):
            continue
        found.append(
            DateMention(
                article_id=article.id,
                start=match.start(),
                end=match.end(),
                text=match.group(0),
                normalized=_normalise(match),
            )
        )
    return found

"""Date mentions: written dates, weekdays and relative expressions, normalised where they can be pinned.

Requires: an ``Article`` (its ``published`` time, when known, anchors weekdays and relative words). Produces:
``DateMention`` spans, each verbatim, with a partial ISO form used to compare dates across outlets:

- written dates as written: "2022-02-24", "--02-24" (no year), "2022-02", "--06" (a month), "2014";
- with a publication date, a weekday or a day-relative phrase ("yesterday", "last night", "two days ago",
  "last Friday", "will vote on Tuesday") becomes the ISO day it names, read against the publication day;
- with a publication date, a relative week, month or year becomes that period, never a day: "last week" is
  "2026-W09" (an ISO week), "earlier this month" is "2026-03", "last year" is "2025";
- without a publication date, a weekday keeps "weekday:N" (ISO weekday: two outlets naming different weekdays
  still disagree) and every other relative phrase is kept with ``normalized=None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from crosscheck.annotate.quantities import NUMBER_WORDS
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
# Counts news writes in words before "days ago" / "weeks ago": the exact number words up to ten.
COUNTS = {"a": 1, "one": 1, "a couple of": 2} | {w: int(n) for w, n in NUMBER_WORDS.items() if n <= 10}

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH = r"(?P<month>" + _MONTH_NAMES + r")\.?"
WRITTEN = re.compile(
    r"\b(?:" + _MONTH + r"(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s+(?P<year>(?:1[89]|20)\d\d))?"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>" + _MONTH_NAMES + r")"
    r"(?:\s+(?P<year2>(?:1[89]|20)\d\d))?"
    r"|(?P<bareyear>(?:1[89]|20)\d\d))\b",
    re.IGNORECASE,
)

_COUNT = r"(?P<count>\d{1,2}|" + "|".join(sorted(COUNTS, key=len, reverse=True)).replace(" ", r"\s+") + r")"
# Order matters: longer phrases first, so "the day before yesterday" wins over "yesterday".
RELATIVE = re.compile(
    r"\b(?:"
    r"(?P<before_yesterday>(?:the\s+)?day\s+before\s+yesterday)"
    r"|(?P<after_tomorrow>(?:the\s+)?day\s+after\s+tomorrow)"
    r"|(?P<yesterday>yesterday)"
    r"|(?P<tomorrow>tomorrow)"
    r"|(?P<last_night>last\s+night)"
    r"|(?P<today>today|tonight|this\s+(?:morning|afternoon|evening))"
    r"|" + _COUNT + r"\s+(?P<unit>days?|weeks?)\s+ago"
    r"|(?P<shift>last|this|next|earlier\s+this|later\s+this)\s+(?P<period>weekend|week|month|year)"
    r"|(?:(?P<qualifier>last|next|this\s+coming|this\s+past|this|coming|past)\s+)?"
    r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
    r")\b",
    re.IGNORECASE,
)

# Words just before a weekday that point forward in time: "until", "next" (not another weekday's own "next"),
# "will", "to be" and scheduling verbs are how wire copy writes the coming days. Chosen from that wording, not
# fitted to data; anything else looks back, since news mostly reports what already happened.
LOOKS_AHEAD = re.compile(
    r"\b(?:until|till|next(?!\s+(?:"
    + "|".join(WEEKDAYS)
    + r"))|will|won't|shall|starting|scheduled|expected|due|set\s+to|plans?\s+to|planned|"
    r"to\s+be|is\s+to|are\s+to|going\s+to|slated|upcoming|this\s+coming)\b",
    re.IGNORECASE,
)
# How far back a weekday looks for its cue: the clause before it, never past the sentence's start.
CUE_WINDOW = 60
SENTENCE_END = re.compile(r"[.!?;\n]\s")
# Named days that fall on a weekday but are not read against the publication date ("Good Friday").
NAMED_DAYS = re.compile(
    r"\b(?:good|black|bloody|super|ash|palm|easter|cyber|holy|maundy|giving)\s+$",
    re.IGNORECASE,
)
# Newspapers named after a weekday: "The Sunday Times", "the Mail on Sunday". Case-sensitive on purpose: the
# title words are capitalised, while "on Sunday night" is not a title.
TITLE_AFTER = re.compile(
    r"\s+(?:Times|Telegraph|Mirror|Express|Post|Herald|Independent|Star|Sport|People|Tribune|World)\b"
)
TITLE_ON = re.compile(r"\b(?:Mail|Independent|Scotland|Wales|Ireland|Business) on\s+$")
# A capitalised word right before "Today" makes it a title ("USA Today", "Russia Today").
TITLE_BEFORE = re.compile(r"[A-Z]\w*\s+$")
# A weekday followed by a written day ("Friday, April 8") takes that day rather than a guessed one.
WEEKDAY_THEN_DAY = re.compile(r",?\s*$")
# A normalised value that names a day: with a year ("2026-03-02") or without ("--03-02").
DAY_FORM = re.compile(r"(?:\d{4}|-)-\d{2}-\d{2}")


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    normalized: str | None
    written: bool


def publication_day(article: Article) -> date | None:
    """The calendar day of publication where it was published: "yesterday" is the writer's yesterday."""
    return article.published.date() if article.published else None


def _written(match: re.Match[str]) -> str | None:
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


def _iso(day: date) -> str:
    return day.isoformat()


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _month_shift(day: date, months: int) -> str:
    index = day.year * 12 + day.month - 1 + months
    return f"{index // 12}-{index % 12 + 1:02d}"


def _count(word: str) -> int:
    return int(word) if word.isdigit() else COUNTS[" ".join(word.lower().split())]


def weekday_day(weekday: int, published: date, qualifier: str, lead_in: str) -> date:
    """The day a weekday names, read against the publication day.

    "last" is the latest such day strictly before publication and "next" the first strictly after; otherwise
    the latest on or before publication, unless the clause before it looks ahead ("will vote on Friday",
    "closed until Wednesday"), then the first on or after.
    """
    qualifier = " ".join(qualifier.lower().split())
    back = (published.isoweekday() - weekday) % 7
    ahead = (weekday - published.isoweekday()) % 7
    if qualifier in {"last", "this past", "past"}:
        return published - timedelta(days=back or 7)
    if qualifier == "next":
        return published + timedelta(days=ahead or 7)
    if qualifier in {"this coming", "coming"}:
        return published + timedelta(days=ahead)
    clause = lead_in[-CUE_WINDOW:]
    ends = list(SENTENCE_END.finditer(clause))
    if ends:
        clause = clause[ends[-1].end() :]
    if LOOKS_AHEAD.search(clause):
        return published + timedelta(days=ahead)
    return published - timedelta(days=back)


def _relative(match: re.Match[str], text: str, published: date | None) -> str | None:
    """The partial ISO form of a relative phrase or weekday, or None when it cannot be pinned honestly."""
    if match["weekday"]:
        weekday = WEEKDAYS[match["weekday"].lower()]
        before = text[max(0, match.start() - 16) : match.start()]
        if NAMED_DAYS.search(before) or TITLE_ON.search(before) or TITLE_AFTER.match(text, match.end()):
            return None
        if published is None:
            return f"weekday:{weekday}"
        return _iso(weekday_day(weekday, published, match["qualifier"] or "", text[: match.start()]))
    if published is None:
        return None
    offsets = {"before_yesterday": -2, "after_tomorrow": 2, "yesterday": -1, "tomorrow": 1, "last_night": -1}
    for group, offset in offsets.items():
        if match[group]:
            return _iso(published + timedelta(days=offset))
    if match["today"]:
        return _iso(published)
    if match["count"]:
        count = _count(match["count"])
        if match["unit"].lower().startswith("day"):
            return _iso(published - timedelta(days=count))
        return _week(published - timedelta(weeks=count))
    period = match["period"].lower()
    if period == "weekend":
        return None  # two days, and which weekend "this weekend" means depends on the publication weekday
    shift = {"last": -1, "next": 1}.get(match["shift"].lower(), 0)
    if period == "week":
        return _week(published + timedelta(weeks=shift))
    if period == "month":
        return _month_shift(published, shift)
    return str(published.year + shift)


def _relative_spans(text: str, published: date | None) -> list[_Found]:
    found = []
    for match in RELATIVE.finditer(text):
        if match["today"] and match.group(0).startswith("Today"):
            line_start = text.rfind("\n", 0, match.start()) + 1
            if TITLE_BEFORE.search(text[line_start : match.start()]):
                continue  # "USA Today", "the BBC's Today programme": a title, not a day
        try:
            normalized = _relative(match, text, published)
        except OverflowError:
            normalized = None  # a publication date at the calendar's edge (year 1 or 9999) pins nothing
        found.append(_Found(match.start(), match.end(), normalized, written=False))
    return found


def _written_spans(text: str) -> list[_Found]:
    found = []
    for match in WRITTEN.finditer(text):
        # "May" and "March" are also words; only take them as months when a day or year pins them.
        name = (match["month"] or "").lower()
        if name in {"may", "march", "mar"} and not (match["day"] or match["year"]):
            continue
        found.append(_Found(match.start(), match.end(), _written(match), written=True))
    return found


def find_dates(article: Article) -> list[DateMention]:
    """Every date mention of the article in text order, each a verbatim span."""
    text = article.text
    published = publication_day(article)
    written = _written_spans(text)
    taken = [(w.start, w.end) for w in written]
    spans = list(written)
    for rel in _relative_spans(text, published):
        if any(rel.start < end and start < rel.end for start, end in taken):
            continue
        spans.append(rel)
    spans.sort(key=lambda s: s.start)
    mentions = []
    for i, span in enumerate(spans):
        normalized = span.normalized
        following = spans[i + 1] if i + 1 < len(spans) else None
        # "Friday, April 8, 2022": the written day is what the outlet says; a guessed one could only disagree.
        if (
            not span.written
            and text[span.start : span.end].lower().split()[-1] in WEEKDAYS
            and following is not None
            and following.written
            and following.normalized
            and names_day(following.normalized)
            and WEEKDAY_THEN_DAY.fullmatch(text[span.end : following.start])
        ):
            normalized = following.normalized
        mentions.append(
            DateMention(
                article_id=article.id,
                start=span.start,
                end=span.end,
                text=text[span.start : span.end],
                normalized=normalized,
            )
        )
    return mentions


def names_day(normalized: str | None) -> bool:
    """True for a value that names one day ("2026-03-02", "--03-02"); false for weeks, months, years, weekdays."""
    return normalized is not None and DAY_FORM.fullmatch(normalized) is not None


def from_publication(mention: DateMention) -> bool:
    """True when the mention names its day only relative to publication (a weekday, "yesterday")."""
    return RELATIVE.fullmatch(mention.text) is not None


def nearest_day(normalized: str, published: date) -> date | None:
    """A day and month without a year ("--02-27"), in the year that puts it nearest the publication day."""
    match = re.fullmatch(r"--(\d{2})-(\d{2})", normalized)
    if not match:
        return None
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            options.append(date(year, int(match[1]), int(match[2])))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - published).days)) if options else None


def pinned_day(mention: DateMention, published: date | None = None) -> date | None:
    """The day a mention names when it names one: an ISO day, or a yearless day read against publication."""
    normalized = mention.normalized
    if not normalized:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", normalized):
        try:
            return date.fromisoformat(normalized)
        except ValueError:
            return None
    if published is not None:
        return nearest_day(normalized, published)
    return None

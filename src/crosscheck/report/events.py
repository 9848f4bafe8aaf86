"""Event dates for the report's timeline: the days the articles say things happened, each with its cited text.

Requires: a ``Story`` and its ``Article``s (the report holds no annotations, so the date mentions are found
again with ``crosscheck.annotate.dates.find_dates``, a pure function of the text). Produces: ``EventDate``s,
one per date mention that can be pinned to a day: a full date as written; a day and month given the year that
puts it nearest the article's publication; a weekday resolved against the publication date (the latest such
day on or before it, or the next one when the words before it look ahead: "until Wednesday", "will ... on
Friday"). Years and months alone are too coarse to plot and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from crosscheck.model import Article, Story
from crosscheck.report import context

FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DAY_AND_MONTH = re.compile(r"^--(\d{2})-(\d{2})$")
WEEKDAY = re.compile(r"^weekday:([1-7])$")
# Words just before a weekday that point forward in time. Measured on nothing but the wording of wire copy:
# "until", "next", "will" and scheduling verbs are how news writes the coming days.
LOOKS_AHEAD = re.compile(
    r"\b(?:until|till|next|will|won't|starting|scheduled|expected|due|set to|plans? to|this coming)\b",
    re.IGNORECASE,
)
# How far back a weekday looks for its cue: the clause before it, not the previous sentence.
CUE_WINDOW = 60
# Characters of context either side of the mention in an event's cited text.
CONTEXT_WIDTH = 70
# Event dates this far outside the publication span are listed but not plotted: one mention of a decade-old
# date would squash every publication point into one pixel.
PLOT_WINDOW = timedelta(days=366)


@dataclass(frozen=True)
class EventDate:
    """A day an article says something happened, with the span that says so."""

    day: date
    article_id: str
    outlet: str
    start: int
    end: int
    mention: str
    before: str
    after: str
    resolved: bool
    """True when the day came from the publication date (a weekday, or a day and month without a year)."""

    @property
    def cited(self) -> str:
        return f"{self.before}{self.mention}{self.after}"

    @property
    def moment(self) -> datetime:
        """Noon UTC of the day, so it sits mid-day beside publication times on one axis."""
        return datetime(self.day.year, self.day.month, self.day.day, 12, tzinfo=UTC)


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_day(normalized: str, published: date | None, before: str = "") -> tuple[date, bool] | None:
    """The day a normalised date mention names, and whether the publication date was needed to pin it."""
    if match := FULL_DATE.match(normalized):
        day = _valid(int(match[1]), int(match[2]), int(match[3]))
        return (day, False) if day else None
    if published is None:
        return None
    if match := DAY_AND_MONTH.match(normalized):
        options = [
            d
            for year in (published.year - 1, published.year, published.year + 1)
            if (d := _valid(year, int(match[1]), int(match[2]))) is not None
        ]
        if not options:
            return None
        return min(options, key=lambda d: abs((d - published).days)), True
    if match := WEEKDAY.match(normalized):
        weekday = int(match[1])
        if LOOKS_AHEAD.search(before[-CUE_WINDOW:]):
            ahead = (weekday - published.isoweekday()) % 7
            return published + timedelta(days=ahead), True
        back = (published.isoweekday() - weekday) % 7
        return published - timedelta(days=back), True
    return None


def event_dates(story: Story, articles: Mapping[str, Article]) -> list[EventDate]:
    """Every day-precise date the story's articles mention, earliest first, then by outlet and position."""
    from crosscheck.annotate.dates import find_dates

    events: list[EventDate] = []
    for article_id in story.article_ids:
        article = articles.get(article_id)
        if article is None:
            continue
        published = article.published.astimezone(UTC).date() if article.published else None
        for mention in find_dates(article):
            if not mention.normalized:
                continue
            # The clause before the mention, for the forward-looking cue of a weekday.
            lead_in = article.text[max(0, mention.start - CUE_WINDOW) : mention.start]
            resolved = resolve_day(mention.normalized, published, lead_in)
            if resolved is None:
                continue
            before, text, after = context(article, mention.start, mention.end, CONTEXT_WIDTH)
            # The cited text stays inside the mention's paragraph.
            before = before[before.rfind("\n") + 1 :]
            after = after[: after.find("\n")] if "\n" in after else after
            events.append(
                EventDate(
                    day=resolved[0],
                    article_id=article.id,
                    outlet=article.outlet,
                    start=mention.start,
                    end=mention.end,
                    mention=text,
                    before=before,
                    after=after,
                    resolved=resolved[1],
                )
            )
    return sorted(events, key=lambda e: (e.day, e.outlet, e.article_id, e.start))


def plotted(events: list[EventDate], publication: list[datetime]) -> list[EventDate]:
    """The events near enough the publication times to share their axis (all of them when none is known)."""
    if not publication:
        return events
    first, last = min(publication), max(publication)
    return [e for e in events if first - PLOT_WINDOW <= e.moment <= last + PLOT_WINDOW]

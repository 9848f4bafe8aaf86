"""Event dates for the report's timeline: the days the articles say things happened, each with its cited text.

Requires: a ``Story`` and its ``Article``s (the report holds no annotations, so the date mentions are found
again with ``crosscheck.annotate.dates.find_dates``, a pure function of the text and publication time).
Produces: ``EventDate``s, one per date mention that names a day: a full date as written; a weekday or a
relative day ("yesterday", "next Tuesday") as ``find_dates`` resolved it against the publication date; a day
and month given the year that puts it nearest the publication day. Weeks, months and years are too coarse to
plot and are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from crosscheck.model import Article, Story
from crosscheck.report import context

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
    """True when the day came from the publication date (a weekday, "yesterday", a day and month without a year)."""

    @property
    def cited(self) -> str:
        return f"{self.before}{self.mention}{self.after}"

    @property
    def moment(self) -> datetime:
        """Noon UTC of the day, so it sits mid-day beside publication times on one axis."""
        return datetime(self.day.year, self.day.month, self.day.day, 12, tzinfo=UTC)


def event_dates(story: Story, articles: Mapping[str, Article]) -> list[EventDate]:
    """Every day-precise date the story's articles mention, earliest first, then by outlet and position."""
    from crosscheck.annotate.dates import find_dates, from_publication, pinned_day, publication_day

    events: list[EventDate] = []
    for article_id in story.article_ids:
        article = articles.get(article_id)
        if article is None:
            continue
        published = publication_day(article)
        for mention in find_dates(article):
            day = pinned_day(mention, published)
            if day is None:
                continue
            # Read against publication: a weekday, a relative day, or a day and month without a year.
            resolved = from_publication(mention) or not (mention.normalized or "").startswith(str(day.year))
            before, text, after = context(article, mention.start, mention.end, CONTEXT_WIDTH)
            # The cited text stays inside the mention's paragraph.
            before = before[before.rfind("\n") + 1 :]
            after = after[: after.find("\n")] if "\n" in after else after
            events.append(
                EventDate(
                    day=day,
                    article_id=article.id,
                    outlet=article.outlet,
                    start=mention.start,
                    end=mention.end,
                    mention=text,
                    before=before,
                    after=after,
                    resolved=resolved,
                )
            )
    return sorted(events, key=lambda e: (e.day, e.outlet, e.article_id, e.start))


def plotted(events: list[EventDate], publication: list[datetime]) -> list[EventDate]:
    """The events near enough the publication times to share their axis (all of them when none is known)."""
    if not publication:
        return events
    first, last = min(publication), max(publication)
    return [e for e in events if first - PLOT_WINDOW <= e.moment <= last + PLOT_WINDOW]

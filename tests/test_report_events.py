"""Event dates for the timeline: how each kind of date mention is pinned to a day."""

from __future__ import annotations

from datetime import UTC, date, datetime

from crosscheck.model import Story
from crosscheck.report.events import event_dates, plotted, resolve_day
from tests.helpers import article

MONDAY = date(2026, 3, 2)


def test_full_dates_stand_alone_and_partial_ones_need_the_publication_date() -> None:
    assert resolve_day("2024-02-29", None) == (date(2024, 2, 29), False)
    assert resolve_day("2023-02-29", MONDAY) is None
    assert resolve_day("--02-27", None) is None
    # A day and month takes the year that puts it nearest publication, across New Year too.
    assert resolve_day("--02-27", MONDAY) == (date(2026, 2, 27), True)
    assert resolve_day("--12-30", date(2026, 1, 3)) == (date(2025, 12, 30), True)
    assert resolve_day("2014", MONDAY) is None and resolve_day("--06", MONDAY) is None


def test_weekdays_look_back_unless_the_words_before_look_ahead() -> None:
    assert resolve_day("weekday:7", MONDAY, "barriers failed on ") == (date(2026, 3, 1), True)
    assert resolve_day("weekday:1", MONDAY, "the authority said on ") == (MONDAY, True)
    assert resolve_day("weekday:3", MONDAY, "barriers failed on ") == (date(2026, 2, 25), True)
    assert resolve_day("weekday:3", MONDAY, "schools will stay closed until ") == (date(2026, 3, 4), True)
    assert resolve_day("weekday:5", MONDAY, "The council will vote on ") == (date(2026, 3, 6), True)


def test_event_dates_cite_their_span_and_far_dates_are_not_plotted() -> None:
    text = "The dam was finished on June 4, 1998.\nIt failed on Sunday night, the council said on Monday."
    published = datetime(2026, 3, 2, 9, tzinfo=UTC)
    report = article(text, "River News", published=published)
    story = Story(id="s", title="dam", article_ids=[report.id])
    events = event_dates(story, {report.id: report})
    assert [e.day for e in events] == [date(1998, 6, 4), date(2026, 3, 1), MONDAY]
    for event in events:
        assert report.text[event.start : event.end] == event.mention
        assert "\n" not in event.cited
    assert events[0].cited == "The dam was finished on June 4, 1998."
    assert not events[0].resolved and events[1].resolved
    assert [e.day for e in plotted(events, [published])] == [date(2026, 3, 1), MONDAY]
    assert plotted(events, []) == events

"""Event dates for the timeline: how each kind of date mention is pinned to a day."""

from __future__ import annotations

from datetime import UTC, date, datetime

from crosscheck.annotate.dates import nearest_day, pinned_day
from crosscheck.model import DateMention, Story
from crosscheck.report.events import event_dates, plotted
from tests.helpers import article

MONDAY = date(2026, 3, 2)
PUBLISHED = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _mention(normalized: str) -> DateMention:
    return DateMention(article_id="a", start=0, end=1, text="x", normalized=normalized)


def test_full_dates_stand_alone_and_partial_ones_need_the_publication_date() -> None:
    assert pinned_day(_mention("2024-02-29")) == date(2024, 2, 29)
    assert pinned_day(_mention("2023-02-29"), MONDAY) is None
    assert pinned_day(_mention("--02-27")) is None
    # A day and month takes the year that puts it nearest publication, across New Year too.
    assert pinned_day(_mention("--02-27"), MONDAY) == date(2026, 2, 27)
    assert nearest_day("--12-30", date(2026, 1, 3)) == date(2025, 12, 30)
    assert nearest_day("--01-02", date(2025, 12, 30)) == date(2026, 1, 2)
    for coarse in ("2014", "--06", "2026-03", "2026-W09", "weekday:3"):
        assert pinned_day(_mention(coarse), MONDAY) is None


def _days(text: str) -> list[tuple[str, date, bool]]:
    report = article(text, "River News", published=PUBLISHED)
    story = Story(id="s", title="flood", article_ids=[report.id])
    return [(e.mention, e.day, e.resolved) for e in event_dates(story, {report.id: report})]


def test_weekdays_look_back_unless_the_words_before_look_ahead() -> None:
    assert _days("Barriers failed on Sunday.") == [("Sunday", date(2026, 3, 1), True)]
    assert _days("The authority said on Monday.") == [("Monday", MONDAY, True)]
    assert _days("Barriers failed on Wednesday.") == [("Wednesday", date(2026, 2, 25), True)]
    assert _days("Schools will stay closed until Wednesday.") == [("Wednesday", date(2026, 3, 4), True)]
    assert _days("The council will vote on Friday.") == [("Friday", date(2026, 3, 6), True)]
    # A cue in the previous sentence does not reach the next one.
    assert _days("The council will meet. Barriers failed on Friday.") == [("Friday", date(2026, 2, 27), True)]


def test_relative_days_are_timeline_events_and_periods_are_not() -> None:
    events = _days(
        "The levee broke yesterday. Engineers said last week the wall was weak. Repairs begin tomorrow."
    )
    assert events == [("yesterday", date(2026, 3, 1), True), ("tomorrow", date(2026, 3, 3), True)]


def test_event_dates_cite_their_span_and_far_dates_are_not_plotted() -> None:
    text = "The dam was finished on June 4, 1998.\nIt failed on Sunday night, the council said on Monday."
    report = article(text, "River News", published=PUBLISHED)
    story = Story(id="s", title="dam", article_ids=[report.id])
    events = event_dates(story, {report.id: report})
    assert [e.day for e in events] == [date(1998, 6, 4), date(2026, 3, 1), MONDAY]
    for event in events:
        assert report.text[event.start : event.end] == event.mention
        assert "\n" not in event.cited
    assert events[0].cited == "The dam was finished on June 4, 1998."
    assert not events[0].resolved and events[1].resolved
    assert [e.day for e in plotted(events, [PUBLISHED])] == [date(2026, 3, 1), MONDAY]
    assert plotted(events, []) == events


def test_without_a_publication_date_only_written_days_are_events() -> None:
    report = article("It failed on Sunday, yesterday, and again on June 4, 1998.", "River News")
    story = Story(id="s", title="dam", article_ids=[report.id])
    assert [(e.mention, e.day) for e in event_dates(story, {report.id: report})] == [
        ("June 4, 1998", date(1998, 6, 4))
    ]

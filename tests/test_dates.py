"""Date mentions: written dates, weekdays and relative phrases, pinned against the publication date or not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosscheck.annotate.dates import WEEKDAYS, find_dates, from_publication, names_day
from crosscheck.model import Article, DateMention
from tests.helpers import article

# Wednesday 4 March 2026, 09:00 UTC.
WEDNESDAY = datetime(2026, 3, 4, 9, tzinfo=UTC)


def _dates(text: str, published: datetime | None = WEDNESDAY) -> list[tuple[str, str | None]]:
    report = article(text, published=published) if published else article(text)
    mentions = find_dates(report)
    for m in mentions:
        assert report.text[m.start : m.end] == m.text
    return [(m.text, m.normalized) for m in mentions]


@pytest.mark.parametrize(
    ("phrase", "pinned"),
    [
        ("yesterday", "2026-03-03"),
        ("today", "2026-03-04"),
        ("tonight", "2026-03-04"),
        ("this morning", "2026-03-04"),
        ("this evening", "2026-03-04"),
        ("last night", "2026-03-03"),
        ("tomorrow", "2026-03-05"),
        ("the day before yesterday", "2026-03-02"),
        ("the day after tomorrow", "2026-03-06"),
        ("two days ago", "2026-03-02"),
        ("3 days ago", "2026-03-01"),
        ("a day ago", "2026-03-03"),
        ("a couple of days ago", "2026-03-02"),
        # Periods stay periods: an ISO week, a month, a year; never a day.
        ("last week", "2026-W09"),
        ("this week", "2026-W10"),
        ("next week", "2026-W11"),
        ("two weeks ago", "2026-W08"),
        ("earlier this month", "2026-03"),
        ("later this month", "2026-03"),
        ("last month", "2026-02"),
        ("next month", "2026-04"),
        ("last year", "2025"),
        ("this year", "2026"),
        ("next year", "2027"),
        ("this weekend", None),
    ],
)
def test_every_relative_phrase_with_and_without_a_publication_date(phrase: str, pinned: str | None) -> None:
    text = f"Officials said the talks moved {phrase} in Geneva."
    assert _dates(text) == [(phrase, pinned)]
    assert _dates(text, published=None) == [(phrase, None)]


@pytest.mark.parametrize(
    ("text", "mention", "pinned"),
    [
        # Look back: the latest such day on or before publication.
        ("Barriers failed on Monday.", "Monday", "2026-03-02"),
        ("The authority said on Wednesday.", "Wednesday", "2026-03-04"),
        ("Barriers failed on Thursday.", "Thursday", "2026-02-26"),
        ("It happened last Wednesday.", "last Wednesday", "2026-02-25"),
        ("It happened last Monday.", "last Monday", "2026-03-02"),
        ("It happened this past Sunday.", "this past Sunday", "2026-03-01"),
        # Look ahead: the first such day on or after, or strictly after for "next".
        ("The council will vote on Friday.", "Friday", "2026-03-06"),
        ("Schools stay closed until Monday.", "Monday", "2026-03-09"),
        ("The vote is scheduled for Tuesday.", "Tuesday", "2026-03-10"),
        ("The ruling is due on Thursday.", "Thursday", "2026-03-05"),
        ("The envoy is to be received on Saturday.", "Saturday", "2026-03-07"),
        ("The envoy arrives next Wednesday.", "next Wednesday", "2026-03-11"),
        ("The envoy arrives next Friday.", "next Friday", "2026-03-06"),
        ("The envoy arrives this coming Wednesday.", "this coming Wednesday", "2026-03-04"),
    ],
)
def test_weekdays_look_back_unless_the_phrase_looks_ahead(text: str, mention: str, pinned: str) -> None:
    assert _dates(text) == [(mention, pinned)]
    # Without a publication date a weekday is still a weekday: outlets naming different ones disagree.
    (found,) = _dates(text, published=None)
    assert found[0] == mention and (found[1] or "").startswith("weekday:")


def test_a_cue_for_one_weekday_does_not_carry_to_the_next_sentence_or_weekday() -> None:
    assert _dates("The council will meet. The dam failed on Monday.") == [("Monday", "2026-03-02")]
    assert _dates("It meets next Tuesday, and met on Monday.") == [
        ("next Tuesday", "2026-03-10"),
        ("Monday", "2026-03-02"),
    ]


def test_year_boundaries_in_both_directions() -> None:
    new_year = datetime(2026, 1, 1, 8, tzinfo=UTC)  # a Thursday
    assert _dates("It began yesterday and ends on Sunday, scheduled for Monday.", new_year) == [
        ("yesterday", "2025-12-31"),
        ("Sunday", "2025-12-28"),
        ("Monday", "2026-01-05"),
    ]
    assert _dates("It fell last week; it was last month; last year.", new_year) == [
        ("last week", "2025-W52"),
        ("last month", "2025-12"),
        ("last year", "2025"),
    ]
    new_years_eve = datetime(2025, 12, 31, 8, tzinfo=UTC)  # a Wednesday
    assert _dates("It resumes tomorrow, next month and next Monday.", new_years_eve) == [
        ("tomorrow", "2026-01-01"),
        ("next month", "2026-01"),
        ("next Monday", "2026-01-05"),
    ]
    # ISO weeks: 29 December 2025 already lies in week 1 of 2026.
    assert _dates("Talks resume next week.", datetime(2025, 12, 24, tzinfo=UTC)) == [
        ("next week", "2026-W01")
    ]


def test_the_publication_day_is_the_writers_own_day() -> None:
    # 23:30 in New York is already the next day in UTC; "yesterday" is the New Yorker's yesterday.
    late = datetime(2026, 3, 4, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert _dates("The vote was held yesterday.", late) == [("yesterday", "2026-03-03")]


def test_written_dates_keep_their_forms_and_a_weekday_takes_the_written_day() -> None:
    assert _dates("Troops moved on Feb. 24, 2022, in June, in 2014 and on 8 April.", None) == [
        ("Feb. 24, 2022", "2022-02-24"),
        ("June", "--06"),
        ("2014", "2014"),
        ("8 April", "--04-08"),
    ]
    # The written day wins over a guessed one, here a day after publication.
    assert _dates("The summit opens Thursday, March 5, 2026.") == [
        ("Thursday", "2026-03-05"),
        ("March 5, 2026", "2026-03-05"),
    ]


def test_titles_and_named_days_are_not_read_against_publication() -> None:
    assert _dates("USA Today reported the vote, citing Good Friday and Black Friday sales.") == [
        ("Friday", None),
        ("Friday", None),
    ]
    assert _dates("The Sunday Times and the Mail on Sunday said the talks ended on Sunday.") == [
        ("Sunday", None),
        ("Sunday", None),
        ("Sunday", "2026-03-01"),
    ]
    assert _dates("Today the talks resumed.") == [("Today", "2026-03-04")]
    assert _dates("The talks resumed. Today the envoy left.") == [("Today", "2026-03-04")]


def test_a_publication_date_at_the_calendars_edge_pins_nothing_beyond_it() -> None:
    edge = datetime(9999, 12, 31, 12, tzinfo=UTC)
    assert _dates("It ends tomorrow, after yesterday's vote.", edge) == [
        ("tomorrow", None),
        ("yesterday", "9999-12-30"),
    ]


def test_from_publication_tells_relative_mentions_from_written_ones() -> None:
    report = article("It fell yesterday, on Monday and on March 3, 2026.", published=WEDNESDAY)
    assert [from_publication(m) for m in find_dates(report)] == [True, True, False]


def test_only_single_days_are_days_for_comparison() -> None:
    assert names_day("2026-03-02") and names_day("--03-02")
    for coarse in (None, "--06", "2026-03", "2026-W09", "2026", "weekday:1"):
        assert not names_day(coarse)


def test_the_founding_phrase_keeps_its_weekday_without_a_publication_date() -> None:
    assert _dates("the war dragged on for 46 days as of Sunday", None) == [("Sunday", "weekday:7")]


WORDS = [
    "yesterday", "today", "Today", "tonight", "last", "next", "this", "past", "coming", "week", "month",
    "year", "weekend", "night", "morning", "days", "day", "ago", "two", "a", "couple", "of", "the", "before",
    "after", "tomorrow", "Friday", "sunday", "will", "on", "until", "USA", "Good", "May", "March", "Feb.",
    "24", "2022", "8th", ",", ".", ";", "\n",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), max_size=30),
    gaps=st.lists(st.sampled_from([" ", "  ", "\n", "", ", "]), min_size=30, max_size=30),
    published=st.one_of(
        st.none(), st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(9999, 12, 31))
    ),
)
def test_every_mention_is_a_verbatim_span(
    words: list[str], gaps: list[str], published: datetime | None
) -> None:
    text = "".join(w + g for w, g in zip(words, gaps, strict=False)) or "."
    report = Article(id="a", outlet="o", text=text, published=published)
    mentions: list[DateMention] = find_dates(report)
    ends = -1
    for m in mentions:
        assert report.text[m.start : m.end] == m.text and m.text
        assert m.start >= ends  # in text order, never overlapping
        ends = m.end
        # Without a publication date a relative phrase other than a weekday is never pinned.
        if published is None and from_publication(m) and not any(d in m.text.lower() for d in WEEKDAYS):
            assert m.normalized is None


def _date_discrepancies(first: str, second: str, published: tuple[datetime, datetime] | None) -> list[str]:
    from crosscheck.pipeline import analyse_story

    one = article(first, outlet="A", published=published[0]) if published else article(first, outlet="A")
    two = article(second, outlet="B", published=published[1]) if published else article(second, outlet="B")
    return [d.explanation for d in analyse_story([one, two]).discrepancies if d.kind == "date"]


RAIL = "The minister confirmed {} that the new rail line will open in March 2025."
THURSDAY = WEDNESDAY + timedelta(days=1)


def test_relative_days_that_name_the_same_day_are_not_a_discrepancy() -> None:
    # Wednesday's "yesterday" and Thursday's "on Tuesday" are both 3 March.
    assert (
        _date_discrepancies(RAIL.format("yesterday"), RAIL.format("on Tuesday"), (WEDNESDAY, THURSDAY)) == []
    )
    # Without publication dates "yesterday" pins nothing, so it cannot disagree with anything.
    assert _date_discrepancies(RAIL.format("yesterday"), RAIL.format("on Monday"), None) == []
    # Weeks are not days: "last week" never disagrees with a day.
    assert (
        _date_discrepancies(RAIL.format("last week"), RAIL.format("on Monday"), (WEDNESDAY, WEDNESDAY)) == []
    )


def test_relative_days_that_name_different_days_are_a_discrepancy() -> None:
    found = _date_discrepancies(RAIL.format("yesterday"), RAIL.format("on Monday"), (WEDNESDAY, THURSDAY))
    assert len(found) == 1 and "yesterday" in found[0] and "Monday" in found[0]


def test_a_month_does_not_disagree_with_a_day_in_it() -> None:
    summit = "The alliance leaders will meet at a summit in Madrid {} to agree the plan."
    assert _date_discrepancies(summit.format("in June"), summit.format("on June 29"), None) == []

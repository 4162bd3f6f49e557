"""Due-date phrases resolve against the recording date (fixed here: Wednesday 8 July 2026)."""

from datetime import date, datetime, timedelta, timezone

import pytest

from webapp.extractor import extract
from webapp.extractor.dates import find_due_date

WEDNESDAY = date(2026, 7, 8)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("send it today", "2026-07-08"),
        ("email her tonight", "2026-07-08"),
        ("call him tomorrow", "2026-07-09"),
        ("call him the day after tomorrow", "2026-07-10"),
        ("follow up on Monday", "2026-07-13"),
        ("reply by Friday", "2026-07-10"),
        ("reply my Friday", "2026-07-10"),  # speech model heard "by" as "my"
        ("check in on Wednesday", "2026-07-15"),  # same weekday means next week's
        ("finish it this Friday", "2026-07-10"),
        ("decide by next Friday", "2026-07-17"),
        ("ring them next Monday", "2026-07-13"),
        ("by the end of the week", "2026-07-10"),
        ("by the end of next week", "2026-07-17"),
        ("by the end of the month", "2026-07-31"),
        ("over this weekend", "2026-07-11"),
        ("sometime next week", "2026-07-13"),
        ("in two weeks", "2026-07-22"),
        ("within two weeks", "2026-07-22"),
        ("in 2 weeks", "2026-07-22"),
        ("in three days", "2026-07-11"),
        ("in a couple of days", "2026-07-10"),
        ("in a month", "2026-08-08"),
        ("two weeks from now", "2026-07-22"),
        ("before my interview on Wednesday", "2026-07-15"),
        ("by July 20th", "2026-07-20"),
        ("by the 20th of July", "2026-07-20"),
        ("by March 15th", "2027-03-15"),  # already past this year: next year
        ("before the 15th", "2026-07-15"),
        ("by the 3rd", "2026-08-03"),  # already past this month: next month
        ("on the fifteenth", "2026-07-15"),
        ("due 2026-09-01", "2026-09-01"),
    ],
)
def test_phrase_resolves(phrase: str, expected: str) -> None:
    assert find_due_date(phrase, WEDNESDAY) == date.fromisoformat(expected)


@pytest.mark.parametrize(
    "phrase", ["prepare for the second round", "practise more", "keep me in mind", "I may need help", ""]
)
def test_no_date(phrase: str) -> None:
    assert find_due_date(phrase, WEDNESDAY) is None


def test_first_phrase_wins() -> None:
    assert find_due_date("follow up on Friday if nothing comes by Monday", WEDNESDAY) == date(2026, 7, 10)


def test_end_of_week_at_the_weekend_is_sunday() -> None:
    saturday = date(2026, 7, 11)
    assert find_due_date("by the end of the week", saturday) == date(2026, 7, 12)
    assert find_due_date("this weekend", saturday) == saturday


def test_end_of_month_in_december_and_leap_february() -> None:
    assert find_due_date("end of the month", date(2026, 12, 3)) == date(2026, 12, 31)
    assert find_due_date("end of the month", date(2028, 2, 3)) == date(2028, 2, 29)
    assert find_due_date("by the end of next month", date(2026, 12, 3)) == date(2027, 1, 31)


def test_late_evening_recording_resolves_tomorrow_in_local_zone() -> None:
    late = datetime(2026, 7, 8, 23, 30, tzinfo=timezone(timedelta(hours=2)))  # 21:30 UTC, still the 8th locally
    notes = extract("I need to send the slides tomorrow.", recorded_at=late)
    assert notes["actions"][0]["due"] == "2026-07-09"


def test_just_after_midnight_local_counts_as_the_new_day() -> None:
    early = datetime(2026, 7, 9, 0, 15, tzinfo=timezone(timedelta(hours=2)))  # still the 8th in UTC
    notes = extract("I need to send the slides tomorrow.", recorded_at=early)
    assert notes["actions"][0]["due"] == "2026-07-10"


def test_naive_recording_time_is_taken_as_local() -> None:
    notes = extract("I'll call Ana on Friday.", recorded_at=datetime(2026, 7, 8, 9, 0))
    assert notes["actions"][0]["due"] == "2026-07-10"

"""Due-date phrases resolve against the recording date (mostly Wednesday 8 July 2026)."""

from datetime import date, datetime, timedelta, timezone

import pytest

from webapp.extractor import extract
from webapp.extractor.dates import find_due_date

WEDNESDAY = date(2026, 7, 8)
FRIDAY = date(2026, 7, 10)


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
        ("in a month", "2026-08-08"),
        ("two weeks from now", "2026-07-22"),
        ("before my interview on Wednesday", "2026-07-15"),
        ("by July 20th", "2026-07-20"),
        ("by the 20th of July", "2026-07-20"),
        ("by March 15th", "2027-03-15"),  # already past this year: next year
        ("before the 15th", "2026-07-15"),
        ("by the 3rd", "2026-08-03"),  # already past this month: next month
        ("by the 3rd of September", "2026-09-03"),  # the month said, not the next 3rd
        ("ring her on the 1st of August", "2026-08-01"),
        ("post the cards before Christmas", "2026-12-24"),
        ("chase it by Christmas Eve", "2026-12-24"),
        ("settle the invoice before the new year", "2026-12-31"),
        ("on the fifteenth", "2026-07-15"),
        ("due 2026-09-01", "2026-09-01"),
    ],
)
def test_phrase_resolves(phrase: str, expected: str) -> None:
    assert find_due_date(phrase, WEDNESDAY) == date.fromisoformat(expected)


# One case (or a few variants) per spoken form; the id names the form.
@pytest.mark.parametrize(
    ("phrase", "recorded", "expected"),
    [
        pytest.param("get the revised budget to Priya today", WEDNESDAY, "2026-07-08", id="today"),
        pytest.param("I'll draft the reply tonight once the kids are asleep", WEDNESDAY, "2026-07-08", id="tonight"),
        pytest.param("chase the signed contract tomorrow", WEDNESDAY, "2026-07-09", id="tomorrow"),
        pytest.param("phone the supplier first thing tomorrow", WEDNESDAY, "2026-07-09", id="first-thing-tomorrow"),
        pytest.param("book the venue the day after tomorrow", WEDNESDAY, "2026-07-10", id="day-after-tomorrow"),
        pytest.param("share the shortlist by Thursday", WEDNESDAY, "2026-07-09", id="weekday"),
        pytest.param("tidy up the slides this Friday", WEDNESDAY, "2026-07-10", id="this-weekday"),
        pytest.param("book a slot with facilities next Tuesday", WEDNESDAY, "2026-07-14", id="next-weekday"),
        pytest.param("Monday morning I'll send over the figures", WEDNESDAY, "2026-07-13", id="weekday-morning"),
        pytest.param("ring Gustavo Tuesday afternoon", WEDNESDAY, "2026-07-14", id="weekday-afternoon"),
        pytest.param("wrap up the proposal Friday evening", WEDNESDAY, "2026-07-10", id="weekday-evening"),
        pytest.param("the audit pack is due the Friday after next", WEDNESDAY, "2026-07-17", id="friday-after-next"),
        pytest.param("return the forms the Friday after next", FRIDAY, "2026-07-24", id="friday-after-next-on-friday"),
        pytest.param("we regroup the Monday after next", WEDNESDAY, "2026-07-20", id="monday-after-next"),
        pytest.param("get the costings to Nadia by Friday week", WEDNESDAY, "2026-07-17", id="friday-week"),
        pytest.param("clear the backlog before the weekend", WEDNESDAY, "2026-07-10", id="before-the-weekend"),
        pytest.param("repaint the shop sign this weekend", WEDNESDAY, "2026-07-11", id="this-weekend"),
        pytest.param("have the draft ready by the end of the week", WEDNESDAY, "2026-07-10", id="end-of-week"),
        pytest.param("the pilot wraps by the end of next week", WEDNESDAY, "2026-07-17", id="end-of-next-week"),
        pytest.param("renew the licence by the end of the month", WEDNESDAY, "2026-07-31", id="end-of-month"),
        pytest.param("invoice them by the 20th", WEDNESDAY, "2026-07-20", id="day-of-month"),
        pytest.param("invoice them by the 20th", date(2026, 7, 25), "2026-08-20", id="day-of-month-next-month"),
        pytest.param("pay the deposit by the 5th", date(2026, 12, 28), "2027-01-05", id="day-of-month-next-year"),
        pytest.param("send the survey in 5 days", WEDNESDAY, "2026-07-13", id="in-n-days-digits"),
        pytest.param("send the survey in four days", WEDNESDAY, "2026-07-12", id="in-n-days-words"),
        pytest.param("review the trial in fourteen days", WEDNESDAY, "2026-07-22", id="in-n-days-teen-word"),
        pytest.param("check the metrics in 3 weeks", WEDNESDAY, "2026-07-29", id="in-n-weeks-digits"),
        pytest.param("check the metrics in six weeks", WEDNESDAY, "2026-08-19", id="in-n-weeks-words"),
        pytest.param("get back to the landlord within 48 hours", WEDNESDAY, "2026-07-10", id="within-48-hours"),
        pytest.param("confirm the booking within 24 hours", WEDNESDAY, "2026-07-09", id="within-24-hours"),
        pytest.param("the quote expires in 72 hours", WEDNESDAY, "2026-07-11", id="in-72-hours"),
        pytest.param("answer them in 36 hours", WEDNESDAY, "2026-07-10", id="hours-round-up"),
        pytest.param("reply within twenty-four hours", WEDNESDAY, "2026-07-09", id="hours-in-words"),
        pytest.param("prep before my call with them on Thursday", WEDNESDAY, "2026-07-09", id="before-event"),
        pytest.param("the panel is next Tuesday week", WEDNESDAY, "2026-07-21", id="next-weekday-week"),
        pytest.param("file the claim by the end of August", WEDNESDAY, "2026-08-31", id="end-of-named-month"),
        pytest.param("renew it by the end of March", WEDNESDAY, "2027-03-31", id="end-of-a-passed-month"),
        pytest.param("finish the forms before the start date, the 27th", WEDNESDAY, "2026-07-27", id="date-then-day"),
        pytest.param(
            "cut the CV down before Christmas, so say by the twentieth", date(2026, 12, 10), "2026-12-20", id="narrowed"
        ),
    ],
)
def test_form_resolves(phrase: str, recorded: date, expected: str) -> None:
    assert find_due_date(phrase, recorded) == date.fromisoformat(expected)


# Vague spans give no date: the follow-up stays unscheduled rather than guessed. "in a couple of days"
# used to give +2 days (NUMBER_WORDS read "a couple of" as 2); rough counts of weeks still count.
@pytest.mark.parametrize(
    "phrase",
    [
        "I'll sort out the parking permit in a couple of days",
        "look at the contract again in a few days",
        "I'll text Bruno in a day or two",
        "tidy the garage at some point",
        "I should update my CV soon",
        "call the bank sometime",
        "expect more news in the coming days",
        "two or three days from now I'll chase it",
        "over the next few days I'll read their annual report",
        "ping him in a few hours",
    ],
)
def test_vague_span_has_no_date(phrase: str) -> None:
    assert find_due_date(phrase, WEDNESDAY) is None


def test_vague_span_leaves_a_real_date_beside_it() -> None:
    assert find_due_date("in a day or two, and by Friday at the latest", WEDNESDAY) == date(2026, 7, 10)


@pytest.mark.parametrize(
    "phrase",
    [
        "prepare for the second round",
        "practise more",
        "keep me in mind",
        "I may need help",
        "",
        "there were a couple of things to fix",
        "first thing I noticed was the messy lobby",
        "she summed it up in a few words",
        "May Tanaka called about the offer",
        "I spent 48 hours on the take-home task",
        "their quote is valid until the end of October",
    ],
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


def test_recorded_after_midnight_tomorrow_is_the_day_after_the_recording_date() -> None:
    half_past_midnight = datetime(2026, 7, 8, 0, 30)  # early Wednesday, local time
    notes = extract("I have to email the brochure to Lena tomorrow.", recorded_at=half_past_midnight)
    assert notes["actions"][0]["due"] == "2026-07-09"  # Thursday, not Wednesday


def test_naive_recording_time_is_taken_as_local() -> None:
    notes = extract("I'll call Ana on Friday.", recorded_at=datetime(2026, 7, 8, 9, 0))
    assert notes["actions"][0]["due"] == "2026-07-10"

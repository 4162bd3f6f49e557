"""One set of parsers for values that arrive as text (forms, query strings, JSON, imports): ids, small numbers,
dates and months. Each refuses with InvalidInput and a readable message, never a ValueError or OverflowError."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from webapp.services.exceptions import InvalidInput

MAX_ID = 2**31 - 1  # PostgreSQL's integer ids; a larger number is no row (and would be a database error)
# Dates Debrief accepts anywhere: wide enough for any real follow-up, far enough from year 1 and 9999 that
# "the next day" or "the month after" never steps off Python's calendar (an OverflowError, a 500).
MIN_YEAR, MAX_YEAR = 1970, 2199
DATE_RANGE = f"between {MIN_YEAR} and {MAX_YEAR}"
# ASCII digits only: str.isdigit() also says yes to "²" and "٣", which int() then refuses or misreads.
_DIGITS = re.compile(r"[0-9]{1,18}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")


def parse_int(value: str | None, message: str, low: int = 0, high: int = MAX_ID) -> int | None:
    """A whole number from low to high written in ASCII digits; None when empty; `message` when anything else."""
    text = (value or "").strip()
    if not text:
        return None
    if not _DIGITS.fullmatch(text) or not low <= int(text) <= high:
        raise InvalidInput(message)
    return int(text)


def parse_id(value: str | None, message: str) -> int | None:
    """A database id (1 to 2^31-1); None when empty."""
    return parse_int(value, message, low=1, high=MAX_ID)


def id_or_none(value: str | None) -> int | None:
    """A database id, or None for anything that cannot be one (the caller answers it as "no such row")."""
    try:
        return parse_id(value, "")
    except InvalidInput:
        return None


def in_range(day: date) -> bool:
    """Whether a date is one Debrief accepts."""
    return MIN_YEAR <= day.year <= MAX_YEAR


def check_date(day: date, message: str) -> date:
    """The date itself when it is in range; `message` otherwise."""
    if not in_range(day):
        raise InvalidInput(message)
    return day


def parse_date(value: str | None, message: str) -> date | None:
    """A YYYY-MM-DD date from 1970 to 2199; None when empty."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(message)
    text = value.strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text) if _DATE.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None:
        raise InvalidInput(message)
    return check_date(day, f"Dates must be {DATE_RANGE}.")


def parse_datetime(value: str | None, message: str) -> datetime | None:
    """An ISO 8601 date and time from 1970 to 2199 (as given, zone and all); None when empty."""
    if value is None or value == "":
        return None
    try:
        when = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        when = None
    if when is None or not in_range(when):
        raise InvalidInput(message)
    return when


def parse_month(value: str | None, message: str) -> date | None:
    """The first day of a YYYY-MM month from 1970 to 2199; None when empty."""
    text = (value or "").strip()
    if not text:
        return None
    match = _MONTH.fullmatch(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InvalidInput(message)
    return check_date(date(int(match.group(1)), int(match.group(2)), 1), f"Months must be {DATE_RANGE}.")


def add_days(day: date, days: int, message: str) -> date:
    """`day` plus `days`, refused with `message` when the result leaves the accepted range (or the calendar)."""
    try:
        later = day + timedelta(days=days)
    except OverflowError:  # a 9999-12-31 stored before dates were checked
        raise InvalidInput(message) from None
    return check_date(later, message)

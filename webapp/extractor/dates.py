"""Resolve spoken due-date phrases ("by Friday", "in two weeks") against the recording date.

Hand-written rules rather than dateparser: they are deterministic, fast, warning-free, and
cope with speech-model slips such as "my Friday" for "by Friday" and "end on the week" for "end of the week".

Conventions (documented because people disagree about them):
- "today" is the recording's local calendar date, so after midnight "tomorrow" is the day after that
  date (a memo recorded at 00:30 on Wednesday saying "tomorrow" is due on Thursday).
- "tonight": today. "first thing tomorrow", "tomorrow morning": tomorrow.
- "Friday", "on Friday", "by Friday": the next Friday strictly after today (1-7 days ahead).
- "Monday morning", "Tuesday afternoon", "Friday evening": that weekday, read as the bare weekday.
- "this Friday": the coming Friday, today included.
- "next Friday": the Friday of next calendar week (weeks start on Monday).
- "the Friday after next", "Friday week": the Friday a week after the coming one ("Friday"), so 8-14 days ahead.
- "next Tuesday week": the Tuesday a week after next week's Tuesday.
- "before Christmas, so say by the twentieth", "Friday, no, Thursday": the day said last wins.
- "before my interview on Wednesday": due on that Wednesday (the event's day, not the day before).
- "end of the week": Friday of this week (Sunday if said at the weekend).
- "this weekend": the coming Saturday (today if said on a Saturday or Sunday).
- "this week", "before the weekend", "EOW": as "end of the week".
- "end of day Thursday", "close of business tomorrow": the named day; "end of day" alone: today.
- "next week": Monday of next week; "end of next week": its Friday; "within the next week": in 7 days.
- "the end of May": May's last day, next year's once this year's has passed.
- "the 15th": the next 15th on or after today, rolling into next month (next year in December) once
  passed; "March 15th": the next March 15th on or after today.
- "in 3 days", "in three weeks", "in fourteen days": counted from today; the rough counts "a couple of"
  (2), "a few" and "several" (3) still count weeks and months ("in a couple of weeks": 14 days).
- "within 48 hours", "in 72 hours": hours become whole days, rounded up (48 h: 2 days, 36 h: 2 days,
  "in 2 hours": tomorrow), so the date is never before the moment meant.
- Vague spans of days or hours give no date rather than a guess: "in a couple of days", "in a few
  days", "in a day or two", "two or three days", "in the coming days", "in a few hours"; so do "soon",
  "sometime" and "at some point" on their own (but "sometime next week" is next week).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Rough counts: a span of days or hours counted with one is vague (no date); weeks and months count.
VAGUE_NUMBER_WORDS = {
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a few": 3,
    "few": 3,
    "several": 3,
}
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    **VAGUE_NUMBER_WORDS,
}
ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty first": 21,
    "twenty second": 22,
    "twenty third": 23,
    "twenty fourth": 24,
    "twenty fifth": 25,
    "twenty sixth": 26,
    "twenty seventh": 27,
    "twenty eighth": 28,
    "twenty ninth": 29,
    "thirtieth": 30,
    "thirty first": 31,
}

_WEEKDAY = "|".join(WEEKDAYS)
_MONTH = "|".join(MONTHS) + "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
_TENS = "|".join(word for word, value in NUMBER_WORDS.items() if value >= 20)
_UNITS = "|".join(w for w, v in NUMBER_WORDS.items() if v < 10 and len(w) > 2 and w not in VAGUE_NUMBER_WORDS)
# "twenty-four" / "forty eight" before "twenty", then the single words longest first.
_NUMBER = rf"\d{{1,3}}|(?:{_TENS})[\s-](?:{_UNITS})|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_VAGUE_NUMBER = "|".join(sorted(VAGUE_NUMBER_WORDS, key=len, reverse=True))
# Longest first so "twenty first" wins over "twenty".
_ORDINAL_WORD = "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True)).replace(" ", r"[\s-]")
_DAY = rf"(?:(?P<dnum>\d{{1,2}})(?:st|nd|rd|th)?|(?P<dword>{_ORDINAL_WORD}))"

Resolver = Callable[[re.Match[str], date], date | None]

# A time of day ("end of day", "close of business") means today only when no day is named beside it:
# "end of day tomorrow" and "close of business Friday" are due tomorrow and on Friday.
_TIME_OF_DAY = re.compile(r"\b(?:end of (?:the )?(?:day|business)|close of business|eod|cob)\b")


def _number(token: str) -> int:
    """Turn "2", "two", "forty-eight" or "a couple of" into an int."""
    token = re.sub(r"\s+", " ", token.strip().lower())
    if token.isdigit():
        return int(token)
    if token in NUMBER_WORDS:
        return NUMBER_WORDS[token]
    return sum(NUMBER_WORDS.get(part, 0) for part in re.split(r"[\s-]", token)) or 1


def _day_number(match: re.Match[str]) -> int:
    """Read the day of month from a match using the _DAY groups."""
    if match.group("dnum"):
        return int(match.group("dnum"))
    return ORDINAL_WORDS[re.sub(r"[\s-]+", " ", match.group("dword").lower())]


def _month_number(name: str) -> int:
    """Map "March" or "mar" to 3."""
    name = name.lower()[:3]
    return [m[:3] for m in MONTHS].index(name) + 1


def next_weekday(today: date, weekday: int, *, include_today: bool = False) -> date:
    """Return the next date with this weekday (Monday=0), strictly after today unless include_today."""
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and not include_today:
        ahead = 7
    return today + timedelta(days=ahead)


def weekday_of_next_week(today: date, weekday: int) -> date:
    """Return the given weekday in the calendar week after this one."""
    next_monday = today + timedelta(days=7 - today.weekday())
    return next_monday + timedelta(days=weekday)


def end_of_month(day: date) -> date:
    """Return the last day of day's month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """Add calendar months, clamping to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_day(today: date, month: int, day: int) -> date | None:
    """Return the next occurrence of month/day on or after today."""
    candidate = _safe_date(today.year, month, day)
    if candidate and candidate >= today:
        return candidate
    return _safe_date(today.year + 1, month, day)


def _end_of_named_month(today: date, name: str) -> date:
    """The last day of the named month, this year or, once it has passed, next year ("by the end of May")."""
    last = end_of_month(date(today.year, _month_number(name), 1))
    return last if last >= today else end_of_month(date(today.year + 1, _month_number(name), 1))


def _day_of_month(today: date, day: int) -> date | None:
    """Return the next occurrence of this day of the month on or after today."""
    for months_ahead in range(3):
        first = add_months(today.replace(day=1), months_ahead)
        candidate = _safe_date(first.year, first.month, day)
        if candidate and candidate >= today:
            return candidate
    return None


def _end_of_week(today: date) -> date:
    # At the weekend "the end of the week" can only mean Sunday.
    return (
        next_weekday(today, 4, include_today=True)
        if today.weekday() <= 4
        else next_weekday(today, 6, include_today=True)
    )


def _this_weekend(today: date) -> date:
    if today.weekday() == 6:
        return today
    return next_weekday(today, 5, include_today=True)


def _in_span(match: re.Match[str], today: date) -> date:
    count, unit = _number(match.group("n")), match.group("unit").lower()
    if unit.startswith("day"):
        return today + timedelta(days=count)
    if unit.startswith("week"):
        return today + timedelta(weeks=count)
    return add_months(today, count)


def _in_hours(match: re.Match[str], today: date) -> date:
    return today + timedelta(days=-(-_number(match.group("n")) // 24))  # whole days, rounded up


def _in_one(match: re.Match[str], today: date) -> date:
    unit = match.group("unit")
    return today + timedelta(days=1 if unit == "day" else 7) if unit != "month" else add_months(today, 1)


def _weekday_index(match: re.Match[str]) -> int:
    return WEEKDAYS.index(match.group("wd").lower())


RULES: list[tuple[re.Pattern[str], Resolver]] = [
    (re.compile(r"\bday after tomorrow\b"), lambda m, t: t + timedelta(days=2)),
    (re.compile(r"\btomorrow\b|\btmrw\b"), lambda m, t: t + timedelta(days=1)),
    (
        re.compile(
            r"\b(?:today|tonight|later today|this (?:morning|afternoon|evening)|right away|asap"
            r"|as soon as possible)\b"
        ),
        lambda m, t: t,
    ),
    (_TIME_OF_DAY, lambda m, t: t),
    (re.compile(r"\bend of next week\b"), lambda m, t: weekday_of_next_week(t, 4)),
    (
        re.compile(
            r"\b(?:end of (?:the |this )?(?:work ?)?week|(?:later |sometime |some time )?this week"
            r"|before the weekend|eow)\b"
        ),
        lambda m, t: _end_of_week(t),
    ),
    (re.compile(r"\bend of next month\b"), lambda m, t: end_of_month(add_months(t.replace(day=1), 1))),
    (re.compile(r"\bend of (?:the |this )?month\b"), lambda m, t: end_of_month(t)),
    (
        # Not how long a thing stays good: "the price is valid until the end of October".
        re.compile(rf"(?<!valid until the )(?<!valid till the )\bend of (?P<mon>{'|'.join(MONTHS)})\b"),
        lambda m, t: _end_of_named_month(t, m.group("mon")),
    ),
    (re.compile(r"\bnext weekend\b"), lambda m, t: _this_weekend(t) + timedelta(days=7)),
    (re.compile(r"\b(?:this|the|over the|on the) weekend\b"), lambda m, t: _this_weekend(t)),
    (re.compile(r"\b(?:in|within) (?:the )?(?:next|coming) (?P<unit>day|week|month)\b"), _in_one),
    (re.compile(r"\bnext week\b"), lambda m, t: weekday_of_next_week(t, 0)),
    (re.compile(r"\bnext month\b"), lambda m, t: add_months(t.replace(day=1), 1)),
    (
        re.compile(r"\b(?:in|within) a fortnight\b|\bfortnight from (?:now|today)\b"),
        lambda m, t: t + timedelta(days=14),
    ),
    (
        re.compile(rf"\b(?:in|within|after) (?:the next )?(?P<n>{_NUMBER}) (?P<unit>days?|weeks?|months?)\b"),
        _in_span,
    ),
    (re.compile(rf"\b(?P<n>{_NUMBER}) (?P<unit>days?|weeks?|months?) from (?:now|today)\b"), _in_span),
    (re.compile(rf"\b(?:in|within|after) (?:the next )?(?P<n>{_NUMBER}) hours?\b"), _in_hours),
    (re.compile(rf"\b(?P<n>{_NUMBER}) hours? from now\b"), _in_hours),
    (
        # "the Friday after next", but not "Friday after next week's review".
        # "Friday week" (British): the same day.
        re.compile(rf"\b(?:the )?(?P<wd>{_WEEKDAY}) (?:after next\b(?! (?:week|month|year))|week\b(?!['’]s|end))"),
        lambda m, t: next_weekday(t, _weekday_index(m)) + timedelta(days=7),
    ),
    (
        # "next Tuesday week": the Tuesday a week after next week's Tuesday.
        re.compile(rf"\bnext (?P<wd>{_WEEKDAY}) week\b(?!['’]s|end)"),
        lambda m, t: weekday_of_next_week(t, _weekday_index(m)) + timedelta(days=7),
    ),
    (re.compile(rf"\bnext (?P<wd>{_WEEKDAY})\b"), lambda m, t: weekday_of_next_week(t, _weekday_index(m))),
    (
        re.compile(rf"\bthis (?:coming )?(?P<wd>{_WEEKDAY})\b"),
        lambda m, t: next_weekday(t, _weekday_index(m), include_today=True),
    ),
    (re.compile(rf"\b(?P<wd>{_WEEKDAY})\b"), lambda m, t: next_weekday(t, _weekday_index(m))),
    (re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})\b"), lambda m, t: _safe_date(*map(int, m.groups()))),
    # The days before a holiday that a deadline leans on: "before Christmas" is Christmas Eve.
    (
        re.compile(r"\b(?:before|by|until|till|ahead of) (?:christmas|xmas)\b|\bchristmas eve\b"),
        lambda m, t: _month_day(t, 12, 24),
    ),
    (re.compile(r"\b(?:before|by|until|till|ahead of) (?:the )?new year\b"), lambda m, t: _month_day(t, 12, 31)),
    (
        re.compile(rf"\b(?P<mon>{_MONTH})\.? (?:the )?{_DAY}\b"),
        lambda m, t: _month_day(t, _month_number(m.group("mon")), _day_number(m)),
    ),
    (
        re.compile(rf"\b(?:the )?{_DAY} (?:of )?(?P<mon>{_MONTH})\b"),
        lambda m, t: _month_day(t, _month_number(m.group("mon")), _day_number(m)),
    ),
    (
        # Only after a preposition, so "the second round" is not read as a date.
        # "by the 3rd of March" is the month's day above, not the 3rd of this month.
        re.compile(
            # "before the start date, the 27th": a date named, then its day.
            rf"\b(?:on|by|before|until|for|(?:date|deadline)) the {_DAY}\b"
            r"(?! (?:round|interview|time|one|thing|step|call))"
            rf"(?! (?:of )?(?:{_MONTH})\b)"
        ),
        lambda m, t: _day_of_month(t, _day_number(m)),
    ),
]


# Vague spans of days or hours ("in a couple of days", "in a day or two", "two or three days", "the
# coming days") are blanked before the rules run, so no rule reads a date out of them ("in a day").
_VAGUE_SPAN = re.compile(
    rf"\b(?:{_VAGUE_NUMBER}) (?:days?|hours?)\b"
    rf"|\b(?:{_NUMBER}) (?:days?|hours?) or (?:so|(?!an?\b)(?:{_NUMBER}))\b"
    rf"|\b(?:{_NUMBER}) (?:or|to) (?:{_NUMBER}) (?:days?|hours?)\b|\b\d{{1,3}}-\d{{1,3}} (?:days?|hours?)\b"
    r"|\b(?:the )?(?:coming|next|following) days\b"
)


# A small speech model hears "end of the week" as "end on the week" (and "by the end of" as "my end on").
_END_ON = re.compile(r"\bend on(?= (?:the |this |next )?(?:work ?)?(?:week|month|day)\b)")


# ... and "today" as "to me", at the end of a to-do ("send the thank-you note to me"), where the words before
# cannot take "to me" ("offered it to me", "come back to me", "new to me").
_TO_ME_AS_TODAY = re.compile(
    r"(?<!\bit)(?<!\bthem)(?<!\bback)(?<!\bout)(?<!\boffer)(?<!\bnew)(?<!\bdown)(?<!\bsaid)(?<!\bspoke)(?<!\bsent)"
    r"(?<!\blooks)(?<!\bgave)(?<!\bexplained)(?<!\bmentioned)\s+to me(?=\s*(?:[,.;!?]|$))"
)


# ... and "today" as "to hide" at the end of a to-do ("update the sheet to hide"), where nothing is hidden.
_TO_HIDE_AS_TODAY = re.compile(
    r"(?<!\bnothing)(?<!\bsomething)(?<!\banything)(?<!\bplace)\s+to hide(?=\s*(?:itself\b|[,.;!?]|$))"
)

# A speaker who corrects a day ("by Thursday, no wait, Wednesday"; "Friday, sorry, Thursday") means the day
# said after the correction.
_CORRECTION = re.compile(
    r"\b(?:no,? wait|wait,? no|actually,? no|no,? actually|or rather|sorry|scratch that|no"
    # ... or narrows it: "before Christmas, so say by the twentieth".
    r"|so,? say|call it|make that)\b[,.]?\s+"
)
_BARE_NO_WORDS = 3  # after a bare "no", the corrected day follows at once


def find_due_date(text: str, today: date) -> date | None:
    """Return the date of the first due-date phrase in text, resolved against today, or None.

    When a day is corrected after it is said ("Thursday, no wait, Wednesday"), the corrected day wins."""
    text = _full_weekday_names(text)
    lowered_text = text.lower()
    for correction in _CORRECTION.finditer(lowered_text):
        said = _first_due_date(lowered_text[: correction.start()], today)
        after = lowered_text[correction.end() :]
        if correction.group().startswith("no") and not correction.group().startswith("no wait"):
            after = " ".join(after.split()[:_BARE_NO_WORDS])  # "Monday, no later than Tuesday" is no correction
            if re.match(r"(?:not|later|earlier|sooner|rush|more|less)\b", after):
                continue
        corrected = _first_due_date(after, today)
        if said and corrected:
            return corrected
    return _first_due_date(text, today)


# Weekdays as people write or clip them: "by Fri", "Thurs", "chase her Tues if silent", "Wed the 4th". "Sat" and
# "Sun" only after a word that dates them ("I sat the exam", "the sun").
_DAY_LEAD = r"(?:(?<=by )|(?<=on )|(?<=before )|(?<=until )|(?<=till )|(?<=next )|(?<=this )|(?<=due ))"
_SHORT_DAY = re.compile(
    rf"\b{_DAY_LEAD}(?P<led>mon|tues?|weds?|thur?s?|fri|sat|sun)\b\.?"
    r"|(?<!['’])\b(?P<bare>mon|tues?|weds?|thur?s?|fri)\b\.?"  # not "c'mon"
    r"(?=\s*(?:[,;!?.]|$)|\s+(?:the \d|morning|afternoon|evening|night|am\b|pm\b|if\b|or\b|at\b))",
    re.IGNORECASE,
)
_DAY_BY_START = {day[:2]: day for day in WEEKDAYS}


def _full_weekday_names(text: str) -> str:
    return _SHORT_DAY.sub(lambda m: _DAY_BY_START[(m.group("led") or m.group("bare"))[:2].lower()], text)


def _first_due_date(text: str, today: date) -> date | None:
    text = _TO_HIDE_AS_TODAY.sub(" today", text.lower())
    lowered = re.sub(r"[^\w\s-]", " ", _TO_ME_AS_TODAY.sub(" today", text))
    lowered = re.sub(r"\s+", " ", lowered)
    lowered = _END_ON.sub("end of", lowered)
    lowered = _VAGUE_SPAN.sub(lambda m: " " * len(m.group()), lowered)
    best: tuple[tuple[int, ...], date] | None = None
    for pattern, resolve in RULES:
        for match in pattern.finditer(lowered):
            resolved = resolve(match, today)
            if resolved is None:
                continue
            # A named day beats a bare time of day; a deadline beats the time a thing is for ("my availability
            # for next week by tomorrow"); then the earliest phrase wins, and at the same position the longer
            # (more specific) one.
            is_for = lowered[max(0, match.start() - 4) : match.start()] == "for "
            key = (int(pattern is _TIME_OF_DAY), int(is_for), match.start(), -(match.end() - match.start()))
            if best is None or key < best[0]:
                best = (key, resolved)
    return best[1] if best else None


_ANAPHORA = re.compile(
    r"\b(?:by|before|until|till|ahead of) (?:then|that day|that date|that point|that time)\b"
    r"|\bbefore that\b(?!\s*[a-z])"  # "collect the staff list before that", not "before that meeting"
)


def refers_back(text: str) -> bool:
    """True when the text's deadline points at a date said earlier ("prepare before then")."""
    return bool(_ANAPHORA.search(text.lower()))

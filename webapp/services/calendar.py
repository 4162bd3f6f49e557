"""Follow-ups in time: a month grid, .ics files (one action, or a private feed of all), snoozing."""

from __future__ import annotations

import calendar
import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Action, User, utcnow
from webapp.services import parse
from webapp.services.exceptions import InvalidInput

SNOOZE_DAYS = {"day": 1, "week": 7}
PRODID = "-//Debrief//Follow-ups//EN"


@dataclass
class Day:
    day: date
    in_month: bool
    actions: list[Action]


def parse_month(value: str | None, today: date) -> date:
    """The first day of a `YYYY-MM` month (this month when empty)."""
    return parse.parse_month(value, "Months look like 2026-03.") or today.replace(day=1)


def month_grid(user: User, first: date) -> list[list[Day]]:
    """Weeks (Monday first) covering the month, each day with the follow-ups due on it."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1]
    query = (
        select(Action)
        .where(Action.user_id == user.id, Action.deleted.is_(False), Action.due >= start, Action.due <= end)
        .order_by(Action.done, Action.due, Action.id)
    )
    by_day: dict[date, list[Action]] = {}
    for action in db.session.scalars(query):
        by_day.setdefault(action.due, []).append(action)
    return [[Day(d, d.month == first.month, by_day.get(d, [])) for d in week] for week in weeks]


def neighbour_months(first: date) -> tuple[date | None, date | None]:
    """The first days of the previous and next months; None past the accepted range of dates."""
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return (previous if parse.in_range(previous) else None), (following if parse.in_range(following) else None)


def snooze(action: Action, days: int, today: date) -> None:
    """Push the due date back (from today when it has none or is already past)."""
    if days not in SNOOZE_DAYS.values():
        raise InvalidInput("Snooze by a day or a week.")
    base = action.due if action.due and action.due >= today else today
    action.due = parse.add_days(base, days, f"A follow-up can be due at the latest in {parse.MAX_YEAR}.")
    action.edited = True
    db.session.commit()


def _event(action: Action, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"debrief-action-{action.id}@debrief")
    event.add("dtstamp", stamp)
    event.add("summary", action.text)
    # All-day: the due date is a day, not a time, and must not shift with the viewer's time zone.
    event.add("dtstart", action.due)
    event.add("dtend", action.due + timedelta(days=1))
    details = [f"From: {action.memo.display_title}"]
    if action.memo.company:
        details.append(f"Company: {action.memo.company}")
    if action.memo.contact:
        details.append(f"Contact: {action.memo.contact}")
    event.add("description", "\n".join(details))
    event.add("status", "COMPLETED" if action.done else "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def action_ics(action: Action) -> bytes:
    """One follow-up as an .ics file to open in any calendar app."""
    if action.due is None:
        raise InvalidInput("Give the follow-up a due date first.")
    if not parse.in_range(action.due):
        raise InvalidInput(f"Give the follow-up a due date {parse.DATE_RANGE} first.")
    cal = _calendar("Debrief follow-up")
    cal.add("method", "PUBLISH")
    cal.add_component(_event(action, _stamp()))
    return cal.to_ical()


def feed_ics(user: User) -> bytes:
    """Every open follow-up with a due date, as a subscribable calendar."""
    cal = _calendar("Debrief follow-ups")
    cal.add("x-published-ttl", "PT1H")
    query = (
        select(Action)
        .where(Action.user_id == user.id, Action.deleted.is_(False), Action.done.is_(False), Action.due.is_not(None))
        .order_by(Action.due, Action.id)
    )
    stamp = _stamp()
    for action in db.session.scalars(query):
        if parse.in_range(action.due):  # one date stored before the range was checked must not break the feed
            cal.add_component(_event(action, stamp))
    return cal.to_ical()


def _stamp() -> datetime:
    from datetime import UTC

    return utcnow().replace(tzinfo=UTC)


def _hash(token: str) -> str:
    # The token is 256 random bits: a fast hash is enough, and the lookup compares hashes, not secrets.
    return hashlib.sha256(token.encode()).hexdigest()


def new_feed_token(user: User) -> str:
    """A fresh feed secret; the old feed URL stops working. Returned once, stored hashed."""
    token = secrets.token_urlsafe(32)
    user.calendar_token_hash = _hash(token)
    db.session.commit()
    return token


def revoke_feed(user: User) -> None:
    """Turn the feed off."""
    user.calendar_token_hash = None
    db.session.commit()


def user_for_feed(token: str) -> User | None:
    """The user whose feed secret this is, or None."""
    if not token or len(token) > 100:
        return None
    digest = _hash(token)
    user = db.session.scalar(select(User).where(User.calendar_token_hash == digest))
    if user is None or not secrets.compare_digest(user.calendar_token_hash or "", digest):
        return None
    return user

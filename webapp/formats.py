"""How Debrief writes a day and a moment, on every page and in the Markdown file: "Tue 1 Dec 2026, 00:59".

static/js/sync.js (`when`) writes the same pieces in the same order with the browser's Intl, so the
outbox reads like the server's pages.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def day_label(day: date) -> str:
    """A day as people write it: "Tue 1 Dec 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def time_label(moment: datetime) -> str:
    """A time of day, 24-hour: "00:59"."""
    return f"{moment:%H:%M}"


def moment_label(moment: datetime) -> str:
    """A day and time: "Tue 1 Dec 2026, 00:59"."""
    return f"{day_label(moment)}, {time_label(moment)}"


def in_zone(moment: datetime, zone: str | None) -> datetime:
    """A stored (naive, UTC) moment in the user's time zone; an aware one is already where it was lived."""
    if moment.tzinfo:
        return moment
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(zone or "UTC"))

"""The blueprints, one module each, named after the service it calls (views/notes.py ↔ services/notes.py).

Views parse the request, call a service, and render a page or an htmx partial; the rules live in
webapp.services. `common` holds what every blueprint shares (page-or-partial, the owner's memo or 404).
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from flask import Flask
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from webapp import formats


def register_blueprints(app: Flask) -> None:
    """Attach every blueprint, and the template helpers the pages share."""
    from webapp.views import (
        accounts,
        api,
        auth,
        calendar,
        drafts,
        export,
        memos,
        notes,
        patterns,
        people,
        pwa,
        search,
    )

    for module in (auth, memos, notes, accounts, pwa, api, search, people, calendar, drafts, patterns, export):
        app.register_blueprint(module.bp)
    _register_template_helpers(app)


def _register_template_helpers(app: Flask) -> None:
    from webapp.models import MemoStatus
    from webapp.services import devices, notes, people
    from webapp.views.urls import template_url_for

    app.add_template_global(template_url_for, "url_for")  # in place of Flask's: see webapp/views/urls.py
    app.context_processor(_csrf_token_made_once)
    # The notes header's <datalist>s: existing names, looked up only when a template asks.
    app.add_template_global(people.known_names, "known_names")
    app.add_template_global(lambda value: notes.OUTCOME_LABELS.get(value, value), "outcome_label")
    # The notes panel lists outcomes and checklist steps from the service, so labels live in one place.
    app.add_template_global(notes.OUTCOME_LABELS, "outcome_labels")
    app.add_template_global(notes.CHECKLIST_STEPS, "checklist_steps")
    # Where a note can be moved and a transcript line added ("Follow-ups" included), and which lines can.
    app.add_template_global(notes.SECTION_LABELS, "section_labels")
    app.add_template_global(notes.unnoted_segment_ids, "unnoted_segment_ids")
    # Due dates in words ("Tomorrow", "Overdue · Mon"), counted from today where the user is.
    app.add_template_global(notes.due_label, "due_label")
    app.add_template_global(devices.token_label, "token_label")
    app.add_template_global(lambda: notes.user_today(current_user), "user_today")
    # One way to write a day and a moment (webapp.formats), where the user is.
    app.add_template_filter(local_day, "day")
    app.add_template_filter(local_moment, "moment")
    app.add_template_filter(duration)
    app.add_template_filter(timestamp)
    app.add_template_filter(highlight)
    app.add_template_filter(option_values)
    app.add_template_filter(lambda status: MemoStatus.LABELS.get(status, status), "status_label")


def _csrf_token_made_once() -> dict:
    """csrf_token() for one render, the token made on its first call: a memo page has about 30 forms, and
    Flask-WTF's own csrf_token() reads its configuration on every call. (A context processor, as Flask-WTF's is:
    this one, registered after it, takes its place.)"""
    return {"csrf_token": functools.cache(generate_csrf)}


def local_day(when: date | datetime) -> str:
    """A date, or a stored moment's day in the user's time zone: "Tue 1 Dec 2026"."""
    if isinstance(when, datetime):
        when = formats.in_zone(when, _user_zone())
    return formats.day_label(when)


def local_moment(when: datetime) -> str:
    """A stored moment in the user's time zone: "Tue 1 Dec 2026, 00:59"."""
    return formats.moment_label(formats.in_zone(when, _user_zone()))


def _user_zone() -> str | None:
    """The logged-in user's time zone; None (UTC) for a visitor."""
    return current_user.timezone if current_user.is_authenticated else None


def duration(seconds: float | None) -> str:
    """A length as m:ss (h:mm:ss from an hour up)."""
    if not seconds:
        return "0:00"
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def timestamp(seconds: float | None) -> str:
    """A moment in the audio, as m:ss."""
    return duration(seconds or 0.0001) if seconds else "0:00"


def highlight(parts: list[tuple[str, bool]]) -> Markup:
    """A search snippet's (text, matched) pieces as escaped HTML with the matched words in <mark>."""
    return Markup("").join(Markup("<mark>%s</mark>") % text if matched else escape(text) for text, matched in parts)


def option_values(names: list[str]) -> Markup:
    """An escaped <option value="…"> for each name: a user's datalists hold hundreds, a Jinja loop cost more."""
    return Markup("".join(f'<option value="{escape(name)}"></option>' for name in names))

"""Patterns: concerns and advice that recur across calls, and one click to practise one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.services import notes, patterns
from webapp.services.exceptions import NotFound, ServiceError
from webapp.views.common import is_htmx

bp = Blueprint("patterns", __name__)


@bp.get("/patterns")
@login_required
def index():
    """Concerns and advice that recur across calls, each with its calls and a practice button."""
    found = patterns.find_patterns(current_user)
    return render_template("patterns/index.html", patterns=found, total=patterns.calls_with_feedback(current_user))


@bp.post("/patterns/practice")
@login_required
def practice():
    """One click: add a follow-up to practise a recurring theme."""
    try:
        today = notes.user_today(current_user)
        action = patterns.add_practice_action(current_user, request.form.get("phrase", ""), today)
    except NotFound:
        abort(404)
    except ServiceError as exc:
        if is_htmx():
            return render_template("patterns/_practice.html", error=exc.message), exc.status
        flash(exc.message, "error")
        return redirect(url_for("patterns.index"), 303)
    if is_htmx():
        return render_template("patterns/_practice.html", action=action)
    flash(f"Added to your follow-ups: {action.text}")
    return redirect(url_for("patterns.index"), 303)

"""Follow-ups in time: the month grid, .ics downloads, the private calendar feed, snoozing."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.extensions import limiter
from webapp.services import calendar, notes
from webapp.services.exceptions import NotFound, ServiceError
from webapp.views.common import is_htmx, page_or_partial

bp = Blueprint("calendar", __name__)


def _owned_action(action_id: int):
    try:
        return notes.get_action(current_user, action_id)
    except NotFound:
        abort(404)


def _grid_context(month: str | None) -> dict:
    today = notes.user_today(current_user)
    first = calendar.parse_month(month, today)
    previous, following = calendar.neighbour_months(first)
    return {
        "first": first,
        "weeks": calendar.month_grid(current_user, first),
        "previous": previous,
        "following": following,
        "today": today,
        "feed_on": current_user.calendar_token_hash is not None,
    }


@bp.get("/calendar")
@login_required
def index():
    """A month of follow-ups by due date; htmx swaps just the grid when moving between months."""
    try:
        context = _grid_context(request.args.get("month"))
    except ServiceError:
        abort(404)
    return page_or_partial("calendar/index.html", "calendar/_grid.html", **context)


@bp.get("/actions/<int:action_id>/calendar.ics")
@login_required
def action_ics(action_id: int):
    """One follow-up as an .ics file ("Add to calendar"), needing no address the calendar can reach."""
    action = _owned_action(action_id)
    try:
        body = calendar.action_ics(action)
    except ServiceError as exc:
        abort(exc.status)
    return _ics(body, f"debrief-follow-up-{action.id}.ics", attachment=True)


def _ics(body: bytes, filename: str, attachment: bool) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/actions/<int:action_id>/snooze")
@login_required
def snooze(action_id: int):
    """Push a follow-up back by a day or a week."""
    action = _owned_action(action_id)
    days = calendar.SNOOZE_DAYS.get(request.form.get("by", ""), 0)
    error = None
    try:
        calendar.snooze(action, days, notes.user_today(current_user))
    except ServiceError as exc:
        error = exc.message
    if error and not is_htmx():
        flash(error)  # the page it goes back to says why nothing moved
    origin = request.form.get("from")
    if origin == "calendar":
        if not is_htmx():
            return redirect(url_for("calendar.index", month=request.form.get("month") or None), 303)
        try:
            context = _grid_context(request.form.get("month"))
        except ServiceError:  # a month that is no month: show this one, the snooze itself is done
            context = _grid_context(None)
        return render_template("calendar/_grid.html", error=error, **context), 400 if error else 200
    if not is_htmx():
        return redirect(url_for("memos.show", memo_id=action.memo_id), 303)
    memo = action.memo
    context = {
        "memo": memo,
        "suggestions": notes.suggestions(memo),
        "rating_dimensions": notes.SELF_RATING_DIMENSIONS,
        "error": error,
        "editing": None,
    }
    return render_template("memos/_notes.html", **context), 400 if error else 200


@bp.post("/calendar/feed")
@login_required
def new_feed():
    """Make (or remake) the private feed URL; the old one stops working."""
    token = calendar.new_feed_token(current_user)
    context = _grid_context(None)
    return render_template(
        "calendar/index.html", feed_url=url_for("calendar.feed", token=token, _external=True), **context
    )


@bp.post("/calendar/feed/off")
@login_required
def feed_off():
    """Turn the private feed off."""
    calendar.revoke_feed(current_user)
    flash("The calendar feed is off; its address no longer works.")
    return redirect(url_for("calendar.index"), 303)


@bp.get("/calendar/feed/<token>.ics")
@limiter.limit("120 per hour")
def feed(token: str):
    """The private feed: authenticated by its secret token alone (calendar apps send no cookies)."""
    user = calendar.user_for_feed(token)
    if user is None:
        abort(404)
    return _ics(calendar.feed_ics(user), "debrief.ics", attachment=False)

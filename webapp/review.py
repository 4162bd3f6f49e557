"""Reviewing on a laptop: the detail pane of the two-pane layout, next/previous memo, email drafts, patterns."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Contact, Memo
from webapp.services import NotFound, ServiceError, drafts, memos, notes, patterns
from webapp.views import is_htmx, owned_memo

bp = Blueprint("review", __name__)


@bp.get("/memos/<int:memo_id>/pane")
@login_required
def pane(memo_id: int):
    """The memo as the right-hand pane of the memo list (wide screens); a plain visit gets the page."""
    memo = owned_memo(memo_id)
    if not is_htmx():
        return redirect(url_for("memos.show", memo_id=memo.id))
    context = {
        "memo": memo,
        "queue_position": memos.queue_position(memo),
        "suggestions": notes.suggestions(memo),
        "rating_dimensions": notes.SELF_RATING_DIMENSIONS,
    }
    return render_template("review/_pane.html", **context)


@bp.get("/memos/<int:memo_id>/<any(next, previous):direction>")
@login_required
def adjacent(memo_id: int, direction: str):
    """The next (older) or previous (newer) memo in the list's order; the same memo at either end."""
    memo = owned_memo(memo_id)
    older = (Memo.recorded_at < memo.recorded_at) | ((Memo.recorded_at == memo.recorded_at) & (Memo.id < memo.id))
    newer = (Memo.recorded_at > memo.recorded_at) | ((Memo.recorded_at == memo.recorded_at) & (Memo.id > memo.id))
    query = select(Memo.id).where(Memo.user_id == current_user.id)
    if direction == "next":
        query = query.where(older).order_by(Memo.recorded_at.desc(), Memo.id.desc())
    else:
        query = query.where(newer).order_by(Memo.recorded_at, Memo.id)
    target = db.session.scalar(query.limit(1)) or memo.id
    return redirect(url_for("memos.show", memo_id=target))


@bp.get("/memos/<int:memo_id>/draft")
@login_required
def draft(memo_id: int):
    """A thank-you or keep-me-in-mind email drafted from the memo, to edit, then send or copy."""
    memo = owned_memo(memo_id)
    contact = db.session.get(Contact, memo.contact_id) if memo.contact_id else None
    try:
        email = contact.email if contact else None
        result = drafts.compose(memo, current_user, request.args.get("kind") or None, email)
    except ServiceError:
        abort(404)
    return render_template("review/draft.html", memo=memo, draft=result, kinds=drafts.KINDS, contact=contact)


@bp.get("/patterns")
@login_required
def patterns_page():
    """Concerns and advice that recur across calls, each with its calls and a practice button."""
    found = patterns.find_patterns(current_user)
    return render_template("review/patterns.html", patterns=found, total=patterns.calls_with_feedback(current_user))


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
            return render_template("review/_practice.html", error=exc.message), exc.status
        flash(exc.message)
        return redirect(url_for("review.patterns_page"), 303)
    if is_htmx():
        return render_template("review/_practice.html", action=action)
    flash(f"Added to your follow-ups: {action.text}")
    return redirect(url_for("review.patterns_page"), 303)

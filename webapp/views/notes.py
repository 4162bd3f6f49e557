"""Editing notes and follow-ups in place (htmx partials), and the Follow-ups page."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.services import notes
from webapp.services.exceptions import NotFound, ServiceError
from webapp.views.common import is_htmx, memo_context, owned_memo

bp = Blueprint("notes", __name__)


def _notes_panel(
    memo, error: str | None = None, status: int = 200, editing: str | None = None, transcript=False, title=False
):
    """Re-render the notes panel (htmx), or go back to the memo page (no JS; a refusal shows its message).

    `transcript` adds the transcript's lines as an out-of-band swap (which lines offer "Add to…" changed);
    `title` adds the title (an untitled memo is titled from who the call was with and its outcome).
    """
    if not is_htmx():
        if error:
            back = url_for("memos.show", memo_id=memo.id)
            return render_template("error.html", message=error, status=status, back=back), status
        return redirect(url_for("memos.show", memo_id=memo.id), 303)
    html = render_template("memos/_notes.html", **memo_context(memo, error=error, editing=editing))
    if transcript and not error:
        html += render_template("memos/_segments.html", memo=memo, oob=True)
    if title and not error:
        html += render_template("memos/_title.html", memo=memo, oob=True)
    return html, status


def _apply(memo, change, *args, transcript=False, title=False, **kwargs):
    """Run a service change; a refused one re-renders the panel with its message."""
    try:
        change(*args, **kwargs)
    except ServiceError as exc:
        if isinstance(exc, NotFound):
            abort(404)
        return _notes_panel(memo, exc.message, exc.status)
    return _notes_panel(memo, transcript=transcript, title=title)


@bp.post("/memos/<int:memo_id>/header")
@login_required
def header(memo_id: int):
    """Set contact, company, role or outcome."""
    memo = owned_memo(memo_id)
    field = request.form.get("field", "")
    return _apply(memo, notes.update_header, memo, field, request.form.get("value"), title=True)


@bp.get("/memos/<int:memo_id>/notes")
@login_required
def panel(memo_id: int):
    """The notes panel, optionally with one item open for editing (`?edit=item-3`)."""
    memo = owned_memo(memo_id)
    if not is_htmx():
        return redirect(url_for("memos.show", memo_id=memo.id))
    return _notes_panel(memo, editing=request.args.get("edit"))


@bp.post("/memos/<int:memo_id>/items")
@login_required
def add_item(memo_id: int):
    """Add a strength, concern or piece of advice."""
    memo = owned_memo(memo_id)
    return _apply(memo, notes.add_item, memo, request.form.get("section", ""), request.form.get("text", ""))


@bp.post("/memos/<int:memo_id>/items/<int:item_id>")
@login_required
def edit_item(memo_id: int, item_id: int):
    """Change a note's words."""
    memo = owned_memo(memo_id)
    item = _owned(notes.get_item, memo, item_id)
    return _apply(memo, notes.update_item, item, request.form.get("text", ""))


@bp.post("/memos/<int:memo_id>/items/<int:item_id>/delete")
@login_required
def delete_item(memo_id: int, item_id: int):
    """Remove a note."""
    memo = owned_memo(memo_id)
    item = _owned(notes.get_item, memo, item_id)
    return _apply(memo, notes.delete_item, item)


@bp.post("/memos/<int:memo_id>/items/<int:item_id>/move")
@login_required
def move_item(memo_id: int, item_id: int):
    """Move a note to another section, or make it a follow-up, in one tap."""
    memo = owned_memo(memo_id)
    item = _owned(notes.get_item, memo, item_id)
    return _apply(memo, notes.move_item, memo, item, request.form.get("section", ""))


@bp.post("/memos/<int:memo_id>/segments/<int:segment_id>/add")
@login_required
def add_from_segment(memo_id: int, segment_id: int):
    """A transcript line as a strength, concern, advice or follow-up, in one tap."""
    memo = owned_memo(memo_id)
    segment = _owned(notes.get_segment, memo, segment_id)
    return _apply(memo, notes.add_from_segment, memo, segment, request.form.get("section", ""), transcript=True)


def _owned(getter, owner, item_id: int):
    try:
        return getter(owner, item_id)
    except NotFound:
        abort(404)


@bp.post("/memos/<int:memo_id>/actions")
@login_required
def add_action(memo_id: int):
    """Add a follow-up by hand."""
    memo = owned_memo(memo_id)
    try:
        due = notes.parse_due(request.form.get("due"))
    except ServiceError as exc:
        return _notes_panel(memo, exc.message, exc.status)
    return _apply(memo, notes.add_action, memo, request.form.get("text", ""), due)


@bp.post("/actions/<int:action_id>")
@login_required
def edit_action(action_id: int):
    """Change a follow-up's text, due date or done state (from the memo page or the Follow-ups page)."""
    action = _owned(notes.get_action, current_user, action_id)
    changes = {}
    try:
        if "text" in request.form:
            changes["text"] = request.form["text"]
        if "due" in request.form:
            changes["due"] = notes.parse_due(request.form["due"])
        if "done" in request.form:
            # The form sends a hidden done=0 before the checkbox's done=1: the last value is the box's state.
            changes["done"] = request.form.getlist("done")[-1] in ("1", "true", "on")
        notes.update_action(action, **changes)
        error = None
    except ServiceError as exc:
        error = exc.message
    return _action_response(action, error)


@bp.post("/actions/<int:action_id>/delete")
@login_required
def delete_action(action_id: int):
    """Remove a follow-up."""
    action = _owned(notes.get_action, current_user, action_id)
    memo = action.memo
    notes.delete_action(action)
    if request.form.get("from") == "followups":
        return "" if is_htmx() else redirect(url_for("notes.followups"), 303)
    return _notes_panel(memo)


def _action_response(action, error: str | None):
    status = 400 if error else 200
    if request.form.get("from") == "followups":
        if not is_htmx():
            return redirect(url_for("notes.followups"), 303)
        return render_template("followups/_action.html", action=action, error=error), status
    return _notes_panel(action.memo, error, status)


@bp.post("/memos/<int:memo_id>/suggestions/<step>")
@login_required
def accept_suggestion(memo_id: int, step: str):
    """Turn an unticked checklist step into a follow-up."""
    memo = owned_memo(memo_id)
    return _apply(memo, notes.accept_suggestion, memo, step, notes.user_today(current_user))


@bp.post("/memos/<int:memo_id>/reextract")
@login_required
def reextract(memo_id: int):
    """Take notes again from the (possibly corrected) transcript, keeping every edit."""
    memo = owned_memo(memo_id)
    return _apply(memo, notes.reextract, memo)


@bp.post("/memos/<int:memo_id>/self-rating")
@login_required
def self_rating(memo_id: int):
    """Rate yourself when the caller gave no feedback."""
    memo = owned_memo(memo_id)
    ratings = {k: request.form[k] for k in notes.SELF_RATING_DIMENSIONS if request.form.get(k)}
    return _apply(memo, notes.set_self_rating, memo, ratings, request.form.get("note", ""))


@bp.route("/memos/<int:memo_id>/segments/<int:segment_id>", methods=["GET", "POST"])
@login_required
def segment(memo_id: int, segment_id: int):
    """Show a transcript segment as a form (GET) or save its corrected words (POST)."""
    memo = owned_memo(memo_id)
    seg = _owned(notes.get_segment, memo, segment_id)
    if request.method == "GET":
        return render_template("memos/_segment_form.html", memo=memo, segment=seg)
    notes.update_segment(memo, segment_id, request.form.get("text", ""))
    if not is_htmx():
        return redirect(url_for("memos.show", memo_id=memo.id), 303)
    return render_template(
        "memos/_segment.html", memo=memo, segment=seg, offer_reextract=True, unnoted=notes.unnoted_segment_ids(memo)
    )


@bp.get("/followups")
@login_required
def followups():
    """Every follow-up: overdue, today, this week, later, no date, done."""
    groups = notes.followups(current_user)
    return render_template("followups/index.html", groups=groups, today=notes.user_today(current_user))

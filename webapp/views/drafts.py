"""Email drafts: a thank-you or keep-me-in-mind email composed from a memo."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from webapp.services import drafts, people
from webapp.services.exceptions import ServiceError
from webapp.views.common import owned_memo

bp = Blueprint("drafts", __name__)


@bp.get("/memos/<int:memo_id>/draft")
@login_required
def show(memo_id: int):
    """A thank-you or keep-me-in-mind email drafted from the memo, to edit, then send or copy."""
    memo = owned_memo(memo_id)
    contact = people.memo_contact(memo)
    try:
        email = contact.email if contact else None
        result = drafts.compose(memo, current_user, request.args.get("kind") or None, email)
    except ServiceError:
        abort(404)
    return render_template("drafts/draft.html", memo=memo, draft=result, kinds=drafts.KINDS, contact=contact)

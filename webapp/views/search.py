"""Search: full text over transcripts and notes, with filters; results open the memo at the moment said."""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user, login_required

from webapp.services import people, search
from webapp.services.exceptions import ServiceError
from webapp.services.notes import OUTCOMES
from webapp.views.common import is_htmx, page_or_partial

bp = Blueprint("search", __name__)


@bp.get("/search")
@login_required
def index():
    """The search page; htmx asks for just the results as the user types or changes a filter."""
    query = request.args.get("q", "")
    error = None
    try:
        filters = search.parse_filters(request.args, current_user)
        results = search.search(current_user, query, filters)
    except ServiceError as exc:
        filters, results, error = search.Filters(), [], exc.message
    context = {
        "q": query,
        "filters": filters,
        "results": results,
        "error": error,
        "searched": bool(query.strip()) or filters.any,
        "outcomes": OUTCOMES,
    }
    if not is_htmx():  # the filter menus are on the page, not in the results htmx asks for
        context["companies"] = [row.company for row in people.list_companies(current_user)]
        context["contacts"] = [contact for contact, _ in people.list_contacts(current_user)]
    return page_or_partial("search/index.html", "search/_results.html", **context)

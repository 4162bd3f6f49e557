"""Companies and people: every call with them as a timeline, the application's stage, merging duplicates."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.models import Contact
from webapp.services import parse, people
from webapp.services.exceptions import NotFound, ServiceError
from webapp.views.common import is_htmx

bp = Blueprint("people", __name__)


def _owned_company(company_id: int):
    try:
        return people.get_company(current_user, company_id)
    except NotFound:
        abort(404)


def _owned_contact(contact_id: int):
    try:
        return people.get_contact(current_user, contact_id)
    except NotFound:
        abort(404)


@bp.get("/companies")
@login_required
def index():
    """Every company (with its stage) and every person the user has talked to."""
    return render_template(
        "companies/index.html",
        companies=people.list_companies(current_user),
        contacts=people.list_contacts(current_user),
        stage_labels=people.STAGE_LABELS,
    )


@bp.get("/names")
@login_required
def names():
    """The user's contacts, companies and roles as datalists: a memo page asks when its header is first used."""
    return render_template("companies/_datalists.html", datalist_user_id=current_user.id)


def _company_page(company, error: str | None = None, status: int = 200):
    others = [row.company for row in people.list_companies(current_user) if row.company.id != company.id]
    return render_template(
        "companies/show.html",
        company=company,
        timeline=people.timeline(company),
        others=others,
        stages=people.STAGE_LABELS,
        error=error,
    ), status


@bp.get("/companies/<int:company_id>")
@login_required
def show(company_id: int):
    """A company: its stage and every call, oldest first, with feedback and follow-ups."""
    return _company_page(_owned_company(company_id))


@bp.post("/companies/<int:company_id>/stage")
@login_required
def stage(company_id: int):
    """Move the application's stage by hand."""
    company = _owned_company(company_id)
    try:
        people.set_stage(company, request.form.get("stage", ""))
    except ServiceError as exc:
        if is_htmx():
            return render_template(
                "companies/_stage.html", company=company, stages=people.STAGE_LABELS, error=exc.message
            ), exc.status
        flash(exc.message, "error")
    if is_htmx():
        return render_template("companies/_stage.html", company=company, stages=people.STAGE_LABELS, saved=True)
    return redirect(url_for("people.show", company_id=company.id), 303)


@bp.post("/companies/<int:company_id>/name")
@login_required
def rename(company_id: int):
    """Rename a company; a name another company has merges the two."""
    company = _owned_company(company_id)
    return _change_and_show(lambda: people.rename_company(company, request.form.get("name", "")), company)


@bp.post("/companies/<int:company_id>/merge")
@login_required
def merge(company_id: int):
    """Fold this company into another of the user's (a duplicate spelling)."""
    company = _owned_company(company_id)
    target = _owned_company(parse.id_or_none(request.form.get("into")) or 0)
    return _change_and_show(lambda: people.merge_companies(company, target), company, "Merged into {}.")


def _change_and_show(change, row, message: str | None = None):
    """Run a rename or merge, then show the company or person that remains (a refusal is flashed)."""
    endpoint, key = ("people.person", "contact_id") if isinstance(row, Contact) else ("people.show", "company_id")
    try:
        kept = change()
    except ServiceError as exc:
        flash(exc.message, "error")
        return redirect(url_for(endpoint, **{key: row.id}), 303)
    if message:
        flash(message.format(kept.name))
    return redirect(url_for(endpoint, **{key: kept.id}), 303)


@bp.get("/people/<int:contact_id>")
@login_required
def person(contact_id: int):
    """A person: their calls, their email address (for drafts), merging duplicates."""
    contact = _owned_contact(contact_id)
    others = [c for c, _ in people.list_contacts(current_user) if c.id != contact.id]
    return render_template("companies/person.html", contact=contact, memos=people.contact_memos(contact), others=others)


@bp.post("/people/<int:contact_id>")
@login_required
def edit_person(contact_id: int):
    """Change a person's name or email address."""
    contact = _owned_contact(contact_id)
    name, email = request.form.get("name"), request.form.get("email")
    return _change_and_show(lambda: people.update_contact(contact, name=name, email=email), contact, "Saved.")


@bp.post("/people/<int:contact_id>/merge")
@login_required
def merge_person(contact_id: int):
    """Fold this person into another (the same person spelled twice)."""
    contact = _owned_contact(contact_id)
    target = _owned_contact(parse.id_or_none(request.form.get("into")) or 0)
    return _change_and_show(lambda: people.merge_contacts(contact, target), contact, "Merged into {}.")

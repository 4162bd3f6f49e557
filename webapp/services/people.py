"""Companies and contacts: one row per real company or person, linked from memos, merged when duplicated."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import bindparam, func, literal, select, union_all, update

from webapp.extensions import db
from webapp.models import Action, Company, Contact, Memo, NoteItem, User
from webapp.services.exceptions import InvalidInput, NotFound

STAGES = ("applied", "interviewing", "offer", "rejected", "withdrawn")
STAGE_LABELS = {
    "applied": "Applied",
    "interviewing": "Interviewing",
    "offer": "Offer",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
}
# What a call's outcome says about the application; "pending" and "unknown" say nothing.
STAGE_FOR_OUTCOME = {"offer": "offer", "next_round": "interviewing", "rejected": "rejected"}
NAME_MAX = 200
EMAIL_RE = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
# Legal-form suffixes that do not make another company: "Acme", "ACME Inc." and "Acme GmbH" are one.
_SUFFIXES = {"inc", "incorporated", "llc", "ltd", "limited", "gmbh", "ag", "sa", "sas", "bv", "plc", "corp", "co"}


def name_key(name: str) -> str:
    """The form two names must share to be the same company or person."""
    words = re.sub(r"[\W_]+", " ", name.lower()).split()
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return " ".join(words)[:NAME_MAX]


def _clean_name(name: str | None) -> str | None:
    name = " ".join((name or "").split())
    if len(name) > NAME_MAX:
        raise InvalidInput(f"Names are at most {NAME_MAX} characters.")
    return name or None


def find_or_create_company(user_id: int, name: str) -> Company | None:
    """The user's company with this name (by key), created if new (caller commits)."""
    name = _clean_name(name)
    key = name_key(name or "")
    if not key:
        return None
    company = db.session.scalar(select(Company).where(Company.user_id == user_id, Company.key == key))
    if company is None:
        company = Company(user_id=user_id, name=name, key=key, stage="applied")
        db.session.add(company)
        db.session.flush()
    return company


def find_or_create_contact(user_id: int, name: str, company: Company | None) -> Contact | None:
    """The user's contact with this name, created if new; learns their company (caller commits)."""
    name = _clean_name(name)
    key = name_key(name or "")
    if not key:
        return None
    contact = db.session.scalar(select(Contact).where(Contact.user_id == user_id, Contact.key == key))
    if contact is None:
        contact = Contact(user_id=user_id, name=name, key=key)
        db.session.add(contact)
        db.session.flush()
    if company is not None and contact.company_id is None:
        contact.company_id = company.id
    return contact


def link_memo(memo: Memo) -> None:
    """Point the memo at the company and contact its header names; move the company's stage (caller commits)."""
    previous = memo.company_id
    company = find_or_create_company(memo.user_id, memo.company) if memo.company else None
    contact = find_or_create_contact(memo.user_id, memo.contact, company) if memo.contact else None
    memo.company_id = company.id if company else None
    memo.contact_id = contact.id if contact else None
    # Show one spelling everywhere: the company's, e.g. "Acme" typed as "acme inc".
    if company is not None:
        memo.company = company.name
    db.session.flush()
    if company is not None:
        sync_stage(company)
    if previous and previous != memo.company_id:
        old = db.session.get(Company, previous)
        if old is not None:
            sync_stage(old)


def sync_stage(company: Company) -> None:
    """Move the stage to what the latest decisive call says, unless that was already applied (a hand edit sticks)."""
    query = (
        select(Memo.outcome)
        .where(Memo.company_id == company.id, Memo.outcome.in_(STAGE_FOR_OUTCOME))
        .order_by(Memo.recorded_at.desc(), Memo.id.desc())
        .limit(1)
    )
    outcome = db.session.scalar(query)
    derived = STAGE_FOR_OUTCOME.get(outcome) if outcome else None
    if derived and derived != company.auto_stage:
        company.stage = derived
    company.auto_stage = derived


def _known_names_query():
    user_id = bindparam("user_id")
    names = union_all(
        select(literal("company").label("field"), Company.name.label("name")).where(Company.user_id == user_id),
        select(literal("contact"), Contact.name).where(Contact.user_id == user_id),
        select(literal("role"), Memo.role).where(Memo.user_id == user_id, Memo.role.is_not(None)).distinct(),
    ).subquery()
    return select(names.c.field, names.c.name).order_by(names.c.field, names.c.name)


_KNOWN_NAMES = _known_names_query()  # built once: every memo page with notes runs it


def known_names(user_id: int) -> dict[str, list[str]]:
    """Existing contacts, companies and roles, for the header's autocomplete (one query: every memo page asks)."""
    known: dict[str, list[str]] = {"company": [], "contact": [], "role": []}
    # On the session's connection: rows of plain values need none of the ORM's result handling (a quarter of it).
    for field, name in db.session.connection().execute(_KNOWN_NAMES, {"user_id": user_id}):
        if name:
            known[field].append(name)
    return known


@dataclass
class CompanyRow:
    company: Company
    calls: int
    last_call: object | None
    open_actions: int


def list_companies(user: User) -> list[CompanyRow]:
    """The user's companies, most recently called first, with counts."""
    calls = (
        select(Memo.company_id, func.count(Memo.id).label("n"), func.max(Memo.recorded_at).label("last"))
        .where(Memo.user_id == user.id, Memo.company_id.is_not(None))
        .group_by(Memo.company_id)
        .subquery()
    )
    open_actions = (
        select(Memo.company_id, func.count(Action.id).label("n"))
        .join(Action, Action.memo_id == Memo.id)
        .where(Memo.user_id == user.id, Action.done.is_(False), Action.deleted.is_(False))
        .group_by(Memo.company_id)
        .subquery()
    )
    query = (
        select(Company, calls.c.n, calls.c.last, open_actions.c.n)
        .outerjoin(calls, calls.c.company_id == Company.id)
        .outerjoin(open_actions, open_actions.c.company_id == Company.id)
        .where(Company.user_id == user.id)
    )
    rows = [CompanyRow(c, n or 0, last, o or 0) for c, n, last, o in db.session.execute(query)]
    rows.sort(key=lambda r: (r.last_call is None, -(r.last_call.timestamp() if r.last_call else 0), r.company.name))
    return rows


def list_contacts(user: User) -> list[tuple[Contact, int]]:
    """The user's contacts with how many calls each, by name."""
    counts = (
        select(Memo.contact_id, func.count(Memo.id).label("n"))
        .where(Memo.user_id == user.id, Memo.contact_id.is_not(None))
        .group_by(Memo.contact_id)
        .subquery()
    )
    query = (
        select(Contact, counts.c.n)
        .outerjoin(counts, counts.c.contact_id == Contact.id)
        .where(Contact.user_id == user.id)
        .order_by(Contact.name)
    )
    return [(c, n or 0) for c, n in db.session.execute(query)]


def get_company(user: User, company_id: int) -> Company:
    """The user's company; NotFound for anyone else's."""
    company = db.session.get(Company, company_id)
    if company is None or company.user_id != user.id:
        raise NotFound("No such company.")
    return company


def memo_contact(memo: Memo) -> Contact | None:
    """The person a memo's notes are linked to, if any."""
    return db.session.get(Contact, memo.contact_id) if memo.contact_id else None


def get_contact(user: User, contact_id: int) -> Contact:
    """The user's contact; NotFound for anyone else's."""
    contact = db.session.get(Contact, contact_id)
    if contact is None or contact.user_id != user.id:
        raise NotFound("No such person.")
    return contact


def timeline(company: Company) -> list[dict]:
    """Every call with this company, oldest first, with its feedback and follow-ups."""
    memos = db.session.scalars(
        select(Memo).where(Memo.company_id == company.id).order_by(Memo.recorded_at, Memo.id)
    ).all()
    return [
        {
            "memo": memo,
            "strengths": _visible(memo, "strengths"),
            "concerns": _visible(memo, "concerns"),
            "advice": _visible(memo, "advice"),
            "actions": [a for a in memo.actions if not a.deleted],
        }
        for memo in memos
    ]


def _visible(memo: Memo, section: str) -> list[NoteItem]:
    return [i for i in memo.items if i.section == section and not i.deleted]


def contact_memos(contact: Contact) -> list[Memo]:
    """Calls with this person, newest first."""
    query = select(Memo).where(Memo.contact_id == contact.id).order_by(Memo.recorded_at.desc(), Memo.id.desc())
    return list(db.session.scalars(query))


def set_stage(company: Company, stage: str) -> None:
    """Set the application stage by hand."""
    if stage not in STAGES:
        raise InvalidInput(f"Stage must be one of {', '.join(STAGES)}.")
    company.stage = stage
    db.session.commit()


def _new_name(model: type[Company] | type[Contact], row: Company | Contact, name: str):
    """(clean name, its key, the user's other row already called that or None): renaming onto it merges."""
    name = _clean_name(name)
    key = name_key(name or "")
    if not key:
        raise InvalidInput("The name cannot be empty.")
    other = db.session.scalar(select(model).where(model.user_id == row.user_id, model.key == key, model.id != row.id))
    return name, key, other


def rename_company(company: Company, name: str) -> Company:
    """Rename a company (and its memos); a name another company has merges the two."""
    name, key, other = _new_name(Company, company, name)
    if other is not None:
        return merge_companies(company, other)
    company.name, company.key = name, key
    db.session.execute(update(Memo).where(Memo.company_id == company.id).values(company=name))
    db.session.commit()
    return company


def merge_companies(source: Company, target: Company) -> Company:
    """Fold a duplicate company into another: its calls and people move over, the duplicate goes."""
    if source.user_id != target.user_id:
        raise NotFound("No such company.")
    if source.id == target.id:
        raise InvalidInput("Choose another company to merge into.")
    db.session.execute(
        update(Memo).where(Memo.company_id == source.id).values(company_id=target.id, company=target.name)
    )
    db.session.execute(update(Contact).where(Contact.company_id == source.id).values(company_id=target.id))
    db.session.delete(source)
    db.session.flush()
    sync_stage(target)
    db.session.commit()
    return target


def update_contact(contact: Contact, name: str | None = None, email: str | None = None) -> Contact:
    """Change a person's name (merging with a same-named one) or email address."""
    if email is not None:
        email = email.strip() or None
        if email and (len(email) > 254 or not EMAIL_RE.match(email)):
            raise InvalidInput("That does not look like an email address.")
        contact.email = email
    if name is not None:
        name, key, other = _new_name(Contact, contact, name)
        if other is not None:
            return merge_contacts(contact, other)
        contact.name, contact.key = name, key
        db.session.execute(update(Memo).where(Memo.contact_id == contact.id).values(contact=name))
    db.session.commit()
    return contact


def merge_contacts(source: Contact, target: Contact) -> Contact:
    """Fold a duplicate person into another."""
    if source.user_id != target.user_id:
        raise NotFound("No such person.")
    if source.id == target.id:
        raise InvalidInput("Choose another person to merge into.")
    db.session.execute(
        update(Memo).where(Memo.contact_id == source.id).values(contact_id=target.id, contact=target.name)
    )
    target.email = target.email or source.email
    target.company_id = target.company_id or source.company_id
    db.session.delete(source)
    db.session.commit()
    return target

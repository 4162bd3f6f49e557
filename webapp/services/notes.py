"""Notes and follow-ups: store what the extractor found without undoing anything the user changed."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Action, Memo, NoteItem, Segment, User, utcnow
from webapp.services import people
from webapp.services.exceptions import ExtractionError, InvalidInput, NotFound

log = logging.getLogger(__name__)

SECTIONS = ("strengths", "concerns", "advice")
HEADER_FIELDS = ("contact", "company", "role", "outcome")
OUTCOMES = ("offer", "next_round", "pending", "rejected", "unknown")
OUTCOME_LABELS = {
    "unknown": "Not known",
    "offer": "Offer",
    "next_round": "Next round",
    "pending": "Waiting to hear",
    "rejected": "Not selected",
}
CHECKLIST_STEPS = {
    "thanked": "Thanked them",
    "still_interested": "Said you are still interested",
    "asked_feedback": "Asked for feedback",
    "asked_keep_in_mind": "Asked to be kept in mind",
    "did_not_argue": "Did not argue",
}
TEXT_MAX = 2000


def _norm(text: str | None) -> str:
    return re.sub(r"\W+", " ", (text or "").lower()).strip()


def local_recorded_at(memo: Memo) -> datetime:
    """The recording time in the user's time zone (relative dates resolve there)."""
    zone = ZoneInfo(memo.user.timezone or "UTC")
    return memo.local_recorded_at.astimezone(zone)


def vocabulary_for(memo: Memo) -> list[str]:
    """Names the engine should spell right: this memo's, the user's other contacts and companies, and their list."""
    names: list[str] = []
    for value in (memo.contact, memo.company):
        if value:
            names.append(value)
    rows = db.session.execute(
        select(Memo.contact, Memo.company).where(Memo.user_id == memo.user_id, Memo.id != memo.id).limit(200)
    )
    for contact, company in rows:
        names.extend(v for v in (contact, company) if v)
    names.extend(w.strip() for w in re.split(r"[,\n]", memo.user.vocabulary or "") if w.strip())
    seen: set[str] = set()
    unique = [n for n in names if not (n.lower() in seen or seen.add(n.lower()))]
    return unique[:50]


def run_extractor(memo: Memo) -> dict:
    """Call the extractor on the memo's transcript."""
    from webapp.extractor import extract

    segments = [{"start": s.start, "end": s.end, "text": s.text} for s in memo.segments]
    try:
        return extract(memo.transcript_text or "", recorded_at=local_recorded_at(memo), segments=segments or None)
    except Exception as exc:  # the extractor is pure code: any error is a bug to report, not to crash on
        log.exception("memo %s: the extractor failed", memo.id)
        raise ExtractionError(f"Notes could not be taken from this transcript ({type(exc).__name__}: {exc}).") from exc


def apply_extraction(memo: Memo, result: dict | None = None) -> None:
    """Replace the automatic notes with fresh ones; keep edited, deleted, done and hand-made ones (caller commits)."""
    result = result if result is not None else run_extractor(memo)
    edited = set(memo.header_edited or [])
    for field in HEADER_FIELDS:
        if field not in edited:
            setattr(memo, field, result.get(field) or (None if field != "outcome" else "unknown"))
    memo.checklist = result.get("checklist") or {}
    memo.feedback_given = result.get("feedback_given")
    memo.extracted_at = utcnow()
    for section in SECTIONS:
        _replace_items(memo, section, result.get(section) or [])
    _replace_actions(memo, result.get("actions") or [])
    people.link_memo(memo)  # the company and contact pages, and the company's stage


def _kept(rows: list, fresh_rows: list) -> list:
    """Rows the user touched survive; the untouched automatic ones are replaced."""
    keep = [r for r in rows if r.origin != "auto" or r.edited or r.deleted or getattr(r, "done", False)]
    for row in rows:
        if row not in keep:
            fresh_rows.remove(row)
    return keep


def _replace_items(memo: Memo, section: str, found: list[dict]) -> None:
    rows = [i for i in memo.items if i.section == section]
    keep = _kept(rows, memo.items)
    known = {_norm(i.extracted_text) for i in keep} | {_norm(i.text) for i in keep}
    position = max((i.position for i in keep), default=-1) + 1
    for item in found:
        if _norm(item["text"]) in known:
            continue
        memo.items.append(
            NoteItem(
                section=section,
                position=position,
                text=item["text"],
                extracted_text=item["text"],
                start=item.get("start"),
                end=item.get("end"),
            )
        )
        position += 1


def _replace_actions(memo: Memo, found: list[dict]) -> None:
    keep = _kept(list(memo.actions), memo.actions)
    known = {_norm(a.extracted_text) for a in keep} | {_norm(a.text) for a in keep}
    position = max((a.position for a in keep), default=-1) + 1
    for item in found:
        if _norm(item["text"]) in known:
            continue
        memo.actions.append(
            Action(
                user_id=memo.user_id,
                position=position,
                text=item["text"],
                extracted_text=item["text"],
                due=date.fromisoformat(item["due"]) if item.get("due") else None,
                start=item.get("start"),
                end=item.get("end"),
            )
        )
        position += 1


def reextract(memo: Memo) -> None:
    """Take notes again now (fast: the extractor needs no model)."""
    if not memo.transcript_text:
        raise InvalidInput("This memo has no transcript yet.")
    apply_extraction(memo)
    db.session.commit()


def _clean_text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput("The text cannot be empty.")
    if len(text) > TEXT_MAX:
        raise InvalidInput(f"The text is longer than {TEXT_MAX} characters.")
    return text


def update_header(memo: Memo, field: str, value: str | None) -> None:
    """Set contact, company, role or outcome by hand; extraction then leaves it alone."""
    if field not in HEADER_FIELDS:
        raise InvalidInput(f"Unknown field {field!r}.")
    value = (value or "").strip() or None
    if field == "outcome":
        value = value or "unknown"
        if value not in OUTCOMES:
            raise InvalidInput(f"Outcome must be one of {', '.join(OUTCOMES)}.")
    elif value and len(value) > 200:
        raise InvalidInput("That is longer than 200 characters.")
    setattr(memo, field, value)
    memo.header_edited = sorted(set(memo.header_edited or []) | {field})
    people.link_memo(memo)  # the company and contact pages, and the company's stage
    db.session.commit()


def get_item(memo: Memo, item_id: int) -> NoteItem:
    """One of the memo's visible note items."""
    item = db.session.get(NoteItem, item_id)
    if item is None or item.memo_id != memo.id or item.deleted:
        raise NotFound("No such note.")
    return item


def add_item(memo: Memo, section: str, text: str) -> NoteItem:
    """Add a note the user typed."""
    if section not in SECTIONS:
        raise InvalidInput(f"Unknown section {section!r}.")
    position = max((i.position for i in memo.items), default=-1) + 1
    item = NoteItem(section=section, text=_clean_text(text), origin="user", position=position)
    memo.items.append(item)
    db.session.commit()
    return item


def update_item(item: NoteItem, text: str) -> None:
    """Change a note's words; extraction keeps the user's version from now on."""
    item.text = _clean_text(text)
    item.edited = True
    db.session.commit()


def delete_item(item: NoteItem) -> None:
    """Hide a note; an automatic one is kept as deleted so re-extraction does not bring it back."""
    if item.origin == "user":
        db.session.delete(item)
    else:
        item.deleted = True
    db.session.commit()


def get_action(user: User, action_id: int) -> Action:
    """One of the user's visible actions."""
    action = db.session.get(Action, action_id)
    if action is None or action.user_id != user.id or action.deleted:
        raise NotFound("No such follow-up.")
    return action


def parse_due(value: str | None) -> date | None:
    """A due date from YYYY-MM-DD; empty clears it."""
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidInput("The due date must look like 2026-03-15.") from None


def add_action(memo: Memo, text: str, due: date | None = None, origin: str = "user") -> Action:
    """Add a follow-up to the memo."""
    position = max((a.position for a in memo.actions), default=-1) + 1
    action = Action(user_id=memo.user_id, text=_clean_text(text), due=due, origin=origin, position=position)
    memo.actions.append(action)
    db.session.commit()
    return action


def update_action(action: Action, *, text: str | None = None, due: date | None | str = "keep", done=None) -> None:
    """Change a follow-up's text, due date or done state."""
    if text is not None:
        action.text = _clean_text(text)
    if due != "keep":
        action.due = due
    if done is not None:
        action.done = bool(done)
        action.done_at = utcnow() if action.done else None
    action.edited = True
    db.session.commit()


def delete_action(action: Action) -> None:
    """Remove a follow-up (an automatic one stays deleted through re-extraction)."""
    if action.origin == "auto":
        action.deleted = True
    else:
        db.session.delete(action)
    db.session.commit()


def action_dict(action: Action) -> dict:
    return {
        "id": action.id,
        "memo_id": action.memo_id,
        "text": action.text,
        "due": action.due.isoformat() if action.due else None,
        "done": action.done,
        "start": action.start,
        "end": action.end,
        "origin": action.origin,
    }


def _item_dict(item: NoteItem) -> dict:
    return {"id": item.id, "text": item.text, "start": item.start, "end": item.end, "origin": item.origin}


def notes_dict(memo: Memo) -> dict:
    """The memo's notes in the extractor's shape, with ids."""
    visible = [i for i in memo.items if not i.deleted]
    notes = {field: getattr(memo, field) for field in HEADER_FIELDS}
    for section in SECTIONS:
        notes[section] = [_item_dict(i) for i in visible if i.section == section]
    notes["actions"] = [action_dict(a) for a in memo.actions if not a.deleted]
    notes["checklist"] = memo.checklist or {}
    notes["feedback_given"] = memo.feedback_given
    return notes


def _first_name(memo: Memo) -> str:
    return memo.contact.split()[0] if memo.contact else "them"


# Words that show a follow-up already covers a checklist step, so it is not suggested twice.
_STEP_COVERED_BY = {
    "thanked": re.compile(r"\bthank", re.I),
    "still_interested": re.compile(r"\b(?:interest|first choice)", re.I),
    "asked_feedback": re.compile(r"\bfeedback\b", re.I),
    "asked_keep_in_mind": re.compile(r"\b(?:in mind|other (?:openings|roles|positions))", re.I),
}


def suggestions(memo: Memo) -> list[dict]:
    """Checklist steps not done, each as a follow-up the user can accept with one click."""
    them = _first_name(memo)
    company = memo.company or "the company"
    texts = {
        "thanked": f"Send {them} a thank-you note",
        "still_interested": f"Tell {them} that {company} is still your first choice",
        "asked_feedback": f"Ask {them} for feedback on the interview",
        "asked_keep_in_mind": f"Ask {them} to keep you in mind for other openings",
    }
    actions = [a for a in memo.actions if not a.deleted]
    taken = {a.origin for a in actions}
    return [
        {"step": step, "text": text}
        for step, text in texts.items()
        if (memo.checklist or {}).get(step) in ("not_done", "not_mentioned")
        and f"checklist:{step}" not in taken
        and not any(_STEP_COVERED_BY[step].search(a.text) for a in actions)
    ]


def accept_suggestion(memo: Memo, step: str, today: date) -> Action:
    """Turn an unticked checklist step into a follow-up due tomorrow."""
    for suggestion in suggestions(memo):
        if suggestion["step"] == step:
            return add_action(memo, suggestion["text"], due=today + timedelta(days=1), origin=f"checklist:{step}")
    raise NotFound("No such suggestion.")


def set_self_rating(memo: Memo, ratings: dict[str, int], note: str) -> None:
    """Store the user's own 1–5 ratings when the caller gave no feedback."""
    for key, value in ratings.items():
        if key not in SELF_RATING_DIMENSIONS or not 1 <= int(value) <= 5:
            raise InvalidInput("Ratings are 1 to 5.")
    memo.self_rating = {"ratings": {k: int(v) for k, v in ratings.items()}, "note": (note or "")[:TEXT_MAX]}
    db.session.commit()


SELF_RATING_DIMENSIONS = {
    "preparation": "Preparation",
    "answers": "Clear, concise answers",
    "examples": "Concrete examples",
    "rapport": "Rapport",
}


def update_segment(memo: Memo, segment_id: int, text: str) -> Segment:
    """Fix a misheard word in the transcript."""
    segment = db.session.get(Segment, segment_id)
    if segment is None or segment.memo_id != memo.id:
        raise NotFound("No such transcript segment.")
    segment.text = (text or "").strip()[:TEXT_MAX]
    memo.transcript_text = " ".join(s.text for s in memo.segments if s.text)
    memo.transcript_edited = True
    db.session.commit()
    return segment


def user_today(user: User) -> date:
    """Today's date where the user is."""
    return datetime.now(ZoneInfo(user.timezone or "UTC")).date()


def followups(user: User) -> dict[str, list[Action]]:
    """The user's follow-ups grouped: overdue, today, this week, later, no date, done."""
    today = user_today(user)
    week_end = today + timedelta(days=6 - today.weekday())
    query = select(Action).where(Action.user_id == user.id, Action.deleted.is_(False))
    groups: dict[str, list[Action]] = {k: [] for k in ("overdue", "today", "this_week", "later", "no_date", "done")}
    for action in db.session.scalars(query.order_by(Action.due, Action.id)):
        groups[_group(action, today, week_end)].append(action)
    groups["done"].sort(key=lambda a: a.done_at or utcnow(), reverse=True)
    return groups


def _group(action: Action, today: date, week_end: date) -> str:
    if action.done:
        return "done"
    if action.due is None:
        return "no_date"
    if action.due < today:
        return "overdue"
    if action.due == today:
        return "today"
    return "this_week" if action.due <= week_end else "later"

"""Notes and follow-ups: store what the extractor found without undoing anything the user changed."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Action, Memo, NoteItem, Outcome, Segment, User, utcnow
from webapp.services import corrections, parse, people
from webapp.services.exceptions import ExtractionError, InvalidInput, NotFound

log = logging.getLogger(__name__)

SECTIONS = ("strengths", "concerns", "advice")
FOLLOWUPS = "actions"  # a note moved or a transcript line added here becomes a follow-up
SECTION_LABELS = {"strengths": "Strengths", "concerns": "Concerns", "advice": "Advice", FOLLOWUPS: "Follow-ups"}
# Follow-ups whose words came from the transcript or the user, so their changes teach the extractor;
# checklist suggestions and practice follow-ups are Debrief's own words, not examples.
_LEARNED_ORIGINS = ("auto", "user", "moved")
HEADER_FIELDS = ("contact", "company", "role", "outcome")
OUTCOMES = ("offer", "next_round", "pending", "rejected", "unknown")
OUTCOME_LABELS = Outcome.LABELS
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
    examples = corrections.examples_for(memo.user)  # the user's own corrections sort sentences first
    try:
        return extract(
            memo.transcript_text or "",
            recorded_at=local_recorded_at(memo),
            segments=segments or None,
            examples=examples,
        )
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
    touched = _touched_texts(memo)
    for section in SECTIONS:
        _replace_items(memo, section, result.get(section) or [], touched)
    _replace_actions(memo, result.get("actions") or [])
    people.link_memo(memo)  # the company and contact pages, and the company's stage


def _kept(rows: list, fresh_rows: list) -> list:
    """Rows the user touched survive; the untouched automatic ones are replaced."""
    keep = [r for r in rows if r.origin != "auto" or r.edited or r.deleted or getattr(r, "done", False)]
    for row in rows:
        if row not in keep:
            fresh_rows.remove(row)
    return keep


def _said_already(text: str, known: set[str]) -> bool:
    """The same remark as one the user kept, moved or deleted, in other words or at other length."""
    said = _norm(text)
    return said in known or any(len(k.split()) >= 3 and (k in said or said in k) for k in known if k)


def _touched_texts(memo: Memo) -> set[str]:
    """Every note and follow-up the user kept, moved, edited or deleted, in any section."""
    rows = [r for r in [*memo.items, *memo.actions] if r.origin != "auto" or r.edited or r.deleted]
    return {_norm(r.extracted_text) for r in rows} | {_norm(r.text) for r in rows}


def _replace_items(memo: Memo, section: str, found: list[dict], touched: set[str]) -> None:
    """The section's fresh automatic notes, leaving out any the user already kept, moved or deleted (`touched`)."""
    keep = _kept([i for i in memo.items if i.section == section], memo.items)
    position = max((i.position for i in keep), default=-1) + 1
    for item in found:
        if _said_already(item["text"], touched):
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
                due=_extracted_due(item.get("due")),
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


# Control characters but tab and newline: a NUL cannot even be stored in PostgreSQL.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean_text(text: str | None) -> str:
    text = _CONTROL.sub("", text or "").strip()
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


def _check_section(section: str, targets: tuple[str, ...] = SECTIONS) -> str:
    if section not in targets:
        names = ", ".join(SECTION_LABELS[t] for t in targets)
        raise InvalidInput(f"Unknown section {section!r}: choose {names}.")
    return section


def _new_item(memo: Memo, section: str, text: str, **fields) -> NoteItem:
    position = max((i.position for i in memo.items), default=-1) + 1
    item = NoteItem(section=section, text=text, position=position, **fields)
    memo.items.append(item)
    return item


def add_item(memo: Memo, section: str, text: str) -> NoteItem:
    """Add a note the user typed."""
    section = _check_section(section)
    item = _new_item(memo, section, _clean_text(text), origin="user")
    corrections.record(memo.user_id, memo.id, item.text, section)
    db.session.commit()
    return item


def update_item(item: NoteItem, text: str) -> None:
    """Change a note's words; extraction keeps the user's version from now on."""
    text = _clean_text(text)
    if text != item.text:
        corrections.record(item.memo.user_id, item.memo_id, text, item.section)
    item.text = text
    item.edited = True
    db.session.commit()


def delete_item(item: NoteItem) -> None:
    """Hide a note; an automatic (or moved) one is kept as deleted so re-extraction does not bring it back."""
    corrections.record(item.memo.user_id, item.memo_id, item.text, "other")
    if item.origin == "user":
        db.session.delete(item)
    else:
        item.deleted = True
    db.session.commit()


def move_item(memo: Memo, item: NoteItem, section: str) -> NoteItem | Action:
    """Move a note to another section, or make it a follow-up (due when its words say), in one step.

    The note left behind is kept as deleted, so re-extraction does not put it back where it was; the moved
    one is the user's from now on (origin "moved": kept through re-extraction like a note they typed).
    """
    section = _check_section(section, (*SECTIONS, FOLLOWUPS))
    if section == item.section:
        raise InvalidInput(f"That note is already in {SECTION_LABELS[section]}.")
    if item.origin == "user":
        memo.items.remove(item)  # typed by hand: the extractor never finds it, nothing to hold back
    else:
        item.deleted = True
    fields = {"text": item.text, "start": item.start, "end": item.end, "origin": "moved"}
    fields["extracted_text"] = item.extracted_text  # recognised in its new place when notes are taken again
    if section == FOLLOWUPS:
        moved: NoteItem | Action = _new_action(memo, due=_due_from(memo, item.text), **fields)
    else:
        moved = _new_item(memo, section, **fields)
    corrections.record(memo.user_id, memo.id, item.text, section)
    db.session.commit()
    return moved


def _due_from(memo: Memo, text: str) -> date | None:
    """The due date the words give ("by Friday"), from the day the memo was recorded."""
    from webapp.extractor.dates import find_due_date

    due = find_due_date(text, local_recorded_at(memo).date())
    return due if due is None or parse.in_range(due) else None


def _extracted_due(value: str | None) -> date | None:
    """The extractor's YYYY-MM-DD; a date said aloud outside the accepted range is no due date."""
    due = date.fromisoformat(value) if value else None
    return due if due is None or parse.in_range(due) else None


def get_segment(memo: Memo, segment_id: int) -> Segment:
    """One of the memo's transcript segments."""
    segment = db.session.get(Segment, segment_id)
    if segment is None or segment.memo_id != memo.id:
        raise NotFound("No such transcript segment.")
    return segment


def add_from_segment(memo: Memo, segment: Segment, section: str) -> NoteItem | Action:
    """A transcript line as a note in `section`, or as a follow-up (due when it says), linked to its moment."""
    section = _check_section(section, (*SECTIONS, FOLLOWUPS))
    if segment.memo_id != memo.id:
        raise NotFound("No such transcript segment.")
    text = _clean_text(segment.text)
    fields = {"start": segment.start, "end": segment.end, "origin": "user"}
    if section == FOLLOWUPS:
        added: NoteItem | Action = _new_action(memo, text=text, due=_due_from(memo, text), **fields)
    else:
        added = _new_item(memo, section, text, **fields)
    corrections.record(memo.user_id, memo.id, text, section)
    db.session.commit()
    return added


def unnoted_segment_ids(memo: Memo) -> set[int]:
    """Transcript segments no visible note or follow-up came from (none overlaps its start..end)."""
    spans = [
        (row.start, row.end if row.end is not None else row.start)
        for row in (*memo.items, *memo.actions)
        if not row.deleted and row.start is not None
    ]

    def noted(segment: Segment) -> bool:
        return any(
            (start < segment.end and end > segment.start) or (start == end and segment.start <= start < segment.end)
            for start, end in spans
        )

    return {segment.id for segment in memo.segments if not noted(segment)}


def get_action(user: User, action_id: int) -> Action:
    """One of the user's visible actions."""
    action = db.session.get(Action, action_id)
    if action is None or action.user_id != user.id or action.deleted:
        raise NotFound("No such follow-up.")
    return action


def parse_due(value: str | None) -> date | None:
    """A due date from YYYY-MM-DD (1970 to 2199); empty clears it."""
    return parse.parse_date(value, "The due date must look like 2026-03-15.")


def _new_action(memo: Memo, **fields) -> Action:
    position = max((a.position for a in memo.actions), default=-1) + 1
    action = Action(user_id=memo.user_id, position=position, **fields)
    memo.actions.append(action)
    return action


def add_action(memo: Memo, text: str, due: date | None = None, origin: str = "user") -> Action:
    """Add a follow-up to the memo (one the user typed is kept as a correction too)."""
    action = _new_action(memo, text=_clean_text(text), due=due, origin=origin)
    if origin == "user":
        corrections.record(memo.user_id, memo.id, action.text, FOLLOWUPS)
    db.session.commit()
    return action


def update_action(action: Action, *, text: str | None = None, due: date | None | str = "keep", done=None) -> None:
    """Change a follow-up's text, due date or done state."""
    if text is not None:
        text = _clean_text(text)
        if text != action.text and action.origin in _LEARNED_ORIGINS:
            corrections.record(action.user_id, action.memo_id, text, FOLLOWUPS)
        action.text = text
    if due != "keep":
        action.due = due
    if done is not None:
        action.done = bool(done)
        action.done_at = utcnow() if action.done else None
    action.edited = True
    db.session.commit()


def delete_action(action: Action) -> None:
    """Remove a follow-up (an automatic or moved one stays deleted through re-extraction)."""
    if action.origin in _LEARNED_ORIGINS:
        corrections.record(action.user_id, action.memo_id, action.text, "other")
    if action.origin in ("auto", "moved"):
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


def set_self_rating(memo: Memo, ratings: dict[str, str | int], note: str) -> None:
    """Store the user's own 1–5 ratings when the caller gave no feedback."""
    if any(key not in SELF_RATING_DIMENSIONS for key in ratings):
        raise InvalidInput("Ratings are 1 to 5.")
    parsed = {key: parse.parse_int(str(value), "Ratings are 1 to 5.", low=1, high=5) for key, value in ratings.items()}
    if None in parsed.values():
        raise InvalidInput("Ratings are 1 to 5.")
    memo.self_rating = {"ratings": parsed, "note": (note or "")[:TEXT_MAX]}
    db.session.commit()


SELF_RATING_DIMENSIONS = {
    "preparation": "Preparation",
    "answers": "Clear, concise answers",
    "examples": "Concrete examples",
    "rapport": "Rapport",
}


def update_segment(memo: Memo, segment_id: int, text: str) -> Segment:
    """Fix a misheard word in the transcript."""
    segment = get_segment(memo, segment_id)
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


def due_label(due: date | None, today: date) -> str:
    """A due date as people say it: "Today", "Tomorrow", "Friday", "Wed 9 Dec", "Overdue · Mon", "No date"."""
    if due is None:
        return "No date"
    if due < today:
        return f"Overdue · {_short_day(due, today, within_week=due > today - timedelta(days=7))}"
    if due == today:
        return "Today"
    if due == today + timedelta(days=1):
        return "Tomorrow"
    if due <= today + timedelta(days=6 - today.weekday()):
        return f"{due:%A}"  # later this week: the weekday is enough
    return _short_day(due, today)


def _short_day(day: date, today: date, within_week: bool = False) -> str:
    if within_week:
        return "Yesterday" if day == today - timedelta(days=1) else f"{day:%a}"
    year = "" if day.year == today.year else f" {day.year}"
    return f"{day:%a} {day.day} {day:%b}{year}"

"""The user's corrections to their notes, kept as labelled examples the extractor sorts sentences by.

Every change a user makes to a note or a follow-up (added, reworded, deleted, moved to another section,
added from the transcript) says what that text is: a strength, a concern, advice, a follow-up of
theirs, or nothing worth noting ("other"). The extractor gets them back as `examples`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select

from webapp.extensions import db
from webapp.extractor import EXAMPLE_LABELS
from webapp.models import Correction, Memo, User, utcnow
from webapp.services import parse
from webapp.services.exceptions import InvalidInput

EXAMPLES_MAX = 1000  # the newest ones; older corrections stay stored until forgotten
TEXT_MAX = 2000  # a note's sentence; an imported one longer than this is cut


def record(user_id: int, memo_id: int | None, text: str, label: str) -> Correction | None:
    """Keep one correction (caller commits, so the change and its correction are stored together).

    Blank text is not an example and is skipped (None); an unknown label is a bug in the caller.
    """
    if label not in EXAMPLE_LABELS:
        raise InvalidInput(f"Unknown label {label!r}: one of {', '.join(EXAMPLE_LABELS)}.")
    text = " ".join((text or "").split())
    if not text:
        return None
    correction = Correction(user_id=user_id, memo_id=memo_id, text=text, label=label)
    db.session.add(correction)
    return correction


def examples_for(user: User) -> list[tuple[str, str]]:
    """The user's corrections as (text, label), newest first, at most EXAMPLES_MAX."""
    rows = db.session.execute(
        select(Correction.text, Correction.label)
        .where(Correction.user_id == user.id)
        .order_by(Correction.created_at.desc(), Correction.id.desc())
        .limit(EXAMPLES_MAX)
    )
    return [(text, label) for text, label in rows]


def count(user: User) -> int:
    """How many corrections Debrief has learned from."""
    return db.session.scalar(select(func.count(Correction.id)).where(Correction.user_id == user.id)) or 0


def forget(user: User) -> int:
    """Delete every correction of the user; how many there were."""
    result = db.session.execute(delete(Correction).where(Correction.user_id == user.id))
    db.session.commit()
    return result.rowcount or 0


def exported(user: User) -> list[dict]:
    """The user's corrections for an account export, oldest first, each naming its memo by client_uuid."""
    rows = db.session.execute(
        select(Correction.text, Correction.label, Correction.created_at, Memo.client_uuid)
        .outerjoin(Memo, Memo.id == Correction.memo_id)
        .where(Correction.user_id == user.id)
        .order_by(Correction.created_at, Correction.id)
    )
    return [
        {"text": text, "label": label, "created_at": created.isoformat(), "memo": client_uuid}
        for text, label, created, client_uuid in rows
    ]


def import_exported(user: User, entries: list[dict]) -> int:
    """Add an export's corrections that the user does not have yet (same text and label); how many.

    An entry with an unknown label or no text is skipped: a correction is a hint, not data to refuse a whole
    import over. The caller commits.
    """
    known = set(db.session.execute(select(Correction.text, Correction.label).where(Correction.user_id == user.id)))
    memo_ids = dict(db.session.execute(select(Memo.client_uuid, Memo.id).where(Memo.user_id == user.id)).all())
    added = 0
    for entry in entries:
        text = " ".join(str(entry.get("text") or "").split())[:TEXT_MAX]
        label = entry.get("label")
        if not text or label not in EXAMPLE_LABELS or (text, label) in known:
            continue
        created = _created_at(entry.get("created_at"))
        db.session.add(
            Correction(
                user_id=user.id, memo_id=memo_ids.get(entry.get("memo")), text=text, label=label, created_at=created
            )
        )
        known.add((text, label))
        added += 1
    return added


def _created_at(value) -> datetime:
    try:
        return parse.parse_datetime(value, "") or utcnow()
    except InvalidInput:
        return utcnow()

"""The user's corrections to their notes, kept as labelled examples the extractor sorts sentences by.

Every change a user makes to a note or a follow-up (added, reworded, deleted, moved to another section,
added from the transcript) says what that text is: a strength, a concern, advice, a follow-up of
theirs, or nothing worth noting ("other"). The extractor gets them back as `examples`.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select

from webapp.extensions import db
from webapp.extractor import EXAMPLE_LABELS
from webapp.models import Correction, User
from webapp.services.exceptions import InvalidInput

EXAMPLES_MAX = 1000  # the newest ones; older corrections stay stored until forgotten


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

"""Which workers are alive: each records a heartbeat in the database, where every web process can read it."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, exists, func, select

from webapp.extensions import db
from webapp.models import Memo, MemoStatus, User, WorkerPresence, utcnow

FORGET_AFTER = timedelta(days=1)  # rows of workers gone this long are deleted by the next heartbeat
WAITING = (MemoStatus.QUEUED, MemoStatus.TRANSCRIBING, MemoStatus.EXTRACTING)


def beat(owner: str, now: datetime | None = None) -> None:
    """Record that the worker `owner` (host:pid) is alive now."""
    now = now or utcnow()
    row = db.session.get(WorkerPresence, owner[:120])
    if row is None:
        db.session.add(WorkerPresence(owner=owner[:120], started_at=now, last_seen_at=now))
    else:
        row.last_seen_at = now
    db.session.execute(delete(WorkerPresence).where(WorkerPresence.last_seen_at < now - FORGET_AFTER))
    db.session.commit()


def forget(owner: str) -> None:
    """A worker stopping cleanly says so at once, instead of leaving its heartbeat to go stale."""
    db.session.execute(delete(WorkerPresence).where(WorkerPresence.owner == owner[:120]))
    db.session.commit()


def last_seen() -> datetime | None:
    """When any worker last recorded a heartbeat."""
    return db.session.scalar(select(func.max(WorkerPresence.last_seen_at)))


def worker_running(stale_seconds: float) -> bool:
    """A worker was seen within the last `stale_seconds`."""
    return seen_lately(last_seen(), stale_seconds)


def seen_lately(seen: datetime | None, stale_seconds: float) -> bool:
    """A heartbeat at `seen` (last_seen's answer, or a query's copy of it) is within the last `stale_seconds`."""
    return seen is not None and seen >= utcnow() - timedelta(seconds=stale_seconds)


def transcription_paused(user: User, stale_seconds: float) -> bool:
    """The user has memos waiting for the worker, and no worker has been seen for `stale_seconds`."""
    waiting = exists().where(Memo.user_id == user.id, Memo.status.in_(WAITING))
    seen = select(func.max(WorkerPresence.last_seen_at)).scalar_subquery()
    has_waiting, last = db.session.execute(select(waiting, seen)).one()  # one query on every memo list page
    return bool(has_waiting) and not seen_lately(last, stale_seconds)

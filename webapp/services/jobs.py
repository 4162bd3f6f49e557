"""The job queue in the database: atomic claims under an expiring lease, guarded completion.

A worker claims a job with one conditional UPDATE (on PostgreSQL after `SELECT ... FOR UPDATE
SKIP LOCKED`), so two workers never hold the same job. Every later write names the lease token
it holds; a worker whose lease expired and was claimed again finds its token gone, and its late
result is dropped instead of overwriting the newer one.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from webapp.extensions import db
from webapp.models import Job, Memo, MemoStatus, new_uuid, utcnow
from webapp.services.exceptions import LeaseLost

PRIORITY = {"extract": 0, "transcribe": 10}  # notes are quick; finish a memo before starting the next
RETRY_FIRST_DELAY, RETRY_MAX_DELAY = 0.5, 30.0  # seconds between tries while the database is locked or gone
# Errors that may pass ("database is locked", a dropped connection); an IntegrityError would only repeat itself.
TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class ClaimedJob:
    id: int
    memo_id: int
    kind: str
    token: str
    attempts: int
    options: dict


def enqueue(memo: Memo, kind: str, options: dict | None = None) -> Job:
    """Add a job for the memo (the caller commits)."""
    job = Job(memo=memo, kind=kind, priority=PRIORITY[kind], options=options or {})
    db.session.add(job)
    return job


def pending_job(memo: Memo, kind: str) -> Job | None:
    """The memo's queued or running job of this kind, if any."""
    query = select(Job).where(Job.memo_id == memo.id, Job.kind == kind, Job.status.in_(("queued", "running")))
    return db.session.scalar(query.order_by(Job.id.desc()).limit(1))


def _claimable(now):
    expired = and_(Job.status == "running", Job.lease_expires_at < now, Job.attempts < Job.max_attempts)
    return or_(Job.status == "queued", expired)


def claim(owner: str, lease_seconds: float, max_attempts: int = 3) -> ClaimedJob | None:
    """Take the next job under a fresh lease, or None when there is nothing to do.

    `max_attempts` (the worker's DEBRIEF_JOB_MAX_ATTEMPTS) is recorded on the job: a job whose
    workers died that often is failed instead of claimed again.
    """
    fail_exhausted()
    for _ in range(5):  # another worker may win the race for the same row; look again
        now = utcnow()
        query = select(Job.id).where(_claimable(now)).order_by(Job.priority, Job.id).limit(1)
        if db.engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        job_id = db.session.scalar(query)
        if job_id is None:
            db.session.rollback()
            return None
        token = new_uuid()
        result = db.session.execute(
            update(Job)
            .where(Job.id == job_id, _claimable(now))
            .values(
                status="running",
                lease_token=token,
                lease_owner=owner[:120],
                lease_expires_at=now + timedelta(seconds=lease_seconds),
                attempts=Job.attempts + 1,
                max_attempts=max_attempts,
            )
        )
        if result.rowcount == 1:
            db.session.commit()
            job = db.session.get(Job, job_id)
            return ClaimedJob(job.id, job.memo_id, job.kind, token, job.attempts, dict(job.options or {}))
        db.session.rollback()
    return None


def fail_exhausted() -> int:
    """Fail the jobs whose worker died on every allowed attempt, so they stop blocking the queue."""
    now = utcnow()
    query = select(Job).where(Job.status == "running", Job.lease_expires_at < now, Job.attempts >= Job.max_attempts)
    failed = 0
    for job in db.session.scalars(query).all():
        reason = f"The worker stopped {job.attempts} times while working on this memo."
        won = db.session.execute(
            update(Job)
            .where(Job.id == job.id, Job.lease_token == job.lease_token, Job.status == "running")
            .values(status="failed", error=reason, finished_at=now, lease_token=None)
        )
        if won.rowcount == 1:
            _mark_memo_failed(job.memo_id, job.kind, reason)
            failed += 1
    db.session.commit()
    return failed


def renew(job: ClaimedJob, lease_seconds: float) -> bool:
    """Extend the lease; False when it was lost."""
    result = db.session.execute(
        update(Job)
        .where(Job.id == job.id, Job.lease_token == job.token, Job.status == "running")
        .values(lease_expires_at=utcnow() + timedelta(seconds=lease_seconds))
    )
    db.session.commit()
    return result.rowcount == 1


def hold(job: ClaimedJob) -> None:
    """Inside the caller's transaction: check the lease is still ours, locking the job row.

    Call before writing results; the write and this check then commit or roll back together.
    """
    result = db.session.execute(
        update(Job)
        .where(Job.id == job.id, Job.lease_token == job.token, Job.status == "running")
        .values(lease_owner=Job.lease_owner)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise LeaseLost(f"Lease on job {job.id} was lost.")


def finish(job: ClaimedJob) -> None:
    """Mark the job done (in the caller's transaction, after `hold`)."""
    db.session.execute(
        update(Job).where(Job.id == job.id, Job.lease_token == job.token).values(status="done", finished_at=utcnow())
    )


def fail(job: ClaimedJob, reason: str) -> None:
    """Fail the job and its memo for good, with a reason a person understands."""
    hold(job)
    db.session.execute(
        update(Job)
        .where(Job.id == job.id)
        .values(status="failed", error=reason, finished_at=utcnow(), lease_token=None)
    )
    _mark_memo_failed(job.memo_id, job.kind, reason)
    db.session.commit()


def release(job: ClaimedJob, reason: str) -> None:
    """Give the job back after an unexpected error; fail it once its attempts are used up."""
    hold(job)
    row = db.session.get(Job, job.id)
    if row.attempts >= row.max_attempts:
        db.session.rollback()
        fail(job, reason)
        return
    row.status = "queued"
    row.error = reason
    row.lease_token = None
    db.session.commit()


def give_back(job: ClaimedJob) -> None:
    """Return a job untouched when the worker shuts down cleanly; the attempt does not count."""
    db.session.rollback()
    db.session.execute(
        update(Job)
        .where(Job.id == job.id, Job.lease_token == job.token, Job.status == "running")
        .values(status="queued", lease_token=None, lease_expires_at=None, attempts=Job.attempts - 1)
    )
    db.session.commit()


def retry_database(action: Callable[[], T], what: str, patience: float) -> T:
    """Run `action` (which commits), retrying with backoff for up to `patience` seconds on database errors.

    "database is locked" past the busy timeout, a dropped connection: the transaction is rolled back and
    tried again from the start. After `patience` the error is raised; the job's lease then brings it back.
    """
    deadline = time.monotonic() + patience
    delay = RETRY_FIRST_DELAY
    while True:
        try:
            return action()
        except TRANSIENT_DB_ERRORS as exc:
            with contextlib.suppress(DBAPIError):  # a connection that is gone cannot roll back; it is dropped
                db.session.rollback()
            if time.monotonic() + delay > deadline:
                raise
            log.warning("%s: database error (%s); trying again in %.1f s", what, exc.orig, delay)
            time.sleep(delay)
            delay = min(delay * 2, RETRY_MAX_DELAY)


def _mark_memo_failed(memo_id: int, kind: str, reason: str) -> None:
    memo = db.session.get(Memo, memo_id)
    if memo is None:
        return
    memo.status = MemoStatus.FAILED
    memo.error = reason
    memo.failed_stage = kind

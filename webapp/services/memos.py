"""Memos: idempotent upload, listing, lookup by owner, deletion."""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import BinaryIO
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, case, func, inspect, select
from sqlalchemy.exc import IntegrityError, InternalError, OperationalError
from sqlalchemy.orm import aliased, defer, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from webapp.extensions import db
from webapp.models import Action, Job, Memo, MemoStatus, NoteItem, Segment, Tombstone, User, WorkerPresence, utcnow
from webapp.services import jobs, parse, people, presence, storage
from webapp.services.exceptions import (
    Conflict,
    Gone,
    InsufficientStorage,
    InvalidInput,
    NotFound,
    ServiceError,
    Unavailable,
)

TITLE_MAX = 200
NAME_MAX = 200
MAX_ID = parse.MAX_ID
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class UploadResult:
    memo: Memo
    created: bool


def parse_client_uuid(value: str | None) -> str | None:
    """A canonical UUID string, or None when not given."""
    if value is None or value == "":
        return None
    try:
        return str(uuid.UUID(value.strip()))
    except (ValueError, AttributeError):
        raise InvalidInput("client_uuid must be a UUID such as 123e4567-e89b-12d3-a456-426614174000.") from None


def parse_recorded_at(value: str | None, user_timezone: str) -> tuple[datetime, int]:
    """(UTC time, UTC offset in minutes) from an ISO 8601 string; naive means the user's zone."""
    if not value:
        now = datetime.now(ZoneInfo(user_timezone))
        return now.astimezone(UTC).replace(tzinfo=None), _offset_minutes(now)
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput("recorded_at must be an ISO 8601 date and time, e.g. 2026-03-02T14:05:00+01:00.") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(user_timezone))
    # Year first: converting year 1 or 9999 to UTC can step off the calendar (OverflowError, a 500).
    if not 2000 <= when.year <= datetime.now(UTC).year + 1:
        raise InvalidInput("recorded_at is not a plausible recording time.")
    utc = when.astimezone(UTC)
    if utc > datetime.now(UTC) + timedelta(days=1) or utc.year < 2000:
        raise InvalidInput("recorded_at is not a plausible recording time.")
    return utc.replace(tzinfo=None), _offset_minutes(when)


def _offset_minutes(when: datetime) -> int:
    return int(when.utcoffset().total_seconds() // 60)


def clean_title(value: str | None) -> str | None:
    """Strip control characters; refuse titles longer than 200 characters."""
    if value is None:
        return None
    title = _CONTROL.sub("", value).strip()
    if len(title) > TITLE_MAX:
        raise InvalidInput(f"The title is longer than {TITLE_MAX} characters.")
    return title or None


def title_from_filename(filename: str | None) -> str | None:
    """A title from an uploaded file's name: its stem, without any folder, cleaned like a typed title."""
    stem = (filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    return clean_title(stem[:TITLE_MAX]) if stem else None


def clean_name(value: str | None, what: str) -> str | None:
    """A contact or company name as typed: control characters stripped, at most 200 characters."""
    if value is None:
        return None
    name = " ".join(_CONTROL.sub("", value).split())
    if len(name) > NAME_MAX:
        raise InvalidInput(f"The {what} is longer than {NAME_MAX} characters.")
    return name or None


def create_memo(
    user: User,
    audio: BinaryIO,
    data_dir: str,
    max_bytes: int,
    client_uuid: str | None = None,
    recorded_at: str | None = None,
    title: str | None = None,
    contact: str | None = None,
    company: str | None = None,
) -> UploadResult:
    """Store an upload once: the same client_uuid with the same audio returns the existing memo.

    `contact` and `company`, when the user typed them at recording time, fill the notes'
    header as hand edits and go to the transcriber as names to spell right.
    """
    client_uuid = parse_client_uuid(client_uuid) or str(uuid.uuid4())
    when, offset = parse_recorded_at(recorded_at, user.timezone)
    title = clean_title(title)
    header = {"contact": clean_name(contact, "contact's name"), "company": clean_name(company, "company's name")}
    _refuse_tombstoned(user, client_uuid)
    stored = storage.save_upload(audio, data_dir, user.id, max_bytes)
    existing = find_by_client_uuid(user, client_uuid)
    if existing is not None:
        storage.remove(data_dir, user.id, stored.name)
        return UploadResult(_same_audio_or_conflict(existing, stored.sha256), created=False)
    memo = Memo(
        user_id=user.id,
        client_uuid=client_uuid,
        title=title,
        recorded_at=when,
        recorded_offset_minutes=offset,
        audio_name=stored.name,
        audio_mime=stored.mime,
        audio_size=stored.size,
        audio_sha256=stored.sha256,
    )
    db.session.add(memo)
    try:
        db.session.flush()
        _set_typed_header(memo, header)
        jobs.enqueue(memo, "transcribe")
        db.session.commit()
    except IntegrityError:
        # Another request stored the same client_uuid a moment ago: answer as the retry it is.
        db.session.rollback()
        storage.remove(data_dir, user.id, stored.name)
        existing = find_by_client_uuid(user, client_uuid)
        if existing is None:
            raise
        return UploadResult(_same_audio_or_conflict(existing, stored.sha256), created=False)
    except (OperationalError, InternalError) as exc:
        # No row points at the file: remove it now rather than leave it to the hourly sweep.
        db.session.rollback()
        storage.remove(data_dir, user.id, stored.name)
        raise database_write_refused(exc) from exc
    return UploadResult(memo, created=True)


def database_write_refused(exc: OperationalError | InternalError) -> ServiceError:
    """A readable 507 (full) or 503 (read-only, locked, gone) for a write the database refused."""
    text = str(exc.orig).lower()
    if "full" in text or getattr(exc.orig, "sqlstate", None) == "53100":  # SQLite's SQLITE_FULL; PostgreSQL's
        return InsufficientStorage(storage.DISK_FULL)
    reason = "its database is read-only" if "read" in text and "only" in text else "its database is not answering"
    return Unavailable(f"The server could not save this memo right now ({reason}). Keep it and try again later.")


def _set_typed_header(memo: Memo, header: dict[str, str | None]) -> None:
    """Names typed with the upload count as the user's edits: extraction keeps them."""
    typed = {field: value for field, value in header.items() if value}
    if not typed:
        return
    for field, value in typed.items():
        setattr(memo, field, value)
    memo.header_edited = sorted(typed)
    people.link_memo(memo)


def _refuse_tombstoned(user: User, client_uuid: str) -> None:
    if is_tombstoned(user, client_uuid):
        raise Gone("This memo was deleted; it will not be stored again.")


def _same_audio_or_conflict(existing: Memo, sha256: str) -> Memo:
    if existing.audio_sha256 != sha256:
        raise Conflict("A different recording was already uploaded with this client_uuid.")
    return existing


def find_by_client_uuid(user: User, client_uuid: str) -> Memo | None:
    """The user's memo with this client_uuid, if it arrived."""
    return db.session.scalar(select(Memo).where(Memo.user_id == user.id, Memo.client_uuid == client_uuid))


def is_tombstoned(user: User, client_uuid: str) -> bool:
    """Whether the user deleted the memo with this client_uuid."""
    query = select(Tombstone.id).where(Tombstone.user_id == user.id, Tombstone.client_uuid == client_uuid)
    return db.session.scalar(query) is not None


def get_memo(user: User, memo_id: int) -> Memo:
    """The user's memo; NotFound for a memo that is not theirs, exactly as for one that does not exist."""
    memo = db.session.get(Memo, memo_id)
    if memo is None or memo.user_id != user.id:
        raise NotFound("No such memo.")
    return memo


# Built once: a memo page shows all three, and SQLAlchemy's lazy loader built a statement (and its cache key) for
# each on every page. Ordered as the relationships are.
_MEMO_PARTS = {
    name: select(part).where(part.memo_id == bindparam("memo_id")).order_by(part.position)
    for name, part in (("items", NoteItem), ("actions", Action), ("segments", Segment))
}


def load_notes_and_transcript(memo: Memo) -> None:
    """Load the memo's notes, follow-ups and transcript lines that are not loaded yet, one prebuilt query each."""
    unloaded = inspect(memo).unloaded
    for name, query in _MEMO_PARTS.items():
        if name in unloaded:
            set_committed_value(memo, name, list(db.session.scalars(query, {"memo_id": memo.id})))


def list_memos(
    user: User, before_id: int | None = None, limit: int = 50, full: bool = False
) -> tuple[list[Memo], int | None]:
    """A page of the user's memos, newest first, and the cursor for the next page.

    `full` loads what to_dict shows (jobs, segments) for the whole page at once, not a query a memo.
    """
    query = select(Memo).where(Memo.user_id == user.id)
    if before_id is not None:
        cursor = db.session.get(Memo, before_id) if 0 < before_id <= MAX_ID else None
        if cursor is None or cursor.user_id != user.id:
            raise InvalidInput("Unknown cursor.")
        query = query.where(
            (Memo.recorded_at < cursor.recorded_at) | ((Memo.recorded_at == cursor.recorded_at) & (Memo.id < cursor.id))
        )
    if full:
        query = query.options(selectinload(Memo.jobs), selectinload(Memo.segments))
    else:
        query = query.options(defer(Memo.transcript_text))  # a list shows titles, not transcripts
    rows = list(db.session.scalars(query.order_by(Memo.recorded_at.desc(), Memo.id.desc()).limit(limit + 1)))
    next_cursor = rows[limit - 1].id if len(rows) > limit else None
    return rows[:limit], next_cursor


def queue_position(memo: Memo) -> int | None:
    """1 for the next memo to be transcribed; None when not waiting."""
    if memo.status != MemoStatus.QUEUED:  # no query for the memos that are done (most of a list)
        return None
    return db.session.scalar(_QUEUE_POSITION, {"memo_id": memo.id})


def _queue_position_of(memo_id):
    """SQL for the memo's place among the queued transcriptions (NULL when it has none queued)."""
    mine = (
        select(func.max(Job.id))
        .where(Job.memo_id == memo_id, Job.status == "queued", Job.kind == "transcribe")
        .correlate_except(Job)  # memo_id may be memos.id of the enclosing query
        .scalar_subquery()
    )
    other = aliased(Job)
    ahead = select(func.count(other.id)).where(other.status == "queued", other.kind == "transcribe", other.id < mine)
    return case((mine.is_(None), None), else_=ahead.scalar_subquery() + 1)


# Built once: the status poll runs these every 2 s per open memo, and building a statement costs more than running it.
_QUEUE_POSITION = select(_queue_position_of(bindparam("memo_id")))
_POLL_STATE = select(
    Memo.status,
    Memo.updated_at,
    case((Memo.status == MemoStatus.QUEUED, _queue_position_of(Memo.id)), else_=None),
    select(func.max(WorkerPresence.last_seen_at)).scalar_subquery(),  # when a worker was last seen
).where(Memo.id == bindparam("memo_id"), Memo.user_id == bindparam("user_id"))


@dataclass(frozen=True)
class PollState:
    """What the status poll of a memo being worked on shows: it changes when any of these does."""

    status: str
    updated_at: datetime
    queue_position: int | None
    paused: bool  # waiting, and no worker seen lately (the body says transcription is paused)

    @property
    def is_final(self) -> bool:
        return self.status in MemoStatus.FINAL

    @property
    def etag(self) -> str:
        """The poll's ETag (unquoted); the memo's every write moves updated_at, so it changes with the memo."""
        state = f"{self.status}|{self.updated_at.isoformat()}|{self.queue_position}|{self.paused}"
        return hashlib.sha256(state.encode()).hexdigest()[:20]


def poll_state(user: User, memo_id: int, stale_seconds: float) -> PollState:
    """The user's memo's PollState from one small query; NotFound as for get_memo.

    `stale_seconds`: how long without a worker's heartbeat before transcription counts as paused.
    """
    # On the session's connection: a row of plain values needs none of the ORM's result handling.
    row = db.session.connection().execute(_POLL_STATE, {"memo_id": memo_id, "user_id": user.id}).one_or_none()
    if row is None:
        raise NotFound("No such memo.")
    status, updated_at, queue_place, seen = row
    paused = status not in MemoStatus.FINAL and not presence.seen_lately(seen, stale_seconds)
    return PollState(status, updated_at, queue_place, paused)


def poll_state_of(memo: Memo, stale_seconds: float) -> PollState:
    """The PollState of a memo already loaded (the page that starts the poll)."""
    paused = not memo.is_final and not presence.worker_running(stale_seconds)
    return PollState(memo.status, memo.updated_at, queue_position(memo), paused)


def delete_memo(user: User, memo: Memo, data_dir: str) -> None:
    """Delete a memo, its notes and its audio files; remember its client_uuid."""
    if memo.user_id != user.id:
        raise NotFound("No such memo.")
    names = (memo.audio_name, memo.playback_name)
    db.session.add(Tombstone(user_id=user.id, client_uuid=memo.client_uuid))
    db.session.delete(memo)
    db.session.commit()
    storage.remove(data_dir, user.id, *names)


def retry(memo: Memo) -> None:
    """Queue a failed memo's transcription again."""
    if memo.status != MemoStatus.FAILED:
        raise Conflict("Only a failed memo can be retried.")
    stage = "extract" if memo.failed_stage == "extract" and memo.transcript_text is not None else "transcribe"
    memo.status = MemoStatus.EXTRACTING if stage == "extract" else MemoStatus.QUEUED
    memo.error = None
    memo.failed_stage = None
    jobs.enqueue(memo, stage)
    db.session.commit()


def retranscribe(memo: Memo) -> None:
    """Transcribe again (e.g. with names the user just gave); notes the user edited are kept."""
    if not memo.is_final:
        raise Conflict("This memo is still being worked on.")
    memo.status = MemoStatus.QUEUED
    memo.error = None
    memo.failed_stage = None
    jobs.enqueue(memo, "transcribe")
    db.session.commit()


def rename(memo: Memo, title: str | None) -> None:
    """Set or clear the memo's title."""
    memo.title = clean_title(title)
    memo.updated_at = utcnow()
    db.session.commit()


def segments_dict(memo: Memo) -> list[dict]:
    return [{"id": s.id, "start": s.start, "end": s.end, "text": s.text} for s in memo.segments]


def to_status_dict(memo: Memo) -> dict:
    """All an upload-only device token may learn of a memo: whether it arrived, and how far it got."""
    return {"id": memo.id, "client_uuid": memo.client_uuid, "status": memo.status}


def to_dict(memo: Memo) -> dict:
    """The memo as the JSON API shows it."""
    return _as_dict(memo, queue_position(memo))


def to_dicts(rows: list[Memo]) -> list[dict]:
    """A page of memos as the JSON API shows them; the queued ones' places in line from one query."""
    positions = _queue_positions([memo.id for memo in rows if memo.status == MemoStatus.QUEUED])
    return [_as_dict(memo, positions.get(memo.id)) for memo in rows]


def _queue_positions(memo_ids: list[int]) -> dict[int, int]:
    """queue_position of each memo at once: the rank of its newest queued transcription among all queued ones."""
    if not memo_ids:
        return {}
    queued = (
        select(Job.memo_id, func.row_number().over(order_by=Job.id).label("place"))
        .where(Job.status == "queued", Job.kind == "transcribe")
        .subquery()
    )
    query = select(queued.c.memo_id, func.max(queued.c.place)).where(queued.c.memo_id.in_(memo_ids))
    return {memo_id: place for memo_id, place in db.session.execute(query.group_by(queued.c.memo_id))}


def _as_dict(memo: Memo, position: int | None) -> dict:
    attempts = max((j.attempts for j in memo.jobs if j.kind == "transcribe"), default=0)
    transcript = None
    if memo.transcript_text is not None:
        transcript = {
            "text": memo.transcript_text,
            "language": memo.language,
            "engine": memo.transcript_engine,
            "model": memo.transcript_model,
            "segments": segments_dict(memo),
        }
    return {
        "id": memo.id,
        "client_uuid": memo.client_uuid,
        "status": memo.status,
        "error": memo.error,
        "failed_stage": memo.failed_stage,
        "attempts": attempts,
        "queue_position": position,
        "title": memo.display_title,
        "recorded_at": memo.local_recorded_at.isoformat(),
        "duration": memo.duration,
        "audio_url": f"/memos/{memo.id}/audio",
        "transcript": transcript,
    }


def adjacent_memo_id(user: User, memo: Memo, direction: str) -> int:
    """The next (older) or previous (newer) memo's id in the list's order; the memo's own id at either end."""
    older = (Memo.recorded_at < memo.recorded_at) | ((Memo.recorded_at == memo.recorded_at) & (Memo.id < memo.id))
    newer = (Memo.recorded_at > memo.recorded_at) | ((Memo.recorded_at == memo.recorded_at) & (Memo.id > memo.id))
    query = select(Memo.id).where(Memo.user_id == user.id)
    if direction == "next":
        query = query.where(older).order_by(Memo.recorded_at.desc(), Memo.id.desc())
    else:
        query = query.where(newer).order_by(Memo.recorded_at, Memo.id)
    return db.session.scalar(query.limit(1)) or memo.id

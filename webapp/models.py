"""Database models. Every memo and everything derived from it belongs to one user."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.formats import day_label, moment_label, time_label


def utcnow() -> datetime:
    """Current time in UTC, naive (how every timestamp is stored)."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid.uuid4())


class MemoStatus:
    QUEUED = "queued"
    TRANSCRIBING = "transcribing"
    EXTRACTING = "extracting"
    READY = "ready"
    NO_SPEECH = "no_speech"
    FAILED = "failed"
    FINAL = frozenset({READY, NO_SPEECH, FAILED})
    LABELS = {
        QUEUED: "Queued",
        TRANSCRIBING: "Transcribing",
        EXTRACTING: "Taking notes",
        READY: "Ready",
        NO_SPEECH: "No speech detected",
        FAILED: "Failed",
    }


class Outcome:
    """How the call went, as the notes' header says it (a memo's title says it too)."""

    UNKNOWN = "unknown"
    LABELS = {
        UNKNOWN: "Not known",
        "offer": "Offer",
        "next_round": "Next round",
        "pending": "Waiting to hear",
        "rejected": "Not selected",
    }


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    vocabulary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The private calendar feed's secret (sha256 of it; the plaintext is shown once) and audio retention.
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    audio_retention_days: Mapped[int | None]

    # Not a column: the secret of the login this request came with (see LoginSession), set when it is resolved.
    login_token = None

    def get_id(self) -> str:
        return f"{self.id}:{self.login_token}"


class LoginSession(db.Model):
    """One browser's login: its session and remember-me cookies carry the secret; logging out deletes the row."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the secret, as for API tokens
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # "api": everything the user can do; "upload": a device may only send memos.
    scope: Mapped[str] = mapped_column(String(16), default="api")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class Memo(db.Model):
    __tablename__ = "memos"
    __table_args__ = (
        UniqueConstraint("user_id", "client_uuid", name="uq_memo_user_client_uuid"),
        Index("ix_memos_user_recorded", "user_id", "recorded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_uuid: Mapped[str] = mapped_column(String(36), default=new_uuid)
    title: Mapped[str | None] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)  # UTC
    recorded_offset_minutes: Mapped[int | None]  # the phone's UTC offset when it recorded
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    audio_name: Mapped[str] = mapped_column(String(64))  # <uuid>.<ext> under audio/<user id>/
    audio_mime: Mapped[str] = mapped_column(String(64))
    audio_size: Mapped[int]
    audio_sha256: Mapped[str] = mapped_column(String(64))
    playback_name: Mapped[str | None] = mapped_column(String(64))
    duration: Mapped[float | None]

    status: Mapped[str] = mapped_column(String(16), default=MemoStatus.QUEUED, index=True)
    error: Mapped[str | None] = mapped_column(Text)
    failed_stage: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(8))
    transcript_text: Mapped[str | None] = mapped_column(Text)
    transcript_edited: Mapped[bool] = mapped_column(default=False)
    # What produced the transcript (e.g. faster-whisper, tiny.en), so the memo can say it.
    transcript_engine: Mapped[str | None] = mapped_column(String(32))
    transcript_model: Mapped[str | None] = mapped_column(String(64))

    # Notes header; *_edited marks a value the user set, which extraction never overwrites.
    contact: Mapped[str | None] = mapped_column(String(200))
    company: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(16), default="unknown")
    header_edited: Mapped[list] = mapped_column(JSON, default=list)
    checklist: Mapped[dict] = mapped_column(JSON, default=dict)
    feedback_given: Mapped[bool | None]
    self_rating: Mapped[dict | None] = mapped_column(JSON)
    extracted_at: Mapped[datetime | None]
    # The company and person behind company/contact above, and when retention removed the audio.
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    audio_deleted_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
    segments: Mapped[list[Segment]] = relationship(
        back_populates="memo", order_by="Segment.position", cascade="all, delete-orphan"
    )
    items: Mapped[list[NoteItem]] = relationship(
        back_populates="memo", order_by="NoteItem.position", cascade="all, delete-orphan"
    )
    actions: Mapped[list[Action]] = relationship(
        back_populates="memo", order_by="Action.position", cascade="all, delete-orphan"
    )
    jobs: Mapped[list[Job]] = relationship(back_populates="memo", cascade="all, delete-orphan")

    @property
    def local_recorded_at(self) -> datetime:
        """Recording time in the phone's own offset, as the user lived it."""
        from datetime import timedelta, timezone

        offset = timezone(timedelta(minutes=self.recorded_offset_minutes or 0))
        return self.recorded_at.replace(tzinfo=UTC).astimezone(offset)

    @property
    def known_title(self) -> str | None:
        """The user's title, else one made from what is known: "Sarah Chen · Northwind Labs · Next round"; or None."""
        if self.title:
            return self.title
        who = [name for name in (self.contact, self.company) if name]
        if len(who) == 2 and who[0].casefold() == who[1].casefold():
            who = who[:1]
        if not who and self.role:
            who = [self.role[:1].upper() + self.role[1:]]
        outcome = Outcome.LABELS.get(self.outcome) if self.outcome not in (None, Outcome.UNKNOWN) else None
        return " · ".join(who + ([outcome] if outcome else [])) or None

    @property
    def display_title(self) -> str:
        """The title every page, link and export shows: the known title, or the day it was recorded."""
        return self.known_title or self.recorded_day

    @property
    def recorded_label(self) -> str:
        """When it was recorded, under its title: day and time, or the time alone when the title is the day."""
        when = self.local_recorded_at
        return moment_label(when) if self.known_title else time_label(when)

    @property
    def recorded_day(self) -> str:
        """The day it was recorded, as people write it: "Tue 1 Dec 2026"."""
        return day_label(self.local_recorded_at)

    @property
    def is_final(self) -> bool:
        return self.status in MemoStatus.FINAL


class Segment(db.Model):
    __tablename__ = "segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    memo_id: Mapped[int] = mapped_column(ForeignKey("memos.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    start: Mapped[float]
    end: Mapped[float]
    text: Mapped[str] = mapped_column(Text)

    memo: Mapped[Memo] = relationship(back_populates="segments")


class NoteItem(db.Model):
    """A strength, concern or piece of advice taken from the memo (or typed by the user)."""

    __tablename__ = "note_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    memo_id: Mapped[int] = mapped_column(ForeignKey("memos.id", ondelete="CASCADE"), index=True)
    section: Mapped[str] = mapped_column(String(16))  # strengths | concerns | advice
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[float | None]
    end: Mapped[float | None]
    origin: Mapped[str] = mapped_column(String(8), default="auto")  # auto | user
    extracted_text: Mapped[str | None] = mapped_column(Text)  # what extraction said, to recognise it again
    edited: Mapped[bool] = mapped_column(default=False)
    deleted: Mapped[bool] = mapped_column(default=False)  # kept so re-extract does not revive it

    memo: Mapped[Memo] = relationship(back_populates="items")


class Action(db.Model):
    """A follow-up the user must do, with an optional due date."""

    __tablename__ = "actions"
    __table_args__ = (Index("ix_actions_user_due", "user_id", "done", "due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    memo_id: Mapped[int] = mapped_column(ForeignKey("memos.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    due: Mapped[date | None]
    done: Mapped[bool] = mapped_column(default=False)
    done_at: Mapped[datetime | None]
    start: Mapped[float | None]
    end: Mapped[float | None]
    origin: Mapped[str] = mapped_column(String(32), default="auto")  # auto | user | checklist:<step>
    extracted_text: Mapped[str | None] = mapped_column(Text)
    edited: Mapped[bool] = mapped_column(default=False)
    deleted: Mapped[bool] = mapped_column(default=False)

    memo: Mapped[Memo] = relationship(back_populates="actions")


class Job(db.Model):
    """A unit of worker work on one memo, claimed under a lease."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_claim", "status", "priority", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    memo_id: Mapped[int] = mapped_column(ForeignKey("memos.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # transcribe | extract
    priority: Mapped[int] = mapped_column(default=10)  # lower runs first
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued | running | done | failed
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=3)
    lease_token: Mapped[str | None] = mapped_column(String(36))
    lease_owner: Mapped[str | None] = mapped_column(String(120))
    lease_expires_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    memo: Mapped[Memo] = relationship(back_populates="jobs")


class WorkerPresence(db.Model):
    """A worker process's heartbeat: the web side reads it to say when nobody is transcribing."""

    __tablename__ = "worker_presence"

    owner: Mapped[str] = mapped_column(String(120), primary_key=True)  # host:pid, as on the jobs it leases
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Tombstone(db.Model):
    """A deleted memo's client_uuid, so an old queued copy on a phone cannot bring it back."""

    __tablename__ = "tombstones"
    __table_args__ = (UniqueConstraint("user_id", "client_uuid", name="uq_tombstone_user_client_uuid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_uuid: Mapped[str] = mapped_column(String(36))
    deleted_at: Mapped[datetime] = mapped_column(default=utcnow)


class Company(db.Model):
    """A company the user talks to; memos link to it and its stage follows their outcomes."""

    __tablename__ = "companies"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_company_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))  # normalised name: "ACME Inc." and "acme" are one company
    stage: Mapped[str] = mapped_column(String(16), default="applied")  # applied|interviewing|offer|rejected|withdrawn
    auto_stage: Mapped[str | None] = mapped_column(String(16))  # last stage the outcomes set (a hand edit sticks)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Contact(db.Model):
    """A person the user talks to (a recruiter, a hiring manager)."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_contact_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    company: Mapped[Company | None] = relationship()


class Correction(db.Model):
    """A change the user made to the notes, kept as a labelled example the extractor learns from.

    `label` is one of webapp.extractor.EXAMPLE_LABELS. A correction outlives its memo (memo_id becomes NULL)
    until the user forgets them all in Settings; deleting the account deletes them.
    """

    __tablename__ = "corrections"
    __table_args__ = (Index("ix_corrections_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    memo_id: Mapped[int | None] = mapped_column(ForeignKey("memos.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

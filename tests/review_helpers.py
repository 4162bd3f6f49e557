"""Test data for the review features (search, companies, calendar, drafts, patterns, export) without the model."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

DATA = Path(__file__).parent / "data"


def make_memo(
    app,
    username: str = "ann",
    *,
    title: str | None = None,
    recorded_at: datetime | None = None,
    segments: list[tuple[float, float, str]] = (),
    strengths: list[str] = (),
    concerns: list[str] = (),
    advice: list[str] = (),
    actions: list[tuple[str, date | None, bool]] = (),
    contact: str | None = None,
    company: str | None = None,
    role: str | None = None,
    outcome: str = "unknown",
    audio: Path | None = DATA / "memo_opus.webm",
) -> int:
    """A ready memo with transcript, notes and follow-ups, stored as the worker would; its id."""
    from webapp.extensions import db
    from webapp.models import Action, Memo, NoteItem, Segment
    from webapp.services import accounts, people, storage

    with app.app_context():
        user = accounts.get_user(username)
        if audio is not None:
            with open(audio, "rb") as f:
                stored = storage.save_upload(f, app.config["DATA_DIR"], user.id, 10**8)
            name, mime, size, sha = stored.name, stored.mime, stored.size, stored.sha256
        else:
            name, mime, size, sha = "00000000-0000-0000-0000-000000000000.webm", "audio/webm", 0, ""
        memo = Memo(
            user_id=user.id,
            title=title,
            recorded_at=recorded_at or datetime(2026, 3, 2, 13, 0),
            recorded_offset_minutes=60,
            audio_name=name,
            audio_mime=mime,
            audio_size=size,
            audio_sha256=sha,
            duration=max((end for _, end, _ in segments), default=0.0) or None,
            status="ready",
            language="en",
            transcript_text=" ".join(text for _, _, text in segments) or None,
            contact=contact,
            company=company,
            role=role,
            outcome=outcome,
            extracted_at=recorded_at or datetime(2026, 3, 2, 13, 0),
        )
        for position, (start, end, text) in enumerate(segments):
            memo.segments.append(Segment(position=position, start=start, end=end, text=text))
        position = 0
        for section, texts in (("strengths", strengths), ("concerns", concerns), ("advice", advice)):
            for text in texts:
                memo.items.append(NoteItem(section=section, position=position, text=text, extracted_text=text))
                position += 1
        for position, (text, due, done) in enumerate(actions):
            memo.actions.append(Action(user_id=user.id, position=position, text=text, due=due, done=done))
        db.session.add(memo)
        db.session.flush()
        people.link_memo(memo)
        db.session.commit()
        return memo.id


def acme_call(app, username: str = "ann", **overrides) -> int:
    """The usual recruiter call: Sarah Johnson from Acme, senior backend engineer, next round."""
    fields = {
        "title": "Acme recruiter call",
        "segments": [
            (0.0, 4.0, "Notes on today's call with Sarah Johnson at Acme."),
            (4.0, 9.5, "She said the hiring manager loved my system design answer."),
            (9.5, 14.0, "The concern was that I have not used Kubernetes in production."),
            (14.0, 18.0, "Before Friday I owe her a short thank-you email."),
        ],
        "strengths": ["System design answer"],
        "concerns": ["No production Kubernetes experience"],
        "advice": ["Practise system design trade-offs"],
        "actions": [("Send Sarah a thank-you email", date(2026, 3, 6), False)],
        "contact": "Sarah Johnson",
        "company": "Acme",
        "role": "senior backend engineer",
        "outcome": "next_round",
    }
    fields.update(overrides)
    return make_memo(app, username, **fields)


def index_rows(memo_ids: list[int]) -> int:
    """How many SQLite full-text index rows these memos have (PostgreSQL indexes the rows themselves: 0)."""
    from sqlalchemy import column, func, select, table

    from webapp.extensions import db

    if db.engine.dialect.name != "sqlite" or not memo_ids:
        return 0
    index = table("search_index", column("rowid"))
    statement = select(func.count()).select_from(index).where(index.c.rowid.op(">>")(32).in_(memo_ids))
    return db.session.scalar(statement) or 0

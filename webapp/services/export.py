"""Your data: one memo as Markdown; everything as a zip (JSON + audio) and back; deleting the account."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, BinaryIO

from sqlalchemy import delete, select

from webapp.extensions import db
from webapp.formats import moment_label
from webapp.models import Action, Company, Contact, Memo, MemoStatus, NoteItem, Segment, User, utcnow
from webapp.services import corrections, jobs, parse, people, storage
from webapp.services.exceptions import InvalidInput, TooLarge
from webapp.services.notes import OUTCOME_LABELS

FORMAT, VERSION = "debrief-export", 1
JSON_NAME = "debrief.json"
JSON_MAX = 64 * 1024 * 1024
IMPORT_BATCH_MEMOS, IMPORT_BATCH_SECONDS = 200, 0.4  # one import transaction holds the write lock this long at most
IMPORT_PAUSE_SECONDS = 0.11  # between batches: longer than SQLite's busy-wait sleep (100 ms), so waiting writers get in
_AUDIO_NAME = re.compile(r"^audio/[0-9a-f-]{36}(\.play)?\.(webm|ogg|m4a|wav|flac|mp3)$")


def _timestamp(seconds: float | None) -> str:
    total = int(seconds or 0)
    minutes, secs = divmod(total, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def memo_markdown(memo: Memo) -> str:
    """The memo's notes, follow-ups and transcript as a Markdown document."""
    lines = [f"# {memo.display_title}", ""]
    lines.append(f"- **Recorded:** {moment_label(memo.local_recorded_at)}")
    for label, value in (("Contact", memo.contact), ("Company", memo.company), ("Role", memo.role)):
        if value:
            lines.append(f"- **{label}:** {value}")
    lines.append(f"- **Outcome:** {OUTCOME_LABELS.get(memo.outcome, memo.outcome)}")
    if memo.duration:
        lines.append(f"- **Length:** {_timestamp(memo.duration)}")
    for section, heading in (("strengths", "Strengths"), ("concerns", "Concerns"), ("advice", "Advice")):
        items = [i for i in memo.items if i.section == section and not i.deleted]
        if items:
            lines += ["", f"## {heading}", ""]
            lines += [f"- {i.text}" + (f" _({_timestamp(i.start)})_" if i.start is not None else "") for i in items]
    actions = [a for a in memo.actions if not a.deleted]
    if actions:
        lines += ["", "## Follow-ups", ""]
        for a in actions:
            due = f" (due {a.due.isoformat()})" if a.due else ""
            lines.append(f"- [{'x' if a.done else ' '}] {a.text}{due}")
    if memo.segments:
        lines += ["", "## Transcript", ""]
        lines += [f"**[{_timestamp(s.start)}]** {s.text}  " for s in memo.segments]
    elif memo.transcript_text:
        lines += ["", "## Transcript", "", memo.transcript_text]
    return "\n".join(lines).rstrip() + "\n"


def markdown_filename(memo: Memo) -> str:
    """A safe file name for the memo's Markdown."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", memo.display_title).strip("-").lower()[:60] or "memo"
    return f"debrief-{memo.id}-{stem}.md"


# -- Export ------------------------------------------------------------------------------------------


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _audio_entry(memo: Memo, name: str | None, data_dir: str, playback: bool) -> tuple[dict, str] | None:
    """(JSON entry, path in the zip) for a stored audio file that still exists."""
    if not name or memo.audio_deleted_at is not None:
        return None
    path = storage.audio_path(data_dir, memo.user_id, name)
    if not path.exists():
        return None
    ext = name.rsplit(".", 1)[-1]
    arcname = f"audio/{memo.client_uuid}{'.play' if playback else ''}.{ext}"
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 16):
            digest.update(block)
    entry = {"file": arcname, "size": path.stat().st_size, "sha256": digest.hexdigest()}
    if not playback:
        entry["mime"] = memo.audio_mime
    return entry, str(path)


def memo_dict(memo: Memo, data_dir: str) -> tuple[dict, list[tuple[str, str]]]:
    """The memo as exported, and the (zip name, file path) pairs of its audio."""
    files = []
    audio = _audio_entry(memo, memo.audio_name, data_dir, playback=False)
    playback = _audio_entry(memo, memo.playback_name, data_dir, playback=True)
    for found in (audio, playback):
        if found:
            files.append((found[0]["file"], found[1]))
    data = {
        "client_uuid": memo.client_uuid,
        "title": memo.title,
        "recorded_at": _iso(memo.recorded_at),
        "recorded_offset_minutes": memo.recorded_offset_minutes,
        "created_at": _iso(memo.created_at),
        "status": memo.status,
        "error": memo.error,
        "failed_stage": memo.failed_stage,
        "language": memo.language,
        "duration": memo.duration,
        "audio": audio[0] if audio else None,
        "playback": playback[0] if playback else None,
        "audio_deleted_at": _iso(memo.audio_deleted_at),
        "transcript_text": memo.transcript_text,
        "transcript_edited": memo.transcript_edited,
        "contact": memo.contact,
        "company": memo.company,
        "role": memo.role,
        "outcome": memo.outcome,
        "header_edited": list(memo.header_edited or []),
        "checklist": memo.checklist or {},
        "feedback_given": memo.feedback_given,
        "self_rating": memo.self_rating,
        "extracted_at": _iso(memo.extracted_at),
        "segments": [{"position": s.position, "start": s.start, "end": s.end, "text": s.text} for s in memo.segments],
        "items": [
            {
                "section": i.section,
                "position": i.position,
                "text": i.text,
                "start": i.start,
                "end": i.end,
                "origin": i.origin,
                "extracted_text": i.extracted_text,
                "edited": i.edited,
                "deleted": i.deleted,
            }
            for i in memo.items
        ],
        "actions": [
            {
                "position": a.position,
                "text": a.text,
                "due": _iso(a.due),
                "done": a.done,
                "done_at": _iso(a.done_at),
                "start": a.start,
                "end": a.end,
                "origin": a.origin,
                "extracted_text": a.extracted_text,
                "edited": a.edited,
                "deleted": a.deleted,
            }
            for a in memo.actions
        ],
    }
    return data, files


def export_data(user: User, data_dir: str) -> tuple[dict, list[tuple[str, str]]]:
    """Everything the user has, as one JSON document, and the audio files that go beside it."""
    memos = db.session.scalars(
        select(Memo).where(Memo.user_id == user.id).order_by(Memo.recorded_at, Memo.client_uuid)
    ).all()
    exported, files = [], []
    for memo in memos:
        data, memo_files = memo_dict(memo, data_dir)
        exported.append(data)
        files += memo_files
    companies = db.session.scalars(select(Company).where(Company.user_id == user.id).order_by(Company.key)).all()
    contacts = db.session.scalars(select(Contact).where(Contact.user_id == user.id).order_by(Contact.key)).all()
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utcnow().isoformat(),
        "user": {
            "username": user.username,
            "timezone": user.timezone,
            "vocabulary": user.vocabulary,
            "audio_retention_days": user.audio_retention_days,
        },
        "companies": [{"name": c.name, "stage": c.stage, "auto_stage": c.auto_stage} for c in companies],
        "contacts": [
            {"name": c.name, "email": c.email, "company": c.company.name if c.company else None} for c in contacts
        ],
        "memos": exported,
        "corrections": corrections.exported(user),
    }
    return document, files


def write_zip(user: User, data_dir: str) -> IO[bytes]:
    """The export as a zip in a temporary file (audio can be large), positioned at its start."""
    document, files = export_data(user, data_dir)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller, who sends and closes it
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_NAME, json.dumps(document, ensure_ascii=False, indent=1))
        for arcname, path in files:
            # Audio is already compressed: store it as it is.
            archive.write(path, arcname, compress_type=zipfile.ZIP_STORED)
    out.seek(0)
    return out


# -- Import ------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    imported: int = 0
    skipped: int = 0


def _read_document(archive: zipfile.ZipFile) -> dict:
    try:
        info = archive.getinfo(JSON_NAME)
    except KeyError:
        raise InvalidInput("This is not a Debrief export (no debrief.json inside).") from None
    if info.file_size > JSON_MAX:
        raise InvalidInput("debrief.json is too large.")
    try:
        document = json.loads(archive.read(info))
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("debrief.json is not valid JSON.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput("This is not a Debrief export.")
    if document.get("version") != VERSION:
        raise InvalidInput(f"This export is version {document.get('version')}; this Debrief reads version {VERSION}.")
    if not isinstance(document.get("memos"), list):
        raise InvalidInput("debrief.json has no list of memos.")
    return document


_BAD_DATE = f"debrief.json has a date that is not an ISO date {parse.DATE_RANGE}."
# What reading a damaged zip member raises: a bad header, a broken deflate stream, a cut-off file.
_DAMAGED_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)


def _dt(value) -> datetime | None:
    return parse.parse_datetime(value, _BAD_DATE)


def _d(value) -> date | None:
    return parse.parse_date(value, _BAD_DATE)


def _imported_status(data: dict, has_audio: bool) -> tuple[str, str | None, str | None, str | None]:
    """(status, error, failed_stage, job) an imported memo lands in: final (no job), or with the job that
    lets the worker finish it."""
    status = data.get("status") if data.get("status") in MemoStatus.LABELS else MemoStatus.READY
    if status in MemoStatus.FINAL:
        return status, data.get("error"), data.get("failed_stage"), None
    if has_audio:  # it was still being worked on where it came from: work on it here
        return MemoStatus.QUEUED, data.get("error"), data.get("failed_stage"), "transcribe"
    if data.get("transcript_text") is not None:
        return MemoStatus.EXTRACTING, None, None, "extract"  # the notes can still be taken from the transcript
    # Still being worked on where it came from, and no audio to work on here: failed, and it says why.
    return (
        MemoStatus.FAILED,
        "This memo was imported without its audio, so it cannot be transcribed.",
        "transcribe",
        None,
    )


def _restore_audio(archive: zipfile.ZipFile, entry: dict | None, user: User, data_dir: str, max_bytes: int):
    """Copy one audio file from the zip into the store, checking its name, size and checksum."""
    if not entry:
        return None
    name = entry.get("file") or ""
    if not _AUDIO_NAME.match(name):
        raise InvalidInput(f"Unexpected audio file name {name!r} in the export.")
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise InvalidInput(f"{name} is missing from the export.") from None
    if info.file_size > max_bytes:
        raise InvalidInput(f"{name} is larger than the upload limit.")
    with archive.open(info) as stream:
        stored = storage.save_upload(stream, data_dir, user.id, max_bytes)
    if entry.get("sha256") and entry["sha256"] != stored.sha256:
        storage.remove(data_dir, user.id, stored.name)
        raise InvalidInput(f"{name} is damaged (checksum mismatch).")
    return stored


def import_zip(user: User, source: BinaryIO, data_dir: str, max_bytes: int, max_memos: int) -> ImportReport:
    """Add an export's memos to this account; memos already here (same client_uuid) are skipped.

    All or nothing: the memos are read and checked first, then written in short batches, each its own
    transaction, so that other users' writes get the database between batches; a failure removes what
    earlier batches wrote. An export of more than `max_memos` memos is refused before anything is stored.
    """
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError):
        raise InvalidInput("That file is not a zip.") from None
    report = ImportReport()
    written: list[str] = []
    committed: list[int] = []
    try:
        with archive:
            document = _read_document(archive)
            _check_cap(len(document["memos"]), max_memos)
            prepared = _prepare_memos(archive, user, document["memos"], data_dir, max_bytes, written, report)
        db.session.rollback()  # end the read transaction before writing
        _write_in_batches(user, document, prepared, committed)
        report.imported = len(prepared)
    except _DAMAGED_ZIP:
        _undo_import(user, committed, data_dir, written)
        raise InvalidInput("The zip is damaged: export it again.") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        _undo_import(user, committed, data_dir, written)
        raise InvalidInput(f"debrief.json is not in the expected shape ({type(exc).__name__}: {exc}).") from exc
    except Exception:
        _undo_import(user, committed, data_dir, written)
        raise
    return report


def _check_cap(count: int, max_memos: int) -> None:
    if count > max_memos:
        raise TooLarge(
            f"This export holds {count:,} memos; one import takes at most {max_memos:,} "
            "(DEBRIEF_IMPORT_MAX_MEMOS). Split it, or ask whoever runs this server to raise the limit."
        )


def _prepare_memos(archive, user, memos: list, data_dir, max_bytes, written, report) -> list[tuple[Memo, str | None]]:
    """Each new memo built in memory with its audio restored, and the job it needs; nothing written."""
    from webapp.services import memos as memo_service

    prepared, seen = [], set()
    for data in memos:
        client_uuid = memo_service.parse_client_uuid(str(data.get("client_uuid") or ""))
        if (
            not client_uuid
            or client_uuid in seen
            or memo_service.find_by_client_uuid(user, client_uuid)
            or memo_service.is_tombstoned(user, client_uuid)
        ):
            report.skipped += 1
            continue
        seen.add(client_uuid)
        prepared.append(_import_memo(archive, user, data, client_uuid, data_dir, max_bytes, written))
    return prepared


def _write_in_batches(
    user: User, document: dict, prepared: list[tuple[Memo, str | None]], committed: list[int]
) -> None:
    """Add the memos, committing every IMPORT_BATCH_MEMOS memos or IMPORT_BATCH_SECONDS, whichever comes first.

    SQLite has one writer at a time: a single transaction for thousands of memos made every other user's
    write wait out the busy timeout and fail. Between batches the import pauses for longer than SQLite's
    longest busy-wait sleep (100 ms), so a waiting writer gets its turn.
    """
    _import_people(user, document)
    batch: list[int] = []
    started = time.monotonic()
    for memo, job in prepared:
        db.session.add(memo)
        db.session.flush()
        batch.append(memo.id)
        if job:
            jobs.enqueue(memo, job)
        people.link_memo(memo)
        if len(batch) >= IMPORT_BATCH_MEMOS or time.monotonic() - started >= IMPORT_BATCH_SECONDS:
            db.session.commit()
            committed += batch
            batch = []
            time.sleep(IMPORT_PAUSE_SECONDS)
            started = time.monotonic()
    corrections.import_exported(user, document.get("corrections") or [])
    db.session.commit()
    committed += batch


def _undo_import(user: User, committed: list[int], data_dir: str, written: list[str]) -> None:
    """Take back what an import that failed half-way had written: its memos (cascading) and audio files."""
    db.session.rollback()
    if committed:
        db.session.execute(delete(Memo).where(Memo.user_id == user.id, Memo.id.in_(committed)))
        db.session.commit()
    storage.remove(data_dir, user.id, *written)


def _import_people(user: User, document: dict) -> None:
    for data in document.get("companies") or []:
        company = people.find_or_create_company(user.id, data["name"])
        if company is not None and data.get("stage") in people.STAGES:
            company.stage = data["stage"]
            company.auto_stage = data.get("auto_stage")
    for data in document.get("contacts") or []:
        company = people.find_or_create_company(user.id, data["company"]) if data.get("company") else None
        contact = people.find_or_create_contact(user.id, data["name"], company)
        if contact is not None and data.get("email"):
            contact.email = data["email"][:254]


def _import_memo(
    archive, user, data: dict, client_uuid: str, data_dir: str, max_bytes: int, written: list
) -> tuple[Memo, str | None]:
    """The memo built from its export entry (not yet added), and the job it still needs, if any."""
    from webapp.services import memos as memo_service

    audio = _restore_audio(archive, data.get("audio"), user, data_dir, max_bytes)
    if audio:
        written.append(audio.name)
    playback = _restore_audio(archive, data.get("playback"), user, data_dir, max_bytes)
    if playback:
        written.append(playback.name)
    status, error, failed_stage, job = _imported_status(data, has_audio=audio is not None)
    entry = data.get("audio") or {}
    recorded_at = _dt(data["recorded_at"])
    if recorded_at is None:
        raise InvalidInput("A memo in debrief.json has no recorded_at.")
    memo = Memo(
        user_id=user.id,
        client_uuid=client_uuid,
        title=memo_service.clean_title(data.get("title")),
        recorded_at=recorded_at,
        recorded_offset_minutes=data.get("recorded_offset_minutes"),
        created_at=_dt(data.get("created_at")) or utcnow(),
        # A memo whose audio retention removed keeps a name that points nowhere, as it did before export.
        audio_name=audio.name if audio else f"{client_uuid}.gone",
        audio_mime=audio.mime if audio else (entry.get("mime") or "application/octet-stream"),
        audio_size=audio.size if audio else 0,
        audio_sha256=audio.sha256 if audio else "",
        playback_name=playback.name if playback else None,
        duration=data.get("duration"),
        status=status,
        error=error,
        failed_stage=failed_stage,
        language=data.get("language"),
        transcript_text=data.get("transcript_text"),
        transcript_edited=bool(data.get("transcript_edited")),
        contact=memo_service.clean_name(data.get("contact"), "contact's name"),
        company=memo_service.clean_name(data.get("company"), "company's name"),
        role=data.get("role"),
        outcome=data.get("outcome") or "unknown",
        header_edited=list(data.get("header_edited") or []),
        checklist=data.get("checklist") or {},
        feedback_given=data.get("feedback_given"),
        self_rating=data.get("self_rating"),
        extracted_at=_dt(data.get("extracted_at")),
        audio_deleted_at=_dt(data.get("audio_deleted_at")),
    )
    for s in data.get("segments") or []:
        memo.segments.append(Segment(position=s["position"], start=s["start"], end=s["end"], text=s["text"]))
    for i in data.get("items") or []:
        memo.items.append(
            NoteItem(
                section=i["section"],
                position=i.get("position", 0),
                text=i["text"],
                start=i.get("start"),
                end=i.get("end"),
                origin=i.get("origin") or "user",
                extracted_text=i.get("extracted_text"),
                edited=bool(i.get("edited")),
                deleted=bool(i.get("deleted")),
            )
        )
    for a in data.get("actions") or []:
        memo.actions.append(
            Action(
                user_id=user.id,
                position=a.get("position", 0),
                text=a["text"],
                due=_d(a.get("due")),
                done=bool(a.get("done")),
                done_at=_dt(a.get("done_at")),
                start=a.get("start"),
                end=a.get("end"),
                origin=a.get("origin") or "user",
                extracted_text=a.get("extracted_text"),
                edited=bool(a.get("edited")),
                deleted=bool(a.get("deleted")),
            )
        )
    return memo, job


# -- Deletion and retention -------------------------------------------------------------------------------


def delete_account(user: User, password: str, data_dir: str) -> None:
    """Delete the account and everything in it, audio files included, once the password is confirmed."""
    from webapp.services import accounts

    if accounts.authenticate(user.username, password or "") is None:
        raise InvalidInput("That is not your password: nothing was deleted.")
    user_id = user.id
    # The database cascades from memos (segments, notes, actions, jobs) and users (tokens, companies…).
    db.session.execute(delete(Memo).where(Memo.user_id == user_id))
    db.session.execute(delete(User).where(User.id == user_id))
    db.session.commit()
    db.session.expunge_all()
    shutil.rmtree(storage.user_dir(data_dir, user_id), ignore_errors=True)

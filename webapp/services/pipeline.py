"""What the worker does with a claimed job: transcribe a memo, then take notes from it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from transcription.audio import decode, duration_of, write_playback_copy
from transcription.exceptions import TranscriptionError
from transcription.types import Engine
from webapp.extensions import db
from webapp.models import Memo, MemoStatus, Segment
from webapp.services import jobs, notes, storage
from webapp.services.exceptions import ExtractionError, LeaseLost
from webapp.services.jobs import ClaimedJob
from webapp.services.sentences import sentences

log = logging.getLogger(__name__)


def run(job: ClaimedJob, engine: Engine, data_dir: str, max_audio_minutes: float, retry_seconds: float = 0) -> None:
    """Do one claimed job; errors end in the memo's status, never in a crashed worker.

    Each database write is retried for up to `retry_seconds` while the database is locked or unreachable;
    a LeaseLost (someone else took the job meanwhile) drops the result instead.
    """

    def persist(action: Callable[[], object], what: str) -> None:
        jobs.retry_database(action, f"job {job.id}: {what}", retry_seconds)

    try:
        if job.kind == "transcribe":
            transcribe(job, engine, data_dir, max_audio_minutes, persist)
        elif job.kind == "extract":
            extract(job, persist)
        else:
            persist(lambda: jobs.fail(job, f"Unknown job kind {job.kind!r}."), "failing it")
    except LeaseLost:
        log.warning("job %s: lease lost, result dropped", job.id)
    except (TranscriptionError, ExtractionError) as exc:
        db.session.rollback()
        reason = str(exc)
        persist(lambda: jobs.fail(job, reason), "failing it")
    except Exception as exc:  # a bug or a database hiccup: give the job back to retry
        log.exception("job %s failed unexpectedly", job.id)
        db.session.rollback()
        reason = f"Unexpected error: {type(exc).__name__}: {exc}"
        try:
            persist(lambda: jobs.release(job, reason), "handing it back")
        except LeaseLost:
            log.warning("job %s: lease lost while handing it back", job.id)


Persist = Callable[[Callable[[], object], str], None]
"""Runs one database write (a function that commits), named for the log; `run` gives one that retries."""


def _set_status(job: ClaimedJob, status: str) -> None:
    jobs.hold(job)
    memo = db.session.get(Memo, job.memo_id)
    memo.status = status
    memo.error = None
    memo.failed_stage = None
    db.session.commit()


def transcribe(job: ClaimedJob, engine: Engine, data_dir: str, max_audio_minutes: float, persist: Persist) -> None:
    """Decode, transcribe and store the transcript; queue note-taking next (`persist` runs each write)."""
    persist(lambda: _set_status(job, MemoStatus.TRANSCRIBING), "marking the memo transcribing")
    memo = db.session.get(Memo, job.memo_id)
    source = storage.audio_path(data_dir, memo.user_id, memo.audio_name)
    if not source.exists():
        raise TranscriptionError("The audio file is missing from the audio store.")
    samples = decode(source, max_seconds=max_audio_minutes * 60)
    playback_name = memo.audio_name.rsplit(".", 1)[0] + ".play.m4a"
    write_playback_copy(samples, storage.audio_path(data_dir, memo.user_id, playback_name))
    vocabulary = notes.vocabulary_for(memo)
    # End the read transaction before the long part: on PostgreSQL an "idle in transaction" worker
    # would block migrations (and every query queued behind their lock) for the whole transcription.
    db.session.commit()
    started = time.perf_counter()
    result = engine.transcribe(samples, vocabulary=vocabulary or None)
    elapsed = time.perf_counter() - started
    duration = duration_of(samples)
    log.info(
        "memo %s: %.1f s of audio transcribed in %.2f s (RTF %.3f)",
        memo.id,
        duration,
        elapsed,
        elapsed / max(duration, 0.01),
    )
    persist(lambda: _store_transcript(job, result, duration, playback_name, engine), "storing the transcript")


def _store_transcript(job: ClaimedJob, result, duration: float, playback_name: str, engine: Engine) -> None:
    jobs.hold(job)
    memo = db.session.get(Memo, job.memo_id)
    memo.duration = duration
    memo.playback_name = playback_name
    memo.language = result.language
    memo.transcript_engine, memo.transcript_model = engine.name, engine.model_name
    memo.segments.clear()
    db.session.flush()
    # Lines are stored as sentences, so the transcript reads (and plays) sentence by sentence.
    for position, seg in enumerate(sentences(result.segments)):
        memo.segments.append(Segment(position=position, start=seg.start, end=seg.end, text=seg.text))
    memo.transcript_text = result.text
    memo.transcript_edited = False
    jobs.finish(job)
    if not result.segments:
        memo.status = MemoStatus.NO_SPEECH
    else:
        memo.status = MemoStatus.EXTRACTING
        jobs.enqueue(memo, "extract")
    db.session.commit()


def extract(job: ClaimedJob, persist: Persist) -> None:
    """Turn the stored transcript into notes and follow-ups, keeping the user's edits (`persist` runs the write)."""
    # The extractor runs before the job row is locked: with SQLite that lock stops every other writer
    # (a login, an upload) for as long as it is held, and the extractor takes a few hundred ms.
    result = notes.run_extractor(db.session.get(Memo, job.memo_id))
    db.session.commit()  # end the read transaction
    persist(lambda: _store_notes(job, result), "storing the notes")


def _store_notes(job: ClaimedJob, result: dict) -> None:
    jobs.hold(job)
    memo = db.session.get(Memo, job.memo_id)
    notes.apply_extraction(memo, result)
    jobs.finish(job)
    memo.status = MemoStatus.READY
    db.session.commit()

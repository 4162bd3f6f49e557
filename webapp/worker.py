"""The transcription worker: claim a job, keep its lease alive, do it, repeat."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from pathlib import Path

from flask import Flask

from transcription.engines import Engine, load_engine
from webapp.extensions import db
from webapp.models import utcnow
from webapp.services import export, jobs, pipeline
from webapp.services.jobs import ClaimedJob

log = logging.getLogger("debrief.worker")


class Heartbeat(threading.Thread):
    """Renews the job's lease from its own thread: Whisper holds the main thread for minutes."""

    def __init__(self, app: Flask, job: ClaimedJob, lease_seconds: float):
        super().__init__(name=f"heartbeat-{job.id}", daemon=True)
        self.app, self.job, self.lease_seconds = app, job, lease_seconds
        self.stopped = threading.Event()

    def run(self) -> None:
        interval = max(self.lease_seconds / 3, 0.2)
        with self.app.app_context():
            while not self.stopped.wait(interval):
                try:
                    if not jobs.renew(self.job, self.lease_seconds):
                        log.warning("job %s: lease lost", self.job.id)
                        return
                except Exception:  # a locked database now and then must not kill the heartbeat
                    log.exception("job %s: heartbeat failed, will retry", self.job.id)
                    db.session.rollback()
            db.session.remove()

    def stop(self) -> None:
        self.stopped.set()
        self.join()


class Worker:
    """Loads the engine once, then works the queue until told to stop."""

    def __init__(self, app: Flask, engine: Engine | None = None, poll_seconds: float = 1.0):
        self.app = app
        self.poll_seconds = poll_seconds
        self.owner = f"{socket.gethostname()}:{os.getpid()}"
        self.stopping = threading.Event()
        self.next_retention = 0.0
        config = app.config
        self.engine = engine or load_engine(
            config["ENGINE"], config["MODEL"], os.path.join(config["DATA_DIR"], "models")
        )

    def run(self, max_jobs: int | None = None, until_idle: bool = False) -> int:
        """Work jobs until stopped (or `max_jobs` done, or the queue is empty with `until_idle`)."""
        done = 0
        log.info("worker %s ready: %s %s", self.owner, self.engine.name, self.engine.model_name)
        removed = sweep_temp_files(self.app.config["DATA_DIR"])
        if removed:
            log.info("removed %s temporary file(s) left by stopped processes", removed)
        with self.app.app_context():
            while not self.stopping.is_set() and (max_jobs is None or done < max_jobs):
                self._maybe_apply_retention()
                job = self._claim()
                if job is None:
                    if until_idle:
                        break
                    self.stopping.wait(self.poll_seconds)
                    continue
                self.work(job)
                done += 1
        return done

    def _maybe_apply_retention(self) -> None:
        """Once an hour, delete audio past each user's retention period (transcripts and notes stay)."""
        now = time.monotonic()
        if now < self.next_retention:
            return
        self.next_retention = now + RETENTION_INTERVAL_SECONDS
        try:
            removed = export.apply_retention(utcnow(), self.app.config["DATA_DIR"])
        except Exception:  # housekeeping must never stop transcription
            log.exception("retention run failed; will try again later")
            db.session.rollback()
            return
        if removed:
            log.info("retention: removed the audio of %s memo(s)", removed)

    def _claim(self) -> ClaimedJob | None:
        try:
            return jobs.claim(self.owner, self.app.config["JOB_LEASE_SECONDS"])
        except Exception:  # the database is busy or briefly gone: try again shortly
            log.exception("could not claim a job")
            db.session.rollback()
            time.sleep(self.poll_seconds)
            return None

    def work(self, job: ClaimedJob) -> None:
        """Do one job under a heartbeat; Ctrl-C mid-job hands it back to the queue."""
        log.info("job %s: %s memo %s (attempt %s)", job.id, job.kind, job.memo_id, job.attempts)
        started = time.monotonic()
        heartbeat = Heartbeat(self.app, job, self.app.config["JOB_LEASE_SECONDS"])
        heartbeat.start()
        try:
            pipeline.run(job, self.engine, self.app.config["DATA_DIR"], self.app.config["MAX_AUDIO_MINUTES"])
        except KeyboardInterrupt:
            jobs.give_back(job)
            raise
        finally:
            heartbeat.stop()
            db.session.remove()
        log.info("job %s: finished in %.1f s", job.id, time.monotonic() - started)


RETENTION_INTERVAL_SECONDS = 3600

TEMP_PATTERNS = (".upload-*.part", "*.part.m4a")  # an upload being stored, a playback copy being written
STALE_SECONDS = 3600  # untouched for an hour: whoever wrote it is gone (a live writer keeps the mtime fresh)


def sweep_temp_files(data_dir: str | Path, older_than: float = STALE_SECONDS) -> int:
    """Delete temporary files a killed web server or worker left in the audio store; how many went."""
    cutoff = time.time() - older_than
    removed = 0
    for pattern in TEMP_PATTERNS:
        for path in (Path(data_dir) / "audio").glob(f"*/{pattern}"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # another worker swept it first
                continue
    return removed

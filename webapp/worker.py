"""The transcription worker: claim a job, keep its lease alive, do it, repeat."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from flask import Flask

from transcription.engines import load_engine
from transcription.types import Engine
from webapp.extensions import db
from webapp.extractor import warm_up as warm_up_extractor
from webapp.models import utcnow
from webapp.services import jobs, pipeline, storage
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
        self.next_housekeeping = 0.0
        config = app.config
        self.engine = engine or load_engine(
            config["ENGINE"], config["MODEL"], os.path.join(config["DATA_DIR"], "models")
        )
        warm_up_extractor()  # its embedding model too, once, rather than in the first memo's note-taking

    def run(self, max_jobs: int | None = None, until_idle: bool = False) -> int:
        """Work jobs until stopped (or `max_jobs` done, or the queue is empty with `until_idle`)."""
        done = 0
        log.info("worker %s ready: %s %s", self.owner, self.engine.name, self.engine.model_name)
        with self.app.app_context():
            while not self.stopping.is_set() and (max_jobs is None or done < max_jobs):
                self._maybe_housekeep()
                job = self._claim()
                if job is None:
                    if until_idle:
                        break
                    self.stopping.wait(self.poll_seconds)
                    continue
                self.work(job)
                done += 1
        return done

    def _maybe_housekeep(self) -> None:
        """At start and then hourly: retention, then what killed processes left in the audio store."""
        now = time.monotonic()
        if now < self.next_housekeeping:
            return
        self.next_housekeeping = now + HOUSEKEEPING_INTERVAL_SECONDS
        for chore in (self._apply_retention, self._sweep_temp_files, self._sweep_orphaned_audio):
            try:
                chore()
            except Exception:  # housekeeping must never stop transcription
                log.exception("housekeeping (%s) failed; will try again later", chore.__name__)
                db.session.rollback()

    def _apply_retention(self) -> None:
        removed = storage.apply_retention(utcnow(), self.app.config["DATA_DIR"])
        if removed:
            log.info("retention: removed the audio of %s memo(s)", removed)

    def _sweep_temp_files(self) -> None:
        swept = storage.sweep_temp_files(self.app.config["DATA_DIR"])
        if swept.files:
            log.info("removed %s temporary file(s) (%s bytes) left by stopped processes", swept.files, swept.bytes)

    def _sweep_orphaned_audio(self) -> None:
        swept = storage.remove_orphaned_audio(self.app.config["DATA_DIR"])
        if swept.files:
            log.info("removed %s orphaned audio file(s) (%s bytes) no memo refers to", swept.files, swept.bytes)

    def _claim(self) -> ClaimedJob | None:
        try:
            return jobs.claim(self.owner, self.app.config["JOB_LEASE_SECONDS"], self.app.config["JOB_MAX_ATTEMPTS"])
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


HOUSEKEEPING_INTERVAL_SECONDS = 3600

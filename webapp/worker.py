"""The transcription worker: claim a job, keep its lease alive, do it, repeat."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time

from flask import Flask
from sqlalchemy.exc import DBAPIError

from transcription.engines import load_engine
from transcription.types import Engine
from webapp.extensions import db
from webapp.extractor import warm_up as warm_up_extractor
from webapp.models import utcnow
from webapp.services import jobs, pipeline, presence, storage
from webapp.services.jobs import ClaimedJob

log = logging.getLogger("debrief.worker")


def _rollback_quietly() -> None:
    """End a failed transaction; a database too far gone to roll back must not end the loop or thread either."""
    with contextlib.suppress(DBAPIError):
        db.session.rollback()


def lower_priority(increment: int) -> int:
    """Make every thread of this process `increment` nicer (0: leave it); the niceness it then runs at.

    The web server's requests then come before transcription when both want the cores. Linux keeps a niceness
    per thread, so each running thread is set (a library may have started some); threads started later inherit it.
    """
    current = os.getpriority(os.PRIO_PROCESS, 0)
    if increment <= 0:
        return current
    target = min(current + increment, 19)
    tasks = os.listdir("/proc/self/task") if os.path.isdir("/proc/self/task") else ["0"]
    for task in tasks:
        with contextlib.suppress(ProcessLookupError):  # a thread that ended meanwhile
            os.setpriority(os.PRIO_PROCESS, int(task), target)
    return target


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
                    _rollback_quietly()
            db.session.remove()

    def stop(self) -> None:
        self.stopped.set()
        self.join()


class Presence(threading.Thread):
    """Records the worker's heartbeat every few seconds from its own thread, busy or idle."""

    def __init__(self, app: Flask, owner: str, interval: float):
        super().__init__(name="presence", daemon=True)
        self.app, self.owner, self.interval = app, owner, interval
        self.stopped = threading.Event()

    def run(self) -> None:
        with self.app.app_context():
            while True:
                try:
                    presence.beat(self.owner)
                except Exception:  # a locked database: the next beat will do
                    log.warning("worker heartbeat could not be recorded; will try again", exc_info=True)
                    _rollback_quietly()
                if self.stopped.wait(self.interval):
                    break
            try:
                presence.forget(self.owner)
            except Exception:  # it goes stale on its own
                log.warning("could not record that the worker stopped", exc_info=True)
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
        self.claim_delay = poll_seconds  # grows while the database refuses claims
        config = app.config
        self.engine = engine or load_engine(
            config["ENGINE"], config["MODEL"], os.path.join(config["DATA_DIR"], "models"), config["DENOISE"]
        )
        warm_up_extractor()  # its embedding model too, once, rather than in the first memo's note-taking

    def run(self, max_jobs: int | None = None, until_idle: bool = False) -> int:
        """Work jobs until stopped (or `max_jobs` done, or the queue is empty with `until_idle`)."""
        done = 0
        log.info("worker %s ready: %s %s", self.owner, self.engine.name, self.engine.model_name)
        heartbeat = Presence(self.app, self.owner, self.app.config["WORKER_HEARTBEAT_SECONDS"])
        heartbeat.start()
        try:
            with self.app.app_context():
                while not self.stopping.is_set() and (max_jobs is None or done < max_jobs):
                    self._maybe_housekeep()
                    job, claimed = self._claim()
                    if job is None:
                        if until_idle and claimed:
                            break
                        self.stopping.wait(self.poll_seconds if claimed else self.claim_delay)
                        continue
                    self.work(job)
                    done += 1
        finally:
            heartbeat.stop()
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
                _rollback_quietly()

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

    def _claim(self) -> tuple[ClaimedJob | None, bool]:
        """(the job or None, whether the database answered); a refusing database is asked less and less often."""
        try:
            job = jobs.claim(self.owner, self.app.config["JOB_LEASE_SECONDS"], self.app.config["JOB_MAX_ATTEMPTS"])
        except Exception:  # the database is busy or briefly gone: try again, backing off up to RETRY_MAX_DELAY
            self.claim_delay = min(max(self.claim_delay * 2, jobs.RETRY_FIRST_DELAY), jobs.RETRY_MAX_DELAY)
            log.exception("could not claim a job; trying again in %.1f s", self.claim_delay)
            _rollback_quietly()
            return None, False
        self.claim_delay = self.poll_seconds
        return job, True

    def work(self, job: ClaimedJob) -> None:
        """Do one job under a heartbeat; Ctrl-C mid-job hands it back to the queue."""
        log.info("job %s: %s memo %s (attempt %s)", job.id, job.kind, job.memo_id, job.attempts)
        started = time.monotonic()
        heartbeat = Heartbeat(self.app, job, self.app.config["JOB_LEASE_SECONDS"])
        heartbeat.start()
        config = self.app.config
        try:
            pipeline.run(job, self.engine, config["DATA_DIR"], config["MAX_AUDIO_MINUTES"], config["DB_RETRY_SECONDS"])
        except KeyboardInterrupt:
            self._give_back(job)
            raise
        except Exception:  # the database stayed unusable past DB_RETRY_SECONDS: the lease brings the job back
            log.exception("job %s: could not be saved; it returns to the queue when its lease ends", job.id)
            _rollback_quietly()
        else:
            log.info("job %s: finished in %.1f s", job.id, time.monotonic() - started)
        finally:
            heartbeat.stop()
            db.session.remove()

    def _give_back(self, job: ClaimedJob) -> None:
        try:
            jobs.give_back(job)
        except DBAPIError:  # stopping must not wait for a locked database; the lease returns the job
            log.warning("job %s: could not hand it back; it returns when its lease ends", job.id)


HOUSEKEEPING_INTERVAL_SECONDS = 3600

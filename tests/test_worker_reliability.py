"""The worker outlives database locks, `debrief run` replaces a dead worker, and the app says when none runs."""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import threading
import time
from datetime import timedelta

import psutil
import pytest
from support import DATA, DebriefProcesses, http_upload, make_app, new_uuid, upload

from transcription.types import Segment, Transcript
from webapp.extensions import db
from webapp.models import Job, Memo, WorkerPresence, utcnow
from webapp.worker import Worker

PAUSED = "Transcription is paused: no worker is running"


@pytest.fixture
def app(tmp_path, database_url):
    """The usual test app, but SQLite gives up on a lock after 0.2 s, so a lock longer than that is quick to test."""
    with make_app(
        tmp_path,
        database_url,
        DB_BUSY_TIMEOUT_SECONDS=0.2,
        DB_RETRY_SECONDS=30,
        WORKER_HEARTBEAT_SECONDS=0.2,
        WORKER_STALE_SECONDS=1,
    ) as app:
        yield app


class LockHolder(threading.Thread):
    """Another connection holding SQLite's write lock (BEGIN IMMEDIATE) for `seconds`, like a long import."""

    def __init__(self, path: str, seconds: float):
        super().__init__(daemon=True)
        self.path, self.seconds = path, seconds
        self.holding = threading.Event()

    def run(self) -> None:
        connection = sqlite3.connect(self.path, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            self.holding.set()
            time.sleep(self.seconds)
            connection.execute("ROLLBACK")
        finally:
            connection.close()


class LockingEngine:
    """Transcribes instantly, but first has another connection lock the database for 2 s (10 busy timeouts).

    With `fail_first`, its first call then raises, so the worker must hand the job back under the lock.
    """

    name, model_name = "locking-fake", "holds-the-lock"

    def __init__(self, database_path: str, fail_first: bool):
        self.database_path, self.fail_first = database_path, fail_first
        self.calls = 0
        self.holders: list[LockHolder] = []

    def transcribe(self, samples, vocabulary=None) -> Transcript:
        self.calls += 1
        if self.calls == 1:
            holder = LockHolder(self.database_path, seconds=2.0)
            holder.start()
            holder.holding.wait(5)
            self.holders.append(holder)
            if self.fail_first:
                raise RuntimeError("the engine fell over")
        return Transcript("Call went well.", "en", 1.0, [Segment(0.0, 1.0, "Call went well.")])


def count_rows(app, model, *conditions) -> int:
    with app.app_context():
        db.session.remove()
        return db.session.scalar(db.select(db.func.count()).select_from(model).where(*conditions))


@pytest.mark.parametrize("where", ["storing the transcript", "handing the job back"])
def test_worker_waits_out_a_lock_longer_than_the_busy_timeout(ann, app, client, where):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the lock is SQLite's")
    memo_id = upload(client, DATA / "silence.webm", ann.csrf(), client_uuid=new_uuid()).json["id"]
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    engine = LockingEngine(path, fail_first=where == "handing the job back")
    worker = Worker(app, engine=engine, poll_seconds=0.05)

    worker.run(until_idle=True)  # before the fix: "database is locked" escaped and ended the worker

    assert engine.holders and not engine.holders[0].is_alive()
    assert count_rows(app, Memo, Memo.id == memo_id, Memo.status == "ready") == 1
    attempts = 2 if engine.fail_first else 1  # the failed attempt went back to the queue, not lost
    assert count_rows(app, Job, Job.memo_id == memo_id, Job.kind == "transcribe", Job.attempts == attempts) == 1
    assert count_rows(app, Job, Job.memo_id == memo_id, Job.status == "done") == 2  # transcript, then notes


def test_a_worker_started_under_a_lock_waits_for_it_instead_of_giving_up(ann, app, client):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the lock is SQLite's")
    memo_id = upload(client, DATA / "silence.webm", ann.csrf(), client_uuid=new_uuid()).json["id"]
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    worker = Worker(app, engine=LockingEngine(path, fail_first=False), poll_seconds=0.05)
    worker.engine.calls = 1  # no lock from the engine this time: one is already held when the worker starts
    holder = LockHolder(path, seconds=2.0)
    holder.start()
    holder.holding.wait(5)

    worker.run(until_idle=True)  # before: the refused claim looked like an empty queue, and `--once` stopped

    assert not holder.is_alive()
    assert count_rows(app, Memo, Memo.id == memo_id, Memo.status == "ready") == 1


def test_a_job_the_worker_could_not_save_comes_back_under_its_lease(ann, app, client):
    """Retries have run out (0.5 s against a 2 s lock): the worker goes on, and the job is not lost."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the lock is SQLite's")
    app.config.update(DB_RETRY_SECONDS=0.5, JOB_LEASE_SECONDS=1)
    memo_id = upload(client, DATA / "silence.webm", ann.csrf(), client_uuid=new_uuid()).json["id"]
    engine = LockingEngine(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"), fail_first=False)
    worker = Worker(app, engine=engine, poll_seconds=0.05)

    thread = threading.Thread(target=worker.run, kwargs={"max_jobs": 3})  # the lost attempt, the redo, the notes
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the worker stopped working the queue"

    assert engine.calls == 2  # the first transcript could not be stored; the job was claimed again
    assert count_rows(app, Memo, Memo.id == memo_id, Memo.status == "ready") == 1
    assert count_rows(app, Job, Job.memo_id == memo_id, Job.kind == "transcribe", Job.attempts == 2) == 1


def test_the_app_says_transcription_is_paused_while_no_worker_beats(ann, app, client):
    memo_id = upload(client, DATA / "silence.webm", ann.csrf(), client_uuid=new_uuid()).json["id"]
    assert PAUSED in client.get("/memos").text  # a memo waits, and no worker was ever seen
    assert PAUSED in client.get(f"/memos/{memo_id}", headers={"HX-Request": "true"}).text  # the status partial

    worker = Worker(app, engine=LockingEngine("unused", fail_first=False), poll_seconds=0.05)
    with app.app_context():
        db.session.execute(db.update(Job).values(status="done"))  # keep the memo waiting while the worker idles
        db.session.commit()
    thread = threading.Thread(target=worker.run)
    thread.start()
    try:
        wait_until(lambda: count_rows(app, WorkerPresence) == 1, 10, "the worker's heartbeat")
        assert PAUSED not in client.get("/memos").text
        assert PAUSED not in client.get(f"/memos/{memo_id}").text
    finally:
        worker.stopping.set()
        thread.join(10)
    assert count_rows(app, WorkerPresence) == 0  # a clean stop says so at once
    assert PAUSED in client.get("/memos").text

    with app.app_context():  # a worker killed with -9 leaves its last heartbeat; it goes stale
        db.session.add(WorkerPresence(owner="gone:1", last_seen_at=utcnow() - timedelta(seconds=5)))
        db.session.commit()
    assert PAUSED in client.get(f"/memos/{memo_id}").text
    with app.app_context():
        db.session.execute(db.update(Memo).values(status="ready"))
        db.session.commit()
    assert PAUSED not in client.get("/memos").text  # nothing waits: nothing to say


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def worker_children(run_proc) -> list[psutil.Process]:
    return [child for child in psutil.Process(run_proc.pid).children() if "worker" in child.cmdline()]


def reaped(pid: int) -> bool:
    """Gone for good: not running and not left <defunct> by a parent that never waited for it."""
    try:
        psutil.Process(pid).status()
    except psutil.NoSuchProcess:
        return True
    return False


@pytest.mark.slow
def test_debrief_run_replaces_a_killed_worker_and_stops_cleanly(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    procs = DebriefProcesses(data_dir)
    try:
        token = procs.create_user("ann")
        run_proc = procs.run()
        wait_until(lambda: "ready: faster-whisper" in procs.log("run"), 60, "the first worker to load its model")
        (first,) = worker_children(run_proc)
        assert first.nice() == psutil.Process().nice() + 10  # DEBRIEF_WORKER_NICE's default: web requests first
        os.kill(first.pid, signal.SIGKILL)
        status, body = http_upload(procs.url, token, (DATA / "memo_opus.webm").read_bytes(), client_uuid=new_uuid())
        assert status == 201, body  # queued while no worker runs

        wait_until(lambda: reaped(first.pid), 5, "debrief run to reap the killed worker")
        wait_until(lambda: len(worker_children(run_proc)) == 1, 10, "debrief run to start a new worker")
        (second,) = worker_children(run_proc)
        assert second.pid != first.pid
        memo = procs.wait_transcribed("ann", body["id"], timeout=90)
        assert memo["status"] == "ready" and "thank you" in memo["transcript"]["text"].lower()
        assert f"the worker (pid {first.pid}) exited with code -9" in procs.log("run")

        run_proc.send_signal(signal.SIGTERM)
        assert run_proc.wait(timeout=30) == 0
        assert reaped(second.pid)  # the worker went with it
    finally:
        procs.stop_all()
    log = procs.log("run")
    assert "Debrief stopped." in log and "worker stopped" in log
    assert "Traceback" not in log


def test_a_worker_that_keeps_dying_is_restarted_with_backoff(monkeypatch, caplog, tmp_path):
    from webapp import cli

    monkeypatch.setattr(cli, "RESTART_FIRST_DELAY", 0.1)
    monkeypatch.setattr(cli, "RESTART_MAX_DELAY", 0.4)
    starts = tmp_path / "starts"
    crash = f"open({str(starts)!r}, 'a').write('x'); raise SystemExit(3)"  # dies at once, every time
    supervisor = cli.WorkerSupervisor([sys.executable, "-c", crash], dict(os.environ))
    supervisor.start()
    time.sleep(2.0)
    supervisor.stop()

    assert not supervisor.is_alive()
    restarts = [r.getMessage() for r in caplog.records if "exited with code 3" in r.getMessage()]
    delays = [float(message.split(" s ago")[0].rsplit(" ", 1)[1]) for message in restarts]
    assert 3 <= len(restarts) <= 8  # 0.1 + 0.2 + 0.4 + 0.4 … (and a Python start each): not a tight loop
    assert delays[:3] == [0.1, 0.2, 0.4] and set(delays[3:]) <= {0.4}
    assert len(starts.read_text()) == len(restarts) + 1
    assert supervisor.proc.returncode == 3  # the last one was waited for: nothing left <defunct>


NICENESS_OF_EVERY_THREAD = """
import os, sys, threading
from webapp.worker import lower_priority
started = threading.Event()
waiting = threading.Thread(target=lambda: (started.set(), threading.Event().wait(5)), daemon=True)
waiting.start()  # a thread a library started before the worker lowered its priority
started.wait()
before = os.getpriority(os.PRIO_PROCESS, 0)
now = lower_priority(int(sys.argv[1]))
later = []
thread = threading.Thread(target=lambda: later.append(os.getpriority(os.PRIO_PROCESS, 0)))
thread.start(); thread.join()
print(before, now, os.getpriority(os.PRIO_PROCESS, waiting.native_id), later[0])
"""


@pytest.mark.parametrize("increment", [0, 5])
def test_the_worker_lowers_the_priority_of_each_of_its_threads(increment):
    """In a child process: the test run itself keeps its priority."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", NICENESS_OF_EVERY_THREAD, str(increment)], capture_output=True, text=True, check=True
    )
    before, now, old_thread, new_thread = map(int, done.stdout.split())
    expected = min(before + increment, 19)
    assert (now, old_thread, new_thread) == (expected, expected, expected)


def test_worker_nice_is_a_setting(monkeypatch):
    from webapp.config import worker_nice

    monkeypatch.delenv("DEBRIEF_WORKER_NICE", raising=False)
    assert worker_nice() == 10
    monkeypatch.setenv("DEBRIEF_WORKER_NICE", "0")
    assert worker_nice() == 0

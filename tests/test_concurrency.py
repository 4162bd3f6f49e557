"""Many hands on one queue: a web server and a worker sharing a SQLite file under load, and four workers on 40 jobs."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from support import DATA, DebriefProcesses, http_upload, new_uuid, upload

from transcription.types import Segment, Transcript
from webapp.extensions import db
from webapp.models import Job, Memo
from webapp.worker import Worker


def count_rows(app, model, *conditions) -> int:
    with app.app_context():
        db.session.remove()
        return db.session.scalar(db.select(db.func.count()).select_from(model).where(*conditions))


def test_web_server_and_worker_share_one_sqlite_file_under_load(tmp_path):
    """Uploads from many clients while a real worker process transcribes: every one is 201, no lock leaks out."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    # A short lease makes the worker's heartbeat write every half second, on top of its results.
    procs = DebriefProcesses(data_dir, f"sqlite:///{data_dir / 'debrief.sqlite'}", DEBRIEF_JOB_LEASE_SECONDS="1.5")
    try:
        token = procs.create_user("ann")
        procs.serve(threads=8)
        audio = (DATA / "memo_opus.webm").read_bytes()
        warmup = [http_upload(procs.url, token, audio, client_uuid=new_uuid()) for _ in range(3)]
        assert [status for status, _ in warmup] == [201, 201, 201]
        procs.spawn("worker")
        wait_until(lambda: "transcribe memo" in procs.log("worker"), 60, "the worker to start transcribing")

        def send(_):
            return http_upload(procs.url, token, audio, client_uuid=new_uuid(), title="under load")

        with ThreadPoolExecutor(max_workers=12) as pool:
            results = list(pool.map(send, range(48)))
        refused = [body for status, body in results if status != 201]
        assert Counter(status for status, _ in results) == {201: 48}, refused
        wait_until(lambda: procs.log("worker").count("finished in") >= 2, 90, "the worker to finish a memo")
    finally:
        procs.stop_all()

    logs = procs.log("serve") + procs.log("worker")
    assert "database is locked" not in logs
    assert "Traceback" not in logs
    with sqlite3.connect(data_dir / "debrief.sqlite") as connection:
        names = [row[0] for row in connection.execute("SELECT audio_name FROM memos")]
    connection.close()
    folder = data_dir / "audio" / "1"
    assert len(names) == len(set(names)) == 51 and all((folder / name).is_file() for name in names)
    assert not list(folder.glob(".upload-*"))  # no half-written upload left behind


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class SlowFakeEngine:
    """Stands in for Whisper in the many-workers test, where the queue is under test and not the model.

    The real model serialises concurrent calls on its single replica, so four threads would take turns
    (and 40 real transcriptions take minutes on two cores). Sleeping lets four claims race for real;
    decoding, the playback copy and every database write still run for real.
    """

    name = "slow-fake"
    model_name = "sleeps-40ms"

    def __init__(self):
        self.calls = 0
        self._lock = threading.Lock()

    def transcribe(self, samples, vocabulary=None) -> Transcript:
        with self._lock:
            self.calls += 1
        time.sleep(0.04)
        duration = samples.size / 16000
        return Transcript("Call went well.", "en", duration, [Segment(0.0, duration, "Call went well.")])


class RecordingWorker(Worker):
    """A real Worker that also notes which jobs it worked on."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.worked: list[int] = []

    def work(self, job) -> None:
        self.worked.append(job.id)
        super().work(job)


@pytest.mark.parametrize("workers, memos", [(4, 40)])
def test_many_workers_take_every_job_exactly_once(ann, app, client, workers, memos):
    clip = DATA / "silence.webm"  # decodes in milliseconds; the fake engine says words anyway
    ids = [upload(client, clip, ann.csrf(), client_uuid=new_uuid()).json["id"] for _ in range(memos)]
    engine = SlowFakeEngine()
    crew = [RecordingWorker(app, engine=engine, poll_seconds=0.02) for _ in range(workers)]
    start = threading.Barrier(workers)

    def run(worker: RecordingWorker) -> None:
        start.wait()
        worker.run(until_idle=True)

    threads = [threading.Thread(target=run, args=(w,)) for w in crew]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)

    worked = [job_id for w in crew for job_id in w.worked]
    assert len(worked) == len(set(worked)) == 2 * memos  # each transcription and each note-taking, once
    assert engine.calls == memos
    assert sum(1 for w in crew if w.worked) >= 2  # they really shared the queue
    assert count_rows(app, Job, Job.status == "done", Job.attempts == 1) == 2 * memos
    assert count_rows(app, Memo, Memo.status == "ready", Memo.id.in_(ids)) == memos
    played = sorted(p.name for p in (Path(app.config["DATA_DIR"]) / "audio" / "1").glob("*.play.m4a"))
    assert len(played) == memos

"""Jobs survive crashes: leases expire and go back to the queue, heartbeats keep them, dead ends fail readably."""

from __future__ import annotations

import http.client
import os
import signal
import time
from pathlib import Path

import pytest
from support import DATA, speech, upload

from webapp.extensions import db
from webapp.models import Job, Memo, Segment, utcnow
from webapp.services.exceptions import LeaseLost

LONG_MEMO = (
    "Sarah from Acme called about the senior sales role. She liked my presentation and the pricing case study. "
    "Her concerns were my limited experience with enterprise customers and the long notice period. "
    "The next round is a panel interview on Thursday with the regional director and two account managers. "
    "I need to send a thank you email by Friday, and prepare three stories about difficult negotiations."
)


def long_speech_clip(folder: Path) -> Path:
    """About 25 s of varied speech (espeak-ng), as Opus in WebM: long enough to kill a worker mid-way.

    Varied on purpose: one sentence repeated makes Whisper fall back to sampling, and its words turn random.
    """
    return speech(LONG_MEMO, folder / "long.webm", bitrate="24k")


def job_row(app, memo_id: int, kind: str = "transcribe") -> Job:
    with app.app_context():
        db.session.remove()  # a fresh session: see what the worker processes committed
        row = db.session.scalars(db.select(Job).where(Job.memo_id == memo_id, Job.kind == kind)).one()
        db.session.expunge(row)
        return row


def memo_row(app, memo_id: int) -> Memo:
    with app.app_context():
        db.session.remove()
        memo = db.session.get(Memo, memo_id)
        db.session.expunge(memo)
        return memo


def wait_for(condition, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.mark.slow
def test_worker_killed_mid_transcription_is_replaced_after_its_lease_expires(ann, app, client, processes, tmp_path):
    processes.env["DEBRIEF_JOB_LEASE_SECONDS"] = "3"
    long_id = upload(client, long_speech_clip(tmp_path), ann.csrf()).json["id"]
    corrupt = tmp_path / "corrupt.webm"
    corrupt.write_bytes(b"\x1a\x45\xdf\xa3" + b"\x00garbage" * 200)
    corrupt_id = upload(client, corrupt, ann.csrf()).json["id"]
    short_id = upload(client, DATA / "memo_opus.webm", ann.csrf()).json["id"]

    first = processes.spawn("worker", log_name="worker-1")
    # The playback copy is renamed into place just before the model starts; the transcript is stored after it.
    audio_name = memo_row(app, long_id).audio_name
    playback = Path(app.config["DATA_DIR"]) / "audio" / "1" / audio_name.replace(".webm", ".play.m4a")
    wait_for(playback.exists, 60, "the first worker to start transcribing")
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)

    orphan = job_row(app, long_id)
    assert (orphan.status, orphan.attempts) == ("running", 1)
    assert memo_row(app, long_id).transcript_text is None  # killed before a result was stored
    assert "finished" not in processes.log("worker-1")

    second = processes.spawn("worker", log_name="worker-2")
    wait_for(lambda: memo_row(app, long_id).status == "ready", 120, "the second worker to finish the long memo", 0.5)
    wait_for(lambda: memo_row(app, short_id).status == "ready", 60, "the memo queued behind", 0.5)
    second.send_signal(signal.SIGTERM)
    second.wait(timeout=30)

    redone = job_row(app, long_id)
    assert (redone.status, redone.attempts) == ("done", 2)
    assert redone.lease_owner.endswith(f":{second.pid}")
    with app.app_context():
        jobs_for_memo = db.session.scalars(db.select(Job.kind).where(Job.memo_id == long_id)).all()
        positions = db.session.scalars(db.select(Segment.position).where(Segment.memo_id == long_id)).all()
    assert sorted(jobs_for_memo) == ["extract", "transcribe"]  # one transcript, one set of notes
    assert sorted(positions) == list(range(len(positions))) and positions
    heard = memo_row(app, long_id).transcript_text.lower()
    # The whole memo, first words to last (tiny.en mishears words in between on some espeak-ng builds).
    assert "senior sales" in heard and "negotiations" in heard

    broken = memo_row(app, corrupt_id)
    assert broken.status == "failed" and broken.failed_stage == "transcribe"
    assert "could not be decoded" in broken.error or "not audio we can read" in broken.error
    assert job_row(app, corrupt_id).attempts == 1  # a bad file is not retried in a loop


def claim(app, owner: str, lease_seconds: float):
    from webapp.services import jobs

    with app.app_context():
        try:
            return jobs.claim(owner, lease_seconds)
        finally:
            db.session.remove()


def test_heartbeat_keeps_the_lease_and_an_expired_lease_goes_back_to_the_queue(ann, app, client):
    from webapp.worker import Heartbeat

    memo_id = upload(client, DATA / "memo_opus.webm", ann.csrf()).json["id"]
    held = claim(app, "busy-worker", lease_seconds=1)
    heartbeat = Heartbeat(app, held, lease_seconds=1)
    heartbeat.start()
    try:
        time.sleep(2.5)  # more than twice the lease: only the heartbeat keeps it
        assert claim(app, "other-worker", lease_seconds=60) is None
    finally:
        heartbeat.stop()
    assert job_row(app, memo_id).lease_expires_at > utcnow()
    time.sleep(1.2)
    taken = claim(app, "other-worker", lease_seconds=60)
    assert (taken.id, taken.attempts) == (held.id, 2)
    from webapp.services import jobs

    with app.app_context():
        assert jobs.renew(held, 60) is False  # the first worker learns its lease is gone


def test_a_job_whose_worker_dies_on_every_attempt_fails_with_a_reason_and_stops_blocking(ann, app, client):
    doomed_id = upload(client, DATA / "memo_opus.webm", ann.csrf()).json["id"]
    behind_id = upload(client, DATA / "memo_aac.m4a", ann.csrf()).json["id"]
    for attempt in (1, 2, 3):
        job = claim(app, f"dies-{attempt}", lease_seconds=-1)  # the worker "dies": its lease is already over
        assert (job.memo_id, job.attempts) == (doomed_id, attempt)

    next_job = claim(app, "healthy", lease_seconds=60)
    assert next_job.memo_id == behind_id  # the queue moved on

    failed = job_row(app, doomed_id)
    assert failed.status == "failed" and failed.lease_token is None
    memo = client.get(f"/api/memos/{doomed_id}").json
    assert memo["status"] == "failed" and memo["failed_stage"] == "transcribe"
    assert memo["error"] == "The worker stopped 3 times while working on this memo."
    page = client.get(f"/memos/{doomed_id}")
    assert "The worker stopped 3 times" in page.text and "Retry" in page.text

    client.post(f"/memos/{doomed_id}/retry", data={"csrf_token": ann.csrf()})
    assert client.get(f"/api/memos/{doomed_id}").json["status"] == "queued"
    retried = claim(app, "healthy", lease_seconds=60)
    assert (retried.memo_id, retried.attempts) == (doomed_id, 1)  # a new job with fresh attempts


def test_a_clean_shutdown_gives_the_job_back_without_spending_an_attempt(ann, app, client):
    from webapp.services import jobs

    memo_id = upload(client, DATA / "memo_opus.webm", ann.csrf()).json["id"]
    held = claim(app, "stopping-worker", lease_seconds=60)
    with app.app_context():
        jobs.give_back(held)
        db.session.remove()
    row = job_row(app, memo_id)
    assert (row.status, row.attempts, row.lease_token) == ("queued", 0, None)
    again = claim(app, "next-worker", lease_seconds=60)
    assert (again.id, again.attempts) == (held.id, 1)


def test_a_late_heartbeat_cannot_revive_a_lease_someone_else_took(ann, app, client):
    from webapp.services import jobs

    memo_id = upload(client, DATA / "memo_opus.webm", ann.csrf()).json["id"]
    stale = claim(app, "slow-worker", lease_seconds=-1)
    fresh = claim(app, "new-worker", lease_seconds=60)
    with app.app_context():
        assert jobs.renew(stale, 60) is False
        with pytest.raises(LeaseLost):
            jobs.hold(stale)
        assert jobs.renew(fresh, 60) is True
    assert job_row(app, memo_id).lease_owner == "new-worker"


def test_web_server_killed_mid_uploads_loses_no_memo(tmp_path):
    """kill -9 the server while uploads stream in; a phone retries what got no answer: each memo is there once."""
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    from support import DebriefProcesses, http_upload, new_uuid

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    procs = DebriefProcesses(data_dir, f"sqlite:///{data_dir / 'debrief.sqlite'}")
    audio = (DATA / "memo_aac.m4a").read_bytes()
    uuids = [new_uuid() for _ in range(30)]
    try:
        token = procs.create_user("ann")
        server = procs.serve()

        def send(client_uuid: str) -> int:
            try:
                return http_upload(procs.url, token, audio, "memo.m4a", client_uuid=client_uuid)[0]
            except (OSError, http.client.HTTPException):  # no answer: the phone keeps the memo and retries
                return 0

        with ThreadPoolExecutor(max_workers=6) as pool:
            pending = [pool.submit(send, u) for u in uuids]
            wait(pending, return_when=FIRST_COMPLETED)  # the server is busy storing: now
            os.kill(server.pid, signal.SIGKILL)
            first = [f.result() for f in pending]
        assert 0 in first  # some uploads really were cut off
        procs.serve()
        retried = {u: send(u) for u, status in zip(uuids, first, strict=True) if status not in (200, 201)}
    finally:
        procs.stop_all()
    assert set(retried.values()) <= {200, 201}
    with_memo = sqlite_rows(data_dir / "debrief.sqlite", "SELECT client_uuid FROM memos")
    assert sorted(with_memo) == sorted(uuids)  # every memo once, none lost, none twice
    assert len(sqlite_rows(data_dir / "debrief.sqlite", "SELECT id FROM jobs WHERE status = 'queued'")) == 30


def sqlite_rows(path: Path, sql: str) -> list:
    import sqlite3

    with sqlite3.connect(path) as connection:
        rows = [row[0] for row in connection.execute(sql)]
    connection.close()
    return rows


def test_worker_sweeps_temp_files_that_killed_processes_left(app):
    from webapp.services.storage import sweep_temp_files

    folder = Path(app.config["DATA_DIR"]) / "audio" / "7"
    folder.mkdir(parents=True)
    stale_upload, stale_copy = folder / ".upload-1234.part", folder / "abc.play.part.m4a"
    live_upload, audio = folder / ".upload-5678.part", folder / "abc.webm"
    for path in (stale_upload, stale_copy, live_upload, audio):
        path.write_bytes(b"x")
    hours_ago = time.time() - 2 * 3600
    for path in (stale_upload, stale_copy, audio):
        os.utime(path, (hours_ago, hours_ago))
    assert sweep_temp_files(app.config["DATA_DIR"]).files == 2
    assert sorted(p.name for p in folder.iterdir()) == [".upload-5678.part", "abc.webm"]  # in progress, and audio

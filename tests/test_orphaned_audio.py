"""Audio files no memo refers to (a server killed between storing an upload and committing its memo, a deletion
cut short) are swept by the worker once they are an hour old; everything a memo uses, or an upload in flight,
stays. Real files in a real data folder, on SQLite (and PostgreSQL when DEBRIEF_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import logging
import os
import shutil
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

from review_helpers import make_memo
from support import DATA, upload

from webapp.extensions import db
from webapp.models import Memo, utcnow
from webapp.services import storage
from webapp.worker import HOUSEKEEPING_INTERVAL_SECONDS, Worker

MB = 1 << 20


def age(*paths: Path, hours: float = 2) -> None:
    """Make files look last written `hours` ago."""
    then = time.time() - hours * 3600
    for path in paths:
        os.utime(path, (then, then))


def store(app, user_id: int, hours: float | None = 2) -> Path:
    """An upload stored the way the web server stores it, with no memo committed for it (aged `hours`)."""
    with open(DATA / "memo_opus.webm", "rb") as f:
        stored = storage.save_upload(f, app.config["DATA_DIR"], user_id, 10 * MB)
    if hours is not None:
        age(stored.path, hours=hours)
    return stored.path


def audio_dir(app, user_id: int) -> Path:
    return storage.user_dir(app.config["DATA_DIR"], user_id)


def memo_files(app, memo_id: int) -> tuple[Path, str]:
    """(audio file, the stem its playback copy is named after) of a memo."""
    with app.app_context():
        memo = db.session.get(Memo, memo_id)
        return storage.audio_path(app.config["DATA_DIR"], memo.user_id, memo.audio_name), memo.audio_name.split(".")[0]


def set_playback(app, memo_id: int, name: str) -> None:
    with app.app_context():
        db.session.get(Memo, memo_id).playback_name = name
        db.session.commit()


def sweep(app, older_than: float = storage.STALE_SECONDS) -> storage.Swept:
    with app.app_context():
        return storage.remove_orphaned_audio(app.config["DATA_DIR"], older_than)


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def test_sweep_removes_old_unreferenced_audio_and_keeps_the_rest(auth, app, client):
    ann_id, bob_id = auth.create("ann"), auth.create("bob")
    auth.login("ann")
    queued = upload(client, DATA / "memo_opus.webm", auth.csrf()).json["id"]  # waiting for the worker
    ready = make_memo(app, "ann", segments=[(0, 1, "Hello")])
    bobs = make_memo(app, "bob", segments=[(0, 1, "Hi")])
    queued_audio, queued_stem = memo_files(app, queued)
    ready_audio, ready_stem = memo_files(app, ready)
    bobs_audio, _ = memo_files(app, bobs)
    ann, bob = audio_dir(app, ann_id), audio_dir(app, bob_id)

    # What memos use, all old: audio, a recorded playback copy, and one a worker wrote but has not recorded yet.
    playback = ann / f"{ready_stem}.play.m4a"
    playback.write_bytes(b"playback copy")
    set_playback(app, ready, playback.name)
    unrecorded_playback = ann / f"{queued_stem}.play.m4a"
    unrecorded_playback.write_bytes(b"being transcribed")
    age(queued_audio, ready_audio, bobs_audio, playback, unrecorded_playback)
    # What nobody uses: cut-off uploads, an old playback copy, Ann's file name under Bob's id, a deleted account.
    orphans = [store(app, ann_id), store(app, bob_id), ann / f"{uuid.uuid4()}.play.m4a", bob / queued_audio.name]
    orphans[2].write_bytes(b"old playback copy")
    shutil.copy(queued_audio, orphans[3])
    gone_account = store(app, 999)
    orphans.append(gone_account)
    age(*orphans)
    # Kept although unreferenced: an upload stored a moment ago, a temp file (the temp sweep's), a stranger's file.
    fresh = store(app, ann_id, hours=None)
    temp = ann / ".upload-cut-off.part"
    stranger = ann / "notes.txt"
    for path in (temp, stranger):
        path.write_bytes(b"x")
    age(temp, stranger)
    sizes = sum(p.stat().st_size for p in orphans)

    swept = sweep(app)

    assert (swept.files, swept.bytes) == (len(orphans), sizes)
    assert not any(p.exists() for p in orphans)
    kept = {queued_audio, ready_audio, playback, unrecorded_playback, fresh, temp, stranger}
    assert names(ann) == {p.name for p in kept}
    assert names(bob) == {bobs_audio.name}
    assert names(gone_account.parent) == set()
    with client.get(f"/memos/{ready}/audio") as response:
        assert response.status_code == 200 and response.data == b"playback copy"
    assert sweep(app).files == 0  # nothing more to do


def test_a_shorter_grace_period_is_honoured_and_fresh_files_always_stay(auth, app):
    ann_id = auth.create("ann")
    half_hour = store(app, ann_id, hours=0.5)
    just_now = store(app, ann_id, hours=None)
    assert sweep(app).files == 0  # the default hour
    assert sweep(app, older_than=600).files == 1
    assert not half_hour.exists() and just_now.exists()


def test_audio_left_by_an_interrupted_retention_run_is_swept(auth, app):
    auth.create("ann")
    memo_id = make_memo(app, "ann", segments=[(0, 1, "Hello")])
    audio, _ = memo_files(app, memo_id)
    age(audio)
    assert sweep(app).files == 0
    with app.app_context():  # what apply_retention commits before it deletes the files
        db.session.get(Memo, memo_id).audio_deleted_at = utcnow()
        db.session.commit()
    assert sweep(app).files == 1
    assert not audio.exists()


def test_deletions_racing_the_sweep_are_harmless(auth, app, client):
    ann_id, bob_id = auth.create("ann"), auth.create("bob")
    auth.login("ann")
    memo_id = upload(client, DATA / "memo_opus.webm", auth.csrf()).json["id"]
    audio, _ = memo_files(app, memo_id)
    bobs = store(app, bob_id)
    age(audio)
    candidates = storage.stale_audio(app.config["DATA_DIR"])
    assert candidates == {ann_id: [audio], bob_id: [bobs]}
    # Between the listing and the removal, Ann deletes the memo and Bob's account goes with its folder.
    assert client.delete(f"/api/memos/{memo_id}", headers={"X-CSRFToken": auth.csrf()}).status_code == 204
    shutil.rmtree(bobs.parent)
    assert not audio.exists()
    for paths in candidates.values():
        assert storage.remove_unreferenced(paths, set()).files == 0
    assert sweep(app).files == 0


def test_a_memo_committed_after_the_listing_keeps_its_file(auth, app, monkeypatch):
    """The files are listed before the memos are read, so a memo committed in between is seen."""
    ann_id = auth.create("ann")
    audio = store(app, ann_id)
    listing = storage.stale_audio

    def list_then_commit(*args, **kwargs):
        found = listing(*args, **kwargs)
        make_memo(app, "ann", audio=None)  # another process commits the memo for the file just listed
        with app.app_context():
            memo = db.session.scalars(db.select(Memo)).one()
            memo.audio_name = audio.name
            db.session.commit()
        return found

    monkeypatch.setattr(storage, "stale_audio", list_then_commit)
    with app.app_context():
        db.session.scalar(db.select(db.func.count(Memo.id)))  # a read transaction already open, as in the worker
        assert storage.remove_orphaned_audio(app.config["DATA_DIR"]).files == 0
    assert audio.exists()


def test_worker_sweeps_orphans_and_temp_files_hourly_and_logs_what_went(auth, app, caplog):
    ann_id = auth.create("ann")
    orphan = store(app, ann_id)
    temp = audio_dir(app, ann_id) / f".upload-{uuid.uuid4()}.part"
    temp.write_bytes(b"half an upload")
    age(temp)
    orphan_size = orphan.stat().st_size
    worker = Worker(app, engine=SimpleNamespace(name="none", model_name="none"), poll_seconds=0.01)
    caplog.set_level(logging.INFO, logger="debrief.worker")

    worker.run(until_idle=True)

    assert not orphan.exists() and not temp.exists()
    messages = [r.getMessage() for r in caplog.records if r.name == "debrief.worker"]
    assert f"removed 1 orphaned audio file(s) ({orphan_size} bytes) no memo refers to" in messages
    assert "removed 1 temporary file(s) (14 bytes) left by stopped processes" in messages
    # Not again until the hour is up.
    later = store(app, ann_id)
    worker.run(until_idle=True)
    assert later.exists()
    assert worker.next_housekeeping > time.monotonic() + HOUSEKEEPING_INTERVAL_SECONDS - 60


def test_a_failing_sweep_is_logged_and_the_worker_goes_on(auth, app, caplog, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OSError("the audio store is not mounted")

    monkeypatch.setattr(storage, "remove_orphaned_audio", broken)
    worker = Worker(app, engine=SimpleNamespace(name="none", model_name="none"), poll_seconds=0.01)
    caplog.set_level(logging.INFO, logger="debrief.worker")
    assert worker.run(until_idle=True) == 0
    assert any("_sweep_orphaned_audio" in r.getMessage() and r.exc_info for r in caplog.records)

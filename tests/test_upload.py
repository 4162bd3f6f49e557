"""Uploads: stored durably once, idempotent by client_uuid, bad input refused with the right status."""

from __future__ import annotations

import errno
import io
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import event
from support import DATA, new_uuid, upload

from webapp.extensions import db
from webapp.models import Memo


def memo_count(app) -> int:
    with app.app_context():
        return Memo.query.count()


def audio_files(app) -> list[Path]:
    return sorted(p for p in (Path(app.config["DATA_DIR"]) / "audio").rglob("*") if p.is_file())


def test_upload_stores_the_audio_under_a_uuid_name(ann, app, client):
    response = upload(client, DATA / "memo_opus.webm", ann.csrf(), title="Acme feedback")
    assert response.status_code == 201
    body = response.json
    assert body["status"] == "queued"
    assert body["queue_position"] == 1
    assert body["title"] == "Acme feedback"
    files = audio_files(app)
    assert len(files) == 1
    assert files[0].parent.name == "1"  # <data>/audio/<user id>/
    assert files[0].suffix == ".webm" and files[0].stem != "memo_opus"
    assert files[0].read_bytes() == (DATA / "memo_opus.webm").read_bytes()


def test_same_client_uuid_twice_gives_one_memo(ann, app, client):
    uid = new_uuid()
    first = upload(client, DATA / "memo_opus.webm", ann.csrf(), client_uuid=uid)
    again = upload(client, DATA / "memo_opus.webm", ann.csrf(), client_uuid=uid)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["id"] == again.json["id"]
    assert memo_count(app) == 1
    assert len(audio_files(app)) == 1
    found = client.get(f"/api/memos?client_uuid={uid}").json["memos"]
    assert [m["id"] for m in found] == [first.json["id"]]
    assert client.get(f"/api/memos?client_uuid={new_uuid()}").json["memos"] == []


def test_racing_uploads_of_one_memo_give_one_201_and_one_200(ann, app):
    uid = new_uuid()
    csrf = ann.csrf()
    cookie = ann.client.get_cookie("session").value
    statuses = []

    def send():
        client = app.test_client()
        client.set_cookie("session", cookie)
        statuses.append(upload(client, DATA / "memo_opus.webm", csrf, client_uuid=uid).status_code)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 200, 200, 201]
    assert memo_count(app) == 1
    assert len(audio_files(app)) == 1


def test_different_audio_under_the_same_uuid_is_a_conflict(ann, app, client):
    uid = new_uuid()
    upload(client, DATA / "memo_opus.webm", ann.csrf(), client_uuid=uid)
    response = upload(client, DATA / "memo_aac.m4a", ann.csrf(), client_uuid=uid)
    assert response.status_code == 409
    assert "different recording" in response.json["error"]
    assert memo_count(app) == 1
    assert len(audio_files(app)) == 1


def test_a_deleted_memos_uuid_is_gone(ann, app, client):
    uid = new_uuid()
    memo_id = upload(client, DATA / "memo_opus.webm", ann.csrf(), client_uuid=uid).json["id"]
    assert client.delete(f"/api/memos/{memo_id}", headers={"X-CSRFToken": ann.csrf()}).status_code == 204
    assert audio_files(app) == []
    response = upload(client, DATA / "memo_opus.webm", ann.csrf(), client_uuid=uid)
    assert response.status_code == 410
    assert memo_count(app) == 0
    assert client.get(f"/api/memos?client_uuid={uid}").status_code == 410


def test_empty_file_is_refused(ann, app, client, tmp_path):
    empty = tmp_path / "empty.webm"
    empty.write_bytes(b"")
    response = upload(client, empty, ann.csrf())
    assert response.status_code == 400
    assert response.json["error"] == "The audio file is empty."
    assert memo_count(app) == 0 and audio_files(app) == []


def test_text_named_webm_is_unsupported(ann, app, client, tmp_path):
    fake = tmp_path / "notes.webm"
    fake.write_text("this is not audio at all, just a text file")
    response = upload(client, fake, ann.csrf())
    assert response.status_code == 415
    assert "not a recording Debrief can read" in response.json["error"]
    assert memo_count(app) == 0 and audio_files(app) == []


def test_oversize_upload_is_413_and_server_goes_on(ann, app, client, tmp_path):
    app.config["MAX_CONTENT_LENGTH"] = 20_000
    response = upload(client, DATA / "memo_opus.webm", ann.csrf())
    assert response.status_code == 413
    assert "upload limit" in response.json["error"]
    assert memo_count(app) == 0 and audio_files(app) == []
    assert client.get("/memos").status_code == 200
    assert client.get("/api/config").json["max_upload_bytes"] == 20_000


def test_missing_audio_field(ann, client):
    response = client.post("/api/memos", data={"title": "x"}, headers={"X-CSRFToken": ann.csrf()})
    assert response.status_code == 400
    assert "named 'audio'" in response.json["error"]


def test_recorded_at_keeps_the_phones_offset(ann, client):
    response = upload(client, DATA / "memo_opus.webm", ann.csrf(), recorded_at="2026-03-02T23:30:00-05:00")
    assert response.json["recorded_at"] == "2026-03-02T23:30:00-05:00"


def test_upload_form_on_the_record_page(ann, client):
    with open(DATA / "memo_aac.m4a", "rb") as f:
        response = client.post(
            "/memos/upload",
            data={"audio": (f, "call with acme.m4a"), "csrf_token": ann.csrf()},
            content_type="multipart/form-data",
        )
    assert response.status_code == 303
    page = client.get(response.location)
    assert "call with acme" in page.text
    assert "Queued" in page.text


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"just some notes", "notes.txt", "This file is not a recording Debrief can read"),
        (b"", "", "Choose an audio file to upload."),
    ],
)
def test_a_refused_upload_form_says_why_as_an_error_and_a_reload_posts_nothing(
    ann, app, client, content, filename, message
):
    # A fresh file per run: the test client closes what it sends, and each database runs this test.
    data = {"audio": (io.BytesIO(content), filename), "title": "Notes", "csrf_token": ann.csrf()}
    response = client.post("/memos/upload", data=data, content_type="multipart/form-data")
    assert response.status_code == 303 and response.location == "/"  # reloading "/" is a GET
    page = client.get("/").text
    assert f'<div class="flash flash-error" role="alert"><p>{message}' in page
    assert 'class="flash" role="status"' not in page  # not the green "done" style
    assert "flash-error" not in client.get("/").text  # said once
    with app.app_context():
        assert Memo.query.count() == 0


def test_upload_form_takes_who_the_call_was_with(ann, client):
    page = client.get("/").text
    assert 'name="contact"' in page and 'id="memo-contact"' in page  # the form and the recorder's review step
    with open(DATA / "memo_aac.m4a", "rb") as f:
        data = {"audio": (f, "memo.m4a"), "contact": "Sarah Miller", "company": "Acme", "csrf_token": ann.csrf()}
        response = client.post("/memos/upload", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    memo_id = int(response.location.rsplit("/", 1)[1])
    notes = client.get(f"/api/memos/{memo_id}").json["notes"]
    assert (notes["contact"], notes["company"]) == ("Sarah Miller", "Acme")
    assert '<option value="Acme">' in client.get("/").text  # offered next time


def test_memo_list_newest_first_with_pagination(ann, client):
    for hour in (9, 11, 10):
        upload(client, DATA / "memo_opus.webm", ann.csrf(), recorded_at=f"2026-03-02T{hour:02d}:00:00+00:00")
    listing = client.get("/api/memos?limit=2").json
    hours = [m["recorded_at"][11:13] for m in listing["memos"]]
    assert hours == ["11", "10"]  # shown in the phone's own offset
    rest = client.get(f"/api/memos?limit=2&cursor={listing['next']}").json
    assert [m["recorded_at"][11:13] for m in rest["memos"]] == ["09"]
    assert rest["next"] is None
    page = client.get("/memos")
    assert page.text.index(">11:00</time>") < page.text.index(">09:00</time>")  # untitled: titled by the day


def _read_only(app, monkeypatch):
    """SQLite's own read-only switch on every connection: the database refuses writes, reads still work."""

    def query_only(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    with app.app_context():
        db.engine.dispose()
        engine = db.engine
    event.listen(engine, "connect", query_only)
    return lambda: event.remove(engine, "connect", query_only)


def _refused_at_commit(message: str):
    """The driver's own error at COMMIT, as a full disk or a long lock gives it."""

    def arrange(app, monkeypatch):
        def fail(_dbapi_connection):
            raise sqlite3.OperationalError(message)

        with app.app_context():
            monkeypatch.setattr(db.engine.dialect, "do_commit", fail)
        return monkeypatch.undo

    return arrange


def _disk_full_while_writing(app, monkeypatch):
    """The audio store's disk fills up half-way through the file (ENOSPC from write)."""
    from webapp.services import storage

    real_copy = storage._copy

    def copy_then_fill_up(stream, tmp, max_bytes):
        real_copy(io.BytesIO(stream.read(1000)), tmp, max_bytes)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "_copy", copy_then_fill_up)
    return monkeypatch.undo


@pytest.mark.parametrize(
    ("arrange", "status", "reason"),
    [
        (_disk_full_while_writing, 507, "disk is full, so this memo was not saved."),
        (_read_only, 503, "The server could not save this memo right now (its database is read-only)."),
        (_refused_at_commit("database or disk is full"), 507, "disk is full, so this memo was not saved."),
        (_refused_at_commit("database is locked"), 503, "(its database is not answering)"),
    ],
    ids=["full disk under the audio", "read-only database", "full database disk", "locked database"],
)
@pytest.mark.parametrize("door", ["/api/memos", "/memos/upload"])
def test_a_refused_database_write_removes_the_audio_at_once_and_says_why(
    ann, app, client, monkeypatch, arrange, status, reason, door, database_url
):
    if arrange is not _disk_full_while_writing and not database_url.startswith("sqlite"):
        pytest.skip("these refusals are SQLite's own (PRAGMA query_only, its locked and full errors)")
    csrf = ann.csrf()
    restore = arrange(app, monkeypatch)
    with open(DATA / "memo_opus.webm", "rb") as audio:
        response = client.post(
            door, data={"audio": (audio, "m.webm"), "csrf_token": csrf}, content_type="multipart/form-data"
        )
    assert response.status_code == status and reason in response.text
    assert audio_files(app) == []  # not left for the hourly sweep
    restore()
    with app.app_context():
        db.engine.dispose()
        assert Memo.query.count() == 0
    assert upload(client, DATA / "memo_opus.webm", csrf).status_code == 201  # and the server goes on

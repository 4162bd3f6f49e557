"""A big import commits in batches, so other users keep writing meanwhile; an import over the cap stores nothing."""

from __future__ import annotations

import io
import json
import threading
import time
import zipfile
from pathlib import Path

import pytest
from support import DATA, AuthActions, make_app, new_uuid, upload

from webapp.extensions import db
from webapp.models import Company, Memo


@pytest.fixture
def app(tmp_path, database_url):
    """The usual test app, but a writer gives up after 1.5 s waiting for a lock (30 s in production)."""
    with make_app(tmp_path, database_url, DB_BUSY_TIMEOUT_SECONDS=1.5, IMPORT_MAX_MEMOS=600) as app:
        yield app


def export_of_tiny_memos(count: int, last_company: str = "Acme") -> bytes:
    """A Debrief export holding `count` memos with a line of transcript each and no audio (a few bytes a memo)."""
    memos = [
        {
            "client_uuid": new_uuid(),
            "title": f"Call {n}",
            "recorded_at": "2026-03-02T13:00:00",
            "status": "ready",
            "transcript_text": "Short call.",
            "company": "Acme",
            "segments": [{"position": 0, "start": 0.0, "end": 1.0, "text": "Short call."}],
        }
        for n in range(count)
    ]
    memos[-1]["company"] = last_company
    document = {"format": "debrief-export", "version": 1, "companies": [{"name": "Acme"}], "memos": memos}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("debrief.json", json.dumps(document))
    return buffer.getvalue()


def post_import(client, auth: AuthActions, payload: bytes):
    return client.post(
        "/account/import",
        data={"archive": (io.BytesIO(payload), "export.zip"), "csrf_token": auth.csrf()},
        content_type="multipart/form-data",
    )


def count(app, *conditions) -> int:
    with app.app_context():
        db.session.remove()
        return db.session.scalar(db.select(db.func.count(Memo.id)).where(*conditions))


def test_other_users_keep_writing_while_a_big_import_runs(app, tmp_path):
    ann_client, bob_client = app.test_client(), app.test_client()
    ann, bob = AuthActions(app, ann_client), AuthActions(app, bob_client)
    for auth, name in ((ann, "ann"), (bob, "bob")):
        auth.create(name)
        auth.login(name)
    payload = export_of_tiny_memos(600)
    bob_csrf = bob.csrf()
    answers = {}

    def run_import() -> None:
        answers["import"] = post_import(ann_client, ann, payload)

    importing = threading.Thread(target=run_import)
    importing.start()
    statuses = []
    try:
        while importing.is_alive():  # before batching, bob's uploads waited out the busy timeout and got 500
            statuses.append(upload(bob_client, DATA / "silence.webm", bob_csrf, client_uuid=new_uuid()).status_code)
            statuses.append(bob_client.get("/api/config").status_code)
            time.sleep(0.1)
    finally:
        importing.join()  # the app is torn down after the test: not while the import still uses it

    assert answers["import"].status_code == 303, answers["import"].text
    assert len(statuses) >= 6  # the import lasted long enough to overlap many of bob's requests
    assert set(statuses) == {200, 201}, statuses
    with app.app_context():
        ann_id = db.session.scalar(db.select(Memo.user_id).where(Memo.title == "Call 0"))
    assert count(app, Memo.user_id == ann_id) == 600
    assert count(app, Memo.user_id != ann_id) == len(statuses) // 2


def test_an_import_over_the_cap_is_refused_and_stores_nothing(ann, app, client):
    response = post_import(client, ann, export_of_tiny_memos(601))
    assert response.status_code == 413
    assert "601 memos" in response.text and "at most 600" in response.text
    assert "Nothing was imported" in response.text
    assert count(app) == 0
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Company.id))) == 0
    assert not [p for p in (Path(app.config["DATA_DIR"]) / "audio").rglob("*") if p.is_file()]


def test_an_import_failing_after_some_batches_takes_them_back(ann, app, client):
    payload = export_of_tiny_memos(600, last_company="x" * 300)  # refused only when the last memo is written
    response = post_import(client, ann, payload)
    assert response.status_code == 400 and "Nothing was imported" in response.text
    assert count(app) == 0  # the batches committed before it were removed again

"""Your data: Markdown, the zip round trip, deleting a memo or the whole account, audio retention."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from review_helpers import DATA, acme_call, index_rows, make_memo
from support import PASSWORD

from webapp import create_app
from webapp.extensions import db, upgrade_database
from webapp.models import Action, ApiToken, Company, Contact, Memo, NoteItem, Segment, Tombstone, User
from webapp.services import accounts, corrections, search, storage


def audio_files(app) -> list[Path]:
    return sorted(p for p in (Path(app.config["DATA_DIR"]) / "audio").rglob("*") if p.is_file())


def download(client) -> bytes:
    """The export zip (the response closed, so its temporary file is too)."""
    with client.get("/account/export.zip") as response:
        assert response.status_code == 200 and response.mimetype == "application/zip"
        return response.data


def normalised(zip_bytes: bytes) -> tuple[dict, dict]:
    """The export without what legitimately differs between two instances: the export time."""
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
        document = json.loads(archive.read("debrief.json"))
        audio = {name: archive.read(name) for name in archive.namelist() if name.startswith("audio/")}
    document.pop("exported_at")
    return document, audio


def test_one_memo_as_markdown(ann, app, client):
    memo_id = acme_call(app)
    response = client.get(f"/memos/{memo_id}/export.md")
    assert response.status_code == 200 and response.mimetype == "text/markdown"
    assert 'attachment; filename="debrief-' in response.headers["Content-Disposition"]
    text = response.text
    assert text.startswith("# Acme recruiter call\n")
    assert "- **Company:** Acme" in text and "- **Outcome:** Next round" in text
    assert "## Concerns\n\n- No production Kubernetes experience" in text
    assert "- [ ] Send Sarah a thank-you email (due 2026-03-06)" in text
    assert "**[0:04]** She said the hiring manager loved my system design answer." in text
    assert f'href="/memos/{memo_id}/export.md"' in client.get(f"/memos/{memo_id}").text


def test_export_import_round_trip(ann, app, client, tmp_path, database_url):
    acme_call(app)
    second = acme_call(
        app,
        title="Globex onsite",
        company="Globex",
        contact="Bill Lumbergh",
        outcome="rejected",
        recorded_at=datetime(2026, 4, 1, 15),
        actions=[("Ask Bill for feedback", date(2026, 4, 3), True)],
        audio=DATA / "memo_aac.m4a",
    )
    with app.app_context():
        memo = db.session.get(Memo, second)
        memo.items[0].deleted = True  # deleted notes travel too, so re-extraction there does not revive them
        memo.header_edited = ["company"]
        memo.self_rating = {"ratings": {"answers": 4}, "note": "ok"}
        db.session.get(Company, memo.company_id).stage = "withdrawn"
        db.session.get(Contact, memo.contact_id).email = "bill@globex.example"
        # What the user taught the extractor travels too, still pointing at its memo.
        corrections.record(memo.user_id, second, "They weren't sold on my SQL", "concerns")
        corrections.record(memo.user_id, None, "Get this down quickly", "other")
        db.session.commit()
    first_zip = download(client)
    document, audio = normalised(first_zip)
    assert document["format"] == "debrief-export" and len(document["memos"]) == 2
    assert len(audio) == 2 and all(document["memos"][i]["audio"]["file"] in audio for i in range(2))
    globex_uuid = next(m["client_uuid"] for m in document["memos"] if m["title"] == "Globex onsite")
    assert [(c["text"], c["label"], c["memo"]) for c in document["corrections"]] == [
        ("They weren't sold on my SQL", "concerns", globex_uuid),
        ("Get this down quickly", "other", None),
    ]

    # An empty instance: its own data folder and database.
    if database_url.startswith("postgresql"):
        pytest.skip("the second instance needs a second PostgreSQL database; SQLite covers the format")
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = create_app(
        {
            "TESTING": True,
            "DATA_DIR": str(other_dir),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{other_dir / 'debrief.sqlite'}",
            "SECRET_KEY": "other",
            "RATELIMIT_ENABLED": False,
        }
    )
    upgrade_database(other)
    with other.app_context():
        accounts.create_user("ann", PASSWORD, "Europe/Berlin")
    from support import AuthActions

    other_client = other.test_client()
    other_auth = AuthActions(other, other_client)
    other_auth.login("ann")
    response = other_client.post(
        "/account/import",
        data={"archive": (io.BytesIO(first_zip), "export.zip"), "csrf_token": other_auth.csrf()},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303 and response.location.endswith("/memos")
    assert normalised(download(other_client)) == (document, audio)

    # Importing the same export twice adds nothing.
    other_client.post(
        "/account/import",
        data={"archive": (io.BytesIO(first_zip), "export.zip"), "csrf_token": other_auth.csrf()},
        content_type="multipart/form-data",
    )
    with other.app_context():
        assert db.session.scalar(db.select(db.func.count(Memo.id))) == 2
        assert corrections.examples_for(accounts.get_user("ann")) == [
            ("Get this down quickly", "other"),
            ("They weren't sold on my SQL", "concerns"),
        ]
        # The imported memos are searchable and their audio plays.
        user = accounts.get_user("ann")
        assert len(search.search(user, "kubernetes")) == 2
        memo_id = db.session.scalar(db.select(Memo.id).where(Memo.title == "Globex onsite"))
    with other_client.get(f"/memos/{memo_id}/audio") as response:
        assert response.status_code == 200
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_import_refuses_what_is_not_an_export(ann, app, client):
    def send(payload: bytes):
        return client.post(
            "/account/import",
            data={"archive": (io.BytesIO(payload), "x.zip"), "csrf_token": ann.csrf()},
            content_type="multipart/form-data",
            follow_redirects=True,
        )

    error = '<div class="flash flash-error" role="alert"><p>Nothing was imported: That file is not a zip.'
    assert error in send(b"hello").text

    def zipped(document: dict, extra: dict | None = None) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("debrief.json", json.dumps(document))
            for name, data in (extra or {}).items():
                archive.writestr(name, data)
        return buffer.getvalue()

    assert "not a Debrief export" in send(zipped({"hello": 1})).text
    memo = {
        "client_uuid": "123e4567-e89b-12d3-a456-426614174000",
        "recorded_at": "2026-03-02T13:00:00",
        "audio": {"file": "../../etc/passwd", "sha256": "x"},
    }
    page = send(zipped({"format": "debrief-export", "version": 1, "memos": [memo]}))
    assert "Unexpected audio file name" in page.text
    memo["audio"] = {"file": "audio/123e4567-e89b-12d3-a456-426614174000.webm", "sha256": "0" * 64}
    payload = zipped(
        {"format": "debrief-export", "version": 1, "memos": [memo]},
        {memo["audio"]["file"]: (DATA / "memo_opus.webm").read_bytes()},
    )
    assert "checksum" in send(payload).text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Memo.id))) == 0
    assert audio_files(app) == []  # nothing left behind by a refused import


def test_deleting_a_memo_leaves_no_file(ann, app, client):
    memo_id = acme_call(app)
    with app.app_context():
        memo = db.session.get(Memo, memo_id)
        memo.playback_name = memo.audio_name.rsplit(".", 1)[0] + ".play.m4a"
        (Path(app.config["DATA_DIR"]) / "audio" / str(memo.user_id) / memo.playback_name).write_bytes(b"x")
        db.session.commit()
    assert len(audio_files(app)) == 2
    client.post(f"/memos/{memo_id}/delete", data={"csrf_token": ann.csrf()})
    assert audio_files(app) == []
    with app.app_context():
        assert db.session.get(Memo, memo_id) is None
        assert index_rows([memo_id]) == 0


def test_deleting_the_account_removes_everything(auth, app, client):
    auth.create("ann")
    auth.create("bob")
    bobs = acme_call(app, "bob")
    auth.login("ann")
    mine = [acme_call(app), acme_call(app, company="Globex")]
    auth.token("ann")
    client.post("/calendar/feed", data={"csrf_token": auth.csrf()})

    wrong = client.post(
        "/account/delete", data={"password": "not my password", "csrf_token": auth.csrf()}, follow_redirects=True
    )
    assert "not your password" in wrong.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Memo.id))) == 3

    response = client.post("/account/delete", data={"password": PASSWORD, "csrf_token": auth.csrf()})
    assert response.status_code == 303 and "/login" in response.location
    with app.app_context():
        assert db.session.scalar(db.select(User).where(User.username == "ann")) is None
        # Only Bob's memo and what hangs off it are left.
        for model in (Memo, Segment, NoteItem, Action, Company, Contact, ApiToken, Tombstone):
            count = db.session.scalar(db.select(db.func.count()).select_from(model))
            assert count == {Memo: 1, Segment: 4, NoteItem: 3, Action: 1, Company: 1, Contact: 1}.get(model, 0), model
        assert index_rows(mine) == 0
        assert db.engine.dialect.name != "sqlite" or index_rows([bobs]) > 0
        bob_id = accounts.get_user("bob").id
    files = audio_files(app)
    assert len(files) == 1 and files[0].parent.name == str(bob_id)  # only Bob's recording is left
    assert client.get("/memos").status_code == 302  # logged out


def test_retention_deletes_old_audio_and_keeps_the_words(ann, app, client):
    now = datetime(2026, 6, 1, 12)
    old = acme_call(app, recorded_at=now - timedelta(days=40))
    recent = acme_call(app, recorded_at=now - timedelta(days=5))
    with app.app_context():
        assert storage.apply_retention(now, app.config["DATA_DIR"]) == 0  # off by default
    client.post("/account/retention", data={"days": "30", "csrf_token": ann.csrf()})
    with app.app_context():
        assert accounts.get_user("ann").audio_retention_days == 30
        assert storage.apply_retention(now, app.config["DATA_DIR"]) == 1
        assert storage.apply_retention(now, app.config["DATA_DIR"]) == 0  # idempotent
        memo = db.session.get(Memo, old)
        assert memo.audio_deleted_at == now and memo.transcript_text and memo.items and memo.segments
        assert db.session.get(Memo, recent).audio_deleted_at is None
    assert len(audio_files(app)) == 1
    assert client.get(f"/memos/{old}/audio").status_code == 404
    page = client.get(f"/memos/{old}").text
    assert "Audio deleted" in page and "Kubernetes" in page
    with client.get(f"/memos/{recent}/audio") as response:
        assert response.status_code == 200
    # The export says the audio is gone, and the memo still round-trips.
    document, audio = normalised(download(client))
    gone = next(m for m in document["memos"] if m["audio"] is None)
    assert gone["audio_deleted_at"] and gone["transcript_text"] and len(audio) == 1
    client.post("/account/retention", data={"days": "", "csrf_token": ann.csrf()})
    client.post("/account/retention", data={"days": "3", "csrf_token": ann.csrf()})  # not an offered choice
    with app.app_context():
        assert accounts.get_user("ann").audio_retention_days is None


def test_retention_cli(ann, app, runner):
    acme_call(app, recorded_at=datetime(2020, 1, 1))
    with app.app_context():
        accounts.get_user("ann").audio_retention_days = 30
        db.session.commit()
    from webapp.cli import main

    result = runner.invoke(main, ["retention"])
    assert "Removed the audio of 1 memo(s)." in result.output
    assert audio_files(app) == []


def test_make_memo_without_audio_exports(ann, app, client):
    make_memo(app, audio=None, segments=[(0, 1, "Hello")])
    document, audio = normalised(download(client))
    assert document["memos"][0]["audio"] is None and audio == {}


def test_worker_applies_retention(ann, app, run_worker):
    acme_call(app, recorded_at=datetime(2020, 1, 1))
    with app.app_context():
        accounts.get_user("ann").audio_retention_days = 30
        db.session.commit()
    assert audio_files(app) != []
    run_worker()
    assert audio_files(app) == []
    with app.app_context():
        memo = db.session.scalars(db.select(Memo)).one()
        assert memo.audio_deleted_at is not None and memo.transcript_text

"""Bad input, tried and written down: each refusal has its exact status and message, and changes nothing stored."""

from __future__ import annotations

import io
import threading
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.pool import NullPool
from support import DATA, AuthActions, encode_audio, make_app, new_uuid, upload
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from webapp import create_app
from webapp.extensions import db, upgrade_database
from webapp.models import Job, Memo

WEBM = (DATA / "memo_opus.webm").read_bytes()
NEED_AUDIO = "Send the recording as a multipart form field named 'audio'."
NOT_AUDIO = "This file is not a recording Debrief can read (WebM, Ogg, MP4/M4A, MP3, WAV or FLAC)."
BAD_UUID = "client_uuid must be a UUID such as 123e4567-e89b-12d3-a456-426614174000."
BAD_TIME = "recorded_at is not a plausible recording time."
NOT_A_TIME = "recorded_at must be an ISO 8601 date and time, e.g. 2026-03-02T14:05:00+01:00."


def snapshot(app) -> dict:
    """Everything an upload could change: every memo row, the job count, every file in the audio store."""
    with app.app_context():
        db.session.remove()
        memos = [
            {column.name: getattr(m, column.name) for column in Memo.__table__.columns}
            for m in db.session.scalars(db.select(Memo).order_by(Memo.id))
        ]
        jobs = db.session.scalar(db.select(db.func.count(Job.id)))
    audio = Path(app.config["DATA_DIR"]) / "audio"
    files = sorted(str(p.relative_to(audio)) for p in audio.rglob("*")) if audio.exists() else []
    return {"memos": memos, "jobs": jobs, "files": files}


@pytest.fixture
def existing(ann, client):
    """Ann, logged in, with one memo already stored."""
    response = upload(client, DATA / "memo_opus.webm", ann.csrf(), title="Acme feedback")
    assert response.status_code == 201
    return ann


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One app on a SQLite file for the whole refusal matrix: a refusal changes nothing, so rows can share it.

    (The database does not decide these answers; the PostgreSQL runs are the property tests below.)
    """
    data_dir = tmp_path_factory.mktemp("matrix")
    app = create_app(
        {
            "TESTING": True,
            "DATA_DIR": str(data_dir),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{data_dir / 'debrief.sqlite'}",
            # No pool: each test's own connections are closed when it ends (see conftest's stray-connection check).
            "SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": NullPool},
            "SECRET_KEY": "test-secret",
            "RATELIMIT_ENABLED": False,
        }
    )
    upgrade_database(app)
    auth = AuthActions(app, app.test_client())
    auth.create("ann")
    auth.login("ann")
    assert upload(auth.client, DATA / "memo_opus.webm", auth.csrf(), title="Acme feedback").status_code == 201
    yield auth
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def multipart(fields: dict, files: dict | None = None) -> dict:
    """Keyword arguments for client.post: a multipart body built in memory."""
    data = dict(fields)
    for name, (content, filename) in (files or {}).items():
        data[name] = FileStorage(io.BytesIO(content), filename=filename)
    boundary, body = encode_multipart(data)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def raw(body: bytes, content_type: str) -> dict:
    return {"data": body, "content_type": content_type}


def encode_twice(field: str) -> tuple[bytes, str]:
    """A multipart body with `field` sent twice next to a real audio file."""
    boundary = "twice"
    part = f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n{new_uuid()}\r\n'
    audio = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="audio"; filename="memo.webm"\r\n'
            "Content-Type: audio/webm\r\n\r\n"
        ).encode()
        + WEBM
        + b"\r\n"
    )
    return (part + part).encode() + audio + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def future_iso(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


AUDIO = {"audio": (WEBM, "memo.webm")}

# (what is wrong, request, status, exact error message)
REFUSED_UPLOADS = [
    (
        "multipart cut off mid-part",
        raw(
            b'--xyz\r\nContent-Disposition: form-data; name="audio"; filename="a.webm"\r\n\r\n' + WEBM[:100],
            "multipart/form-data; boundary=xyz",
        ),
        400,
        NEED_AUDIO,
    ),
    ("multipart body that is garbage", raw(b"\x00\x01garbage", "multipart/form-data; boundary=xyz"), 400, NEED_AUDIO),
    ("multipart without a boundary", raw(WEBM, "multipart/form-data"), 400, NEED_AUDIO),
    ("the audio bytes as the whole body", raw(WEBM, "audio/webm"), 400, NEED_AUDIO),
    ("no audio field", multipart({"title": "x"}), 400, NEED_AUDIO),
    ("audio as a text field", multipart({"audio": "UklGRg=="}), 400, NEED_AUDIO),
    ("audio under another name", multipart({}, {"file": (WEBM, "memo.webm")}), 400, NEED_AUDIO),
    ("JSON instead of multipart", {"json": {"audio": "UklGRg==", "title": "x"}}, 400, NEED_AUDIO),
    ("client_uuid twice", raw(*encode_twice("client_uuid")), 400, "Send client_uuid once."),
    ("client_uuid not a UUID", multipart({"client_uuid": "not-a-uuid"}, AUDIO), 400, BAD_UUID),
    ("client_uuid one digit short", multipart({"client_uuid": new_uuid()[:-1]}, AUDIO), 400, BAD_UUID),
    ("client_uuid with a path in it", multipart({"client_uuid": "../../etc/passwd"}, AUDIO), 400, BAD_UUID),
    ("client_uuid as a number", multipart({"client_uuid": "12345"}, AUDIO), 400, BAD_UUID),
    ("recorded_at in the year 9999", multipart({"recorded_at": "9999-12-31T23:59:59-01:00"}, AUDIO), 400, BAD_TIME),
    ("recorded_at in the year 1", multipart({"recorded_at": "0001-01-01T00:00:00+01:00"}, AUDIO), 400, BAD_TIME),
    ("recorded_at next month", multipart({"recorded_at": future_iso(days=31)}, AUDIO), 400, BAD_TIME),
    ("recorded_at in 1999", multipart({"recorded_at": "1999-12-31T12:00:00Z"}, AUDIO), 400, BAD_TIME),
    ("recorded_at not a date", multipart({"recorded_at": "next tuesday"}, AUDIO), 400, NOT_A_TIME),
    ("recorded_at a bare number", multipart({"recorded_at": "1772458000"}, AUDIO), 400, NOT_A_TIME),
    ("recorded_at with a 25 h offset", multipart({"recorded_at": "2026-03-02T14:05:00+25:00"}, AUDIO), 400, NOT_A_TIME),
    ("a 10 kB title", multipart({"title": "x" * 10_240}, AUDIO), 400, "The title is longer than 200 characters."),
    ("an empty file", multipart({}, {"audio": (b"", "memo.webm")}), 400, "The audio file is empty."),
    ("text named .webm", multipart({}, {"audio": (b"just some notes, not audio", "memo.webm")}), 415, NOT_AUDIO),
    ("HTML named .m4a", multipart({}, {"audio": (b"<html><script>alert(1)</script>", "a.m4a")}), 415, NOT_AUDIO),
    ("a program named .mp3", multipart({}, {"audio": (b"\x7fELF\x02\x01\x01" + bytes(200), "a.mp3")}), 415, NOT_AUDIO),
    ("a PNG named .ogg", multipart({}, {"audio": (b"\x89PNG\r\n\x1a\n" + bytes(100), "a.ogg")}), 415, NOT_AUDIO),
]


# Werkzeug drops the in-memory file of a part cut off mid-way without closing it: harmless, but a ResourceWarning.
WERKZEUG_DROPS_PART = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def upload_params():
    for row in REFUSED_UPLOADS:
        marks = [WERKZEUG_DROPS_PART] if row[0] == "multipart cut off mid-part" else []
        yield pytest.param(*row, id=row[0], marks=marks)


@pytest.mark.parametrize("what, request_kwargs, status, message", list(upload_params()))
def test_refused_upload_says_why_and_stores_nothing(shared, what, request_kwargs, status, message):
    app, client = shared.app, shared.client
    before = snapshot(app)
    response = client.post("/api/memos", headers={"X-CSRFToken": shared.csrf()}, **request_kwargs)
    assert (response.status_code, response.json) == (status, {"error": message}), what
    assert snapshot(app) == before


REFUSED_READS = [
    ("client_uuid lookup with a bad UUID", "/api/memos?client_uuid=nope", 400, BAD_UUID),
    ("a cursor that is no memo", "/api/memos?cursor=99999", 400, "Unknown cursor."),
    ("a memo id that does not exist", "/api/memos/99999", 404, "No such memo."),
    ("a memo id that is not a number", "/api/memos/abc", 404, "Not found."),
    ("a negative memo id", "/api/memos/-1", 404, "Not found."),
    ("a memo id past 64 bits", "/api/memos/" + "9" * 30, 404, "Not found."),
    ("a memo id past 32 bits", "/api/memos/2147483648", 404, "Not found."),
    ("a cursor past 64 bits", "/api/memos?cursor=" + "9" * 30, 400, "Unknown cursor."),
]


@pytest.mark.parametrize("what, url, status, message", [pytest.param(*row, id=row[0]) for row in REFUSED_READS])
def test_bad_ids_in_urls_are_refused_plainly(shared, what, url, status, message):
    app, client = shared.app, shared.client
    before = snapshot(app)
    response = client.get(url)
    assert (response.status_code, response.json) == (status, {"error": message}), what
    assert snapshot(app) == before


def test_unicode_and_control_characters_in_a_title_are_kept_and_cleaned(existing, app, client):
    title = "\x00Zoë’s call\u202e with 株式会社 🎉\x07\x1b[31m\u200b"
    response = upload(client, DATA / "memo_opus.webm", existing.csrf(), title=title)
    assert response.status_code == 201
    assert response.json["title"] == "Zoë’s call with 株式会社 🎉[31m"
    with app.app_context():
        assert db.session.get(Memo, response.json["id"]).title == "Zoë’s call with 株式会社 🎉[31m"
    assert "株式会社 🎉[31m" in client.get("/memos").text


@pytest.mark.parametrize(
    "filename",
    ["../../../etc/passwd.webm", "..\\..\\windows\\win.ini.webm", "/etc/cron.d/x.webm", ".hidden.webm", "a\x00b.webm"],
)
def test_a_path_in_the_file_name_never_reaches_the_disk(existing, app, client, filename):
    before = set(snapshot(app)["files"])
    response = client.post(
        "/api/memos", headers={"X-CSRFToken": existing.csrf()}, **multipart({}, {"audio": (WEBM, filename)})
    )
    assert response.status_code == 201
    new_files = set(snapshot(app)["files"]) - before
    assert len(new_files) == 1
    (stored,) = new_files
    folder, name = stored.split("/")
    assert folder == "1" and name.endswith(".webm")
    assert str(uuid.UUID(name.removesuffix(".webm"))) == name.removesuffix(".webm")
    assert not (Path(app.config["DATA_DIR"]).parent / "etc").exists()


def test_the_record_page_form_takes_only_the_base_name_as_title(existing, app, client):
    with open(DATA / "memo_aac.m4a", "rb") as f:
        response = client.post(
            "/memos/upload",
            data={"audio": (f, "../../secrets/call with acme.m4a"), "csrf_token": existing.csrf()},
            content_type="multipart/form-data",
        )
    assert response.status_code == 303
    with app.app_context():
        newest = db.session.scalars(db.select(Memo).order_by(Memo.id.desc())).first()
        assert newest.title == "call with acme"
        assert "/" not in newest.audio_name and newest.audio_name.endswith(".m4a")


def no_duration_webm(folder: Path) -> Path:
    """The memo as live WebM: like a browser's MediaRecorder output, its header declares no duration."""
    return encode_audio(DATA / "memo_opus.webm", folder / "live.webm", live=True)


@pytest.mark.slow
def test_worker_refuses_recordings_over_the_length_limit_without_decoding_them_whole(
    existing, app, client, run_worker, tmp_path, monkeypatch
):
    import transcription.audio

    app.config["MAX_AUDIO_MINUTES"] = 0.05  # 3 s; the clips are 8.7 s
    frames = []
    real_to_float = transcription.audio._to_float
    monkeypatch.setattr(transcription.audio, "_to_float", lambda frame: frames.append(frame) or real_to_float(frame))

    with_duration = upload(client, DATA / "memo_aac.m4a", existing.csrf()).json["id"]
    streamed = upload(client, no_duration_webm(tmp_path), existing.csrf()).json["id"]
    run_worker()

    for memo_id in (with_duration, streamed):
        memo = client.get(f"/api/memos/{memo_id}").json
        assert (memo["status"], memo["failed_stage"]) == ("failed", "transcribe")
        assert memo["error"] == "The recording is longer than the 0.05-minute limit."
        assert memo["attempts"] == 1
    decoded_seconds = sum(frame.samples / frame.sample_rate for frame in frames)
    # The declared duration refuses the MP4 before any frame; the WebM stops a frame past the limit.
    assert 3 <= decoded_seconds < 4, decoded_seconds


@pytest.mark.slow
def test_truncated_container_fails_readably_and_the_next_memo_is_done(existing, app, client, run_worker, tmp_path):
    cut = tmp_path / "cut.webm"
    cut.write_bytes(WEBM[:300])  # the header and no audio
    cut_id = upload(client, cut, existing.csrf()).json["id"]
    run_worker()
    memo = client.get(f"/api/memos/{cut_id}").json
    assert (memo["status"], memo["failed_stage"]) == ("failed", "transcribe")
    assert memo["error"].startswith("This file is not audio we can read (")  # then the decoder's own words
    first = client.get("/api/memos?limit=200").json["memos"][-1]
    assert first["status"] == "ready"  # the memo stored before it was transcribed too


@pytest.fixture
def limited_app(tmp_path, database_url):
    """The app with rate limits on, as in production."""
    with make_app(tmp_path, database_url, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://") as app:
        yield app


def test_a_phone_syncing_ten_memos_gets_through_but_a_flood_is_429(limited_app):
    auth = AuthActions(limited_app, limited_app.test_client())
    auth.create("ann")
    auth.create("bob")
    ann, bob = auth.token("ann"), auth.token("bob")
    silence = (DATA / "silence.webm").read_bytes()

    def send(token: str):
        client = limited_app.test_client()
        body = multipart({"client_uuid": new_uuid()}, {"audio": (silence, "m.webm")})
        return client.post("/api/memos", headers={"Authorization": f"Bearer {token}"}, **body)

    statuses = []
    threads = [threading.Thread(target=lambda: statuses.append(send(ann).status_code)) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [201] * 10  # ten queued memos at once: all through

    flood = [send(ann).status_code for _ in range(110)]
    assert flood == [201] * 110  # 120 a minute is allowed
    before = snapshot(limited_app)
    refused = send(ann)
    assert refused.status_code == 429
    assert refused.json == {"error": "Too many uploads: wait a moment and retry."}
    assert int(refused.headers["Retry-After"]) > 0
    assert snapshot(limited_app) == before
    assert send(bob).status_code == 201  # the limit is per account, not per server


def test_the_record_form_and_the_share_target_count_against_the_same_upload_limit(limited_app):
    """Three doors, one budget: 120 memos a minute however they arrive, then 429 at each door, nothing stored."""
    auth = AuthActions(limited_app, limited_app.test_client())
    auth.create("ann")
    auth.login("ann")
    client, csrf = auth.client, auth.csrf()
    silence = (DATA / "silence.webm").read_bytes()
    doors = {
        "/api/memos": ({"X-CSRFToken": csrf}, {}),
        "/memos/upload": ({}, {"csrf_token": csrf}),
        "/share-target": ({"Sec-Fetch-Site": "same-origin"}, {}),
    }

    def send(door: str):
        headers, fields = doors[door]
        return client.post(door, headers=headers, **multipart(fields, {"audio": (silence, "m.webm")}))

    statuses = {send(door).status_code for door in list(doors) * 40}
    assert statuses == {201, 303}
    before = snapshot(limited_app)
    for door in doors:
        refused = send(door)
        assert refused.status_code == 429, door
        assert "Too many uploads: wait a moment and retry." in refused.text
    assert snapshot(limited_app) == before


# --- Property-based: whatever arrives, never a 500, and a refusal stores nothing --------------------------------

MAGIC = [b"", b"\x1a\x45\xdf\xa3", b"OggS", b"\x00\x00\x00\x18ftypM4A ", b"RIFF\x00\x00\x00\x00WAVE", b"fLaC", b"ID3"]
offsets = st.integers(min_value=-24 * 60 + 1, max_value=24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
datetimes = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.none() | offsets)
fields = st.fixed_dictionaries(
    {},
    optional={
        "client_uuid": st.uuids().map(str) | st.text(max_size=60) | st.sampled_from(["", " ", new_uuid()]),
        "recorded_at": datetimes.map(datetime.isoformat) | st.text(max_size=40),
        "title": st.text(max_size=260),
    },
)
audio_bytes = st.builds(lambda magic, rest: magic + rest, st.sampled_from(MAGIC), st.binary(max_size=3000))
filenames = st.text(max_size=80)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=fields, audio=audio_bytes, filename=filenames, send_audio=st.booleans())
def test_any_upload_gets_a_considered_answer(existing, app, client, fields, audio, filename, send_audio):
    before = snapshot(app)
    files = {"audio": (audio, filename)} if send_audio else {}
    response = client.post("/api/memos", headers={"X-CSRFToken": existing.csrf()}, **multipart(fields, files))
    after = snapshot(app)
    assert response.status_code in (200, 201, 400, 409, 415), response.text
    assert isinstance(response.json["error" if response.status_code >= 400 else "id"], (str, int))
    if response.status_code == 201:
        assert len(after["memos"]) == len(before["memos"]) + 1 and len(after["files"]) == len(before["files"]) + 1
        assert after["memos"][:-1] == before["memos"]
    else:
        assert after == before


@settings(max_examples=40, deadline=None)
@given(body=st.binary(max_size=2000), boundary=st.text("abcxyz-0123456789", min_size=1, max_size=20))
def test_any_bytes_as_a_multipart_body_are_a_400_not_a_500(shared, body, boundary):
    app, client = shared.app, shared.client
    before = snapshot(app)
    response = client.post(
        "/api/memos", headers={"X-CSRFToken": shared.csrf()}, **raw(body, f"multipart/form-data; boundary={boundary}")
    )
    assert (response.status_code, response.json) == (400, {"error": NEED_AUDIO})
    assert snapshot(app) == before

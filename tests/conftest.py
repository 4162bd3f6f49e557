"""Shared fixtures: an app on a real SQLite file (and PostgreSQL when DEBRIEF_TEST_DATABASE_URL is set),
a client, a CLI runner, an auth helper, the real Whisper model, and speech clips."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from webapp import create_app
from webapp.cli import upgrade_database

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
SHARED_AUDIO = ROOT.parent / "shared" / "audio"
PASSWORD = "a perfectly long password"

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("DEBRIEF_TEST_DATABASE_URL") else [])


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _reset_postgres(url: str) -> None:
    """Empty the test database so each test starts from migrations, like a fresh install."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    if request.param == "postgresql":
        url = os.environ["DEBRIEF_TEST_DATABASE_URL"]
        _reset_postgres(url)
        return url
    return f"sqlite:///{tmp_path / 'data' / 'debrief.sqlite'}"


@pytest.fixture
def app(tmp_path, database_url):
    data_dir = tmp_path / "data"
    data_dir.mkdir(exist_ok=True)
    app = create_app(
        {
            "TESTING": True,
            "DATA_DIR": str(data_dir),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret",
            "RATELIMIT_ENABLED": False,
            "JOB_LEASE_SECONDS": 5,
        }
    )
    upgrade_database(app)
    yield app
    from webapp.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app, monkeypatch):
    monkeypatch.setenv("DEBRIEF_DATA_DIR", app.config["DATA_DIR"])
    monkeypatch.setenv("DEBRIEF_DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    return CliRunner()


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf[-_]token" (?:content|value)="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


class AuthActions:
    """Create users and log in and out through the real forms."""

    def __init__(self, app, client):
        self.app, self.client = app, client

    def create(self, username: str = "ann", password: str = PASSWORD, timezone: str = "Europe/Berlin"):
        from webapp.services import accounts

        with self.app.app_context():
            return accounts.create_user(username, password, timezone).id

    def login(self, username: str = "ann", password: str = PASSWORD):
        page = self.client.get("/login")
        return self.client.post(
            "/login", data={"username": username, "password": password, "csrf_token": csrf_from(page.text)}
        )

    def logout(self):
        page = self.client.get("/")
        return self.client.post("/logout", data={"csrf_token": csrf_from(page.text)})

    def csrf(self) -> str:
        return csrf_from(self.client.get("/").text)

    def token(self, username: str = "ann", scope: str = "api") -> str:
        from webapp.services import accounts

        with self.app.app_context():
            return accounts.create_token(accounts.get_user(username), "test", scope)[1]


@pytest.fixture
def auth(app, client):
    return AuthActions(app, client)


@pytest.fixture
def ann(auth):
    """A logged-in user, ann."""
    auth.create("ann")
    auth.login("ann")
    return auth


def upload(client, path: Path, csrf: str | None = None, headers: dict | None = None, **fields):
    """POST /api/memos with a file, as a browser or a script would."""
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    data = {key: value for key, value in fields.items() if value is not None}
    all_headers = dict(headers or {})
    if csrf:
        all_headers["X-CSRFToken"] = csrf
    with open(path, "rb") as f:
        data["audio"] = FileStorage(f, filename=path.name)
        # Encoded in memory: werkzeug's test client leaks its temp file for bodies over 500 kB.
        boundary, body = encode_multipart(data)
    return client.post(
        "/api/memos", data=body, headers=all_headers, content_type=f"multipart/form-data; boundary={boundary}"
    )


def new_uuid() -> str:
    return str(uuid.uuid4())


@pytest.fixture(scope="session")
def engine():
    """The real bundled model (Whisper tiny.en, faster-whisper int8), loaded once."""
    from transcription.engines import load_engine

    return load_engine("faster-whisper", "tiny.en")


@pytest.fixture
def run_worker(app, engine):
    """Work the queue until it is empty, in this process, with the real engine."""
    from webapp.worker import Worker

    def run() -> int:
        return Worker(app, engine=engine, poll_seconds=0.05).run(until_idle=True)

    return run


@pytest.fixture(scope="session")
def shared_audio() -> Path:
    """../shared/audio: real human speech. Always there in CI; a missing folder fails there."""
    if not SHARED_AUDIO.is_dir():
        if in_ci():
            pytest.fail(f"{SHARED_AUDIO} is missing: CI must run real-speech tests")
        pytest.skip("../shared/audio not present on this machine")
    return SHARED_AUDIO

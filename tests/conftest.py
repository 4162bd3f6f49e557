"""Shared fixtures: an app on a real SQLite file (and PostgreSQL when DEBRIEF_TEST_DATABASE_URL is set),
a client, a CLI runner, an auth helper, the real Whisper model, real Debrief processes, and speech clips."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import SHARED_AUDIO, AuthActions, DebriefProcesses, in_ci, make_app

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("DEBRIEF_TEST_DATABASE_URL") else [])


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
    """The app on a fresh test database."""
    with make_app(tmp_path, database_url) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app, monkeypatch):
    monkeypatch.setenv("DEBRIEF_DATA_DIR", app.config["DATA_DIR"])
    monkeypatch.setenv("DEBRIEF_DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    return CliRunner()


@pytest.fixture
def auth(app, client):
    return AuthActions(app, client)


@pytest.fixture
def ann(auth):
    """A logged-in user, ann."""
    auth.create("ann")
    auth.login("ann")
    return auth


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


# --- Real `debrief` processes (added for the crash, concurrency and browser-policy tests) -------------------


@pytest.fixture
def processes(tmp_path, database_url):
    """Real Debrief processes on this test's database and data folder (the `app` fixture's, when both are used:
    it migrates the database; otherwise `create_user` or `serve` does); stopped afterwards."""
    data_dir = tmp_path / "data"
    data_dir.mkdir(exist_ok=True)
    procs = DebriefProcesses(data_dir, database_url)
    yield procs
    procs.stop_all()


@pytest.fixture(autouse=True)
def _close_stray_connections():
    """Close database connections left open by apps a test built in-process (`debrief` commands via CliRunner).

    Their pools are never disposed; when the garbage collector finds a psycopg connection still open it
    warns, and under `filterwarnings = error` that fails whichever test happens to be running then.
    """
    import contextlib

    from sqlalchemy import event
    from sqlalchemy.pool import Pool

    opened = []

    def remember(dbapi_connection, _record) -> None:
        opened.append(dbapi_connection)  # a strong reference: nothing is collected before we close it

    event.listen(Pool, "connect", remember)
    yield
    event.remove(Pool, "connect", remember)
    for connection in opened:
        with contextlib.suppress(Exception):  # already closed, or its server went away: nothing left to leak
            connection.close()


@pytest.fixture(scope="session")
def playwright_instance():
    """One Playwright driver for the whole run: a second sync driver cannot start while one is running."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw

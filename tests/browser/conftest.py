"""Browser tests: a real `debrief serve` + `debrief worker` on localhost, driven through Debian's Chromium.

One server (and one worker, with the real tiny.en model) per test session; a fake microphone plays a sentence
spoken by espeak-ng, generated at test time. Without Chromium the tests skip, or fail when CI is set.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pwa_support import CHROMIUM, SENTENCE, PageWatch, Phone, WatchedBrowser, browser_args, login
from review_helpers import make_memo
from support import DebriefProcesses, in_ci, speech


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium, never a browser downloaded by Playwright. Missing → skip locally, fail in CI."""
    if not Path(CHROMIUM).exists():
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)."
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def speech_wav(tmp_path_factory) -> Path:
    """The fake microphone's input: a 48 kHz mono WAV of SENTENCE, a little silence around it (Chromium loops it)."""
    folder = tmp_path_factory.mktemp("audio")
    return speech(SENTENCE, folder / "speech.wav", voice="en-us", rate=48000, pad=(0.3, 0.7))


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """One real server and worker for the whole browser suite."""
    # The suite logs in from one address more often than the login limit (10 a minute) allows;
    # the limits themselves are tested over real HTTP in tests/test_security.py.
    srv = DebriefProcesses(tmp_path_factory.mktemp("debrief-data"), DEBRIEF_RATELIMIT="off")
    srv.create_user("alice")
    srv.create_user("bob")
    srv.serve()
    srv.spawn("worker")
    yield srv
    srv.stop_all()


@pytest.fixture(scope="session")
def browser(playwright_instance, chromium, speech_wav):
    browser = playwright_instance.chromium.launch(executable_path=chromium, args=browser_args(speech_wav))
    yield WatchedBrowser(browser)
    browser.close()


@pytest.fixture(autouse=True)
def page_watch(request):
    """Every browser test fails on a console error, page error, CSP violation or sideways scroll at 390 px."""
    watch = PageWatch()
    if "browser" in request.fixturenames:
        request.getfixturevalue("browser").watch = watch
    yield watch
    problems = watch.unexpected()
    assert problems == [], "\n".join(problems)


@pytest.fixture(scope="session")
def sessions(browser, server) -> dict:
    """One login per account for the whole suite (login is rate limited): storage states to start contexts from."""
    states = {}
    for name in ("alice", "bob"):
        context = browser.new_context()
        page = context.new_page()
        login(page, name, server.url)
        states[name] = context.storage_state()
        context.close()
    return states


@pytest.fixture
def new_context(browser, server, sessions):
    """Open browser contexts (each its own IndexedDB and service worker), logged in as `user` or nobody."""
    opened = []

    def make(user: str | None = "alice"):
        context = browser.new_context(
            base_url=server.url, storage_state=sessions[user] if user else None, permissions=["microphone"]
        )
        context.set_default_timeout(15000)
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()


@pytest.fixture
def phone_for(new_context):
    """A fresh phone (browser context) logged in as `user`, on the record page, with its device token."""

    def make(user: str | None = "alice", path: str = "/") -> Phone:
        context = new_context(user)
        phone = Phone(context.new_page())
        phone.open(path)
        return phone

    return make


@pytest.fixture(scope="session")
def user_ids(server) -> dict[str, int]:
    ids = {}
    for name in ("alice", "bob"):
        status, body = server.api(name, "/api/config")
        assert status == 200, body
        ids[name] = body["user"]["id"]
    return ids


@pytest.fixture
def server_app(server):
    """An app on the suite's server's database and data folder, to store or change rows directly."""
    from webapp import create_app
    from webapp.extensions import db

    app = create_app(
        {
            "DATA_DIR": str(server.data_dir),
            "SQLALCHEMY_DATABASE_URI": server.env["DEBRIEF_DATABASE_URL"],
            "SECRET_KEY": "test-secret",
        }
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def memo_for(server_app):
    """A ready memo of `user`'s on the suite's server, stored directly (no model run); its id."""

    def make(user: str, **fields) -> int:
        return make_memo(server_app, user, **fields)

    return make

"""No one let in: cookie flags (HTTPS direct or behind a proxy), login limits, security headers, and a browser
visiting every page under the Content Security Policy without a single violation."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from support import DATA, PASSWORD, ROOT, AuthActions, DebriefProcesses, csrf_from, http_upload, make_app, upload

from webapp.extensions import db

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def database_url(tmp_path) -> str:
    """SQLite only in this module: cookies, limits and headers do not depend on the database (and the token
    and account tests in test_accounts.py run on both)."""
    return f"sqlite:///{tmp_path / 'data' / 'debrief.sqlite'}"


@pytest.fixture
def app_factory(tmp_path, database_url):
    """Apps with other settings (HTTPS, a proxy, rate limits on) on this test's database."""
    with contextlib.ExitStack() as apps:
        yield lambda **config: apps.enter_context(make_app(tmp_path, database_url, **config))


def login_cookies(app, remember: bool, **request) -> dict[str, str]:
    """Log in through the form; the Set-Cookie headers of the login response by cookie name."""
    client = app.test_client()
    AuthActions(app, client).create("ann")
    page = client.get("/login", **request)
    form = {"username": "ann", "password": PASSWORD, "csrf_token": csrf_from(page.text)}
    if remember:
        form["remember"] = "1"
    response = client.post("/login", data=form, **request)
    assert response.status_code == 302
    return {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}


def flags(cookie: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}


def test_cookies_over_plain_http_are_httponly_lax_and_not_secure(app_factory):
    cookies = login_cookies(app_factory(), remember=True)
    for name in ("session", "remember_token"):
        assert {"httponly", "samesite"} <= flags(cookies[name]), cookies[name]
        assert "SameSite=Lax" in cookies[name]
        assert "secure" not in flags(cookies[name])  # a Secure cookie over http would never come back


def test_debrief_https_marks_both_cookies_secure(app_factory):
    cookies = login_cookies(app_factory(HTTPS=True), remember=True)
    for name in ("session", "remember_token"):
        assert {"httponly", "samesite", "secure"} <= flags(cookies[name]), cookies[name]


def test_behind_a_proxy_the_forwarded_https_marks_cookies_secure(app_factory):
    app = app_factory(PROXY_COUNT=1)
    # Flask-WTF checks the Referer on HTTPS form posts, as the browser (Referrer-Policy: same-origin) sends it.
    forwarded = {"X-Forwarded-Proto": "https", "Referer": "https://localhost/login"}
    cookies = login_cookies(app, remember=True, headers=forwarded)
    for name in ("session", "remember_token"):
        assert {"httponly", "samesite", "secure"} <= flags(cookies[name]), cookies[name]
    assert cookies["session"].count("Secure") == 1


def test_a_forwarded_proto_is_ignored_without_a_configured_proxy(app_factory):
    cookies = login_cookies(app_factory(), remember=False, headers={"X-Forwarded-Proto": "https"})
    assert "secure" not in flags(cookies["session"])  # anyone can send the header; only a proxy's counts


def test_real_server_behind_a_proxy_sets_secure_cookies(tmp_path):
    """Through waitress, not the test client: the forwarded headers must reach ProxyFix at all."""
    procs = DebriefProcesses(tmp_path, f"sqlite:///{tmp_path / 'debrief.sqlite'}", DEBRIEF_PROXY_COUNT="1")
    try:
        procs.create_user("ann")
        procs.serve()
        forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
        status, headers, page = http_request(procs.port, "GET", "/login", headers=forwarded)
        cookie = headers["Set-Cookie"].split(";", 1)[0]
        form = urllib.parse.urlencode({"username": "ann", "password": PASSWORD, "csrf_token": csrf_from(page)})
        status, headers, _ = http_request(
            procs.port,
            "POST",
            "/login",
            body=form,
            headers={
                **forwarded,
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"https://127.0.0.1:{procs.port}/login",
            },
        )
    finally:
        procs.stop_all()
    assert status == 302
    session = next(c for c in headers.get_all("Set-Cookie") if c.startswith("session="))
    assert {"httponly", "samesite", "secure"} <= flags(session), session


def http_request(port: int, method: str, path: str, body: str | None = None, headers: dict | None = None):
    """One plain HTTP/1.1 exchange (no redirects followed): (status, headers, text)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def test_login_is_rate_limited_with_a_clear_message(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)
    client = app.test_client()
    AuthActions(app, client).create("ann")
    token = csrf_from(client.get("/login").text)
    wrong = [{"username": f"user{n}", "password": "not the password at all", "csrf_token": token} for n in range(10)]
    assert [client.post("/login", data=form).status_code for form in wrong] == [401] * 10
    right = {"username": "ann", "password": PASSWORD, "csrf_token": token}
    # A browser that never logged in to ann waits too: from a guessing address, no password is tried at all.
    refused = client.post("/login", data=right)
    assert refused.status_code == 429
    assert "Too many login attempts. Wait a minute." in refused.text
    assert int(refused.headers["Retry-After"]) > 0
    assert client.get("/memos").status_code == 302  # not logged in


@pytest.mark.parametrize("length, accepted", [(11, False), (12, True), (128, True), (129, False)])
def test_passwords_are_12_to_128_characters(client, length, accepted):
    page = client.get("/setup")
    password = "p" * length
    form = {"username": "ann", "password": password, "password2": password, "csrf_token": csrf_from(page.text)}
    response = client.post("/setup", data=form)
    if accepted:
        assert response.status_code == 302
    else:
        assert response.status_code == 400
        assert "Passwords must be 12 to 128 characters long." in response.text


def test_login_rotates_the_session_and_logout_ends_it(auth, client):
    auth.create("ann")
    client.get("/login")
    before = client.get_cookie("session").value
    auth.login("ann")
    during = client.get_cookie("session").value
    assert during != before
    assert client.get("/memos").status_code == 200
    response = auth.logout()
    assert response.status_code == 302
    assert client.get("/memos").status_code == 302
    assert client.get_cookie("remember_token") is None
    with client.session_transaction() as session:
        assert "_user_id" not in session


PAGES = ["/", "/memos", "/followups", "/settings"]


def csp_directives(header: str) -> dict[str, str]:
    return {d.strip().split(" ", 1)[0]: d.strip().partition(" ")[2] for d in header.split(";") if d.strip()}


def check_security_headers(response) -> None:
    csp = csp_directives(response.headers["Content-Security-Policy"])
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["media-src"] == "'self' blob:"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "microphone=(self)" in response.headers["Permissions-Policy"]


def test_every_response_carries_the_security_headers(ann, client):
    memo_id = client.post(
        "/api/memos",
        data={"audio": (open(DATA / "memo_opus.webm", "rb"), "m.webm")},  # noqa: SIM115 (the client closes it)
        headers={"X-CSRFToken": ann.csrf()},
        content_type="multipart/form-data",
    ).json["id"]
    urls = [*PAGES, f"/memos/{memo_id}", "/api/memos", "/api/config", "/static/css/app.css", "/no-such-page"]
    for url in urls:
        with client.get(url) as response:
            check_security_headers(response)
    check_security_headers(client.get("/login"))


def test_logged_in_pages_are_never_stored_but_audio_stays_private(ann, client):
    memo_id = upload(client, DATA / "memo_opus.webm", csrf=ann.csrf()).json["id"]
    for url in [*PAGES, f"/memos/{memo_id}", "/settings/password", "/calendar", "/search?q=x"]:
        assert client.get(url).headers.get("Cache-Control") == "no-store", url
    audio = client.get(f"/memos/{memo_id}/audio")
    assert audio.status_code == 200
    assert audio.headers["Cache-Control"].startswith("private") and "no-store" not in audio.headers["Cache-Control"]
    audio.close()
    with client.get("/static/css/app.css") as static:
        assert "no-store" not in static.headers["Cache-Control"]


def test_htmx_is_configured_without_eval(ann, client):
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", client.get("/").text)
    config = json.loads(meta.group(1))
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["selfRequestsOnly"] is True


def test_pages_have_no_inline_script_or_style(ann, client):
    for url in [*PAGES, "/memos?before=1"]:
        html = client.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"<style\b", html), url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url


def test_history_restore_gets_the_full_page_and_responses_vary_on_hx_request(ann, client):
    partial = client.get("/memos", headers={"HX-Request": "true"})
    restore = client.get("/memos", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    full = client.get("/memos")
    assert "<html" not in partial.text
    assert "<html" in restore.text and "<html" in full.text
    for response in (partial, restore, full):
        assert "HX-Request" in response.headers["Vary"]


def test_revoked_tokens_stop_working_and_are_stored_hashed(auth, app):
    from webapp.models import ApiToken
    from webapp.services import accounts

    auth.create("ann")
    token = auth.token("ann")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/memos", headers=headers).status_code == 200
    with app.app_context():
        stored = db.session.scalars(db.select(ApiToken)).one()
        assert token not in stored.token_hash
        accounts.revoke_token(accounts.get_user("ann"), stored.id)
    refused = client.get("/api/memos", headers=headers)
    assert (refused.status_code, refused.json) == (
        401,
        {"error": "This token is not valid or was revoked: log in again."},
    )


# --- A real browser on a real server: the policy holds on every page ------------------------------------------

VIOLATION_LISTENER = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def chromium_or_fail() -> str:
    """Debian's Chromium (never a browser downloaded by Playwright): missing → skip here, fail in CI."""
    problem = None
    if not Path(CHROMIUM).exists():
        problem = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)."
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "Playwright is not installed (pip install -e '.[test]')."
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    return CHROMIUM


def transcribed_memo(procs: DebriefProcesses, token: str) -> int:
    """Upload a memo over HTTP and let a real worker transcribe it, so its page shows everything."""
    status, body = http_upload(procs.url, token, (DATA / "memo_opus.webm").read_bytes())
    assert status == 201, body
    worker = subprocess.run(
        [sys.executable, "-m", "webapp.cli", "worker", "--once"],
        cwd=ROOT,
        env=procs.env,
        capture_output=True,
        timeout=180,
    )
    assert worker.returncode == 0, worker.stderr.decode()
    return body["id"]


@pytest.mark.browser
@pytest.mark.slow
def test_no_page_breaks_the_content_security_policy(tmp_path, playwright_instance):
    executable = chromium_or_fail()
    procs = DebriefProcesses(tmp_path, f"sqlite:///{tmp_path / 'debrief.sqlite'}")
    problems: list[str] = []
    visited: list[str] = []
    try:
        procs.serve()
        browser = playwright_instance.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        context = browser.new_context(base_url=procs.url)
        context.add_init_script(VIOLATION_LISTENER)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and problems.append(f"{page.url}: console: {m.text}"))
        page.on("pageerror", lambda e: problems.append(f"{page.url}: page error: {e}"))

        def visit(url: str) -> None:
            page.goto(url, wait_until="networkidle")
            visited.append(url)
            problems.extend(f"{url}: {v}" for v in page.evaluate("window.__violations"))

        visit("/setup")  # open while no account exists
        page.fill("input[name=username]", "ann")
        page.fill("input[name=password]", PASSWORD)
        page.fill("input[name=password2]", PASSWORD)
        page.click("form button.primary")
        page.wait_for_url(procs.url + "/")
        page.click("footer form[data-logout] button")
        page.wait_for_url(procs.url + "/login")
        visit("/login")
        page.fill("input[name=username]", "ann")
        page.fill("input[name=password]", PASSWORD)
        page.click("form button.primary")
        page.wait_for_url(procs.url + "/")

        memo_id = transcribed_memo(procs, procs.cli("token", "create", "ann").strip())
        nav = page.eval_on_selector_all("nav a[href^='/']", "links => links.map(a => a.getAttribute('href'))")
        for url in dict.fromkeys(["/", "/memos", f"/memos/{memo_id}", "/followups", "/settings", *nav]):
            visit(url)
            if url == f"/memos/{memo_id}":
                assert "senior sales" in page.content().lower()  # the transcript and notes are on the page
        browser.close()
    finally:
        procs.stop_all()
    assert {"/setup", "/login", "/", "/memos", f"/memos/{memo_id}", "/followups", "/settings"} <= set(visited), visited
    assert problems == [], visited


@pytest.mark.parametrize(("value", "enabled"), [(None, True), ("on", True), ("off", False), ("0", False)])
def test_rate_limits_can_be_turned_off_only_on_purpose(monkeypatch, tmp_path, value, enabled):
    from webapp.config import from_environment

    monkeypatch.delenv("DEBRIEF_RATELIMIT", raising=False)
    if value is not None:
        monkeypatch.setenv("DEBRIEF_RATELIMIT", value)
    monkeypatch.setenv("DEBRIEF_DATA_DIR", str(tmp_path))
    assert from_environment(str(tmp_path))["RATELIMIT_ENABLED"] is enabled

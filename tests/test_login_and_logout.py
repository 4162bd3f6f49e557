"""Logging in and out for real: logout ends this browser's login on the server (cookies copied before are
useless), `next` never leaves the site, failed logins are limited per address and per account without locking
the owner's own browsers out, and passwords change from Settings or the command line."""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import PASSWORD, AuthActions, csrf_from

from webapp import create_app
from webapp.cli import main
from webapp.extensions import db

NEW_PASSWORD = "another long enough password"


def login_form(client, username: str = "ann", password: str = PASSWORD, remember: bool = True, **request):
    """POST the login form as a browser does (the box "Keep me logged in" ticked, as it is by default)."""
    page = client.get("/login", **request)
    form = {"username": username, "password": password, "csrf_token": csrf_from(page.text)}
    if remember:
        form["remember"] = "1"
    return client.post("/login", data=form, **request)


def logged_in(client) -> bool:
    return client.get("/memos").status_code == 200


def client_with(app, **cookies: str):
    """A new browser holding copies of these cookies, nothing else."""
    client = app.test_client()
    for name, value in cookies.items():
        client.set_cookie(name, value)
    return client


# --- 1. Logout logs out -------------------------------------------------------------------------------------


def test_logout_with_keep_me_logged_in_ticked_really_logs_out(auth, client):
    auth.create("ann")
    assert login_form(client).status_code == 302
    assert client.get_cookie("remember_token") is not None
    assert auth.logout().status_code == 302
    assert client.get_cookie("remember_token") is None  # the logout response deleted it
    assert not logged_in(client)


def test_cookies_copied_before_logout_stop_working_after_it(auth, app, client):
    auth.create("ann")
    login_form(client)
    copies = {name: client.get_cookie(name).value for name in ("session", "remember_token")}
    assert logged_in(client_with(app, session=copies["session"]))
    assert logged_in(client_with(app, remember_token=copies["remember_token"]))
    auth.logout()
    assert not logged_in(client_with(app, session=copies["session"]))
    assert not logged_in(client_with(app, remember_token=copies["remember_token"]))
    assert not logged_in(client_with(app, **copies))


def test_logout_ends_this_browser_only(auth, app, client):
    auth.create("ann")
    other = app.test_client()
    login_form(client)
    login_form(other)
    auth.logout()
    assert not logged_in(client)
    assert logged_in(other)


def test_log_out_everywhere_ends_every_browser_and_every_copy(auth, app, client):
    auth.create("ann")
    other = app.test_client()
    login_form(client)
    login_form(other)
    remembered = other.get_cookie("remember_token").value
    client.post("/settings/sessions/end", data={"csrf_token": auth.csrf()})
    assert not logged_in(client)
    assert not logged_in(other)
    assert not logged_in(client_with(app, remember_token=remembered))


def test_a_login_unused_for_a_year_ends(auth, app, client):
    from webapp.models import LoginSession

    auth.create("ann")
    login_form(client)
    assert logged_in(client)
    with app.app_context():
        login = db.session.scalars(db.select(LoginSession)).one()
        login.last_seen_at -= timedelta(days=366)
        db.session.commit()
    assert not logged_in(client)


def test_a_login_in_use_stays_alive(auth, app, client):
    from webapp.models import LoginSession, utcnow

    auth.create("ann")
    login_form(client)
    with app.app_context():
        login = db.session.scalars(db.select(LoginSession)).one()
        login.last_seen_at = utcnow() - timedelta(days=364)
        db.session.commit()
    assert logged_in(client)
    with app.app_context():
        seen = db.session.scalars(db.select(LoginSession)).one().last_seen_at
    assert utcnow() - seen < timedelta(minutes=1)


def test_logins_are_stored_hashed_and_listed_in_settings(auth, app, client):
    from webapp.models import LoginSession

    auth.create("ann")
    login_form(client)
    login_form(app.test_client())
    assert "2 browsers logged in, this one included." in client.get("/settings").text
    with app.app_context():
        stored = [row.token_hash for row in db.session.scalars(db.select(LoginSession))]
    secret = client.get_cookie("remember_token").value.split("|")[0].partition(":")[2]
    assert len(stored) == 2 and secret not in stored
    assert hashlib.sha256(secret.encode()).hexdigest() in stored


def test_the_migration_keeps_every_memo_and_goes_down_and_up_again(ann, app, client):
    """users loses a column: done without SQLite's copy-and-drop, which would cascade-delete the memos."""
    import sqlalchemy as sa
    from flask_migrate import downgrade, upgrade
    from support import DATA, upload

    assert upload(client, DATA / "memo_opus.webm", csrf=ann.csrf()).status_code == 201
    with app.app_context():
        downgrade(revision="4ce382279e1a")
        inspector = sa.inspect(db.engine)
        assert "login_sessions" not in inspector.get_table_names()
        assert "session_token" in {c["name"] for c in inspector.get_columns("users")}
        upgrade()
        inspector = sa.inspect(db.engine)
        assert "session_token" not in {c["name"] for c in inspector.get_columns("users")}
        foreign = {
            fk["referred_table"]: fk["options"].get("ondelete") for fk in inspector.get_foreign_keys("login_sessions")
        }
        assert foreign == {"users": "CASCADE"}
        assert db.session.scalar(sa.text("SELECT count(*) FROM memos")) == 1
    assert login_form(client).status_code == 302
    assert logged_in(client)


def test_the_login_tables_match_the_models(app, database_url):
    """What the migrations built for users and login_sessions is what the models say."""
    if not database_url.startswith("sqlite"):
        pytest.skip("compared on SQLite, whose copy-free migration is the one that could go wrong")
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    tables = {"users", "login_sessions"}
    assert [d for d in differences if _table_of(d) in tables] == []


def _table_of(difference) -> str | None:
    if isinstance(difference, list):  # column changes come as a list of tuples
        return difference[0][2]
    subject = difference[1]
    return getattr(subject, "name", None) if difference[0].endswith("table") else getattr(subject.table, "name", None)


# --- 2. No open redirect after login ------------------------------------------------------------------------

# `next` as an attacker writes it in the link (percent-encoded as it travels).
OFF_SITE_NEXT = [
    "/%09/evil.com",  # a tab, which browsers drop: //evil.com
    "/%0d%0a/evil.com",  # CR LF: a header break (was a 500)
    "/%0a/evil.com",
    "/%0d/evil.com",
    "//evil.com",
    "%2F%2Fevil.com",
    "///evil.com",
    "/%5Cevil.com",  # /\evil.com: browsers read the backslash as a slash
    "%5C%5Cevil.com",
    "%5C/evil.com",
    "https://evil.com",
    "HTTPS://evil.com/memos",
    "https:evil.com",
    "https:/evil.com",
    "//localhost@evil.com",
    "http://localhost@evil.com/",
    "http://localhost.evil.com/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "data:text/html,hi",
    "%20//evil.com",  # a leading space, which browsers strip
    "%E2%80%8B//evil.com",  # a zero-width space in front
    "/%E2%80%A8/evil.com",  # a line separator
    "/%C2%A0/evil.com",  # a no-break space
    "%EF%BC%8F%EF%BC%8Fevil.com",  # fullwidth solidi
    "/%00/evil.com",
    "http://[::1",  # not a URL at all
    "evil.com",
    "",
]


def lands_on_this_site(location: str) -> bool:
    """Where a browser would go, read as browsers read it (tabs and newlines dropped, "\\" as "/")."""
    cleaned = location.strip().replace("\t", "").replace("\r", "").replace("\n", "").replace("\\", "/")
    parts = urlsplit(cleaned)
    return not parts.scheme and not parts.netloc and parts.path.startswith("/") and not parts.path.startswith("//")


@pytest.mark.parametrize("raw_next", OFF_SITE_NEXT)
def test_login_never_redirects_off_site(auth, client, raw_next):
    auth.create("ann")
    page = client.get("/login")
    response = client.post(
        "/login?next=" + raw_next,
        data={"username": "ann", "password": PASSWORD, "csrf_token": csrf_from(page.text)},
    )
    if "%00" in raw_next:  # a NUL in any query value is refused outright, before the login is looked at
        assert response.status_code == 400
        return
    assert response.status_code == 302
    assert response.headers["Location"] == "/", response.headers["Location"]


@pytest.mark.parametrize(
    ("raw_next", "location"),
    [
        ("/memos", "/memos"),
        ("/memos%3Fbefore%3D1", "/memos?before=1"),
        ("/memos/3%23notes", "/memos/3#notes"),
        ("http://localhost/settings", "/settings"),  # this very origin, in full (htmx sends the Referer)
        ("/%252F%252Fevil.com", "/%2F%2Fevil.com"),  # a path with encoded slashes: stays on this site
        ("/search%3Fq%3Dcaf%C3%A9", "/search?q=caf%C3%A9"),
    ],
)
def test_login_follows_next_on_this_site(auth, client, raw_next, location):
    auth.create("ann")
    page = client.get("/login")
    response = client.post(
        "/login?next=" + raw_next,
        data={"username": "ann", "password": PASSWORD, "csrf_token": csrf_from(page.text)},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == location
    assert lands_on_this_site(response.headers["Location"])


URL_PIECES = st.sampled_from(
    [
        "/",
        "//",
        "\\",
        "\t",
        "\r\n",
        " ",
        "\u3000",
        "\u200b",
        "\uff0f",
        "%2F",
        "%5C",
        "@",
        ":",
        "http:",
        "https://",
        "javascript:",
        "localhost",
        "evil.com",
        "?",
        "#",
        ".",
        "[",
        "]",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.lists(URL_PIECES | st.text(max_size=3), max_size=8).map("".join))
def test_any_next_lands_on_this_site(app, target):
    """Whatever `next` is made of, the redirect is a path of this site (and can be sent at all: no 500)."""
    from werkzeug.utils import redirect

    from webapp.views.auth import _safe_next

    with app.test_request_context("/login"):
        location = _safe_next(target)
        assert lands_on_this_site(location), (target, location)
        assert redirect(location).headers["Location"]


# --- 5. Login limits ----------------------------------------------------------------------------------------


@pytest.fixture
def limited_app(app):
    """Apps on the test's database with the login limits on (and these limits instead of the usual ones)."""
    made = []

    def build(**limits: str):
        keep = ("TESTING", "DATA_DIR", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY")
        made.append(create_app({**{key: app.config[key] for key in keep}, "RATELIMIT_ENABLED": True, **limits}))
        AuthActions(made[-1], made[-1].test_client()).create("ann")
        return made[-1]

    yield build
    for limited in made:
        with limited.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def limited(limited_app):
    """Login limits small enough to reach in a test; the windows long enough for a slow machine."""
    return limited_app(
        LOGIN_ADDRESS_LIMIT="10 per minute", LOGIN_ACCOUNT_LIMIT="5 per minute", LOGIN_DEVICE_LIMIT="5 per minute"
    )


def from_address(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def guess(app, address: str, username: str = "ann", client=None):
    return login_form(client or app.test_client(), username, "not the password at all", **from_address(address))


def test_guesses_at_one_account_from_many_addresses_are_limited_per_account(limited):
    assert [guess(limited, f"203.0.113.{n}").status_code for n in range(5)] == [401] * 5
    refused = guess(limited, "203.0.113.99")
    assert refused.status_code == 429
    assert "Too many failed logins for this account." in refused.text
    assert int(refused.headers["Retry-After"]) > 0
    assert guess(limited, "203.0.113.99", username="bob").status_code == 401  # another account is not held up


def test_a_new_browser_waits_out_the_account_window_and_no_longer(limited_app):
    limited = limited_app(LOGIN_ACCOUNT_LIMIT="3 per 6 seconds")
    for n in range(3):
        guess(limited, f"203.0.113.{n}")
    owner = limited.test_client()
    refused = login_form(owner, **from_address("198.51.100.7"))
    assert refused.status_code == 429
    # No longer than the 6 s window (and a little for a slow machine): Retry-After is whole seconds, rounded.
    deadline = time.monotonic() + 6 + 2
    answer = refused
    while answer.status_code == 429 and time.monotonic() < deadline:
        time.sleep(min(float(answer.headers["Retry-After"]) + 0.5, max(deadline - time.monotonic(), 0)))
        answer = login_form(owner, **from_address("198.51.100.7"))
    assert answer.status_code == 302
    assert logged_in(owner)


def test_the_owners_browser_logs_in_while_the_account_is_hammered_from_its_own_address(limited):
    owner = limited.test_client()
    assert login_form(owner, **from_address("192.0.2.1")).status_code == 302  # it becomes a known browser
    AuthActions(limited, owner).logout()
    attacker = limited.test_client()
    codes = [guess(limited, "192.0.2.1", client=attacker).status_code for _ in range(11)]
    assert codes == [401] * 5 + [429] * 6  # from that address, and at that account, a stranger is stopped
    assert login_form(owner, **from_address("192.0.2.1")).status_code == 302
    assert logged_in(owner)


def test_a_known_browser_is_held_to_its_own_limit(limited):
    owner = limited.test_client()
    login_form(owner)
    AuthActions(limited, owner).logout()
    codes = [guess(limited, f"203.0.113.{n}", client=owner).status_code for n in range(6)]
    assert codes == [401] * 5 + [429]  # a stolen device cookie buys no unlimited guesses


def test_a_device_cookie_of_another_account_does_not_help(limited):
    AuthActions(limited, limited.test_client()).create("bob")
    browser = limited.test_client()
    login_form(browser, "bob")
    AuthActions(limited, browser).logout()
    assert [guess(limited, f"203.0.113.{n}", client=browser).status_code for n in range(6)][-1] == 429
    assert login_form(browser, **from_address("203.0.113.50")).status_code == 429  # ann's window still runs


def test_one_address_guessing_many_accounts_is_limited(limited):
    codes = [guess(limited, "203.0.113.1", username=f"user{n}").status_code for n in range(11)]
    assert codes == [401] * 10 + [429]
    refused = guess(limited, "203.0.113.1", username="someone")
    assert "Too many login attempts. Wait a minute." in refused.text
    assert guess(limited, "203.0.113.2", username="someone").status_code == 401


def test_successful_logins_do_not_count(limited):
    client = limited.test_client()
    for _ in range(12):
        assert login_form(client).status_code == 302


# --- 5. Passwords: no spaces-only ones, a change-password page, `debrief user password` -------------------------


def test_setup_refuses_a_password_of_only_spaces(client):
    page = client.get("/setup")
    blank = " " * 16
    response = client.post(
        "/setup", data={"username": "ann", "password": blank, "password2": blank, "csrf_token": csrf_from(page.text)}
    )
    assert response.status_code == 400
    assert "A password of only spaces is too easy to guess" in response.text
    assert client.get("/setup").status_code == 200  # no account was made


def change_password(client, current: str, new: str, again: str | None = None):
    page = client.get("/settings/password")
    form = {
        "current_password": current,
        "new_password": new,
        "new_password2": new if again is None else again,
        "csrf_token": csrf_from(page.text),
    }
    return client.post("/settings/password", data=form)


@pytest.mark.parametrize(
    ("current", "new", "again", "message"),
    [
        ("wrong password entirely", NEW_PASSWORD, None, "The current password is not right."),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!", "The two new passwords are not the same."),
        (PASSWORD, " " * 20, None, "A password of only spaces is too easy to guess"),
        (PASSWORD, "short", None, "Passwords must be 12 to 128 characters long."),
    ],
)
def test_change_password_refuses_and_keeps_the_old_one(ann, app, client, current, new, again, message):
    response = change_password(client, current, new, again)
    assert response.status_code == 400
    assert message in response.text
    assert logged_in(client)
    assert login_form(app.test_client()).status_code == 302  # the old password still works


def test_change_password_logs_out_every_other_browser(auth, app, client):
    auth.create("ann")
    login_form(client)
    other = app.test_client()
    login_form(other)
    assert "Change password" in client.get("/settings").text
    response = change_password(client, PASSWORD, NEW_PASSWORD)
    assert (response.status_code, response.headers["Location"]) == (303, "/settings")
    assert "Password changed. Every other browser was logged out." in client.get("/settings").text
    assert logged_in(client)
    assert not logged_in(other)
    assert login_form(app.test_client()).status_code == 401
    assert login_form(app.test_client(), password=NEW_PASSWORD).status_code == 302


def test_change_password_needs_a_login(auth, client):
    auth.create("ann")
    assert client.get("/settings/password").headers["Location"].startswith("/login")


def test_user_password_command_sets_it_and_logs_out_everywhere(auth, app, client, runner):
    auth.create("ann")
    login_form(client)
    result = runner.invoke(main, ["user", "password", "ann", "--password-stdin"], input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Password changed for ann" in result.output
    assert not logged_in(client)
    assert login_form(app.test_client()).status_code == 401
    assert login_form(app.test_client(), password=NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("ann", " " * 14, "A password of only spaces is too easy to guess"),
        ("ann", "short", "Passwords must be 12 to 128 characters long."),
        ("nobody", NEW_PASSWORD, "No user named 'nobody'."),
    ],
)
def test_user_password_command_refuses(auth, app, runner, username, password, message):
    auth.create("ann")
    result = runner.invoke(main, ["user", "password", username, "--password-stdin"], input=password + "\n")
    assert result.exit_code != 0
    assert message in result.output
    assert login_form(app.test_client()).status_code == 302

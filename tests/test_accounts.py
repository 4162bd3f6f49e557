"""Accounts: first-run setup, login and logout, CSRF, Bearer tokens, the user and token commands."""

from __future__ import annotations

from support import DATA, PASSWORD, csrf_from, new_uuid, upload

from webapp.cli import main


def test_first_visit_offers_to_create_the_first_account(client):
    response = client.get("/", follow_redirects=True)
    assert "Create the first account" in response.text
    page = client.get("/setup")
    response = client.post(
        "/setup",
        data={
            "username": "ann",
            "password": PASSWORD,
            "password2": PASSWORD,
            "timezone": "America/Chicago",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert response.status_code == 302
    assert "Signed in as ann" in client.get("/").text
    # Setup closes once an account exists.
    assert client.get("/setup").status_code == 302


def test_setup_refuses_a_short_password(client):
    page = client.get("/setup")
    response = client.post(
        "/setup",
        data={"username": "ann", "password": "short", "password2": "short", "csrf_token": csrf_from(page.text)},
    )
    assert response.status_code == 400
    assert "12 to 128 characters" in response.text


def test_login_logout(auth, client):
    auth.create("ann")
    assert auth.login("ann", "wrong password here").status_code == 401
    assert auth.login("ann").status_code == 302
    assert client.get("/memos").status_code == 200
    auth.logout()
    assert client.get("/memos").status_code == 302


def test_login_rotates_the_session(auth, client):
    auth.create("ann")
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    auth.login("ann")
    with client.session_transaction() as session:
        assert "planted" not in session


def test_session_cookie_flags(auth, client):
    auth.create("ann")
    response = auth.login("ann")
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session_cookie
    assert "SameSite=Lax" in session_cookie


def test_form_post_without_csrf_token_is_refused(ann, client):
    response = client.post("/settings", data={"timezone": "Europe/Paris"})
    assert response.status_code == 400
    assert "expired or was not sent by Debrief" in response.text


def test_api_post_with_session_but_without_csrf_is_refused(ann, client):
    response = client.post("/api/memos", data={})
    assert response.status_code == 400


def test_bogus_bearer_header_does_not_skip_csrf(ann, client):
    response = client.post("/api/memos", data={}, headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401
    assert "not valid" in response.json["error"]


def test_bearer_token_authenticates_the_api(auth, app):
    auth.create("ann")
    token = auth.token("ann")
    client = app.test_client()
    response = client.get("/api/memos", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json == {"memos": [], "next": None}
    assert client.get("/api/memos").status_code == 401


def test_upload_token_may_only_upload(auth, app):
    auth.create("ann")
    token = auth.token("ann", scope="upload")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/config", headers=headers).status_code == 200
    assert client.get("/api/actions", headers=headers).status_code == 403


def test_upload_token_learns_only_whether_a_memo_arrived(auth, app):
    """A lost phone's device token must not read transcripts: id, client_uuid and status, nothing more."""
    from webapp.extensions import db
    from webapp.models import Memo

    auth.create("ann")
    client_uuid = new_uuid()
    device = {"Authorization": f"Bearer {auth.token('ann', scope='upload')}"}
    full = {"Authorization": f"Bearer {auth.token('ann')}"}
    client = app.test_client()
    assert upload(client, DATA / "memo_opus.webm", headers=device, client_uuid=client_uuid).status_code == 201
    with app.app_context():
        memo = db.session.scalar(db.select(Memo))
        memo.transcript_text, memo.title, memo.status = "We offer you the job at 95k.", "Acme offer", "ready"
        db.session.commit()
        expected = {"id": memo.id, "client_uuid": client_uuid, "status": "ready"}

    assert client.get("/api/memos", headers=device).json["memos"] == [expected]
    assert client.get(f"/api/memos?client_uuid={client_uuid}", headers=device).json["memos"] == [expected]
    again = upload(client, DATA / "memo_opus.webm", headers=device, client_uuid=client_uuid)
    assert (again.status_code, again.json) == (200, expected)
    assert "95k" not in client.get("/api/memos", headers=device).text
    # A full token (or the session) still sees the whole memo.
    [whole] = client.get(f"/api/memos?client_uuid={client_uuid}", headers=full).json["memos"]
    assert whole["transcript"]["text"] == "We offer you the job at 95k." and whole["title"] == "Acme offer"


def test_user_and_token_commands(runner, app):
    result = runner.invoke(main, ["user", "create", "bob", "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Created user bob" in result.output
    result = runner.invoke(main, ["user", "create", "bob", "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code != 0
    assert "taken" in result.output
    result = runner.invoke(main, ["token", "create", "bob"])
    assert result.exit_code == 0
    token = result.output.strip()
    client = app.test_client()
    assert client.get("/api/memos", headers={"Authorization": f"Bearer {token}"}).status_code == 200

    listing = runner.invoke(main, ["token", "list", "bob"]).output
    token_id = listing.split("\t")[0]
    assert runner.invoke(main, ["token", "revoke", "bob", token_id]).exit_code == 0
    assert client.get("/api/memos", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_tokens_are_stored_hashed(auth, app):
    from webapp.models import ApiToken

    auth.create("ann")
    token = auth.token("ann")
    with app.app_context():
        stored = ApiToken.query.one()
        assert token not in stored.token_hash
        assert len(stored.token_hash) == 64


def test_logout_everywhere_ends_other_sessions(auth, app, client):
    auth.create("ann")
    auth.login("ann")
    other = app.test_client()
    page = other.get("/login")
    other.post("/login", data={"username": "ann", "password": PASSWORD, "csrf_token": csrf_from(page.text)})
    assert other.get("/memos").status_code == 200
    client.post("/settings/sessions/end", data={"csrf_token": auth.csrf()})
    assert other.get("/memos").status_code == 302


def test_settings_refuse_a_names_list_too_long_and_keep_what_was_saved(ann, app, client):
    saved = client.post("/settings", data={"timezone": "Europe/Berlin", "vocabulary": "Acme", "csrf_token": ann.csrf()})
    assert saved.status_code == 303
    refused = client.post(
        "/settings", data={"timezone": "Asia/Tokyo", "vocabulary": "x" * 5001, "csrf_token": ann.csrf()}
    )
    assert refused.status_code == 303
    page = client.get("/settings").text
    assert "The names list is too long: at most 5,000 characters." in page
    with app.app_context():
        from webapp.services import accounts

        user = accounts.get_user("ann")
        assert (user.timezone, user.vocabulary) == ("Europe/Berlin", "Acme")  # nothing of the refused form

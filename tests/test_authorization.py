"""Another user gets 404 for every memo route: pages, partials, API and audio alike."""

from __future__ import annotations

import pytest
from support import DATA, upload

from webapp.models import Action, NoteItem, Segment


@pytest.fixture
def anns_memo(auth, app, client, run_worker):
    """Ann's transcribed memo with notes, then Bob logged in on the same client."""
    auth.create("ann")
    auth.create("bob")
    auth.login("ann")
    memo_id = upload(client, DATA / "memo_opus.webm", auth.csrf()).json["id"]
    run_worker()
    with app.app_context():
        ids = {
            "memo": memo_id,
            "segment": Segment.query.filter_by(memo_id=memo_id).first().id,
            "item": NoteItem.query.filter_by(memo_id=memo_id).first().id,
            "action": Action.query.filter_by(memo_id=memo_id).first().id,
        }
    auth.logout()
    auth.login("bob")
    return ids


def routes(ids: dict) -> list[tuple[str, str, dict]]:
    m, s, i, a = ids["memo"], ids["segment"], ids["item"], ids["action"]
    return [
        ("GET", f"/memos/{m}", {}),
        ("GET", f"/memos/{m}/audio", {}),
        ("GET", f"/memos/{m}/audio/original", {}),
        ("GET", f"/memos/{m}/notes", {}),
        ("GET", f"/memos/{m}/progress", {}),
        ("GET", f"/memos/{m}/segments/{s}", {}),
        ("POST", f"/memos/{m}/segments/{s}", {"text": "x"}),
        ("POST", f"/memos/{m}/retry", {}),
        ("POST", f"/memos/{m}/title", {"title": "x"}),
        ("POST", f"/memos/{m}/delete", {}),
        ("POST", f"/memos/{m}/header", {"field": "contact", "value": "x"}),
        ("POST", f"/memos/{m}/items", {"section": "advice", "text": "x"}),
        ("POST", f"/memos/{m}/items/{i}", {"text": "x"}),
        ("POST", f"/memos/{m}/items/{i}/delete", {}),
        ("POST", f"/memos/{m}/items/{i}/move", {"section": "actions"}),
        ("POST", f"/memos/{m}/segments/{s}/add", {"section": "advice"}),
        ("POST", f"/memos/{m}/actions", {"text": "x"}),
        ("POST", f"/actions/{a}", {"text": "x"}),
        ("POST", f"/actions/{a}/delete", {}),
        ("POST", f"/memos/{m}/suggestions/thanked", {}),
        ("POST", f"/memos/{m}/reextract", {}),
        ("POST", f"/memos/{m}/self-rating", {"preparation": "3"}),
        ("GET", f"/api/memos/{m}", {}),
        ("DELETE", f"/api/memos/{m}", {}),
        ("PATCH", f"/api/actions/{a}", {"json": {"done": True}}),
    ]


@pytest.mark.parametrize("htmx", [False, True])
def test_other_user_gets_404_everywhere(anns_memo, auth, app, client, htmx):
    csrf = auth.csrf()
    headers = {"X-CSRFToken": csrf}
    if htmx:
        headers["HX-Request"] = "true"
    for method, url, data in routes(anns_memo):
        if "json" in data:
            response = client.open(url, method=method, json=data["json"], headers=headers)
        else:
            response = client.open(url, method=method, data={**data, "csrf_token": csrf}, headers=headers)
        assert response.status_code == 404, f"{method} {url} gave {response.status_code}"
        response.close()
    # Nothing of Ann's was changed by any of it.
    auth.logout()
    auth.login("ann")
    memo = client.get(f"/api/memos/{anns_memo['memo']}").json
    assert memo["title"] != "x" and memo["notes"]["contact"] != "x"
    assert all(a["text"] != "x" for a in memo["notes"]["actions"])


def test_other_users_bearer_token_gets_404(anns_memo, auth, app):
    token = auth.token("bob")
    client = app.test_client()
    response = client.get(f"/api/memos/{anns_memo['memo']}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404
    listing = client.get("/api/memos", headers={"Authorization": f"Bearer {token}"}).json
    assert listing["memos"] == []


def test_anonymous_is_sent_to_login(anns_memo, app):
    client = app.test_client()
    assert client.get(f"/memos/{anns_memo['memo']}").status_code == 302
    assert client.get(f"/api/memos/{anns_memo['memo']}").status_code == 401
    with client.get(f"/memos/{anns_memo['memo']}/audio") as response:
        assert response.status_code == 302


def test_other_users_tokens_and_cursors_are_out_of_reach(auth, app, client):
    """Routes outside /memos/<id>: revoking a token, and paging from someone else's memo."""
    from webapp.models import ApiToken

    auth.create("ann")
    auth.create("bob")
    auth.login("ann")
    anns = upload(client, DATA / "memo_opus.webm", auth.csrf()).json
    anns_memo = anns["id"]
    anns_token = auth.token("ann")
    auth.logout()
    auth.login("bob")
    with app.app_context():
        token_id = ApiToken.query.filter_by(user_id=1).one().id
    revoke = client.post(f"/settings/tokens/{token_id}/revoke", data={"csrf_token": auth.csrf()}, follow_redirects=True)
    assert "No such token." in revoke.text
    assert app.test_client().get("/api/memos", headers={"Authorization": f"Bearer {anns_token}"}).status_code == 200
    assert client.get(f"/api/memos?cursor={anns_memo}").json == {"error": "Unknown cursor."}
    assert client.get(f"/memos?before={anns_memo}").status_code == 404
    assert client.get("/api/memos").json["memos"] == []
    assert client.get("/api/actions").json["actions"] == []
    assert client.get(f"/api/memos?client_uuid={anns['client_uuid']}").json["memos"] == []

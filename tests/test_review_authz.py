"""The review routes (search, companies, calendar, drafts, patterns, export): 404 for anyone but the owner."""

from __future__ import annotations

from datetime import date

import pytest
from review_helpers import acme_call

from webapp.extensions import db
from webapp.models import Action, Correction, Memo, NoteItem, Segment


@pytest.fixture
def anns_data(auth, app):
    """Ann's memo with a company, a contact and a dated follow-up; then Bob logged in."""
    auth.create("ann")
    auth.create("bob")
    memo_id = acme_call(app, "ann")
    acme_call(app, "ann", concerns=["No production Kubernetes experience"])  # a pattern for Ann only
    with app.app_context():
        memo = db.session.get(Memo, memo_id)
        ids = {
            "memo": memo_id,
            "company": memo.company_id,
            "contact": memo.contact_id,
            "action": db.session.scalar(db.select(Action.id).where(Action.memo_id == memo_id)),
            "item": db.session.scalar(
                db.select(NoteItem.id).where(NoteItem.memo_id == memo_id).order_by(NoteItem.position)
            ),
            "segment": db.session.scalar(
                db.select(Segment.id).where(Segment.memo_id == memo_id).order_by(Segment.position)
            ),
        }
    auth.login("bob")
    acme_call(  # Bob has his own memo, company and person
        app,
        "bob",
        title="Globex call",
        company="Globex",
        contact="Bill Lumbergh",
        segments=[(0.0, 5.0, "Bill from Globex asked about Kubernetes.")],
        actions=[("Email Bill", date(2026, 3, 9), False)],
    )
    return ids


def routes(ids: dict) -> list[tuple[str, str, dict]]:
    m, c, p, a = ids["memo"], ids["company"], ids["contact"], ids["action"]
    i, s = ids["item"], ids["segment"]
    return [
        ("POST", f"/memos/{m}/items/{i}/move", {"section": "advice"}),
        ("POST", f"/memos/{m}/items/{i}/move", {"section": "actions"}),
        ("POST", f"/memos/{m}/segments/{s}/add", {"section": "concerns"}),
        ("POST", f"/memos/{m}/segments/{s}/add", {"section": "actions"}),
        ("GET", f"/memos/{m}/pane", {}),
        ("GET", f"/memos/{m}/next", {}),
        ("GET", f"/memos/{m}/previous", {}),
        ("GET", f"/memos/{m}/draft", {}),
        ("GET", f"/memos/{m}/export.md", {}),
        ("GET", f"/companies/{c}", {}),
        ("POST", f"/companies/{c}/stage", {"stage": "offer"}),
        ("POST", f"/companies/{c}/name", {"name": "x"}),
        ("POST", f"/companies/{c}/merge", {"into": c}),
        ("GET", f"/people/{p}", {}),
        ("POST", f"/people/{p}", {"name": "x", "email": "x@example.com"}),
        ("POST", f"/people/{p}/merge", {"into": p}),
        ("GET", f"/actions/{a}/calendar.ics", {}),
        ("POST", f"/actions/{a}/snooze", {"by": "week"}),
        ("POST", f"/actions/{a}/snooze", {"by": "week", "from": "calendar"}),
        ("POST", "/patterns/practice", {"phrase": "kubernetes"}),
    ]


@pytest.mark.parametrize("htmx", [False, True])
def test_other_user_gets_404_on_every_new_route(anns_data, auth, app, client, htmx):
    csrf = auth.csrf()
    headers = {"X-CSRFToken": csrf, **({"HX-Request": "true"} if htmx else {})}
    for method, url, data in routes(anns_data):
        response = client.open(url, method=method, data={**data, "csrf_token": csrf}, headers=headers)
        assert response.status_code == 404, f"{method} {url} gave {response.status_code}"
        response.close()
    # Merging Bob's company or person into Ann's is refused the same way.
    with app.app_context():
        bobs = db.session.scalar(db.select(Memo).where(Memo.company == "Globex"))
        bobs_company, bobs_contact = bobs.company_id, bobs.contact_id
    for url, target in (
        (f"/companies/{bobs_company}/merge", anns_data["company"]),
        (f"/people/{bobs_contact}/merge", anns_data["contact"]),
    ):
        response = client.post(url, data={"into": target, "csrf_token": csrf}, headers=headers)
        assert response.status_code == 404, url

    # Nothing of Ann's changed, and none of it shows on Bob's pages.
    with app.app_context():
        memo = db.session.get(Memo, anns_data["memo"])
        assert memo.company == "Acme" and memo.contact == "Sarah Johnson"
        assert db.session.get(Action, anns_data["action"]).due == date(2026, 3, 6)
        assert not db.session.scalars(db.select(Action).where(Action.origin == "practice")).all()
        assert db.session.get(NoteItem, anns_data["item"]).section == "strengths"  # not moved
        assert db.session.scalar(db.select(db.func.count(Correction.id))) == 0
    for page in ("/search?q=kubernetes", "/companies", "/calendar?month=2026-03", "/patterns", "/search?q=acme"):
        text = client.get(page).text
        assert "Acme" not in text and "Sarah" not in text, page
    assert "Acme" not in client.get(f"/search?company={anns_data['company']}").text


def test_anonymous_is_sent_to_login(anns_data, app):
    client = app.test_client()
    m, a = anns_data["memo"], anns_data["action"]
    for url in (
        f"/memos/{m}/pane",
        f"/memos/{m}/draft",
        f"/memos/{m}/export.md",
        "/search",
        "/companies",
        f"/companies/{anns_data['company']}",
        "/calendar",
        f"/actions/{a}/calendar.ics",
        "/patterns",
        "/account",
        "/account/export.zip",
    ):
        assert client.get(url).status_code == 302, url
    assert client.get("/calendar/feed/anything.ics").status_code == 404


def test_feed_token_of_one_user_never_shows_another(anns_data, auth, app, client):
    page = client.post("/calendar/feed", data={"csrf_token": auth.csrf()}).text
    bobs_token = page.split("/calendar/feed/")[1].split(".ics")[0]
    body = app.test_client().get(f"/calendar/feed/{bobs_token}.ics").text
    assert "Sarah" not in body  # Bob's feed: Bob's follow-ups only
    assert "Send Sarah" not in body and "BEGIN:VCALENDAR" in body


def test_export_and_deletion_touch_only_the_current_user(anns_data, auth, app, client):
    import io
    import json
    import zipfile

    with client.get("/account/export.zip") as response:
        document = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("debrief.json"))
    assert {m["company"] for m in document["memos"]} == {"Globex"}
    from support import PASSWORD

    client.post("/account/delete", data={"password": PASSWORD, "csrf_token": auth.csrf()})
    with app.app_context():
        assert db.session.get(Memo, anns_data["memo"]) is not None


@pytest.mark.parametrize("htmx", [False, True])
def test_anns_notes_and_lines_under_bobs_own_memo_are_404(anns_data, auth, app, client, htmx):
    """Bob's own memo id with Ann's note or transcript line in the URL: the same 404, nothing moved or added."""
    with app.app_context():
        bobs_memo = db.session.scalar(db.select(Memo.id).where(Memo.company == "Globex"))
    csrf = auth.csrf()
    headers = {"X-CSRFToken": csrf, **({"HX-Request": "true"} if htmx else {})}
    i, s = anns_data["item"], anns_data["segment"]
    for url, section in (
        (f"/memos/{bobs_memo}/items/{i}/move", "advice"),
        (f"/memos/{bobs_memo}/items/{i}/delete", None),
        (f"/memos/{bobs_memo}/segments/{s}/add", "concerns"),
        (f"/memos/{bobs_memo}/segments/{s}", None),
    ):
        data = {"csrf_token": csrf, **({"section": section} if section else {"text": "x"})}
        assert client.post(url, data=data, headers=headers).status_code == 404, url
    with app.app_context():
        assert db.session.get(NoteItem, i).section == "strengths" and not db.session.get(NoteItem, i).deleted
        assert db.session.get(Segment, s).text != "x"
        assert db.session.scalar(db.select(db.func.count(Correction.id))) == 0
        assert len(db.session.get(Memo, bobs_memo).items) == 3  # Bob's memo gained nothing

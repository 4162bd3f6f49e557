"""Companies and people: linked from the notes, one row per real company, stage moved by outcomes, merging."""

from __future__ import annotations

from datetime import datetime

from review_helpers import acme_call, make_memo

from webapp.extensions import db
from webapp.models import Company, Contact, Memo
from webapp.services import notes, people


def company_of(app, memo_id: int) -> Company:
    with app.app_context():
        memo = db.session.get(Memo, memo_id)
        company = db.session.get(Company, memo.company_id)
        db.session.expunge(company)
        return company


def test_name_key_treats_spellings_as_one():
    assert people.name_key("ACME Inc.") == people.name_key("acme") == people.name_key(" Acme  GmbH ") == "acme"
    assert people.name_key("Co") == "co"  # a suffix alone is still a name
    assert people.name_key("Acme Labs") != people.name_key("Acme")


def test_memos_link_to_one_company_and_contact(ann, app):
    first = acme_call(app)
    second = acme_call(app, company="ACME Inc.", contact="sarah  johnson", recorded_at=datetime(2026, 3, 9, 9))
    with app.app_context():
        a, b = db.session.get(Memo, first), db.session.get(Memo, second)
        assert a.company_id == b.company_id and a.contact_id == b.contact_id
        assert b.company == "Acme"  # one spelling everywhere
        assert db.session.scalar(db.select(db.func.count(Company.id))) == 1
        contact = db.session.get(Contact, a.contact_id)
        assert contact.name == "Sarah Johnson" and contact.company_id == a.company_id


def test_header_edit_relinks_and_autocompletes(ann, app, client):
    memo_id = acme_call(app)
    make_memo(app, company="Globex", contact="Bill Lumbergh", role="staff engineer")
    response = client.post(
        f"/memos/{memo_id}/header",
        data={"csrf_token": ann.csrf(), "field": "company", "value": "Globex Corp"},
        headers={"HX-Request": "1"},
    )
    assert response.status_code == 200
    assert company_of(app, memo_id).name == "Globex"
    page = client.get(f"/memos/{memo_id}").text
    assert f'href="/companies/{company_of(app, memo_id).id}"' in page
    # The names load when the header is first used: the page asks for them, not carries them.
    assert 'id="known-names" hx-get="/names"' in page and "<datalist" not in page
    names = client.get("/names", headers={"HX-Request": "true"}).text
    assert '<datalist id="known-company">' in names
    assert '<option value="Acme">' in names and '<option value="Globex">' in names
    assert '<option value="Bill Lumbergh">' in names and '<option value="staff engineer">' in names


def test_autocomplete_names_are_the_users_own(ann, app, client):
    make_memo(app, company="Globex", contact="Bill Lumbergh")
    assert "Globex" in client.get("/names").text
    ann.logout()
    assert client.get("/names").status_code == 302  # to the login page
    ann.create("bob")
    ann.login("bob")
    names = client.get("/names").text
    assert '<datalist id="known-company">' in names and "Globex" not in names and "Lumbergh" not in names


def test_stage_follows_outcomes_and_a_hand_edit_sticks(ann, app, client):
    memo_id = acme_call(app, outcome="unknown")
    company_id = company_of(app, memo_id).id
    assert company_of(app, memo_id).stage == "applied"
    with app.app_context():
        notes.update_header(db.session.get(Memo, memo_id), "outcome", "next_round")
    assert company_of(app, memo_id).stage == "interviewing"

    response = client.post(
        f"/companies/{company_id}/stage",
        data={"csrf_token": ann.csrf(), "stage": "withdrawn"},
        headers={"HX-Request": "1"},
    )
    assert response.status_code == 200 and "Saved." in response.text
    assert company_of(app, memo_id).stage == "withdrawn"
    # Extraction again with the same outcome does not undo the user's choice...
    with app.app_context():
        memo = db.session.get(Memo, memo_id)
        people.link_memo(memo)
        db.session.commit()
    assert company_of(app, memo_id).stage == "withdrawn"
    # ...but a later call with news moves it.
    later = acme_call(app, outcome="offer", recorded_at=datetime(2026, 3, 20, 9))
    assert company_of(app, later).stage == "offer"
    acme_call(app, outcome="rejected", recorded_at=datetime(2026, 3, 1, 9))  # older news changes nothing
    assert company_of(app, later).stage == "offer"

    assert (
        client.post(f"/companies/{company_id}/stage", data={"csrf_token": ann.csrf(), "stage": "hired!"}).status_code
        == 303
    )
    assert company_of(app, later).stage == "offer"


def test_company_page_is_a_timeline(ann, app, client):
    first = acme_call(app, title="Screen", recorded_at=datetime(2026, 3, 2, 9))
    acme_call(
        app,
        title="Onsite",
        recorded_at=datetime(2026, 3, 12, 9),
        strengths=["Clear communication"],
        concerns=["Go experience"],
        outcome="offer",
    )
    company_id = company_of(app, first).id
    page = client.get(f"/companies/{company_id}").text
    assert page.index("Screen") < page.index("Onsite")
    assert "Clear communication" in page and "Go experience" in page and "Send Sarah a thank-you email" in page
    assert "stage-offer" in page
    index = client.get("/companies").text
    assert "Acme" in index and "2 calls" in index and "Sarah Johnson" in index


def test_merge_and_rename(ann, app, client):
    acme = acme_call(app)
    dupe = make_memo(app, company="Acme Labs", contact="S. Johnson")
    acme_id, dupe_id = company_of(app, acme).id, company_of(app, dupe).id
    response = client.post(f"/companies/{dupe_id}/merge", data={"csrf_token": ann.csrf(), "into": acme_id})
    assert response.status_code == 303 and response.location.endswith(f"/companies/{acme_id}")
    with app.app_context():
        assert db.session.get(Company, dupe_id) is None
        memo = db.session.get(Memo, dupe)
        assert memo.company_id == acme_id and memo.company == "Acme"
        sarah = db.session.get(Memo, acme).contact_id
        initial = memo.contact_id
    # People merge the same way.
    assert client.post(f"/people/{initial}/merge", data={"csrf_token": ann.csrf(), "into": sarah}).status_code == 303
    with app.app_context():
        assert db.session.get(Memo, dupe).contact == "Sarah Johnson"
    # Renaming to another company's name merges too.
    globex = company_of(app, make_memo(app, company="Globex")).id
    client.post(f"/companies/{globex}/name", data={"csrf_token": ann.csrf(), "name": "ACME"})
    with app.app_context():
        assert db.session.get(Company, globex) is None
    # A person's email is kept for drafts; a bad one is refused.
    client.post(
        f"/people/{sarah}", data={"csrf_token": ann.csrf(), "name": "Sarah Johnson", "email": "sarah@acme.example"}
    )
    client.post(f"/people/{sarah}", data={"csrf_token": ann.csrf(), "email": "not an address"})
    with app.app_context():
        assert db.session.get(Contact, sarah).email == "sarah@acme.example"

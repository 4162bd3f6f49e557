"""Email drafts from what was said: names, role, one thing they liked; mailto and copy."""

from __future__ import annotations

from urllib.parse import unquote

from review_helpers import acme_call

from webapp.extensions import db
from webapp.models import Memo, User
from webapp.services import drafts


def test_thank_you_uses_names_role_and_what_they_liked(ann, app):
    memo_id = acme_call(app)
    with app.app_context():
        memo, user = db.session.get(Memo, memo_id), db.session.scalar(db.select(User))
        draft = drafts.compose(memo, user)
    assert draft.kind == "thanks"
    assert draft.subject == "Thank you – senior backend engineer at Acme"
    assert draft.body.startswith("Hi Sarah,")
    assert "the senior backend engineer role at Acme" in draft.body
    assert "my system design answer came across well" in draft.body
    assert "looking forward to the next steps" in draft.body  # next round
    assert draft.body.rstrip().endswith("ann")


def test_after_a_no_it_asks_to_be_kept_in_mind(ann, app):
    memo_id = acme_call(app, outcome="rejected", strengths=["Communication was clear"])
    with app.app_context():
        memo, user = db.session.get(Memo, memo_id), db.session.scalar(db.select(User))
        draft = drafts.compose(memo, user)
    assert draft.kind == "keep_in_mind"
    assert "keep me in mind" in draft.subject
    assert "It was great to hear that communication was clear." in draft.body
    assert "no production Kubernetes experience" in draft.body
    assert "kept me in mind" in draft.body


def test_without_notes_it_still_reads_well(ann, app):
    memo_id = acme_call(app, contact=None, company=None, role=None, strengths=[], concerns=[], outcome="unknown")
    with app.app_context():
        draft = drafts.compose(db.session.get(Memo, memo_id), db.session.scalar(db.select(User)))
    assert draft.body.startswith("Hi there,") and "about the role." in draft.body and "None" not in draft.body


def test_draft_page_with_mailto_and_copy(ann, app, client):
    memo_id = acme_call(app)
    with app.app_context():
        contact_id = db.session.get(Memo, memo_id).contact_id
    client.post(f"/people/{contact_id}", data={"email": "sarah@acme.example", "csrf_token": ann.csrf()})
    page = client.get(f"/memos/{memo_id}/draft")
    assert page.status_code == 200
    assert 'value="sarah@acme.example"' in page.text
    mailto = page.text.split('id="draft-mailto" class="button-link primary" href="')[1].split('"')[0]
    assert mailto.startswith("mailto:sarah@acme.example?subject=Thank%20you")
    assert "+" not in mailto  # spaces as %20: mail apps do not read + as a space
    body = unquote(mailto.split("&amp;body=")[1])
    assert body.startswith("Hi Sarah,\n\nThank you for taking the time")
    assert "data-copy-draft" in page.text
    other = client.get(f"/memos/{memo_id}/draft?kind=keep_in_mind")
    assert "please keep me in mind" in other.text
    assert client.get(f"/memos/{memo_id}/draft?kind=spam").status_code == 404
    assert f'href="/memos/{memo_id}/draft"' in client.get(f"/memos/{memo_id}").text

"""Corrections: every change to the notes is kept as a labelled example, notes move in one tap, transcript
lines become notes in one tap, the examples reach the extractor, and Settings can forget them."""

from __future__ import annotations

import re
from datetime import date

import pytest
from review_helpers import acme_call

from webapp.extensions import db
from webapp.models import Action, Correction, Memo, NoteItem, Segment
from webapp.services import accounts, corrections, notes

HX = {"HX-Request": "true"}
LINES = [
    (0.0, 4.0, "Notes on today's call with Sarah Johnson at Acme."),
    (4.0, 9.5, "She said the hiring manager loved my system design answer."),
    (9.5, 14.0, "The concern was that I have not used Kubernetes in production."),
    (14.0, 18.0, "Before Friday I owe her a short thank-you email."),
]


@pytest.fixture
def memo_id(ann, app):
    """Ann's Acme call (recorded Monday 2 March 2026), its notes taken as the worker would."""
    memo_id = acme_call(app, "ann", segments=LINES)
    with app.app_context():
        memo = db.session.get(Memo, memo_id)
        notes.apply_extraction(memo)
        db.session.commit()
    return memo_id


def post(client, auth, url, htmx=True, **data):
    headers = {**(HX if htmx else {}), "X-CSRFToken": auth.csrf()}
    return client.post(url, data=data, headers=headers)


def examples(app, username="ann") -> list[tuple[str, str]]:
    with app.app_context():
        return corrections.examples_for(accounts.get_user(username))


def visible_items(app, memo_id) -> list[tuple[str, str, str]]:
    with app.app_context():
        memo = db.session.get(Memo, memo_id)
        return [(i.section, i.text, i.origin) for i in memo.items if not i.deleted]


def visible_actions(app, memo_id) -> list[tuple]:
    with app.app_context():
        rows = db.session.scalars(db.select(Action).where(Action.memo_id == memo_id, Action.deleted.is_(False)))
        return [(a.text, a.due, a.origin, a.start, a.end) for a in rows]


def item_id(app, memo_id, section, text=None) -> int:
    with app.app_context():
        memo = db.session.get(Memo, memo_id)
        return next(i.id for i in memo.items if i.section == section and not i.deleted and text in (None, i.text))


def segment_id(app, memo_id, position) -> int:
    with app.app_context():
        return db.session.scalar(db.select(Segment.id).where(Segment.memo_id == memo_id, Segment.position == position))


def action_id(app, memo_id, text) -> int:
    with app.app_context():
        return db.session.scalar(db.select(Action.id).where(Action.memo_id == memo_id, Action.text == text))


# --- Every change records the right correction --------------------------------------------------------------


def test_each_change_to_the_notes_records_the_right_correction(memo_id, ann, app, client):
    m = memo_id
    assert examples(app) == []
    assert post(client, ann, f"/memos/{m}/items", section="concerns", text="  Little AWS depth ").status_code == 200
    strength = item_id(app, m, "strengths", "System design answer")
    post(client, ann, f"/memos/{m}/items/{strength}", text="System design answer")  # unchanged: nothing learned
    post(client, ann, f"/memos/{m}/items/{strength}", text="Clear system design answer")
    post(client, ann, f"/memos/{m}/items/{item_id(app, m, 'concerns', 'Little AWS depth')}/delete")
    post(client, ann, f"/memos/{m}/actions", text="Email Sarah the slides", due="2026-03-05")
    typed = action_id(app, m, "Email Sarah the slides")
    post(client, ann, f"/actions/{typed}", text="Email Sarah the slides", done="1")  # ticked done: nothing
    post(client, ann, f"/actions/{typed}", text="Email Sarah the slides", due="2026-03-09")  # due moved: nothing
    post(client, ann, f"/memos/{m}/header", field="role", value="staff engineer")  # header field: nothing
    post(client, ann, f"/actions/{typed}/delete")
    assert examples(app) == [  # newest first
        ("Email Sarah the slides", "other"),
        ("Email Sarah the slides", "actions"),
        ("Little AWS depth", "other"),
        ("Clear system design answer", "strengths"),
        ("Little AWS depth", "concerns"),
    ]
    with app.app_context():
        stored = db.session.scalars(db.select(Correction)).all()
        assert {c.memo_id for c in stored} == {m} and {c.user_id for c in stored} == {accounts.get_user("ann").id}


def test_checklist_suggestions_are_not_examples(memo_id, ann, app, client):
    """A suggested follow-up is Debrief's own wording, not something the user sorted."""
    response = post(client, ann, f"/memos/{memo_id}/suggestions/still_interested")
    assert response.status_code == 200 and "first choice" in response.text
    suggested = next(a for a in visible_actions(app, memo_id) if "first choice" in a[0])
    post(client, ann, f"/actions/{action_id(app, memo_id, suggested[0])}/delete")
    assert examples(app) == []


# --- Move a note in one tap ----------------------------------------------------------------------------------


def test_move_a_note_to_another_section(memo_id, ann, app, client):
    concern = item_id(app, memo_id, "concerns", "I have not used Kubernetes in production")
    response = post(client, ann, f"/memos/{memo_id}/items/{concern}/move", section="advice")
    assert response.status_code == 200 and 'id="notes"' in response.text
    advice = re.search(r'data-section="advice".*?followups-section', response.text, re.S).group(0)
    assert "I have not used Kubernetes in production" in advice
    assert ("advice", "I have not used Kubernetes in production", "moved") in visible_items(app, memo_id)
    assert not any(s == "concerns" for s, *_ in visible_items(app, memo_id))
    assert examples(app) == [("I have not used Kubernetes in production", "advice")]

    strength = item_id(app, memo_id, "strengths")
    plain = post(client, ann, f"/memos/{memo_id}/items/{strength}/move", htmx=False, section="concerns")
    assert plain.status_code == 303 and plain.location.endswith(f"/memos/{memo_id}")
    assert ("concerns", "System design answer", "moved") in visible_items(app, memo_id)


def test_a_note_moved_to_followups_is_due_when_its_words_say(memo_id, ann, app, client):
    post(client, ann, f"/memos/{memo_id}/items", section="advice", text="Send Sarah the portfolio by Friday")
    typed = item_id(app, memo_id, "advice", "Send Sarah the portfolio by Friday")
    strength = item_id(app, memo_id, "strengths")
    assert post(client, ann, f"/memos/{memo_id}/items/{typed}/move", section="actions").status_code == 200
    assert post(client, ann, f"/memos/{memo_id}/items/{strength}/move", section="actions").status_code == 200
    actions = visible_actions(app, memo_id)
    # Recorded on Monday 2 March 2026 where Ann lives: "by Friday" is the 6th; the strength names no day.
    assert ("Send Sarah the portfolio by Friday", date(2026, 3, 6), "moved", None, None) in actions
    assert ("System design answer", None, "moved", 4.0, 9.5) in actions  # still linked to its moment
    assert not any(text == "Send Sarah the portfolio by Friday" for _, text, _ in visible_items(app, memo_id))
    with app.app_context():  # typed by hand: gone, not kept as a hidden row
        assert db.session.scalar(db.select(NoteItem).where(NoteItem.text.startswith("Send Sarah"))) is None
    assert examples(app)[:2] == [("System design answer", "actions"), ("Send Sarah the portfolio by Friday", "actions")]


def test_reextract_keeps_moved_notes_and_never_puts_them_back(memo_id, ann, app, client):
    concern = item_id(app, memo_id, "concerns", "I have not used Kubernetes in production")
    strength = item_id(app, memo_id, "strengths", "System design answer")
    post(client, ann, f"/memos/{memo_id}/items/{concern}/move", section="advice")
    post(client, ann, f"/memos/{memo_id}/items/{strength}/move", section="actions")
    for _ in range(2):
        assert post(client, ann, f"/memos/{memo_id}/reextract").status_code == 200
    items = visible_items(app, memo_id)
    assert items == [("advice", "I have not used Kubernetes in production", "moved")]  # not back in Concerns
    assert [a[0] for a in visible_actions(app, memo_id)].count("System design answer") == 1
    with app.app_context():  # the moved note is not touched by re-extraction: the same row
        advice = db.session.scalars(db.select(NoteItem).where(NoteItem.section == "advice")).one()
        assert (advice.start, advice.end, advice.deleted) == (9.5, 14.0, False)


def test_a_moved_note_deleted_stays_deleted_through_reextract(memo_id, ann, app, client):
    concern = item_id(app, memo_id, "concerns")
    post(client, ann, f"/memos/{memo_id}/items/{concern}/move", section="strengths")
    moved = item_id(app, memo_id, "strengths", "I have not used Kubernetes in production")
    post(client, ann, f"/memos/{memo_id}/items/{moved}/delete")
    post(client, ann, f"/memos/{memo_id}/reextract")
    assert [t for _, t, _ in visible_items(app, memo_id)] == ["System design answer"]
    assert examples(app)[0] == ("I have not used Kubernetes in production", "other")


# --- Add from the transcript in one tap ----------------------------------------------------------------------


def test_only_lines_no_note_came_from_offer_add(memo_id, ann, app, client):
    page = client.get(f"/memos/{memo_id}").text
    offered = set(re.findall(r'action="/memos/\d+/segments/(\d+)/add"', page))
    # The strength came from line 2 (4.0–9.5 s), the concern from line 3, the follow-up ("I owe her a short
    # thank-you email", due Friday) from line 4: only line 1 is free.
    assert [a[0] for a in visible_actions(app, memo_id)] == ["Before Friday I owe her a short thank-you email"]
    assert offered == {str(segment_id(app, memo_id, 0))}
    for label in ("Add to Strengths", "Add to Concerns", "Add to Advice", "Add to Follow-ups"):
        assert page.count(f">{label}</button>") == 1
    # Deleting the strength frees its line again.
    post(client, ann, f"/memos/{memo_id}/items/{item_id(app, memo_id, 'strengths')}/delete")
    page = client.get(f"/memos/{memo_id}").text
    assert str(segment_id(app, memo_id, 1)) in re.findall(r'action="/memos/\d+/segments/(\d+)/add"', page)


def test_add_a_transcript_line_to_a_section(memo_id, ann, app, client):
    line = segment_id(app, memo_id, 0)
    response = post(client, ann, f"/memos/{memo_id}/segments/{line}/add", section="concerns")
    assert response.status_code == 200
    assert 'id="notes"' in response.text and 'id="segments" hx-swap-oob="true"' in response.text
    assert f"/segments/{line}/add" not in response.text  # the line no longer offers it
    assert str(segment_id(app, memo_id, 3)) in response.text
    with app.app_context():
        added = db.session.scalars(db.select(NoteItem).where(NoteItem.origin == "user")).one()
        assert (added.section, added.text, added.start, added.end) == ("concerns", LINES[0][2], 0.0, 4.0)
    assert examples(app) == [(LINES[0][2], "concerns")]


def test_add_a_transcript_line_as_a_followup(memo_id, ann, app, client):
    line = segment_id(app, memo_id, 3)
    response = post(client, ann, f"/memos/{memo_id}/segments/{line}/add", htmx=False, section="actions")
    assert response.status_code == 303 and response.location.endswith(f"/memos/{memo_id}")
    assert (LINES[3][2], date(2026, 3, 6), "user", 14.0, 18.0) in visible_actions(app, memo_id)
    assert examples(app) == [(LINES[3][2], "actions")]


# --- Bad input: 400 with a clear message, nothing stored ------------------------------------------------------


def stored(app) -> tuple:
    with app.app_context():
        db.session.remove()
        return (
            sorted((i.id, i.section, i.text, i.deleted) for i in db.session.scalars(db.select(NoteItem))),
            sorted((a.id, a.text, a.deleted) for a in db.session.scalars(db.select(Action))),
            db.session.scalar(db.select(db.func.count(Correction.id))),
        )


@pytest.mark.parametrize("htmx", [True, False])
def test_bad_input_is_a_400_with_a_message_and_stores_nothing(memo_id, ann, app, client, htmx):
    concern = item_id(app, memo_id, "concerns")
    empty, long, ok = (segment_id(app, memo_id, p) for p in (0, 1, 3))
    with app.app_context():
        db.session.get(Segment, empty).text = "   "
        db.session.get(Segment, long).text = "word " * 500
        db.session.commit()
    before = stored(app)
    for url, section, message in [
        (f"/memos/{memo_id}/items/{concern}/move", "nonsense", "Unknown section &#39;nonsense&#39;"),
        (f"/memos/{memo_id}/items/{concern}/move", "", "Unknown section"),
        (f"/memos/{memo_id}/items/{concern}/move", "concerns", "That note is already in Concerns."),
        (f"/memos/{memo_id}/segments/{ok}/add", "followups", "choose Strengths, Concerns, Advice, Follow-ups"),
        (f"/memos/{memo_id}/segments/{empty}/add", "advice", "The text cannot be empty."),
        (f"/memos/{memo_id}/segments/{long}/add", "advice", "The text is longer than 2000 characters."),
    ]:
        response = post(client, ann, url, htmx=htmx, section=section)
        assert response.status_code == 400, (url, section, response.status_code)
        assert message in response.text, (url, section)
    assert stored(app) == before


# --- The examples reach the extractor -------------------------------------------------------------------------


def test_the_users_examples_reach_the_extractor(memo_id, ann, auth, app, client, monkeypatch):
    import webapp.extractor

    auth.create("bob")
    line = segment_id(app, memo_id, 0)
    post(client, ann, f"/memos/{memo_id}/segments/{line}/add", section="advice")
    post(client, ann, f"/memos/{memo_id}/items/{item_id(app, memo_id, 'concerns')}/move", section="strengths")
    with app.app_context():
        corrections.record(accounts.get_user("bob").id, None, "Bob's own sentence", "concerns")
        db.session.commit()

    calls = []
    real = webapp.extractor.extract

    def spy(*args, **kwargs):
        calls.append(kwargs.get("examples"))
        return real(*args, **kwargs)

    monkeypatch.setattr(webapp.extractor, "extract", spy)
    with app.app_context():
        result = notes.run_extractor(db.session.get(Memo, memo_id))
    assert result["strengths"]  # the real extractor still ran
    expected = [("I have not used Kubernetes in production", "strengths"), (LINES[0][2], "advice")]
    assert calls == [expected]  # Ann's, newest first; none of Bob's
    assert post(client, ann, f"/memos/{memo_id}/reextract").status_code == 200  # Re-extract passes them too
    assert calls[-1] == expected


def test_examples_are_the_newest_thousand(ann, app):
    with app.app_context():
        user = accounts.get_user("ann")
        for n in range(1003):
            corrections.record(user.id, None, f"sentence {n}", "other")
        db.session.commit()
        found = corrections.examples_for(user)
        assert len(found) == 1000 and found[0] == ("sentence 1002", "other") and found[-1] == ("sentence 3", "other")
        assert corrections.count(user) == 1003
        with pytest.raises(Exception, match="Unknown label"):
            corrections.record(user.id, None, "x", "praise")


# --- Settings: how many, and forget them -----------------------------------------------------------------------


def test_settings_shows_the_count_and_forgets_them(memo_id, ann, auth, app, client):
    assert "Debrief has learned from 0 corrections." in client.get("/settings").text
    post(client, ann, f"/memos/{memo_id}/items", section="advice", text="Read up on Kubernetes")
    post(client, ann, f"/memos/{memo_id}/items/{item_id(app, memo_id, 'concerns')}/move", section="advice")
    assert "Debrief has learned from 2 corrections." in client.get("/settings").text
    auth.create("bob")
    with app.app_context():
        corrections.record(accounts.get_user("bob").id, None, "Bob's", "advice")
        db.session.commit()

    refused = client.post("/settings/corrections/forget")  # no CSRF token
    assert refused.status_code == 400 and len(examples(app)) == 2
    response = client.post("/settings/corrections/forget", data={"csrf_token": ann.csrf()})
    assert response.status_code == 303 and response.location.endswith("/settings")
    page = client.get("/settings").text
    assert "Debrief forgot 2 corrections." in page and "Debrief has learned from 0 corrections." in page
    assert examples(app) == [] and examples(app, "bob") == [("Bob's", "advice")]
    assert len(visible_items(app, memo_id)) == 3  # the notes themselves are untouched


def test_corrections_outlive_their_memo_but_not_the_account(memo_id, ann, app, client):
    from support import PASSWORD

    post(client, ann, f"/memos/{memo_id}/items", section="advice", text="Read up on Kubernetes")
    post(client, ann, f"/memos/{memo_id}/delete", htmx=False)
    with app.app_context():
        assert db.session.get(Memo, memo_id) is None
        assert [(c.memo_id, c.text) for c in db.session.scalars(db.select(Correction))] == [
            (None, "Read up on Kubernetes")
        ]
    post(client, ann, "/account/delete", htmx=False, password=PASSWORD)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Correction.id))) == 0


def test_the_migration_goes_down_and_up_again(app):
    import sqlalchemy as sa
    from flask_migrate import downgrade, upgrade

    with app.app_context():
        downgrade(revision="41f2da553f80")
        assert "corrections" not in sa.inspect(db.engine).get_table_names()
        upgrade()
        inspector = sa.inspect(db.engine)
        foreign = {
            fk["referred_table"]: fk["options"].get("ondelete") for fk in inspector.get_foreign_keys("corrections")
        }
        assert foreign == {"users": "CASCADE", "memos": "SET NULL"}


def test_a_move_teaches_the_next_memo(ann, app, client):
    """A remark moved once from Concerns to Advice: the next memo files a remark like it under Advice too."""
    remark = "They weren't sold on my SQL answers"
    first = acme_call(
        app,
        "ann",
        segments=[(0.0, 4.0, "Call with Mira Osei at Quarry."), (4.0, 9.0, f"{remark}.")],
        strengths=[],
        concerns=[remark],
        advice=[],
        actions=[],
    )
    nxt = [(0.0, 4.0, "Call with Tom at Larchfield."), (4.0, 9.0, "He wasn't sold on my SQL answers either.")]
    ann.create("bob")  # another account: none of Ann's corrections
    untaught = acme_call(app, "bob", segments=nxt, strengths=[], concerns=[], advice=[], actions=[])
    moved = item_id(app, first, "concerns")
    assert post(client, ann, f"/memos/{first}/items/{moved}/move", section="advice").status_code == 200
    assert (remark, "advice") in examples(app)

    second = acme_call(app, "ann", segments=nxt, strengths=[], concerns=[], advice=[], actions=[])
    with app.app_context():
        for memo_id in (second, untaught):
            notes.apply_extraction(db.session.get(Memo, memo_id))
        db.session.commit()

    def sections_with_sql(memo_id):
        return {section for section, text, _ in visible_items(app, memo_id) if "sql" in text.lower()}

    assert "advice" not in sections_with_sql(untaught)  # the extractor on its own never calls it advice
    assert sections_with_sql(second) == {"advice"}  # what Ann taught it

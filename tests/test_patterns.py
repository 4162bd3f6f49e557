"""Patterns: concerns and advice that recur across calls, linked to the calls, with a practice button."""

from __future__ import annotations

from datetime import datetime

from review_helpers import make_memo

from webapp.extensions import db
from webapp.models import Action, User
from webapp.services import patterns


def five_calls(app) -> list[int]:
    notes_per_call = [
        (["Your system design was a bit shallow"], ["Practise system design interviews"]),
        (["Struggled with system designs under time pressure"], []),
        ([], ["Read up on System Design trade-offs"]),
        (["Salary expectations too high"], []),
        (["Talked too long about salary expectations"], ["Be more concise"]),
    ]
    return [
        make_memo(
            app,
            title=f"Call {i}",
            recorded_at=datetime(2026, 3, 1 + i, 10),
            concerns=concerns,
            advice=advice,
            strengths=["Friendly"],
            audio=None,
        )
        for i, (concerns, advice) in enumerate(notes_per_call)
    ]


def test_recurring_themes_across_calls(ann, app):
    ids = five_calls(app)
    with app.app_context():
        found = patterns.find_patterns(db.session.scalar(db.select(User)))
        top = found[0]
        assert (top.phrase, top.count, top.total_calls) == ("system design", 3, 5)
        assert top.sections == {"concerns", "advice"}
        assert {m.id for m in top.memos} == set(ids[:3])
        assert top.memos[0].id == ids[2]  # newest first
        assert "system" not in [p.phrase for p in found] and "design" not in [p.phrase for p in found]
        salary = next(p for p in found if p.phrase == "salary expectations")
        assert salary.count == 2
        # Words that only say how feedback was phrased are not themes.
        assert not {"bit", "practise", "read", "much", "concise"} & {p.phrase for p in found}


def test_patterns_page_and_one_click_practice(ann, app, client):
    ids = five_calls(app)
    page = client.get("/patterns")
    assert page.status_code == 200
    assert "“system design”" in page.text and "in 3 of 5 calls" in page.text
    assert f'href="/memos/{ids[0]}"' in page.text
    response = client.post(
        "/patterns/practice",
        data={"phrase": "system design"},
        headers={"HX-Request": "true", "X-CSRFToken": ann.csrf()},
    )
    assert response.status_code == 200 and "Practise system design (came up in 3 of 5 calls)" in response.text
    client.post("/patterns/practice", data={"phrase": "system design", "csrf_token": ann.csrf()})  # no duplicate
    with app.app_context():
        actions = db.session.scalars(db.select(Action).where(Action.origin == "practice")).all()
        assert len(actions) == 1 and actions[0].memo_id == ids[2] and actions[0].due is not None
    assert (
        client.post(
            "/patterns/practice",
            data={"phrase": "nothing like it"},
            headers={"HX-Request": "true", "X-CSRFToken": ann.csrf()},
        ).status_code
        == 404
    )

"""Follow-ups in time: month grid, one .ics, the private feed (parsed back with icalendar), snoozing."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar
from review_helpers import acme_call

from webapp.extensions import db
from webapp.models import Action, User
from webapp.services import notes


def action_ids(app, memo_id: int) -> list[int]:
    with app.app_context():
        return [a.id for a in db.session.scalars(db.select(Action).where(Action.memo_id == memo_id))]


def test_month_grid_shows_due_follow_ups(ann, app, client):
    acme_call(app, actions=[("Send Sarah a thank-you email", date(2026, 3, 6), False), ("No date", None, False)])
    page = client.get("/calendar?month=2026-03")
    assert page.status_code == 200 and "March 2026" in page.text
    assert "Send Sarah a thank-you email" in page.text and "No date" not in page.text
    partial = client.get("/calendar?month=2026-04", headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<section id="calendar"') and "April 2026" in partial.text
    assert "Send Sarah" not in partial.text
    assert client.get("/calendar?month=March").status_code == 404


def test_one_action_as_ics(ann, app, client):
    memo_id = acme_call(
        app, actions=[("Send Sarah a thank-you email", date(2026, 3, 6), False), ("Later", None, False)]
    )
    dated, undated = action_ids(app, memo_id)
    response = client.get(f"/actions/{dated}/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    cal = Calendar.from_ical(response.data)
    [event] = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Send Sarah a thank-you email"
    assert event.decoded("DTSTART") == date(2026, 3, 6)
    assert event.decoded("DTEND") == date(2026, 3, 7)
    assert "Acme" in str(event["DESCRIPTION"]) and "Sarah Johnson" in str(event["DESCRIPTION"])
    assert "http" not in response.text  # nothing that needs a public address
    assert client.get(f"/actions/{undated}/calendar.ics").status_code == 400


def test_private_feed(ann, app, client):
    memo_id = acme_call(
        app,
        actions=[
            ("Send Sarah a thank-you email", date(2026, 3, 6), False),
            ("Already done", date(2026, 3, 2), True),
            ("No date", None, False),
        ],
    )
    page = client.post("/calendar/feed", data={"csrf_token": ann.csrf()})
    assert page.status_code == 200
    url = page.text.split('id="feed-url" class="grow" readonly value="')[1].split('"')[0]
    assert url.startswith("http://localhost/calendar/feed/") and url.endswith(".ics")
    token = url.rsplit("/", 1)[1][: -len(".ics")]
    with app.app_context():
        stored = db.session.scalar(db.select(User.calendar_token_hash).where(User.username == "ann"))
        assert stored and token not in stored and len(stored) == 64  # only a hash is kept

    anonymous = app.test_client()  # calendar apps have no session: the token alone authenticates
    response = anonymous.get(f"/calendar/feed/{token}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    cal = Calendar.from_ical(response.data)
    assert str(cal["X-WR-CALNAME"]) == "Debrief follow-ups"
    events = cal.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Send Sarah a thank-you email"]
    assert events[0].decoded("DTSTART") == date(2026, 3, 6)
    assert str(events[0]["UID"]) == f"debrief-action-{action_ids(app, memo_id)[0]}@debrief"

    assert anonymous.get("/calendar/feed/wrong-token.ics").status_code == 404
    assert anonymous.get(f"/calendar/feed/{token[:-1]}.ics").status_code == 404
    # Regenerating retires the old address.
    new_page = client.post("/calendar/feed", data={"csrf_token": ann.csrf()}).text
    new_token = new_page.split("/calendar/feed/")[1].split(".ics")[0]
    assert new_token != token
    assert anonymous.get(f"/calendar/feed/{token}.ics").status_code == 404
    assert anonymous.get(f"/calendar/feed/{new_token}.ics").status_code == 200
    client.post("/calendar/feed/off", data={"csrf_token": ann.csrf()})
    assert anonymous.get(f"/calendar/feed/{new_token}.ics").status_code == 404


def test_snooze(ann, app, client):
    with app.app_context():
        today = notes.user_today(db.session.scalar(db.select(User).where(User.username == "ann")))
    future, past = today + timedelta(days=3), today - timedelta(days=5)
    memo_id = acme_call(app, actions=[("Future", future, False), ("Overdue", past, False), ("Undated", None, False)])
    fut, over, undated = action_ids(app, memo_id)
    headers = {"HX-Request": "true", "X-CSRFToken": ann.csrf()}

    response = client.post(f"/actions/{fut}/snooze", data={"by": "day"}, headers=headers)
    assert response.status_code == 200 and 'id="notes"' in response.text
    client.post(f"/actions/{over}/snooze", data={"by": "week"}, headers=headers)
    client.post(f"/actions/{undated}/snooze", data={"by": "day"}, headers=headers)
    grid = client.post(
        f"/actions/{fut}/snooze", data={"by": "week", "from": "calendar", "month": "2026-03"}, headers=headers
    )
    assert grid.text.lstrip().startswith('<section id="calendar"')
    assert client.post(f"/actions/{fut}/snooze", data={"by": "year"}, headers=headers).status_code == 400
    with app.app_context():
        dues = {a.text: a.due for a in db.session.scalars(db.select(Action).where(Action.memo_id == memo_id))}
    assert dues == {
        "Future": future + timedelta(days=8),
        "Overdue": today + timedelta(days=7),  # from today: snoozing an overdue item by a week means next week
        "Undated": today + timedelta(days=1),
    }

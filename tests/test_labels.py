"""What pages call things: a memo's title from what is known, due dates in words, devices by name."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from review_helpers import make_memo

from webapp.extensions import db
from webapp.models import ApiToken, Memo
from webapp.services import accounts, notes
from webapp.services.devices import device_name, token_label

HX = {"HX-Request": "true"}
RECORDED = datetime(2026, 12, 1, 0, 59)  # UTC; the phone was at +01:00


def memo(**fields) -> Memo:
    return Memo(recorded_at=RECORDED, recorded_offset_minutes=60, **fields)


@pytest.mark.parametrize(
    ("fields", "title"),
    [
        (
            {"contact": "Sarah Chen", "company": "Northwind Labs", "outcome": "next_round"},
            "Sarah Chen · Northwind Labs · Next round",
        ),
        ({"contact": "Sarah Chen", "company": "Northwind Labs"}, "Sarah Chen · Northwind Labs"),
        ({"company": "Northwind Labs", "outcome": "offer"}, "Northwind Labs · Offer"),
        ({"contact": "Acme", "company": "ACME"}, "Acme"),
        ({"role": "backend engineer", "outcome": "pending"}, "Backend engineer · Waiting to hear"),
        ({"outcome": "rejected"}, "Not selected"),
        ({"outcome": "unknown"}, "Tue 1 Dec 2026"),
        ({}, "Tue 1 Dec 2026"),
        ({"title": "Feedback from Acme", "contact": "Sarah Chen"}, "Feedback from Acme"),
    ],
)
def test_a_memo_is_titled_from_what_is_known(fields, title):
    assert memo(**fields).display_title == title


def test_the_date_shows_once_under_a_title():
    assert memo(contact="Sarah Chen").recorded_label == "Tue 1 Dec 2026, 01:59"
    assert memo().display_title == "Tue 1 Dec 2026" and memo().recorded_label == "01:59"


TODAY = date(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize(
    ("due", "label"),
    [
        (None, "No date"),
        (TODAY, "Today"),
        (TODAY + timedelta(days=1), "Tomorrow"),
        (TODAY + timedelta(days=3), "Friday"),
        (TODAY + timedelta(days=5), "Sunday"),  # the week ends on Sunday, as on the Follow-ups page
        (TODAY + timedelta(days=8), "Wed 9 Dec"),
        (date(2027, 1, 4), "Mon 4 Jan 2027"),
        (TODAY - timedelta(days=1), "Overdue · Yesterday"),
        (TODAY - timedelta(days=2), "Overdue · Sun"),
        (TODAY - timedelta(days=6), "Overdue · Wed"),
        (TODAY - timedelta(days=7), "Overdue · Tue 24 Nov"),
        (date(2025, 12, 30), "Overdue · Tue 30 Dec 2025"),
    ],
)
def test_due_dates_read_as_words(due, label):
    assert notes.due_label(due, TODAY) == label


PIXEL = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


@pytest.mark.parametrize(
    ("agent", "name"),
    [
        (PIXEL, "Chrome on Android · Pixel 8"),
        (PIXEL.replace("Pixel 8", "K"), "Chrome on Android"),  # Chrome's reduced user-agent hides the model
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
            "Samsung Internet on Android · SM-S918B",
        ),
        (
            "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0",
            "Firefox on Android",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/18.1 Mobile/15E148 Safari/604.1",
            "Safari on iOS",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
            "Chrome on iOS",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/18.1 Safari/605.1.15",
            "Safari on macOS",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36",
            "Chrome on Linux",
        ),
        ("curl/8.5.0", "curl"),
        ("Anna's phone", "Anna's phone"),
        ("", "Unknown device"),
    ],
)
def test_a_device_is_named_from_its_user_agent(agent, name):
    assert device_name(agent) == name


def test_a_token_is_named_by_its_device_or_its_own_name():
    assert token_label(ApiToken(name=f"Device: {PIXEL}")) == "Chrome on Android · Pixel 8"
    assert token_label(ApiToken(name="backup script")) == "backup script"


def visible(html: str) -> str:
    """The page's text, tags dropped and spaces squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_untitled_memos_are_titled_everywhere_their_title_links(ann, app, client):
    memo_id = make_memo(
        app,
        contact="Sarah Chen",
        company="Northwind Labs",
        outcome="next_round",
        actions=[("Send Sarah a thank-you email", None, False)],
        audio=None,
    )
    title = "Sarah Chen · Northwind Labs · Next round"
    for url in ("/memos", f"/memos/{memo_id}", f"/memos/{memo_id}/draft", "/search?q=Sarah"):
        assert title in client.get(url).text, url
    page = client.get(f"/memos/{memo_id}").text
    assert f"<title>{title} · Debrief</title>" in page
    assert "Mon 2 Mar 2026, 14:00" in visible(page)
    assert visible(page).count("2 Mar 2026") == 1  # the date once, as a date
    markdown = client.get(f"/memos/{memo_id}/export.md")
    assert markdown.text.startswith(f"# {title}\n")
    assert "sarah-chen-northwind-labs-next-round.md" in markdown.headers["Content-Disposition"]


def test_the_memo_list_says_who_the_call_was_with_and_the_outcome(ann, app, client):
    make_memo(
        app, title="Second interview", contact="Sarah Chen", company="Northwind Labs", outcome="offer", audio=None
    )
    row = visible(client.get("/memos").text)
    assert "Second interview Mon 2 Mar 2026, 14:00 · – · Sarah Chen · Northwind Labs Offer" in row


def test_the_title_follows_the_header_as_it_is_filled_in(ann, app, client):
    memo_id = make_memo(app, audio=None)
    response = client.post(
        f"/memos/{memo_id}/header",
        data={"field": "contact", "value": "Sarah Chen"},
        headers={**HX, "X-CSRFToken": ann.csrf()},
    )
    assert response.status_code == 200
    title_form = re.search(r'<form id="memo-title-form"[^>]*>.*?</form>', response.text, re.S).group(0)
    assert 'hx-swap-oob="true"' in title_form and 'placeholder="Sarah Chen"' in title_form


def test_followups_say_when_in_words_and_link_to_the_person_and_company(ann, app, client):
    with app.app_context():
        today = notes.user_today(accounts.get_user("ann"))
    memo_id = make_memo(
        app,
        contact="Sarah Chen",
        company="Northwind Labs",
        outcome="next_round",
        actions=[
            ("Send the case study", today + timedelta(days=1), False),
            ("Call back", today - timedelta(days=3), False),
        ],
        audio=None,
    )
    page = client.get("/followups").text
    with app.app_context():
        stored = db.session.get(Memo, memo_id)
        person, company = stored.contact_id, stored.company_id
    assert f'href="/people/{person}">Sarah Chen</a>' in page
    assert f'href="/companies/{company}">Northwind Labs</a>' in page
    assert f'href="/memos/{memo_id}" aria-label="Memo: Sarah Chen · Northwind Labs · Next round">Next round</a>' in page
    assert "Tomorrow" in visible(page) and f"Overdue · {today - timedelta(days=3):%a}" in visible(page)
    assert "mm/dd/yyyy" not in page


def test_a_due_date_saved_from_its_picker_rerenders_in_words(ann, app, client):
    with app.app_context():
        today = notes.user_today(accounts.get_user("ann"))
    make_memo(app, actions=[("Send the case study", None, False)], audio=None)
    page = client.get("/followups").text
    action_id = int(re.search(r'id="followup-(\d+)"', page).group(1))
    assert "No date" in visible(page)
    response = client.post(
        f"/actions/{action_id}",
        data={"due": today.isoformat(), "from": "followups"},
        headers={**HX, "X-CSRFToken": ann.csrf()},
    )
    assert response.status_code == 200 and "Today" in visible(response.text)
    refused = client.post(
        f"/actions/{action_id}",
        data={"due": "12/09/2026", "from": "followups"},
        headers={**HX, "X-CSRFToken": ann.csrf()},
    )
    assert refused.status_code == 400 and "The due date must look like" in refused.text


def test_settings_names_a_device_and_revoking_it_is_quiet_and_asks(ann, app, client):
    with app.app_context():
        accounts.create_token(accounts.get_user("ann"), f"Device: {PIXEL}", scope="upload")
    page = client.get("/settings").text
    assert "Chrome on Android · Pixel 8" in page and PIXEL not in page
    assert re.search(r"added \w{3} \d{1,2} \w{3} \d{4} · not used yet", page)
    revoke = re.search(r"<form[^>]*revoke[^>]*>.*?</form>", page, re.S).group(0)
    assert 'data-confirm="Revoke Chrome on Android · Pixel 8?' in revoke
    assert "danger" not in revoke

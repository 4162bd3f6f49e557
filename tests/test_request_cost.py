"""The common requests stay cheap: the status poll answers 304 from one small query, pages run a fixed few queries."""

from __future__ import annotations

import re

import pytest
from support import DATA, upload

from bench.requests import counted_queries
from bench.search import insert_memos
from webapp.extensions import db
from webapp.models import Memo, MemoStatus

HTMX = {"HX-Request": "true"}


def queries_of(app, client, url: str, headers: dict | None = None):
    """(response, number of SQL statements the request ran)."""
    with app.app_context():
        engine = db.engine
    with counted_queries(engine) as seen:
        response = client.get(url, headers=headers or {})
    return response, seen[0]


def set_status(app, memo_id: int, status: str) -> None:
    with app.app_context():
        db.session.get(Memo, memo_id).status = status
        db.session.commit()


@pytest.fixture
def queued(ann, client):
    """Two memos uploaded by ann, both queued: (first id, second id)."""
    first = upload(client, DATA / "memo_opus.webm", ann.csrf()).json["id"]
    second = upload(client, DATA / "memo_opus.webm", ann.csrf()).json["id"]
    return first, second


@pytest.fixture
def ann_with_200_memos(app, ann):
    """ann's 200 ready memos with transcripts, notes and follow-ups; their ids."""
    with app.app_context():
        from webapp.services import accounts

        ann_id = accounts.get_user("ann").id
    return insert_memos(app, 200, 7, lambda _memo_id: ann_id)


def test_the_memo_page_polls_its_status_with_its_etag(queued, client):
    page = client.get(f"/memos/{queued[1]}")
    poll = client.get(f"/memos/{queued[1]}/status", headers=HTMX)
    assert poll.status_code == 200 and poll.headers["ETag"]
    assert f'hx-get="/memos/{queued[1]}/status"' in page.text and 'hx-trigger="every 2s"' in page.text
    assert f'hx-headers=\'{{"If-None-Match": "\\"{poll.get_etag()[0]}\\""}}\'' in page.text
    assert "number 2 in line" in poll.text


def test_an_unchanged_status_is_304_from_one_query_after_login(app, queued, client):
    etag = client.get(f"/memos/{queued[1]}/status", headers=HTMX).headers["ETag"]
    response, queries = queries_of(app, client, f"/memos/{queued[1]}/status", {**HTMX, "If-None-Match": etag})
    assert response.status_code == 304
    assert response.data == b"" and response.headers["ETag"] == etag
    assert queries <= 2  # the login (one joined query) and the memo's state (one)


def test_the_poll_answers_in_full_when_the_memo_moves_on(app, queued, client):
    url = f"/memos/{queued[1]}/status"
    etag = client.get(url, headers=HTMX).headers["ETag"]

    set_status(app, queued[0], MemoStatus.READY)  # the memo ahead is done: this one moves up the queue
    with app.app_context():
        from webapp.models import Job

        db.session.query(Job).filter_by(memo_id=queued[0]).update({"status": "done"})
        db.session.commit()
    moved = client.get(url, headers={**HTMX, "If-None-Match": etag})
    assert moved.status_code == 200 and "number 1 in line" in moved.text
    assert moved.headers["ETag"] != etag

    set_status(app, queued[1], MemoStatus.TRANSCRIBING)
    started = client.get(url, headers={**HTMX, "If-None-Match": moved.headers["ETag"]})
    assert started.status_code == 200 and "Transcribing" in started.text


def test_the_poll_says_when_the_worker_stops_and_starts(app, queued, client):
    from webapp.services import presence

    url = f"/memos/{queued[1]}/status"
    with app.app_context():
        presence.beat("host:1")
    running = client.get(url, headers=HTMX)
    assert running.status_code == 200 and "Transcription is paused" not in running.text

    with app.app_context():
        presence.forget("host:1")  # the worker stopped
    stopped = client.get(url, headers={**HTMX, "If-None-Match": running.headers["ETag"]})
    assert stopped.status_code == 200 and "Transcription is paused" in stopped.text

    with app.app_context():
        presence.beat("host:2")
    again = client.get(url, headers={**HTMX, "If-None-Match": stopped.headers["ETag"]})
    assert again.status_code == 200 and "Transcription is paused" not in again.text


def test_a_finished_memo_is_always_sent_whole(app, queued, client):
    etag = client.get(f"/memos/{queued[1]}/status", headers=HTMX).headers["ETag"]
    set_status(app, queued[1], MemoStatus.NO_SPEECH)
    # Whatever the poll sends (the ETag it had while queued, or "*"), the finished memo is sent whole, without one.
    for known in (etag, "*"):
        done = client.get(f"/memos/{queued[1]}/status", headers={**HTMX, "If-None-Match": known})
        assert done.status_code == 200 and "No speech detected" in done.text
        assert "ETag" not in done.headers and "hx-get" not in done.text  # the poll stops here


def test_someone_elses_memo_status_is_404_even_with_its_etag(app, auth, queued, client):
    etag = client.get(f"/memos/{queued[1]}/status", headers=HTMX).headers["ETag"]
    auth.logout()
    auth.create("bob")
    auth.login("bob")
    for headers in (HTMX, {**HTMX, "If-None-Match": etag}, {"If-None-Match": "*"}):
        response = client.get(f"/memos/{queued[1]}/status", headers=headers)
        assert response.status_code == 404
        assert etag not in response.headers.get("ETag", "")
    assert client.get("/memos/999999/status", headers=HTMX).status_code == 404


def test_the_api_list_gives_queued_memos_their_place_from_one_query(app, ann, client, ann_with_200_memos):
    for _ in range(3):
        upload(client, DATA / "memo_opus.webm", ann.csrf())
    response, queries = queries_of(app, client, "/api/memos?limit=10")
    queued = [m for m in response.json["memos"] if m["status"] == "queued"]
    assert [m["queue_position"] for m in queued] == [3, 2, 1]  # newest first; the oldest is next in line
    assert [client.get(f"/api/memos/{m['id']}").json["queue_position"] for m in queued] == [3, 2, 1]
    assert queries <= 5  # login, memos, jobs, segments, places in line


def test_the_memo_page_runs_a_fixed_few_queries(app, client, ann_with_200_memos):
    costs = set()
    for memo_id in ann_with_200_memos[::40]:  # 10-16 segments, 3-6 notes, 1-3 follow-ups each
        response, queries = queries_of(app, client, f"/memos/{memo_id}")
        assert response.status_code == 200 and 'id="notes"' in response.text
        costs.add(queries)
    assert max(costs) <= 6 and len(costs) == 1  # none grows with the memo's lines or notes


@pytest.mark.parametrize(
    ("url", "most"),
    [("/memos", 2), ("/memos?before={middle}", 3), ("/search?q=system+design", 5), ("/api/memos?limit=200", 4)],
)
def test_lists_run_a_fixed_few_queries(app, client, ann_with_200_memos, url, most):
    response, queries = queries_of(app, client, url.format(middle=ann_with_200_memos[100]), HTMX)
    assert response.status_code == 200
    assert queries <= most


def test_a_bearer_poll_is_304_from_one_query_after_the_token(app, ann, queued):
    bearer = app.test_client()  # no cookies: a script with a token
    headers = {**HTMX, "Authorization": f"Bearer {ann.token()}"}
    etag = bearer.get(f"/memos/{queued[1]}/status", headers=headers).headers["ETag"]
    response, queries = queries_of(app, bearer, f"/memos/{queued[1]}/status", {**headers, "If-None-Match": etag})
    assert response.status_code == 304
    assert queries <= 2  # the token with its user (one joined query) and the memo's state (one)


def test_a_bearer_request_without_a_session_gets_no_session_cookie(app, ann, queued, client):
    bearer = app.test_client()
    page = bearer.get(f"/memos/{queued[0]}", headers={"Authorization": f"Bearer {ann.token()}"})
    assert page.status_code == 200 and 'name="csrf_token"' in page.text  # its forms are as a browser's
    assert "Set-Cookie" not in page.headers
    # A browser's own session is still saved, whether a Bearer token came with it or not.
    client.set_cookie("session", "", expires=0)
    assert "session=" in client.get("/login").headers.get("Set-Cookie", "")


def test_every_form_of_a_page_carries_the_one_token_the_session_accepts(ann, queued, client):
    page = client.get(f"/memos/{queued[0]}").text
    tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', page))
    assert len(tokens) == 1 and page.count('name="csrf_token"') >= 2
    renamed = client.post(f"/memos/{queued[0]}/title", data={"title": "Renamed", "csrf_token": tokens.pop()})
    assert renamed.status_code == 303


def test_template_urls_are_the_urls_url_for_builds(app):
    from flask import url_for

    from webapp.views.urls import template_url_for

    rules = app.url_map.iter_rules()
    numbered = [rule for rule in rules if rule.arguments and "<int:" in rule.rule and "<any(" not in rule.rule]
    assert len(numbered) >= 20
    for prefix in ("", "/debrief"):  # a proxy's prefix (SCRIPT_NAME) changes every URL
        with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": prefix}):
            for rule in numbered:
                for n in (1, 42, 9_007_199_254_740_991):
                    values = {name: n + i for i, name in enumerate(sorted(rule.arguments))}
                    assert template_url_for(rule.endpoint, **values) == url_for(rule.endpoint, **values)
                    assert template_url_for(rule.endpoint, **values).startswith(prefix + "/")
            for endpoint, values in [
                ("memos.index", {}),
                ("memos.index", {"before": 7}),  # not a route argument: the query string
                ("memos.adjacent", {"memo_id": 3, "direction": "next"}),
                ("static", {"filename": "js/app.js"}),
                ("static", {"filename": "no-such-file.js"}),
                ("notes.edit_action", {"action_id": True}),  # a bool is not a number
            ]:
                assert template_url_for(endpoint, **values) == url_for(endpoint, **values)

"""The memo page's status poll in a real browser: a 304 keeps the body as it is and the poll goes on; a change
shows; a finished memo stops the poll. No console error or CSP violation on the way."""

from __future__ import annotations

import time

from pwa_support import PHONE, watched_page

from webapp.extensions import db
from webapp.models import Memo


def set_status(app, memo_id: int, status: str, **fields) -> None:
    with app.app_context():
        memo = db.session.get(Memo, memo_id)
        memo.status = status
        for name, value in fields.items():
            setattr(memo, name, value)
        db.session.commit()


def wait_for_worker(app, timeout: float = 90) -> None:
    """Until the suite's worker has said it runs: its first heartbeat would change the page (no more "paused")."""
    from webapp.services import presence

    deadline = time.monotonic() + timeout
    while True:
        with app.app_context():
            if presence.worker_running(app.config["WORKER_STALE_SECONDS"]):
                return
        assert time.monotonic() < deadline, "the worker never started"
        time.sleep(0.5)


def test_the_poll_keeps_the_page_on_304_and_shows_each_change(browser, server, sessions, memo_for, server_app):
    memo_id = memo_for("alice", title="Polled call")
    wait_for_worker(server_app)
    set_status(server_app, memo_id, "queued", extracted_at=None)  # as just uploaded; no job: the worker leaves it
    context, page, problems = watched_page(browser, server, sessions["alice"], **PHONE)
    polled = []
    page.on("response", lambda r: r.url.endswith(f"/memos/{memo_id}/status") and polled.append(r.status))
    try:
        page.goto(f"/memos/{memo_id}")
        body = page.locator("#memo-body")
        page.wait_for_timeout(4500)  # two polls, every 2 s
        assert polled[:2] == [304, 304], polled
        assert "Queued" in body.inner_text()

        set_status(server_app, memo_id, "transcribing")
        page.locator("#memo-body", has_text="Transcribing").wait_for()
        assert 200 in polled

        set_status(server_app, memo_id, "no_speech")
        page.locator("#memo-body", has_text="No speech detected").wait_for()
        assert page.locator("#memo-body").get_attribute("hx-get") is None
        count = len(polled)
        page.wait_for_timeout(2500)
        assert len(polled) == count  # finished: no more polls
    finally:
        context.close()
    assert problems == []

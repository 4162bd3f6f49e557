"""Ticking a follow-up done in a real browser, on the memo page and on the Follow-ups page, saves it: after a
reload it is still ticked and sits under Done. No console error or CSP violation on the way."""

from __future__ import annotations

from datetime import date

import pytest
from pwa_support import PHONE, watched_page


@pytest.mark.parametrize("where", ["memo page", "follow-ups page"])
def test_ticking_done_saves_and_survives_a_reload(browser, server, sessions, memo_for, where):
    text = f"Send Hana the case study ({where})"
    memo_id = memo_for("alice", title="Hana's call", actions=[(text, date(2026, 12, 9), False)])
    context, page, problems = watched_page(browser, server, sessions["alice"], **PHONE)
    try:
        if where == "memo page":
            page.goto(f"/memos/{memo_id}")
            row = page.locator("#notes li.action").filter(has_text=text)
        else:
            page.goto("/followups")
            row = page.locator("li.action", has_text=text)
        with page.expect_response(lambda r: "/actions/" in r.url and r.request.method == "POST") as answer:
            row.locator('input[type="checkbox"]').tap()
        assert answer.value.ok
        page.reload()
        if where == "memo page":
            row = page.locator("#notes li.action").filter(has_text=text)
            assert row.locator('input[type="checkbox"]').is_checked()
            assert "done" in row.get_attribute("class")
        else:
            done = page.locator("section.group-done li.action", has_text=text)
            assert done.count() == 1 and done.locator('input[type="checkbox"]').is_checked()
    finally:
        context.close()
    assert problems == []

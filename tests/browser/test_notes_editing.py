"""Editing a note in a real browser: Enter (a phone's Go key) saves it in place; nothing navigates, and the
note's words never land in the URL. No console error or CSP violation on the way."""

from __future__ import annotations

from pwa_support import PHONE, watched_page


def test_enter_in_a_note_saves_it_without_leaving_the_page(browser, server, sessions, memo_for):
    memo_id = memo_for("alice", title="Enter test", strengths=["Clear answers on pricing"])
    context, page, problems = watched_page(browser, server, sessions["alice"], **PHONE)
    try:
        page.goto(f"/memos/{memo_id}")
        page.evaluate("window.__samePage = true")  # gone if Enter loaded a new page
        field = page.locator('#notes [data-section="strengths"] input.inline-edit').first
        field.fill("Clear, calm answers on pricing")
        with page.expect_response(lambda r: "/items/" in r.url and r.request.method == "POST") as answer:
            field.press("Enter")
        assert answer.value.ok
        assert page.evaluate("window.__samePage === true")
        assert page.url == f"{server.url}/memos/{memo_id}"  # no ?text=… in the address, the history or the log
        page.reload()
        assert page.locator('#notes [data-section="strengths"] input.inline-edit').first.input_value() == (
            "Clear, calm answers on pricing"
        )
    finally:
        context.close()
    assert problems == []

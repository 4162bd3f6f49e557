"""Editing a note in a real browser: Enter (a phone's Go key) saves it in place; nothing navigates, and the
note's words never land in the URL. No console error or CSP violation on the way."""

from __future__ import annotations

from pwa_support import PHONE, watched_page

STRENGTHS = '#notes [data-section="strengths"] textarea.note-text'
LONG_NOTE = "Portfolio, especially the onboarding redesign and how I explained the trade-offs to the whole panel"


def test_enter_in_a_note_saves_it_without_leaving_the_page(browser, server, sessions, memo_for):
    memo_id = memo_for("alice", title="Enter test", strengths=["Clear answers on pricing"])
    context, page, problems = watched_page(browser, server, sessions["alice"], **PHONE)
    try:
        page.goto(f"/memos/{memo_id}")
        page.evaluate("window.__samePage = true")  # gone if Enter loaded a new page
        field = page.locator(STRENGTHS).first
        field.fill("Clear, calm answers on pricing")
        with page.expect_response(lambda r: "/items/" in r.url and r.request.method == "POST") as answer:
            field.press("Enter")
        assert answer.value.ok
        assert page.evaluate("window.__samePage === true")
        assert page.url == f"{server.url}/memos/{memo_id}"  # no ?text=… in the address, the history or the log
        page.reload()
        assert page.locator(STRENGTHS).first.input_value() == "Clear, calm answers on pricing"
    finally:
        context.close()
    assert problems == []


def posts_to(page, part: str) -> list[str]:
    """Record the URLs of POST requests containing `part` made from now on."""
    seen: list[str] = []
    page.on("request", lambda r: r.method == "POST" and part in r.url and seen.append(r.url))
    return seen


def shows_all_of_it(field) -> bool:
    return field.evaluate("e => e.scrollHeight <= e.clientHeight + 1 && e.getBoundingClientRect().right <= 390")


def test_a_tapped_note_wraps_grows_and_enter_saves_it(browser, server, sessions, memo_for):
    memo_id = memo_for("alice", title="Tap test", strengths=[LONG_NOTE])
    context, page, problems = watched_page(browser, server, sessions["alice"], **PHONE)
    try:
        page.goto(f"/memos/{memo_id}")
        note = page.locator(STRENGTHS).first
        one_line = page.locator("#add-strengths").bounding_box()["height"]
        assert note.bounding_box()["height"] > 1.5 * one_line and shows_all_of_it(note)  # wrapped, not cut off
        before = note.bounding_box()["height"]
        note.tap()
        assert note.evaluate("e => e === document.activeElement")
        page.keyboard.press("Control+End")
        page.keyboard.type(", and the follow-up questions about accessibility went well too")
        assert note.bounding_box()["height"] > before and shows_all_of_it(note)  # grows as it is typed
        with page.expect_response(lambda r: "/items/" in r.url and r.request.method == "POST") as answer:
            page.keyboard.press("Enter")
        assert answer.value.ok
        page.reload()
        assert page.locator(STRENGTHS).first.input_value() == (
            LONG_NOTE + ", and the follow-up questions about accessibility went well too"
        )
    finally:
        context.close()
    assert problems == []


def test_escape_puts_a_note_back_and_posts_nothing(browser, server, sessions, memo_for):
    memo_id = memo_for("alice", title="Esc test", strengths=["Clear answers on pricing"])
    context, page, problems = watched_page(browser, server, sessions["alice"], **PHONE)
    try:
        page.goto(f"/memos/{memo_id}")
        posted = posts_to(page, "/items/")
        note = page.locator(STRENGTHS).first
        note.tap()
        page.keyboard.type(" and nothing else")
        page.keyboard.press("Escape")
        assert note.input_value() == "Clear answers on pricing"
        assert not note.evaluate("e => e === document.activeElement")
        page.locator("h3").first.tap()  # a tap elsewhere after Esc: still nothing to save
        page.wait_for_timeout(500)
        assert posted == []
        page.reload()
        assert page.locator(STRENGTHS).first.input_value() == "Clear answers on pricing"
    finally:
        context.close()
    assert problems == []


def test_a_follow_up_is_edited_by_tapping_it(browser, server, sessions, memo_for):
    memo_id = memo_for("alice", title="Follow-up text", actions=[("Send Sarah a thank-you email", None, False)])
    context, page, problems = watched_page(browser, server, sessions["alice"], **PHONE)
    try:
        page.goto(f"/memos/{memo_id}")
        text = page.locator("#notes .action textarea.note-text").first
        text.tap()
        page.keyboard.press("Control+End")
        page.keyboard.type(" by Friday")
        with page.expect_response(lambda r: "/actions/" in r.url and r.request.method == "POST") as answer:
            page.keyboard.press("Enter")
        assert answer.value.ok
        page.reload()
        assert page.locator("#notes .action textarea.note-text").first.input_value() == (
            "Send Sarah a thank-you email by Friday"
        )
    finally:
        context.close()
    assert problems == []


def test_without_javascript_a_note_saves_as_a_form(browser, server, sessions, memo_for):
    memo_id = memo_for("alice", title="No JS", strengths=["Clear answers on pricing"])
    context, page, problems = watched_page(browser, server, sessions["alice"], java_script_enabled=False, **PHONE)
    try:
        page.goto(f"/memos/{memo_id}")
        form = page.locator('#notes [data-section="strengths"] .item form').first
        form.locator("textarea").fill("Calm answers on pricing")
        form.get_by_role("button", name="Save").click()
        page.wait_for_url(f"**/memos/{memo_id}")
        assert page.locator(STRENGTHS).first.input_value() == "Calm answers on pricing"
    finally:
        context.close()
    assert problems == []


def test_the_header_suggests_known_names_once_it_is_used(browser, server, sessions, memo_for):
    memo_for("alice", title="Earlier call", company="Globex", contact="Bill Lumbergh")
    memo_id = memo_for("alice", title="Suggestions test", company="Initech")
    context, page, problems = watched_page(browser, server, sessions["alice"], **PHONE)
    company = page.locator("#notes input[list=known-company]")
    suggested = "e => Array.from(e.list ? e.list.options : [], o => o.value)"
    try:
        page.goto(f"/memos/{memo_id}")
        assert company.evaluate(suggested) == []  # not loaded with the page
        with page.expect_response(lambda r: r.url.endswith("/names")) as answer:
            company.click()
        assert answer.value.ok
        page.wait_for_function("() => document.querySelectorAll('#known-company option').length >= 2")
        assert {"Globex", "Initech"} <= set(company.evaluate(suggested))
        company.fill("Globex")
        with page.expect_response(lambda r: r.url.endswith("/header")):
            company.press("Enter")
        # The notes are drawn again; the first focus on them loads the names again.
        # htmx binds the new trigger when the swap settles; a focus before that is not heard.
        page.wait_for_function(
            "() => !document.querySelector('#known-company') && !document.querySelector('#notes.htmx-settling')"
        )
        with page.expect_response(lambda r: r.url.endswith("/names")):
            page.locator("#notes input[list=known-contact]").focus()
        page.wait_for_function("() => document.querySelectorAll('#known-contact option').length >= 1")
        assert "Bill Lumbergh" in page.locator("#notes input[list=known-contact]").evaluate(suggested)
    finally:
        context.close()
    assert problems == []

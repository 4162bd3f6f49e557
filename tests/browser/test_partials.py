"""htmx partials in a real browser, with the suite's page watch failing on any console error or CSP violation:
the laptop list's memo pane, the memo page on a phone, and search as you type (no aborted request logged)."""

from __future__ import annotations

from datetime import datetime

from pwa_support import LAPTOP, PHONE


def test_memo_pane_and_memo_page_load_without_a_console_error(browser, server, sessions, memo_for):
    now = datetime.now()  # newest, so both are on the list's first page
    first = memo_for("alice", title="Pane one", recorded_at=now, strengths=["Clear"], segments=[(0, 3, "Clear.")])
    second = memo_for("alice", title="Pane two", recorded_at=now, actions=[("Email Sarah", None, False)])
    laptop = browser.new_context(base_url=server.url, storage_state=sessions["alice"], **LAPTOP)
    page = laptop.new_page()
    page.goto("/memos")
    for memo_id in (first, second):
        page.locator(f".memo-row a[href='/memos/{memo_id}']").click()
        page.locator(f"#detail-pane [data-memo-id='{memo_id}'] #notes").wait_for()
    assert page.url.endswith(f"/memos?open={second}")  # the pane, not a page load
    laptop.close()

    phone = browser.new_context(base_url=server.url, storage_state=sessions["alice"], **PHONE)
    page = phone.new_page()
    page.goto(f"/memos/{first}")
    page.locator("#notes").wait_for()
    page.locator(".segment button[aria-label='Edit this line']").first.click()
    page.locator(".segment form").first.wait_for()
    # A style set from script (allowed by the CSP, as when a box is resized) must not be copied onto the
    # swapped-in notes by htmx's settle step, which would set it as an inline style attribute.
    page.evaluate("document.getElementById('notes').style.scrollMarginTop = '1px'")
    note = page.locator('#notes [data-section="strengths"] textarea.inline-edit').first
    note.fill("Clear and calm")
    with page.expect_response(lambda r: "/items/" in r.url and r.request.method == "POST"):
        note.press("Enter")
    page.wait_for_timeout(300)  # the settle step runs 20 ms after the swap
    phone.close()


def test_search_as_you_type_logs_no_aborted_request(browser, server, sessions, memo_for):
    memo_for("alice", title="Typing test", strengths=["The portfolio review went well"])
    context = browser.new_context(base_url=server.url, storage_state=sessions["alice"], **PHONE)
    held = []  # the searches htmx sends, answered only when the test says: a slow server

    def hold(route):
        if route.request.headers.get("hx-request"):
            held.append(route)
        else:
            route.continue_()

    context.route("**/search?*", hold)
    page = context.new_page()
    page.goto("/search")
    box = page.locator("#search-q")
    box.press_sequentially("portf")
    poll(page, lambda: held)
    box.press_sequentially("olio")  # typed while the first search is still on its way
    page.wait_for_timeout(600)  # past the 300 ms pause: "replace" would abort the first search now
    results = page.locator("#search-results")

    def answer_all() -> bool:
        while held:
            held.pop(0).continue_()
        return "q=portfolio" in page.url and "Typing test" in results.inner_text()

    poll(page, answer_all)
    assert box.input_value() == "portfolio"
    context.close()


def poll(page, condition, timeout_ms: int = 10000) -> None:
    """Let the page run until `condition()` (checked in Python, so it can answer held requests) holds."""
    for _ in range(timeout_ms // 100):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {timeout_ms} ms")

"""What a person reads on a phone and a laptop: memos titled from who the call was with, due dates in words that
open a date picker in place (Enter saves, Esc cancels, nothing navigates), and devices by name in Settings."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pwa_support import SIZES, wait_until, watched_page

DUE = "details.due-edit > summary .due-label"  # the due date in words
PIXEL = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


def shot(page, name: str) -> None:
    """A screenshot for a reviewer to look at (not committed), when DEBRIEF_SCREENSHOTS names a folder."""
    folder = os.environ.get("DEBRIEF_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def utc_today():
    return datetime.now(UTC).date()  # the suite's users keep the default time zone, UTC


@pytest.mark.parametrize("size", SIZES)
def test_untitled_memos_are_titled_on_the_list_and_follow_ups(browser, server, sessions, memo_for, size):
    company = f"Northwind Labs {size}"
    memo_id = memo_for(
        "alice",
        contact="Sarah Chen",
        company=company,
        outcome="next_round",
        actions=[(f"Send Sarah the case study ({size})", utc_today() + timedelta(days=1), False)],
    )
    title = f"Sarah Chen · {company} · Next round"
    context, page, problems = watched_page(browser, server, sessions["alice"], **SIZES[size])
    try:
        page.goto("/memos")
        row = page.locator(f'.memo-row a[href="/memos/{memo_id}"]')
        assert row.locator(".title").inner_text() == title
        assert "2 Mar 2026, 14:00" in row.locator(".meta").inner_text()
        shot(page, f"memos-{size}")

        page.goto(f"/memos/{memo_id}")
        title_box = page.locator("#title-input")
        assert title_box.get_attribute("placeholder") == title
        assert title_box.evaluate(
            "t => t.scrollHeight <= t.clientHeight + 1 && t.scrollWidth <= t.clientWidth"
        )  # whole
        assert page.title() == f"{title} · Debrief"
        assert page.locator(".memo-head .meta time").inner_text() == "Mon 2 Mar 2026, 14:00"
        assert page.locator("main").inner_text().count("2 Mar 2026") == 1  # the date once, as a date
        shot(page, f"memo-{size}")

        page.goto("/followups")
        item = page.locator("li.action", has_text=f"Send Sarah the case study ({size})")
        assert item.locator(DUE).inner_text() == "Tomorrow"
        assert item.locator("a.person").inner_text() == "Sarah Chen"
        assert item.locator("a.company").inner_text() == company
        assert item.locator("a.memo-link").get_attribute("aria-label") == f"Memo: {title}"
        assert item.locator(".followup-from").inner_text().strip() == title
        item.locator("a.company").click()
        page.wait_for_url("**/companies/*")
        assert page.locator("h1").inner_text().startswith(company)
        page.go_back()
        shot(page, f"followups-{size}")

        # A title of one's own (Enter saves it); the list then says who the call was with and the outcome.
        page.goto(f"/memos/{memo_id}")
        page.fill("#title-input", "Final round prep")
        with page.expect_response(lambda r: r.url.endswith(f"/memos/{memo_id}/title")) as answer:
            page.keyboard.press("Enter")
        assert answer.value.ok and page.url.endswith(f"/memos/{memo_id}")
        page.goto("/memos")
        assert row.locator(".title").inner_text() == "Final round prep"
        assert row.locator(".meta").inner_text().endswith(f"Sarah Chen · {company}")
        assert row.locator(".badge").inner_text() == "Next round"
    finally:
        context.close()
    assert problems == []


def open_due_editor(page, item, size: str):
    chip = item.locator("details.due-edit > summary")
    chip.tap() if size == "phone" else chip.click()
    editor = item.locator(".due-form input[type=date]")
    editor.wait_for(state="visible")
    wait_until(page, "() => document.activeElement.type === 'date'", timeout=5)  # ready to type or pick
    return editor


@pytest.mark.parametrize("where", ["follow-ups page", "memo page"])
@pytest.mark.parametrize("size", SIZES)
def test_a_due_date_is_edited_in_place_with_its_picker(browser, server, sessions, memo_for, size, where):
    text = f"Book the onsite ({size}, {where})"
    memo_id = memo_for("alice", title="Onsite planning", actions=[(text, None, False)])
    url = "/followups" if where == "follow-ups page" else f"/memos/{memo_id}"
    context, page, problems = watched_page(browser, server, sessions["alice"], **SIZES[size])
    posts = []
    page.on("request", lambda r: r.method == "POST" and "/actions/" in r.url and posts.append(r.url))
    in_three_weeks = utc_today() + timedelta(days=21)

    def row():
        rows = page.locator("li.action") if where == "follow-ups page" else page.locator("#notes li.action")
        return rows.filter(has_text=text)

    try:
        page.goto(url)
        item = row()
        assert item.locator(DUE).inner_text() == "No date"

        # Esc (a tap elsewhere on a phone, whose picker has its own Cancel) closes it unsaved, as it was.
        editor = open_due_editor(page, item, size)
        if size == "laptop":
            editor.fill(in_three_weeks.isoformat())
            page.keyboard.press("Escape")
        else:
            page.locator("h1").first.tap()
        assert item.locator(DUE).is_visible() and item.locator(DUE).inner_text() == "No date"
        # The value goes back on the details' "toggle" event, which the browser fires a task after it closes.
        expect(editor).to_have_value("", timeout=5000)
        assert posts == []

        editor = open_due_editor(page, item, size)
        shot(page, f"due-picker-{size}-{where.split()[0]}")
        with page.expect_response(lambda r: "/actions/" in r.url and r.request.method == "POST") as answer:
            editor.fill(in_three_weeks.isoformat())
            if size == "laptop":
                page.keyboard.press("Enter")  # a typed date waits for Enter; a phone's picker saves when it is set
        assert answer.value.ok
        assert page.url.endswith(url)  # in place: no navigation, nothing in the URL
        label = f"{in_three_weeks:%a} {in_three_weeks.day} {in_three_weeks:%b}"
        if in_three_weeks.year != utc_today().year:
            label += f" {in_three_weeks.year}"
        wait_until(page, "(t) => [...document.querySelectorAll('.due-label')].some(s => s.innerText === t)", label)
        page.reload()
        assert row().locator(DUE).inner_text() == label
    finally:
        context.close()
    assert problems == []


@pytest.mark.parametrize("size", SIZES)
def test_settings_names_the_device_and_revoke_asks_first(browser, server, sessions, user_ids, size):
    context, page, problems = watched_page(browser, server, sessions["alice"], user_agent=PIXEL, **SIZES[size])
    try:
        page.goto("/")
        page.wait_for_function("() => window.Debrief && window.DebriefOutbox")
        wait_until(page, "(id) => DebriefOutbox.getToken(id)", user_ids["alice"])
        token_id = page.evaluate("(id) => DebriefOutbox.getToken(id).then(t => t.id)", user_ids["alice"])
        page.goto("/settings")
        row = page.locator(".tokens li").filter(has=page.locator(f'form[action="/settings/tokens/{token_id}/revoke"]'))
        assert row.locator(".device-name").inner_text() == "Chrome on Android · Pixel 8"
        assert "added " in row.inner_text() and "Mozilla" not in row.inner_text()
        revoke = row.locator("button", has_text="Revoke")
        assert "danger" not in revoke.get_attribute("class")
        assert revoke.evaluate("b => getComputedStyle(b).backgroundColor") in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
        shot(page, f"settings-{size}")

        page.once("dialog", lambda dialog: dialog.dismiss())
        revoke.click()
        page.wait_for_timeout(300)
        assert page.url.endswith("/settings") and row.count() == 1  # dismissed: still there

        page.once("dialog", lambda dialog: dialog.accept())
        with page.expect_navigation():
            revoke.click()
        assert "Token revoked" in page.locator("main").inner_text()
        assert page.locator(f'form[action="/settings/tokens/{token_id}/revoke"]').count() == 0
    finally:
        context.close()
    assert problems == []

"""A follow-up's ⋯ menu on a phone: Add to calendar, Snooze a day, Snooze a week, Delete. It opens by tap or
keyboard, Esc closes it, and snoozing and deleting save (a reload shows them). No console error on the way."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect
from pwa_support import PHONE, watched_page

MENU_ITEMS = ["Add to calendar", "Snooze a day", "Snooze a week", "Delete"]


def menu_of(page, text: str):
    return page.locator("#notes .action", has_text=text).locator("details.action-menu")


def due_of(page, text: str) -> str:
    return page.locator("#notes .action", has_text=text).locator(".due-label").inner_text()


def test_the_menu_opens_by_tap_and_keyboard_and_escape_closes_it(browser, server, sessions, memo_for):
    memo_id = memo_for("alice", title="Menu", actions=[("Send thanks", date.today() + timedelta(days=1), False)])
    context, page, problems = watched_page(browser, server, sessions["alice"], **PHONE)
    try:
        page.goto(f"/memos/{memo_id}")
        menu = menu_of(page, "Send thanks")
        assert not menu.locator(".menu").is_visible()
        menu.locator("summary").tap()
        items = menu.locator(".menu a, .menu button")
        assert [item.inner_text() for item in items.all()] == MENU_ITEMS
        assert all(item.is_visible() for item in items.all())
        shown = menu.locator(".menu").bounding_box()
        assert shown["x"] >= 0 and shown["x"] + shown["width"] <= 390  # all of it on the screen
        page.keyboard.press("Escape")
        assert not menu.locator(".menu").is_visible()

        menu.locator("summary").focus()
        page.keyboard.press("Enter")
        assert menu.locator(".menu").is_visible()
        page.keyboard.press("Tab")  # into the menu
        assert page.evaluate("document.activeElement.textContent.trim()") == "Add to calendar"
        page.keyboard.press("Escape")
        assert not menu.locator(".menu").is_visible()
        assert menu.locator("summary").evaluate("e => e === document.activeElement")  # back where it was
    finally:
        context.close()
    assert problems == []


def test_snooze_a_day_and_delete_from_the_menu_are_saved(browser, server, sessions, memo_for):
    memo_id = memo_for(
        "alice",
        title="Snooze",
        actions=[("Send thanks", date.today() + timedelta(days=1), False), ("Drop this one", None, False)],
    )
    context, page, problems = watched_page(browser, server, sessions["alice"], **PHONE)
    try:
        page.goto(f"/memos/{memo_id}")
        assert due_of(page, "Send thanks") == "Tomorrow"
        menu_of(page, "Send thanks").locator("summary").tap()
        with page.expect_response(lambda r: r.url.endswith("/snooze")) as answer:
            menu_of(page, "Send thanks").get_by_role("button", name="Snooze a day").tap()
        assert answer.value.ok
        # The answer is in before htmx has swapped it in: wait for the label to change.
        label = page.locator("#notes .action", has_text="Send thanks").locator(".due-label")
        expect(label).not_to_have_text(re.compile(r"^\s*(?:Tomorrow|Today|No date)\s*$"))
        snoozed = due_of(page, "Send thanks")
        assert menu_of(page, "Drop this one").locator(".menu a").count() == 0  # no date: no calendar entry

        menu_of(page, "Drop this one").locator("summary").tap()
        with page.expect_response(lambda r: r.url.endswith("/delete")) as answer:
            menu_of(page, "Drop this one").get_by_role("button", name="Delete").tap()
        assert answer.value.ok
        page.reload()
        assert due_of(page, "Send thanks") == snoozed
        assert page.locator("#notes .action", has_text="Drop this one").count() == 0
        assert page.url.endswith(f"/memos/{memo_id}")
    finally:
        context.close()
    assert problems == []

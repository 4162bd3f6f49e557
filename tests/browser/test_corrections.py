"""Corrections in a real browser: add a transcript line to Concerns and move a note to Advice in one tap (and by
keyboard), on a phone and on a laptop; both survive a reload; seeking from a line still works; no console
error and no Content-Security-Policy violation on the way."""

from __future__ import annotations

import pytest
from pwa_support import SIZES, watched_page

LINES = [
    (0.0, 4.0, "Notes on the call with Priya at Initrode."),
    (4.0, 9.0, "She liked how I explained the caching layer."),
    (9.0, 14.0, "My answers about load testing were a bit thin."),
    (14.0, 18.0, "I should send her my notes by Thursday."),
]
THIN = LINES[2][2]
BLOG = "Read their engineering blog"


def section_texts(page, section: str) -> list[str]:
    return page.eval_on_selector_all(
        f'#notes .note-section[data-section="{section}"] textarea.inline-edit', "els => els.map(e => e.value)"
    )


@pytest.mark.parametrize("size", SIZES)
def test_add_a_line_to_concerns_and_move_a_note_to_advice(browser, server, sessions, memo_for, size):
    memo_id = memo_for(
        "alice",
        title=f"Initrode call ({size})",
        segments=LINES,
        strengths=["Explained the caching layer", BLOG],
        advice=["Practise load testing"],
    )
    context, page, problems = watched_page(browser, server, sessions["alice"], **SIZES[size])
    press = (lambda loc: loc.tap()) if size == "phone" else (lambda loc: loc.click())
    try:
        page.goto(f"/memos/{memo_id}")
        page.evaluate("window.__samePage = true")  # gone if a tap loaded a new page instead of an htmx swap
        line = page.locator(".segment", has_text=THIN)

        # Seeking from the line still works, and opening its menu does not seek.
        press(line.locator("button.seek"))
        assert "current" in line.get_attribute("class")
        press(page.locator(".segment", has_text=LINES[0][2]).locator("summary"))
        assert "current" in line.get_attribute("class")  # the highlight stayed where the player went
        assert page.locator(".segment.current").count() == 1
        press(page.locator(".memo-head .meta time"))  # a tap elsewhere closes the menu
        assert page.locator("details.menu-wrap[open]").count() == 0

        # "Add to Concerns" on a line no note came from: one tap in its menu.
        press(line.locator("summary"))
        press(line.get_by_role("button", name="Add to Concerns"))
        page.wait_for_function(
            "(t) => [...document.querySelectorAll('#notes [data-section=concerns] textarea.inline-edit')]"
            ".some(e => e.value === t)",
            arg=THIN,
        )
        page.locator(".segment", has_text=THIN).locator("details.line-add").wait_for(state="detached")  # out of band
        assert page.locator(".segment", has_text=LINES[3][2]).locator("details.line-add").count() == 1

        # Move a strength to Advice: by tapping on the phone, by keyboard on the laptop.
        item = page.locator("#notes li.item").filter(has_text=BLOG)
        if size == "phone":
            press(item.locator("summary"))
            press(item.get_by_role("button", name="Move to Advice"))
        else:
            item.locator("summary").focus()
            page.keyboard.press("Enter")
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Move to Advice"
            page.keyboard.press("Enter")
        page.wait_for_function(
            "(t) => [...document.querySelectorAll('#notes [data-section=advice] textarea.inline-edit')]"
            ".some(e => e.value === t)",
            arg=BLOG,
        )

        assert page.evaluate("window.__samePage === true")
        page.reload()
        assert THIN in section_texts(page, "concerns")
        assert section_texts(page, "advice") == ["Practise load testing", BLOG]
        assert section_texts(page, "strengths") == ["Explained the caching layer"]
        assert page.locator(".segment", has_text=THIN).locator("details.line-add").count() == 0

        page.goto("/settings")
        assert "Debrief has learned from" in page.locator("#corrections").inner_text()
    finally:
        context.close()
    assert problems == []

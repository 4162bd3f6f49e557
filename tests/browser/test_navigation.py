"""Getting around, on a phone (390×844) and a laptop (1440×900): a bottom tab bar with More on the phone and the
top bar on the laptop; the calendar as an agenda on the phone and a month grid from tablet width; the memo page's
notes and transcript side by side on the laptop."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pwa_support import LAPTOP, PHONE, SIZES, watched_page

TABS = ["Record", "Memos", "Follow-ups", "Search", "More"]
MORE = ["Calendar", "Companies", "Patterns", "Settings", "Your data", "Log out"]


def tab(page, label: str):
    return page.locator("nav.tabbar > .tab, nav.tabbar > details > summary.tab").filter(has_text=label)


def current_tab(page) -> str:
    return page.locator("nav.tabbar > a.tab[aria-current=page]").inner_text().strip()


def test_phone_tab_bar_is_one_row_at_the_bottom(browser, server, sessions):
    context, page, _ = watched_page(browser, server, sessions["alice"], **PHONE)
    try:
        page.goto("/memos")
        boxes = [tab(page, label).bounding_box() for label in TABS]
        assert {round(box["y"]) for box in boxes} == {round(boxes[0]["y"])}, "one row"
        assert all(box["y"] > 844 - 90 and box["y"] + box["height"] <= 844 for box in boxes), boxes
        assert all(box["height"] >= 44 and box["width"] >= 44 for box in boxes), boxes
        assert current_tab(page) == "Memos"
        # Record stands out: in the accent colour, the others in grey.
        colours = {label: tab(page, label).evaluate("el => getComputedStyle(el).color") for label in TABS}
        assert colours["Record"] != colours["Search"] == colours["Follow-ups"]

        tab(page, "Follow-ups").click()
        page.wait_for_url("**/followups")
        assert current_tab(page) == "Follow-ups"
        # The last row of the page is not hidden behind the bar.
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        footer = page.locator("footer.footer").bounding_box()
        assert footer["y"] + footer["height"] <= tab(page, "Search").bounding_box()["y"]

        tab(page, "More").click()
        menu = page.locator("nav.tabbar .more-menu .menu")
        menu.wait_for()
        assert [line.strip() for line in menu.locator("a, button").all_inner_texts()] == MORE
        box = menu.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= tab(page, "More").bounding_box()["y"], "opens upwards"
        menu.get_by_role("link", name="Calendar").click()
        page.wait_for_url("**/calendar")
        assert page.locator("nav.tabbar > a.tab[aria-current=page]").count() == 0
        assert "current" in page.locator("nav.tabbar .more-menu > summary").get_attribute("class")
        assert page.locator(".more-menu a[aria-current=page]").text_content() == "Calendar"
    finally:
        context.close()


def test_laptop_keeps_the_nav_in_the_top_bar(browser, server, sessions):
    context, page, _ = watched_page(browser, server, sessions["alice"], **LAPTOP)
    try:
        page.goto("/followups")
        header = page.locator("header.topbar").bounding_box()
        for label in TABS:
            box = tab(page, label).bounding_box()
            assert header["y"] <= box["y"] and box["y"] + box["height"] <= header["y"] + header["height"], label
        assert current_tab(page) == "Follow-ups"
        tab(page, "More").click()
        menu = page.locator("nav.tabbar .more-menu .menu")
        more = tab(page, "More").bounding_box()
        assert menu.bounding_box()["y"] >= more["y"] + more["height"], "drops down under the bar"
        page.keyboard.press("Escape")
        menu.wait_for(state="hidden")
        tab(page, "More").click()
        menu.get_by_role("link", name="Companies").click()
        page.wait_for_url("**/companies")
        assert page.locator(".more-menu a[aria-current=page]").text_content() == "Companies"
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_calendar_is_an_agenda_on_a_phone_and_a_grid_from_tablet_width(browser, server, sessions, memo_for, size):
    today = datetime.now(UTC).date()  # the suite's users keep the default time zone, UTC
    text = f"Send Northwind the portfolio walkthrough ({size})"
    memo_for("alice", contact="Sarah Chen", company="Northwind Labs", actions=[(text, today, False)])
    context, page, _ = watched_page(browser, server, sessions["alice"], **SIZES[size])
    try:
        page.goto("/calendar")
        grid, agenda = page.locator("table.month"), page.locator(".agenda")
        if size == "phone":
            assert grid.is_hidden() and agenda.is_visible()
            day = agenda.locator(f"section.agenda-day:has-text('{text}')")
            assert day.locator("h3").inner_text().startswith(f"{today:%A} {today.day} {today:%B}")
            assert "Today" in day.locator("h3").inner_text()
            link = day.get_by_role("link", name=text)
            # Whole words on a line: the link is as wide as its longest word needs, far wider than a grid cell.
            assert link.bounding_box()["width"] > 390 / 2
            assert day.locator(".followup-from").inner_text() == "Sarah Chen · Northwind Labs"
            assert day.get_by_role("button", name="Snooze a day").is_visible()
        else:
            assert agenda.is_hidden() and grid.is_visible()
            assert grid.locator(f"td.today .cal-action:has-text('{text}')").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_memo_page_puts_notes_and_transcript_side_by_side_on_a_laptop(browser, server, sessions, memo_for, size):
    segments = [
        (i * 5.0, i * 5.0 + 5, f"Line {i} of a long call about the backend role and the team.") for i in range(60)
    ]
    memo_id = memo_for(
        "alice",
        contact="Sarah Chen",
        company="Northwind Labs",
        segments=segments,
        strengths=[f"Strength number {i}" for i in range(25)],
        concerns=["SQL"],
        advice=["Query plans"],
    )
    context, page, _ = watched_page(browser, server, sessions["alice"], **SIZES[size])
    try:
        page.goto(f"/memos/{memo_id}")
        notes, transcript = page.locator("#notes"), page.locator("section.transcript")
        n, t = notes.bounding_box(), transcript.bounding_box()
        if size == "phone":
            assert t["y"] >= n["y"] + n["height"], "one column: the transcript under the notes"
            return
        assert t["x"] >= n["x"] + n["width"], "the transcript beside the notes"
        assert abs(t["y"] - n["y"]) < 40, (n, t)
        assert transcript.evaluate("el => el.scrollHeight > el.clientHeight + 100")
        last = page.locator(".segment").last
        transcript.evaluate("el => { el.scrollTop = el.scrollHeight; }")
        assert last.is_visible() and page.evaluate("() => window.scrollY") == 0, "scrolled inside, not the page"
        page.mouse.move(n["x"] + 20, 600)  # over the notes: the wheel scrolls the page
        page.mouse.wheel(0, 700)
        page.wait_for_function("() => window.scrollY > 0")
        page.wait_for_timeout(300)  # smooth scrolling settles
        player, t = page.locator("#player").bounding_box(), transcript.bounding_box()
        assert player["y"] >= 0 and player["y"] + player["height"] <= t["y"], "the player stays in reach, above"
        assert t["y"] + t["height"] <= 900, "the whole transcript pane in the window, scrolling on its own"
    finally:
        context.close()

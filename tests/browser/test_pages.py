"""Every page, on a phone (390×844) and a laptop (1440×900): it loads with no console error, no CSP violation
and (on the phone) no sideways scroll; the suite's page watch fails the test otherwise. On the phone every
control is big enough for a thumb (32 px, 44 px for the main actions); the test lists those that are not.

With DEBRIEF_SCREENSHOTS=folder (what `make screenshots` sets), each page is also saved there as
`<size>-<page>.png` for a reviewer to look at.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from pwa_support import SIZES, SMALL_TARGETS

PAGES = {
    "record": "/",
    "memos": "/memos",
    "memo": "/memos/{memo}",
    "draft": "/memos/{memo}/draft",
    "followups": "/followups",
    "calendar": "/calendar",
    "search": "/search?q=portfolio",
    "companies": "/companies",
    "company": "{company}",
    "person": "{person}",
    "patterns": "/patterns",
    "settings": "/settings",
    "your-data": "/account",
}
LOGGED_OUT = {"login": "/login", "offline-shell": "/shell"}


@pytest.fixture(scope="module")
def screenshots() -> Path | None:
    folder = os.environ.get("DEBRIEF_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def showcase(memo_for) -> int:
    """A memo with everything a page can show: transcript, notes, follow-ups due soon, a person and a company."""
    today = date.today()
    return memo_for(
        "alice",
        title=None,
        contact="Sarah Chen",
        company="Northwind Labs",
        role="Senior backend engineer",
        outcome="next_round",
        segments=[
            (0.0, 4.2, "Sarah Chen from Northwind Labs called about the senior backend role."),
            (4.2, 9.8, "She liked my portfolio, especially the onboarding redesign, and the way I explained it."),
            (9.8, 14.0, "They felt my answers on SQL were a bit thin, so I should brush up on query plans."),
        ],
        strengths=["Portfolio, especially the onboarding redesign and how I explained the trade-offs"],
        concerns=["Answers on SQL were a bit thin"],
        advice=["Brush up on query plans before the next round"],
        actions=[
            ("Send Sarah a thank-you email tomorrow morning", today + timedelta(days=1), False),
            ("Read about Northwind Labs' data platform", today - timedelta(days=2), False),
            ("Prepare the system design example", None, True),
        ],
    )


def page_paths(page, memo_id: int) -> dict[str, str]:
    """Every page's path, the company and person ones read from the Companies page."""
    page.goto("/companies")
    company = page.locator("a[href^='/companies/']").first.get_attribute("href")
    person = page.locator("a[href^='/people/']").first.get_attribute("href")
    return {name: path.format(memo=memo_id, company=company, person=person) for name, path in PAGES.items()}


def visit(page, path: str, name: str, size: str, screenshots: Path | None) -> list[str]:
    """Open the page (saving its screenshot if asked); on a phone, the controls too small for a thumb."""
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # the sideways check runs 100 ms after the last change
    if screenshots is not None:
        page.screenshot(path=str(screenshots / f"{size}-{name}.png"), full_page=True)
    return [f"{name}: {target}" for target in page.evaluate(SMALL_TARGETS)] if size == "phone" else []


@pytest.mark.parametrize("size", SIZES)
def test_every_page_is_clean(browser, server, sessions, showcase, screenshots, size, page_watch):
    context = browser.new_context(base_url=server.url, storage_state=sessions["alice"], **SIZES[size])
    context.set_default_timeout(15000)
    page = context.new_page()
    small = []
    for name, path in page_paths(page, showcase).items():
        small += visit(page, path, name, size, screenshots)
    context.close()

    strangers = browser.new_context(base_url=server.url, **SIZES[size])
    page = strangers.new_page()
    for name, path in LOGGED_OUT.items():
        small += visit(page, path, name, size, screenshots)
    strangers.close()
    assert page_watch.unexpected() == []
    assert small == [], "too small for a thumb:\n" + "\n".join(small)

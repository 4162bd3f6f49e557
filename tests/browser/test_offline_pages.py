"""Offline, the phone says so and shows what it can: the memo list as this user last saw it here (never another
user's), else the record screen saying the page needs a connection; a memo queued offline then uploaded is listed
as "Uploaded · Open"."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import expect
from pwa_support import PHONE, Phone, login, wait_until

SAVED = "() => caches.open('debrief-pages').then(c => c.keys()).then(keys => keys.map(k => k.url))"


def offline_phone(browser, server) -> Phone:
    """A phone with alice logged in afresh (the test logs out: the suite's shared session must live on)."""
    context = browser.new_context(base_url=server.url, permissions=["microphone"], **PHONE)
    context.set_default_timeout(15000)
    phone = Phone(context.new_page())
    login(phone.page, "alice", server.url)
    phone.open("/")
    phone.wait_controlled()
    return phone


def tap_tab(page, label: str) -> None:
    page.locator("nav.tabbar > a.tab").filter(has_text=label).click()
    page.wait_for_load_state()
    page.evaluate("() => window.Debrief.ready")


def test_offline_memos_shows_the_list_last_seen_and_never_another_users(browser, server, memo_for, user_ids):
    title = "Offline list · seen before"
    memo_for("alice", title=title, recorded_at=datetime.now(UTC).replace(tzinfo=None))
    phone = offline_phone(browser, server)
    page = phone.page
    try:
        tap_tab(page, "Memos")
        page.get_by_text(title).wait_for()
        assert page.locator("#offline-banner").is_hidden()
        assert wait_until(page, SAVED) == [f"{server.url}/memos?saved-for={user_ids['alice']}"]

        server.stop_web()
        page.context.set_offline(True)
        try:
            tap_tab(page, "Record")
            tap_tab(page, "Memos")
            assert page.url.endswith("/memos")
            page.get_by_text(title).wait_for()
            banner = page.locator("#offline-banner")
            banner.wait_for()
            assert " ".join(banner.inner_text().split()) == (
                "You're offline. This page is as this phone last saw it. "
                "You can still record: memos wait on this phone and upload when you're back online."
            )
            # A page it has not kept: the record screen, saying why.
            tap_tab(page, "Follow-ups")
            assert page.url.endswith("/followups")
            page.wait_for_selector("#record-button:enabled")
            expect(page.locator("#offline-banner")).to_contain_text("can't be opened without a connection")
        finally:
            server.serve()
        page.context.set_offline(False)

        # Alice logs out (More → Log out) and Bob logs in on the same phone: offline, Alice's list is not his.
        page.goto("/memos")
        page.locator("nav.tabbar .more-menu > summary").click()
        page.locator("nav.tabbar .more-menu").get_by_role("button", name="Log out").click()
        page.wait_for_url("**/login**")
        wait_until(page, SAVED.replace("keys.map(k => k.url)", "keys.length === 0"))  # forgotten at logout
        login(page, "bob", server.url)
        phone.open("/")
        server.stop_web()
        page.context.set_offline(True)
        try:
            tap_tab(page, "Memos")
            page.wait_for_selector("#record-button:enabled")
            assert title not in page.content()
            expect(page.locator("#offline-banner")).to_contain_text("can't be opened without a connection")
        finally:
            server.serve()
        page.context.set_offline(False)
    finally:
        page.context.close()


def test_a_queued_memo_once_uploaded_says_uploaded_open(browser, server, user_ids):
    phone = offline_phone(browser, server)
    phone.wait_device_token(user_ids["alice"])
    memos = phone.page.context.new_page()  # the memo list, open in another tab while recording
    Phone(memos).open("/memos")
    context = phone.page.context
    try:
        server.stop_web()
        context.set_offline(True)
        try:
            uuid = phone.record_and_save(2.0, "Queued then uploaded")
            row = memos.locator(f"#local-memos li[data-uuid='{uuid}']")
            row.get_by_text("Waiting to upload").wait_for()
        finally:
            server.serve()
        context.set_offline(False)

        row.get_by_text("Uploaded · Open").wait_for(timeout=30000)
        assert row.get_attribute("data-state") == "uploaded"
        assert row.locator(".title").inner_text() == "Queued then uploaded"
        memo = server.memo_by_uuid("alice", uuid)
        assert row.get_by_role("link", name="Open").get_attribute("href") == f"/memos/{memo['id']}"
        row.get_by_role("link", name="Open").click()
        memos.wait_for_url(f"**/memos/{memo['id']}")
        assert "Queued then uploaded" in memos.title()
    finally:
        context.close()

"""No connection: the record page opens from the service worker's cache, records, keeps the memos; back online
they upload exactly once and are transcribed."""

from __future__ import annotations

import re
import time


def test_record_offline_then_sync_exactly_once(phone_for, server, user_ids):
    phone = phone_for("alice")
    phone.wait_device_token(user_ids["alice"])
    phone.wait_controlled()
    before = {m["id"] for m in server.memos("alice")}
    context = phone.page.context

    # Offline for the page (navigator.onLine) and, since service worker fetches escape set_offline, for real.
    server.stop_web()
    context.set_offline(True)
    try:
        first = phone.record_and_save(2.5, "Offline one", company="Initech")
        second = phone.record_and_save(2.5)
        phone.page.reload()
        phone.page.wait_for_selector("#record-button:enabled")
        phone.page.evaluate("() => window.Debrief.ready")
        assert "Debrief" in phone.page.title()
        banner = phone.page.locator("#outbox-banner")
        banner.get_by_text("2 memos waiting to upload").wait_for()
        assert phone.page.locator("meta[name=csrf-token]").count() == 0, "the offline shell holds no CSRF token"
        # The shell records too (for the last user seen here); this one is discarded, leaving the two.
        phone.page.on("dialog", lambda dialog: dialog.accept())
        phone.record(1.5)
        phone.page.click("#discard-button")
        phone.page.wait_for_selector("#recorder[data-state=idle]")
        outbox = {m["uuid"]: m for m in phone.outbox()}
        assert set(outbox) == {first, second}
        assert {m["state"] for m in outbox.values()} == {"waiting"}
        assert all(m["chunk_count"] >= 2 and m["user_id"] == user_ids["alice"] for m in outbox.values())
    finally:
        server.serve()
    context.set_offline(False)

    phone.wait_outbox_empty(timeout=30)
    banner.wait_for(state="hidden")
    after = [m for m in server.memos("alice") if m["id"] not in before]
    assert sorted(m["client_uuid"] for m in after) == sorted([first, second])
    for memo in after:
        done = server.wait_transcribed("alice", memo["id"])
        assert done["status"] == "ready", done
        assert done["transcript"]["text"].strip()
    titles = {m["client_uuid"]: m["title"] for m in after}
    assert titles[first] == "Offline one"
    status, memo = server.api("alice", f"/api/memos/{next(m['id'] for m in after if m['client_uuid'] == first)}")
    assert status == 200 and memo["notes"]["company"] == "Initech"  # typed offline, kept in the outbox, sent later


# "Tue 1 Dec 2026, 00:59" (the day and month names in the browser's language; this Chromium's is English).
MOMENT = r"^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$"


def test_outbox_says_one_memo_in_a_sentence_and_dates_it_as_the_server_does(phone_for, server, user_ids):
    phone = phone_for("alice")
    phone.wait_device_token(user_ids["alice"])
    phone.wait_controlled()
    before = {m["id"] for m in server.memos("alice")}
    server.stop_web()
    phone.page.context.set_offline(True)
    try:
        phone.record_and_save(2.0, "Dated offline")
        banner = phone.page.locator("#outbox-banner")
        banner.get_by_text("1 memo waiting to upload.", exact=True).wait_for()
        assert banner.locator(".banner-note").inner_text() == "You're offline: it uploads when you're back online."
        queued = phone.page.locator("#local-memos time").first.inner_text()
        assert re.match(MOMENT, queued), queued
    finally:
        server.serve()
    phone.page.context.set_offline(False)
    deadline = time.monotonic() + 30
    while not (new := [m for m in server.memos("alice") if m["id"] not in before]) and time.monotonic() < deadline:
        time.sleep(0.5)
    uploaded = new[0]
    phone.page.goto(f"/memos/{uploaded['id']}")
    assert phone.page.locator(".meta time").first.inner_text() == queued  # one format, the same moment

"""A recording cut short (the tab closed mid-sentence) is recovered from its stored chunks into the outbox."""

from __future__ import annotations

from pwa_support import Phone, wait_until


def test_closing_the_page_mid_recording_keeps_the_audio(phone_for, server, user_ids, page_watch):
    page_watch.expect(r"net::ERR_FAILED")  # the blocked uploads
    phone = phone_for("alice")
    phone.wait_device_token(user_ids["alice"])
    context = phone.page.context
    context.route("**/api/memos", lambda route: route.abort() if route.request.method == "POST" else route.continue_())

    phone.page.click("#record-button")
    phone.page.wait_for_selector("#recorder[data-state=recording]")
    wait_until(phone.page, "() => DebriefOutbox.listMemos().then(m => m.length === 1 && m[0].chunk_count >= 3)")
    phone.page.close()  # no stop, no save: like a crash or a swipe-away

    again = Phone(context.new_page())
    again.open("/")
    wait_until(again.page, "() => DebriefOutbox.listMemos().then(m => m[0] && m[0].state === 'waiting')")
    [memo] = again.outbox()
    assert memo["recovered"] and memo["chunk_count"] >= 3 and memo["user_id"] == user_ids["alice"]
    again.page.locator("#outbox-banner").get_by_text("1 memo waiting to upload").wait_for()
    again.page.locator("#local-memos").get_by_text("recovered after the page closed").wait_for()

    context.unroute("**/api/memos")
    # The banner is drawn again on each of the outbox's own retries, so a click on the button found a moment before
    # can land on a detached copy: press the one that is there when the click happens (if a retry has not already
    # sent the memo, which wait_outbox_empty then sees too).
    again.page.evaluate("document.querySelector('#outbox-banner [data-sync-now]')?.click()")
    again.wait_outbox_empty()
    arrived = server.memo_by_uuid("alice", memo["uuid"])
    assert arrived is not None
    done = server.wait_transcribed("alice", arrived["id"])
    assert done["status"] == "ready" and done["duration"] >= 2.5, done

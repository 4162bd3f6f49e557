"""The record page before, during and after a recording: the save step (player, title, who the call was with,
Save memo, Discard) shows only once something is recorded, and goes away empty once it is saved or discarded."""

from __future__ import annotations

from pwa_support import LAPTOP, PHONE, wait_until, watched_page

SAVE_STEP = ("#review", "#preview", "#memo-title", "#memo-contact", "#save-button", "#discard-button")


def visible_parts(page) -> list[str]:
    return [selector for selector in SAVE_STEP if page.locator(selector).is_visible()]


def test_the_save_step_shows_only_for_a_recording_and_leaves_nothing_behind(phone_for, user_ids, page_watch):
    phone = phone_for("alice")
    phone.wait_device_token(user_ids["alice"])
    page = phone.page
    assert visible_parts(page) == []  # before: the button, nothing to save

    page.click("#record-button")
    page.wait_for_selector("#recorder[data-state=recording]")
    assert visible_parts(page) == []  # during
    page.wait_for_timeout(1500)
    page.click("#record-button")
    page.wait_for_selector("#review:not([hidden])")
    assert visible_parts(page) == list(SAVE_STEP)  # after: listen back, name it, save or discard

    # Saved with no connection: the memo waits in the outbox, the page stays, the save step goes.
    page_watch.expect(r"ERR_INTERNET_DISCONNECTED")
    page.context.set_offline(True)
    phone.save("Offline title", contact="Sarah Chen")
    page.wait_for_selector("#recorder[data-state=idle]")
    assert visible_parts(page) == []
    assert page.input_value("#memo-title") == "" and page.input_value("#memo-contact") == ""  # the old title goes

    phone.record(1.5)
    assert page.input_value("#memo-title") == "" and page.input_value("#memo-contact") == ""  # nothing kept
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#discard-button")
    page.wait_for_selector("#recorder[data-state=idle]")
    assert visible_parts(page) == []
    assert [(m["title"], m["contact"]) for m in phone.outbox()] == [("Offline title", "Sarah Chen")]
    page.context.set_offline(False)
    page.wait_for_url("**/memos/*", timeout=30000)  # back online: it uploads, and the page opens it


def test_after_stop_the_player_knows_the_recording_s_length(phone_for, user_ids, page_watch):
    phone = phone_for("alice")
    phone.wait_device_token(user_ids["alice"])
    phone.record(2)
    length = wait_until(
        phone.page, "() => { const d = document.getElementById('preview').duration; return isFinite(d) && d; }"
    )
    assert 1.0 < length < 10
    assert phone.page.evaluate("document.getElementById('preview').currentTime") == 0  # ready to listen from 0:00


def test_the_hint_says_tap_on_a_phone_and_click_on_a_laptop(browser, server, sessions, page_watch):
    for size, word in ((PHONE, "Tap record"), (LAPTOP, "Click record")):
        context, page, _ = watched_page(browser, server, sessions["alice"], **size)
        page.goto("/")
        assert word in page.locator("#record-hint").inner_text()
        context.close()

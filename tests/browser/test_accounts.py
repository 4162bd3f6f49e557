"""A queued memo belongs to whoever recorded it: it uploads with their device token after their session ends,
and never under another account logged in on the same phone."""

from __future__ import annotations

from pwa_support import login, wait_until


def block_uploads(context) -> None:
    context.route("**/api/memos", lambda route: route.abort() if route.request.method == "POST" else route.continue_())


def test_uploads_with_the_device_token_after_the_session_expired(phone_for, server, user_ids, page_watch):
    page_watch.expect(r"net::ERR_FAILED")  # the blocked uploads
    phone = phone_for("alice")
    phone.wait_device_token(user_ids["alice"])
    context = phone.page.context
    block_uploads(context)
    uuid = phone.record_and_save(2)
    assert phone.outbox()[0]["uuid"] == uuid

    context.clear_cookies()  # the session is gone (expired, or cleared by the browser)
    # Still blocked while the record page is left: an upload landing mid-navigation would open the memo
    # (the record page's auto-open) and abort this navigation.
    phone.open("/")  # redirected to the login page
    assert "/login" in phone.page.url
    context.unroute("**/api/memos")
    phone.open("/login")  # the login page syncs too, with the device token
    phone.wait_outbox_empty()
    assert server.memo_by_uuid("alice", uuid) is not None


def test_another_account_never_uploads_someone_elses_memo(phone_for, server, user_ids, page_watch):
    # The blocked uploads, the revoked token's 401, and the 400 for a device token asked for with the CSRF
    # token of alice's ended session.
    page_watch.expect(r"net::ERR_FAILED", r"status of 401 \(UNAUTHORIZED\)", r"status of 400 \(BAD REQUEST\)")
    phone = phone_for("alice")
    phone.wait_device_token(user_ids["alice"])
    context = phone.page.context
    block_uploads(context)
    uuid = phone.record_and_save(2)

    # Alice's session ends and her device token is revoked; Bob logs in on the same phone.
    context.clear_cookies()
    server.cli("token", "revoke", "alice", str(phone.device_token(user_ids["alice"])["id"]))
    context.unroute("**/api/memos")
    login(phone.page, "bob", server.url)
    phone.wait_device_token(user_ids["bob"])
    wait_until(phone.page, "(u) => DebriefOutbox.getMemo(u).then(m => m && m.blocked === 'owner')", uuid)
    phone.page.locator("#outbox-banner").get_by_text("recorded by alice").wait_for()
    phone.page.locator("#outbox-banner").get_by_role("button", name="Sync now").click()
    phone.page.wait_for_timeout(1500)
    assert [m["uuid"] for m in phone.outbox()] == [uuid]
    assert server.memo_by_uuid("bob", uuid) is None
    assert server.memo_by_uuid("alice", uuid) is None
    assert phone.device_token(user_ids["alice"]) is None  # the revoked token was dropped

    # Bob logs out, Alice logs in again: her memo goes up under her account.
    phone.page.locator("footer").get_by_role("button", name="Log out").click()
    phone.page.wait_for_url("**/login")
    login(phone.page, "alice", server.url)
    phone.wait_outbox_empty()
    assert server.memo_by_uuid("alice", uuid) is not None
    assert server.memo_by_uuid("bob", uuid) is None

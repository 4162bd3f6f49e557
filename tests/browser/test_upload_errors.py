"""When the server says no: 5xx retries with backoff (and the memo arrives once), 413 keeps the memo and asks
the user, and the page refuses to record when storage is short or the address is not secure."""

from __future__ import annotations

import json


def fail_first_uploads(context, responses: list[dict]) -> list[str]:
    """Answer the first POST /api/memos with each of `responses`, then let uploads through; returns a log."""
    log: list[str] = []

    def handle(route):
        if route.request.method != "POST":
            route.continue_()
            return
        if responses:
            reply = responses.pop(0)
            log.append(f"fulfilled {reply['status']}")
            route.fulfill(
                status=reply["status"],
                headers=reply.get("headers", {}),
                content_type="application/json",
                body=json.dumps({"error": reply.get("error", "boom")}),
            )
            return
        log.append("sent")
        route.continue_()

    context.route("**/api/memos", handle)
    return log


def test_server_error_is_retried_and_the_memo_arrives_once(phone_for, server, user_ids, page_watch):
    page_watch.expect(r"status of 500 \(Internal Server Error\)")  # the test's own answer
    phone = phone_for("alice")
    phone.wait_device_token(user_ids["alice"])
    before = {m["id"] for m in server.memos("alice")}
    log = fail_first_uploads(
        phone.page.context, [{"status": 500, "error": "Internal error", "headers": {"Retry-After": "1"}}]
    )

    uuid = phone.record_and_save(2.5, "Retry me")
    # The first upload fails; the loop retries on its own (backoff ≥ Retry-After) and then opens the memo.
    phone.page.wait_for_url(f"{server.url}/memos/*", timeout=30000)
    assert log == ["fulfilled 500", "sent"]
    memo = server.memo_by_uuid("alice", uuid)
    assert memo is not None and phone.page.url.endswith(f"/memos/{memo['id']}")
    new = [m for m in server.memos("alice") if m["id"] not in before]
    assert [m["client_uuid"] for m in new] == [uuid]


def test_too_large_is_kept_and_needs_attention(phone_for, server, user_ids, page_watch):
    page_watch.expect(r"status of 413 \(Payload Too Large\)")  # the test's own answer
    phone = phone_for("alice")
    phone.wait_device_token(user_ids["alice"])
    message = "The recording is larger than the 100 MB upload limit."
    log = fail_first_uploads(phone.page.context, [{"status": 413, "error": message}])

    uuid = phone.record_and_save(2)
    phone.page.locator("#record-status", has_text="This memo needs attention").wait_for()
    memo = phone.page.evaluate("(u) => DebriefOutbox.getMemo(u)", uuid)
    assert memo["state"] == "attention" and memo["error"] == message
    assert server.memo_by_uuid("alice", uuid) is None
    assert log == ["fulfilled 413"]

    phone.open("/memos")
    row = phone.page.locator(f'#local-memos li[data-uuid="{uuid}"]')
    row.get_by_text("Needs attention").wait_for()
    row.get_by_text(message).wait_for()
    phone.page.locator("#outbox-banner").get_by_text("1 memo waiting to upload").wait_for()
    with phone.page.expect_download() as download:
        row.get_by_role("button", name="Save audio to this device").click()
    path = download.value.path()
    assert download.value.suggested_filename.endswith(".webm")
    assert path.stat().st_size == memo["size"] > 1000

    # Once the cause is fixed (here: the server accepts it now), "Try again" sends it.
    row.get_by_role("button", name="Try again").click()
    phone.wait_outbox_empty()
    assert log == ["fulfilled 413", "sent"]
    assert server.memo_by_uuid("alice", uuid) is not None, server.memos("alice")


def test_server_upload_limit_is_checked_before_sending(phone_for, server, user_ids):
    phone = phone_for("alice")
    phone.wait_device_token(user_ids["alice"])
    posts = fail_first_uploads(phone.page.context, [])

    def small_limit(route):
        response = route.fetch()
        body = response.json()
        body["max_upload_bytes"] = 1000
        route.fulfill(response=response, json=body)

    phone.page.context.route("**/api/config", small_limit)
    uuid = phone.record_and_save(2)
    phone.page.locator("#record-status", has_text="This memo needs attention").wait_for()
    memo = phone.page.evaluate("(u) => DebriefOutbox.getMemo(u)", uuid)
    assert memo["state"] == "attention"
    assert "the server accepts at most 1 kB" in memo["error"]
    assert posts == []  # nothing was sent


def test_refuses_to_record_when_storage_is_short(new_context, server):
    context = new_context("alice")
    five_mb = 5 * 1024 * 1024
    short = f"() => Promise.resolve({{quota: {five_mb}, usage: 0}})"
    context.add_init_script(f"if (navigator.storage) navigator.storage.estimate = {short};")  # not on about:blank
    page = context.new_page()
    page.goto("/")
    page.evaluate("() => window.Debrief.ready")
    page.click("#record-button")
    page.get_by_text("Not enough storage to record safely").wait_for()
    assert page.locator("#recorder").get_attribute("data-state") == "idle"
    assert page.evaluate("() => DebriefOutbox.listMemos()") == []


def test_insecure_address_disables_recording(new_context, server):
    context = new_context("alice")
    # What a phone sees over plain HTTP on a LAN address (localhost itself always counts as secure).
    context.add_init_script("Object.defineProperty(window, 'isSecureContext', {value: false});")
    page = context.new_page()
    page.goto("/")
    page.locator("#insecure-banner").wait_for()
    assert page.locator("#record-button").is_disabled()
    assert "need HTTPS" in page.locator("#record-status").inner_text()

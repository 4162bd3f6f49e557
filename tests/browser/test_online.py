"""Recording with a connection: record, save, and the memo page shows what was said."""

from __future__ import annotations

from pwa_support import SPOKEN_WORDS, login, wait_until


def test_record_save_and_read_the_transcript(new_context, server, user_ids):
    page = new_context(None).new_page()
    login(page, "alice", server.url)  # a real login: the page then fetches this device's upload token
    wait_until(page, "(id) => DebriefOutbox.getToken(id)", user_ids["alice"])

    page.click("#record-button")
    page.wait_for_selector("#recorder[data-state=recording]")
    page.wait_for_timeout(5500)
    page.click("#record-button")
    page.wait_for_selector("#review:not([hidden])")
    page.fill("#memo-title", "Sarah from Acme")
    page.fill("#memo-contact", "Sarah Lindqvist")
    page.fill("#memo-company", "Acme")
    page.click("#save-button")

    page.wait_for_url(server.url + "/memos/*", timeout=20000)
    page.wait_for_selector(".segments .segment-text", timeout=90000)
    transcript = " ".join(page.locator(".segment-text").all_inner_texts()).lower()
    assert any(word in transcript for word in SPOKEN_WORDS), transcript
    company = page.locator("#notes input[list=known-company]")
    contact = page.locator("#notes input[list=known-contact]")
    assert (contact.input_value(), company.input_value()) == ("Sarah Lindqvist", "Acme")  # typed at saving
    page.locator("#outbox-banner").wait_for(state="hidden")
    assert page.evaluate("() => DebriefOutbox.listMemos()") == []

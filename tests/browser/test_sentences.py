"""The transcript reads in sentences on a real transcribed memo, and each sentence plays from its own moment."""

from __future__ import annotations

import pytest
from pwa_support import SIZES, watched_page
from support import DATA, http_upload


@pytest.mark.parametrize("size", SIZES)
def test_each_sentence_plays_from_its_moment(browser, server, sessions, size):
    status, body = http_upload(
        server.url, server.api_tokens["alice"], (DATA / "memo_opus.webm").read_bytes(), title=f"Sentences ({size})"
    )
    assert status == 201, body
    assert server.wait_transcribed("alice", body["id"])["status"] == "ready"
    context, page, problems = watched_page(browser, server, sessions["alice"], **SIZES[size])
    try:
        page.goto(f"/memos/{body['id']}")
        lines = page.locator(".segment .segment-text").all_inner_texts()
        # "Sarah from Acme called about the senior sales role. She liked my presentation. I need to send…"
        assert len(lines) >= 3 and all(line.rstrip().endswith((".", "!", "?")) for line in lines), lines
        sentence = page.locator(".segment").nth(1)
        start = float(sentence.get_attribute("data-start"))
        assert start > 0
        button = sentence.locator("button.seek")
        button.tap() if size == "phone" else button.click()
        page.wait_for_function(
            "(at) => Math.abs(document.querySelector('audio').currentTime - at) < 0.3", arg=start, timeout=10_000
        )
        assert "current" in sentence.get_attribute("class")
        assert problems == []
    finally:
        context.close()

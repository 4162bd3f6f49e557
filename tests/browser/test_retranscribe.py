"""Re-transcribe in a real browser: the notes, the user's edit included, stay on screen with an "updating" line
while the worker runs; then the new transcript and notes replace them in place."""

from __future__ import annotations

from pwa_support import PHONE

PLACEHOLDER = "A placeholder line that the worker replaces."


def test_retranscribe_keeps_the_notes_on_screen_until_the_new_ones_arrive(browser, server, sessions, memo_for):
    memo_id = memo_for(
        "alice", title="Re-transcribe test", segments=[(0.0, 8.0, PLACEHOLDER)], strengths=["Calm answers"]
    )
    context = browser.new_context(base_url=server.url, storage_state=sessions["alice"], **PHONE)
    page = context.new_page()
    page.goto(f"/memos/{memo_id}")
    strength = page.locator('#notes [data-section="strengths"] textarea.inline-edit').first
    strength.fill("My own words on the answers")
    with page.expect_response(lambda r: "/items/" in r.url and r.request.method == "POST") as answer:
        strength.press("Enter")
    assert answer.value.ok

    page.on("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("form.retranscribe button")
    updating = page.locator("#memo-updating")
    updating.wait_for()
    assert "Updating" in updating.inner_text()
    assert strength.is_visible() and strength.input_value() == "My own words on the answers"
    assert page.locator(".segment-text").first.inner_text() == PLACEHOLDER  # the old transcript until the new one
    page.evaluate("window.__samePage = true")  # gone if the result came by reloading the page

    updating.wait_for(state="detached", timeout=120000)
    transcript = " ".join(page.locator(".segment-text").all_inner_texts())
    assert transcript.strip() and PLACEHOLDER not in transcript
    assert page.evaluate("window.__samePage === true")
    strengths = page.locator('#notes [data-section="strengths"] textarea.inline-edit')
    assert "My own words on the answers" in [strengths.nth(i).input_value() for i in range(strengths.count())]
    context.close()

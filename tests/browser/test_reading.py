"""What a phone shows while reading: the email draft's box grows with its text (the signature is never cut off)
and typed text is not bold; nothing scrolls into sight past the sticky player's rounded corners."""

from __future__ import annotations

import io

from PIL import Image
from pwa_support import PHONE, watched_page

PAGE_BACKGROUND = (246, 247, 249)  # --bg in app.css


def pixel(page, x: float, y: float) -> tuple[int, int, int]:
    """The colour on screen at (x, y) of the viewport."""
    shot = page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1})
    return Image.open(io.BytesIO(shot)).convert("RGB").getpixel((0, 0))


def test_the_draft_grows_with_its_text_and_is_not_bold(browser, server, sessions, memo_for):
    memo_id = memo_for("alice", title=None, contact="Sarah Chen", company="Northwind Labs", strengths=["Portfolio"])
    context, page, problems = watched_page(browser, server, sessions["alice"], **PHONE)
    try:
        page.goto(f"/memos/{memo_id}/draft")
        body = page.locator("#draft-body")
        assert "Best regards" in body.input_value()
        assert body.evaluate("e => e.scrollHeight <= e.clientHeight + 1")  # all of it in view, signature too
        assert body.evaluate("e => getComputedStyle(e).fontWeight") == "400"
        assert page.locator("#draft-subject").evaluate("e => getComputedStyle(e).fontWeight") == "400"
        before = body.bounding_box()["height"]
        body.tap()
        page.keyboard.press("Control+End")
        page.keyboard.type("\nP.S. One more thing.\n" * 5)
        assert body.bounding_box()["height"] > before
        assert body.evaluate("e => e.scrollHeight <= e.clientHeight + 1")
    finally:
        context.close()
    assert problems == []


def test_nothing_shows_past_the_sticky_player_s_corners(browser, server, sessions, memo_for):
    memo_id = memo_for(
        "alice",
        title="Player corners",
        segments=[(float(i), float(i + 1), f"Line number {i} of a long call.") for i in range(40)],
        strengths=[f"Strength {i}" for i in range(8)],
    )
    context, page, problems = watched_page(browser, server, sessions["alice"], **PHONE)
    try:
        page.goto(f"/memos/{memo_id}")
        page.mouse.wheel(0, 900)
        page.wait_for_timeout(300)
        player = page.locator("#player").bounding_box()
        assert player["y"] < 30  # stuck to the top
        # The pixels just inside the player's corners, outside its rounded edge, are the page's background
        # (the band it sits on), not the white notes card scrolled under it.
        corners = [(player["x"] + 1, player["y"] + 1), (player["x"] + player["width"] - 2, player["y"] + 1)]
        corners += [(player["x"] + 1, player["y"] + player["height"] - 2)]
        assert [pixel(page, x, y) for x, y in corners] == [PAGE_BACKGROUND] * 3
    finally:
        context.close()
    assert problems == []

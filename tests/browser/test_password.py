"""Changing the password in a real browser on a phone: Settings → Change password, the current one asked for;
afterwards this phone stays logged in, the user's other browser is logged out, and only the new password works.
No console error or CSP violation on the way."""

from __future__ import annotations

from pwa_support import PHONE, login, watched_page
from support import PASSWORD

NEW_PASSWORD = "a brand new phone password"


def test_change_password_on_a_phone_logs_out_the_other_browser(browser, server):
    server.create_user("pat")  # an account of its own: the suite's alice and bob keep their password
    laptop = browser.new_context(base_url=server.url)
    context, page, problems = watched_page(browser, server, None, **PHONE)
    try:
        login(laptop.new_page(), "pat", server.url)
        login(page, "pat", server.url)
        page.goto("/settings")
        page.get_by_role("link", name="Change password").tap()
        page.wait_for_url("**/settings/password")
        page.get_by_label("Current password").fill(PASSWORD)
        page.locator("input[name=new_password]").fill(NEW_PASSWORD)
        page.get_by_label("New password again").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Change password").tap()
        page.wait_for_url("**/settings")
        page.get_by_text("Password changed. Every other browser was logged out.").wait_for()
        assert page.get_by_text("1 browser logged in, this one included.").is_visible()

        other = laptop.pages[0]
        other.goto(server.url + "/memos")
        assert "/login" in other.url  # the laptop's login ended with the old password

        page.locator("footer form[data-logout] button").tap()
        page.wait_for_url("**/login")
        page.fill("input[name=username]", "pat")
        page.fill("input[name=password]", NEW_PASSWORD)
        page.click("form button.primary")
        page.wait_for_url(server.url + "/")
    finally:
        laptop.close()
        context.close()
    assert problems == []

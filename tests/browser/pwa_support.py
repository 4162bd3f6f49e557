"""What the browser tests share: the phone on its record page, logging in, Chromium's arguments.

The server under test is support.DebriefProcesses, the helper the other process-level tests use.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from support import PASSWORD

CHROMIUM = "/usr/bin/chromium"
SENTENCE = "Recruiter Sarah called about the backend role. I need to send a thank you email by Friday."
SPOKEN_WORDS = ("recruiter", "sarah", "backend", "role", "thank", "email", "friday")
BASE_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def browser_args(speech: Path) -> list[str]:
    return BASE_ARGS + [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-audio-capture={speech}",
    ]


def login(page, username: str, base_url: str) -> None:
    page.goto(base_url + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button.primary")
    page.wait_for_url(base_url + "/")


def wait_until(page, script: str, arg=None, timeout: float = 15) -> object:
    """Poll `script` (which may return a promise: page.wait_for_function would take the promise itself as truthy)."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(script, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {script}")
        page.wait_for_timeout(200)


def share_file(page, path: Path, title: str, action: str = "/share-target") -> None:
    """What Android does for a share target: a multipart POST navigation to /share-target from this page."""
    page.evaluate(
        """(action) => {
      const form = document.createElement('form');
      form.method = 'post'; form.action = action; form.enctype = 'multipart/form-data';
      form.id = 'share';
      for (const [name, type] of [['title', 'hidden'], ['audio', 'file']]) {
        const input = document.createElement('input');
        input.name = name; input.type = type; form.append(input);
      }
      document.body.append(form);
    }""",
        action,
    )
    page.evaluate("(title) => { document.getElementById('share').elements.title.value = title; }", title)
    page.set_input_files("#share input[type=file]", str(path))
    page.evaluate("() => document.getElementById('share').submit()")


class Phone:
    """What a person does on the record page, and what the page keeps in IndexedDB."""

    def __init__(self, page):
        self.page = page

    def open(self, path: str = "/") -> None:
        self.page.goto(path)
        self.page.wait_for_function("() => window.Debrief && window.DebriefOutbox")
        self.page.evaluate("() => window.Debrief.ready")

    def wait_controlled(self) -> None:
        """The service worker is active and controls this page (clients.claim, or after one reload)."""
        self.page.evaluate("() => navigator.serviceWorker.ready")
        if not self.page.evaluate("() => !!navigator.serviceWorker.controller"):
            self.page.reload()
            self.page.evaluate("() => window.Debrief.ready")
        assert self.page.evaluate("() => !!navigator.serviceWorker.controller")

    def device_token(self, user_id: int) -> dict | None:
        return self.page.evaluate("(id) => DebriefOutbox.getToken(id)", user_id)

    def wait_device_token(self, user_id: int) -> None:
        wait_until(self.page, "(id) => DebriefOutbox.getToken(id)", user_id)

    def outbox(self) -> list[dict]:
        return self.page.evaluate("() => DebriefOutbox.listMemos()")

    def record(self, seconds: float) -> str:
        """Record for `seconds` and stop; returns the memo's client_uuid (now in review)."""
        self.page.click("#record-button")
        self.page.wait_for_selector("#recorder[data-state=recording]")
        self.page.wait_for_timeout(seconds * 1000)
        self.page.click("#record-button")
        self.page.wait_for_selector("#review:not([hidden])")
        reviewing = [m for m in self.outbox() if m["state"] == "review"]
        assert len(reviewing) == 1, reviewing
        return reviewing[0]["uuid"]

    def save(self, title: str | None = None, **names: str) -> None:
        """Save the memo under review; `names` fill "Who was the call with?" (contact=, company=)."""
        if title:
            self.page.fill("#memo-title", title)
        for field, value in names.items():
            self.page.fill(f"#memo-{field}", value)
        self.page.click("#save-button")

    def record_and_save(self, seconds: float, title: str | None = None, **names: str) -> str:
        uuid = self.record(seconds)
        self.save(title, **names)
        self.page.wait_for_selector("#recorder[data-state=idle]")
        return uuid

    def wait_outbox_empty(self, timeout: float = 30) -> None:
        wait_until(self.page, "() => DebriefOutbox.listMemos().then(m => m.length === 0)", timeout=timeout)


# Every policy violation, and a page wider than a phone's 390 px screen, becomes a console error (which fails
# the test). The width is checked once the page has loaded and after anything on it changes.
VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error(`CSP: ${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
});
"""
SIDEWAYS = """
(() => {
  const PHONE_WIDTH = 390;
  function describe(el) {
    const classes = [...el.classList].map((c) => '.' + c).join('');
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes;
  }
  function check() {
    const root = document.documentElement;
    // clientWidth, the layout width: a mobile browser zooms out to show a too-wide page, so innerWidth grows.
    if (!root || root.clientWidth > PHONE_WIDTH || root.scrollWidth <= root.clientWidth) return;
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1).slice(-3).map(describe);
    console.error(`Sideways scroll at ${root.clientWidth} px: ${location.pathname} is ${root.scrollWidth} px wide ` +
      `(${wide.join(', ')})`);
  }
  let timer = null;
  function soon() { clearTimeout(timer); timer = setTimeout(check, 100); }
  window.addEventListener('load', () => {
    check();
    new MutationObserver(soon).observe(document.body, { childList: true, subtree: true, attributes: true });
  });
})();
"""

# Controls a thumb must hit on a phone: each at least 32 px every way, the main actions 44 px. A checkbox counts
# with the label around it; controls not shown (closed menus, visually hidden labels' inputs) are skipped.
SMALL_TARGETS = """
(() => {
  const MAIN = '.primary, .record-button, #save-button';
  function describe(el) {
    const classes = [...el.classList].map((c) => '.' + c).join('');
    const name = (el.getAttribute('aria-label') || el.textContent || el.name || '').trim().slice(0, 30);
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes + (name ? ` "${name}"` : '');
  }
  function box(el) {
    const label = el.type === 'checkbox' || el.type === 'radio' ? el.closest('label') : null;
    return (label || el).getBoundingClientRect();
  }
  const controls = document.querySelectorAll('button, select, input:not([type=hidden]), textarea, summary');
  return [...controls].filter((el) => el.checkVisibility({ visibilityProperty: true })).flatMap((el) => {
    const r = box(el);
    if (r.width <= 1 || r.height <= 1) return [];  // visually hidden on purpose (e.g. a file input behind its label)
    const least = el.matches(MAIN) ? 44 : 32;
    if (r.width >= least - 0.5 && r.height >= least - 0.5) return [];
    return [`${describe(el)}: ${Math.round(r.width)}x${Math.round(r.height)} px, needs ${least}`];
  });
})()
"""

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
LAPTOP = {"viewport": {"width": 1440, "height": 900}}
SIZES = {"phone": PHONE, "laptop": LAPTOP}  # for @pytest.mark.parametrize("size", SIZES)


class PageWatch:
    """What went wrong on any page of the contexts it watches: console errors, page errors, CSP violations and
    sideways scrolling at phone width. A test that provokes an error on purpose says so with `expect`."""

    def __init__(self):
        self.problems: list[str] = []
        self.expected: list[re.Pattern] = []

    def attach(self, context) -> None:
        """Watch every page this context opens, and the ones it has."""
        context.add_init_script(VIOLATIONS + SIDEWAYS)
        context.on("page", self.watch)
        for page in context.pages:
            self.watch(page)

    def watch(self, page) -> None:
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text} ({where(m)})"))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))

    def expect(self, *patterns: str) -> None:
        """Console errors matching one of these regular expressions are part of the test, not a problem."""
        self.expected.extend(re.compile(p) for p in patterns)

    def unexpected(self) -> list[str]:
        return [p for p in self.problems if not any(e.search(p) for e in self.expected)]


def where(message) -> str:
    """The page (or the failed resource) a console message is about."""
    return message.location.get("url") or (message.page.url if message.page else "")


def watched_page(browser, server, storage_state, **context_args):
    """A logged-in page, and the list of what went wrong on it (the suite's browser watches every context)."""
    context = browser.new_context(base_url=server.url, storage_state=storage_state, **context_args)
    context.set_default_timeout(15000)
    return context, context.new_page(), browser.watch.problems


class WatchedBrowser:
    """The suite's Chromium: every context it opens is watched by the running test's PageWatch."""

    def __init__(self, browser):
        self.browser = browser
        self.watch = PageWatch()

    def new_context(self, **kwargs):
        context = self.browser.new_context(**kwargs)
        self.watch.attach(context)
        return context

    def __getattr__(self, name):
        return getattr(self.browser, name)

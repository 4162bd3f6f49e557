"""Installable: the manifest and its icons, no installability errors in Chromium, a service worker that controls
the page, caches only the anonymous shell, and hands over cleanly to a new version; the Android share target."""

from __future__ import annotations

import io
import json
import re
import urllib.request

from PIL import Image
from pwa_support import BASE_ARGS, share_file, wait_until
from support import ROOT

CACHES = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    out[name] = (await cache.keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search);
  }
  return out;
}"""


def fetch(server, path: str) -> tuple[dict, bytes]:
    with urllib.request.urlopen(server.url + path, timeout=10) as response:
        return dict(response.headers), response.read()


def png(server, path: str) -> Image.Image:
    headers, body = fetch(server, path)
    assert headers["Content-Type"] == "image/png", path
    return Image.open(io.BytesIO(body))


def test_manifest_fields_and_icons(server):
    headers, body = fetch(server, "/manifest.webmanifest")
    assert headers["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(body)
    for field in ("name", "short_name", "description", "start_url", "theme_color", "background_color"):
        assert manifest[field], field
    assert manifest["scope"] == "/" and manifest["display"] == "standalone"
    sizes = {(icon["purpose"], icon["sizes"]): icon["src"] for icon in manifest["icons"]}
    assert set(sizes) == {("any", "192x192"), ("any", "512x512"), ("maskable", "192x192"), ("maskable", "512x512")}
    for (_, size), src in sizes.items():
        assert png(server, src).size == tuple(int(n) for n in size.split("x"))
    share = manifest["share_target"]
    assert share["method"] == "POST" and share["enctype"] == "multipart/form-data"
    assert share["params"]["files"][0]["name"] == "audio" and "audio/*" in share["params"]["files"][0]["accept"]

    _, page = fetch(server, "/login")
    assert re.search(rb'rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png\?v=[0-9a-f]{12}"', page)
    touch = png(server, "/static/icons/apple-touch-icon.png")
    assert touch.size == (180, 180)
    assert "A" not in touch.getbands() or touch.getchannel("A").getextrema() == (255, 255), "must be opaque"

    headers, _ = fetch(server, "/sw.js")
    assert headers["Cache-Control"] == "no-cache" and headers["Content-Type"].startswith("text/javascript")


def alice_id(page) -> str:
    return page.evaluate("() => document.querySelector('meta[name=debrief-user]').content")


def test_installable_controlled_and_caching_only_the_shell(
    playwright_instance, chromium, server, sessions, tmp_path, page_watch
):
    # Incognito is itself an installability error: a persistent profile, logged in with alice's cookies.
    context = playwright_instance.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=chromium, args=BASE_ARGS, base_url=server.url
    )
    page_watch.attach(context)
    try:
        context.add_cookies(sessions["alice"]["cookies"])
        page = context.pages[0] if context.pages else context.new_page()
        page.goto("/")
        page.evaluate("() => navigator.serviceWorker.ready")
        page.reload()
        assert page.evaluate("() => navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        assert cdp.send("Page.getAppManifest")["errors"] == []

        # Pages, partials, the API: fetched through the worker but never stored.
        page.evaluate("() => fetch('/memos', {headers: {'HX-Request': 'true'}})")
        page.evaluate("() => fetch('/api/config')")
        page.goto("/memos")
        wait_until(page, "() => caches.open('debrief-pages').then((c) => c.keys()).then((k) => k.length)")
        caches = page.evaluate(CACHES)
        # Besides the shell, only the memo list, kept for offline for the user the server named (alice).
        assert caches.pop("debrief-pages") == [f"/memos?saved-for={alice_id(page)}"]
        [(name, urls)] = caches.items()
        assert name.startswith("debrief-shell-")
        assert "/shell" in urls
        # Scripts under the versioned URLs the pages load (and no unversioned copy that could go stale).
        loaded = page.evaluate("() => [...document.scripts].map((s) => s.src.slice(location.origin.length))")
        assert any(u.startswith("/static/js/htmx-2.0.11.min.js?v=") for u in loaded) and set(loaded) <= set(urls)
        assert any(u.startswith("/static/js/record.js?v=") for u in urls) and "/static/js/record.js" not in urls
        assert not [u for u in urls if u.startswith(("/api/", "/memos"))]
        shell = page.evaluate("async () => (await caches.match('/shell', {ignoreVary: true})).text()")
        assert "csrf" not in shell.lower() and "debrief-user" not in shell and "alice" not in shell
        assert 'id="record-button"' in shell

        # A new worker takes over at once (skipWaiting + clients.claim) and drops older shell caches. A new
        # script URL stands in for a changed /sw.js (the browser fetches worker scripts itself, past page routes).
        page.evaluate("() => caches.open('debrief-shell-0ldversion').then((c) => c.put('/shell', new Response('old')))")
        page.evaluate("() => navigator.serviceWorker.register('/sw.js?next=1', {scope: '/'})")
        wait_until(page, "() => navigator.serviceWorker.controller.scriptURL.endsWith('/sw.js?next=1')")
        wait_until(page, f"() => caches.keys().then((k) => k.length === 1 && k[0] === '{name}')")
        page.reload()
        assert page.evaluate("() => !!navigator.serviceWorker.controller")
    finally:
        context.close()


def test_shared_audio_file_lands_in_debrief(phone_for, server, user_ids):
    phone = phone_for("alice")
    phone.wait_device_token(user_ids["alice"])
    phone.wait_controlled()
    page = phone.page
    # What Android does for a share target, answered by the service worker.
    share_file(page, ROOT / "tests" / "data" / "memo_opus.webm", "Shared from the call recorder")
    page.wait_for_url("**/memos?shared=1")
    page.get_by_text("The shared recording is saved on this device").wait_for()
    phone.wait_outbox_empty()
    memos = [m for m in server.memos("alice") if m["title"] == "Shared from the call recorder"]
    assert len(memos) == 1

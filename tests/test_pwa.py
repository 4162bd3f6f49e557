"""The installable app on the server: static URLs versioned by content and cached for good, a service worker
that precaches those same URLs and changes version with any of them, and /share-target when no worker answers."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from support import DATA, ROOT

from webapp.models import Memo

STATIC_REF = re.compile(r'(?:src|href)="(/static/[^"]+)"')
YEAR = "public, max-age=31536000, immutable"


def content_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def worker(client) -> tuple[str, list[str], list[str]]:
    """(VERSION, PRECACHE, importScripts URLs) of the service worker the server hands out now."""
    body = client.get("/sw.js").text
    version = re.search(r'var VERSION = "([0-9a-f]+)";', body).group(1)
    precache = json.loads(re.search(r"var PRECACHE = JSON.parse\('(.+)'\);", body).group(1))
    imports = re.findall(r'"(/static/[^"]+)"', re.search(r"importScripts\((.*)\);", body).group(1))
    return version, precache, imports


@pytest.fixture
def static_copy(app, tmp_path) -> Path:
    """The app serving a copy of static/, so a test can "deploy" a changed file without touching the real one."""
    folder = tmp_path / "static"
    shutil.copytree(ROOT / "static", folder)
    app.static_folder = str(folder)
    return folder


def test_pages_load_static_files_by_content_hash(ann, client):
    refs = STATIC_REF.findall(client.get("/").text)
    assert len(refs) >= 8
    for ref in refs:
        path, _, query = ref.partition("?")
        assert query == f"v={content_hash(ROOT / path.lstrip('/'))}", ref


def test_only_the_current_version_is_cached_for_good(client):
    current = f"/static/js/app.js?v={content_hash(ROOT / 'static/js/app.js')}"
    with client.get(current) as response:
        assert response.status_code == 200 and response.headers["Cache-Control"] == YEAR
    # Unversioned, or an old version after a deploy: the body is today's file, so it must be revalidated.
    for url in ("/static/js/app.js", "/static/js/app.js?v=0123456789ab"):
        with client.get(url) as response:
            assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache", url
            assert response.data == (ROOT / "static/js/app.js").read_bytes()
    with client.get("/static/js/no-such-file.js?v=0123456789ab") as response:
        assert response.status_code == 404 and response.headers["Cache-Control"] == "no-cache"


def test_worker_precaches_the_urls_the_shell_loads(client):
    _, precache, imports = worker(client)
    shell_refs = set(STATIC_REF.findall(client.get("/shell").text))
    assert shell_refs and shell_refs <= set(precache)
    assert all("?v=" in url for url in shell_refs)
    # Its own scripts are the versions the pages load, so the precached copies are the ones it runs.
    assert [url.partition("?")[0] for url in imports] == ["/static/js/outbox.js", "/static/js/sync.js"]
    assert set(imports) <= set(precache)
    manifest = json.loads((ROOT / "static/manifest.webmanifest").read_text())
    assert {icon["src"] for icon in manifest["icons"]} <= set(precache)  # as the manifest names them


def test_worker_version_follows_every_precached_file(client, static_copy):
    version, precache, _ = worker(client)
    assert worker(client)[0] == version, "the same files give the same worker"
    old_app_js = next(url for url in precache if url.startswith("/static/js/app.js?v="))

    with (static_copy / "js/app.js").open("a") as script:
        script.write("\n// deployed\n")
    changed, precache, _ = worker(client)
    assert changed != version
    new_app_js = f"/static/js/app.js?v={content_hash(static_copy / 'js/app.js')}"
    assert new_app_js in precache and old_app_js not in precache
    assert new_app_js in client.get("/shell").text

    # An icon the manifest names without a version changes the cache just the same.
    (static_copy / "icons/maskable-512.png").write_bytes((static_copy / "icons/icon-512.png").read_bytes())
    assert worker(client)[0] not in (version, changed)


def share(client, *files: tuple[Path | bytes, str], title: str | None = None, headers: dict | None = None):
    """What Android posts to the share target: multipart, no CSRF token."""
    parts = [(io.BytesIO(f.read_bytes() if isinstance(f, Path) else f), name) for f, name in files]
    data = {"audio": parts} if title is None else {"audio": parts, "title": title}
    return client.post("/share-target", data=data, content_type="multipart/form-data", headers=headers or {})


def memos(app) -> list[Memo]:
    with app.app_context():
        return Memo.query.order_by(Memo.id).all()


def test_shared_file_becomes_a_memo_without_a_csrf_token(ann, app, client):
    response = share(client, (DATA / "memo_opus.webm", "Call with Acme.webm"), title="Shared from the recorder")
    [memo] = memos(app)
    assert response.status_code == 303 and response.headers["Location"] == f"/memos/{memo.id}"
    assert memo.title == "Shared from the recorder" and memo.status == "queued"
    assert "Shared from the recorder" in client.get(response.headers["Location"]).text

    # No title shared: the file's name, as the service worker does it.
    share(client, (DATA / "memo_opus.webm", "Call with Acme.webm"), title="")
    assert memos(app)[-1].title == "Call with Acme"


def test_several_shared_files_land_in_the_memo_list(ann, app, client):
    response = share(client, (DATA / "memo_opus.webm", "one.webm"), (DATA / "memo_opus.webm", "two.webm"))
    assert response.status_code == 303 and response.headers["Location"] == "/memos"
    assert [m.title for m in memos(app)] == ["one", "two"]
    assert "2 shared recordings saved." in client.get("/memos").text


def test_share_while_logged_out_asks_to_log_in_and_share_again(auth, app, client):
    auth.create("ann")
    response = share(client, (DATA / "memo_opus.webm", "memo.webm"))
    assert response.status_code == 303 and response.headers["Location"] == "/login?next=/memos"
    page = client.get(response.headers["Location"]).text
    assert "not logged in, so the shared recording was not saved" in page and "share it again" in page
    assert memos(app) == []


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ((), "No audio file arrived with the share."),
        (((b"", ""),), "No audio file arrived with the share."),
        (((b"just some notes", "notes.txt"),), "This file is not a recording Debrief can read"),
        (((b"", "empty.m4a"),), "The audio file is empty."),
    ],
)
def test_share_without_usable_audio_gets_the_reason(ann, app, client, files, message):
    response = share(client, *files)
    assert response.status_code == 303 and response.location == "/"  # a reload there posts nothing again
    page = client.get("/").text
    assert f'<div class="flash flash-error" role="alert"><p>{message}' in page
    assert 'action="/memos/upload"' in page  # the form to try again
    assert memos(app) == []


def test_share_over_the_upload_limit_is_refused(ann, app, client):
    app.config["MAX_CONTENT_LENGTH"] = 20_000
    response = share(client, (DATA / "memo_opus.webm", "memo.webm"))
    assert response.status_code == 413 and "upload limit" in response.text
    assert memos(app) == []


NOT_FROM_DEBRIEF = "This share did not come from Debrief, so nothing was saved."


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-site"},  # another port on this host, or a sibling subdomain: Lax sends the cookie
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost"},  # Origin cannot talk Fetch Metadata round
        {"Origin": "http://localhost:8081"},  # a browser without Fetch Metadata
        {"Origin": "null"},  # a sandboxed frame or a data: page
    ],
    ids=["same-site", "cross-site", "same-site with our origin", "another origin", "opaque origin"],
)
def test_a_share_posted_by_another_page_is_refused(ann, app, client, headers):
    response = share(client, (DATA / "memo_opus.webm", "memo.webm"), headers=headers)
    assert response.status_code == 403 and NOT_FROM_DEBRIEF in response.text
    assert memos(app) == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"},  # the page's own form (the browser test)
        {"Sec-Fetch-Site": "none", "Origin": "null"},  # the browser itself: the OS share sheet opening the app
        {"Origin": "http://localhost"},
        {},  # neither header: no browser that could carry the cookie cross-site
    ],
    ids=["same-origin", "browser-initiated", "our origin", "no headers"],
)
def test_a_share_from_the_os_or_our_own_page_is_saved(ann, app, client, headers):
    response = share(client, (DATA / "memo_opus.webm", "memo.webm"), headers=headers)
    [memo] = memos(app)
    assert response.status_code == 303 and response.headers["Location"] == f"/memos/{memo.id}"


def test_only_the_share_target_skips_csrf(ann, client):
    with open(DATA / "memo_opus.webm", "rb") as audio:
        response = client.post("/memos/upload", data={"audio": (audio, "m.webm")}, content_type="multipart/form-data")
    assert response.status_code == 400 and "form has expired" in response.text


def test_pages_name_their_user_for_the_workers_kept_memo_list(auth, app, client):
    """The worker keeps /memos only for the user a page names, and forgets it at a page for nobody."""
    auth.create("ann")
    auth.create("bob")
    auth.login("ann")
    with app.app_context():
        from webapp.services import accounts

        ids = {name: accounts.get_user(name).id for name in ("ann", "bob")}
    assert client.get("/memos").headers["X-Debrief-User"] == str(ids["ann"])
    auth.logout()
    assert client.get("/login").headers["X-Debrief-User"] == "none"
    auth.login("bob")
    assert client.get("/memos").headers["X-Debrief-User"] == str(ids["bob"])
    static = STATIC_REF.findall(client.get("/").text)[0]
    with client.get(static) as response:
        assert "X-Debrief-User" not in response.headers  # a file is not a page

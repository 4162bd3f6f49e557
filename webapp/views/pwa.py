"""The installable app: the service worker, the web app manifest and the offline shell, served from the site root;
content-versioned static URLs; and the server's side of the Android share target."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from pathlib import Path
from stat import S_ISREG

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from flask_login import AnonymousUserMixin, current_user
from werkzeug.security import safe_join

from webapp.extensions import csrf
from webapp.services import memos
from webapp.services.exceptions import ServiceError
from webapp.views.common import refused_upload, upload_limit

bp = Blueprint("pwa", __name__)

SHELL_URL = "/shell"
PAGE_OWNER_HEADER = "X-Debrief-User"
STATIC_MAX_AGE = 365 * 24 * 3600
# Every script, stylesheet and icon the shell's HTML refers to is precached (with its ?v=), so whatever
# base.html loads is there offline too, under the very URL the shell asks for.
_STATIC_REF = re.compile(r'(?:src|href)="(/static/[^"#]+)"')
# The worker's own "/static/..." strings (its importScripts), versioned like the pages' URLs.
_WORKER_STATIC_REF = re.compile(r'"/static/([^"?#]+)"')


def static_version(filename: str | None) -> str | None:
    """A short hash of a static file's content, or None when there is no such file."""
    path = safe_join(current_app.static_folder, filename or "")
    try:
        stat = os.stat(path) if path else None
    except OSError:
        return None
    if stat is None or not S_ISREG(stat.st_mode):  # one stat a call: every page asks for about ten files
        return None
    return _content_hash(path, stat.st_mtime_ns, stat.st_size)


# Keyed on mtime and size too: a file replaced while the server runs (a dev edit) gets its new hash.
@functools.lru_cache(maxsize=512)
def _content_hash(path: str, _mtime_ns: int, _size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


@bp.app_url_defaults
def _version_static_url(endpoint: str, values: dict) -> None:
    """url_for('static', ...) everywhere gets ?v=<content hash>: a deploy changes the URL of every changed file,
    so new HTML never runs with old JS or CSS from a browser's or the service worker's cache."""
    if endpoint == "static" and "v" not in values:
        version = static_version(values.get("filename"))
        if version:
            values["v"] = version


@bp.after_app_request
def _static_cache_headers(response):
    """The current version of a file may be cached for good; anything else is checked every time."""
    if request.endpoint != "static":
        return response
    version = request.args.get("v")
    current = version and version == static_version((request.view_args or {}).get("filename"))
    if current and response.status_code in (200, 206, 304):
        response.headers["Cache-Control"] = f"public, max-age={STATIC_MAX_AGE}, immutable"
    else:
        # Unversioned, or an old ?v= after a deploy: the body is today's file, which must not be kept under it.
        response.headers["Cache-Control"] = "no-cache"
    return response


@bp.after_app_request
def _page_owner_header(response):
    """Whose page this is, for the service worker: it keeps the memo list for that user only, and forgets
    every kept page when a page arrives for nobody (logged out)."""
    if response.mimetype == "text/html":
        response.headers[PAGE_OWNER_HEADER] = str(current_user.id) if current_user.is_authenticated else "none"
    return response


def render_shell() -> str:
    """The record page as an anonymous visitor, whatever cookies came along: no username, no CSRF token,
    no flashed message can end up in the cached copy; the page's scripts take the user from IndexedDB."""
    return render_template(
        "record.html", shell=True, current_user=AnonymousUserMixin(), get_flashed_messages=lambda **_: []
    )


def _static_file(url: str) -> Path | None:
    path = safe_join(current_app.static_folder, url.removeprefix("/static/").split("?", 1)[0])
    return Path(path) if path and Path(path).is_file() else None


def precache_urls(shell_html: str) -> list[str]:
    """The shell, the manifest, and every static file the shell or the manifest's icons refer to."""
    manifest = json.loads((Path(current_app.static_folder) / "manifest.webmanifest").read_text(encoding="utf-8"))
    static = set(_STATIC_REF.findall(shell_html)) | {icon["src"] for icon in manifest.get("icons", [])}
    return [SHELL_URL, "/manifest.webmanifest"] + sorted(url for url in static if _static_file(url))


def shell_version(worker_source: str, shell_html: str, urls: list[str]) -> str:
    """A hash of the worker and everything it precaches: any change to the shell installs a new worker."""
    digest = hashlib.sha256(worker_source.encode() + b"\0" + shell_html.encode())
    digest.update((Path(current_app.static_folder) / "manifest.webmanifest").read_bytes())
    for url in urls:
        path = _static_file(url) if url.startswith("/static/") else None
        if path:
            digest.update(url.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@bp.route("/sw.js")
def service_worker():
    """At the root, so its scope is the whole app; never cached, so updates arrive."""
    source = _versioned_static_refs((Path(current_app.static_folder) / "sw.js").read_text(encoding="utf-8"))
    shell_html = render_shell()
    urls = precache_urls(shell_html)
    body = source.replace("__DEBRIEF_SW_VERSION__", shell_version(source, shell_html, urls))
    body = body.replace("__DEBRIEF_PRECACHE__", json.dumps(urls))
    response = current_app.response_class(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


def _versioned_static_refs(source: str) -> str:
    return _WORKER_STATIC_REF.sub(lambda m: json.dumps(url_for("static", filename=m.group(1))), source)


@bp.route("/manifest.webmanifest")
def manifest():
    """The install manifest."""
    response = send_from_directory(
        current_app.static_folder, "manifest.webmanifest", mimetype="application/manifest+json", max_age=0
    )
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route(SHELL_URL)
def shell():
    """The record page with nobody logged in: what the service worker shows when the network does not answer."""
    response = current_app.response_class(render_shell(), mimetype="text/html")
    response.headers["Cache-Control"] = "no-cache"
    return response


# Exempt from CSRF: Android's share sheet posts this form itself, so no page of ours can put a token in it.
# SameSite=Lax keeps the session cookie off cross-site posts, but not off posts from another port or a
# sibling subdomain (the same "site"): those the browser marks Sec-Fetch-Site: same-site, and they are refused.
@bp.route("/share-target", methods=["POST"])
@csrf.exempt
@upload_limit
def share_target():
    """A file shared from another app when the service worker is not answering: each audio file becomes a memo."""
    if not _sent_by_this_site():
        return _share_refused("This share did not come from Debrief, so nothing was saved. Share it again.", 403)
    if not current_user.is_authenticated:
        flash("You were not logged in, so the shared recording was not saved. Log in, then share it again.", "error")
        return redirect(url_for("auth.login", next=url_for("memos.index")), 303)
    files = [file for file in request.files.getlist("audio") if file and file.filename]
    if not files:
        return refused_upload("No audio file arrived with the share. Share the recording again.")
    try:
        created = [_memo_from_share(file) for file in files]
    except ServiceError as exc:
        return refused_upload(exc.message, exc.status)  # as the upload form answers it: the reason, on the record page
    if len(created) == 1:
        return redirect(url_for("memos.show", memo_id=created[0].id), 303)
    flash(f"{len(created)} shared recordings saved.")
    return redirect(url_for("memos.index"), 303)


def _sent_by_this_site() -> bool:
    """Same-origin, or the browser itself (the OS share sheet: Sec-Fetch-Site "none"); never another page."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    # A browser too old for Fetch Metadata still sends Origin on a cross-origin POST.
    origin = request.headers.get("Origin")
    return origin is None or origin == request.host_url.rstrip("/")


def _memo_from_share(file):
    # Titled as the service worker titles a share: the shared title, else the file's name.
    title = (request.form.get("title") or "").strip() or memos.title_from_filename(file.filename) or ""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    data_dir = current_app.config["DATA_DIR"]
    return memos.create_memo(current_user, file.stream, data_dir, limit, title=title[: memos.TITLE_MAX]).memo


def _share_refused(message: str, status: int):
    # A post no page of ours made: the reason and the status, nothing to redirect the user to.
    flash(message, "error")
    return render_template("record.html"), status

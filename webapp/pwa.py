"""The installable app: the service worker, the web app manifest and the offline shell, served from the site root."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from flask import Blueprint, current_app, render_template, send_from_directory
from flask_login import AnonymousUserMixin
from werkzeug.security import safe_join

bp = Blueprint("pwa", __name__)

SHELL_URL = "/shell"
# Every script, stylesheet and icon the shell's HTML refers to is precached, so whatever base.html loads
# is there offline too.
_STATIC_REF = re.compile(r'(?:src|href)="(/static/[^"?#]+)"')


def render_shell() -> str:
    """The record page as an anonymous visitor, whatever cookies came along: no username, no CSRF token,
    no flashed message can end up in the cached copy; the page's scripts take the user from IndexedDB."""
    return render_template(
        "record.html", shell=True, current_user=AnonymousUserMixin(), get_flashed_messages=lambda **_: []
    )


def _static_file(url: str) -> Path | None:
    path = safe_join(current_app.static_folder, url.removeprefix("/static/"))
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
    source = (Path(current_app.static_folder) / "sw.js").read_text(encoding="utf-8")
    shell_html = render_shell()
    urls = precache_urls(shell_html)
    body = source.replace("__DEBRIEF_SW_VERSION__", shell_version(source, shell_html, urls))
    body = body.replace("__DEBRIEF_PRECACHE__", json.dumps(urls))
    response = current_app.response_class(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


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

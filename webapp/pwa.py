"""The installable app: the service worker, the web app manifest and the offline shell, served from the site root."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Blueprint, current_app, render_template, send_from_directory
from flask_login import AnonymousUserMixin

bp = Blueprint("pwa", __name__)

SHELL_URL = "/shell"
# What the record page needs to open with no connection. The service worker precaches exactly these.
SHELL_STATIC = (
    "css/app.css",
    "js/htmx-2.0.11.min.js",
    "js/app.js",
    "js/outbox.js",
    "js/sync.js",
    "js/offline.js",
    "js/record.js",
    "icons/icon-192.png",
    "icons/icon-512.png",
    "icons/maskable-192.png",
    "icons/maskable-512.png",
    "icons/apple-touch-icon.png",
)
# The shell's HTML comes from these: a change to them is a new shell too.
SHELL_TEMPLATES = ("base.html", "record.html")


def precache_urls() -> list[str]:
    return [SHELL_URL, "/manifest.webmanifest"] + [f"/static/{name}" for name in SHELL_STATIC]


def shell_version() -> str:
    """A hash of everything the worker precaches (and the worker itself): any change installs a new worker."""
    static = Path(current_app.static_folder)
    templates = Path(current_app.template_folder)
    files = [static / "sw.js", static / "manifest.webmanifest"]
    files += [static / name for name in SHELL_STATIC] + [templates / name for name in SHELL_TEMPLATES]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@bp.route("/sw.js")
def service_worker():
    """At the root, so its scope is the whole app; never cached, so updates arrive."""
    source = (Path(current_app.static_folder) / "sw.js").read_text(encoding="utf-8")
    source = source.replace("__DEBRIEF_SW_VERSION__", shell_version())
    source = source.replace("__DEBRIEF_PRECACHE__", json.dumps(precache_urls()))
    response = current_app.response_class(source, mimetype="text/javascript")
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
    """The record page with nobody logged in: what the service worker shows when the network does not answer.

    Rendered as an anonymous visitor whatever cookies came along, so the cached copy can never hold a
    username, a CSRF token or a flashed message; the page's scripts take the user from IndexedDB instead.
    """
    html = render_template(
        "record.html", shell=True, current_user=AnonymousUserMixin(), get_flashed_messages=lambda **_: []
    )
    response = current_app.response_class(html, mimetype="text/html")
    response.headers["Cache-Control"] = "no-cache"
    return response

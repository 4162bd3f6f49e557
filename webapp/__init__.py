"""Debrief: the Flask application factory."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config from DEBRIEF_* (or `test_config`), extensions, blueprints."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from webapp import config

    if test_config and "DATA_DIR" in test_config:
        app.instance_path = test_config["DATA_DIR"]
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    _configure_sessions(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_filters(app)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    return app


def _configure_sessions(app: Flask) -> None:
    secure = app.config["HTTPS"]
    cookie_settings = {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "WTF_CSRF_TIME_LIMIT": None,  # a phone left on the record page for a day can still save
        "WTF_CSRF_CHECK_DEFAULT": False,  # checked in auth's before_request, which knows about Bearer tokens
    }
    app.config.update(cookie_settings)
    from webapp.security import SecureCookiesOverHttps

    app.wsgi_app = SecureCookiesOverHttps(app.wsgi_app)  # inside ProxyFix: sees the forwarded scheme
    if app.config["PROXY_COUNT"]:
        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_prefix=n)


def _init_extensions(app: Flask) -> None:
    from webapp import auth, security
    from webapp.extensions import csrf, db, limiter, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    auth.init_app(app)
    security.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from webapp import api, auth, memos, notes_views, pwa, settings

    app.register_blueprint(auth.bp)
    app.register_blueprint(memos.bp)
    app.register_blueprint(notes_views.bp)
    app.register_blueprint(settings.bp)
    app.register_blueprint(pwa.bp)
    app.register_blueprint(api.bp)
    _register_review_blueprints(app)


def _register_review_blueprints(app: Flask) -> None:
    """Issue 7, reviewing on a laptop: search, companies and people, calendar, drafts and patterns, your data."""
    from webapp import calendar, companies, export, review, search
    from webapp.services import notes, people

    for blueprint in (search.bp, companies.bp, calendar.bp, review.bp, export.bp):
        app.register_blueprint(blueprint)
    # The notes header's <datalist>s: existing names, looked up only when a template asks.
    app.add_template_global(people.known_names, "known_names")
    app.add_template_global(lambda value: notes.OUTCOME_LABELS.get(value, value), "outcome_label")
    # The notes panel lists outcomes and checklist steps from the service, so labels live in one place.
    app.add_template_global(notes.OUTCOME_LABELS, "outcome_labels")
    app.add_template_global(notes.CHECKLIST_STEPS, "checklist_steps")


def _register_filters(app: Flask) -> None:
    from webapp.models import MemoStatus

    @app.template_filter("duration")
    def duration(seconds: float | None) -> str:
        if not seconds:
            return "0:00"
        minutes, secs = divmod(int(round(seconds)), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"

    @app.template_filter("timestamp")
    def timestamp(seconds: float | None) -> str:
        return duration(seconds or 0.0001) if seconds else "0:00"

    @app.template_filter("status_label")
    def status_label(status: str) -> str:
        return MemoStatus.LABELS.get(status, status)

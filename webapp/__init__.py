"""Debrief: the Flask application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp.views import register_blueprints

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
    _configure_database(app)
    _configure_sessions(app)
    _init_extensions(app)
    register_blueprints(app)
    return app


def _configure_database(app: Flask) -> None:
    """SQLite waits DB_BUSY_TIMEOUT_SECONDS for another writer's lock before answering "database is locked"."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = {"timeout": app.config["DB_BUSY_TIMEOUT_SECONDS"], **options.get("connect_args", {})}
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "connect_args": connect_args}


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
    from webapp import security
    from webapp.extensions import csrf, db, limiter, migrate
    from webapp.views import auth

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    auth.init_app(app)
    security.init_app(app)

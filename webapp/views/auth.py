"""Accounts in the browser: first-run setup, login (and its limits), logout; and who a request is (session or
Bearer)."""

from __future__ import annotations

import secrets
import unicodedata
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import CSRFError
from itsdangerous import BadSignature, URLSafeSerializer

from webapp.extensions import csrf, limiter, login_manager
from webapp.services import accounts
from webapp.services.exceptions import ServiceError

bp = Blueprint("auth", __name__)

# What a device upload token may do: send memos and ask whether one arrived.
UPLOAD_SCOPE_ENDPOINTS = {"api.create_memo", "api.list_memos", "api.config"}


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.session_protection = "basic"
    login_manager.user_loader(accounts.load_session_user)
    login_manager.unauthorized_handler(_unauthorized)
    app.before_request(_authenticate_bearer_and_check_csrf)
    app.session_interface = NoSessionCookieForBearer()


class NoSessionCookieForBearer(SecureCookieSessionInterface):
    """A Bearer request that came without a session cookie gets none back.

    Its pages still carry CSRF fields, whose token would otherwise start a session: signing and sending a cookie
    on every request of a client that never sends it back (an API script, the load bench's clients) took about 8%
    of the server's time in `debrief bench load`. A browser's own session, sent along, is saved as before.
    """

    def should_set_cookie(self, app: Flask, session) -> bool:
        bearer_only = g.get("bearer_token") is not None and self.get_cookie_name(app) not in request.cookies
        return not bearer_only and super().should_set_cookie(app, session)


def _unauthorized():
    if _wants_json():
        return jsonify(error="Authentication required: log in or send an Authorization: Bearer token."), 401
    if request.headers.get("HX-Request"):
        # A partial cannot show a login form: tell htmx to load the login page in full.
        response = current_app.response_class(status=401)
        response.headers["HX-Redirect"] = url_for("auth.login", next=request.referrer or "/")
        return response
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _authenticate_bearer_and_check_csrf():
    """A valid Bearer token authenticates the request (and only then is CSRF skipped)."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        token = accounts.token_for(header[7:].strip())
        if token is None:
            return jsonify(error="This token is not valid or was revoked: log in again."), 401
        if token.scope == "upload" and request.endpoint not in UPLOAD_SCOPE_ENDPOINTS:
            return jsonify(error="This device token may only upload memos."), 403
        accounts.touch_token(token)
        g.bearer_token = token
        # Flask-Login's own hook for "this request is this user", without touching the session.
        login_manager._update_request_context_with_user(token.user)
        return None
    if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
        csrf.protect(apply_exemptions=True)  # honours @csrf.exempt: only the OS share target (webapp/views/pwa.py)
    return None


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    message = "This form has expired or was not sent by Debrief. Reload the page and try again."
    if _wants_json() or request.headers.get("HX-Request"):
        return jsonify(error=message), 400
    return render_template("error.html", message=message, status=400), 400


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    """Create the first account; closed once any account exists."""
    if accounts.user_count() > 0:
        return redirect(url_for("auth.login"))
    error = None
    if request.method == "POST":
        try:
            _check_password_confirmation()
            user = accounts.create_user(
                request.form.get("username", ""), request.form.get("password", ""), request.form.get("timezone")
            )
        except ServiceError as exc:
            error = exc.message
        else:
            return _log_in(user, remember=True, target=url_for("memos.record"))
    return render_template("auth/setup.html", error=error), 400 if error else 200


def _check_password_confirmation() -> None:
    if request.form.get("password") != request.form.get("password2"):
        raise ServiceError("The two passwords are not the same.")


# Failed logins are counted three ways (successes never count). A browser that has logged in to the account
# before carries a signed device cookie: it is held only to its own count, so a stranger hammering the account,
# even from the owner's own address (a shared NAT or proxy), cannot lock the owner's phone or laptop out. Any
# other browser is held to the count per address and per account; the account's window is short, so a correct
# password from a new browser waits minutes at most once the guessing stops.
DEVICE_COOKIE = "debrief_device"
DEVICE_COOKIE_LIFETIME = timedelta(days=365)
TOO_MANY_FROM_HERE = "Too many login attempts. Wait a minute."
TOO_MANY_FOR_ACCOUNT = (
    "Too many failed logins for this account. Wait a few minutes, or log in from a browser that has logged in "
    "to it before."
)


def _failed_login(response) -> bool:
    return response.status_code == 401


def _known_device() -> bool:
    """This browser logged in to the account named in the form before (it holds a valid device cookie for it)."""
    if "login_device" not in g:
        g.login_device = _device_id(request.form.get("username", ""))
    return g.login_device is not None


def _unknown_device() -> bool:
    return not _known_device()


def _device_id(username: str) -> str | None:
    try:
        device = _device_signer().loads(request.cookies.get(DEVICE_COOKIE, ""))
    except BadSignature:
        return None
    user = accounts.find_user(username) if isinstance(device, dict) else None
    return device.get("device") if user is not None and device.get("user") == user.id else None


def _device_signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="debrief-login-device")


def _account_key() -> str:
    return "account:" + request.form.get("username", "").strip().lower()


def _device_key() -> str:
    return f"device:{g.login_device}"


def _login_limit(config_name: str, scope: str, error_message: str, key=None, unless=_known_device):
    """One of the login's counts: failed POSTs only, its size from the config (LOGIN_*_LIMIT)."""
    return limiter.limit(
        lambda: current_app.config[config_name],
        key_func=key,  # None: the limiter's own, the client's address
        methods=["POST"],
        scope=scope,
        deduct_when=_failed_login,
        exempt_when=unless,
        error_message=error_message,
    )


@bp.route("/login", methods=["GET", "POST"])
@_login_limit("LOGIN_ADDRESS_LIMIT", "login-address", TOO_MANY_FROM_HERE)
@_login_limit("LOGIN_ACCOUNT_LIMIT", "login-account", TOO_MANY_FOR_ACCOUNT, key=_account_key)
@_login_limit("LOGIN_DEVICE_LIMIT", "login-device", TOO_MANY_FROM_HERE, key=_device_key, unless=_unknown_device)
def login():
    """Log in; the session id is new afterwards, so one planted before login is useless."""
    if accounts.user_count() == 0:
        return redirect(url_for("auth.setup"))
    error = None
    if request.method == "POST":
        user = accounts.authenticate(request.form.get("username", ""), request.form.get("password", ""))
        if user is None:
            error = "Wrong username or password."
        else:
            _adopt_browser_timezone(user, request.form.get("timezone"))
            return _log_in(user, bool(request.form.get("remember")), _safe_next(request.args.get("next")))
    return render_template("auth/login.html", error=error), 401 if error else 200


def _log_in(user, remember: bool, target: str):
    """Start this browser's login (a new session, nothing carried over) and remember the browser as known."""
    session.clear()  # rotate: nothing from before login carries over
    login_user(accounts.start_session(user), remember=remember)
    response = redirect(target)
    if not _known_device():
        device = {"user": user.id, "device": secrets.token_urlsafe(16)}
        response.set_cookie(
            DEVICE_COOKIE,
            _device_signer().dumps(device),
            max_age=DEVICE_COOKIE_LIFETIME,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["HTTPS"],
        )
    return response


def _adopt_browser_timezone(user, zone: str | None) -> None:
    """An account still on the default UTC takes the browser's zone, so "tomorrow" means the user's tomorrow."""
    zone = accounts.normalize_timezone(zone)
    if user.timezone == "UTC" and zone != "UTC":
        accounts.set_timezone(user, zone)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (or a full URL of this very origin): never send a fresh login elsewhere."""
    fallback = url_for("memos.record")
    # Browsers drop tabs and newlines inside URLs and read "\\" as "/": "/\t/evil.com" would mean //evil.com.
    if not target or "\\" in target or any(unicodedata.category(char)[0] in "CZ" and char != " " for char in target):
        return fallback
    try:
        parts = urlsplit(target)
    except ValueError:  # "//[::1", say: not a URL at all
        return fallback
    if (parts.scheme or parts.netloc) and (parts.scheme, parts.netloc) != (request.scheme, request.host):
        return fallback
    if not parts.path.startswith("/") or parts.path.startswith("//") or target.startswith("//"):
        return fallback
    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End this browser's login on the server (every copy of its cookies stops working) and drop its cookies."""
    accounts.end_session(current_user)
    session.clear()
    logout_user()  # after clear(): it leaves the marker that makes Flask-Login delete the remember-me cookie
    flash("You are logged out.")
    return redirect(url_for("auth.login"))


@bp.route("/api/device-token", methods=["POST"])
@login_required
def device_token():
    """Give this phone an upload-only token, so queued memos upload after the session ends."""
    if getattr(g, "bearer_token", None) is not None:
        abort(403)
    name = (request.form.get("name") or request.user_agent.string or "device")[:120]
    token, plaintext = accounts.create_token(current_user, f"Device: {name}", scope="upload")
    return jsonify(token=plaintext, id=token.id, user_id=current_user.id, username=current_user.username), 201

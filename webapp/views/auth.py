"""Accounts in the browser: first-run setup, login, logout; and who a request is (session or Bearer)."""

from __future__ import annotations

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
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import CSRFError

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
            login_user(user, remember=True)
            return redirect(url_for("memos.record"))
    return render_template("auth/setup.html", error=error), 400 if error else 200


def _check_password_confirmation() -> None:
    if request.form.get("password") != request.form.get("password2"):
        raise ServiceError("The two passwords are not the same.")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute;50 per hour", methods=["POST"], error_message="Too many login attempts. Wait a minute.")
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
            session.clear()  # rotate: nothing from before login carries over
            login_user(user, remember=bool(request.form.get("remember")))
            _adopt_browser_timezone(user, request.form.get("timezone"))
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", error=error), 401 if error else 200


def _adopt_browser_timezone(user, zone: str | None) -> None:
    """An account still on the default UTC takes the browser's zone, so "tomorrow" means the user's tomorrow."""
    zone = accounts.normalize_timezone(zone)
    if user.timezone == "UTC" and zone != "UTC":
        accounts.set_timezone(user, zone)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a fresh login to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("memos.record")


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End this session (and the remember-me cookie)."""
    logout_user()
    session.clear()
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

"""Headers every response carries, and errors that speak the caller's language (HTML or JSON)."""

from __future__ import annotations

from flask import Flask, g, jsonify, render_template, request
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.routing import IntegerConverter

from webapp.services.parse import MAX_ID

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseId  # before the blueprints add their routes
    app.before_request(_refuse_nul_characters)
    app.after_request(_headers)
    app.register_error_handler(HTTPException, _http_error)


class NulCharacter(BadRequest):
    """A query or form value with a NUL character: PostgreSQL cannot store one (a 500 there), nobody types one."""

    description = "Text cannot contain NUL characters."


# Uploads clean their text fields themselves (memos.clean_title, clean_name): a memo is never refused for a
# stray character in its title.
_CLEAN_THEIR_OWN_FIELDS = {"api.create_memo", "memos.upload", "pwa.share_target"}


def _refuse_nul_characters() -> None:
    if request.endpoint in _CLEAN_THEIR_OWN_FIELDS:
        return
    for values in (request.args, request.form):  # uploaded files are not in request.form: their bytes may be anything
        if any("\x00" in value for _, items in values.lists() for value in items):
            raise NulCharacter()


class DatabaseId(IntegerConverter):
    """`<int:...>` in a route: only numbers a database id can be, so /memos/99999999999999999999 is a plain 404."""

    regex = r"[0-9]+"  # ASCII: werkzeug's \d+ also takes "٣", which int() reads as 3 (/memos/٣ was memo 3)

    def __init__(self, url_map, fixed_digits: int = 0, min: int = 0, max: int = MAX_ID, signed: bool = False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class SecureCookiesOverHttps:
    """WSGI middleware: mark every cookie Secure when the request came over HTTPS.

    DEBRIEF_HTTPS=1 sets the flag statically; this also covers HTTPS that ends at a proxy
    (wsgi.url_scheme is "https" once ProxyFix has read X-Forwarded-Proto), for the session
    and the remember-me cookie alike, so they are never sent over plain HTTP later.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if environ.get("wsgi.url_scheme") != "https":
            return self.wsgi_app(environ, start_response)

        def secure_start_response(status, headers, exc_info=None):
            return start_response(status, [_secure_cookie(name, value) for name, value in headers], exc_info)

        return self.wsgi_app(environ, secure_start_response)


def _secure_cookie(name: str, value: str) -> tuple[str, str]:
    if name.lower() != "set-cookie" or "secure" in (part.strip().lower() for part in value.split(";")):
        return name, value
    return name, value + "; Secure"


def _headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "microphone=(self), camera=(), geolocation=()")
    if request.path.startswith("/api/") or request.headers.get("HX-Request") or _for_a_logged_in_user():
        # A private page must not outlive logout in the browser's or a proxy's cache; audio and the static
        # files set their own Cache-Control first.
        response.headers.setdefault("Cache-Control", "no-store")
    response.vary.add("HX-Request")
    return response


def _for_a_logged_in_user() -> bool:
    # Flask-Login's user of this request, if anything looked (static files never do: no database query here).
    user = g.get("_login_user")
    return user is not None and user.is_authenticated


MESSAGES = {
    400: "The request was not understood.",
    401: "Please log in.",
    403: "You may not do that.",
    404: "Not found.",
    405: "That method is not allowed here.",
    413: "The upload is too large.",
    415: "Unsupported file type.",
    429: "Too many requests: slow down and try again shortly.",
}


def _http_error(error: HTTPException):
    status = error.code or 500
    message = MESSAGES.get(status, error.description or error.name)
    if status == 413:
        from flask import current_app

        message = f"The recording is larger than the {current_app.config['MAX_UPLOAD_MB']:g} MB upload limit."
    if status == 429 and getattr(getattr(error, "limit", None), "error_message", None):
        message = error.description  # the limit's own words ("Too many uploads: ...")
    if isinstance(error, NulCharacter):
        message = error.description
    headers = dict(error.get_headers()) if status in (405, 429) else {}
    headers.pop("Content-Type", None)
    if (
        request.path.startswith("/api/")
        or request.headers.get("HX-Request")
        or request.accept_mimetypes.best == ("application/json")
    ):
        return jsonify(error=message), status, headers
    return render_template("error.html", message=message, status=status), status, headers

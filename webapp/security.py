"""Headers every response carries, and errors that speak the caller's language (HTML or JSON)."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

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
    app.after_request(_headers)
    app.register_error_handler(HTTPException, _http_error)


def _headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "microphone=(self), camera=(), geolocation=()")
    if request.path.startswith("/api/") or request.headers.get("HX-Request"):
        response.headers.setdefault("Cache-Control", "no-store")
    response.vary.add("HX-Request")
    return response


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
    if status == 429 and error.description and "login" in error.description.lower():
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

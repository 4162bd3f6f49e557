"""Settings, the account's page: time zone, names to spell right, tokens and devices, corrections, the engine."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.extensions import limiter
from webapp.services import accounts, corrections
from webapp.services.exceptions import ServiceError

bp = Blueprint("accounts", __name__)


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def index():
    """Show and change the user's settings."""
    if request.method == "POST":
        try:
            accounts.update_settings(current_user, request.form.get("timezone", ""), request.form.get("vocabulary"))
        except ServiceError as exc:
            flash(exc.message, "error")
        else:
            flash("Settings saved.")
        return redirect(url_for("accounts.index"), 303)
    return render_template(
        "settings.html",
        tokens=accounts.list_tokens(current_user),
        timezones=sorted(available_timezones()),
        corrections_count=corrections.count(current_user),
        sessions_count=accounts.count_sessions(current_user),
        engine=current_app.config["ENGINE"],
        model=current_app.config["MODEL"],
    )


@bp.post("/settings/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke an API or device token."""
    try:
        accounts.revoke_token(current_user, token_id)
    except ServiceError as exc:
        flash(exc.message, "error")
        return redirect(url_for("accounts.index"), 303)
    flash("Token revoked: that device must log in again to upload.")
    return redirect(url_for("accounts.index"), 303)


@bp.post("/settings/sessions/end")
@login_required
def end_sessions():
    """Log out everywhere (other browsers and phones too)."""
    accounts.end_all_sessions(current_user)
    flash("Every session was ended. Log in again.")
    return redirect(url_for("auth.login"), 303)


def _wrong_current_password(response) -> bool:
    return response.status_code == 400


@bp.route("/settings/password", methods=["GET", "POST"])
@login_required
@limiter.limit(
    "10 per hour",
    key_func=lambda: f"user:{getattr(current_user, 'id', '-')}",  # checked before login_required runs
    methods=["POST"],
    deduct_when=_wrong_current_password,
    error_message="Too many wrong passwords. Wait an hour.",
)
def change_password():
    """Change the password (the current one is asked for); every other browser is logged out."""
    error = None
    if request.method == "POST":
        form = request.form
        try:
            if form.get("new_password") != form.get("new_password2"):
                raise ServiceError("The two new passwords are not the same.")
            accounts.change_password(current_user, form.get("current_password", ""), form.get("new_password", ""))
        except ServiceError as exc:
            error = exc.message
        else:
            flash("Password changed. Every other browser was logged out.")
            return redirect(url_for("accounts.index"), 303)
    return render_template("settings_password.html", error=error), 400 if error else 200


@bp.post("/settings/corrections/forget")
@login_required
def forget_corrections():
    """Forget every correction Debrief learned from; notes already taken stay as they are."""
    forgotten = corrections.forget(current_user)
    flash(f"Debrief forgot {forgotten} correction{'' if forgotten == 1 else 's'}.")
    return redirect(url_for("accounts.index"), 303)

"""Your data: Markdown of one memo, the whole account as a zip and back, retention, deleting the account."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required, logout_user

from webapp.models import utcnow
from webapp.services import export, parse, storage
from webapp.services.exceptions import ServiceError
from webapp.views.common import data_dir, owned_memo

bp = Blueprint("export", __name__)


@bp.get("/memos/<int:memo_id>/export.md")
@login_required
def memo_markdown(memo_id: int):
    """Download one memo as Markdown."""
    memo = owned_memo(memo_id)
    response = Response(export.memo_markdown(memo), mimetype="text/markdown")
    response.headers["Content-Disposition"] = f'attachment; filename="{export.markdown_filename(memo)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/account")
@login_required
def index():
    """Export, import, audio retention, and deleting the account."""
    return render_template("export/index.html", retention_choices=storage.RETENTION_CHOICES)


@bp.get("/account/export.zip")
@login_required
def export_zip():
    """Everything (memos, transcripts, notes, follow-ups, audio) as one zip with JSON inside."""
    archive = export.write_zip(current_user, data_dir())
    stamp = utcnow().strftime("%Y%m%d-%H%M")
    response = send_file(
        archive,
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"debrief-{current_user.username}-{stamp}.zip",
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/account/import")
@login_required
def import_zip():
    """Add the memos from another Debrief's export (ones already here are skipped)."""
    file = request.files.get("archive")
    if file is None or not file.filename:
        flash("Choose a Debrief export (.zip) to import.")
        return redirect(url_for("export.index"), 303)
    config = current_app.config
    try:
        report = export.import_zip(
            current_user, file.stream, data_dir(), config["MAX_CONTENT_LENGTH"], config["IMPORT_MAX_MEMOS"]
        )
    except ServiceError as exc:
        flash(f"Nothing was imported: {exc.message}")
        return render_template("export/index.html", retention_choices=storage.RETENTION_CHOICES), exc.status
    flash(f"Imported {report.imported} memo(s)" + (f"; {report.skipped} were already here." if report.skipped else "."))
    return redirect(url_for("memos.index"), 303)


@bp.post("/account/retention")
@login_required
def retention():
    """Keep audio forever, or delete it after N days (transcripts and notes stay)."""
    try:
        days = parse.parse_int(request.form.get("days"), "Choose one of the offered periods.", low=1)
        storage.set_retention(current_user, days)
    except ServiceError as exc:
        flash(exc.message)
    else:
        flash("Audio retention saved.")
    return redirect(url_for("export.index"), 303)


@bp.post("/account/delete")
@login_required
def delete_account():
    """Delete the account and everything in it; the password must be typed again."""
    user = current_user._get_current_object()
    try:
        export.delete_account(user, request.form.get("password", ""), data_dir())
    except ServiceError as exc:
        flash(exc.message)
        return redirect(url_for("export.index"), 303)
    logout_user()
    flash("Your account and everything in it were deleted.")
    return redirect(url_for("auth.login"), 303)

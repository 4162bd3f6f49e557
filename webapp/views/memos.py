"""Pages: record, the memo list and its memo pane, next/previous, a memo with its transcript, its audio."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from webapp.services import memos, presence, storage
from webapp.services.exceptions import ServiceError
from webapp.views.common import (
    data_dir,
    is_htmx,
    memo_context,
    owned_memo,
    page_or_partial,
    refused_upload,
    upload_limit,
    worker_stale_seconds,
)

bp = Blueprint("memos", __name__)


@bp.route("/")
@login_required
def record():
    """The record page: one big button."""
    return render_template("record.html")


@bp.route("/memos")
@login_required
def index():
    """The memo list, newest first; htmx fetches further pages as rows."""
    before = request.args.get("before", type=int)
    try:
        rows, next_cursor = memos.list_memos(current_user, before_id=before)
    except ServiceError:
        abort(404)
    paused = not is_htmx() and presence.transcription_paused(current_user, worker_stale_seconds())  # the page says it
    return page_or_partial(
        "memos/list.html", "memos/_rows.html", memos=rows, next_cursor=next_cursor, transcription_paused=paused
    )


@bp.route("/memos/upload", methods=["POST"])
@login_required
@upload_limit
def upload():
    """Upload a file from the form on the record page."""
    file = request.files.get("audio")
    if file is None or not file.filename:
        return refused_upload("Choose an audio file to upload.")
    try:
        result = memos.create_memo(
            current_user,
            file.stream,
            data_dir(),
            current_app.config["MAX_CONTENT_LENGTH"],
            title=request.form.get("title") or memos.title_from_filename(file.filename),
            recorded_at=request.form.get("recorded_at") or None,
            contact=request.form.get("contact"),
            company=request.form.get("company"),
        )
    except ServiceError as exc:
        return refused_upload(exc.message, exc.status)
    return redirect(url_for("memos.show", memo_id=result.memo.id), 303)


@bp.route("/memos/<int:memo_id>")
@login_required
def show(memo_id: int):
    """A memo: status while it is worked on, then transcript and notes."""
    memo = owned_memo(memo_id)
    return page_or_partial("memos/detail.html", "memos/_body.html", **memo_context(memo))


@bp.get("/memos/<int:memo_id>/progress")
@login_required
def progress(memo_id: int):
    """The "updating" line of a memo worked on again; once the work is done, the new memo body in its place."""
    memo = owned_memo(memo_id)
    if not is_htmx():
        return redirect(url_for("memos.show", memo_id=memo.id), 303)
    context = memo_context(memo)
    if memo.is_final:
        response = make_response(render_template("memos/_body.html", **context))
        response.headers["HX-Retarget"] = "#memo-body"
        response.headers["HX-Reswap"] = "outerHTML"
        return response
    return render_template("memos/_updating.html", **context)


@bp.get("/memos/<int:memo_id>/status")
@login_required
def status(memo_id: int):
    """The memo body's poll while it is worked on: 304 from one small query while nothing changed."""
    try:
        state = memos.poll_state(current_user, memo_id, worker_stale_seconds())
    except ServiceError:
        abort(404)
    if not state.is_final and request.if_none_match.contains(state.etag):
        response = current_app.response_class(status=304)
        response.set_etag(state.etag)
        return response
    response = make_response(render_template("memos/_body.html", **memo_context(owned_memo(memo_id), state)))
    if not state.is_final:  # a final body has notes that change without its status: always sent whole
        response.set_etag(state.etag)
    return response


@bp.get("/memos/<int:memo_id>/pane")
@login_required
def pane(memo_id: int):
    """The memo as the right-hand pane of the memo list (wide screens); a plain visit gets the page."""
    memo = owned_memo(memo_id)
    if not is_htmx():
        return redirect(url_for("memos.show", memo_id=memo.id))
    return render_template("memos/_pane.html", **memo_context(memo))


@bp.get("/memos/<int:memo_id>/<any(next, previous):direction>")
@login_required
def adjacent(memo_id: int, direction: str):
    """The next (older) or previous (newer) memo in the list's order; the same memo at either end."""
    memo = owned_memo(memo_id)
    return redirect(url_for("memos.show", memo_id=memos.adjacent_memo_id(current_user, memo, direction)))


@bp.route("/memos/<int:memo_id>/audio")
@login_required
def audio(memo_id: int):
    """The memo's audio for the player: the seekable playback copy once the worker made it."""
    memo = owned_memo(memo_id)
    if memo.playback_name and storage.audio_path(data_dir(), memo.user_id, memo.playback_name).exists():
        return _send_audio(memo.playback_name, "audio/mp4", memo)
    return _send_audio(memo.audio_name, memo.audio_mime, memo)


@bp.route("/memos/<int:memo_id>/audio/original")
@login_required
def original_audio(memo_id: int):
    """The file exactly as it was uploaded."""
    memo = owned_memo(memo_id)
    return _send_audio(memo.audio_name, memo.audio_mime, memo, download=True)


def _send_audio(name: str, mime: str, memo, download: bool = False):
    path = storage.audio_path(data_dir(), memo.user_id, name)
    if not path.exists():
        abort(404)
    response = send_file(
        path,
        mimetype=mime,
        conditional=True,
        as_attachment=download,
        download_name=f"debrief-memo-{memo.id}.{name.rsplit('.', 1)[-1]}",
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response


@bp.route("/memos/<int:memo_id>/retry", methods=["POST"])
@login_required
def retry(memo_id: int):
    """Queue a failed memo again."""
    return _requeue(memo_id, memos.retry)


@bp.route("/memos/<int:memo_id>/retranscribe", methods=["POST"])
@login_required
def retranscribe(memo_id: int):
    """Transcribe again with the names now known (this memo's, the user's contacts and word list)."""
    return _requeue(memo_id, memos.retranscribe)


def _requeue(memo_id: int, queue_again):
    """Put the memo back in the worker's queue and show it polling; a refusal is flashed."""
    memo = owned_memo(memo_id)
    try:
        queue_again(memo)
    except ServiceError as exc:
        flash(exc.message, "error")
    return redirect(url_for("memos.show", memo_id=memo.id), 303)


@bp.route("/memos/<int:memo_id>/title", methods=["POST"])
@login_required
def rename(memo_id: int):
    """Rename a memo."""
    memo = owned_memo(memo_id)
    try:
        memos.rename(memo, request.form.get("title"))
    except ServiceError as exc:
        if is_htmx():
            return render_template("memos/_title.html", memo=memo, error=exc.message), exc.status
        flash(exc.message, "error")
    if is_htmx():
        return render_template("memos/_title.html", memo=memo)
    return redirect(url_for("memos.show", memo_id=memo.id), 303)


@bp.route("/memos/<int:memo_id>/delete", methods=["POST"])
@login_required
def delete(memo_id: int):
    """Delete a memo and its audio for good."""
    memo = owned_memo(memo_id)
    memos.delete_memo(current_user, memo, data_dir())
    flash("Memo deleted.")
    return redirect(url_for("memos.index"), 303)

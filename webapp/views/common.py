"""What every blueprint shares: htmx page-or-partial, the owner's memo or 404, the memo page's context,
the one upload rate limit, a refused upload."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user

from webapp.extensions import limiter
from webapp.models import Memo
from webapp.services import memos, notes
from webapp.services.exceptions import NotFound


def is_htmx() -> bool:
    """An htmx request for a fragment (a history restore wants the whole page)."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


def page_or_partial(page: str, partial: str, **context) -> str:
    """The htmx pattern: the same route renders the full page, or just the part htmx asked for."""
    return render_template(partial if is_htmx() else page, **context)


def owned_memo(memo_id: int) -> Memo:
    """The current user's memo, or 404 — the same 404 whether it is someone else's or missing."""
    try:
        return memos.get_memo(current_user, memo_id)
    except NotFound:
        abort(404)


def refused_upload(message: str, status: int = 400):
    """A refused upload or share, told on the record page. A refused file redirects there, so a reload never
    posts it again; the server's own trouble (5xx) answers with its status, and a reload is the retry."""
    flash(message, "error")
    if status >= 500:
        return render_template("record.html"), status
    return redirect(url_for("memos.record"), 303)


def data_dir() -> str:
    """The data folder: database, audio store, models."""
    return current_app.config["DATA_DIR"]


def worker_stale_seconds() -> float:
    """How long without a worker's heartbeat before the app says transcription is paused."""
    return current_app.config["WORKER_STALE_SECONDS"]


def memo_context(memo: Memo, state: memos.PollState | None = None, **extra) -> dict:
    """What the memo page, the list's memo pane and the notes panel render a memo with.

    `state`: the memo's PollState when the caller already has it (the status poll); used only while it still
    describes the memo as loaded, so a memo that finished in between is not shown as waiting."""
    if state is None or (state.status, state.updated_at) != (memo.status, memo.updated_at):
        state = memos.poll_state_of(memo, worker_stale_seconds())
    memos.load_notes_and_transcript(memo)
    return {
        "memo": memo,
        "queue_position": state.queue_position,
        "poll_etag": None if state.is_final else f'"{state.etag}"',  # sent back by the body's poll (If-None-Match)
        "transcription_paused": state.paused,
        "suggestions": notes.suggestions(memo),
        "rating_dimensions": notes.SELF_RATING_DIMENSIONS,
        **extra,
    }


def rate_key() -> str:
    """Limit per account, so one phone syncing its queue is not blocked by others on the same network."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"


# One budget for every way a memo arrives (the API, the record page's form, the share target), so
# switching doors does not multiply it.
upload_limit = limiter.shared_limit(
    "120 per minute", scope="upload", key_func=rate_key, error_message="Too many uploads: wait a moment and retry."
)

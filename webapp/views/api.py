"""The JSON API: `/api/...`, authenticated by the browser session or `Authorization: Bearer`."""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request
from flask_login import current_user

from webapp.models import Memo
from webapp.services import memos, notes
from webapp.services.exceptions import NotFound, ServiceError
from webapp.views.common import upload_limit

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.before_request
def _require_login():
    if request.endpoint == "api.config":
        return None
    if not current_user.is_authenticated:
        return jsonify(error="Authentication required: log in or send an Authorization: Bearer token."), 401
    return None


@bp.errorhandler(ServiceError)
def _service_error(error: ServiceError):
    return jsonify(error=error.message), error.status


@bp.get("/config")
def config():
    """What a client needs before uploading."""
    user = None
    if current_user.is_authenticated:
        user = {"id": current_user.id, "username": current_user.username, "timezone": current_user.timezone}
    return jsonify(
        max_upload_bytes=current_app.config["MAX_CONTENT_LENGTH"],
        max_audio_minutes=current_app.config["MAX_AUDIO_MINUTES"],
        accepted_types=["audio/webm", "audio/ogg", "audio/mp4", "audio/mpeg", "audio/wav", "audio/flac"],
        user=user,
    )


def _upload_only() -> bool:
    """The caller is an upload-only device token: it learns of a memo only whether it arrived."""
    token = getattr(g, "bearer_token", None)
    return token is not None and token.scope == "upload"


def _memo_json(memo: Memo) -> dict:
    """The memo as this caller may see it (see _upload_only)."""
    return memos.to_status_dict(memo) if _upload_only() else memos.to_dict(memo)


def _memos_json(rows: list[Memo]) -> list[dict]:
    """A page of memos as _memo_json shows each (the queued ones' places in line from one query)."""
    if _upload_only():
        return [memos.to_status_dict(memo) for memo in rows]
    return memos.to_dicts(rows)


@bp.post("/memos")
@upload_limit
def create_memo():
    """Upload a memo (multipart: audio; optional client_uuid, recorded_at, title, contact, company)."""
    file = request.files.get("audio")
    if file is None:
        raise ServiceError("Send the recording as a multipart form field named 'audio'.")
    for field in ("client_uuid", "recorded_at", "title", "contact", "company"):
        if len(request.form.getlist(field)) > 1:
            raise ServiceError(f"Send {field} once.")
    result = memos.create_memo(
        current_user,
        file.stream,
        current_app.config["DATA_DIR"],
        current_app.config["MAX_CONTENT_LENGTH"],
        client_uuid=request.form.get("client_uuid"),
        recorded_at=request.form.get("recorded_at"),
        title=request.form.get("title"),
        contact=request.form.get("contact"),
        company=request.form.get("company"),
    )
    status = 201 if result.created else 200
    response = jsonify(_memo_json(result.memo))
    response.headers["Location"] = f"/api/memos/{result.memo.id}"
    return response, status


@bp.get("/memos")
def list_memos():
    """Newest first, paginated; `?client_uuid=` asks whether one memo has arrived."""
    if "client_uuid" in request.args:
        client_uuid = memos.parse_client_uuid(request.args["client_uuid"])
        if client_uuid and memos.is_tombstoned(current_user, client_uuid):
            return jsonify(error="This memo was deleted.", deleted=True), 410
        found = memos.find_by_client_uuid(current_user, client_uuid) if client_uuid else None
        return jsonify(memos=[_memo_json(found)] if found else [], next=None)
    limit = min(max(request.args.get("limit", 50, type=int), 1), 200)
    cursor = request.args.get("cursor", type=int)
    rows, next_cursor = memos.list_memos(current_user, before_id=cursor, limit=limit, full=True)
    return jsonify(memos=_memos_json(rows), next=next_cursor)


@bp.get("/memos/<int:memo_id>")
def get_memo(memo_id: int):
    """One memo with its transcript and notes."""
    memo = memos.get_memo(current_user, memo_id)
    data = memos.to_dict(memo)
    data["notes"] = notes.notes_dict(memo)
    return jsonify(data)


@bp.delete("/memos/<int:memo_id>")
def delete_memo(memo_id: int):
    """Delete a memo and its audio."""
    memo = memos.get_memo(current_user, memo_id)
    memos.delete_memo(current_user, memo, current_app.config["DATA_DIR"])
    return "", 204


@bp.get("/actions")
def list_actions():
    """All the user's follow-ups; `?done=0|1` filters."""
    groups = notes.followups(current_user)
    actions = [a for group in groups.values() for a in group]
    done = request.args.get("done")
    if done in ("0", "1"):
        actions = [a for a in actions if a.done == (done == "1")]
    return jsonify(actions=[notes.action_dict(a) for a in actions])


@bp.patch("/actions/<int:action_id>")
def update_action(action_id: int):
    """Change an action's `done`, `due` (YYYY-MM-DD or null) or `text`."""
    action = notes.get_action(current_user, action_id)
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # "[[[[…" nested deeper than the JSON parser recurses: not a JSON object either
        body = None
    if not isinstance(body, dict):
        raise ServiceError("Send a JSON object with any of: done, due, text.")
    unknown = set(body) - {"done", "due", "text"}
    if unknown:
        raise ServiceError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    if "done" in body and not isinstance(body["done"], bool):
        raise ServiceError("done must be true or false.")
    if "text" in body and not isinstance(body["text"], str):
        raise ServiceError("text must be a string.")
    if "due" in body and body["due"] is not None and not isinstance(body["due"], str):
        raise ServiceError("due must be a date like 2026-03-15, or null.")
    notes.update_action(
        action,
        text=body.get("text"),
        due=notes.parse_due(body["due"]) if "due" in body else "keep",
        done=body.get("done"),
    )
    return jsonify(notes.action_dict(action))


@bp.errorhandler(NotFound)
def _not_found(error: NotFound):
    return jsonify(error=error.message), 404

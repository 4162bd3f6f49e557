"""Users, passwords (argon2id) and API tokens (stored hashed)."""

from __future__ import annotations

import hashlib
import re
import secrets
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import ApiToken, User, new_uuid, utcnow
from webapp.services.exceptions import Conflict, InvalidInput, NotFound

PASSWORD_MIN, PASSWORD_MAX = 12, 128
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def user_count() -> int:
    """How many accounts exist (zero means the first visitor may create one)."""
    return db.session.scalar(select(func.count(User.id))) or 0


def validate_password(password: str) -> None:
    """Refuse passwords outside 12–128 characters."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise InvalidInput(f"Passwords must be {PASSWORD_MIN} to {PASSWORD_MAX} characters long.")


def normalize_timezone(name: str | None) -> str:
    """A valid IANA zone name, or UTC."""
    if not name:
        return "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name


def create_user(username: str, password: str, timezone: str | None = None) -> User:
    """Create an account; the username must be new."""
    username = username.strip()
    if not USERNAME_RE.match(username):
        raise InvalidInput("Usernames are 1–64 letters, digits or . _ @ -")
    validate_password(password)
    if db.session.scalar(select(User).where(func.lower(User.username) == username.lower())):
        raise Conflict(f"The username {username!r} is taken.")
    user = User(username=username, password_hash=_hasher.hash(password), timezone=normalize_timezone(timezone))
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(username: str, password: str) -> User | None:
    """The user whose password this is, or None."""
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None:
        _hasher.hash(password)  # same work as a real check, so timing does not reveal usernames
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        db.session.commit()
    return user


def end_all_sessions(user: User) -> None:
    """Invalidate every logged-in session of this user."""
    user.session_token = new_uuid()
    db.session.commit()


def load_session_user(session_id: str) -> User | None:
    """Resolve Flask-Login's "<id>:<session token>" id."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not secrets.compare_digest(user.session_token, token):
        return None
    return user


VOCABULARY_MAX_CHARS = 5000


def set_timezone(user: User, name: str) -> None:
    """Change the zone relative due dates resolve in."""
    _check_timezone(name)
    user.timezone = name
    db.session.commit()


def _check_timezone(name: str) -> None:
    if name not in available_timezones():
        raise InvalidInput(f"Unknown time zone {name!r}.")


def update_settings(user: User, timezone: str, vocabulary: str | None) -> None:
    """Save the Settings page: the time zone and the names to spell right; nothing is saved if either is refused."""
    _check_timezone(timezone)
    vocabulary = (vocabulary or "").strip()
    if len(vocabulary) > VOCABULARY_MAX_CHARS:
        raise InvalidInput(f"The names list is too long: at most {VOCABULARY_MAX_CHARS:,} characters.")
    user.timezone = timezone
    user.vocabulary = vocabulary
    db.session.commit()


def _hash_token(plaintext: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough (no dictionary to attack).
    return hashlib.sha256(plaintext.encode()).hexdigest()


def create_token(user: User, name: str, scope: str = "api") -> tuple[ApiToken, str]:
    """Make a token; the plaintext is returned once and never stored."""
    if scope not in ("api", "upload"):
        raise InvalidInput("Token scope must be 'api' or 'upload'.")
    plaintext = "dbf_" + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name[:200] or "token", scope=scope, token_hash=_hash_token(plaintext))
    db.session.add(token)
    db.session.commit()
    return token, plaintext


def token_for(plaintext: str) -> ApiToken | None:
    """The live token with this plaintext, or None."""
    if not plaintext or len(plaintext) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash_token(plaintext)))
    if token is None or token.revoked_at is not None:
        return None
    return token


def touch_token(token: ApiToken) -> None:
    """Remember when a token was last used (shown in settings), at most once a minute."""
    now = utcnow()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        token.last_used_at = now
        db.session.commit()


def list_tokens(user: User) -> list[ApiToken]:
    """The user's tokens that still work, newest first."""
    query = select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    return list(db.session.scalars(query.order_by(ApiToken.id.desc())))


def revoke_token(user: User, token_id: int) -> None:
    """Stop a token working; 404 for anyone else's."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise NotFound("No such token.")
    token.revoked_at = utcnow()
    db.session.commit()


def get_user(username: str) -> User:
    """Look a user up by name (for the CLI)."""
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None:
        raise NotFound(f"No user named {username!r}.")
    return user

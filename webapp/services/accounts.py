"""Users, passwords (argon2id), logins (one row per logged-in browser) and API tokens (secrets stored hashed)."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.attributes import set_committed_value

from webapp.extensions import db
from webapp.models import ApiToken, LoginSession, User, utcnow
from webapp.services.exceptions import Conflict, InvalidInput, NotFound

PASSWORD_MIN, PASSWORD_MAX = 12, 128
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def user_count() -> int:
    """How many accounts exist (zero means the first visitor may create one)."""
    return db.session.scalar(select(func.count(User.id))) or 0


def validate_password(password: str) -> None:
    """Refuse passwords outside 12–128 characters, and passwords of nothing but spaces."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise InvalidInput(f"Passwords must be {PASSWORD_MIN} to {PASSWORD_MAX} characters long.")
    if not password.strip():
        raise InvalidInput("A password of only spaces is too easy to guess: use words or other characters too.")


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
    user = find_user(username)
    if user is None:
        _hasher.hash(password)  # same work as a real check, so timing does not reveal usernames
        return None
    if not _password_matches(user, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        db.session.commit()
    return user


def _password_matches(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# A login nobody used for this long ends, whatever its cookies say (the remember-me cookie's own lifetime).
SESSION_IDLE_LIMIT = timedelta(days=365)
_SEEN_EVERY = timedelta(hours=1)  # how often last_seen_at is rewritten: days matter here, not minutes


def start_session(user: User) -> User:
    """Record a new login of this browser; the user's id (for the cookies) now carries its secret."""
    secret = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user.id, token_hash=_hash_token(secret)))
    db.session.execute(delete(LoginSession).where(LoginSession.last_seen_at < utcnow() - SESSION_IDLE_LIMIT))
    db.session.commit()
    user.login_token = secret
    return user


def load_session_user(session_id: str) -> User | None:
    """Resolve Flask-Login's "<user id>:<login secret>" id; None once that login was ended."""
    user_id, _, secret = session_id.partition(":")
    found = _login_session_and_user(secret)  # every request runs this: one query, not two
    if found is None:
        return None
    login, user = found
    if str(login.user_id) != user_id or utcnow() - login.last_seen_at > SESSION_IDLE_LIMIT:
        return None
    _touch_login(login)
    user.login_token = secret
    return user


def _touch_login(login: LoginSession) -> None:
    now = utcnow()
    if now - login.last_seen_at < _SEEN_EVERY:
        return
    login.last_seen_at = now
    try:
        db.session.commit()
    except SQLAlchemyError:  # a locked database must not turn every page into an error: next time, then
        db.session.rollback()


_LOGIN_AND_USER = (  # built once: every logged-in request runs it
    select(LoginSession, User)
    .join(User, User.id == LoginSession.user_id)
    .where(LoginSession.token_hash == bindparam("token_hash"))
)


def _login_session_and_user(secret: str) -> tuple[LoginSession, User] | None:
    if not secret or len(secret) > 200:
        return None
    return db.session.execute(_LOGIN_AND_USER, {"token_hash": _hash_token(secret)}).one_or_none()


def end_session(user: User) -> None:
    """Log out this browser: its login ends on the server, so no copy of its cookies works any more."""
    db.session.execute(delete(LoginSession).where(LoginSession.token_hash == _hash_token(user.login_token or "")))
    db.session.commit()


def end_all_sessions(user: User, keep_current: bool = False) -> None:
    """Log out every browser of this user (all but this one with keep_current)."""
    query = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep_current and user.login_token:
        query = query.where(LoginSession.token_hash != _hash_token(user.login_token))
    db.session.execute(query)
    db.session.commit()


def count_sessions(user: User) -> int:
    """How many browsers are logged in to this account."""
    return db.session.scalar(select(func.count(LoginSession.id)).where(LoginSession.user_id == user.id)) or 0


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password once the current one is confirmed; every other browser is logged out."""
    if not _password_matches(user, current):
        raise InvalidInput("The current password is not right.")
    set_password(user, new, keep_current_session=True)


def set_password(user: User, new: str, keep_current_session: bool = False) -> None:
    """Set a new password and end the user's sessions (all of them, or all but this browser's)."""
    validate_password(new)
    user.password_hash = _hasher.hash(new)
    end_all_sessions(user, keep_current=keep_current_session)


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


_TOKEN_AND_USER = (  # built once: every Bearer request runs it (building it cost as much as running it)
    select(ApiToken, User).join(User, User.id == ApiToken.user_id).where(ApiToken.token_hash == bindparam("token_hash"))
)


def token_for(plaintext: str) -> ApiToken | None:
    """The live token with this plaintext, or None; its user comes in the same query (token.user needs none)."""
    if not plaintext or len(plaintext) > 200:
        return None
    found = db.session.execute(_TOKEN_AND_USER, {"token_hash": _hash_token(plaintext)}).one_or_none()
    if found is None or found.ApiToken.revoked_at is not None:
        return None
    set_committed_value(found.ApiToken, "user", found.User)  # as loaded: token.user asks the database no more
    return found.ApiToken


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


def find_user(username: str) -> User | None:
    """The account with this name (any case), or None."""
    return db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))


def get_user(username: str) -> User:
    """Look a user up by name (for the CLI)."""
    user = find_user(username)
    if user is None:
        raise NotFound(f"No user named {username!r}.")
    return user

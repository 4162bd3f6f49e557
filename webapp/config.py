"""Settings from the environment (DEBRIEF_*), with defaults for one person on one machine."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def data_dir(default: Path) -> Path:
    """The data folder: DEBRIEF_DATA_DIR or the app's instance folder."""
    return Path(os.environ.get("DEBRIEF_DATA_DIR") or default).resolve()


def secret_key(folder: Path) -> str:
    """DEBRIEF_SECRET_KEY, or a key generated once and kept in the data folder."""
    if key := os.environ.get("DEBRIEF_SECRET_KEY"):
        return key
    path = folder / "secret_key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        # Written with O_EXCL so two processes starting together agree on one key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
    return path.read_text().strip()


def worker_nice() -> int:
    """DEBRIEF_WORKER_NICE: how much lower the worker's CPU priority is than the web server's (0: the same)."""
    return int(os.environ.get("DEBRIEF_WORKER_NICE", "10"))


def from_environment(instance_path: str) -> dict:
    """Build the Flask config for this process."""
    folder = data_dir(Path(instance_path))
    folder.mkdir(parents=True, exist_ok=True)
    max_upload_mb = float(os.environ.get("DEBRIEF_MAX_UPLOAD_MB", "100"))
    return {
        "DATA_DIR": str(folder),
        "SECRET_KEY": secret_key(folder),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DEBRIEF_DATABASE_URL") or f"sqlite:///{folder / 'debrief.sqlite'}",
        "MAX_CONTENT_LENGTH": int(max_upload_mb * 1024 * 1024),
        "MAX_UPLOAD_MB": max_upload_mb,
        "MAX_AUDIO_MINUTES": float(os.environ.get("DEBRIEF_MAX_AUDIO_MINUTES", "120")),
        "ENGINE": os.environ.get("DEBRIEF_ENGINE", "faster-whisper"),
        "MODEL": os.environ.get("DEBRIEF_MODEL", "tiny.en"),
        "DENOISE": os.environ.get("DEBRIEF_DENOISE", "off"),
        "HTTPS": os.environ.get("DEBRIEF_HTTPS", "") not in ("", "0", "false"),
        "PROXY_COUNT": int(os.environ.get("DEBRIEF_PROXY_COUNT", "0")),
        "RATELIMIT_ENABLED": os.environ.get("DEBRIEF_RATELIMIT", "on").lower() not in ("0", "off", "false", "no"),
        "RATELIMIT_STORAGE_URI": os.environ.get("DEBRIEF_RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,  # Retry-After on a 429: the phone's outbox waits that long
        # Failed logins allowed (webapp/views/auth.py): per address, per account, per browser known to the account.
        "LOGIN_ADDRESS_LIMIT": "10 per minute;50 per hour",
        "LOGIN_ACCOUNT_LIMIT": "10 per 5 minutes",
        "LOGIN_DEVICE_LIMIT": "10 per minute;50 per hour",
        "JOB_LEASE_SECONDS": float(os.environ.get("DEBRIEF_JOB_LEASE_SECONDS", "60")),
        "JOB_MAX_ATTEMPTS": int(os.environ.get("DEBRIEF_JOB_MAX_ATTEMPTS", "3")),
        "DB_BUSY_TIMEOUT_SECONDS": float(os.environ.get("DEBRIEF_DB_BUSY_TIMEOUT", "30")),
        "DB_RETRY_SECONDS": float(os.environ.get("DEBRIEF_DB_RETRY_SECONDS", "600")),
        "WORKER_HEARTBEAT_SECONDS": float(os.environ.get("DEBRIEF_WORKER_HEARTBEAT_SECONDS", "10")),
        "WORKER_STALE_SECONDS": float(os.environ.get("DEBRIEF_WORKER_STALE_SECONDS", "60")),
        "IMPORT_MAX_MEMOS": int(os.environ.get("DEBRIEF_IMPORT_MAX_MEMOS", "5000")),  # memos in one import
    }

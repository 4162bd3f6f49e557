"""Rate-limit counters in a SQLite file, so several web processes on one machine count the same logins and uploads.

`debrief serve --processes N` (and `debrief run`) use it when DEBRIEF_RATELIMIT_STORAGE_URI is not set: with
Flask-Limiter's default `memory://` each process would count on its own and allow N times each limit. The
URI is `debrief-sqlite:///<path>`; importing this module registers the scheme with the `limits` library.
Only the fixed-window strategy (Flask-Limiter's default) is supported: it needs these six methods.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from limits.storage import Storage

SCHEME = "debrief-sqlite"


def storage_uri(data_dir: str | Path) -> str:
    """The shared counters' URI for this data folder."""
    return f"{SCHEME}://{Path(data_dir).resolve() / 'ratelimits.sqlite'}"


class SqliteStorage(Storage):
    """Fixed-window counters, one row a key; a write takes SQLite's lock, so processes never lose a count."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = uri.split("://", 1)[1]
        self.lock = threading.Lock()  # one connection per process, shared by its threads
        self.connection = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        with self.lock:
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute(
                "CREATE TABLE IF NOT EXISTS counters "
                "(key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL)"
            )

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add `amount` to the key's count; a count whose window has passed starts again."""
        now = time.time()
        with self.lock:
            db = self.connection
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("DELETE FROM counters WHERE expires <= ?", (now,))  # every key's: the table stays small
                db.execute(
                    "INSERT INTO counters (key, count, expires) VALUES (?, ?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET count = count + excluded.count",
                    (key, amount, now + expiry),
                )
                (count,) = db.execute("SELECT count FROM counters WHERE key = ?", (key,)).fetchone()
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return count

    def get(self, key: str) -> int:
        return int(self._column("count", key) or 0)

    def get_expiry(self, key: str) -> float:
        return self._column("expires", key) or time.time()

    def _column(self, column: str, key: str):
        with self.lock:
            row = self.connection.execute(
                f"SELECT {column} FROM counters WHERE key = ? AND expires > ?",  # noqa: S608 (column is ours)
                (key, time.time()),
            ).fetchone()
        return row[0] if row else None

    def check(self) -> bool:
        with self.lock:
            return self.connection.execute("SELECT 1").fetchone() == (1,)

    def reset(self) -> int | None:
        with self.lock:
            return self.connection.execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        with self.lock:
            self.connection.execute("DELETE FROM counters WHERE key = ?", (key,))

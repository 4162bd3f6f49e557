"""Helpers the tests import: paths, the auth helper, uploads, real Debrief processes, free ports and test speech.

Kept out of conftest.py so that no test imports a module named `conftest` (tests/browser has its own).
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


DATA = Path(__file__).parent / "data"


SHARED_AUDIO = ROOT.parent / "shared" / "audio"


PASSWORD = "a perfectly long password"


def in_ci() -> bool:
    """CI set (and not to a false value): a missing browser or tool is a failure, not a skip."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf[-_]token" (?:content|value)="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


class AuthActions:
    """Create users and log in and out through the real forms."""

    def __init__(self, app, client):
        self.app, self.client = app, client

    def create(self, username: str = "ann", password: str = PASSWORD, timezone: str = "Europe/Berlin"):
        from webapp.services import accounts

        with self.app.app_context():
            return accounts.create_user(username, password, timezone).id

    def login(self, username: str = "ann", password: str = PASSWORD):
        page = self.client.get("/login")
        return self.client.post(
            "/login", data={"username": username, "password": password, "csrf_token": csrf_from(page.text)}
        )

    def logout(self):
        page = self.client.get("/")
        return self.client.post("/logout", data={"csrf_token": csrf_from(page.text)})

    def csrf(self) -> str:
        return csrf_from(self.client.get("/").text)

    def token(self, username: str = "ann", scope: str = "api") -> str:
        from webapp.services import accounts

        with self.app.app_context():
            return accounts.create_token(accounts.get_user(username), "test", scope)[1]


def upload(client, path: Path, csrf: str | None = None, headers: dict | None = None, **fields):
    """POST /api/memos with a file, as a browser or a script would."""
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    data = {key: value for key, value in fields.items() if value is not None}
    all_headers = dict(headers or {})
    if csrf:
        all_headers["X-CSRFToken"] = csrf
    with open(path, "rb") as f:
        data["audio"] = FileStorage(f, filename=path.name)
        # Encoded in memory: werkzeug's test client leaks its temp file for bodies over 500 kB.
        boundary, body = encode_multipart(data)
    return client.post(
        "/api/memos", data=body, headers=all_headers, content_type=f"multipart/form-data; boundary={boundary}"
    )


def new_uuid() -> str:
    return str(uuid.uuid4())


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DebriefProcesses:
    """`debrief serve` and `debrief worker` subprocesses on one data folder and one database, logs kept.

    The database is a SQLite file in the data folder unless `database_url` says otherwise; `env` adds settings.
    """

    def __init__(self, data_dir: Path, database_url: str | None = None, **env: str):
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DEBRIEF_DATA_DIR": str(data_dir),
            "DEBRIEF_DATABASE_URL": database_url or f"sqlite:///{data_dir / 'debrief.sqlite'}",
            "DEBRIEF_SECRET_KEY": "test-secret",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.procs: list = []
        self.web = None  # the running `debrief serve`, if any
        self.api_tokens: dict[str, str] = {}  # username → the full-scope token create_user made

    def spawn(self, *args: str, log_name: str | None = None):
        """Start `debrief ARGS...`, its output in <data>/<log_name>.log."""
        import subprocess
        import sys

        log_path = self.log_path(log_name or args[0])
        with open(log_path, "ab") as log:  # the child keeps its own copy of the descriptor
            proc = subprocess.Popen(
                [sys.executable, "-m", "webapp.cli", *args], cwd=ROOT, env=self.env, stdout=log, stderr=log
            )
        self.procs.append(proc)
        return proc

    def log_path(self, name: str) -> Path:
        return self.data_dir / f"{name}.log"

    def log(self, name: str) -> str:
        path = self.log_path(name)
        return path.read_text(errors="replace") if path.exists() else ""

    def cli(self, *args: str, stdin: str | None = None) -> str:
        import subprocess
        import sys

        result = subprocess.run(
            [sys.executable, "-m", "webapp.cli", *args],
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def create_user(self, name: str = "ann") -> str:
        """Create an account and return a full-scope API token for it (also kept for `api`)."""
        self.cli("user", "create", name, "--password-stdin", stdin=PASSWORD + "\n")
        self.api_tokens[name] = self.cli("token", "create", name).strip()
        return self.api_tokens[name]

    def serve(self, threads: int = 8):
        """Start the web server and wait until it answers."""
        self.web = self.spawn("serve", "--port", str(self.port), "--threads", str(threads))
        return self._wait_answering(self.web, "serve")

    def run(self):
        """Start `debrief run` (web server and its own worker) and wait until it answers; its log is run.log."""
        self.web = self.spawn("run", "--port", str(self.port))
        return self._wait_answering(self.web, "run")

    def _wait_answering(self, proc, name: str):
        import time
        import urllib.request

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"debrief {name} exited:\n{self.log(name)}"
            try:
                with urllib.request.urlopen(self.url + "/api/config", timeout=2):
                    return proc
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"debrief {name} did not answer within 30 s:\n{self.log(name)}")

    def stop_web(self) -> None:
        """Take the web server away (a worker keeps running): as offline as it gets for a browser."""
        if self.web is not None:
            _stop([self.web])
        self.web = None

    def stop_all(self) -> None:
        """SIGTERM whatever still runs (SIGKILL after 15 s)."""
        _stop(self.procs)

    def api(self, user: str, path: str) -> tuple[int, dict]:
        """GET the JSON API as `user` with create_user's token: what the server really holds."""
        import json
        import urllib.error
        import urllib.request

        request = urllib.request.Request(self.url + path, headers={"Authorization": f"Bearer {self.api_tokens[user]}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.loads(error.read() or b"{}")

    def memos(self, user: str) -> list[dict]:
        status, body = self.api(user, "/api/memos?limit=200")
        assert status == 200, body
        return body["memos"]

    def memo_by_uuid(self, user: str, client_uuid: str) -> dict | None:
        status, body = self.api(user, f"/api/memos?client_uuid={client_uuid}")
        assert status == 200, body
        return body["memos"][0] if body["memos"] else None

    def wait_transcribed(self, user: str, memo_id: int, timeout: float = 90) -> dict:
        """Poll the memo until the worker is done with it (ready, no speech, or failed)."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, memo = self.api(user, f"/api/memos/{memo_id}")
            assert status == 200, memo
            if memo["status"] in ("ready", "no_speech", "failed"):
                return memo
            time.sleep(1)
        raise AssertionError(f"memo {memo_id} was not transcribed within {timeout} s: {memo}")


def _stop(procs: list) -> None:
    """SIGTERM the processes still running, then wait for each (SIGKILL after 15 s)."""
    import subprocess

    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def http_upload(url: str, token: str, audio: bytes, filename: str = "memo.webm", **fields: str):
    """POST /api/memos over real HTTP with a Bearer token: (status, JSON body)."""
    import json
    import urllib.error
    import urllib.request

    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="audio"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + audio
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        url + "/api/memos",
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read() or b"{}")


def shared_clip(name: str) -> Path:
    """A clip from ../shared/audio: missing is a failure in CI, a skip elsewhere."""
    path = SHARED_AUDIO / name
    if not path.exists():
        if in_ci():
            pytest.fail(f"{path} is missing: CI always has ../shared/audio")
        pytest.skip(f"{path} is not here")
    return path


def require_module(name: str, install_hint: str) -> None:
    """An optional part (openai-whisper, Whisper base): skipped on a machine without it, a failure in CI."""
    import importlib.util

    if importlib.util.find_spec(name) is None:
        if in_ci():
            pytest.fail(f"{name} is not installed; CI installs it ({install_hint})")
        pytest.skip(f"{name} is not installed ({install_hint})")


def words(text: str) -> str:
    """Lower-case words and digits only, for comparing what was heard."""
    return " ".join(re.sub(r"[^a-z0-9']+", " ", text.lower()).split())


def require_tools(*tools: str) -> None:
    """Command-line tools a test needs to make speech (espeak-ng, ffmpeg): skipped without, failed in CI."""
    import shutil

    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        message = f"needs {', '.join(missing)} (apt-get install espeak-ng ffmpeg)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)


# ffmpeg's audio encoder for each file type the tests make (always mono).
AUDIO_CODECS = {".wav": "pcm_s16le", ".webm": "libopus", ".ogg": "libopus", ".m4a": "aac", ".mp3": "libmp3lame"}


def speech(
    text: str,
    path: Path,
    *,
    voice: str | None = None,
    speed: int = 150,
    rate: int | None = None,
    bitrate: str | None = None,
    pad: tuple[float, float] | None = None,
) -> Path:
    """`text` spoken by espeak-ng into `path`, whose suffix picks the format (see AUDIO_CODECS); returns `path`.

    `voice` is an espeak-ng voice ("en-us", "de"; its default when None), `speed` its words a minute. A WAV at
    espeak-ng's own 22.05 kHz needs only espeak-ng; anything else is encoded by encode_audio (ffmpeg), with
    `rate`, `bitrate` and `pad` passed on. Without the tools: a skip, or a failure when CI is set.
    """
    path = Path(path)
    direct = path.suffix == ".wav" and rate is None and pad is None
    require_tools("espeak-ng", *([] if direct else ["ffmpeg"]))
    raw = path if direct else path.with_name(path.stem + ".espeak.wav")
    voice_args = ["-v", voice] if voice else []
    _run(["espeak-ng", *voice_args, "-s", str(speed), "-w", str(raw), text])
    if direct:
        return path
    try:
        return encode_audio(raw, path, rate=rate, bitrate=bitrate, pad=pad)
    finally:
        raw.unlink(missing_ok=True)


def encode_audio(
    source: Path,
    path: Path,
    *,
    rate: int | None = None,
    bitrate: str | None = None,
    pad: tuple[float, float] | None = None,
    live: bool = False,
) -> Path:
    """`source` re-encoded by ffmpeg as mono audio into `path` (the suffix picks the codec); returns `path`.

    `rate` in Hz, `bitrate` as ffmpeg writes it ("24k"), `pad` seconds of silence (before, after), and `live` a
    WebM as a browser's MediaRecorder streams it: no duration in its header.
    """
    path = Path(path)
    if path.suffix not in AUDIO_CODECS:
        raise ValueError(f"no encoder for {path.suffix!r} files: add one to AUDIO_CODECS")
    require_tools("ffmpeg")
    command = ["ffmpeg", "-loglevel", "error", "-y", "-i", str(source), "-ac", "1", "-c:a", AUDIO_CODECS[path.suffix]]
    if rate:
        command += ["-ar", str(rate)]
    if bitrate:
        command += ["-b:a", bitrate]
    if pad:
        before, after = pad
        command += ["-af", f"adelay={round(before * 1000)}:all=1,apad=pad_dur={after}"]
    if live:
        command += ["-f", "webm", "-live", "1"]
    _run([*command, str(path)])
    return path


def _run(command: list[str]) -> None:
    import subprocess

    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}"


@contextlib.contextmanager
def make_app(tmp_path: Path, database_url: str, **config):
    """A migrated app on the test database, its data folder beside the SQLite file; `config` adds settings."""
    from webapp import create_app
    from webapp.extensions import db, upgrade_database

    data_dir = tmp_path / "data"  # where database_url puts the SQLite file
    data_dir.mkdir(exist_ok=True)
    settings = {
        "TESTING": True,
        "DATA_DIR": str(data_dir),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "RATELIMIT_ENABLED": False,
        "JOB_LEASE_SECONDS": 5,
    }
    app = create_app({**settings, **config})
    upgrade_database(app)
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()

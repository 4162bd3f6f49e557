"""What the browser tests share: the server under test, the phone on its record page, Chromium's arguments."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a-long-password-123"
SENTENCE = "Recruiter Sarah called about the backend role. I need to send a thank you email by Friday."
SPOKEN_WORDS = ("recruiter", "sarah", "backend", "role", "thank", "email", "friday")
BASE_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`debrief serve` and `debrief worker` as subprocesses on one temporary data folder."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DEBRIEF_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
        self.env.pop("CI", None)
        self.web: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.api_tokens: dict[str, str] = {}

    def _spawn(self, *args: str) -> subprocess.Popen:
        with open(self.data_dir / f"{args[0]}.log", "ab") as log:  # the child keeps its own copy of the fd
            command = [sys.executable, "-m", "webapp.cli", *args]
            return subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def cli(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "webapp.cli", *args],
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    def start_web(self) -> None:
        self.web = self._spawn("serve", "--port", str(self.port))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.web.poll() is not None:
                raise RuntimeError(f"debrief serve exited: see {self.data_dir / 'serve.log'}")
            try:
                with urllib.request.urlopen(self.url + "/api/config", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("debrief serve did not start within 30 s")

    def stop_web(self) -> None:
        """Take the server away (the worker keeps running): as offline as it gets for the browser."""
        if self.web and self.web.poll() is None:
            self.web.terminate()
            self.web.wait(timeout=15)
        self.web = None

    def start_worker(self) -> None:
        self.worker = self._spawn("worker")

    def stop(self) -> None:
        self.stop_web()
        if self.worker and self.worker.poll() is None:
            self.worker.terminate()
            try:
                self.worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.worker.kill()

    def create_user(self, name: str) -> None:
        self.cli("user", "create", name, "--password-stdin", stdin=PASSWORD + "\n")
        self.api_tokens[name] = self.cli("token", "create", name, "--name", "browser tests").strip()

    def api(self, user: str, path: str) -> tuple[int, dict]:
        """GET the JSON API as `user` (a full-scope token, not the browser's): what the server really holds."""
        request = urllib.request.Request(self.url + path, headers={"Authorization": f"Bearer {self.api_tokens[user]}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
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
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, memo = self.api(user, f"/api/memos/{memo_id}")
            assert status == 200, memo
            if memo["status"] in ("ready", "no_speech", "failed"):
                return memo
            time.sleep(1)
        raise AssertionError(f"memo {memo_id} was not transcribed within {timeout} s: {memo}")


def browser_args(speech: Path) -> list[str]:
    return BASE_ARGS + [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-audio-capture={speech}",
    ]


def login(page, username: str, base_url: str) -> None:
    page.goto(base_url + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button.primary")
    page.wait_for_url(base_url + "/")


def wait_until(page, script: str, arg=None, timeout: float = 15) -> object:
    """Poll `script` (which may return a promise: page.wait_for_function would take the promise itself as truthy)."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(script, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {script}")
        page.wait_for_timeout(200)


class Phone:
    """What a person does on the record page, and what the page keeps in IndexedDB."""

    def __init__(self, page):
        self.page = page

    def open(self, path: str = "/") -> None:
        self.page.goto(path)
        self.page.wait_for_function("() => window.Debrief && window.DebriefOutbox")
        self.page.evaluate("() => window.Debrief.ready")

    def wait_controlled(self) -> None:
        """The service worker is active and controls this page (clients.claim, or after one reload)."""
        self.page.evaluate("() => navigator.serviceWorker.ready")
        if not self.page.evaluate("() => !!navigator.serviceWorker.controller"):
            self.page.reload()
            self.page.evaluate("() => window.Debrief.ready")
        assert self.page.evaluate("() => !!navigator.serviceWorker.controller")

    def device_token(self, user_id: int) -> dict | None:
        return self.page.evaluate("(id) => DebriefOutbox.getToken(id)", user_id)

    def wait_device_token(self, user_id: int) -> None:
        wait_until(self.page, "(id) => DebriefOutbox.getToken(id)", user_id)

    def outbox(self) -> list[dict]:
        return self.page.evaluate("() => DebriefOutbox.listMemos()")

    def record(self, seconds: float) -> str:
        """Record for `seconds` and stop; returns the memo's client_uuid (now in review)."""
        self.page.click("#record-button")
        self.page.wait_for_selector("#recorder[data-state=recording]")
        self.page.wait_for_timeout(seconds * 1000)
        self.page.click("#record-button")
        self.page.wait_for_selector("#review:not([hidden])")
        reviewing = [m for m in self.outbox() if m["state"] == "review"]
        assert len(reviewing) == 1, reviewing
        return reviewing[0]["uuid"]

    def save(self, title: str | None = None) -> None:
        if title:
            self.page.fill("#memo-title", title)
        self.page.click("#save-button")

    def record_and_save(self, seconds: float, title: str | None = None) -> str:
        uuid = self.record(seconds)
        self.save(title)
        self.page.wait_for_selector("#recorder[data-state=idle]")
        return uuid

    def wait_outbox_empty(self, timeout: float = 30) -> None:
        wait_until(self.page, "() => DebriefOutbox.listMemos().then(m => m.length === 0)", timeout=timeout)


def in_ci() -> bool:
    """CI set (and not to a false value): a missing browser or tool is a failure, not a skip."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")

"""`debrief serve --processes N`: several waitress processes on one port, counting logins and uploads together."""

from __future__ import annotations

import re
import signal
import sqlite3
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import psutil
from support import PASSWORD, DebriefProcesses

from webapp.ratelimits import SqliteStorage, storage_uri


def test_two_processes_count_one_limit(tmp_path):
    """Each instance is what one process holds: the second sees the first's hits, and their sum is kept."""
    uri = storage_uri(tmp_path)
    one, two = SqliteStorage(uri), SqliteStorage(uri)
    assert [one.incr("login", 60), two.incr("login", 60), one.incr("login", 60)] == [1, 2, 3]
    assert two.get("login") == 3 and one.get("elsewhere") == 0
    two.clear("login")
    assert one.get("login") == 0


def test_a_counter_starts_again_after_its_window(tmp_path):
    storage = SqliteStorage(storage_uri(tmp_path))
    storage.incr("upload", 0.2, amount=5)  # the window the limit gives, in seconds
    assert storage.get("upload") == 5 and storage.get_expiry("upload") > 0
    time.sleep(0.3)
    assert storage.get("upload") == 0
    assert storage.incr("upload", 60) == 1


def _web_processes(parent_pid: int, expected: int) -> list[psutil.Process]:
    """The parent's `serve --listen-fd` children once `expected` of them run (a child just forked still shows the
    parent's command line)."""
    deadline = time.monotonic() + 30
    while True:
        children = [c for c in psutil.Process(parent_pid).children() if "--listen-fd" in c.cmdline()]
        if len(children) >= expected or time.monotonic() > deadline:
            return children
        time.sleep(0.1)


def _serve_two(procs: DebriefProcesses):
    """`debrief serve --processes 2` answering: the parent and its two web processes."""
    web = procs.spawn("serve", "--port", str(procs.port), "--processes", "2", "--threads", "2")
    procs.web = web
    procs._wait_answering(web, "serve")  # the first process to start answers
    children = _web_processes(web.pid, 2)
    assert len(children) == 2
    return web, children


def _failed_login(url: str) -> int:
    """A wrong password from a new browser (its own cookies, its own connection): the answer's status."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(url + "/login", timeout=10) as page:
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.read().decode()).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "username": "ann", "password": "not " + PASSWORD})
    try:
        with opener.open(url + "/login", form.encode(), timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        with error:
            return error.code


def test_serve_with_two_processes_answers_and_limits_logins_across_them(tmp_path):
    procs = DebriefProcesses(tmp_path)
    try:
        procs.create_user("ann")
        web, children = _serve_two(procs)
        status, body = procs.api("ann", "/api/memos")
        assert status == 200 and body["memos"] == []

        # LOGIN_ADDRESS_LIMIT is 10 a minute: counted in one file whichever process answers, not 10 in each.
        assert [_failed_login(procs.url) for _ in range(11)] == [401] * 10 + [429]
        with sqlite3.connect(tmp_path / "ratelimits.sqlite") as counters:
            counts = [count for (count,) in counters.execute("SELECT count FROM counters")]
        assert counts and max(counts) >= 10

        web.send_signal(signal.SIGTERM)
        assert web.wait(timeout=30) == 0
        assert not any(child.is_running() and child.status() != psutil.STATUS_ZOMBIE for child in children)
    finally:
        procs.stop_all()
    assert "2 processes × 2 threads" in procs.log("serve") and "Traceback" not in procs.log("serve")


def test_web_processes_stop_when_their_parent_is_killed(tmp_path):
    procs = DebriefProcesses(tmp_path)
    try:
        web = procs.spawn("serve", "--port", str(procs.port), "--processes", "2", "--threads", "2")
        procs._wait_answering(web, "serve")
        children = _web_processes(web.pid, 2)
        assert len(children) == 2
        web.kill()  # no chance to stop them itself
        web.wait(timeout=10)
        gone, alive = psutil.wait_procs(children, timeout=15)
        assert not alive and len(gone) == 2
    finally:
        procs.stop_all()


def test_serve_says_when_its_port_is_taken(tmp_path):
    import socket

    procs = DebriefProcesses(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", procs.port))
        taken.listen()
        proc = procs.spawn("serve", "--port", str(procs.port), "--processes", "2")
        assert proc.wait(timeout=60) == 1
    assert f"cannot listen on 127.0.0.1:{procs.port}" in procs.log("serve") and "Traceback" not in procs.log("serve")


def test_a_killed_web_process_is_replaced_on_the_same_socket(tmp_path):
    procs = DebriefProcesses(tmp_path)
    try:
        procs.create_user("ann")
        web, (first, second) = _serve_two(procs)
        first.kill()
        psutil.wait_procs([first], timeout=10)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and first.pid in [c.pid for c in _web_processes(web.pid, 2)]:
            time.sleep(0.2)
        replacement = [c for c in _web_processes(web.pid, 2) if c.pid not in (first.pid, second.pid)]
        assert len(replacement) == 1  # restarted with the socket its supervisor kept open
        second.kill()  # now only the replacement can answer
        psutil.wait_procs([second], timeout=10)
        status, body = procs.api("ann", "/api/memos")
        assert status == 200 and body["memos"] == []
    finally:
        procs.stop_all()
    assert "Traceback" not in procs.log("serve")

"""Load: the web server under many clients, and one worker's memory over hundreds of memos; loopback only.

Run by `debrief bench load` (not part of a plain `debrief bench`, nor of CI):

1. Web: `debrief serve` and `debrief worker` on 127.0.0.1, each account with SEEDED ready memos (transcripts,
   notes, follow-ups) and short spoken memos queued for the worker, which transcribes them all along.
   CLIENTS concurrent clients, no think time, for SECONDS, one of two mixes:
   - `--mix target` (the default): the status poll of the client's queued memo (with the ETag it was given,
     as the browser does) and a memo page, half each: the target is >= 250 requests/s and p95 <= 300 ms.
   - `--mix browse`: the memo list (and its next pages), search, memo pages, status polls, and an upload every
     UPLOAD_EVERY seconds per client.
   Every answer must be 2xx (or 304 to a poll); p50/p95/p99 latency is printed per kind of request.
2. Worker: MEMOS short memos through one `debrief worker`, its RSS sampled every second; after the warm-up
   (the first WARMUP memos) RSS may not grow by more than 10 %.

    debrief bench load                                  # both phases, defaults as in `debrief bench --help`
    debrief bench load --phase web --seconds 20 --clients 10
    debrief bench load --phase web --mix browse

Each phase runs on a fresh temporary data folder (SQLite unless --database-url) and stops its processes.
The command exits with status 1 when a phase fails its bar.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load test password 123"
SHORT_MEMO = "Call went well. Send the thank you note by Friday."
USERS = 25  # uploads are limited to 120 a minute per account; spread the clients over accounts
UPLOAD_EVERY = 2.0  # seconds between one client's uploads: 2 clients x 30/min = 60/min per account
SEARCH_WORDS = ["acme", "friday", "thank", "call", "note", "role", "system design", "kubernetes"]
SEEDED = 200  # ready memos per account: a user some months in
TARGET_RATE, TARGET_P95 = 250, 0.300  # status poll and memo page, with the worker transcribing
TARGET_KINDS = ("status poll", "memo page")


@dataclass(frozen=True)
class LoadOptions:
    """What `debrief bench load` takes (its options of the same names)."""

    phase: str = "both"  # web, worker or both
    clients: int = 50
    seconds: float = 60
    threads: int = 8  # waitress threads (debrief serve --threads)
    memos: int = 500
    warmup: int = 50  # memos before RSS is taken as the baseline
    database_url: str | None = None  # default: a fresh SQLite file; e.g. postgresql+psycopg://...
    mix: str = "target"  # web: "target" (status poll and memo page) or "browse" (every kind of request)
    processes: int = 1  # web server processes (debrief serve --processes)
    keep_alive: bool = True  # each client keeps one connection open, as a browser does; False: one a request


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    elapsed: float = 0.0

    def all_latencies(self) -> list[float]:
        return [v for values in self.latencies.values() for v in values]

    def record(self, kind: str, seconds: float, status: int, detail: str = "") -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if not (200 <= status < 300 or (status == 304 and kind == "status poll")):
                self.errors.append(f"{kind}: {status} {detail[:200]}")


class Debrief:
    """`debrief serve` / `debrief worker` subprocesses on one fresh data folder, loopback only."""

    def __init__(self, database_url: str | None):
        self.folder = Path(tempfile.mkdtemp(prefix="debrief-load-"))
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DEBRIEF_DATA_DIR": str(self.folder),
            "DEBRIEF_SECRET_KEY": "load-test",
            "PYTHONUNBUFFERED": "1",
        }
        if database_url:
            self.env["DEBRIEF_DATABASE_URL"] = database_url
        self.procs: list[subprocess.Popen] = []

    def spawn(self, *args: str) -> subprocess.Popen:
        log = open(self.folder / f"{args[0]}.log", "ab")  # noqa: SIM115 (the child holds it; closed at exit)
        proc = subprocess.Popen(
            [sys.executable, "-m", "webapp.cli", *args], cwd=ROOT, env=self.env, stdout=log, stderr=log
        )
        log.close()
        self.procs.append(proc)
        return proc

    def users(self, count: int) -> list[str]:
        """Create `count` accounts; a full-scope API token for each (in this process: a CLI call each took long)."""
        from webapp.extensions import db, upgrade_database
        from webapp.services import accounts

        app = self._app()
        upgrade_database(app)
        with app.app_context():
            users = [accounts.create_user(f"load{i}", PASSWORD, None) for i in range(count)]
            tokens = [accounts.create_token(user, "load")[1] for user in users]
            db.engine.dispose()
        return tokens

    def _app(self):
        from webapp import create_app

        url = self.env.get("DEBRIEF_DATABASE_URL") or f"sqlite:///{self.folder / 'debrief.sqlite'}"
        return create_app({"DATA_DIR": str(self.folder), "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "load-test"})

    def seed(self, accounts: int, memos: int) -> list[list[int]]:
        """`memos` ready memos for each of the first `accounts` accounts (bench search's generator); their ids."""
        from bench.search import insert_memos
        from webapp.extensions import db
        from webapp.services.accounts import get_user

        app = self._app()
        started = time.monotonic()
        with app.app_context():
            user_ids = [get_user(f"load{i}").id for i in range(accounts)]
        ids = [insert_memos(app, memos, seed=i, owner=lambda _memo_id, u=u: u) for i, u in enumerate(user_ids)]
        with app.app_context():
            db.engine.dispose()
        print(f"  {accounts * memos} memos stored in {time.monotonic() - started:.0f} s")
        return ids

    def serve(self, threads: int, processes: int = 1) -> None:
        args = ["--host", "127.0.0.1", "--port", str(self.port), "--threads", str(threads)]
        proc = self.spawn("serve", *args, *(["--processes", str(processes)] if processes > 1 else []))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit(f"debrief serve exited; see {self.folder / 'serve.log'}")
            try:
                with urllib.request.urlopen(self.url + "/api/config", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("debrief serve did not start within 30 s")

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self, keep: bool) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        if keep:
            print(f"  data and logs kept in {self.folder}")
        else:
            shutil.rmtree(self.folder, ignore_errors=True)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def short_memo_audio(folder: Path) -> bytes:
    """A few seconds of espeak-ng speech as Opus in WebM, as a phone would send."""
    wav, webm = folder / "short.wav", folder / "short.webm"
    subprocess.run(["espeak-ng", "-s", "160", "-w", str(wav), SHORT_MEMO], check=True)
    encode = ["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), "-ac", "1", "-c:a", "libopus", "-b:a", "24k"]
    subprocess.run([*encode, str(webm)], check=True)
    return webm.read_bytes()


def request(
    url: str,
    token: str,
    method: str = "GET",
    body: bytes | None = None,
    content_type: str | None = None,
    headers: dict | None = None,
):
    """(status, body bytes) of one request with a Bearer token; `headers` as well."""
    headers = {"Authorization": f"Bearer {token}", **(headers or {})}
    if content_type:
        headers["Content-Type"] = content_type
    return _send(urllib.request.Request(url, data=body, method=method, headers=headers))


def _send(req: urllib.request.Request, answer: dict | None = None):
    """(status, body bytes); the response's headers go into `answer` when given."""
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            if answer is not None:
                answer.update(response.headers)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            if answer is not None:
                answer.update(error.headers)
            return error.code, error.read()
    except OSError as error:
        return 599, str(error).encode()


def multipart(audio: bytes, **fields: str) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()
    ]
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="audio"; filename="memo.webm"\r\n\r\n'.encode()
    body = b"".join(parts) + head + audio + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def upload(url: str, token: str, audio: bytes) -> tuple[int, bytes]:
    body, content_type = multipart(audio, client_uuid=str(uuid.uuid4()), title="load test memo")
    return request(url + "/api/memos", token, "POST", body, content_type)


class KeptConnection:
    """One HTTP/1.1 connection a client keeps open between requests, as a browser does; reopened when closed."""

    def __init__(self, base: str):
        self.host, port = urllib.parse.urlsplit(base).netloc.split(":")
        self.port = int(port)
        self.conn: http.client.HTTPConnection | None = None

    def get(self, path: str, headers: dict, answer: dict | None = None) -> tuple[int, bytes]:
        """(status, body bytes) of a GET on the kept connection; the response's headers go into `answer`."""
        try:
            return self._get_once(path, headers, answer)
        except (OSError, http.client.HTTPException):
            self.close()  # the server may have closed an idle connection: open a new one, once
        try:
            return self._get_once(path, headers, answer)
        except (OSError, http.client.HTTPException) as error:
            self.close()
            return 599, str(error).encode()

    def _get_once(self, path: str, headers: dict, answer: dict | None) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.conn.request("GET", path, headers=headers)
        response = self.conn.getresponse()
        body = response.read()
        if answer is not None:
            answer.update(response.headers)
        if response.will_close:
            self.close()
        return response.status, body

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


@dataclass
class Client:
    """One simulated user: an account's token, its seeded memos, and the memo it waits for."""

    base: str
    token: str
    memo_ids: list[int]
    queued_id: int
    poll_path: str  # /memos/<id>/status, or /memos/<id> before that route existed
    etag: str | None = None
    kept: KeptConnection | None = None  # None: a new connection a request

    def get(self, path: str, headers: dict | None = None, answer: dict | None = None) -> tuple[int, bytes]:
        """(status, body bytes) of a GET with the client's token, on its kept connection if it has one."""
        headers = {"Authorization": f"Bearer {self.token}", **(headers or {})}
        if self.kept is not None:
            return self.kept.get(path, headers, answer)
        return _send(urllib.request.Request(self.base + path, headers=headers), answer)

    def status_poll(self) -> tuple[int, bytes]:
        """What the memo page's htmx poll sends: HX-Request and, once it has one, the ETag it got."""
        headers = {"HX-Request": "true", **({"If-None-Match": self.etag} if self.etag else {})}
        answer: dict = {}
        status, body = self.get(self.poll_path, headers, answer)
        self.etag = answer.get("ETag") or self.etag
        return status, body

    def memo_page(self, rng: random.Random) -> tuple[int, bytes]:
        return self.get(f"/memos/{rng.choice(self.memo_ids)}")


def client_loop(client: Client, audio: bytes, until: float, stats: Stats, mix: str, seed: int) -> None:
    """One client, no think time, until the deadline: the target's mix, or browsing with an upload every so often."""
    rng = random.Random(seed)
    next_upload = time.monotonic() + rng.uniform(0, UPLOAD_EVERY)
    while time.monotonic() < until:
        if mix == "browse" and time.monotonic() >= next_upload:
            kind, call = "upload", lambda: upload(client.base, client.token, audio)
            next_upload += UPLOAD_EVERY
        else:
            kind, call = rng.choice(_reads(client, rng, mix))
        started = time.perf_counter()
        status, body = call()
        stats.record(kind, time.perf_counter() - started, status, body.decode(errors="replace"))


def _reads(client: Client, rng: random.Random, mix: str):
    reads = [("status poll", client.status_poll), ("memo page", lambda: client.memo_page(rng))]
    if mix == "target":
        return reads
    return [
        *reads,
        ("memo list page", lambda: client.get("/memos")),
        ("memo list API", lambda: client.get("/api/memos?limit=20")),
        ("next page", lambda: _next_page(client)),
        ("search", lambda: client.get(f"/search?q={urllib.parse.quote(rng.choice(SEARCH_WORDS))}")),
    ]


def _next_page(client: Client) -> tuple[int, bytes]:
    status, body = client.get("/api/memos?limit=5")
    if status != 200:
        return status, body
    cursor = json.loads(body).get("next")
    return client.get(f"/api/memos?limit=5&cursor={cursor}") if cursor else (status, body)


def percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return "n/a"
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {cuts[49] * 1000:7.1f} ms   p95 {cuts[94] * 1000:7.1f} ms   p99 {cuts[98] * 1000:7.1f} ms"


def web_phase(options: LoadOptions) -> bool:
    print(
        f"== web ({options.mix}): {options.clients} clients for {options.seconds:g} s against debrief serve "
        f"({options.processes} process(es) x {options.threads} threads) and a transcribing debrief worker "
        f"on 127.0.0.1, {SEEDED} memos an account; "
        f"{'a kept connection a client' if options.keep_alive else 'a new connection a request'}"
    )
    debrief = Debrief(options.database_url)
    ok = False
    try:
        tokens = debrief.users(min(USERS, options.clients))  # no more accounts than clients
        seeded = debrief.seed(len(tokens), SEEDED)
        debrief.serve(options.threads, options.processes)
        audio = short_memo_audio(debrief.folder)
        clients = [
            _client(debrief, tokens[i % len(tokens)], seeded[i % len(tokens)], audio, options.keep_alive)
            for i in range(options.clients)
        ]
        print(f"  polls {clients[0].poll_path.replace(str(clients[0].queued_id), '<id>')}")
        worker = debrief.spawn("worker")  # transcribes the clients' memos (and the uploads) during the run
        server = debrief.procs[0]
        before = [_cpu_seconds(p) for p in (server, worker)], psutil.Process().cpu_times(), os.getloadavg()[0]
        stats = _run_clients(clients, audio, options)
        after = [_cpu_seconds(p) for p in (server, worker)], psutil.Process().cpu_times(), os.getloadavg()[0]
        answered = _report(stats, options)
        _report_cpu(stats, before, after)
        print(f"  the worker ran at nice {psutil.Process(worker.pid).nice()}, the server at {psutil.Process().nice()}")
        locked = "database is locked" in debrief.log("serve")
        if locked:
            print("  ERROR: 'database is locked' in the server log")
        ok = answered and not locked
        print(f"  the worker finished {_finished_jobs(debrief)} jobs during the run")
    finally:
        debrief.stop(keep=not ok)
    return ok


def _client(debrief: Debrief, token: str, memo_ids: list[int], audio: bytes, keep_alive: bool) -> Client:
    """A client with a memo of its own just uploaded (queued), as on the memo page after recording."""
    status, body = upload(debrief.url, token, audio)
    if status != 201:
        raise SystemExit(f"upload failed: {status} {body[:200]!r}")
    queued_id = json.loads(body)["id"]
    new_poll = request(f"{debrief.url}/memos/{queued_id}/status", token, headers={"HX-Request": "true"})[0] != 404
    poll_path = f"/memos/{queued_id}/status" if new_poll else f"/memos/{queued_id}"
    kept = KeptConnection(debrief.url) if keep_alive else None
    return Client(debrief.url, token, memo_ids, queued_id, poll_path, kept=kept)


def _run_clients(clients: list[Client], audio: bytes, options: LoadOptions) -> Stats:
    stats = Stats()
    until = time.monotonic() + options.seconds
    threads = [
        threading.Thread(target=client_loop, args=(c, audio, until, stats, options.mix, i), name=f"client-{i}")
        for i, c in enumerate(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stats.elapsed = time.monotonic() - started
    for client in clients:
        if client.kept is not None:
            client.kept.close()
    return stats


def _report(stats: Stats, options: LoadOptions) -> bool:
    """Print the figures; whether every answer was as it should be."""
    elapsed = stats.elapsed
    total = sum(len(v) for v in stats.latencies.values())
    print(f"  {total} requests in {elapsed:.1f} s ({total / elapsed:.0f}/s), errors: {len(stats.errors)}")
    for kind, values in sorted(stats.latencies.items()):
        print(f"  {kind:15s} n={len(values):6d} {len(values) / elapsed:5.0f}/s   {percentiles(values)}")
    print(f"  {'all':15s} n={total:6d} {total / elapsed:5.0f}/s   {percentiles(stats.all_latencies())}")
    target = [v for kind in TARGET_KINDS for v in stats.latencies.get(kind, [])]
    if target and options.mix == "target":
        rate, p95 = len(target) / elapsed, statistics.quantiles(target, n=100, method="inclusive")[94]
        met = rate >= TARGET_RATE and p95 <= TARGET_P95
        print(
            f"  target (status poll + memo page) >= {TARGET_RATE}/s, p95 <= {TARGET_P95 * 1000:.0f} ms: "
            f"{rate:.0f}/s, p95 {p95 * 1000:.0f} ms: {'met' if met else 'MISSED'}"
        )
    for error in stats.errors[:10]:
        print("  ERROR", error)
    return not stats.errors


def _cpu_seconds(proc: subprocess.Popen) -> float:
    """User + system CPU time of a process and its children (the web processes of --processes)."""
    try:
        process = psutil.Process(proc.pid)
        return sum(sum(p.cpu_times()[:2]) for p in [process, *process.children(recursive=True)])
    except psutil.NoSuchProcess:
        return 0.0


def _report_cpu(stats: Stats, before, after) -> None:
    """Where the cores went during the run: the server, the worker, and these clients (this process)."""
    total = max(1, sum(len(v) for v in stats.latencies.values()))
    server, worker = (b - a for a, b in zip(before[0], after[0], strict=True))
    clients = sum(after[1][:2]) - sum(before[1][:2])
    print(
        f"  CPU during the run: server {server:.1f} s ({server * 1000 / total:.1f} ms a request), worker "
        f"{worker:.1f} s, clients {clients:.1f} s ({clients * 1000 / total:.1f} ms a request); "
        f"1-minute load average {before[2]:.1f} at the start, {after[2]:.1f} at the end"
    )


def worker_phase(options: LoadOptions) -> bool:
    print(f"== worker: {options.memos} short memos through one debrief worker, RSS sampled every second")
    debrief = Debrief(options.database_url)
    ok = False
    try:
        tokens = debrief.users(max(1, options.memos // 100 + 1))
        debrief.serve(threads=4)
        audio = short_memo_audio(debrief.folder)
        for i in range(options.memos):
            status, body = upload(debrief.url, tokens[i // 100], audio)
            if status != 201:
                raise SystemExit(f"upload {i} failed: {status} {body[:200]!r}")
        worker = debrief.spawn("worker")
        ok = _watch_worker(debrief, worker, tokens, options)
    finally:
        debrief.stop(keep=not ok)
    return ok


def _finished_jobs(debrief: Debrief) -> int:
    return debrief.log("worker").count("finished in")


def _watch_worker(debrief: Debrief, worker: subprocess.Popen, tokens: list[str], options: LoadOptions) -> bool:
    process = psutil.Process(worker.pid)
    jobs_total = 2 * options.memos  # transcribe, then take notes
    samples: list[tuple[int, float]] = []  # (jobs done, RSS MiB)
    started = time.monotonic()
    while (done := _finished_jobs(debrief)) < jobs_total:
        if worker.poll() is not None:
            print(f"  ERROR: the worker exited ({worker.returncode}); see {debrief.folder / 'worker.log'}")
            return False
        samples.append((done, process.memory_info().rss / 2**20))
        if len(samples) % 30 == 0:
            print(
                f"  {done:5d}/{jobs_total} jobs   RSS {samples[-1][1]:7.1f} MiB   {time.monotonic() - started:5.0f} s"
            )
        time.sleep(1)
    elapsed = time.monotonic() - started
    warm = [rss for done, rss in samples if 2 * options.warmup <= done < 2 * options.warmup + 40]
    late = [rss for done, rss in samples if done >= jobs_total - 40]
    baseline, final, peak = max(warm or [samples[0][1]]), max(late or [samples[-1][1]]), max(r for _, r in samples)
    growth = (final - baseline) / baseline * 100
    statuses = _statuses(debrief.url, tokens)
    print(f"  {options.memos} memos in {elapsed:.0f} s ({elapsed / options.memos:.2f} s a memo); statuses {statuses}")
    print(f"  RSS after warm-up {baseline:.1f} MiB, at the end {final:.1f} MiB ({growth:+.1f} %), peak {peak:.1f} MiB")
    locked = "database is locked" in debrief.log("worker")
    if locked:
        print("  ERROR: 'database is locked' in the worker log")
    return growth <= 10 and statuses.get("ready", 0) == options.memos and not locked


def _statuses(base: str, tokens: list[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for token in tokens:
        status, body = request(base + "/api/memos?limit=200", token)
        for memo in json.loads(body)["memos"] if status == 200 else []:
            counts[memo["status"]] += 1
    return dict(counts)


def run_load_bench(options: LoadOptions) -> bool:
    """Run the phases `options.phase` names, printing as they go; whether every phase met its bar."""
    results = []
    if options.phase in ("web", "both"):
        results.append(web_phase(options))
    if options.phase in ("worker", "both"):
        results.append(worker_phase(options))
    print("PASS" if all(results) else "FAIL")
    return all(results)

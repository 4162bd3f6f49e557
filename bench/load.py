"""Load: the web server under many clients, and one worker's memory over hundreds of memos; loopback only.

Run by `debrief bench load` (not part of a plain `debrief bench`, nor of CI):

1. Web: `debrief serve` on 127.0.0.1; CLIENTS concurrent clients browse the memo list (and its next pages),
   search (when /search exists) and upload short memos for SECONDS. Every answer must be 2xx; p50/p95/p99
   latency is printed per kind of request.
2. Worker: MEMOS short memos through one `debrief worker`, its RSS sampled every second; after the warm-up
   (the first WARMUP memos) RSS may not grow by more than 10 %.

    debrief bench load                                  # both phases, defaults as in `debrief bench --help`
    debrief bench load --phase web --seconds 20 --clients 10

Each phase runs on a fresh temporary data folder (SQLite unless --database-url) and stops its processes.
The command exits with status 1 when a phase fails its bar.
"""

from __future__ import annotations

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
SEARCH_WORDS = ["acme", "friday", "thank", "call", "note", "role"]


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


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, status: int, detail: str = "") -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if not 200 <= status < 300:
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

    def cli(self, *args: str, stdin: str | None = None) -> str:
        command = [sys.executable, "-m", "webapp.cli", *args]
        done = subprocess.run(command, cwd=ROOT, env=self.env, input=stdin, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    def spawn(self, *args: str) -> subprocess.Popen:
        log = open(self.folder / f"{args[0]}.log", "ab")  # noqa: SIM115 (the child holds it; closed at exit)
        proc = subprocess.Popen(
            [sys.executable, "-m", "webapp.cli", *args], cwd=ROOT, env=self.env, stdout=log, stderr=log
        )
        log.close()
        self.procs.append(proc)
        return proc

    def users(self, count: int) -> list[str]:
        """Create `count` accounts; a full-scope API token for each."""
        tokens = []
        for i in range(count):
            self.cli("user", "create", f"load{i}", "--password-stdin", stdin=PASSWORD + "\n")
            tokens.append(self.cli("token", "create", f"load{i}"))
        return tokens

    def serve(self, threads: int) -> None:
        proc = self.spawn("serve", "--host", "127.0.0.1", "--port", str(self.port), "--threads", str(threads))
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


def request(url: str, token: str, method: str = "GET", body: bytes | None = None, content_type: str | None = None):
    """(status, body bytes) of one request with a Bearer token."""
    headers = {"Authorization": f"Bearer {token}"}
    if content_type:
        headers["Content-Type"] = content_type
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
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


def client_loop(base: str, token: str, audio: bytes, until: float, stats: Stats, can_search: bool, seed: int) -> None:
    """One client: browse, page, search, and upload every UPLOAD_EVERY seconds, until the deadline."""
    rng = random.Random(seed)
    next_upload = time.monotonic() + rng.uniform(0, UPLOAD_EVERY)
    while time.monotonic() < until:
        if time.monotonic() >= next_upload:
            kind, call = "upload", lambda: upload(base, token, audio)
            next_upload += UPLOAD_EVERY
        else:
            kind, call = rng.choice(_reads(base, token, rng, can_search))
        started = time.perf_counter()
        status, body = call()
        stats.record(kind, time.perf_counter() - started, status, body.decode(errors="replace"))


def _reads(base: str, token: str, rng: random.Random, can_search: bool):
    reads = [
        ("memo list page", lambda: request(base + "/memos", token)),
        ("memo list API", lambda: request(base + "/api/memos?limit=20", token)),
        ("next page", lambda: _next_page(base, token)),
    ]
    if can_search:
        reads.append(("search", lambda: request(f"{base}/search?q={rng.choice(SEARCH_WORDS)}", token)))
    return reads


def _next_page(base: str, token: str) -> tuple[int, bytes]:
    status, body = request(base + "/api/memos?limit=5", token)
    if status != 200:
        return status, body
    cursor = json.loads(body).get("next")
    return request(f"{base}/api/memos?limit=5&cursor={cursor}", token) if cursor else (status, body)


def percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return "n/a"
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {cuts[49] * 1000:7.1f} ms   p95 {cuts[94] * 1000:7.1f} ms   p99 {cuts[98] * 1000:7.1f} ms"


def web_phase(options: LoadOptions) -> bool:
    print(f"== web: {options.clients} clients for {options.seconds:g} s against debrief serve on 127.0.0.1")
    debrief = Debrief(options.database_url)
    ok = False
    try:
        tokens = debrief.users(min(USERS, options.clients))  # no more accounts than clients
        debrief.serve(options.threads)
        audio = short_memo_audio(debrief.folder)
        for token in tokens[:5]:  # something to browse from the first second
            for _ in range(5):
                upload(debrief.url, token, audio)
        can_search = request(debrief.url + "/search?q=call", tokens[0])[0] != 404
        if not can_search:
            print("  (no /search route: searching skipped)")
        stats = Stats()
        until = time.monotonic() + options.seconds
        clients = [
            threading.Thread(
                target=client_loop,
                args=(debrief.url, tokens[i % len(tokens)], audio, until, stats, can_search, i),
                name=f"client-{i}",
            )
            for i in range(options.clients)
        ]
        started = time.monotonic()
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        elapsed = time.monotonic() - started
        total = sum(len(v) for v in stats.latencies.values())
        print(f"  {total} requests in {elapsed:.1f} s ({total / elapsed:.0f}/s), errors: {len(stats.errors)}")
        for kind, values in sorted(stats.latencies.items()):
            print(f"  {kind:15s} n={len(values):6d}   {percentiles(values)}")
        print(f"  {'all':15s} n={total:6d}   {percentiles([v for vs in stats.latencies.values() for v in vs])}")
        for error in stats.errors[:10]:
            print("  ERROR", error)
        locked = "database is locked" in debrief.log("serve")
        if locked:
            print("  ERROR: 'database is locked' in the server log")
        ok = not stats.errors and not locked
    finally:
        debrief.stop(keep=not ok)
    return ok


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

"""Pipeline: the whole app over real HTTP, from upload to transcript, measured on this machine.

Run by `debrief bench pipeline` (part of a plain `debrief bench`); `--memos N` sets the throughput run.
Starts `debrief serve` and workers as separate processes on a scratch data folder, uploads speech
made with espeak-ng, and reports upload-to-transcript time, the worker's real-time factor and peak
memory, and throughput with one and with two workers.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import psutil

SPEECH = (
    "Talent partner Owen Hart from Brightwater Systems phoned about the platform engineer opening. He said the "
    "interviewers valued my outage review story and how I asked about their on call setup. The weak spot was "
    "my database answer, which lacked depth. He suggested I reread the chapter on indexes and prepare a crisp "
    "two minute pitch. I have to mail him my availability by Thursday and check back next month about other teams. "
)


WARM_UP = "This is a short test of the recorder, with no names in it at all. "


def make_speech(path: Path, seconds: float, speech: str = SPEECH) -> Path:
    """A WebM/Opus memo of about `seconds` of espeak-ng speech, encoded as a browser would."""
    wav = path.with_suffix(".wav")
    repeats = int(seconds * 2.7 / len(speech.split())) + 1  # espeak at 160 wpm says about 2.7 words a second
    text = speech * repeats
    subprocess.run(["espeak-ng", "-s", "160", "-w", str(wav), text], check=True)
    subprocess.run(
        [
            "ffmpeg",
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(wav),
            "-t",
            str(seconds),
            "-ac",
            "1",
            "-c:a",
            "libopus",
            "-b:a",
            "32k",
            str(path),
        ],
        check=True,
    )
    wav.unlink()
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`debrief serve` plus N `debrief worker` processes on one scratch data folder."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.port = _free_port()
        self.env = {**os.environ, "DEBRIEF_DATA_DIR": str(data_dir), "DEBRIEF_RATELIMIT_STORAGE_URI": "memory://"}
        self.env.pop("DEBRIEF_DATABASE_URL", None)
        self.web: subprocess.Popen | None = None
        self.workers: list[tuple[subprocess.Popen, Path]] = []
        self.token = ""

    def _debrief(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "webapp.cli", *args], env=self.env, check=True, **kwargs)

    def start(self) -> None:
        self._debrief("user", "create", "bench", "--password-stdin", input=b"bench-password-123\n", capture_output=True)
        self.token = self._debrief("token", "create", "bench", capture_output=True, text=True).stdout.strip()
        cmd = [sys.executable, "-m", "webapp.cli", "serve", "--port", str(self.port)]
        self.web = subprocess.Popen(cmd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                self.get("/api/config")
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("debrief serve did not start")

    def start_worker(self) -> psutil.Process:
        log = self.data_dir / f"worker-{len(self.workers)}.log"
        with log.open("w") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "webapp.cli", "worker"], env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        self.workers.append((proc, log))
        return psutil.Process(proc.pid)

    def stop_workers(self) -> None:
        for proc, _ in self.workers:
            proc.terminate()
            proc.wait(timeout=30)
        self.workers.clear()

    def stop(self) -> None:
        self.stop_workers()
        if self.web:
            self.web.terminate()
            self.web.wait(timeout=30)

    def get(self, path: str) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", headers={"Authorization": f"Bearer {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def upload(self, audio: Path) -> int:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="client_uuid"\r\n\r\n{uuid.uuid4()}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="audio"; filename="memo.webm"\r\n'
                f"Content-Type: audio/webm\r\n\r\n"
            ).encode()
            + audio.read_bytes()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/memos",
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)["id"]

    def wait_ready(self, memo_ids: list[int], timeout: float = 1800) -> None:
        deadline = time.monotonic() + timeout
        pending = set(memo_ids)
        while pending:
            if time.monotonic() > deadline:
                raise RuntimeError(f"memos {sorted(pending)} not transcribed in time")
            for memo_id in list(pending):
                if self.get(f"/api/memos/{memo_id}")["status"] in ("ready", "no_speech", "failed"):
                    pending.discard(memo_id)
            time.sleep(0.2)

    def rtfs(self) -> list[float]:
        found = []
        for _, log in self.workers:
            found += [float(x) for x in re.findall(r"RTF ([0-9.]+)", log.read_text())]
        return found


@contextmanager
def _sampling_rss(process: psutil.Process):
    peak = {"rss": 0}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            try:
                peak["rss"] = max(peak["rss"], process.memory_info().rss)
            except psutil.Error:
                return
            stop.wait(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        stop.set()
        thread.join()


def run_pipeline_bench(memos: int = 20) -> str:
    """Measure the pipeline over HTTP; returns a printable report."""
    if not shutil.which("espeak-ng") or not shutil.which("ffmpeg"):
        raise RuntimeError("debrief bench needs espeak-ng and ffmpeg to make its speech")
    lines = []
    with tempfile.TemporaryDirectory(prefix="debrief-bench-") as tmp:
        tmp_path = Path(tmp)
        memo_30s = make_speech(tmp_path / "memo30.webm", 30)
        warm_up = make_speech(tmp_path / "warmup.webm", 5, WARM_UP)
        server = Server(tmp_path / "data")
        server.start()
        try:
            worker = server.start_worker()
            server.wait_ready([server.upload(warm_up)])  # model loaded, first job done, still no names known
            lines.append("Pipeline (real HTTP, `debrief serve` + `debrief worker`, SQLite)")
            # First with no names known; then the memo's own notes have given the user a contact and a
            # company, which go to the engine as vocabulary (a second, prompted pass).
            for label in ("no names known", "names known"):
                with _sampling_rss(worker) as peak:
                    started = time.perf_counter()
                    server.wait_ready([server.upload(memo_30s)])
                    visible = time.perf_counter() - started
                lines += [
                    f"  30 s memo, {label}: upload → transcript visible {visible:5.2f} s, "
                    f"worker RTF {server.rtfs()[-1]:.3f}, worker peak RSS {peak['rss'] / 2**20:.0f} MB",
                ]
            for count in (1, 2):
                while len(server.workers) < count:
                    server.start_worker()
                    server.wait_ready([server.upload(warm_up)])  # let the new worker load its model
                started = time.perf_counter()
                ids = _upload_at_once(server, memo_30s, memos)
                server.wait_ready(ids)
                minutes = (time.perf_counter() - started) / 60
                lines.append(
                    f"  {memos} × 30 s memos uploaded at once, {count} worker(s): "
                    f"{memos / minutes:5.1f} memos/min ({minutes * 60:.0f} s)"
                )
        finally:
            server.stop()
    return "\n".join(lines)


def _upload_at_once(server: Server, audio: Path, count: int) -> list[int]:
    ids: list[int] = []
    threads = [threading.Thread(target=lambda: ids.append(server.upload(audio))) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if len(ids) != count:
        raise RuntimeError(f"only {len(ids)} of {count} uploads succeeded")
    return ids

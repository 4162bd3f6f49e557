"""The `debrief` command."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import click

log = logging.getLogger("debrief.run")


@click.group()
def main() -> None:
    """Debrief: record a memo after a call; get a transcript, notes and follow-ups."""
    # The command owns the log format; the app factory leaves logging to whoever embeds it (tests, WSGI hosts).
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # 14 "setup plugin" lines a start


def _app(migrate: bool = False):
    """The app from the DEBRIEF_* settings; with `migrate`, its database brought up to date first."""
    from webapp import create_app
    from webapp.extensions import upgrade_database

    app = create_app()
    if migrate:
        upgrade_database(app)
    return app


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="0.0.0.0 to serve your LAN.")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int, help="Threads of each process.")
@click.option(
    "--processes",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Server processes sharing the port: one runs Python on one core at a time.",
)
@click.option("--listen-fd", type=int, hidden=True, help="A web process started by --processes: its socket.")
@click.option("--parent-pid", type=int, hidden=True, help="A web process started by --processes: its parent.")
def serve(host: str, port: int, threads: int, processes: int, listen_fd: int | None, parent_pid: int | None) -> None:
    """Run the web server (waitress) without a worker."""
    if listen_fd is not None:
        if parent_pid is not None:
            threading.Thread(target=_exit_with_parent, args=(parent_pid,), name="parent-watch", daemon=True).start()
        _serve_socket(_app(), listen_fd, threads)
        return
    app = _app(migrate=True)
    if processes == 1:
        _serve(app, host, port, threads)
        return
    signal.signal(signal.SIGTERM, _interrupt)
    webs = _start_web_processes(app, host, port, threads, processes)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        _stop_supervisors(webs)
        click.echo("Debrief stopped.")


def _serve(app, host: str, port: int, threads: int) -> None:
    from waitress import serve as waitress_serve

    click.echo(f"Debrief is at {_address(host, port)}  (Ctrl-C stops)")
    waitress_serve(app, host=host, port=port, threads=threads, **_waitress_options(app))


def _address(host: str, port: int) -> str:
    return f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"


def _waitress_options(app) -> dict:
    # Behind DEBRIEF_PROXY_COUNT proxies, ProxyFix reads X-Forwarded-*; waitress must pass them on, not strip them.
    return {"ident": "Debrief", "clear_untrusted_proxy_headers": not app.config["PROXY_COUNT"]}


def _serve_socket(app, fd: int, threads: int) -> None:
    """One of --processes: waitress on the socket the parent opened (the kernel hands each connection to one)."""
    import socket

    from waitress import serve as waitress_serve

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops every process
    waitress_serve(app, sockets=[socket.socket(fileno=fd)], threads=threads, **_waitress_options(app))


def _exit_with_parent(parent_pid: int) -> None:
    """A parent killed outright (kill -9) cannot stop its web processes: they would keep the port; they stop."""
    while os.getppid() == parent_pid:
        time.sleep(1)
    os._exit(0)  # waitress has nothing to hand back; its threads would keep a normal exit waiting


def _start_web_processes(app, host: str, port: int, threads: int, processes: int) -> list[WorkerSupervisor]:
    """Open the port here, then keep `processes` web processes serving it (each restarted if it dies)."""
    from webapp.ratelimits import storage_uri

    # One listening socket a process, all on the port (SO_REUSEPORT): the kernel spreads new connections over
    # them. With one shared socket, whichever process woke first took a burst of keep-alive connections and kept
    # them, and the other sat idle.
    _refuse_if_served(host, port)
    listeners = [_listener(host, port)]
    listeners += [_listener(host, listeners[0].getsockname()[1]) for _ in range(processes - 1)]
    env = os.environ.copy()
    # The login and upload limits must count across the processes: one SQLite file of counters, unless set.
    env.setdefault("DEBRIEF_RATELIMIT_STORAGE_URI", storage_uri(app.config["DATA_DIR"]))
    _dispose_database(app)  # the processes open their own connections
    webs = []
    for listener in listeners:
        command = [sys.executable, "-m", "webapp.cli", "serve", "--listen-fd", str(listener.fileno())]
        command += ["--threads", str(threads), "--parent-pid", str(os.getpid())]
        webs.append(WorkerSupervisor(command, env, "web process", listener=listener))
    for web in webs:
        web.start()
    click.echo(f"Debrief is at {_address(host, port)}  ({processes} processes × {threads} threads; Ctrl-C stops)")
    return webs


def _refuse_if_served(host: str, port: int) -> None:
    """SO_REUSEPORT would let a second Debrief share the port of a running one: refuse when something answers."""
    import socket

    if port == 0:
        return
    try:
        socket.create_connection((host, port), timeout=0.5).close()
    except OSError:
        return
    raise click.ClickException(f"cannot listen on {host}:{port}: something is already serving it")


def _listener(host: str, port: int):
    """A listening socket on host:port that other processes may listen on too (SO_REUSEPORT)."""
    import socket

    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    listener = socket.socket(family, kind, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        listener.bind(address)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    listener.listen(1024)  # waitress's own backlog
    return listener


def _dispose_database(app) -> None:
    from webapp.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _stop_supervisors(supervisors: list[WorkerSupervisor]) -> None:
    """Stop restarting, SIGTERM every process at once (a web process has nothing to hand back), then reap them."""
    for supervisor in supervisors:
        supervisor.stopping.set()
    for supervisor in supervisors:
        with supervisor.lock:
            if supervisor.proc is not None and supervisor.proc.poll() is None:
                supervisor.proc.terminate()
    for supervisor in supervisors:
        supervisor.stop()


def _interrupt(*_args) -> None:
    """SIGTERM is handled as Ctrl-C: the worker hands its job back, `run` stops its worker."""
    raise KeyboardInterrupt


@main.command()
@click.option("--once", is_flag=True, help="Work until the queue is empty, then exit.")
def worker(once: bool) -> None:
    """Run the transcription worker (loads the model once, then works the queue)."""
    from webapp.config import worker_nice
    from webapp.worker import Worker, lower_priority

    niceness = lower_priority(worker_nice())  # before the engine starts its threads: they inherit it
    logging.getLogger("debrief.worker").info("worker runs at nice %s (DEBRIEF_WORKER_NICE)", niceness)
    app = _app()
    work = Worker(app)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        work.run(until_idle=once)
    except KeyboardInterrupt:
        # Ctrl-C reaches the worker twice under `debrief run` (from the terminal and from `run`): once is enough.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        click.echo("worker stopped")


def default_web_processes() -> int:
    """`debrief run`'s web processes: one a core, at most RUN_MAX_PROCESSES (the worker, niced, takes what is left)."""
    return max(1, min(os.cpu_count() or 1, RUN_MAX_PROCESSES))


RUN_MAX_PROCESSES = 2


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    help="Web server processes (default: one a core, at most 2).",
)
def run(host: str, port: int, processes: int | None) -> None:
    """Web server and worker together: what `make run` starts. Ctrl-C stops both."""
    app = _app(migrate=True)
    processes = processes or default_web_processes()
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops both, like Ctrl-C
    webs = _start_web_processes(app, host, port, 8, processes) if processes > 1 else []
    supervisor = WorkerSupervisor([sys.executable, "-m", "webapp.cli", "worker"], os.environ.copy())
    supervisor.start()
    try:
        if webs:
            while True:
                time.sleep(3600)
        else:
            _serve(app, host, port, threads=8)
    except KeyboardInterrupt:
        pass
    finally:
        _stop_supervisors(webs)
        supervisor.stop()
        click.echo("Debrief stopped.")


class WorkerSupervisor(threading.Thread):
    """Keeps one `debrief worker` running under `debrief run` (or one web process under --processes): a process
    that dies is reaped and restarted.

    Restarts back off from RESTART_FIRST_DELAY to RESTART_MAX_DELAY seconds (a worker that cannot start
    at all is not restarted in a tight loop) and start again from the first delay once a worker has run
    for RESTART_STABLE_AFTER seconds.
    """

    def __init__(self, command: list[str], env: dict[str, str], label: str = "worker", listener=None):
        super().__init__(name=f"{label}-supervisor", daemon=True)
        self.command, self.env, self.label = command, env, label
        # A web process's listening socket: held here so it stays open for every restart (its fd is passed on).
        self.listener = listener
        self.pass_fds = (listener.fileno(),) if listener is not None else ()
        self.stopping = threading.Event()
        self.lock = threading.Lock()  # stop() and a restart never race: no worker starts once stopping is set
        self.proc: subprocess.Popen | None = None

    def run(self) -> None:
        delay = RESTART_FIRST_DELAY
        while True:
            with self.lock:
                if self.stopping.is_set():
                    return
                self.proc = proc = subprocess.Popen(self.command, env=self.env, pass_fds=self.pass_fds)
            started = time.monotonic()
            code = proc.wait()  # reaps it: a dead worker never lingers as <defunct>
            if time.monotonic() - started > RESTART_STABLE_AFTER:
                delay = RESTART_FIRST_DELAY
            # Waiting first also lets a Ctrl-C, which reached the worker and `run` together, set `stopping`.
            if self.stopping.wait(delay):
                return
            log.warning(
                "the %s (pid %s) exited with code %s %.1f s ago; starting a new one", self.label, proc.pid, code, delay
            )
            delay = min(delay * 2, RESTART_MAX_DELAY)

    def stop(self) -> None:
        """Stop restarting, then stop the running worker (it hands its job back)."""
        self.stopping.set()
        with self.lock:
            proc = self.proc
        if proc is not None:
            _stop(proc)
        self.join(timeout=10)


RESTART_FIRST_DELAY, RESTART_MAX_DELAY, RESTART_STABLE_AFTER = 1.0, 60.0, 60.0


def _stop(worker_proc: subprocess.Popen) -> None:
    """Let the worker hand its job back: Ctrl-C in a terminal has reached it already, a `kill` has not."""
    for signal_to_send in (None, signal.SIGTERM, signal.SIGKILL):
        if signal_to_send is not None and worker_proc.poll() is None:
            worker_proc.send_signal(signal_to_send)
        try:
            worker_proc.wait(timeout=5)
            return
        except subprocess.TimeoutExpired:
            continue


@main.group()
def user() -> None:
    """Manage accounts."""


@user.command("create")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--timezone", default=None, help="IANA zone, e.g. Europe/Berlin (default UTC).")
def user_create(username: str, password_stdin: bool, timezone: str | None) -> None:
    """Create an account (the password is prompted)."""
    from webapp.services import accounts
    from webapp.services.exceptions import ServiceError

    password = _new_password(password_stdin)
    app = _app(migrate=True)
    with app.app_context():
        try:
            created = accounts.create_user(username, password, timezone)
        except ServiceError as exc:
            raise click.ClickException(exc.message) from exc
        click.echo(f"Created user {created.username}.")


@user.command("password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input.")
def user_password(username: str, password_stdin: bool) -> None:
    """Set USERNAME's password (prompted) and log out every browser of that account."""
    from webapp.services import accounts
    from webapp.services.exceptions import ServiceError

    password = _new_password(password_stdin)
    with _app(migrate=True).app_context():
        try:
            accounts.set_password(accounts.get_user(username), password)
        except ServiceError as exc:
            raise click.ClickException(exc.message) from exc
        click.echo(f"Password changed for {username}; every browser logged in to it was logged out.")


def _new_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@main.group()
def token() -> None:
    """Manage API tokens."""


@token.command("create")
@click.argument("username")
@click.option("--name", default="API token", show_default=True, help="A label to recognise it by.")
def token_create(username: str, name: str) -> None:
    """Print a new API token for USERNAME (shown once; stored hashed)."""
    from webapp.services import accounts
    from webapp.services.exceptions import ServiceError

    app = _app()
    with app.app_context():
        try:
            _, plaintext = accounts.create_token(accounts.get_user(username), name)
        except ServiceError as exc:
            raise click.ClickException(exc.message) from exc
        click.echo(plaintext)


@token.command("list")
@click.argument("username")
def token_list(username: str) -> None:
    """List USERNAME's live tokens."""
    from webapp.services import accounts
    from webapp.services.exceptions import ServiceError

    with _app().app_context():
        try:
            rows = accounts.list_tokens(accounts.get_user(username))
        except ServiceError as exc:
            raise click.ClickException(exc.message) from exc
        for row in rows:
            click.echo(f"{row.id}\t{row.scope}\t{row.created_at:%Y-%m-%d %H:%M}\t{row.name}")


@token.command("revoke")
@click.argument("username")
@click.argument("token_id", type=int)
def token_revoke(username: str, token_id: int) -> None:
    """Revoke one of USERNAME's tokens by id (see `debrief token list`)."""
    from webapp.services import accounts
    from webapp.services.exceptions import ServiceError

    with _app().app_context():
        try:
            accounts.revoke_token(accounts.get_user(username), token_id)
        except ServiceError as exc:
            raise click.ClickException(exc.message) from exc
        click.echo(f"Token {token_id} revoked.")


@main.command()
@click.argument("audio", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--json", "as_json", is_flag=True, help="Print {text, language, duration, engine, model, segments} as JSON."
)
@click.option("--vocabulary", default="", help="Comma-separated names to spell right (contacts, companies).")
@click.option("--engine", envvar="DEBRIEF_ENGINE", default="faster-whisper", show_default=True)
@click.option("--model", envvar="DEBRIEF_MODEL", default="tiny.en", show_default=True)
@click.option(
    "--denoise",
    envvar="DEBRIEF_DENOISE",
    type=click.Choice(["off", "deepfilternet"]),
    default="off",
    show_default=True,
    help="deepfilternet: take the noise out first (pip install -e '.[denoise]').",
)
def transcribe(audio: str, as_json: bool, vocabulary: str, engine: str, model: str, denoise: str) -> None:
    """Transcribe an audio file; needs no server and no database."""
    from transcription.audio import decode
    from transcription.engines import load_engine
    from transcription.exceptions import TranscriptionError

    words = [w.strip() for w in vocabulary.split(",") if w.strip()]
    try:
        loaded = load_engine(engine, model, denoise=denoise)
        result = loaded.transcribe(decode(audio), vocabulary=words or None)
    except TranscriptionError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        named = {"engine": loaded.name, "model": loaded.model_name}  # which Whisper heard it
        click.echo(json.dumps({**result.to_dict(), **named}, ensure_ascii=False))
        return
    for seg in result.segments:
        click.echo(f"[{seg.start:7.2f} → {seg.end:7.2f}] {seg.text}")


@main.command()
@click.argument("source", type=click.File("r"), default="-")
@click.option("--json", "as_json", is_flag=True, help="Print the notes as one line of JSON.")
@click.option("--recorded-at", help="ISO 8601 time of the recording; relative dates resolve against it.")
def extract(source, as_json: bool, recorded_at: str | None) -> None:
    """Turn a transcript (FILE or stdin) into notes and dated follow-ups."""
    from webapp.extractor import extract as run_extract

    try:
        when = datetime.fromisoformat(recorded_at) if recorded_at else datetime.now().astimezone()
    except ValueError as exc:
        raise click.BadParameter("use ISO 8601, e.g. 2026-03-02T14:05:00+01:00", param_hint="--recorded-at") from exc
    notes = run_extract(source.read(), recorded_at=when)
    click.echo(json.dumps(notes, ensure_ascii=False, indent=None if as_json else 2))


@main.command()
def retention() -> None:
    """Delete audio older than each user's retention period now (transcripts and notes stay)."""
    from webapp.models import utcnow
    from webapp.services import storage

    app = _app()
    with app.app_context():
        removed = storage.apply_retention(utcnow(), app.config["DATA_DIR"])
    click.echo(f"Removed the audio of {removed} memo(s).")


@main.command("search-reindex")
def search_reindex() -> None:
    """Rebuild the full-text search index from the memos."""
    from webapp.services import search

    with _app().app_context():
        rows = search.rebuild_index()
    click.echo(f"Search index rebuilt ({rows} rows).")


BENCH_PARTS = ("engines", "pipeline", "extract", "search", "requests", "load", "noise")
BENCH_DEFAULT = ("engines", "pipeline", "extract")


@main.command()
@click.argument("parts", nargs=-1, type=click.Choice(BENCH_PARTS))
@click.option(
    "--memos",
    type=click.IntRange(min=1),
    help="pipeline: memos uploaded at once (20); search: memos generated (10,000); "
    "load: memos through the worker (500).",
)
@click.option("--beam-size", type=int, help="engines: decoder beam size (default: each engine's own decoding).")
@click.option(
    "--model",
    "models",
    multiple=True,
    default=("tiny.en", "base"),
    show_default=True,
    help="engines, noise: Whisper model (repeatable: side by side).",
)
@click.option(
    "--audio",
    "audio_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="engines: bench these files instead of generated speech (repeatable).",
)
@click.option(
    "--spoken-set",
    "spoken",
    is_flag=True,
    help="engines: the 14 spoken memos of bench.engines.spoken_set, faster-whisper only, WER over all words.",
)
@click.option("--repeat", default=5, show_default=True, help="search: runs of each query.")
@click.option("--seed", default=7, show_default=True, help="search: seed of the generated memos.")
@click.option("--database-url", help="search, load: e.g. postgresql+psycopg://… (default: a fresh SQLite file).")
@click.option(
    "--phase",
    type=click.Choice(["web", "worker", "both"]),
    default="both",
    show_default=True,
    help="load: which phase.",
)
@click.option("--clients", default=50, show_default=True, help="load: concurrent web clients.")
@click.option("--seconds", default=60.0, show_default=True, help="load: how long the clients run.")
@click.option("--threads", default=8, show_default=True, help="load: waitress threads (debrief serve --threads).")
@click.option(
    "--processes",
    type=int,
    help="load: web server processes (debrief serve --processes; default: as many as debrief run starts).",
)
@click.option(
    "--new-connections",
    is_flag=True,
    help="load: a new connection for every request (default: each client keeps one open, as a browser does).",
)
@click.option("--warmup", default=50, show_default=True, help="load: memos before the worker's RSS baseline.")
@click.option(
    "--mix",
    type=click.Choice(["target", "browse"]),
    default="target",
    show_default=True,
    help="load: status poll and memo page (the target), or every kind of request.",
)
@click.option("--profile", is_flag=True, help="requests: print a pyinstrument profile of each request.")
def bench(
    parts: tuple[str, ...],
    memos: int | None,
    beam_size: int | None,
    models: tuple[str, ...],
    audio_files: tuple[str, ...],
    spoken: bool,
    repeat: int,
    seed: int,
    database_url: str | None,
    phase: str,
    clients: int,
    seconds: float,
    threads: int,
    processes: int | None,
    new_connections: bool,
    warmup: int,
    mix: str,
    profile: bool,
) -> None:
    """Measure speed and memory on this machine and print the figures.

    PARTS (several may be named): engines, pipeline, extract, search, requests, load, noise. None runs engines,
    pipeline and extract. Each part's code is in bench/<part>.py.
    """
    import platform

    import psutil

    click.echo(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}"
    )
    passed = True
    try:
        for part in dict.fromkeys(parts or BENCH_DEFAULT):
            click.echo(f"== debrief bench {part}")
            if part == "engines":
                from bench.engines import run_engine_bench
                from transcription.engines import ENGINES

                files = [Path(p) for p in audio_files] or None
                engines = ("faster-whisper",) if spoken else ENGINES
                click.echo(run_engine_bench(files, beam_size, models, _model_cache(), engines=engines, spoken=spoken))
            elif part == "pipeline":
                from bench.pipeline import run_pipeline_bench

                click.echo(run_pipeline_bench(memos=memos or 20))
            elif part == "extract":
                from bench.extract import run_extract_bench

                click.echo(run_extract_bench())
            elif part == "search":
                from bench.search import run_search_bench

                run_search_bench(memos=memos or 10_000, repeat=repeat, seed=seed, database_url=database_url)
            elif part == "requests":
                from bench.requests import run_requests_bench

                run_requests_bench(profile=profile)
            elif part == "load":
                from bench.load import LoadOptions, run_load_bench

                options = LoadOptions(
                    phase,
                    clients,
                    seconds,
                    threads,
                    memos or 500,
                    warmup,
                    database_url,
                    mix,
                    processes or default_web_processes(),
                    keep_alive=not new_connections,
                )
                passed = run_load_bench(options) and passed
            elif part == "noise":
                from bench.noise import run_noise_bench

                run_noise_bench(models=models, cache_dir=_model_cache(), echo=click.echo)
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc
    if not passed:
        sys.exit(1)


def _model_cache() -> Path:
    """Converted checkpoints and joined models live in the data folder."""
    from webapp.config import data_dir

    return data_dir(Path.cwd() / "instance") / "models"


@main.group()
def model() -> None:
    """Manage Whisper weights (all offline)."""


@model.command("convert")
@click.option("--model", "name", envvar="DEBRIEF_MODEL", default="tiny.en", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Where to write the .pt checkpoint.")
def model_convert(name: str, out: Path | None) -> None:
    """Write an openai-whisper checkpoint from the bundled CTranslate2 model (no download)."""
    from transcription.convert import convert_checkpoint
    from transcription.exceptions import TranscriptionError
    from transcription.models import ct2_model_dir
    from transcription.openai_engine import converted_checkpoint

    try:
        if out:
            path = convert_checkpoint(ct2_model_dir(name, _model_cache()), out)
        else:
            path = converted_checkpoint(name, _model_cache())
    except TranscriptionError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"openai-whisper checkpoint: {path}")


if __name__ == "__main__":
    sys.exit(main())

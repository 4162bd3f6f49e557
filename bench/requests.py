"""Requests: what the common pages cost in one process, for a user with 200 memos (no HTTP server, no other load).

Run by `debrief bench requests`:

    debrief bench requests                     # ms and SQL queries per request, 200 runs each
    debrief bench requests --profile           # and a pyinstrument profile of each (pip install pyinstrument)

The memo list, a memo page, its htmx body, a search, and the status poll of a queued memo (the htmx
partial the memo page asks for every 2 s), on a fresh SQLite file. Times are the Flask test client's whole
request (routing, login, queries, templates) without waitress; CPU is this process's CPU time per request
(the figure to trust on a busy machine, where the wall-clock times wait for a core).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from contextlib import contextmanager

MEMOS = 200
RUNS = 200


@contextmanager
def counted_queries(engine):
    """Count the SQL statements run on `engine` inside the block: `with counted_queries(e) as seen: ...; seen[0]`."""
    from sqlalchemy import event

    seen = [0]

    def count(*_args) -> None:
        seen[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _requests(client, memo_id: int, queued_id: int) -> dict[str, callable]:
    def status_poll():
        return client.get(f"/memos/{queued_id}/status", headers={"HX-Request": "true"})

    if client.get(f"/memos/{queued_id}/status", headers={"HX-Request": "true"}).status_code == 404:

        def status_poll():  # before /status: the poll asked for the whole memo body
            return client.get(f"/memos/{queued_id}", headers={"HX-Request": "true"})

    etag = status_poll().headers.get("ETag")
    return {
        "memo list": lambda: client.get("/memos"),
        "memo page": lambda: client.get(f"/memos/{memo_id}"),
        "memo body (htmx)": lambda: client.get(f"/memos/{memo_id}", headers={"HX-Request": "true"}),
        "search": lambda: client.get("/search?q=system+design", headers={"HX-Request": "true"}),
        "status poll": status_poll,
        "status poll, unchanged": (
            (lambda: client.get(f"/memos/{queued_id}/status", headers={"HX-Request": "true", "If-None-Match": etag}))
            if etag
            else status_poll
        ),
    }


def _app(folder: str):
    from webapp import create_app
    from webapp.extensions import upgrade_database

    app = create_app(
        {
            "DATA_DIR": folder,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/debrief.sqlite",
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
            "TESTING": True,
        }
    )
    upgrade_database(app)
    return app


def _seed(app) -> tuple[int, int, int]:
    """A user with MEMOS ready memos and one queued; (user id, a memo in the middle, the queued memo)."""
    from bench.search import insert_memos
    from webapp.extensions import db
    from webapp.models import Memo
    from webapp.services import accounts, jobs

    with app.app_context():
        user_id = accounts.create_user("bench", "a perfectly long password", "Europe/Berlin").id
    ids = insert_memos(app, MEMOS, 7, lambda _memo_id: user_id)
    with app.app_context():
        queued = Memo(user_id=user_id, audio_name="q.webm", audio_mime="audio/webm", audio_size=1, audio_sha256="")
        db.session.add(queued)
        db.session.flush()
        jobs.enqueue(queued, "transcribe")
        db.session.commit()
        return user_id, ids[len(ids) // 2], queued.id


def run_requests_bench(runs: int = RUNS, profile: bool = False) -> None:
    """Print ms (p50, p95) and SQL queries per request for each common request; profiles with --profile."""
    from bench.search import _login_id
    from webapp.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        app = _app(folder)
        user_id, memo_id, queued_id = _seed(app)
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = _login_id(app, user_id)
            session["_fresh"] = True
        print(f"{MEMOS} memos for one user, {runs} runs of each request (Flask test client, SQLite)")
        for name, call in _requests(client, memo_id, queued_id).items():
            _time_one(app, db, name, call, runs, profile)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _time_one(app, db, name: str, call, runs: int, profile: bool) -> None:
    call()  # warm: templates compiled, caches filled
    with app.app_context():
        engine = db.engine
    with counted_queries(engine) as seen:
        status = call().status_code
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    p95 = statistics.quantiles(times, n=20)[18]
    print(
        f"  {name:24s} {status}  p50 {statistics.median(times):6.2f} ms  p95 {p95:6.2f} ms  "
        f"CPU {statistics.mean(cpu):5.2f} ms  queries {seen[0]:3d}"
    )
    if profile:
        from pyinstrument import Profiler

        with Profiler(interval=0.0002) as profiler:
            for _ in range(runs):
                call()
        print(profiler.output_text(unicode=True, color=False, show_all=False, time="percent_of_total"))

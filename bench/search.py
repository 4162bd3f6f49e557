"""Search: 10,000 generated memos for one user, then p50/p95/max latency of realistic searches.

Run by `debrief bench search`:

    debrief bench search                                    # SQLite (FTS5), in a temporary folder
    debrief bench search --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench
    debrief bench search --memos 2000 --repeat 3

Each memo has 10–16 transcript segments, 3–6 notes and 1–3 follow-ups (about 1.7 million words in all).
Timed: the service call (`search.search`: query, ranking, snippets, memo rows) and the whole HTTP request
for the htmx results partial (the page a user waits for). Target: p95 ≤ 100 ms.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta

COMPANIES = [
    f"{a}{b}"
    for a in ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka", "Soylent", "Cyberdyne")
    for b in ("", " Labs", " Systems", " Health", " Bank")
]
FIRST = [
    "Sarah",
    "Bill",
    "Priya",
    "Tom",
    "Ana",
    "Wei",
    "Fatima",
    "John",
    "Lena",
    "Omar",
    "Grace",
    "Ravi",
    "Chloe",
    "Mateo",
    "Yuki",
    "Noah",
    "Emma",
    "Lucas",
    "Aisha",
    "Ivan",
]
LAST = ["Johnson", "Lumbergh", "Patel", "Nguyen", "Garcia", "Chen", "Khan", "Smith", "Novak", "Haddad"]
ROLES = [
    "senior backend engineer",
    "staff engineer",
    "engineering manager",
    "data scientist",
    "product manager",
    "site reliability engineer",
    "frontend developer",
    "solutions architect",
]
TOPICS = [
    "system design",
    "Kubernetes",
    "distributed systems",
    "leadership",
    "stakeholder management",
    "Python",
    "Go",
    "Rust",
    "SQL performance",
    "incident response",
    "mentoring",
    "salary expectations",
    "relocation",
    "take-home exercise",
    "coding interview",
    "behavioural questions",
    "API design",
    "machine learning",
    "data pipelines",
    "observability",
    "security reviews",
    "React",
    "TypeScript",
    "cloud costs",
    "on-call rotation",
    "product sense",
    "roadmap planning",
    "hiring bar",
    "team culture",
]
FILLER = (  # noqa: SIM905 - a sentence reads better than a list of words
    "so anyway the call went fine and I think overall it was a good conversation we talked for a while "
    "about the team and the role and what they are looking for right now and then some questions"
).split()
OUTCOMES = ["offer", "next_round", "pending", "rejected", "unknown"]

QUERIES = [
    # rare words and names
    ("Lumbergh", {}),
    ("Haddad", {}),
    ("Soylent", {}),
    ("Cyberdyne Health", {}),
    ("relocation", {}),
    ("incident response", {}),
    ('"salary expectations"', {}),
    ("observability", {}),
    ("mentoring", {}),
    # typed as you go: prefixes
    ("kube", {}),
    ("distrib", {}),
    ("stakeh", {}),
    ("sys", {}),
    # common words: most memos match
    ("system design", {}),
    ("team", {}),
    ("call went", {}),
    ("interview", {}),
    ("role", {}),
    # with filters
    ("system design", {"outcome": "rejected"}),
    ("Kubernetes", {"open_actions": True}),
    ("leadership", {"date_from": date(2025, 6, 1), "date_to": date(2025, 9, 30)}),
    ("team", {"company": "Acme"}),
    ("Python", {"contact": "Sarah Johnson"}),
    ("", {"outcome": "offer", "date_from": date(2025, 1, 1)}),
    ("", {"company": "Globex Labs"}),
]


def sentence(rng: random.Random) -> str:
    words = rng.sample(FILLER, rng.randint(6, 14))
    words.insert(rng.randint(0, len(words)), rng.choice(TOPICS))
    if rng.random() < 0.3:
        words.insert(rng.randint(0, len(words)), rng.choice(TOPICS))
    return " ".join(words).capitalize() + "."


def generate(app, memos: int, seed: int) -> int:
    """Insert the memos in bulk (the triggers index them as they go); the user id."""
    from webapp.extensions import db
    from webapp.services import accounts

    with app.app_context():
        user = accounts.create_user("bench", "a perfectly long password", "Europe/Berlin")
        other = accounts.create_user("other", "a perfectly long password", "UTC")
        user_id, other_id = user.id, other.id
    insert_memos(app, memos, seed, lambda memo_id: other_id if memo_id % 50 == 0 else user_id)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # What autovacuum does on a live server: merge the GIN pending lists, gather statistics.
        with app.app_context(), db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(db.text("VACUUM ANALYZE"))
    return user_id


def insert_memos(app, memos: int, seed: int, owner) -> list[int]:
    """Insert `memos` ready memos after the newest one, `owner(memo id)` owning each; their ids.

    Each has 10-16 transcript segments, 3-6 notes and 1-3 follow-ups, linked to companies and contacts.
    """
    from sqlalchemy import func, insert

    from webapp.extensions import db
    from webapp.models import Action, Memo, NoteItem, Segment
    from webapp.services import people

    rng = random.Random(seed)
    with app.app_context():
        first_id = (db.session.scalar(db.select(func.max(Memo.id))) or 0) + 1
        all_ids = list(range(first_id, first_id + memos))
        start = datetime(2024, 1, 1)
        batch = 500
        for first in range(0, memos, batch):
            rows, segs, items, acts = [], [], [], []
            for memo_id in all_ids[first : first + batch]:
                company = rng.choice(COMPANIES)
                contact = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                texts = [sentence(rng) for _ in range(rng.randint(10, 16))]
                rows.append(
                    {
                        "id": memo_id,
                        "user_id": owner(memo_id),
                        "client_uuid": f"00000000-0000-4000-8000-{memo_id:012d}",
                        "title": f"Call with {contact.split()[0]} at {company}",
                        "recorded_at": start + timedelta(hours=memo_id * 2.1),
                        "recorded_offset_minutes": 60,
                        "created_at": start,
                        "updated_at": start,
                        "audio_name": f"{memo_id}.webm",
                        "audio_mime": "audio/webm",
                        "audio_size": 1,
                        "audio_sha256": "",
                        "status": "ready",
                        "transcript_text": " ".join(texts),
                        "transcript_edited": False,
                        "contact": contact,
                        "company": company,
                        "role": rng.choice(ROLES),
                        "outcome": rng.choice(OUTCOMES),
                        "header_edited": [],
                        "checklist": {},
                    }
                )
                t = 0.0
                for position, text in enumerate(texts):
                    segs.append({"memo_id": memo_id, "position": position, "start": t, "end": t + 5, "text": text})
                    t += 5
                for position in range(rng.randint(3, 6)):
                    section = rng.choice(["strengths", "concerns", "advice"])
                    topic = rng.choice(TOPICS)
                    items.append(
                        {
                            "memo_id": memo_id,
                            "section": section,
                            "position": position,
                            "text": f"{topic} could be stronger" if section != "strengths" else f"Good {topic}",
                            "start": rng.random() * t,
                            "origin": "auto",
                            "edited": False,
                            "deleted": False,
                        }
                    )
                for position in range(rng.randint(1, 3)):
                    acts.append(
                        {
                            "memo_id": memo_id,
                            "user_id": owner(memo_id),
                            "position": position,
                            "text": f"Follow up on {rng.choice(TOPICS)}",
                            "due": date(2024, 1, 1) + timedelta(days=rng.randint(0, 900)),
                            "done": rng.random() < 0.6,
                            "origin": "auto",
                            "edited": False,
                            "deleted": False,
                        }
                    )
            db.session.execute(insert(Memo), rows)
            db.session.execute(insert(Segment), segs)
            db.session.execute(insert(NoteItem), items)
            db.session.execute(insert(Action), acts)
            db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # The ids were given, not drawn: move the sequence past them, or the next upload draws one of them.
            db.session.execute(db.text("SELECT setval(pg_get_serial_sequence('memos', 'id'), max(id)) FROM memos"))
            db.session.commit()
        # Companies and contacts as extraction would link them.
        for memo in db.session.scalars(db.select(Memo).where(Memo.id >= first_id)).yield_per(1000):
            people.link_memo(memo)
        db.session.commit()
    return all_ids


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def time_queries(app, repeat: int) -> dict:
    from webapp.extensions import db
    from webapp.models import Company, Contact
    from webapp.services import accounts, search

    timings: dict[str, list[float]] = {"service": [], "http": []}
    per_query: list[tuple[str, float, int]] = []
    client = app.test_client()
    with app.app_context():
        user = accounts.get_user("bench")
        companies = {c.name: c.id for c in db.session.scalars(db.select(Company).where(Company.user_id == user.id))}
        contacts = {c.name: c.id for c in db.session.scalars(db.select(Contact).where(Contact.user_id == user.id))}
        user_id = user.id
    with client.session_transaction() as session:
        session["_user_id"] = _login_id(app, user_id)
        session["_fresh"] = True
    for raw, spec in QUERIES:
        spec = dict(spec)
        known = {"company": companies, "contact": contacts}
        missing = [spec[k] for k in known if k in spec and spec[k] not in known[k]]
        if missing:  # a small --memos run may not have generated this name
            print(f"  (skipped {raw!r}: no memo names {', '.join(missing)})")
            continue
        args = {"q": raw}
        if "company" in spec:
            spec["company_id"] = companies[spec.pop("company")]
            args["company"] = spec["company_id"]
        if "contact" in spec:
            spec["contact_id"] = contacts[spec.pop("contact")]
            args["contact"] = spec["contact_id"]
        for key, name in (("outcome", "outcome"), ("date_from", "from"), ("date_to", "to")):
            if key in spec:
                args[name] = str(spec[key])
        if spec.get("open_actions"):
            args["open"] = "1"
        found = 0
        times = []
        for _ in range(repeat):
            with app.app_context():
                user = accounts.get_user("bench")
                started = time.perf_counter()
                result = search.search(user, raw, search.Filters(**spec))
                times.append((time.perf_counter() - started) * 1000)
                found = len(result)
            started = time.perf_counter()
            response = client.get("/search", query_string=args, headers={"HX-Request": "true"})
            timings["http"].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        timings["service"] += times
        per_query.append((f"{raw!r} {args if len(args) > 1 else ''}", statistics.median(times), found))
    return {"timings": timings, "per_query": per_query}


def _login_id(app, user_id: int) -> str:
    """Flask-Login's id of a fresh login of this user, as the login form would have made it."""
    from webapp.extensions import db
    from webapp.models import User
    from webapp.services import accounts

    with app.app_context():
        return accounts.start_session(db.session.get(User, user_id)).get_id()


def run_search_bench(memos: int = 10_000, repeat: int = 5, seed: int = 7, database_url: str | None = None) -> None:
    """Generate `memos` memos, time every query `repeat` times and print the figures."""
    from webapp import create_app
    from webapp.extensions import upgrade_database

    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite:///{folder}/debrief.sqlite"
        if url.startswith("postgresql"):
            import sqlalchemy as sa

            engine = sa.create_engine(url)
            with engine.begin() as conn:
                conn.execute(sa.text("DROP SCHEMA public CASCADE"))
                conn.execute(sa.text("CREATE SCHEMA public"))
            engine.dispose()
        app = create_app(
            {
                "DATA_DIR": folder,
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "bench",
                "RATELIMIT_ENABLED": False,
                "TESTING": True,
            }
        )
        upgrade_database(app)
        started = time.perf_counter()
        generate(app, memos, seed)
        print(f"{memos} memos generated and indexed in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})")
        report = time_queries(app, repeat)
        for label, values in report["timings"].items():
            print(
                f"{label:8s} n={len(values):4d}  p50 {percentile(values, 50):6.1f} ms  "
                f"p95 {percentile(values, 95):6.1f} ms  max {max(values):6.1f} ms"
            )
        print("\nmedian service time per query (memos returned):")
        for name, median, found in report["per_query"]:
            print(f"  {median:6.1f} ms  {found:3d}  {name}")
        worst = percentile(report["timings"]["http"], 95)
        print(f"\np95 of the whole request: {worst:.1f} ms — target 100 ms: {'met' if worst <= 100 else 'MISSED'}")
        with app.app_context():
            from webapp.extensions import db

            db.session.remove()
            db.engine.dispose()

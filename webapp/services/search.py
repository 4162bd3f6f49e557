"""Full-text search over transcripts, notes and follow-ups: SQLite FTS5 or PostgreSQL text search.

The index is kept in sync by the database itself (see migration 41f2da553f80): triggers on SQLite,
expression indexes on PostgreSQL. `rebuild_index` refills the SQLite table from scratch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import column, exists, func, literal_column, select, table, text, union_all

from webapp.extensions import db
from webapp.models import Action, Memo, NoteItem, Segment, User
from webapp.services import parse
from webapp.services.exceptions import InvalidInput
from webapp.services.notes import OUTCOMES

KINDS = ("transcript", "note", "action", "memo")  # rowid % 4 on SQLite
HITS_SCANNED = 300  # best-ranked hits looked at; enough for a page of memos with a few snippets each
SNIPPETS_PER_MEMO = 3
PAGE_SIZE = 25
RECENT_CAP = 4000  # matches ranked for a very common word: the most recently added ones
SNIPPET_WORDS = 18
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass
class Filters:
    """What narrows a search besides its words; all optional."""

    company_id: int | None = None
    contact_id: int | None = None
    outcome: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    open_actions: bool = False

    @property
    def any(self) -> bool:
        return any((self.company_id, self.contact_id, self.outcome, self.date_from, self.date_to, self.open_actions))


@dataclass
class Hit:
    kind: str
    snippet: list[tuple[str, bool]]  # the text in pieces, each marked True where it matched
    start: float | None
    score: float


@dataclass
class Result:
    memo: Memo
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Query:
    """Parsed words: phrases (lists of words), the last bare word matching as a prefix."""

    phrases: list[list[str]]
    prefix_last: bool

    @property
    def empty(self) -> bool:
        return not self.phrases


def parse_query(raw: str | None) -> Query:
    """Words and "quoted phrases" from what the user typed; everything else is dropped, so no syntax leaks."""
    phrases: list[list[str]] = []
    raw = (raw or "")[:500]
    last_bare = False
    for match in _TOKEN.finditer(raw):
        quoted, bare = match.groups()
        words = [w.lower() for w in _WORD.findall(quoted if quoted is not None else bare)]
        if words:
            phrases.append(words[:10])
            last_bare = bare is not None and len(words) == 1
    return Query(phrases[:12], prefix_last=last_bare and not raw.endswith(" "))


def fts5_match(query: Query) -> str:
    """An FTS5 MATCH expression: every phrase must occur; the last word typed may be a prefix."""
    parts = []
    for i, words in enumerate(query.phrases):
        part = '"' + " ".join(words) + '"'
        if i == len(query.phrases) - 1 and query.prefix_last and len(words[0]) >= 2:
            part += "*"
        parts.append(part)
    return " AND ".join(parts)


def pg_tsquery(query: Query) -> str:
    """A to_tsquery expression for the same meaning (words are \\w+ only, so nothing to escape)."""
    parts = []
    for i, words in enumerate(query.phrases):
        if i == len(query.phrases) - 1 and query.prefix_last and len(words[0]) >= 2:
            parts.append(words[0] + ":*")
        else:
            parts.append("(" + " <-> ".join(words) + ")")
    return " & ".join(parts)


def parse_filters(args: dict, user: User) -> Filters:
    """Filters from form values (strings); bad values raise InvalidInput."""

    def number(name: str) -> int | None:
        return parse.parse_id(args.get(name), f"Bad {name}.")

    def day(name: str) -> date | None:
        return parse.parse_date(args.get(name), "Dates look like 2026-03-15.")

    outcome = (args.get("outcome") or "").strip() or None
    if outcome and outcome not in OUTCOMES:
        raise InvalidInput("Unknown outcome.")
    return Filters(
        company_id=number("company"),
        contact_id=number("contact"),
        outcome=outcome,
        date_from=day("from"),
        date_to=day("to"),
        open_actions=(args.get("open") or "") in ("1", "on", "true"),
    )


def _memo_conditions(user: User, filters: Filters) -> list:
    zone = ZoneInfo(user.timezone or "UTC")
    conditions = [Memo.user_id == user.id]
    if filters.company_id:
        conditions.append(Memo.company_id == filters.company_id)
    if filters.contact_id:
        conditions.append(Memo.contact_id == filters.contact_id)
    if filters.outcome:
        conditions.append(Memo.outcome == filters.outcome)
    if filters.date_from:
        conditions.append(Memo.recorded_at >= _utc(filters.date_from, zone))
    if filters.date_to:
        conditions.append(Memo.recorded_at < _utc(filters.date_to + timedelta(days=1), zone))
    if filters.open_actions:
        conditions.append(exists().where(Action.memo_id == Memo.id, Action.done.is_(False), Action.deleted.is_(False)))
    return conditions


def _utc(day: date, zone: ZoneInfo) -> datetime:
    """Midnight of that day where the user is, as stored (naive UTC)."""
    from datetime import UTC

    return datetime.combine(day, time(), zone).astimezone(UTC).replace(tzinfo=None)


def search(user: User, raw_query: str | None, filters: Filters | None = None, limit: int = PAGE_SIZE) -> list[Result]:
    """The user's memos matching the words and filters, best first, each with its best snippets."""
    filters = filters or Filters()
    query = parse_query(raw_query)
    if query.empty:
        return _browse(user, filters, limit)
    if db.engine.dialect.name == "postgresql":
        rows = _postgres_hits(user, query, filters)
    else:
        rows = _sqlite_hits(user, query, filters)
    return _group(rows, query, limit)


def _browse(user: User, filters: Filters, limit: int) -> list[Result]:
    """No words: the filtered memos, newest first."""
    if not filters.any:
        return []
    query = (
        select(Memo)
        .where(*_memo_conditions(user, filters))
        .order_by(Memo.recorded_at.desc(), Memo.id.desc())
        .limit(limit)
    )
    return [Result(memo) for memo in db.session.scalars(query)]


def _sqlite_hits(user: User, query: Query, filters: Filters) -> list[tuple[int, str, float | None, str, float]]:
    index = table("search_index", column("rowid"), column("start"))
    allowed = select(Memo.id).where(*_memo_conditions(user, filters))
    match = text("search_index MATCH :match").bindparams(match=fts5_match(query))
    in_scope = index.c.rowid.op(">>")(32).in_(allowed)
    # A word found in thousands of places is ranked among its RECENT_CAP most recently added occurrences only:
    # finding that cut walks rowids without ranking, so common words stay fast on a large archive.
    floor = db.session.scalar(
        select(index.c.rowid).where(match, in_scope).order_by(index.c.rowid.desc()).limit(1).offset(RECENT_CAP)
    )
    # Weights: a word in the notes or the header says more about a call than one said in passing.
    score = literal_column("bm25(search_index, 1.0, 3.0, 4.0)")
    ranked = select(index.c.rowid, score).where(match, in_scope).order_by(score).limit(HITS_SCANNED)
    if floor is not None:
        ranked = ranked.where(index.c.rowid > floor)
    rows = [(rowid >> 32, KINDS[(rowid >> 30) & 3], rowid, -rank) for rowid, rank in db.session.execute(ranked)]
    # Only the hits that will be shown have their text read back.
    shown = _shown(rows)
    stored = {}
    if shown:
        columns = [literal_column(name) for name in ("transcript", "notes", "header")]
        content = select(index.c.rowid, *columns, index.c.start).where(index.c.rowid.in_(shown))
        stored = {rowid: (t or n or h or "", start) for rowid, t, n, h, start in db.session.execute(content)}
    return [
        (memo_id, kind, stored[rowid][1], stored[rowid][0], score)
        for memo_id, kind, rowid, score in rows
        if rowid in stored
    ]


def _shown(rows: list) -> list:
    """Keys of the hits a results page shows: a few per memo, for the first page of memos."""
    per_memo: dict[int, int] = {}
    keys = []
    for memo_id, _, key, _ in rows:
        if memo_id not in per_memo and len(per_memo) >= PAGE_SIZE:
            continue
        if per_memo.get(memo_id, 0) < SNIPPETS_PER_MEMO:
            per_memo[memo_id] = per_memo.get(memo_id, 0) + 1
            keys.append(key)
    return keys


def _postgres_hits(user: User, query: Query, filters: Filters) -> list[tuple[int, str, float | None, str, float]]:
    tsquery = func.to_tsquery(literal_column("'english'"), pg_tsquery(query))
    allowed = select(Memo.id).where(*_memo_conditions(user, filters))

    def source(kind: str, table_name: str, memo_id, body, start, weight: float, *where):
        # search_vector: the stored, GIN-indexed tsvector the migration adds to each searched table.
        vector = literal_column(f"{table_name}.search_vector")
        # As on SQLite, a very common word is ranked among its RECENT_CAP most recently added occurrences.
        recent = (
            select(memo_id.label("memo_id"), start.label("start"), body.label("body"), vector.label("vector"))
            .where(vector.op("@@")(tsquery), memo_id.in_(allowed), *where)
            .order_by(memo_id.desc())
            .limit(RECENT_CAP)
            .subquery()
        )
        return select(
            recent.c.memo_id,
            literal_column(f"'{kind}'").label("kind"),
            recent.c.start,
            recent.c.body,
            (func.ts_rank(recent.c.vector, tsquery) * weight).label("score"),
        )

    header = literal_column(
        "coalesce(memos.title, '') || ' ' || coalesce(memos.contact, '') || ' ' || "
        "coalesce(memos.company, '') || ' ' || coalesce(memos.role, '')"
    )
    hits = union_all(
        source("transcript", "segments", Segment.memo_id, Segment.text, Segment.start, 1.0),
        source("note", "note_items", NoteItem.memo_id, NoteItem.text, NoteItem.start, 3.0, NoteItem.deleted.is_(False)),
        source("action", "actions", Action.memo_id, Action.text, Action.start, 3.0, Action.deleted.is_(False)),
        source("memo", "memos", Memo.id, header, literal_column("NULL::float8"), 4.0),
    ).subquery("hits")
    statement = select(hits).order_by(hits.c.score.desc()).limit(HITS_SCANNED)
    # Starting parallel workers costs more than this small query saves (measured with `debrief bench search`).
    db.session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    return [tuple(row) for row in db.session.execute(statement)]


def _group(rows: list, query: Query, limit: int) -> list[Result]:
    """Hits grouped by memo, memos in the order of their best hit."""
    by_memo: dict[int, list[Hit]] = {}
    for memo_id, kind, start, body, score in rows:
        hits = by_memo.setdefault(memo_id, [])
        if len(hits) < SNIPPETS_PER_MEMO:
            hits.append(Hit(kind, snippet(body, query), start, score))
    memo_ids = list(by_memo)[:limit]
    if not memo_ids:
        return []
    memos = {m.id: m for m in db.session.scalars(select(Memo).where(Memo.id.in_(memo_ids)))}
    return [Result(memos[i], by_memo[i]) for i in memo_ids if i in memos]


def _stem(word: str) -> str:
    # Close enough to the index's Porter stemmer to find the words to highlight ("designs", "designed").
    for suffix in ("ingly", "edly", "ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _matcher(query: Query):
    stems = {_stem(w) for phrase in query.phrases for w in phrase}
    last = query.phrases[-1] if query.phrases else []
    prefix = last[0] if query.prefix_last and len(last) == 1 else None

    def matches(word: str) -> bool:
        word = word.lower()
        if prefix and word.startswith(prefix):
            return True
        stem = _stem(word)
        return any(
            stem == s or (min(len(stem), len(s)) >= 4 and (stem.startswith(s) or s.startswith(stem))) for s in stems
        )

    return matches


def snippet(body: str | None, query: Query, words: int = SNIPPET_WORDS) -> list[tuple[str, bool]]:
    """A window of the text around the first match, as (text, matched) pieces; the page marks the matched ones."""
    body = body or ""
    tokens = list(_WORD.finditer(body))
    matches = _matcher(query)
    hits = [i for i, token in enumerate(tokens) if matches(token.group())]
    first = hits[0] if hits else 0
    begin = max(0, min(first - words // 3, len(tokens) - words))
    end = min(len(tokens), begin + words)
    start_char = tokens[begin].start() if begin > 0 else 0
    end_char = tokens[end - 1].end() if 0 < end < len(tokens) else len(body)
    parts = [("…", False)] if start_char > 0 else []
    position = start_char
    for i in hits:
        if begin <= i < end:
            token = tokens[i]
            parts += [(body[position : token.start()], False), (token.group(), True)]
            position = token.end()
    parts.append((body[position:end_char], False))
    if end_char < len(body):
        parts.append(("…", False))
    return [part for part in parts if part[0]]


# As in the migration: rowid = memo id << 32 | kind << 30 | source id.
_ROWID = {
    "segment": "({p}memo_id << 32) + ({p}id & 1073741823)",
    "item": "({p}memo_id << 32) + 1073741824 + ({p}id & 1073741823)",
    "action": "({p}memo_id << 32) + 2147483648 + ({p}id & 1073741823)",
    "memo": "({p}id << 32) + 3221225472",
}
_HEADER = "coalesce(m.title, '') || ' ' || coalesce(m.contact, '') || ' ' || coalesce(m.company, '') || ' ' || "
_HEADER += "coalesce(m.role, '')"


def rebuild_index() -> int:
    """Refill the SQLite index from the memos (PostgreSQL's indexes are simply rebuilt); how many rows it holds."""
    if db.engine.dialect.name != "sqlite":
        for name in ("ix_fts_segments", "ix_fts_note_items", "ix_fts_actions", "ix_fts_memos"):
            db.session.execute(text(f"REINDEX INDEX {name}"))
        db.session.commit()
        return 0
    statements = [
        "DELETE FROM search_index",
        f"""INSERT INTO search_index(rowid, transcript, start)
            SELECT {_ROWID["segment"].format(p="s.")}, s.text, s.start FROM segments s""",
        f"""INSERT INTO search_index(rowid, notes, start)
            SELECT {_ROWID["item"].format(p="n.")}, n.text, n.start FROM note_items n WHERE NOT n.deleted""",
        f"""INSERT INTO search_index(rowid, notes, start)
            SELECT {_ROWID["action"].format(p="a.")}, a.text, a.start FROM actions a WHERE NOT a.deleted""",
        f"""INSERT INTO search_index(rowid, header) SELECT {_ROWID["memo"].format(p="m.")}, {_HEADER} FROM memos m""",
        "INSERT INTO search_index(search_index) VALUES ('optimize')",
    ]
    for statement in statements:
        db.session.execute(text(statement))
    db.session.commit()
    return db.session.scalar(text("SELECT count(*) FROM search_index")) or 0

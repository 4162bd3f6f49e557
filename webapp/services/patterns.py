"""Patterns: concerns and advice that come back across calls ("system design" in 3 of 5 calls)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Action, Memo, NoteItem, User
from webapp.services import notes
from webapp.services.exceptions import InvalidInput, NotFound

SECTIONS = ("concerns", "advice")
MAX_WORDS = 3
_WORD = re.compile(r"[a-z0-9][a-z0-9+#.]*[a-z0-9+#]|[a-z0-9]")
# Words that say how feedback was given rather than what it was about.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he
    her here hers him his how i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our out over own same she should so some such than that the their them then there these
    they this those through to too under until up very was we were what when where which while who whom why will
    with would you your yours yourself she's he's it's i'm don't didn't
    need needs needed needing more better bit little lot lots really maybe might must get got give gave
    experience experienced lack lacked lacking practise practice practising practicing improve improving work
    working worked read reading focus focused focusing try trying make making think thought said say says told
    tell suggested suggest advised advise recommend recommended mentioned mention concern concerned worry
    worried felt feel seemed seem good great strong weak weaker stronger enough much many well also next time
    one two able sure quite rather somewhat go going way ways thing things something""".split()  # noqa: SIM905
)


@dataclass
class Occurrence:
    memo: Memo
    item: NoteItem


@dataclass
class Pattern:
    phrase: str
    sections: set[str]
    occurrences: list[Occurrence] = field(default_factory=list)
    total_calls: int = 0

    @property
    def memos(self) -> list[Memo]:
        seen: dict[int, Memo] = {}
        for occurrence in self.occurrences:
            seen.setdefault(occurrence.memo.id, occurrence.memo)
        return sorted(seen.values(), key=lambda m: m.recorded_at, reverse=True)

    @property
    def count(self) -> int:
        return len({o.memo.id for o in self.occurrences})

    @property
    def practice_text(self) -> str:
        return f"Practise {self.phrase} (came up in {self.count} of {self.total_calls} calls)"


def _stem(word: str) -> str:
    # Plural and simple verb forms only: "designs"/"design", "questions"/"question"; enough for short notes.
    for suffix in ("ies", "es", "s"):
        if len(word) > 4 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _phrases(text: str) -> dict[tuple[str, ...], str]:
    """Runs of 1–3 content words (stemmed key → surface form) from one note."""
    found: dict[tuple[str, ...], str] = {}
    run: list[str] = []
    for word in [*_WORD.findall(text.lower()), ""]:
        if word and word not in STOPWORDS and not word.isdigit():
            run.append(word)
            continue
        for size in range(1, MAX_WORDS + 1):
            for i in range(len(run) - size + 1):
                words = run[i : i + size]
                found.setdefault(tuple(_stem(w) for w in words), " ".join(words))
        run = []
    return found


def find_patterns(user: User, min_calls: int = 2) -> list[Pattern]:
    """Themes in the user's concerns and advice that recur in at least `min_calls` calls, commonest first."""
    query = (
        select(NoteItem, Memo)
        .join(Memo, Memo.id == NoteItem.memo_id)
        .where(Memo.user_id == user.id, NoteItem.section.in_(SECTIONS), NoteItem.deleted.is_(False))
        .order_by(Memo.recorded_at.desc(), NoteItem.position)
    )
    seen: dict[tuple[str, ...], Pattern] = {}
    for item, memo in db.session.execute(query):
        for key, surface in _phrases(item.text).items():
            pattern = seen.setdefault(key, Pattern(phrase=surface, sections=set()))
            pattern.sections.add(item.section)
            pattern.occurrences.append(Occurrence(memo, item))
    total = calls_with_feedback(user)
    candidates = [(key, p) for key, p in seen.items() if p.count >= min_calls]
    # Longest first, so "system design" wins over "system" and "design" when it covers the same calls.
    candidates.sort(key=lambda kp: (-len(kp[0]), -kp[1].count))
    chosen: list[tuple[tuple[str, ...], Pattern]] = []
    for key, pattern in candidates:
        calls = {o.memo.id for o in pattern.occurrences}
        if any(_contains(longer, key) and calls <= {o.memo.id for o in p.occurrences} for longer, p in chosen):
            continue
        pattern.total_calls = total
        chosen.append((key, pattern))
    result = [p for _, p in chosen]
    result.sort(key=lambda p: (-p.count, -len(p.phrase.split()), p.phrase))
    return result


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return len(longer) > n and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def calls_with_feedback(user: User) -> int:
    """How many of the user's calls have any notes at all (the "of N calls")."""
    query = (
        select(func.count(func.distinct(NoteItem.memo_id)))
        .join(Memo, Memo.id == NoteItem.memo_id)
        .where(Memo.user_id == user.id, NoteItem.deleted.is_(False))
    )
    return db.session.scalar(query) or 0


def add_practice_action(user: User, phrase: str, today: date) -> Action:
    """One click: a follow-up to practise a recurring theme, on the latest call where it came up."""
    pattern = next((p for p in find_patterns(user) if p.phrase == (phrase or "").strip().lower()), None)
    if pattern is None:
        raise NotFound("No such pattern.")
    memo = pattern.memos[0]
    prefix = f"Practise {pattern.phrase} ("
    existing = next(
        (a for a in memo.actions if a.origin == "practice" and not a.deleted and a.text.startswith(prefix)), None
    )
    if existing is not None:
        return existing
    if len(pattern.practice_text) > notes.TEXT_MAX:
        raise InvalidInput("That theme is too long.")
    return notes.add_action(memo, pattern.practice_text, due=today + timedelta(days=2), origin="practice")

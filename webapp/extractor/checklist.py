"""Detect the call etiquette checklist: thanked, still interested, asked for feedback, and so on.

Each entry is "done", "not_done" or "not_mentioned". A step the memo only plans ("I need to send a
thank-you") counts as not_done: it has not happened yet, and the matching action is in the to-do list.
"""

from __future__ import annotations

import re

from .clauses import Clause

DONE, NOT_DONE, NOT_MENTIONED = "done", "not_done", "not_mentioned"

TOPICS: dict[str, re.Pattern[str]] = {
    "thanked": re.compile(
        r"\bthank(?:ed|ing|s)?\b|\bthank[- ]you\b|\bgrateful\b|\bappreciat\w* (?:for )?(?:her|his|their"
        r"|the) time\b"
    ),
    "still_interested": re.compile(
        r"\bstill (?:\w+ )?(?:interested|keen|excited|eager)\b|\b(?:first|top|number one) choice\b"
        r"|\bremain(?:ed|s)? (?:very |really )?interested\b|\b(?:reiterated|expressed|confirmed|restated|stressed)"
        r" (?:my |how )?(?:interest|enthusiasm|keen)|\bstill want (?:the|this|to work)"
    ),
    "asked_feedback": re.compile(
        r"\bask(?:ed|ing)? (?:her|him|them|for|about)?\s*(?:for |about )?(?:some |more |any |specific |detailed )?"
        r"(?:feedback|pointers|tips)\b"
        r"|\bask(?:ed|ing)? (?:her|him|them )?(?:if|whether|what|how|where) (?:there (?:was|is"
        r"|were) anything|i could|i can|i might|i should|to improve|i need)"
    ),
    "asked_keep_in_mind": re.compile(
        r"\bkeep (?:me|my (?:cv|resume|details|profile|application|name)) (?:on file|in mind)\b|\bkeep me in mind\b"
        r"|\bconsider me for (?:future|other|similar)\b|\b(?:future|other|similar) (?:openings|roles|positions"
        r"|opportunities|vacancies)\b"
    ),
}
_DID_NOT_ARGUE = re.compile(
    r"\b(?:did not|didn't|never|tried not to|made sure not to|managed not to|did not try to|didn't try to)"
    r" (?:argue|push back|get defensive|debate|contest|dispute|challenge|fight)\b|\b(?:stayed|kept|remained|was)"
    r" (?:calm|polite|professional|gracious|composed|cool|positive|respectful)\b|\bkept (?:my cool|it professional"
    r"|it together|it positive)\b|\baccepted (?:it|the (?:feedback|decision)) (?:gracefully|graciously|politely)\b"
    r"|\bjust listened\b"
)
_ARGUED = re.compile(
    r"\b(?:i )?(?:argued|pushed back|got defensive|got upset|got angry|disagreed|debated|challenged (?:her|him|them"
    r"|the|their))\b|\bi was (?:a bit |kind of |too |a little )?(?:defensive|argumentative)\b"
)
_NOT_DONE = re.compile(
    r"\b(?:forgot|forget|didn't|did not|never|should have|should've|wish i had|wish i'd|failed|no chance|wasn't able"
    r"|couldn't|could not|didn't get to|did not get to|missed)\b[\w\s']{0,30}$"
)
_THIRD_PARTY_SUBJECT = re.compile(r"\b(?:she|he|they|the recruiter|the panel)\s+(?:\w+\s+)?$")


def _status(clause: Clause, section: str | None, match: re.Match[str], lowered: str) -> str | None:
    before = lowered[: match.start()]
    if _NOT_DONE.search(before):
        return NOT_DONE
    if section == "actions":
        return NOT_DONE  # planned, not yet done
    if _THIRD_PARTY_SUBJECT.search(before[-25:]):
        return None  # "she thanked me": not the user's step
    return DONE


def _topic_status(pattern: re.Pattern[str], labelled: list[tuple[Clause, str | None]]) -> str:
    found: set[str] = set()
    for clause, section in labelled:
        lowered = clause.text.lower()
        for match in pattern.finditer(lowered):
            status = _status(clause, section, match, lowered)
            if status:
                found.add(status)
    if DONE in found:
        return DONE
    return NOT_DONE if NOT_DONE in found else NOT_MENTIONED


def _argue_status(text: str) -> str:
    if _DID_NOT_ARGUE.search(text):
        return DONE
    return NOT_DONE if _ARGUED.search(text) else NOT_MENTIONED


def build_checklist(labelled: list[tuple[Clause, str | None]], full_text: str) -> dict[str, str]:
    """Return the checklist dict from classified clauses and the cleaned memo text."""
    checklist = {name: _topic_status(pattern, labelled) for name, pattern in TOPICS.items()}
    checklist["did_not_argue"] = _argue_status(full_text.lower())
    return checklist

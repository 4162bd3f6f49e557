"""Turn a feedback-call memo transcript into structured notes and dated follow-up actions.

Pure, deterministic rules: no Flask, no network. Entry point: `extract`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from .checklist import build_checklist
from .classifier import ClauseVectors, label_clauses
from .clauses import Clause, clean, split_clauses, spoken_punctuation
from .dates import find_due_date, refers_back
from .lexicon import CRITICISM_WORD, PRAISE_WORD
from .names import find_people_and_companies, find_role
from .outcome import classify_outcome, nothing_at_stake, said_no_feedback
from .outcome_model import guess_outcome
from .phrasing import action_text, advice_text, feedback_texts, has_substance, is_subjectless, reason_text
from .sections import (
    ACTIONS,
    ADVICE,
    CONCERNS,
    NOTHING,
    REASON,
    STRENGTHS,
    classify,
    is_bare_outcome,
    is_instruction,
    is_own_praise,
    is_own_task,
    is_past_deed,
    is_their_task,
    sentiment_section,
)
from .segments import SegmentSpan, locate_segments, time_range

NOTE_SECTIONS = (STRENGTHS, CONCERNS, ADVICE, ACTIONS)

__all__ = ["EXAMPLE_LABELS", "extract", "warm_up"]


def warm_up() -> None:
    """Load the sentence-embedding model, the clause classifier and the outcome model now (a worker does it once)."""
    from .classifier import model
    from .embeddings import encoder
    from .outcome_model import outcome_model

    encoder()
    model()
    outcome_model()


# What a user's correction can say a sentence is: a note section, a follow-up of theirs, or nothing to note.
EXAMPLE_LABELS = ("strengths", "concerns", "advice", "actions", "other")


def extract(
    text: str,
    recorded_at: datetime,
    segments: list[dict] | None = None,
    examples: Sequence[tuple[str, str]] | None = None,
) -> dict:
    """Extract contact, company, role, outcome, notes, actions and checklist from a memo transcript.

    `examples` are the user's own corrections, (sentence, label) with a label from EXAMPLE_LABELS:
    a sentence like one of them is sorted the way the user sorted it, ahead of the built-in rules.
    """
    today = recorded_at.date()  # local calendar date of the recording, aware or naive
    if (marked := spoken_punctuation(text)) != text:  # dictated: "Role colon the backend job full stop"
        text = marked
        segments = [{**seg, "text": spoken_punctuation(str(seg.get("text", "")), True)} for seg in segments or []]
    cleaned = clean(text)
    contact, company = find_people_and_companies(cleaned)
    clauses = split_clauses(text)
    vectors = ClauseVectors([c.text for c in clauses])
    by_rules = classify(clauses)
    labelled = _sorted_clauses(by_rules, examples or (), vectors)
    feedback_said = not said_no_feedback(cleaned)
    spans = locate_segments(text, segments)
    notes: dict[str, list[dict]] = {STRENGTHS: [], CONCERNS: [], ADVICE: [], ACTIONS: []}
    last_item: dict | None = None  # the item the clause before made, if it made one
    previous: str | None = None  # the section of the last clause that made a note
    for index, (clause, section) in enumerate(labelled):
        if section != ACTIONS and index and labelled[index - 1][1] == ACTIONS and not has_substance(clause.text):
            section = ACTIONS  # "Update the deck. End of next week.": a bare date dates the to-do before it
        if section == ACTIONS and previous == ADVICE and _advice_goes_on(clause, today):
            section = ADVICE
        if section in (STRENGTHS, CONCERNS, ADVICE) and _introduces_the_call(clause.text, contact, company):
            section = None
        # What the caller said is the note; the speaker's own read of themselves counts only when they said nothing.
        if section == STRENGTHS and feedback_said and is_own_praise(clause):
            section = None
        made = None
        if section and last_item is not None and _CONTINUATION.match(clause.text) and section != ACTIONS:
            # "Ask the partner to pick a shade, not reopen the whole palette": the tail of the note before it.
            last_item["text"] = f"{last_item['text']}, {clause.text[0].lower()}{clause.text[1:]}"
            section = None
        if section:
            due = find_due_date(clause.text, today) if section == ACTIONS else None
            if section == ACTIONS and due is None and refers_back(clause.text):
                due = _date_said_before(labelled[:index], today)  # "prepare before then"
            # last_item is the to-do the clause just before made, when it made one
            if (
                section == ACTIONS
                and previous == ACTIONS
                and last_item
                and _joined_by_and(text, labelled[index - 1][0], clause)
            ):
                due = _share_due(last_item, due)  # "draft the plans and share them by the 15th": one deadline
            texts = _joined_tails([text for text in _item_texts(clause, section) if _says_something(text, section)])
            if section == ACTIONS and not texts and due and notes[ACTIONS] and notes[ACTIONS][-1]["due"] is None:
                notes[ACTIONS][-1]["due"] = due.isoformat()  # "send the deck, end of next week"
            for item_text in texts:
                made = _add_item(notes[section], _item(item_text, clause, spans, section, due)) or made
        last_item = made
        previous = section if made else previous
    any_feedback = bool(notes[STRENGTHS] or notes[CONCERNS] or notes[ADVICE])
    # An explicit "they couldn't share feedback" wins: the app then offers a self-rating.
    feedback_given = False if not feedback_said else (True if any_feedback else None)
    return {
        "contact": contact,
        "company": company,
        "role": find_role(cleaned),
        "outcome": _outcome(cleaned, by_rules, vectors),
        **notes,
        "checklist": build_checklist(labelled, cleaned),
        "feedback_given": feedback_given,
    }


# A short tail that only goes on with the clause before it: "not by email", "even the ugly ones", "like really slow".
_CONTINUATION = re.compile(
    r"^(?:(?:not|even|like|especially|including|mostly|mainly|just)\b(?:\s+\S+){0,3}"
    # "... my risk log, the one from the school build": which one the note before meant.
    r"|the (?:one|ones) (?:from|for|with|about|on|at|in|i|we|that|which)\b(?:\s+\S+){0,6})\s*$",
    re.I,
)


# The speaker taking a task on: "I'll ring her", "we need to", "let's"; a bare "ask my boss" is no such thing.
_SPEAKER_TAKES_IT = re.compile(
    r"^(?:i|we|let's|me)\b|\b(?:i|we)(?:'ll|'m| will| need| have to| must| should| want| am| gotta| got to| can)\b",
    re.I,
)


def _advice_goes_on(clause: Clause, today: date) -> bool:
    """Whether a to-do straight after a piece of advice is more of it: "Her tip was to read X. And watch how
    Marco does it." An undated instruction nobody took on goes on with what the caller said."""
    return (
        clause.position == 0
        and not clause.header
        and not _SPEAKER_TAKES_IT.search(clause.text)
        and find_due_date(clause.text, today) is None
    )


def _sorted_clauses(
    by_rules: list[tuple[Clause, str | None]], examples: Sequence[tuple[str, str]], vectors: ClauseVectors
) -> list[tuple[Clause, str | None]]:
    """Each clause with its section (None: nothing to note), as the classifier, given the rules' view, decides."""
    clauses = [clause for clause, _ in by_rules]
    labels = label_clauses(
        [c.text for c in clauses], [rule for _, rule in by_rules], [c.header for c in clauses], examples, vectors
    )
    return [(clause, _section(clause, label, rule)) for (clause, rule), label in zip(by_rules, labels, strict=True)]


def _outcome(cleaned: str, by_rules: list[tuple[Clause, str | None]], vectors: ClauseVectors) -> str:
    """The outcome the rules find; where they find none, the one the memo's clauses lean to, if any.

    Clauses the rules already placed in a section are notes, not news of the outcome, and are left out: on a
    5-minute memo embedding them too took about 250 ms more (`debrief bench extract`, 482 against 235 ms)."""
    outcome = classify_outcome(cleaned)
    if outcome != "unknown" or nothing_at_stake(cleaned):
        return outcome
    unplaced = [i for i, (_, rule) in enumerate(by_rules) if rule in (None, NOTHING)]
    return guess_outcome(vectors.rows(unplaced)) or outcome


def _section(clause: Clause, label: str, rule: str | None) -> str | None:
    # "The contract arrives Monday", "Isla will introduce me", "I passed the bend test": nothing for the user to do.
    not_mine = rule is None and (not is_own_task(clause) or is_past_deed(clause))
    if label == ACTIONS and (not_mine or is_their_task(clause)):
        return None
    if label in (STRENGTHS, CONCERNS) and rule is None:
        if is_their_task(clause):
            return None  # "they'll pay for a course": what the other side will do is neither praise nor criticism
        # "My audit work was exactly what they wanted" is no concern: the clause's own words of praise or
        # criticism, when they point one way, overrule the classifier between the two.
        label = sentiment_section(clause) or label
    if label in (STRENGTHS, ADVICE) and is_bare_outcome(clause):
        return None  # "they want me back for a final round": the outcome, which is reported on its own
    if label == CONCERNS and is_instruction(clause):
        return ADVICE  # "don't speak too fast": criticism says what went wrong, an instruction what to do
    return label if label in NOTE_SECTIONS else None


def _says_something(text: str, section: str) -> bool:
    """Whether a note text is worth a note: some substance, and for feedback a subject of its own."""
    return has_substance(text) and (section == ACTIONS or not is_subjectless(text))


def _joined_tails(texts: list[str]) -> list[str]:
    """A clause's notes with each tail ("the one from the bridge job") put back on the note it goes on from."""
    joined: list[str] = []
    for text in texts:
        if joined and _CONTINUATION.match(text):
            joined[-1] = f"{joined[-1]}, {text[0].lower()}{text[1:]}"
        else:
            joined.append(text)
    return joined


def _introduces_the_call(text: str, contact: str | None, company: str | None) -> bool:
    """Whether the clause only says who called ("Was Rose from Tartan Talent, about the coordinator job"): it names
    both the caller and the company, with no word of praise or criticism to make it feedback."""
    if not (contact and company):
        return False
    lowered = text.lower()
    names_contact = any(re.search(rf"\b{re.escape(part)}\b", lowered) for part in contact.lower().split())
    names_company = company.lower() in lowered
    return names_contact and names_company and not (PRAISE_WORD.search(lowered) or CRITICISM_WORD.search(lowered))


_AND_BETWEEN = re.compile(r"[\s,]*(?:and|and then|and also|then)\b[\s,]*")
_OWN_SUBJECT = re.compile(r"(?:also\s+|then\s+)?(?:i|we|you|he|she|they|i've|i'll|i'm|we'll)\b", re.I)


def _joined_by_and(text: str, before: Clause, clause: Clause) -> bool:
    """Whether two clauses are one sentence's tasks joined by "and", the second a bare verb ("update the resume
    and get it in"); "and I'll tell him by Friday" is a task of its own."""
    return (
        before.sentence == clause.sentence
        and bool(_AND_BETWEEN.fullmatch(text[before.end : clause.start]))
        and not _OWN_SUBJECT.match(clause.text)
    )


def _share_due(item: dict, due: date | None) -> date | None:
    """One deadline for two joined tasks: the first task's date when the second has none, else the second's date
    on the first when it had none."""
    if due is None:
        return date.fromisoformat(item["due"]) if item["due"] else None
    if item["due"] is None:
        item["due"] = due.isoformat()
    return due


def _date_said_before(earlier: list[tuple[Clause, str | None]], today: date) -> date | None:
    """The last date spoken before a clause, within the three clauses before it."""
    for clause, _ in reversed(earlier[-3:]):
        said = find_due_date(clause.text, today)
        if said:
            return said
    return None


def _item_texts(clause: Clause, section: str) -> list[str]:
    if section == ACTIONS:
        return [action_text(clause.text)]
    if section == ADVICE:
        return [advice_text(clause.text)]
    reason = REASON.search(clause.text) if section == CONCERNS else None
    # "They went with a candidate who had more X": the concern is the reason, not the decision.
    if reason and any(word in clause.text.lower() for word in ("candidate", "someone", "somebody", "person")):
        return [reason_text(reason)]
    return feedback_texts(clause.text, section)


def _item(item_text: str, clause: Clause, spans: list[SegmentSpan], section: str, due: date | None) -> dict:
    start, end = time_range(spans, clause.start, clause.end)
    item: dict = {"text": item_text, "start": start, "end": end}
    if section == ACTIONS:
        item["due"] = due.isoformat() if due else None
    return item


def _add_item(items: list[dict], item: dict) -> dict | None:
    """Append the item unless it is empty or already there; return it when it was appended."""
    if item["text"] and all(existing["text"].lower() != item["text"].lower() for existing in items):
        items.append(item)
        return item
    return None

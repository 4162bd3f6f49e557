"""Turn classified clauses into short, clean note texts."""

from __future__ import annotations

import re

from .clauses import SPOKEN_QUOTE, clean
from .dates import MONTHS
from .lexicon import EMPTY_WORDS, FEEDBACK_LABEL, REPORTING_VERBS, SECTION_LABELS

_INTENT_PREFIX = re.compile(
    r"^.*?\b(?:i|we)\s*(?:(?:also|really|definitely|probably|still|just|then|actually|maybe|first)\s+)*"
    r"(?:need to|needs to|have to|has to|got to|gotta|should|must|will|'ll|’ll|shall|am going to|'m going to"
    r"|m going to|am gonna|'m gonna|gonna|want to|wanna|plan to|intend to|would like to|'d like to|ought to"
    r"|am planning to|'m planning to|have got to|'ve got to|can now|might as well),?\s+"
    r"(?:(?:also|really|definitely|probably|still|just|then|actually|maybe|first|try to)\s+)*",
    re.IGNORECASE,
)
_REMINDER_PREFIX = re.compile(
    r"^.*?\b(?:remember to|don't forget to|do not forget to|must not forget to|make sure (?:to|that i|i)"
    r"|(?:my )?next step is to|the plan is to|(?:i'm |i am )?planning to|(?:i'm|i am) going to|to do is to"
    r"|^(?:going to|gonna|gotta|got to|need to|have to|must|should|will|want to))\s+",
    re.IGNORECASE,
)
_LEADING_I = re.compile(r"^(?:i (?:guess|think|suppose) )?i\s+(?=\w)|^i (?:guess|think|suppose)\s+", re.IGNORECASE)
# The reporting verb comes before any comma: "don't rush, the MD is, what she said, old school" keeps its words.
_ADVICE_PREFIX = re.compile(
    r"^[^,;]*?\b(?:suggested|suggests|recommended|recommends|advised|advises|encouraged (?:me|us) to|urged (?:me|us) to"
    r"|told (?:me|us) to|asked (?:me|us) to|wants? (?:me|us) to|would like (?:me|us) to|said|says|told me|thinks"
    r"|felt|feels|recommend|suggest|'d recommend|would recommend"
    r"|(?:advice|suggestion|recommendation|tip) (?:was|is))[,:]?\s+(?:that\s+)?"
    r"(?:(?:i|we|you)\s+(?:should|could|need to|might want to|ought to|must|have to|would benefit from)?\s*)?"
    r"(?:to\s+)?",
    re.IGNORECASE,
)
_ATTRIBUTION_PREFIX = re.compile(
    rf"^(?:[\w'’ ]{{0,40}}?\b(?:{REPORTING_VERBS}|found|sent|wished)[,:]?\s+(?:that\s+)?)+",
    re.IGNORECASE,
)
_CUE_PREFIX = re.compile(
    r"^.*?\b(?:concern|concerns|worry|issue|problem|criticism|feedback|thing to work on|weakness|downside"
    r"|strength|highlight|(?:thing|part)s? (?:they|she|he|the \w+) (?:liked|loved|enjoyed|appreciated|valued)"
    r"(?: the)?(?: most| best)?)\s+(?:is|was|were|are)\s+(?:that\s+)?",
    re.IGNORECASE,
)
_LIKED = re.compile(
    r"\b(?:liked|loved|enjoyed|appreciated|praised|complimented|highlighted|likes|loves|enjoys|appreciates"
    r"|raved about|spoke highly of|(?:big |huge )?fans? of|valued|admired|respected|commended|excited about"
    r"|(?:(?:was|were|is|are) )?(?:really |very |super |so |quite |genuinely )?(?:impressed|blown away)"
    r" (?:by|with)|(?:is|was|were|are) (?:really |very )?(?:happy|pleased) with)\s+(?P<object>)",
    re.IGNORECASE,
)
# Commas alone do not split: speech models put commas inside noun phrases ("my product, knowledge").
_LIST_SPLIT = re.compile(r",?\s+and\s+(?=(?:my|the|our|how|his|her|their)\b)|,\s+(?=(?:my|the|our|how)\b)", re.I)
_TRAILING_INTENSIFIER = re.compile(
    r"(?:[,\s]+(?:a lot|a bunch|very much|so much|quite a bit|really|like|too|as well|overall|though|anyway"
    r"|either))+\s*$",
    re.IGNORECASE,
)
# "What's bugging him is the reminder texts" -> "the reminder texts".
_WHAT_PREFIX = re.compile(r"^what\b[\w'’ ]{0,40}?\s(?:is|was|are|were)\s+(?:that\s+)?", re.IGNORECASE)
_LEADING_WORDS = re.compile(
    r"^(?:(?:that|also|and|but|so|then|though|actually|really|he|she|they|did|to)\s+)+", re.IGNORECASE
)


def tidy(text: str) -> str:
    """Clean fillers and punctuation and capitalise the first letter."""
    text = clean(SPOKEN_QUOTE.sub(" ", text)).strip(" .,;:!?-")
    text = re.sub(r"\s+", " ", text)
    return text[:1].upper() + text[1:] if text else text


_REQUEST_PREFIX = re.compile(
    r"^.*?\b(?:wants?|wanted|asked|(?:would|'d|’d) (?:like|love)|needs?|needed|expects?|expected)\s+(?:me|us)\s+to\s+"
    r"(?:(?:also|just|quickly|first|please|then)\s+)*",
    re.IGNORECASE,
)


# A small model hears "by Friday" as "my Friday": the due date is read from it anyway, the text says it right.
_MISHEARD_BY = re.compile(
    r"\bmy (?=(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|the end|end of|next)\b)",
    re.IGNORECASE,
)


def action_text(text: str) -> str:
    """ "I guess I'll look for a course" -> "Look for a course"; "He wants me to send X" -> "Send X"."""
    stripped = _INTENT_PREFIX.sub("", text, count=1)
    if stripped == text:
        stripped = _REMINDER_PREFIX.sub("", text, count=1)
    if stripped == text:
        stripped = _REQUEST_PREFIX.sub("", text, count=1)
    stripped = _LEADING_I.sub("", _LEADING_WORDS.sub("", stripped))
    return _MISHEARD_BY.sub("by ", tidy(stripped) or tidy(text))


def advice_text(text: str) -> str:
    """ "She suggested I practice shorter answers" -> "Practice shorter answers"."""
    if SECTION_LABELS["advice"].match(text):
        return tidy(SECTION_LABELS["advice"].sub("", text, count=1))
    stripped = _ADVICE_PREFIX.sub("", text, count=1)
    return tidy(stripped) if len(stripped.split()) >= 2 else tidy(text)


def feedback_texts(text: str, section: str) -> list[str]:
    """Return one or more short texts for a strength or concern clause."""
    text = FEEDBACK_LABEL.sub("", text, count=1)
    label = SECTION_LABELS.get(section)
    if label and label.match(text):
        return [tidy(label.sub("", text, count=1))]
    if section == "strengths" and not _CUE_PREFIX.match(text):
        liked = list(_LIKED.finditer(text))
        if liked:
            # "blown away by X and appreciated Y": each verb's object runs up to the next verb.
            ends = [m.start() for m in liked[1:]] + [len(text)]
            objects = [
                re.sub(r"[,\s]+(?:and|but|also|he|she|they)?\s*$", "", text[m.start("object") : end])
                for m, end in zip(liked, ends, strict=True)
            ]
            parts = [part for obj in objects for part in _LIST_SPLIT.split(obj)]
            texts = [tidy(_drop_possessive(_TRAILING_INTENSIFIER.sub("", part))) for part in parts]
            return [text for text in texts if text]
    stripped = _CUE_PREFIX.sub("", text, count=1)
    if stripped == text:
        stripped = _WHAT_PREFIX.sub("", text, count=1)
    if stripped == text:
        stripped = _ATTRIBUTION_PREFIX.sub("", text, count=1)
    stripped = _LEADING_WORDS.sub("", stripped)
    return [tidy(_TRAILING_INTENSIFIER.sub("", stripped) if len(stripped.split()) >= 2 else text)]


def reason_text(match: re.Match[str]) -> str:
    """Text of a rejection reason ("a candidate who had more X" -> "more X")."""
    if match.group("a"):
        return tidy("chosen candidate " + match.group("a"))
    if match.group("b"):
        return tidy("chosen candidate had " + match.group("b"))
    return tidy(match.group("c"))


def _drop_possessive(text: str) -> str:
    return re.sub(r"^\s*(?:my|our)\s+", "", text, flags=re.IGNORECASE)


_WORD = re.compile(r"[a-z0-9][a-z0-9'’&-]*")


def has_substance(text: str) -> bool:
    """Whether a note text says something beyond fillers, verdicts and times ("That I", "Was really positive")
    or a verb and the pronoun it acts on ("Take it", "Address that")."""
    words = [word.replace("’", "'") for word in _WORD.findall(text.lower())]
    if len(words) == 2 and words[1] in _OBJECT_PRONOUNS:
        return False
    return any(word not in EMPTY_WORDS and not _is_date_word(word) for word in words)


# A short clause that opens on a verb has lost its subject to the clause before ("the two juniors | are too
# dependent on me", "the CPF thing, they | got fined"): on its own it names no strength or concern, unless it
# is about the speaker's own work ("Was complimentary about my runbooks").
_SUBJECTLESS = re.compile(
    r"^(?:is|are|was|were|needs?|got|gets|does|did)\b(?!.*\b(?:my|our|i|i've|i'm|i'd)\b)(?:\W+[\w'’-]+){0,5}\W*$",
    re.IGNORECASE,
)


def is_subjectless(text: str) -> bool:
    """Whether a short note text starts on a verb with no subject ("Is a problem", "Need them perfect")."""
    return bool(_SUBJECTLESS.match(text))


_NUMBER = re.compile(r"\d+(?:st|nd|rd|th)?")


def _is_date_word(word: str) -> bool:
    """ "the 10th of April": a date, which dates a note but says nothing ("do it by the 10th of April")."""
    return word in MONTHS or bool(_NUMBER.fullmatch(word))


_OBJECT_PRONOUNS = frozenset(("it", "that", "this", "them", "those", "these"))

"""Split a transcript into sentences and clauses, keeping character offsets into the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import WEEKDAYS
from .lexicon import (
    ACTION_VERBS,
    ADVISING_VERBS,
    FEEDBACK_LABEL,
    HEADER_RE,
    LIST_LABEL,
    MEMO_FIELDS,
    REPORTING_VERBS,
    SECTION_LABELS,
    SPEECH_VERBS,
    alternation,
    list_label,
    word_set,
)
from .names import COMMON_WORDS

# Verbs that start a reported remark, and so a new clause: "... the demo she said it was clear" ("she asked
# for" or "he sent" do not: they are usually part of the clause before).
_SAYING = f"{REPORTING_VERBS}|{ADVISING_VERBS}|told"

# Spoken fillers: removed from item texts and before matching rules.
_FILLERS = re.compile(
    r"(?:(?<=^)|(?<=[\s,.;:!?]))(?:u+h+m*|u+m+|erm+|er|ah+|hmm+|mm+|you know|i mean|basically|literally)"
    r"(?=$|[\s,.;:!?])[,.]?",
    re.IGNORECASE,
)
# "like" is a filler only between commas or before an intensifier ("a lot, like really a lot").
_FILLER_LIKE = re.compile(
    r"(?:(?<=,)|(?<=^))\s*like\s*,|,\s*like(?=\s+(?:really|totally|super|so|just)\b)", re.IGNORECASE
)
# Quotation marks said aloud: "she said, quote, your design was rigorous, unquote". "Quote" opening a note's text
# is the mark ("send the revised, quote" or "the quote was high" is the noun and stays). Dropped from note texts
# only: the classifier was trained on clauses with them in.
SPOKEN_QUOTE = re.compile(
    r"^\s*(?:and\s+)?(?:i'm quoting|i am quoting|i quote|quote)\b\s*(?:[,:]|$)|[,\s]*\b(?:unquote|end quote)\b",
    re.IGNORECASE,
)
# "The, the weak part": a short word said twice.
_STUTTER = re.compile(r"\b(the|a|an|i|my|and|so|to|we|he|she|they|it|was|is)\b[,.]?\s+(?=\1\b)", re.IGNORECASE)
# A word or short phrase said three times or more in a row: a small speech model stuck in a loop
# ("Katnissen Katnissen Katnissen ..."), or "no, no, no": once is what was meant.
_LOOP = re.compile(r"\b([\w'’-]+(?:\s+[\w'’-]+){0,2}?)(?:[,.]?\s+\1\b){2,}", re.IGNORECASE)
_ABBREVIATIONS = re.compile(r"\b(?:mr|mrs|ms|dr|prof|st|vs|etc|e\.g|i\.e|inc|corp|ltd|co)\.$", re.IGNORECASE)

_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+|;")

# Fillers that may sit between a conjunction and the next clause ("and, uh, I guess ...").
_GAP = r"(?:[\s,]+(?:u+h+|u+m+|erm|er|ah|you know|like|well|okay|so)(?=[\s,]))*[\s,]+"
_WHEN = r"(?:tomorrow|today|tonight|later|then|this (?:evening|afternoon|morning|weekend)|next week)"
_TIME_LEAD = rf"(?:{_WHEN},?\s+)?"
_PRONOUN_SUBJECT = r"(?:i|i'm|i'll|i've|i'd|you|he|she|they|we|his|her|their|our|it|it's|that|there|the panel|the team)"
# "thank you" after "and" is nearly always a noun ("a short note and thank you"), not a new to-do.
_ACTION_BOUNDARY = re.compile(
    rf",?\s+\b(?:and|then|and then|and also)\b{_GAP}(?=(?:also\s+)?(?!thank you)(?:{ACTION_VERBS})\b)",
)
_BARE_VERB_BEFORE = re.compile(
    r"\b(?:to|'ll|’ll|will|gonna|should|must|i)\s+(?:reply|respond|write back|get back to (?:her|him|them)"
    r"|call (?:her|him|them) back|sign|print|scan|fill out|fill in|review|proofread|edit|finish|complete|update)$"
)
# Names of things made of "and" and a verb: "book a lunch and learn" is one to-do.
_AND_COMPOUND = re.compile(
    r"\b(?:lunch|test|show|click|meet|wait|trial|hit|cut|drag)\s+and\s+(?:learn|tell|collect|greet|see|error|run|paste"
    r"|drop)\b",
    re.IGNORECASE,
)
# Conjunctions that start a new clause (each part may carry its own sentiment).
_BOUNDARIES = [
    re.compile(r"[,;]?\s+\bbut\b[,]?\s*"),
    re.compile(r"[,;]?\s+\bhowever\b[,]?\s*"),
    re.compile(
        rf",?\s+\b(?:and|so|although|though|while|whereas|plus)\b{_GAP}(?=(?:then\s+|also\s+)*{_TIME_LEAD}{_PRONOUN_SUBJECT}\b)",
    ),
    re.compile(rf"\s+\band\b\s+(?=(?:also\s+)?(?:{SPEECH_VERBS})\b)"),
    _ACTION_BOUNDARY,
    re.compile(r",\s+(?=i\b)"),
    re.compile(r",?\s+\band\b,?\s+(?=(?:also\s+)?(?:remember|don't forget|do not forget|make sure)\b)"),
]
# After a "To do:" header, commas separate items: "negotiate the start date, ask for the offer".
_LIST_ITEM = re.compile(rf",\s+(?=(?:and\s+)?(?:also\s+)?(?:{ACTION_VERBS})\b)")

# Run-on speech with no punctuation: a new subject and verb starts a new clause ...
_RUN_ON = re.compile(
    rf"\s+(?=(?:so\s+|and\s+)?{_TIME_LEAD}(?:(?:i|she|he|they|we)'(?:m|ll|re|ve|d)\s+\w"
    r"|(?:the|her|his|their|my|one) (?:main |only |biggest |other )?(?:concern|issue|problem|sticking point|worry"
    r"|feedback|advice|tip|suggestion|downside|weakness|strength|highlight) (?:was|is)\b"
    # "... my demo the only thing she flagged was ...": a qualified "thing" starts a new remark.
    r"|(?:the|her|his|their|my) (?:(?:main|only|biggest|one|other|small|little|big|real|weak|sore|low|minor)\s+)+"
    r"(?:thing|things|note|point|part|area|spot|knock|gap|negative|question mark|hesitation|reservation|flag)"
    r"(?:\s+[\w']+){0,5}? (?:was|is|were)\b"
    # "... the orders doubled what he's not happy about is ...": a "what" clause naming a concern or a like.
    r"|what(?:'s|’s| is)? (?:(?:she|he|they)(?:'s|’s|'re|’re| is| are| was| were)? )?(?:really |still |most |not |un)?"
    r"(?:happy|unhappy|bugging|bothering|worrying|annoying|frustrating|thrilled|pleased|keen|loves?|likes?"
    r"|(?:doesn't|don't|didn't) (?:love|like))\b"
    # "... for the role raj said the panel liked ...": a one-word name and a speech verb.
    rf"|[a-z][a-z'’-]+ (?:{_SAYING})\b"
    r"|(?:i|she|he|they|we|the panel|the hiring (?:manager|team)|the team|the interviewers?|the recruiter)\s+"
    r"(?:said|told|felt|thought|mentioned|noted|liked|loved|enjoyed|suggested|recommended|advised|were|was|are"
    r"|haven't|hasn't|need|needs|should|will|want|guess|think|also|really|didn't|don't|still|might|would"
    r"|am|have to|got|went|sent)\b))",
)
# ... unless the previous word makes it a reported or subordinate clause ("she said they were").
_RUN_ON_GUARD = word_set(
    """
    that said says told tell me us her him them you think thought felt feel guess hope if when because so and
    but than whether what how why who which where since as until before after while though although know knew
    mean realized realised believe sure wish hear heard see saw suppose like once unless recommended suggested
    advised mentioned noted explained added maybe then just probably actually or worried glad afraid hoping
    thing things one stuff part way reason something everything anything nothing area areas point kind sort
    of by till from on in at for with
    """
)
_RUN_ON_MIN_WORDS = 16
# A contraction ("i'll", "she's") or a speaker and a speech verb is a strong sign of a new clause.
_RUN_ON_MIN_WORDS_STRONG = 10
_STRONG_START = re.compile(
    rf"(?:so\s+|and\s+)?(?:(?:i|she|he|they|we)'(?:m|ll|re|ve|d)\s|(?:she|he|they) (?:{_SAYING})\b)"
)
_SPEECH_START = re.compile(rf"(?:she|he|they) (?:{_SAYING})\b")
_SOFT_GUARD = word_set("before after then just actually maybe probably though")
_LEADING_JUNK = re.compile(
    r"^(?:(?:and|but|so|also|then|plus|oh|well|okay|ok|alright|right|yeah|now|anyway|first off|first up|first"
    r"|firstly|second|secondly|third|thirdly|finally|lastly|last thing|last of all|number \w+)\b[,:]?\s*)+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Clause:
    """A clause of the transcript: offsets into the original text plus a cleaned copy."""

    start: int
    end: int
    text: str
    sentence: int
    position: int  # index of the clause within its sentence
    header: bool = False  # the clause followed a "To do:" style header in its sentence or earlier
    hint: str | None = None  # the section of the dictated list it is an item of ("Bad: X, Y")


# Punctuation said aloud by someone dictating: "Role colon the backend job comma payments team full stop".
_SPOKEN_MARKS = {
    "comma": ",",
    "colon": ":",
    "semicolon": ";",
    "semi-colon": ";",
    "full stop": ".",
    "period": ".",
    "new line": ".",
    "new paragraph": ".",
    "question mark": "?",
}
# Every mark of the table but "period", which is a word too often ("trial period"): see _SPOKEN_PERIOD.
_SPOKEN_MARK = re.compile(
    rf"\s*\b({alternation('|'.join(word for word in _SPOKEN_MARKS if word != 'period'))})\b[,.]?", re.IGNORECASE
)
_SPOKEN_PERIOD = re.compile(r"\s*\bperiod\b[,.]?(?=\s+[A-Z])")  # "period" only before a new sentence
_DICTATED_MARKS = 2  # one "comma" may be a word ("the Oxford comma"); two are dictation


def spoken_punctuation(text: str, dictated: bool | None = None) -> str:
    """Turn punctuation said aloud into marks, when the memo was `dictated` that way ("full stop", "comma");
    by default, when it says at least two of them."""
    if dictated is None:
        dictated = len(_SPOKEN_MARK.findall(text)) >= _DICTATED_MARKS
    if not dictated:
        return text
    text = _SPOKEN_MARK.sub(lambda m: _SPOKEN_MARKS[re.sub(r"\s+", " ", m.group(1).lower())], text)
    text = _SPOKEN_PERIOD.sub(".", text)
    # A mark said at the start of a sentence, and the sentence after a full stop, read as written ones do.
    text = re.sub(r"([.?])\s*[,:;]", r"\1", text)
    return re.sub(r"([.?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def clean(text: str) -> str:
    """Strip spoken fillers and tidy whitespace and stray punctuation."""
    text = _FILLER_LIKE.sub(",", text)
    text = _FILLERS.sub("", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = _STUTTER.sub("", _LOOP.sub(r"\1", text))
    text = re.sub(r"\s+", " ", text).strip(" ,;:-")
    return _LEADING_JUNK.sub("", text).strip(" ,;:-")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of sentences, not splitting after abbreviations like "Dr."."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if _ABBREVIATIONS.search(text[start : match.end()]):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in spans) if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\r\n,;:-\"'":
        start += 1
    while end > start and text[end - 1] in " \t\r\n,;:-\"'":
        end -= 1
    return start, end


def _lower_same_length(text: str) -> str:
    """Lower-case text without changing any offsets (a few characters lengthen when lower-cased)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _header_cuts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return (cut, resume) pairs for "action items:" style headers inside a sentence."""
    return [(start + m.start(), start + m.end()) for m in HEADER_RE.finditer(text[start:end])]


def _boundary_cuts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = []
    for pattern in _BOUNDARIES:
        for match in pattern.finditer(text, start, end):
            if match.start() <= start:
                continue
            # "reply and thank her", "sign and return the offer": the first verb has no object of its own.
            before = max(start, match.start() - 40)
            if pattern is _ACTION_BOUNDARY and (
                _BARE_VERB_BEFORE.search(text, before, match.start())
                or _AND_COMPOUND.search(text, max(start, match.start() - 6), min(end, match.end() + 8))
            ):
                continue
            cuts.append((match.start(), match.end()))
    return cuts


def _run_on_cuts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut long unpunctuated clauses where a new subject and verb begin."""
    words = len(text[start:end].split())
    if words < _RUN_ON_MIN_WORDS_STRONG:
        return []
    cuts = []
    for m in _RUN_ON.finditer(text, start, end):
        if m.start() <= start:
            continue
        before = _last_words(text, start, m.start())
        named = _NAME_SPEECH.match(text, m.end())
        if named and not _is_named_speaker(named.group(1), before):
            continue
        if _ASIDE_SPEECH.match(text, m.end()):
            continue  # "the two new starters, she said, are too dependent on me": one remark, its speaker aside
        strong = named or _STRONG_START.match(text, m.end())
        if not strong and words < _RUN_ON_MIN_WORDS:
            continue
        last = before[-1] if before else ""
        if _RELATIVE_PERFECT.match(text, m.end()) and last not in ("and", "so", "but"):
            continue  # "the best score they'd had", "the clearest case study he'd seen": one remark
        # "... a big team before she suggested": an adverb, not a subordinate clause, ends before speech.
        if last not in _RUN_ON_GUARD or (last in _SOFT_GUARD and _SPEECH_START.match(text, m.end())):
            cuts.append((m.start(), m.end()))
    return cuts


# A speaker named between commas in the middle of a remark, its verb straight after.
_ASIDE_SPEECH = re.compile(
    rf"(?:[a-z][a-z'’-]+ )?(?:{_SAYING}),\s+(?:is|are|was|were|isn't|aren't|wasn't|weren't|has|have|had|hasn't|haven't"
    r"|needs?|could|would|should|will|won't|can|can't|looks?|looked|seems?|seemed|felt|feels)\b"
)


# "... they'd had", "... he'd ever seen": a relative clause with its "that" left out, not a new clause.
_RELATIVE_PERFECT = re.compile(
    r"(?:so\s+|and\s+)?(?:i|she|he|they|we)'(?:d|ve)\s+(?:(?:ever|actually|really|also|just|personally|honestly)\s+)?"
    r"(?:seen|had|heard|met|done|interviewed|worked|read|reviewed|received|come across|spoken|talked|got|gotten"
    r"|tested|hired|assessed|judged|marked|scored)\b"
)


_NAME_SPEECH = re.compile(rf"([a-z][a-z'’-]+) (?:{_SAYING})\b")
# Words before a noun that make "the client said" one phrase: never cut between them.
_DETERMINERS = word_set("the a an my our their his her its this that your some any every each no one")


def _is_named_speaker(word: str, previous: list[str]) -> bool:
    """ "sam said": a name-shaped word, not a pronoun, a determiner's noun or a common word, before speech.

    "my research process felt light": a word a determiner stands two words before is a noun, not a name."""
    if word in ("i", "she", "he", "they", "we"):
        return True
    return not _DETERMINERS.intersection(previous[-2:]) and word not in COMMON_WORDS and word not in _NOT_SUBJECT


# Lower-case words that can stand before "said" but are not names.
_NOT_SUBJECT = word_set(
    """
    everyone everybody someone somebody nobody anyone people team panel client clients customer manager boss
    recruiter interviewer interviewers director lead it what which who this that there here also who've
    """
)


def _last_words(text: str, start: int, end: int) -> list[str]:
    return [word.strip(",;:") for word in text[max(start, end - 40) : end].split()]


# "It was suggested that, going forward, I prepare ...": a lead-in that opens the rest of the sentence, not a
# clause of its own.
_FROM_NOW = r"(?:(?:it was|she|he|they) \w+ that,?\s+)(?:going forward|from now on|in future|in the future|next time)"
# "So, tomorrow, I'll call Marco": a time said before the clause belongs to it, and is no clause of its own.
_TIME_ONLY = re.compile(
    rf"(?:(?:so|and|then|okay|ok|um|uh|also)[,]?\s+)*(?:first thing |on |by )?(?:{_WHEN}|{_FROM_NOW}|(?:next |this )?"
    rf"(?:{'|'.join(WEEKDAYS)})(?: morning| afternoon| evening)?)[\s,]*"
)


def _apply_cuts(text: str, start: int, end: int, cuts: list[tuple[int, int]], keep: frozenset = frozenset()):
    """Cut [start, end) at the given (cut, resume) points; cuts in keep apply even after a lone word."""
    spans, cursor = [], start
    for cut, resume in sorted(cuts):
        # A lone word ("send and bring a note") is not a clause of its own, nor is a time said before one.
        too_short = len(text[cursor:cut].split()) == 1 or _TIME_ONLY.fullmatch(text, cursor, cut)
        if cut < cursor or (too_short and (cut, resume) not in keep):
            continue
        spans.append((cursor, cut))
        cursor = resume
    spans.append((cursor, end))
    return spans


@dataclass(frozen=True)
class _DictatedList:
    section: str
    start: int  # where the items begin, after the label


def _dictated_list(text: str, start: int, end: int) -> tuple[_DictatedList | None, list[tuple[int, int]]]:
    """A sentence opening with a list label ("Good: A, B"): the list, and cuts at its commas."""
    found = list_label(text[start:end])
    if found is None:
        return None, []
    section, offset = found
    items_start = start + offset
    cuts = [(start, items_start)]
    in_aside = False
    for match in _LIST_COMMA.finditer(text, items_start, end):
        # "send the quote, today": a part of a word or two says when, it is no item of its own.
        following = text[match.end() : end].split(",", 1)[0]
        # "ask Pablo, who works there, about the team": a relative clause (and what follows it) says more of the
        # item before it; so does an "if" clause.
        aside = bool(_RELATIVE.match(following))
        if len(following.split()) >= 3 and not aside and not in_aside:
            cuts.append((match.start(), match.end()))
        in_aside = aside
    return _DictatedList(section, items_start), cuts


_LIST_COMMA = re.compile(r"\s*[,;]\s+(?:and\s+)?")
_RELATIVE = re.compile(r"(?:who|whom|whose|which|where|if|whether|because)\b")


def _split_sentence(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None, _DictatedList | None]:
    """Split one sentence into clause spans; also return where a header ended, and the dictated list, if any."""
    dictated, list_cuts = _dictated_list(text, start, end)
    headers = _header_cuts(text, start, end)
    if dictated and dictated.section == "actions":
        headers = [(start, dictated.start)]
    header_end = headers[0][1] if headers else None
    cuts = _boundary_cuts(text, start, end) + headers + list_cuts
    if header_end is not None:
        cuts += [(m.start(), m.end()) for m in _LIST_ITEM.finditer(text, header_end, end)]
    spans = []
    for span_start, span_end in _apply_cuts(text, start, end, cuts, frozenset(headers + list_cuts)):
        spans += _apply_cuts(text, span_start, span_end, _run_on_cuts(text, span_start, span_end))
    return [span for span in (_trim(text, s, e) for s, e in spans) if span[1] > span[0]], header_end, dictated


# A part of a sentence between two punctuation marks, and the mark that ends it.
_PART = re.compile(r"(?:(?<=^)|(?<=[,.;?!]\s))(?P<part>[^,.;:?!\n]{1,60}?)(?P<mark>[,.?])(?=\s+\S)")
_LABEL_MAX_WORDS = 8
_FIELD = re.compile(rf"(?:{MEMO_FIELDS})\s*:")
# "..., which, good, 'cause I was worried", "the engineer, me, was described as": an aside, not a label.
_NOT_AFTER_LABEL = re.compile(r"\s*(?:'?cause|because|was|were|is|are)\b")
# "So for me, I'll send it": a whole clause follows, not a list of items, so the comma stays.
_SUBJECT_AFTER = re.compile(
    r"(?:[\s,]+(?:u+h+|u+m+|erm|er|ah|so|okay|ok|well|right)\b)*[\s,]*"
    r"(?:i|i'm|i'll|i've|i'd|he|she|they|we|he's|she's|they're|we're|we'll)\b"
)
# "Takeaways. One: ...": the next sentence has a label of its own.
_LABELLED_AFTER = re.compile(r"\s*[\w' -]{1,20}:")


def _is_spoken_label(part: str) -> bool:
    """Whether a part of a sentence is a whole label ("negatives", "his tips", "things to do", "outcome")."""
    labelled = _as_label(part)
    patterns = (LIST_LABEL, HEADER_RE, FEEDBACK_LABEL, _FIELD, *SECTION_LABELS.values())
    return bool(labelled) and any(_whole(pattern, labelled) for pattern in patterns)


def _is_feedback_label(part: str) -> bool:
    """Whether a part is a label of a note section ("what went well", "areas to improve"), not of to-dos."""
    labelled = _as_label(part)
    found = list_label(labelled) if labelled and _whole(LIST_LABEL, labelled) else None
    sections = SECTION_LABELS.values()
    return bool(labelled) and (
        (found is not None and found[0] != "actions") or any(_whole(p, labelled) for p in sections)
    )


def _as_label(part: str) -> str:
    part = _LEADING_JUNK.sub("", part.strip())
    return part + ":" if part and len(part.split()) <= _LABEL_MAX_WORDS else ""


def _whole(pattern: re.Pattern[str], text: str) -> bool:
    match = pattern.match(text)
    return bool(match) and match.end() == len(text)


def _comma_before(lowered: str, start: int) -> int | None:
    """Where the comma before a part is, unless the part before it is only "so" or "okay"."""
    index = start - 1
    while index >= 0 and lowered[index].isspace():
        index -= 1
    if index < 0 or lowered[index] not in ",;":
        return None
    previous_start = max(lowered.rfind(mark, 0, index) for mark in ",.;:?!\n") + 1
    return index if _LEADING_JUNK.sub("", lowered[previous_start:index].strip()) else None


def restore_spoken_labels(text: str) -> str:
    """Give spoken labels back the colon a speech model wrote as a comma or a full stop, and start a sentence
    at each: "the demo, negatives, the fee, actions, send it" -> "the demo. negatives: the fee. actions: send it".

    The result has the same length as text, so offsets into it are offsets into the transcript."""
    lowered = _lower_same_length(text)
    chars = list(text)
    for match in _PART.finditer(lowered):
        if not _is_spoken_label(match.group("part")) or _NOT_AFTER_LABEL.match(lowered, match.end()):
            continue
        after = match.end()
        # "What went well? She said ...": a label said as a sentence of its own sorts the next one. (A to-do
        # header said so already holds for the sentences after it.)
        if match.group("mark") != "," and (
            _LABELLED_AFTER.match(lowered, after) or not _is_feedback_label(match.group("part"))
        ):
            continue
        if match.group("mark") != "," or not _SUBJECT_AFTER.match(lowered, after):
            chars[match.end("part")] = ":"
        comma = _comma_before(lowered, match.start())
        if comma is not None:
            chars[comma] = "."
    # "..., so quickly, actions: send Sana my CV": a label with its colon said mid-sentence starts a sentence too.
    for match in _COLON_LABEL.finditer(lowered):
        comma = _comma_before(lowered, match.start()) if _is_spoken_label(match.group("part")) else None
        if comma is not None:
            chars[comma] = "."
    return "".join(chars)


_COLON_LABEL = re.compile(r"(?<=[,;]\s)(?P<part>[^,.;:?!\n]{1,40}?):")


def split_clauses(text: str) -> list[Clause]:
    """Split text into clauses with offsets, marking clauses that follow a to-do header."""
    clauses: list[Clause] = []
    in_header = False
    text = restore_spoken_labels(text)
    # Cut points are found on a lower-cased copy: matching without IGNORECASE is much faster.
    lowered = _lower_same_length(text)
    for index, (start, end) in enumerate(sentence_spans(text)):
        spans, header_end, dictated = _split_sentence(lowered, start, end)
        position = 0
        for clause_start, clause_end in spans:
            if header_end is not None and clause_start >= header_end:
                in_header = True
            cleaned = clean(text[clause_start:clause_end])
            if not cleaned:
                continue
            hint = dictated.section if dictated and clause_start >= dictated.start else None
            clauses.append(Clause(clause_start, clause_end, cleaned, index, position, in_header, hint))
            position += 1
        # A header alone ("Action items.") still applies to the sentences after it.
        in_header = in_header or header_end is not None
    return clauses

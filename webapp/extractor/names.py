"""Find the contact (person who gave feedback), the company and the role in a memo."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import MONTHS, WEEKDAYS
from .lexicon import word_set

# Capitalised words that start sentences or name titles, never people or companies.
COMMON_WORDS = (
    word_set(
        """
    a about action actually after all also although an and annual another any anyway apparently are as asked at
    bad basically because before besides big both but by call called ceo cfo company coo cto daily dear director
    do dr during each email engineer every feedback final finally first follow for fortunately from good got
    great had he he'll head hello her here hey hi hiring his honestly how however hr i i'd i'll i'm i've if in
    interview interviews is it it's items its job junior just lastly later lead let let's luckily manager many
    maybe meanwhile memo monthly more most mr mrs ms my new news next nice no not note now of offer oh ok okay
    old on one or other otherwise our overall panel position prof quarterly quick rating really recruiter
    remember reminder right role round sadly said salary says second send senior she she'll small so some spoke
    step steps still sure talked team tell that that's the their then there there's these they they'll they're
    thing things third this those though three to today todo told tomorrow tonight two uh um unfortunately
    update vp was we we'll we're weekly well went were what when where which while who why with yeah yes
    yesterday you
    """
    )
    | set(WEEKDAYS)
    | set(MONTHS)
)

_COMPANY_SUFFIXES = word_set(
    """
    ag agency ai airlines airways analytics associates bank bio biotech capital clinic co co. college companies
    company consultants consulting corp corp. corporation digital dynamics energy enterprise enterprises
    financial foods foundation games global gmbh group health healthcare holdings hospital inc inc. incorporated
    industries industry institute insurance international lab labs limited llc logistics ltd ltd. media medical
    motors network networks partners pharma pharmaceuticals plc retail robotics sa services software solutions
    studio studios systems tech technologies technology university ventures works
    """
)

_TITLE_WORDS = (
    r"manager|recruiter|director|lead|partner|head|vp|officer|engineer|ceo|cto|founder|coordinator|specialist"
    r"|interviewer|representative|consultant|owner|president|executive|hr|talent|people|sourcer|supervisor"
    r"|boss|mentor|client|customer|contact|counterpart|sponsor|stakeholder"
)

_TOKEN = re.compile(r"[A-Z][\w'’\-]*|&|de|van|von|da|del|di|le|la|bin|al")
# "of" is left out: "Marco Rossi of Vela Robotics" is two names, which matters more than "Bank of America".
_PARTICLES = {"&", "de", "van", "von", "da", "del", "di", "le", "la", "bin", "al"}

_PERSON_BEFORE = re.compile(
    r"(?:\bwith|\bcalled|\bcall from|\bspoke to|\bspoke with|\btalked to|\btalked with|\bspeaking with|\bnamed"
    rf"|\bmet|\bmet with|\bchat with|\bfeedback from|\bheard (?:back )?from|\bhung up with|\bthat was|\bit was"
    rf"|\b(?:{_TITLE_WORDS}),?)\s+$",
    re.IGNORECASE,
)
_WEAK_PERSON_BEFORE = re.compile(r"\b(?:from|to|by|and|ask|email|thank|send)\s+$", re.IGNORECASE)
_PERSON_AFTER = re.compile(
    rf"^(?:\s*,\s*(?:the|a|an|our|my|their)?\s*(?:[\w-]+\s+){{0,3}}(?:{_TITLE_WORDS})\b"
    r"|\s+(?:at|from)\s+[A-Za-z]"
    r"|\s+(?:called|rang|phoned|emailed|reached out|got back))",
    re.IGNORECASE,
)
_SPEAKER_AFTER = re.compile(
    r"^\s+(?:also\s+|did\s+|then\s+)?(?:said|says|told|mentioned|suggested|recommended|thinks|thought|felt|explained"
    r"|asked|was|is|sent|noted|added|liked|loved)\b",
    re.IGNORECASE,
)
_COMPANY_BEFORE = re.compile(
    r"(?:\bat|\bjoin|\bjoined|\bjoining|\bapplied to|\binterview at|\binterviewing at|\bwork at|\bworking at"
    r"|\bwork for|\bbrand)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_WEAK_COMPANY_BEFORE = re.compile(r"\b(?:from|for|with|of)\s+(?:the\s+)?$", re.IGNORECASE)
_COMPANY_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:recruiter|team|hiring|hr|office|people|talent)\b", re.IGNORECASE)


# Through an agency the job is at the agency's client: "feedback from the client, Meridian Insurance".
_CLIENT_BEFORE = re.compile(r"\b(?:the|their|his|her|our) client(?:'s| company| is)?,?\s+(?:is\s+)?$", re.IGNORECASE)


@dataclass
class Candidate:
    """A run of capitalised words that may name a person or a company."""

    text: str
    start: int
    end: int
    person: int = 0
    company: int = 0


def _is_name_token(token: str) -> bool:
    return token.lower().strip("'’") not in COMMON_WORDS


def _candidates(text: str) -> list[Candidate]:
    """Collect runs of capitalised words (allowing particles such as "of" and "&" inside)."""
    found: list[Candidate] = []
    run: list[re.Match[str]] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        gap = text[run[-1].end() : match.start()] if run else ""
        joined = bool(run) and gap == " "
        if token in _PARTICLES:
            if joined:
                run.append(match)
            else:
                _flush(text, run, found)
                run = []
            continue
        if not token[0].isupper() or not _is_name_token(token):
            _flush(text, run, found)
            run = []
            continue
        if not joined:
            _flush(text, run, found)
            run = []
        run.append(match)
    _flush(text, run, found)
    return found


def _flush(text: str, run: list[re.Match[str]], found: list[Candidate]) -> None:
    while run and run[-1].group(0) in _PARTICLES:
        run = run[:-1]
    if run:
        found.append(Candidate(text[run[0].start() : run[-1].end()], run[0].start(), run[-1].end()))


def _score(text: str, candidate: Candidate, all_text_tokens: list[str]) -> None:
    before, after = text[max(0, candidate.start - 30) : candidate.start], text[candidate.end : candidate.end + 60]
    words = candidate.text.split()
    has_suffix = words[-1].lower().strip(".,") in _COMPANY_SUFFIXES
    candidate.person += 3 * bool(_PERSON_BEFORE.search(before)) + bool(_WEAK_PERSON_BEFORE.search(before))
    candidate.person += 3 * bool(_PERSON_AFTER.search(after)) + 2 * bool(_SPEAKER_AFTER.search(after))
    candidate.person += 2 * (all_text_tokens.count(words[0]) > 1) + (2 <= len(words) <= 3)
    candidate.person -= 6 * has_suffix
    candidate.company += 3 * bool(_COMPANY_BEFORE.search(before)) + 2 * bool(_WEAK_COMPANY_BEFORE.search(before))
    candidate.company += 3 * bool(_COMPANY_AFTER.search(after)) + 4 * has_suffix
    candidate.company += 5 * bool(_CLIENT_BEFORE.search(before))


def find_people_and_companies(text: str) -> tuple[str | None, str | None]:
    """Return (contact, company) guessed from capitalised names and the words around them."""
    candidates = _candidates(text)
    tokens = re.findall(r"[\w'’-]+", text)
    for candidate in candidates:
        _score(text, candidate, tokens)
    person = _pick_person(candidates)
    if person is not None:
        _boost_affiliation(text, person, candidates)
    company = _pick_company(candidates, person)
    if person is None:
        person = _lowercase_person(text)
    if company is None:
        company = _lowercase_company(text, person)
    return (person.text if isinstance(person, Candidate) else person), (
        company.text if isinstance(company, Candidate) else company
    )


def _boost_affiliation(text: str, person: Candidate, candidates: list[Candidate]) -> None:
    """ "Lisa Park from Hooli", "Tom at Initech": the name right after the person is their company."""
    for candidate in candidates:
        between = text[person.end : candidate.start]
        if candidate.start > person.end and re.fullmatch(r"\s*,?\s*(?:from|at|of|with)\s+(?:the\s+)?", between):
            candidate.company += 4


def _pick_person(candidates: list[Candidate]) -> Candidate | None:
    people = [c for c in candidates if c.person >= 3 and c.person > c.company]
    return max(people, key=lambda c: (c.person, len(c.text.split()), -c.start), default=None)


def _pick_company(candidates: list[Candidate], person: Candidate | None) -> Candidate | None:
    person_words = set(person.text.split()) if person else set()
    companies = [
        c
        for c in candidates
        if c.company >= 2 and c is not person and not (set(c.text.split()) & person_words) and c.company >= c.person
    ]
    return max(companies, key=lambda c: (c.company, -c.start), default=None)


_LOWER_PERSON = re.compile(
    r"\b(?:call with|call from|spoke with|spoke to|speaking with|talked to|talked with|talking with|chat with"
    r"|chatted with|feedback from|heard (?:back )?from|hung up with|off the phone with|off (?:a|the) call with"
    r"|meeting with|one on one with|check-?in with|that was|this was|was with|recruiter|called|phone with"
    r"|(?:my|our|the) (?:manager|boss|team lead|lead|supervisor|client|mentor|recruiter|director),?)"
    r"\s+([a-z][a-z'’-]+(?:\s+[a-z][a-z'’-]+)?)\s*(?=,|\.|$|\s(?:at|from|of|who|who's|the|about|for|she|he|and"
    r"|regarding|today|over|on|in|she's|he's|my|to|gave|called|said)\b)",
)
# Words that follow "talked to" but are not a name.
_NOT_NAME = word_set(
    """
    someone somebody anyone everyone him her them me us you the a an my our their his its this that recruiter
    manager boss client lead director hiring team panel company office hr people back again briefly later earlier
    over up about from at with was is were are be been just really very quite finally actually here there
    """
)
_LOWER_COMPANY = re.compile(
    r"\bat\s+((?:the\s+)?[a-z][\w&'’-]*(?:\s+[a-z][\w&'’-]*){0,2}?)\s*(?=[,.;!?]|\s+(?:about|for|regarding|today|this|"
    r"yesterday|and|who|where)\b|$)",
)
_LOWER_STOP = (
    r"(?:about|for|regarding|re|on|the|to|and|she|he|they|i|um|uh|who|this|today|yesterday|called|said|is|was"
    r"|a|an|in|with|after|before|today|so|but)\b"
)
_NOT_COMPANY_START = re.compile(
    r"^(?:the )?(?:end|start|beginning|least|most|first|time|all|home|work|some|one|this|that|my|least)\b"
)


def _lowercase_person(text: str) -> str | None:
    for match in _LOWER_PERSON.finditer(text):
        words = match.group(1).split()
        while words and (words[-1] in COMMON_WORDS or words[-1] in _NOT_NAME):
            words.pop()
        if words and not any(w in COMMON_WORDS or w in _NOT_NAME for w in words):
            return " ".join(words).title()
    return None


def _lowercase_company(text: str, person: Candidate | str | None) -> str | None:
    name = person.text if isinstance(person, Candidate) else person
    if name:
        after = re.search(
            rf"{re.escape(name)}\s*,?\s+(?:from|at|of)\s+((?:(?!{_LOWER_STOP})[\w&'’-]+\s*){{1,3}})",
            text,
            re.IGNORECASE,
        )
        if after:
            return after.group(1).strip()
    for match in _LOWER_COMPANY.finditer(text):
        name = match.group(1)
        if _NOT_COMPANY_START.match(name) or name.split()[-1] in COMMON_WORDS:
            continue
        return re.sub(r"^(?:the|an?) ", "", name)
    return None


_ROLE_STOP = r"(?!(?:for|the|a|an|to|with|at|about|in|on|and|my|their|this|that|from|me|it|is|was)\b)"
_ROLE_HEAD = (
    rf"\b(?:the|a|an|my|this|that|their)\s+"
    rf"((?:{_ROLE_STOP}[a-z][\w/+#.-]*\s+){{0,4}}?{_ROLE_STOP}[a-z][\w/+#.-]*)"
)
_ROLE = re.compile(_ROLE_HEAD + r"\s+(?:role|position|job|opening|post|vacancy|opportunity|roll)\b", re.IGNORECASE)
# "the claims manager interview": weaker, used only when no role noun is said.
_ROLE_INTERVIEW = re.compile(_ROLE_HEAD + r"\s+interview\b", re.IGNORECASE)
_ROLE_AS = re.compile(
    r"\bas (?:a|an)\s+((?:[a-z][\w-]*\s+){0,3}?(?:engineer|developer|designer|manager|analyst|"
    r"scientist|consultant|nurse|teacher|accountant|architect|lead|director|specialist|"
    r"coordinator|associate|assistant|officer|administrator|representative|executive))\b",
    re.IGNORECASE,
)
_NOT_ROLE_WORDS = {"same", "other", "another", "new", "next", "this", "that", "whole", "first", "second", "final"}
# Kinds of interview, not jobs: "the phone interview", "the final round interview".
_INTERVIEW_KINDS = word_set(
    """
    phone video zoom teams technical tech panel onsite on-site in-person person virtual remote online case coding
    behavioural behavioral group screening screen initial third last follow-up followup round stage hr culture
    fit mock practice job informal formal exit one two three day morning afternoon recent previous last week's
    yesterday's today's actual whole
    """
)


def find_role(text: str) -> str | None:
    """Return the role discussed ("senior sales", "backend engineer"), or None."""
    for pattern in (_ROLE, _ROLE_AS, _ROLE_INTERVIEW):
        for match in pattern.finditer(text):
            role = match.group(1).strip()
            words = role.lower().split()
            if match.group(0).lower().endswith("interview") and set(words) & _INTERVIEW_KINDS:
                continue
            if (
                words
                and not (set(words) & _NOT_ROLE_WORDS)
                and words[0] not in COMMON_WORDS - {"senior", "junior", "lead"}
            ):
                return role
    return None

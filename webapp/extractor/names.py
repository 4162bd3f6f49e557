"""Find the contact (person who gave feedback), the company and the role in a memo."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import MONTHS, WEEKDAYS
from .lexicon import SPEECH_VERBS, word_set

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
    academy aerospace architects automotive bakery bancorp brewery builders centre center chemicals clinics
    collective communications construction cooperative credit dental devices diagnostics distribution education
    electric electronics engineering entertainment fitness freight genomics hospitality hotels instruments
    investments learning library libraries manufacturing mortgage museum pharmacy press properties property
    publishing realty recruiting recruitment resorts restaurants school schools sciences search security staffing
    talent telecom therapeutics union utilities winery
    """
)
# Names of recruitment agencies: when the memo also names the client, the job is at the client.
_AGENCY_WORDS = word_set(
    "staffing recruiting recruitment talent search headhunters placement placements resourcing agency"
)
_AGENCY_AFTER = re.compile(r"^,?\s+(?:the|a|an|my|our)\s+(?:recruitment\s+|staffing\s+|talent\s+)?agency\b", re.I)

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
    r"|\s+(?:just\s+)?(?:called|rang|phoned|emailed|texted|messaged|reached out|got back|left me|sent me|wrote))",
    re.IGNORECASE,
)
_SPEAKER_AFTER = re.compile(
    rf"^,?\s+(?:also\s+|did\s+|then\s+)?(?:{SPEECH_VERBS}|told|was|is|liked|loved)\b",
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
    _affiliated(text, candidates)
    person = _pick_person(candidates)
    if person is not None:
        _boost_affiliation(text, person, candidates)
        person = _full_name(person, candidates)
    _discount_agencies(text, candidates, person)
    company = _pick_company(candidates, person)
    if person is None:
        person = _lowercase_person(text)
    if company is None:
        company = _lowercase_company(text, person)
    return (person.text if isinstance(person, Candidate) else person), (
        company.text if isinstance(company, Candidate) else company
    )


def _boost_affiliation(text: str, person: Candidate, candidates: list[Candidate]) -> None:
    """ "Dana Reyes from Quillmark", "Tom at Brightwater": the name right after the person is their company."""
    for candidate in candidates:
        between = text[person.end : candidate.start]
        if candidate.start > person.end and re.fullmatch(r"\s*,?\s*(?:from|at|of|with)\s+(?:the\s+)?", between):
            candidate.company += 4


def _affiliated(text: str, candidates: list[Candidate]) -> None:
    """ "Ana Ruiz from Birchwood Schools emailed": the second name is the first one's company, not a person."""
    for first, second in zip(candidates, candidates[1:], strict=False):
        between = text[first.end : second.start]
        if re.fullmatch(r"\s*,?\s*(?:from|at|of|with)\s+(?:the\s+)?", between) and (
            first.person >= 3 or len(first.text.split()) >= 2
        ):
            second.person -= 3
            second.company += 1


def _full_name(person: Candidate, candidates: list[Candidate]) -> Candidate:
    """ "Omar, my manager ... Omar Farouk": a later full name that starts with the first name wins."""
    words = person.text.split()
    longer = [
        c
        for c in candidates
        if c is not person
        and len(c.text.split()) == len(words) + 1
        and c.text.split()[: len(words)] == words
        and c.company <= c.person + 2
        and c.text.split()[-1].lower() not in _COMPANY_SUFFIXES
    ]
    return longer[0] if longer else person


def _discount_agencies(text: str, candidates: list[Candidate], person: Candidate | None) -> None:
    """A recruitment agency is not the company when the memo also names another company (its client)."""
    agencies = [
        c
        for c in candidates
        if c is not person
        and ({w.lower() for w in c.text.split()} & _AGENCY_WORDS or _AGENCY_AFTER.match(text[c.end : c.end + 40]))
    ]
    if any(c.company >= 2 and c not in agencies and c is not person for c in candidates if c.company > c.person):
        for agency in agencies:
            agency.company -= 6


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
    r"|review with|catch-?up with|sync with|session with|lunch with|coffee with|zoom with|teams with|call from"
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


_NAME = r"[a-z][a-z'’-]+"
# Lower-case words that patterns may catch in a name's place: verbs, titles, people who are not names.
_NOT_NAME_WORDS = (
    COMMON_WORDS
    | _NOT_NAME
    | word_set(
        """
    called rang phoned emailed texted messaged wrote replied got left sent reached said says thinks told asked
    person guy lady woman man rep representative coordinator assistant partner agency firm department talent
    hiring staff everyone nobody customer founder owner ceo cto vp sourcer interviewer committee board group
    mom dad mother father friend wife husband sister brother colleague coworker mentor team lead head
    whole new same other last next gonna wanna kind sort bit lot thing things stuff
    """
    )
    | set(_TITLE_WORDS.split("|"))
)
_CONTACT_VERB = (
    r"(?:just\s+|finally\s+)?(?:called|rang|phoned|emailed|texted|messaged|got back|reached out|left me|sent me|wrote"
    r"|replied)\b"
)
# "lena ortiz emailed and then called", "raj mehta from acme got back to me".
_LOWER_NAME_VERB = re.compile(
    rf"(?=(?P<start>(?:^|[.!?,]\s*|\b(?:so|ok|okay|yeah|well|and|right|alright|news|hey|oh)\s+))?"
    rf"\b(?P<first>{_NAME})(?: (?P<last>{_NAME}))?,?\s+(?:the (?:{_TITLE_WORDS})\s+)?"
    rf"(?:(?:from|at|over at|with)\s+(?:[\w&'’-]+\s+){{1,3}}?)?{_CONTACT_VERB})"
)
_SUFFIX_ALT = "|".join(sorted((re.escape(w) for w in _COMPANY_SUFFIXES if not w.endswith(".")), key=len, reverse=True))
# "the recruiter from acme energy lena ortiz said": a company ended by its suffix, then the person.
_LOWER_TITLE_COMPANY_NAME = re.compile(
    rf"\b(?:{_TITLE_WORDS}|she's|he's|she is|he is)\s+(?:from|at|over at|with)\s+(?:the\s+)?"
    rf"((?:[\w&'’-]+\s+){{0,2}}?(?:{_SUFFIX_ALT}))"
    rf"\s+({_NAME})(?:\s+({_NAME}))?(?=\s+(?:she|he|who|about|for|and|said|says|called|is|was|she's|he's)\b|[,.]|$)"
)
# Through an agency the job is at the client: "the client acme insurance", "he's placing me at initech".
_LOWER_CLIENT = re.compile(
    r"\b(?:(?:the|their|his|her|our) client(?: company)?,?\s+(?:is\s+)?|placing me (?:at|with)\s+"
    r"|(?:submitted|put) me (?:forward )?(?:to|for|with)\s+)(?=[a-z])"
)
_LOWER_ANY_SUFFIX = re.compile(
    rf"\b(?:from|at|with|over at)\s+(?:the\s+)?((?:[\w&'’-]+\s+){{1,2}}?(?:{_SUFFIX_ALT}))\b"
)
_COMPANY_STOP = word_set(
    """
    wants want wanted liked loved likes loves said says passed decided went is was has had would will thinks
    thought felt asked offered rejected called emailed rang texted got gave and but who where which that about
    for regarding on to in with after before so she he they i we it um uh today yesterday this the a an my
    their his her our says who's she's he's they're just
    """
)


def _name_shaped(*words: str) -> bool:
    return all(len(w) >= 2 and w not in _NOT_NAME_WORDS and w not in _COMPANY_SUFFIXES for w in words)


def _with_surname(name: str, text: str) -> str:
    """ "lena ... lena ortiz": a first name said again with a surname gives the full name."""
    if " " in name:
        return name
    for match in re.finditer(rf"\b{re.escape(name.lower())} ({_NAME})\b", text.lower()):
        if _name_shaped(match.group(1)):
            return f"{name} {match.group(1).title()}"
    return name


def _lowercase_person(text: str) -> str | None:
    for match in _LOWER_PERSON.finditer(text):
        words = match.group(1).split()
        while words and not _name_shaped(words[-1]):
            words.pop()
        if words and _name_shaped(*words):
            return _with_surname(" ".join(words).title(), text)
    lowered = text.lower()
    for match in _LOWER_NAME_VERB.finditer(lowered):
        words = [w for w in match.group("first", "last") if w]
        # A lone first name needs a clear start before it: "ok so dana from acme called".
        if _name_shaped(*words) and (len(words) == 2 or match.group("start") is not None):
            return _with_surname(" ".join(words).title(), text)
    for match in _LOWER_TITLE_COMPANY_NAME.finditer(lowered):
        words = [w for w in match.groups()[1:] if w]
        while words and not _name_shaped(words[-1]):
            words.pop()
        if words and _name_shaped(*words):
            return _with_surname(" ".join(words).title(), text)
    return None


def _company_words(text: str, start: int) -> str | None:
    """Up to four words from start naming a company: through its suffix ("x y insurance"), or up to a stop word."""
    words: list[str] = []
    for word in re.findall(r"[\w&'’-]+", text[start : start + 80]):
        low = word.lower()
        if low in _COMPANY_SUFFIXES and words:
            words.append(word)
            continue
        if words and words[-1].lower() in _COMPANY_SUFFIXES:
            break
        if low in _COMPANY_STOP or low in COMMON_WORDS or len(words) == 3:
            break
        words.append(word)
    name = " ".join(words)
    if not words or _NOT_COMPANY_START.match(name.lower()):
        return None
    return name


def _is_agency(name: str) -> bool:
    return bool(set(name.lower().split()) & _AGENCY_WORDS)


def _lowercase_company(text: str, person: Candidate | str | None) -> str | None:
    lowered = text.lower()
    for match in _LOWER_CLIENT.finditer(lowered):
        client = _company_words(text, match.end())
        if client:
            return client
    for match in _LOWER_TITLE_COMPANY_NAME.finditer(lowered):
        return text[match.start(1) : match.end(1)]
    found = None
    name = person.text if isinstance(person, Candidate) else person
    if name:
        for first in {name, name.split()[0]}:
            after = re.search(rf"\b{re.escape(first)}\s*,?\s+(?:from|at|of|with)\s+(?:the\s+)?", text, re.IGNORECASE)
            if after:
                found = _company_words(text, after.end())
                if found:
                    break
    if found and not _is_agency(found):
        return found
    for match in _LOWER_ANY_SUFFIX.finditer(lowered):
        candidate = text[match.start(1) : match.end(1)]
        if (
            not _NOT_COMPANY_START.match(candidate.lower())
            and not (found and _is_agency(candidate))
            and not (set(candidate.lower().split()) & _COMPANY_STOP)
        ):
            return candidate
    if found:
        return found
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

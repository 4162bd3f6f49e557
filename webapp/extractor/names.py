"""Find the contact (person who gave feedback), the company and the role in a memo.

Runs of capitalised words are candidates, each scored as a person and as a company from the words around it.
Then: a name the speaker takes back ("Tolu — no, not Tolu, it was Temitope", "Dana, sorry, Diana") hands its
evidence to the name that replaces it; the mentions of one person (a first name, "Mr. Bakare", the full name)
count together; a header ("Call w/ Lucy Tran, Tran & Co Accountants.") names both; the employer named for the
job ("the analyst role at Halcyon Health", "the Shopify role") or the client of the work ("we pitched the app
to Verde Foods") wins over the recruiter's agency and the speaker's own company ("I'm calling from Brightside"),
and another company's process ("I have another interview at Domstadt Re") names no company. A word that is also
a first name ("May", "Will", "Grace") is a name before a surname or a speech verb.

As a small speech model hears a memo, lead-ins and capitals get lost: a name said twice in a row ("Rachel,
Rachel Dunmore"), a name the memo keeps coming back to, or its only full name still marks the person; a company's
suffix heard in lower case ("Corvus construction", "meridian care homes" after the contact) still marks a company.

The role is the job discussed, a company's name before it left out; with no job, in a call about work sold, the
client contact's own title ("Raj Kapoor, finance director, Sterling Print").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .dates import MONTHS, NUMBER_WORDS, WEEKDAYS
from .lexicon import (
    ACQUAINTANCE,
    CALL_NOUNS,
    HONORIFICS,
    JOB_NOUNS,
    NAME_LIKE_WORDS,
    SELF_CORRECTION,
    SPEECH_VERBS,
    word_set,
)

# Capitalised words that start sentences or name titles, never people or companies.
COMMON_WORDS = (
    word_set(
        """
    a about action actually after all also although an and annual another any anyway apparently are as asked at
    bad basically because before besides rang phoned emailed texted big both but by call called ceo cfo company coo
    cto daily dear director
    do dr during each email engineer every feedback final finally first follow for fortunately from good got
    great had he he'll head hello her here hey hi hiring his honestly how however hr i i'd i'll i'm i've if in
    interview interviews is it it's items its job junior just lastly later lead let let's luckily manager many
    maybe meanwhile memo met monthly more most mr mrs ms my new news next nice no not note now of offer oh ok okay
    old on one or other otherwise our overall panel position prof quarterly quick rating really recruiter
    remember reminder right role round sadly said salary says second send senior she she'll small so some spoke
    step steps still sure talked team tell that that's the their then there there's these they they'll they're
    thing things third this those though three to today todo told tomorrow tonight two uh um unfortunately
    update vp was we we'll we're weekly well went were what when where which while who why with yeah yes
    yesterday you
    """
    )
    | set(WEEKDAYS)
    | {f"{day}s" for day in WEEKDAYS}  # "for Tuesdays and Wednesdays"
    | set(MONTHS)
)
# Capitalised words that are never a name here, beyond COMMON_WORDS: memo labels, titles, holidays, regions.
_NOT_NAMES = (
    COMMON_WORDS
    | HONORIFICS
    | word_set(
        """
    notes summary recap debrief sales proposal pitch contact outcome status result verdict decision strengths
    concerns praise criticism objections issue issues concern advice actions tip tips product pilot good bad
    liked next-steps to-dos to-do christmas diwali easter thanksgiving eid ramadan halloween hanukkah apac emea
    md gm ops coo cmo cio cso cpo evp svp
    latam apac emea amer nordics dach mena
    ccnp ccna cissp cpa cfa acca cima pmp aws gcp sql crm erp sap hse kpi kpis roi okr okrs ifrs gaap api ui ux qa
    seo ppc b2b b2c saas cro sow po rfp rfq nda pci devops cpf epf dbs pvg ga4 bi etl sre llm nlp gdpr iso
    english british american irish scottish welsh australian canadian indian filipino spanish french german italian
    chinese japanese korean nigerian ghanaian kenyan polish portuguese dutch arabic mandarin cantonese hindi tagalog
    european asian african agent uk us usa eu uae
    """
    )
)

# Departments and functions, capitalised in titles ("Head of People"): not companies.
_DEPARTMENTS = word_set(
    """
    people digital marketing sales finance operations ops engineering product design data strategy technology
    talent growth membership procurement risk credit compliance legal it research development communications
    comms brand content analytics partnerships customer success support service services retail commercial
    """
)

# Words before a job noun in a title: "General Counsel", "Managing Director", "Senior Talent Partner".
_TITLE_MODIFIERS = word_set(
    "general senior junior chief head managing deputy assistant executive principal lead associate vice regional"
    " national global acting interim operating financial technical information medical nursing clinical revenue"
    " security"
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
    accountants agents agricultural apps brands brewing builders care cafe coffee consultancy council dairies
    dairy distillery estates events farms gallery garage gyms homes housing joinery kitchens legal marine
    microfinance nurseries opticians outdoor outfitters plumbing print printing produce pubs salon shipping
    shipyards society solicitors sports steel storage surveys textiles theatre tiles transit trust veterinary
    versicherung vets machinery supplies rail county cloud mutual
    casting lines hospice juniors chain
    farm brothers bros sons daughters
    club hotel inn fc courier couriers restaurant lodge lettings management
    """
)
# Names of recruitment agencies: when the memo also names the client, the job is at the client.
_AGENCY_WORDS = word_set(
    "staffing recruiting recruitment recruiters talent search headhunters placement placements resourcing agency"
)
# ", the agency out of Omaha" names a firm; ", the agency recruiter" names a person.
_AGENCY_AFTER = re.compile(
    r"^,?\s+(?:the|a|an|my|our)\s+(?:[\w-]+\s+){0,2}?agency\b"
    r"(?!\s+(?:recruiter|rep|contact|person|guy|girl|woman|lady|man|consultant|partner|headhunter|side)\b)",
    re.I,
)

# Words naming someone by what they are to the speaker or at work: job titles, and "boss", "client", "mentor".
_TITLE_WORDS = "|".join(
    sorted(
        JOB_NOUNS
        | word_set(
            "interviewer representative hr talent people sourcer boss mentor client customer contact counterpart"
            " sponsor stakeholder"
        ),
        key=len,
        reverse=True,
    )
)

_TOKEN = re.compile(r"[A-Z][\w'’\-]*|&|\b(?:de|van|von|da|del|di|le|la|bin|al)\b|\b\d{1,4}\b")
# "of" is left out: "Marco Rossi of Vela Robotics" is two names, which matters more than "Bank of America".
_PARTICLES = {"&", "de", "van", "von", "da", "del", "di", "le", "la", "bin", "al"}
_POSSESSIVE = re.compile(r"['’]s$")

# Lead-ins naming the person on the call: "call with", "spoke to", "that was", "Contact:".
_CALL_BEFORE = re.compile(
    rf"(?:\b(?:{CALL_NOUNS}|notes)\s+(?:w/|w(?=\s)|with)"
    # "once I've talked to Ray": a talk still to come is not the call.
    r"|(?<!once i've )(?<!once i have )(?<!after i've )(?<!when i've )(?<!until i've )(?<!before i've )"
    r"(?<!once i )(?<!after i )(?<!when i )(?<!till i've )"
    r"\b(?:spoke (?:to|with)|talked (?:to|with))|\bspeaking (?:to|with)|\btalking (?:to|with)|\bchatted with"
    r"|\boff the phone with|\bhung up with|\bheard (?:back )?from|\bfeedback from|\bcall from|\bthat was|\bthis was"
    r"|\bit was|\bcontact:|\bjust had (?:a |the |my )?(?:[\w-]+ ){0,3}?(?:with))"
    r"(?:\s+(?:my|our|their|the)\s+(?:[\w-]+\s+){0,2}?(?:" + _TITLE_WORDS + r"),?|\s+" + ACQUAINTANCE + r",?)?\s+$",
    re.IGNORECASE,
)
# A memo label before the name: "Notes from yesterday's call, Ollie Grant", "Client call: Fatima Khan", "Name, Ada Roe".
_CALL_LABEL = re.compile(
    rf"\b(?:{CALL_NOUNS}|notes|feedback|contact|client|visit|(?<!company )(?<!firm )(?<!agency )name)\s*[,:—–-]\s*$",
    re.IGNORECASE,
)
_PERSON_BEFORE = re.compile(
    r"(?:\bwith|\bw/|\bcalled|\brang|\bphoned|\bnamed|\bmet|\bmet with|\bchat with"
    # "review in Helen", "one-on-one win Scott": "with" as a small speech model may hear it after a meeting.
    rf"|\b(?:{CALL_NOUNS})\s+(?:win|wins|when|in|within)"
    rf"|\b(?:{_TITLE_WORDS}|daughter|son|wife|husband|assistant|deputy|colleague|pa)[,:]?)\s+$",
    re.IGNORECASE,
)
_WEAK_PERSON_BEFORE = re.compile(r"\b(?:from|to|by|and|ask|email|thank|send)\s+$", re.IGNORECASE)
# What may sit between a lead-in and the name: "spoke to, em, Daniel", "that was — Hiroshi".
_BEFORE_GAP = re.compile(r"(?:[\s,:;—–-]|\b(?:em|ehm|erm|er|like|you know|well)\b)+$", re.IGNORECASE)
_HONORIFIC_END = re.compile(r"\b(?:" + "|".join(sorted(HONORIFICS, key=len, reverse=True)) + r")\.?\s*$", re.IGNORECASE)
_NOT_PREPOSITION = r"(?!(?:for|about|on|in|with|to|from|at|regarding|re)\b)"
_PERSON_AFTER = re.compile(
    rf"^(?:\s*,\s*(?:(?:he|she)(?:'s|’s| is)\s+)?(?:the|a|an|our|my|their)?\s*(?:{_NOT_PREPOSITION}[\w-]+\s+){{0,3}}"
    rf"(?:{_TITLE_WORDS})\b"
    r"|,?\s+(?:at|from)\s+(?-i:[A-Z])|,?\s+(?:sir|ma'am|madam|ji|sahib)\b"  # "Suresh sir, the hiring manager"
    r"|['’]s\s+(?:tip|advice|view|suggestion|words|feedback|take|point|idea|verdict|recommendation|concern|office"
    r"|assistant|secretary|pa)\b)",
    re.IGNORECASE,
)
# How the person got in touch: "Lena called", "Raj got back to me".
_CONTACT_VERB = (
    r"(?:just\s+|finally\s+)?(?:called|rang|phoned|emailed|texted|messaged|got back|reached out|left me|sent me|wrote"
    r"|replied|told me|broke the news|gave me the (?:news|feedback|result)|call me|calls me)\b"  # "Aunty Bisi call me"
)
_CONTACTED_AFTER = re.compile(
    # ", from Kapoor and Reid, called": the firm between the name and the verb, two names joined by "and" too.
    r"^,?\s+(?:(?:from|at)\s+(?:the\s+)?(?-i:[A-Z])[\w&'’-]*(?:\s+(?:and\s+)?(?-i:[A-Z])[\w&'’-]*){0,2},?\s+)?"
    rf"{_CONTACT_VERB}"
    r"|^\s+on the (?:phone|line)\b",
    re.IGNORECASE,
)
# Where a company's name goes: "the recruiter at Bramble, called": what follows it says nothing of a person.
_COMPANY_SLOT = re.compile(r"\b(?:at|over at)\s+(?:the\s+)?$", re.IGNORECASE)
_FROM_SLOT = re.compile(r"(?:\b[a-z][\w'’-]*|\b[A-Z][\w'’-]*,)\s+from\s+(?:the\s+)?$")
# Someone the speaker knows, not the one on the call: "my old colleague Priya texted".
_ACQUAINTANCE_BEFORE = re.compile(rf"\b{ACQUAINTANCE}\s+$", re.IGNORECASE)
# Of several people on a call, the contact is the one who spoke: "Liam ran it", "Stephen did most of the talking".
_TALKED_AFTER = re.compile(
    r"^,?\s+(?:(?:the [\w ]{1,30}?,\s+)?who\s+)?(?:actually\s+)?(?:did (?:most of |all of )?the talking"
    r"|ran (?:it|the call)|led (?:it|the call)|gave (?:me|us) (?:the )?(?:feedback|news))\b",
    re.IGNORECASE,
)
_TALKED_BEFORE = re.compile(
    r"\bthe one who (?:actually )?(?:gave (?:me|us) the (?:feedback|news)|did (?:most of |all of )?the talking)"
    r"(?: was| is)?[,\s]*$|\b(?:feedback|news) came from\s+$",
    re.IGNORECASE,
)
_SPEAKER_AFTER = re.compile(
    rf"^,?\s+(?:also\s+|did\s+|then\s+)?(?:{SPEECH_VERBS}|told|was|is|liked|loved)\b",
    re.IGNORECASE,
)
# "He said the owner, Doctor Patel, loved it": someone the contact talked about, not the contact.
_REPORTED = re.compile(rf"\b(?:he|she|they)\s+(?:{SPEECH_VERBS}|reckons|goes)\b[^.!?]*$", re.IGNORECASE)
_COMPANY_BEFORE = re.compile(
    r"(?:\bat|\bjoin|\bjoined|\bjoining|\bapplied to|\binterview at|\binterviewing at|\bwork(?:s|ed|ing)? (?:at|for)"
    r"|\bbrand)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# The company named outright: "the company is called Raffles Marine", "a firm named Tallis".
_NAMED_COMPANY_BEFORE = re.compile(
    r"\b(?:company|firm|business|agency|employer|client|organi[sz]ation)\s+(?:is\s+|was\s+|'s\s+)?(?:called|named)\s+$",
    re.IGNORECASE,
)
# A memo headed with the account it is about: "Sales debrief, Zenara Bottling", "Account: B and Q".
_HEADING_COMPANY_BEFORE = re.compile(
    r"\b(?:(?:sales|client|customer|pitch|pilot|account|deal)\s+)?debrief\s*[,:—–-]\s*$"
    r"|\b(?:account|customer|prospect|company|organi[sz]ation)\s*[:—–-]\s*$",
    re.IGNORECASE,
)
_WEAK_COMPANY_BEFORE = re.compile(r"\b(?:from|for|with|of)\s+(?:the\s+)?$", re.IGNORECASE)
_COMPANY_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:recruiter|team|hiring|hr|office|people|talent)\b", re.IGNORECASE)
# The employer of the job discussed: "the analyst role at X", "recruiting for X", "X wants to offer me".
# Titles of a job someone is hired into (a recruiter or agent is the caller, not the job).
_HIRED_TITLES = "|".join(
    sorted(JOB_NOUNS - word_set("recruiter agent consultant partner owner founder"), key=len, reverse=True)
)
_EMPLOYER_BEFORE = re.compile(
    r"(?:\b(?:role|job|position|post|opening|vacancy|opportunity|gig|placement)\s+(?:at|with|for|in)|\bthing\s+(?:at|for)"
    r"|\bhiring manager\s+(?:at|from)|\b(?:acting|recruiting) (?:for|on behalf of)|\bon behalf of"
    r"|\b(?:interview|interviewing|offer|application|applied|applying)\s+(?:at|from|to)"
    r"|\b(?:recruiting|hiring|headhunting)\s+for|\b(?:placing|place|put|submitted|submit)\s+me\s+(?:forward\s+)?"
    r"(?:at|with|to|for)|\b(?:department|division)\s+(?:of|at)"
    # A recruiter's call about a client: "Claire at Vantage Search called re Obsidian Ridge Partners".
    r"|(?:called|rang|phoned|update|sync|call|chat|email)\s+re:?"
    # The job said by its title: "next round for the customer success lead at Nube Pagos".
    rf"|\b(?:for|about) the (?:[\w-]+\s+){{0,3}}?(?:{_HIRED_TITLES})\s+(?:role\s+|job\s+|position\s+)?(?:at|with))"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A title then its organisation: "the country director of Meridian Health Nigeria", "head of credit at X".
_TITLE_OF_BEFORE = re.compile(
    rf"\b(?:{_TITLE_WORDS})\s+(?:of|at)\s+(?:the\s+)?$"
    # "head of platform at X", "of" often heard as "on": the organisation after the department.
    r"|\b(?:head|director|vp|chief|manager|lead)\s+o[fn]\s+(?:[\w-]+\s+){1,3}?(?:at|in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Where a firm is, not who called: "the agency out of Leeds", "a start-up based in Lagos".
_TOWN_BEFORE = re.compile(r"\b(?:out of|based in|based out of|located in|up in|down in|over in)\s+$", re.IGNORECASE)
_HEAD_OF_BEFORE = re.compile(r"\b(?:head|director|vp|chief)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
# A common noun then the name in apposition: "the garden centre, Bramley's", "the agency, Hunt Africa".
_PLACE_BEFORE = re.compile(
    r"\bthe\s+(?:[\w-]+\s+){0,2}?(?:shop|store|company|firm|business|centre|center|agency|practice|restaurant|cafe"
    r"|hotel|brand|school|charity|startup|start-up|client|bakery|garage|clinic|salon|studio|organisation|organization)"
    r",?\s+$",
    re.IGNORECASE,
)
# The name then a common noun for what it is: "Heatherlea, the nursing home", "Tamarind House, the restaurant group",
# "Wilson Reeve is the firm, not a person".
_KIND_OF_FIRM_AFTER = re.compile(
    # (An agency is left out: "Peoplesmith, the agency for Lantern Health" names the agency, and the job's elsewhere.)
    r"^(?:,\s+the\s+(?:[\w-]+\s+){0,2}?(?:shop|store|company|firm|business|practice|restaurant|cafe|hotel|brand"
    r"|school|charity|startup|client|bakery|garage|clinic|salon|studio|home|venue|group|chain|estate agents?|trust"
    r"|council|hospital|nursery|college|centre|center|lab|office|supplier|distributor|retailer)"
    # The noun ends the apposition: "SAFe, the client works agile" is a new clause.
    r"(?=\s*(?:[,.;:!?]|$)|\s+(?:one|on|in|at|of|for|who|that|where|people|folks)\b)"
    r"|\s+(?:is|was)\s+(?:the|a|an)\s+(?:firm|company|agency|business|practice|client|organi[sz]ation)\b)",
    re.IGNORECASE,
)
# A place the job is at, not who runs it: "the job at the Thurrock depot", "the Leeds office", "the Bristol call
# centre", "the client from Gdansk office".
_PLACE_AFTER = re.compile(
    r"^\s+(?:depot|site|branch|office|store|warehouse|plant|campus|hub|yard|outlet|call cent(?:re|er)|location"
    r"|facility|factory|terminal)\b",
    re.IGNORECASE,
)
_SITE_BEFORE = re.compile(r"\b(?:the|from)\s+$", re.IGNORECASE)
_EMPLOYER_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:thing|role|job|position|opening|vacancy|post|opportunity|gig|pitch|pilot|proposal"
    r"|tender|contract|deal|call|review|meeting|lot|brief|interview|application|folks|process)\b",
    re.IGNORECASE,
)
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
# The job named after its employer: "the Tidewater Bank credit analyst thing", "about Protea Mutual, the pricing
# analyst role" (words between are lower case, so "Kloof Talent phoned about the role" is not one).
_JOB_AFTER = re.compile(
    r"^(?:'s|’s)?,?\s+(?:the\s+)?(?:[a-z][\w-]*\s+){1,3}?(?:thing|role|job|position|opening|vacancy|post|gig)\b"
)
_PAST_WORK_BEFORE = re.compile(r"\b(?:did|done|finished|completed|built|delivered|worked on)\s+the\s+$", re.I)
_ABOUT_OR_FOR_BEFORE = re.compile(r"\b(?:about|for)\s+(?:the\s+)?$", re.IGNORECASE)
_APPLY_BEFORE = re.compile(r"\b(?:apply|applying|applied)\s+(?:for|to)\s+(?:the\s+)?$", re.IGNORECASE)
_HIRES_AFTER = re.compile(
    r"^\s+(?:is\s+|are\s+|has\s+|have\s+)?(?:(?:really|finally|now|just|also|actually)\s+)?(?:(?:wants?|would like"
    r"|'d like"
    r"|decided|going|keen|plans?|planning)\s+to\s+(?:offer|hire|make me|bring me|move me|interview|see me|take me)"
    r"|(?:offering|making) me|(?:selected|chosen|picked|offered|hired) me|wants? me)\b",
    re.IGNORECASE,
)
# Another company's process: "I have another interview at Domstadt Re on Tuesday".
_ELSEWHERE_BEFORE = re.compile(
    r"(?:\b(?:another|other|a second|(?<!my )(?<!our )(?<!the )second)"
    r"|\bi(?:'ve| have)?(?: also)? (?:have|got|had) (?:an?|one more))\s+"
    r"(?:[\w-]+\s+)?(?:interview|offer|application|process|role|job)\s+(?:at|with|for|from)\s+(?:the\s+)?$"
    r"|\b(?:my old|old|previous|last) (?:application|job|company|employer)"
    r"\s+(?:at|with)\s+(?:the\s+)?$"
    # Someone else's news: "my colleague Priya texted to say she got an offer at Lumen".
    r"|\b(?:she|he)(?:'s| has)? (?:got|gotten|landed|accepted|received|taken) (?:an?|the|a new) (?:[\w-]+\s+)?"
    r"(?:offer|job|role|position)\s+(?:at|with|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# The speaker's own company: in a client call it is not the client ("we're Granite City Surveys").
_OWN_BEFORE = re.compile(
    r"\b(?:we're|we are|we at|i work (?:at|for)|i'm at|here at|(?:i'm |i am |we're |we are )?calling from"
    r"|(?:our|my) (?:company|agency|firm|studio|business|practice|consultancy|employer)(?: is)?)\s*,?\s*$",
    re.I,
)
# The client of work sold or pitched: "we pitched the loyalty app to Verde Foods", "a proposal for Hartwell".
_PITCHED_TO_BEFORE = re.compile(
    r"\b(?:pitch(?:ed|ing)?|present(?:ed|ing)?|sold|selling|quoted|quoting|proposal|proposed|tender(?:ed)?|bid|bidding"
    r"|delivered|delivering)\s+(?:[\w'-]+\s+){0,4}?(?:to|for)\s+(?:the\s+)?$",
    re.I,
)


# Through an agency the job is at the agency's client: "feedback from the client, Meridian Insurance".
_CLIENT_BEFORE = re.compile(r"\b(?:the|their|his|her|our) client(?:'s| company| is)?,?\s+(?:is\s+)?$", re.IGNORECASE)
# A header: "Sales call. Declan Murphy, Murphy Freight, Cork.", "Raj Kapoor, finance director, Sterling Print."
_HEADER_BETWEEN = re.compile(
    r",\s*(?:(?:the|their|our|my|a|an)\s+)?(?:(?:[\w&'’-]+\s+){0,3}?[\w&'’-]+\s*,\s*)?", re.IGNORECASE
)
_HEADER_TITLE = re.compile(rf"\b(?:{_TITLE_WORDS}|{'|'.join(_DEPARTMENTS)})\b", re.I)
_CLAUSE_END = re.compile(r"^\s*(?:[.,;:!?]|$)")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n)\s*$")
_CORRECTION = re.compile(SELF_CORRECTION, re.IGNORECASE)
_NOT_NAME_AFTER = re.compile(r"[\s,]*(?:[—–-]\s*)?(?:(?:no|sorry|wait|oh)[,\s]+)*not\s+$", re.IGNORECASE)
_ONLY_FILLER = re.compile(
    r"(?:[\s,—–-]|\b(?:it was|it's|it is|that's|that was|sorry|rather|no|wait|actually|the|an?)\b)*", re.IGNORECASE
)
_SPEECH_NEXT = re.compile(rf"^\s+(?:{SPEECH_VERBS}|told|{_CONTACT_VERB})")


@dataclass
class Candidate:
    """A run of capitalised words that may name a person or a company."""

    text: str
    start: int
    end: int
    person: int = 0
    company: int = 0
    employer: bool = False  # named as the employer of the job discussed
    affiliation: bool = False  # named as the contact's own company ("Priya from Talentbridge")
    own: bool = False  # the speaker's own company ("we're Granite City Surveys")
    firm: bool = False  # said to be a firm: "Hollybank, the care home", "Wilson Pryce is the firm, not a person"
    dropped: bool = False  # taken back by the speaker, or another company's process


def _is_particle(token: str) -> bool:
    return token in _PARTICLES or token.isdigit()


def _is_name_token(token: str) -> bool:
    return token.lower().strip("'’") not in _NOT_NAMES


def _name_like(text: str, match: re.Match[str]) -> bool:
    """ "May Tanaka", "June said": a word that is also a first name, used as one."""
    after = text[match.end() : match.end() + 30]
    surname = re.match(r" ([A-Z][\w'’-]+)", after)
    return bool((surname and _is_name_token(surname.group(1))) or _SPEECH_NEXT.match(after))


def _candidates(text: str) -> list[Candidate]:
    """Collect runs of capitalised words (allowing particles such as "of" and "&" inside)."""
    found: list[Candidate] = []
    run: list[tuple[int, int]] = []
    last_end = -1
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        gap = text[last_end : match.start()] if run else ""
        joined = bool(run) and gap == " "
        start, end = match.span()
        if _is_particle(token):  # "Crew 7 Staffing": a number inside a name, as a particle is
            if joined:
                run.append((start, end))
                last_end = end
            else:
                _flush(text, run, found)
                run = []
            continue
        possessive = bool(_POSSESSIVE.search(token))
        word = _POSSESSIVE.sub("", token)
        name = token[0].isupper() and (
            _is_name_token(word) or (word.lower() in NAME_LIKE_WORDS and _name_like(text, match))
        )
        if not name:
            _flush(text, run, found)
            run = []
            continue
        if not joined:
            _flush(text, run, found)
            run = []
        # "Morag's cousin" ends the name before the 's; "Wilmot's Garden Machinery" keeps it.
        if possessive and not re.match(r" [A-Z]", text[end : end + 2]):
            run.append((start, end - 2))
            _flush(text, run, found)
            run = []
            continue
        run.append((start, end))
        last_end = end
    _flush(text, run, found)
    return sorted(found + _web_names(text), key=lambda c: c.start)


# A firm said as its web address: "Priya from talentloop dot io".
_WEB_ADDRESS = r"\s+dot\s+(?:io|com|co|ai|net|org|app|dev)\b"
_WEB_NAME = re.compile(rf"\b([a-z][\w-]{{2,}})(?={_WEB_ADDRESS})")
_WEB_ADDRESS_AFTER = re.compile(rf"^{_WEB_ADDRESS}", re.IGNORECASE)


def _web_names(text: str) -> list[Candidate]:
    """Firms said in lower case as a web address (capitalised ones are candidates already)."""
    return [
        Candidate(m.group(1).capitalize(), m.start(1), m.end(1))
        for m in _WEB_NAME.finditer(text)
        if m.group(1) not in COMMON_WORDS
    ]


def _flush(text: str, run: list[tuple[int, int]], found: list[Candidate]) -> None:
    while run and _is_particle(text[run[-1][0] : run[-1][1]]):
        run = run[:-1]
    run = run[_title_length(text, run) :]  # "General Counsel Lionel Ames": the name after the title
    if run:
        found.append(Candidate(text[run[0][0] : run[-1][1]], run[0][0], run[-1][1]))


def _score(text: str, candidate: Candidate, first_words: list[str]) -> None:
    before, after = text[max(0, candidate.start - 60) : candidate.start], text[candidate.end : candidate.end + 60]
    words = candidate.text.split()
    has_suffix = words[-1].lower().strip(".,") in _COMPANY_SUFFIXES
    before = before[: _BEFORE_GAP.search(before).start()] + " " if _BEFORE_GAP.search(before) else before
    honorific = _HONORIFIC_END.search(before)
    if honorific:
        before = before[: honorific.start()]
        before = (before[: _BEFORE_GAP.search(before).start()] if _BEFORE_GAP.search(before) else before) + " "
    call = bool(_CALL_BEFORE.search(before) or _CALL_LABEL.search(text[max(0, candidate.start - 40) : candidate.start]))
    candidate.person += 6 * call or 3 * bool(_PERSON_BEFORE.search(before)) or bool(_WEAK_PERSON_BEFORE.search(before))
    person_after = not _COMPANY_SLOT.search(before)
    # "Summer from Northwind called": between a bare "from" and "called" sits the caller's company, not the caller.
    from_slot = not call and bool(_FROM_SLOT.search(before))
    candidate.person += 2 * bool(honorific) + 5 * bool(person_after and not from_slot and _CONTACTED_AFTER.match(after))
    candidate.person += 6 * bool(_TALKED_AFTER.match(after) or _TALKED_BEFORE.search(before))
    candidate.person += person_after * (3 * bool(_PERSON_AFTER.search(after)) + 2 * bool(_SPEAKER_AFTER.search(after)))
    candidate.person -= 5 * (not call and bool(_ACQUAINTANCE_BEFORE.search(before)))  # "mock call with my friend X"
    candidate.person += 2 * (first_words.count(words[0]) > 1) + (2 <= len(words) <= 3)
    candidate.person += 2 * (not has_suffix and _said_twice(text, candidate))
    candidate.person -= 6 * has_suffix + 3 * (not call and bool(_REPORTED.search(before)))
    candidate.company += 3 * bool(_COMPANY_BEFORE.search(before)) + 2 * bool(_WEAK_COMPANY_BEFORE.search(before))
    candidate.company += 3 * bool(_COMPANY_AFTER.search(after)) + 4 * has_suffix
    web = bool(_WEB_ADDRESS_AFTER.match(after))
    candidate.company += 6 * web
    candidate.person -= 3 * web
    candidate.company += 5 * bool(_CLIENT_BEFORE.search(before)) + 3 * bool(_TITLE_OF_BEFORE.search(before))
    candidate.company += 3 * bool(_PLACE_BEFORE.search(before)) + 6 * bool(_NAMED_COMPANY_BEFORE.search(before))
    if _HEAD_OF_BEFORE.search(before) and _ORGANISATION_NEXT.match(after):
        candidate.company -= 6  # "Head of Highways and Transport, Wexmoor Council": a department, its firm next
    candidate.person -= 6 * bool(_AGENCY_AFTER.match(after))  # "Brightfield, the agency out of Omaha"
    town = bool(_TOWN_BEFORE.search(before))
    candidate.person -= 6 * town
    candidate.company -= 4 * town
    candidate.firm = bool(_KIND_OF_FIRM_AFTER.match(after))
    candidate.company += 6 * candidate.firm
    candidate.person -= 4 * candidate.firm
    if _SITE_BEFORE.search(before) and _PLACE_AFTER.match(after):
        candidate.company -= 8
    if _HEADING_COMPANY_BEFORE.search(text[max(0, candidate.start - 40) : candidate.start]):
        candidate.company += 6
        candidate.person -= 3
    employer = (
        _EMPLOYER_BEFORE.search(before)
        or (_THE_BEFORE.search(before) and _EMPLOYER_AFTER.match(after))
        or (
            (_ABOUT_OR_FOR_BEFORE.search(before) or (_THE_BEFORE.search(before) and not _APPLY_BEFORE.search(before)))
            and _JOB_AFTER.match(after)
        )
        or _HIRES_AFTER.match(after)
        or _CLIENT_BEFORE.search(before)
    )
    # "apply to the Lattice job" is another process; "we did the Hermanus job" is past work.
    if employer and not _APPLY_BEFORE.search(before) and not _PAST_WORK_BEFORE.search(before):
        candidate.company += 4
        candidate.person -= 2
        candidate.employer = True
    if _ELSEWHERE_BEFORE.search(before):
        candidate.dropped = True
    if _PITCHED_TO_BEFORE.search(before):
        candidate.company += 3
        candidate.employer = True
    if _OWN_BEFORE.search(text[max(0, candidate.start - 40) : candidate.start]):
        candidate.own = True
    if honorific:  # "Dr. Ana Rees office": a title of address names a person, whatever follows
        candidate.company = min(candidate.company, max(candidate.person - 1, 0))


def _with_lower_suffix(text: str, candidate: Candidate) -> Candidate:
    """ "Corvus construction", "Castro insurance": a speech model may write a company's last word in lower case."""
    found = _LOWER_SUFFIX_AFTER.match(text, candidate.end)
    if not found or (found.group(1) and found.group(1).lower() in _COMPANY_STOP | COMMON_WORDS):
        return candidate
    if candidate.text.split()[-1].lower() in _COMPANY_SUFFIXES:
        return candidate
    # "Outsourced credit control": the suffix word runs on into a noun phrase, so it names no company.
    next_word = re.match(r" ([a-z][\w'’-]*)", text[found.end() :])
    if next_word and next_word.group(1) not in _COMPANY_STOP | COMMON_WORDS:
        return candidate
    return Candidate(text[candidate.start : found.end()], candidate.start, found.end())


def _said_twice(text: str, candidate: Candidate) -> bool:
    """ "Rachel, Rachel Dunmore", "Ingred, Ingred": a name said again at once, as people repeat a name to be heard."""
    first = re.escape(candidate.text.split()[0])
    before = text[max(0, candidate.start - 40) : candidate.start]
    return bool(
        re.search(rf"\b{first}\s*[,.—–-]\s*$", before) or re.match(rf"\s*[,.—–-]\s*{first}\b", text[candidate.end :])
    )


@lru_cache(maxsize=32)
def find_people_and_companies(text: str) -> tuple[str | None, str | None]:
    """Return (contact, company) guessed from capitalised names and the words around them."""
    candidates = _join_and(text, [_with_lower_suffix(text, c) for c in _candidates(text) if not _names_nothing(c)])
    first_words = [_POSSESSIVE.sub("", w) for w in re.findall(r"[\w'’-]+", text)]
    for candidate in candidates:
        _score(text, candidate, first_words)
    _affiliated(text, candidates)
    _headers(text, candidates)
    _appositions(text, candidates)
    _corrections(text, candidates)
    live = [c for c in candidates if not c.dropped]
    _share_mentions(live)
    person = _pick_person(live)
    if person is not None:
        _boost_affiliation(text, person, live)
        person = _full_name(person, live)
    _discount_agencies(text, live, person)
    company = _pick_company(live, person)
    if person is None:
        person = _lowercase_person(text)
    if company is None:
        company = _lowercase_company(text, person)
    company_name = _name_of(company)
    if company_name is not None:
        # The caller's own firm ("Ryan from Crest rang") gives way to the job's employer heard in lower case.
        affiliated = isinstance(company, Candidate) and company.affiliation and not company.employer
        company_name = _client_over_agency(text, company_name, affiliated) or company_name
    return _name_of(person), company_name


def _name_of(found: Candidate | str | None) -> str | None:
    """A picked candidate's text, or the name a lower-case rule found (already text), or None."""
    return found.text if isinstance(found, Candidate) else found


def _title_length(text: str, run: list[tuple[int, int]]) -> int:
    """How many words at the start of a run of capitalised words are a job title said before a name ("Chief
    Operating Officer Amina Bello"): a modifier or two and a job noun, with a name still after them."""
    words = [text[start:end].lower() for start, end in run]
    return next((length for length in range(2, min(4, len(words) - 1) + 1) if _is_job_title(words[:length])), 0)


def _is_job_title(words: list[str]) -> bool:
    """ "general counsel", "chief operating officer": modifiers or departments, then a job noun."""
    return bool(words) and words[-1] in JOB_NOUNS and all(w in _TITLE_MODIFIERS | _DEPARTMENTS for w in words[:-1])


# A field said alone ("the ML role"), though a firm's name may end in it ("Lattice AI").
_FIELDS = word_set("ml ai")


def _names_nothing(candidate: Candidate) -> bool:
    """A department ("Head of People"), a job title ("General Counsel"), a field alone ("the ML role"; "Lattice
    AI" is a firm) or one word every firm of a kind has ("the Hospital") names no one."""
    words = candidate.text.lower().split()
    return (
        (len(words) <= 3 and _is_job_title(words))
        or (len(words) == 1 and words[0] in _FIELDS)
        or all(word in _DEPARTMENTS for word in words)
        or (len(words) == 1 and words[0] in _COMPANY_SUFFIXES)
    )


# "at Fennel and Rowe", "Anil, from Kapoor and Reid": after a name and a comma, "from" leads to a firm too.
_AND_COMPANY_BEFORE = re.compile(
    r"(?:\b(?:at|for|of|join|joined|joining|the|with the|from the)|[\w'’],\s+from)\s+$", re.IGNORECASE
)


def _join_and(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """ "the copywriter role at Fennel and Rowe", "Tran and Co Accountants": one company, not two names."""
    joined: list[Candidate] = []
    for candidate in candidates:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and text[previous.end : candidate.start] == " and "
            and len(previous.text.split()) <= 3
            and len(candidate.text.split()) <= 3
            and (
                candidate.text.split()[-1].lower() in _COMPANY_SUFFIXES
                or _AND_COMPANY_BEFORE.search(text[max(0, previous.start - 20) : previous.start])
                or re.match(r"['’]s\b", text[candidate.end : candidate.end + 2])
            )
        ):
            joined[-1] = Candidate(text[previous.start : candidate.end], previous.start, candidate.end)
        else:
            joined.append(candidate)
    return joined


def _headers(text: str, candidates: list[Candidate]) -> None:
    """ "Call with Tom Brennan, Calloway Logistics.": a person, maybe a title, then their company, in apposition."""
    for first, second in zip(candidates, candidates[1:], strict=False):
        between = text[first.end : second.start]
        first_words, second_words = first.text.split(), second.text.split()
        if (
            not _HEADER_BETWEEN.fullmatch(between)
            or len(first_words) > 3
            or first_words[-1].lower() in _COMPANY_SUFFIXES
            or second_words[0] == first_words[0]
            or not _CLAUSE_END.match(text[second.end : second.end + 2])
        ):
            continue
        titled = between.count(",") == 2 and bool(_HEADER_TITLE.search(between))
        family = second_words[0] == first_words[-1] and len(first_words) >= 2  # "Ryan Walsh, Walsh Motors"
        opening = bool(_SENTENCE_START.search(text[max(0, first.start - 30) : first.start])) or first.person >= 3
        suffixed = second_words[-1].lower() in _COMPANY_SUFFIXES
        # "Owen Pritchard, Pritchard Agricultural": a company named after the person marks a header anywhere.
        if (opening or family) and (titled or family or suffixed or between.count(",") == 1 and len(second_words) >= 2):
            first.person += 3
            second.company += 4 + 2 * family
            second.person -= 3


def _appositions(text: str, candidates: list[Candidate]) -> None:
    """ "Mo from Stackhouse Coffee, Mohammed Ali, called": a full name said after a short one is that person."""
    for index, full in enumerate(candidates):
        words = full.text.split()
        if not 2 <= len(words) <= 3 or words[-1].lower() in _COMPANY_SUFFIXES:
            continue
        if not re.search(r"(?:,|[—–-])\s*$", text[max(0, full.start - 4) : full.start]):
            continue
        for short in reversed(candidates[max(0, index - 3) : index]):
            if full.start - short.end > 60:
                break
            if len(short.text.split()) != 1:
                continue
            if short.person >= 3 and short.person > short.company:
                full.person = max(full.person, short.person)
            break  # only the nearest short name: "At Crosstown, the bike share app, Crosstown Mobility"


def _corrections(text: str, candidates: list[Candidate]) -> None:
    """ "Tolu — no, not Tolu, it was Temitope", "Sequoia Grove — no wait, Sequoia Crest": keep the last name."""
    for index, candidate in enumerate(candidates):
        later = candidates[index + 1 :]
        if not later:
            continue
        if _NOT_NAME_AFTER.search(text[max(0, candidate.start - 25) : candidate.start]) and index > 0:
            # "no, not Tolu": the name after "not" is the one taken back, wherever it was said.
            wrong = [c for c in candidates[:index] if _same_start(c.text, candidate.text)]
            if wrong:
                _replace(wrong + [candidate], later[0], text, candidate.end)
            continue
        after = text[candidate.end : later[0].start]
        marker = _CORRECTION.search(after)
        # "Sione, no, sorry, it was Viliami": the marker right after one name, the next name right after it.
        # "Indus Valley Institute of Technology, sorry, it's Indus Valley University": a name's tail may come first.
        if marker and len(after[: marker.start()].split()) <= 3 and _ONLY_FILLER.fullmatch(after[marker.end() :]):
            # "Ailsa. Ailsa, sorry, no, Aileen": every mention of the name taken back goes.
            wrong = [c for c in candidates[: index + 1] if c.text == candidate.text]
            _replace(wrong, later[0], text, candidate.end)


def _same_start(a: str, b: str) -> bool:
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


def _replace(wrong: list[Candidate], right: Candidate, text: str, after: int) -> None:
    if right.start - after > 80 or any(_same_start(right.text, w.text) for w in wrong):
        return
    for candidate in wrong:
        right.person = max(right.person, candidate.person)
        right.company = max(right.company, candidate.company)
        right.employer = right.employer or candidate.employer
        candidate.dropped = True


def _mates(candidate: Candidate, candidates: list[Candidate]) -> list[Candidate]:
    """Other mentions of the same person: the first name alone, the surname alone, the full name."""
    words = candidate.text.split()
    mates = []
    for other in candidates:
        if other is candidate:
            continue
        other_words = other.text.split()
        if other.text == candidate.text:
            mates.append(other)
        elif min(len(words), len(other_words)) == 1 and max(len(words), len(other_words)) <= 3:
            short, long = (words, other_words) if len(words) == 1 else (other_words, words)
            if short[0] in (long[0], long[-1]) and long[-1].lower() not in _COMPANY_SUFFIXES:
                mates.append(other)
    return mates


def _share_mentions(candidates: list[Candidate]) -> None:
    """ "Tyler called — Tyler Brennan": what is said around any mention of a person counts for all of them."""
    best = {
        id(c): max([c.person] + [m.person for m in _mates(c, candidates) if m.person > m.company]) for c in candidates
    }
    for candidate in candidates:
        if candidate.person > candidate.company or best[id(candidate)] > candidate.company + 2:
            candidate.person = max(candidate.person, best[id(candidate)])


_AFFILIATION_BETWEEN = re.compile(
    rf"\s*,?\s*(?:(?:the|a|an|our|their)\s+(?:[\w-]+\s+){{0,2}}?(?:{_TITLE_WORDS})\s+)?(?:from|at|of|with)\s+(?:the\s+)?",
    re.IGNORECASE,
)


def _boost_affiliation(text: str, person: Candidate, candidates: list[Candidate]) -> None:
    """ "Dana Reyes from Quillmark", "Tom, the recruiter at Bramble": the name right after the person is their
    company."""
    for candidate in candidates:
        between = text[person.end : candidate.start]
        if candidate.start > person.end and _AFFILIATION_BETWEEN.fullmatch(between):
            candidate.company += 4
            candidate.affiliation = True


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
    """ "Omar, my manager ... Omar Farouk", "Mr. Bakare ... Tunde Bakare": the full name of the person picked."""
    words = person.text.split()
    if len(words) != 1:
        return person
    longer = [
        c
        for c in candidates
        if c is not person
        and 2 <= len(c.text.split()) <= 3
        and words[0] in (c.text.split()[0], c.text.split()[-1])
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
    # The job's employer, once named, beats the company the contact works for (a recruiter's agency).
    employers = {c.text for c in candidates if c.employer and c is not person and c not in agencies}
    if employers:
        for candidate in candidates:
            if candidate.text in employers:
                continue
            if candidate in agencies or (candidate.affiliation and not candidate.employer) or candidate.own:
                candidate.company -= 6


def _pick_person(candidates: list[Candidate]) -> Candidate | None:
    # Every mention of a name said to be a firm, and its first word alone ("Hartwell. Hartwell Farm Supply, the
    # feed store chain").
    firms = {c.text for c in candidates if c.firm} | {c.text.split()[0] for c in candidates if c.firm}
    candidates = [c for c in candidates if c.text not in firms]
    people = [c for c in candidates if c.person >= 3 and c.person > c.company]
    if not people:
        # "Keith ... So, Keith": with no lead-in heard, a name the memo keeps coming back to is the person.
        people = [c for c in candidates if c.person >= 2 and c.company <= 0 and _said_again(c, candidates)]
    if not people:
        # "They're a new cat, Jamal Price.": the only full name in the memo, nothing marking it a company.
        full = [c for c in candidates if 2 <= len(c.text.split()) <= 3 and c.person >= 1 and c.company <= 0]
        people = full if len(full) == 1 else []
    return max(people, key=lambda c: (c.person, len(c.text.split()), -c.start), default=None)


def _said_again(candidate: Candidate, candidates: list[Candidate]) -> bool:
    return any(other is not candidate and other.text == candidate.text for other in candidates)


def _pick_company(candidates: list[Candidate], person: Candidate | None) -> Candidate | None:
    person_words = set(person.text.split()) if person else set()
    companies = [
        c
        for c in candidates
        if c.company >= 2 and c is not person and not set(c.text.split()) <= person_words and c.company >= c.person
    ]
    return max(companies, key=lambda c: (c.company, -c.start), default=None)


_LOWER_PERSON = re.compile(
    rf"\b(?:(?:{CALL_NOUNS}|teams) with|call from|spoke with|spoke to|speaking with|talked to|talked with"
    r"|talking with|chatted with|feedback from|heard (?:back )?from|hung up with|off the phone with"
    r"|off (?:a|the) call with|that was|this was|was with|recruiter|called|phone with"
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
# "lena ortiz emailed and then called", "raj mehta from acme got back to me".
_LOWER_NAME_VERB = re.compile(
    rf"(?=(?P<start>(?:^|[.!?,]\s*|\b(?:so|ok|okay|yeah|well|and|right|alright|news|hey|oh)\s+))?"
    rf"\b(?P<first>{_NAME})(?: (?P<last>{_NAME}))?,?\s+(?:the (?:{_TITLE_WORDS})\s+)?"
    rf"(?:(?:from|at|over at|with)\s+(?:[\w&'’-]+\s+){{1,3}}?)?{_CONTACT_VERB})"
)
_SUFFIX_ALT = "|".join(sorted((re.escape(w) for w in _COMPANY_SUFFIXES if not w.endswith(".")), key=len, reverse=True))
# After "Head of Highways and Transport": the organisation itself, ended by its suffix ("Wexmoor District Council").
_ORGANISATION_NEXT = re.compile(
    rf"^,?\s+(?:(?:at|in|for|of)\s+)?(?:the\s+)?(?:[A-Z][\w&'’-]*\s+){{1,3}}(?i:{_SUFFIX_ALT})\b(?![\w'’-])"
)
# Lower-case words after a capitalised name that end in a company's suffix: "Pritchard agricultural".
_LOWER_SUFFIX_AFTER = re.compile(rf"(?: ([a-z][\w'’-]*))? (?:{_SUFFIX_ALT})\b(?![\w'’-])")
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
_NO_FIRM = set(NUMBER_WORDS) | word_set(
    "noon midnight half quarter stop station home work lunch moment minute minutes end time gym airport weekend night"
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


# The job's employer said plainly where no capital marks it: "the role at acme foods", "the acme foods role".
_NAMED_COMPANY = re.compile(_NAMED_COMPANY_BEFORE.pattern.removesuffix("$"), re.IGNORECASE)
_CLIENT_AFTER_JOB = re.compile(
    r"\b(?:role|roll|job|position|opening|vacancy)\s+(?:at|with)\s+(?:the\s+)?", re.IGNORECASE
)
_CLIENT_BEFORE_JOB = re.compile(
    r"\babout\s+the\s+((?:[a-z][\w&'’-]*\s+){0,2}[a-z][\w&'’-]*)\s+(?:role|roll|job|position|thing)\b", re.IGNORECASE
)
# "the kettle games thing": a lower-case employer ended by its suffix, before the job, anywhere in the memo.
_SUFFIXED_BEFORE_JOB = re.compile(
    rf"\b[Tt]he\s+((?:[a-z][\w&'’-]*\s+){{1,2}}?(?:{_SUFFIX_ALT}))\s+(?:role|roll|job|position|thing)\b"
)
_CLIENT_OFFERS = re.compile(
    r"\b((?:[a-z][\w&'’-]*\s+){0,2}[a-z][\w&'’-]*)\s+(?:is|are)\s+(?:offering|making\s+me)\b", re.IGNORECASE
)


def _client_words(words: str) -> bool:
    low = words.lower().split()
    if all(w in _COMPANY_SUFFIXES for w in low):  # "the hospital trust": a description, not a name
        return False
    return bool(low) and not any(
        w in COMMON_WORDS or w in _COMPANY_STOP or w in JOB_NOUNS or w in _NOT_ROLE_WORDS or w in _NOT_NAME_WORDS
        for w in low
    )


def _client_over_agency(text: str, company: str, affiliated: bool = False) -> str | None:
    """An agency's client named in lower case (as a speech model may write it) is the company over the agency."""
    after = text[text.lower().find(company.lower()) + len(company) :] if company.lower() in text.lower() else ""
    next_word = re.match(r"\s*([\w'’-]+)", after)
    agency = _is_agency(company) or bool(next_word and next_word.group(1).lower() in _AGENCY_WORDS)
    if not (affiliated or agency):
        return None
    found = [_company_words(text, m.end()) for m in _NAMED_COMPANY.finditer(text)]
    found += [_company_words(text, m.end()) for m in _CLIENT_AFTER_JOB.finditer(text)]
    patterns = (_CLIENT_BEFORE_JOB, _CLIENT_OFFERS, _SUFFIXED_BEFORE_JOB)
    found += [m.group(1) for pattern in patterns for m in pattern.finditer(text)]
    for client in found:
        # A caller's firm that is no agency gives way only to a client plainly named, in lower case, with its suffix.
        plain = agency or (client == client.lower() and client.split()[-1] in _COMPANY_SUFFIXES) if client else False
        if plain and _client_words(client) and not _is_agency(client) and client.lower() not in company.lower():
            return client if client != client.lower() else client.title()
    return None


def _lower_header_company(text: str, name: str) -> str | None:
    """ "Gilbert Osei, operations director, meridian care homes.": a header's company, heard in lower case."""
    title = r"(?:[^,.]{1,30}[,.]\s*)?"  # "operations director, " between the name and the company
    pattern = rf"\b{re.escape(name)}\s*[,.]\s*{title}((?:[a-z][\w&'’-]*\s+){{1,2}}?(?:{_SUFFIX_ALT}))\s*[,.]"
    for match in re.finditer(pattern, text):
        if not set(match.group(1).split()) & (_COMPANY_STOP | COMMON_WORDS):
            return match.group(1).title()
    return None


def _lowercase_company(text: str, person: Candidate | str | None) -> str | None:
    lowered = text.lower()
    for match in _NAMED_COMPANY.finditer(text):
        if named := _company_words(text, match.end()):
            return named
    for match in _LOWER_CLIENT.finditer(lowered):
        client = _company_words(text, match.end())
        if client:
            return client
    for match in _LOWER_TITLE_COMPANY_NAME.finditer(lowered):
        return text[match.start(1) : match.end(1)]
    found = None
    name = _name_of(person)
    if name:
        for first in {name, name.split()[0]}:
            after = re.search(rf"\b{re.escape(first)}\s*,?\s+(?:from|at|of|with)\s+(?:the\s+)?", text, re.IGNORECASE)
            if after:
                found = _company_words(text, after.end())
                if found:
                    break
    if found and not _is_agency(found):
        return found
    if name and (header := _lower_header_company(text, name)):
        return header
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
        if _NOT_COMPANY_START.match(name) or name.split()[-1] in COMMON_WORDS or set(name.split()) & _NO_FIRM:
            continue  # "at four", "at the bus stop": a time or a spot
        return re.sub(r"^(?:the|an?) ", "", name)
    return None


_ROLE_STOP = r"(?!(?:for|the|a|an|to|with|at|about|in|on|and|my|their|this|that|from|me|it|is|was)\b)"
_ROLE_HEAD = (
    rf"\b(?:the|a|an|my|this|that|their)\s+"
    rf"((?:{_ROLE_STOP}[a-z][\w/+#.-]*\s+){{0,4}}?{_ROLE_STOP}[a-z][\w/+#.-]*)"
)
_JOB_NOUN = "|".join(sorted(JOB_NOUNS, key=len, reverse=True))
_JOB_NOUNS = rf"(?:{_JOB_NOUN})(?:\s+(?:{_JOB_NOUN}))*\b"  # "lead analyst", "team leader"
# "the signed job offer", "the job description": a role noun that names something else.
_NOT_ROLE_AFTER = (
    r"(?!\s+(?:offer|description|spec|title|ad|advert|posting|board|market|search|hunt|fair|application|site|page"
    r"|listing|letter)\b)"
)
_ROLE = re.compile(
    _ROLE_HEAD + r"\s+(?:role|position|job|opening|post|vacancy|opportunity|roll)\b" + _NOT_ROLE_AFTER, re.IGNORECASE
)
# "the analytics engineer thing": a job title before a vague noun.
_ROLE_THING = re.compile(
    rf"\b(?:the|a|an|my|this|that|their)\s+((?:{_ROLE_STOP}[a-z][\w/+#.-]*\s+){{0,3}}?{_JOB_NOUNS})\s+(?:thing|one"
    rf"|gig)\b",
    re.IGNORECASE,
)
# "the Junction Transit role, the GIS analyst": the job said again in apposition.
_ROLE_APPOSITION = re.compile(
    rf"\b(?:role|job|position|post|thing)\s*,\s*(?:the\s+|a\s+|an\s+)?((?:[a-z][\w/+#.-]*\s+){{0,3}}?{_JOB_NOUNS})",
    re.IGNORECASE,
)
# "the claims manager interview": weaker, used only when no role noun is said.
_ROLE_INTERVIEW = re.compile(_ROLE_HEAD + r"\s+interview\b", re.IGNORECASE)
_ROLE_AS = re.compile(rf"\bas (?:a|an)\s+((?:[a-z][\w-]*\s+){{0,3}}?{_JOB_NOUNS})\b", re.IGNORECASE)
# A promotion's target: "the promotion to engineering manager", "I'm being promoted to senior data scientist".
_ROLE_PROMOTION = re.compile(
    rf"\bpromot(?:ion|ed|ing)(?: me)? (?:to|as|for) (?:a |an |the )?((?:[a-z][\w-]*\s+){{0,3}}?{_JOB_NOUNS})\b",
    re.IGNORECASE,
)
_NOT_ROLE_WORDS = {
    "same",
    "other",
    "another",
    "new",
    "next",
    "this",
    "that",
    "whole",
    "first",
    "second",
    "final",
    "signed",
    "official",
    "formal",
    "written",
    "verbal",
    "dream",
    "current",
    "old",
    "previous",
    "future",
    "main",
    "only",
}
# Who sat an interview, not the job: "the GM interview", "the CTO interview".
_INTERVIEWERS = word_set("gm ceo cto cfo coo md vp hr director manager panel founder boss team recruiter client")
# Kinds of interview, not jobs: "the phone interview", "the final round interview".
_INTERVIEW_KINDS = (
    word_set(
        """
    phone video zoom teams technical tech panel onsite on-site in-person person virtual remote online case coding
    behavioural behavioral group screening screen initial third last follow-up followup round stage hr culture
    fit mock practice job informal formal exit one two three day morning afternoon recent previous last week's
    yesterday's today's actual whole
    """
    )
    | _INTERVIEWERS
)
# A title said with the contact's name: "Raj Kapoor, finance director, Sterling Print", "she's their marketing lead".
_TITLE_PHRASE = (
    rf"((?:(?:[a-z][\w-]*|of|and|&)\s+){{0,3}}?(?:{_JOB_NOUN}|procurement|hr|it)"
    r"(?:\s+of\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)?)"
)
_TITLE_AFTER_NAME = re.compile(
    rf"^\s*,\s*(?:(?:he|she)(?:'s| is)\s+)?(?:(?:the|their|our|my|a|an)\s+)?{_TITLE_PHRASE}(?=\s*(?:[,.;]|at\b|of\b"
    rf"|for\b|$))",
    re.IGNORECASE,
)
_TITLE_BEFORE_NAME = re.compile(rf"\b(?:the|their|our|my)\s+{_TITLE_PHRASE}\s*,?\s*$", re.IGNORECASE)
_TITLE_HE_IS = re.compile(
    rf"\b(?:he|she)(?:'s| is)\s+(?:the|their|our|a|an)\s+{_TITLE_PHRASE}(?=\s*[,.;]|\s+(?:at|of|for|there)\b)", re.I
)
# Titles of the people who find candidates: the role is the job they recruit for, never theirs.
_RECRUITING_TITLES = word_set("recruiter recruitment talent hr headhunter sourcer")


def _clean_role(role: str, company: str | None) -> str | None:
    """ "Ferrous Systems solutions architect" -> "solutions architect"; "Ferrous Systems" (a company) -> None.

    A single capitalised word stays when it is not the company: "the Android developer role".
    """
    words = role.split()
    lead = 0
    while lead < len(words) and words[lead][:1].isupper() and not words[lead].isupper():
        lead += 1
    named = " ".join(words[:lead])
    if lead and (lead >= 2 or lead == len(words) or (company and named.lower() in company.lower())):
        words = words[lead:]
    if not words or (len(words) == 1 and words[0].isupper() and words[0].lower() in _INTERVIEWERS):
        return None
    return " ".join(words)


def find_role(text: str) -> str | None:
    """Return the role discussed ("senior sales", "backend engineer"), or the contact's title, or None."""
    contact, company = find_people_and_companies(text)
    for pattern in (_ROLE, _ROLE_AS, _ROLE_THING, _ROLE_APPOSITION, _ROLE_PROMOTION, _ROLE_INTERVIEW):
        for match in pattern.finditer(text):
            role = _clean_role(match.group(1).strip(), company)
            if not role:
                continue
            words = role.lower().split()
            if match.group(0).lower().endswith("interview") and set(words) & _INTERVIEW_KINDS:
                continue
            if (
                words
                and not (set(words) & _NOT_ROLE_WORDS)
                and (
                    words[0] not in COMMON_WORDS - {"senior", "junior", "lead", "head", "team"}
                    or role.split()[0] in ("HR", "IT")
                )
            ):
                return role
    return _contact_title(text, contact) if _CLIENT_WORDS.search(text) else None


# A call about work sold or delivered: with no job discussed, the role noted is the client contact's title.
_CLIENT_WORDS = re.compile(
    r"\b(?:client|customer|proposal|pitch|pitched|pilot|quote|contract|tender|deal|sales|retainer|brief|bid|campaign"
    r"|rollout|demo|order|pricing|fee|fees|po|supplier|account)\b",
    re.IGNORECASE,
)


def _contact_title(text: str, contact: str | None) -> str | None:
    """The contact's own title: a client's "finance director", "their MD"."""
    if not contact:
        return None
    names = {contact, contact.split()[0]}
    for name in names:
        for mention in re.finditer(rf"\b{re.escape(name)}\b", text):
            for found in (
                _TITLE_AFTER_NAME.match(text[mention.end() : mention.end() + 80]),
                _TITLE_BEFORE_NAME.search(text[max(0, mention.start() - 60) : mention.start()]),
            ):
                title = found and found.group(1).strip()
                if title and not set(title.lower().split()) & (_RECRUITING_TITLES | _NOT_ROLE_WORDS):
                    return title
    for found in _TITLE_HE_IS.finditer(text):
        title = found.group(1).strip()
        if not set(title.lower().split()) & (_RECRUITING_TITLES | _NOT_ROLE_WORDS):
            return title
    return None

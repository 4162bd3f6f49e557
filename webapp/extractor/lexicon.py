"""Word lists shared by the extractor's rules (regex alternations, lower case)."""

from __future__ import annotations

import re


def word_set(words: str) -> frozenset[str]:
    """Split a whitespace-separated word list into a set."""
    return frozenset(words.split())


def alternation(words: str) -> str:
    """Turn a whitespace/pipe separated word list into a regex alternation, longest first."""
    items = [w.strip().replace(" ", r"\s+") for w in words.split("|") if w.strip()]
    return "|".join(sorted(items, key=len, reverse=True))


# Base-form verbs that start a to-do ("send the proposal", "follow up on Wednesday").
ACTION_VERBS = alternation(
    "send|email|e-mail|write|call|phone|ring|text|message|ping|schedule|book|set up|arrange|organise|organize"
    "|prepare|practice|practise|rehearse|update|review|revise|read|reread|re-read|confirm|follow up|ask|reply"
    "|respond|research|look into|look for|look up|look at|apply|finish|draft|reach out|thank|connect|polish"
    "|rewrite|redo|study|learn|check|find|contact|share|submit|sign|negotiate|decide|plan|buy|order|print"
    "|create|make|fix|add|record|get|take|talk|tell|remind|block|pay|return|cancel|reschedule|gather|collect"
    "|compile|list|tweak|refine|brush up|work on|sign up|register|enrol|enroll|watch|listen|try|start|visit"
    "|put together|put|sort out|figure out|think about|accept|decline|chase|nudge|let|invite|introduce|build"
    "|improve|clean up|go over|go through|run through|dig into|sort|mention|include|attach|forward|post"
    "|join|meet|prep|practise|memorise|memorize|outline|summarise|summarize|request|do|give|bring|pick|choose"
    "|reconnect|repeat|test|ship|deliver|propose|offer|set|keep|focus|prioritise|prioritize|spend|shorten|cut"
)

# How a memo reports what the other side said: the one list every rule about "who said it" uses.
REPORTING_VERBS = alternation(
    "said|says|say|reckons|reckoned|goes|felt|feels|thought|thinks|mentioned|noted|told me|told us|pointed out"
    "|commented|added|explained|stressed|emphasised|emphasized|admitted|shared|believes|believed|hinted|remarked"
    "|observed|was like|were like"
)
ADVISING_VERBS = alternation("suggested|suggests|recommended|recommends|advised|advises")
SPEECH_VERBS = f"{REPORTING_VERBS}|{ADVISING_VERBS}|asked|wrote|sent"

# Third-party subjects whose opinions are feedback.
THIRD_PARTY = (
    r"(?:she|he|they|the panel|the team|the interviewers?|the hiring (?:manager|team)|the recruiter|the manager"
    r"|the director|the ceo|the founder|the client|the customer|everyone|everybody|both of them|one of them"
    r"|the other interviewer|the lead)"
)

HEADER_RE = re.compile(
    r"(?:(?<=^)|(?<=[,;]\s))(?:(?:um|uh|so|okay|ok|and|now)[,]?\s+)*"
    r"(?:(?:my|the|some|a few|two|three)\s+)?"
    r"(?:to[- ]?dos?|action items?|action points?|next steps?|follow[- ]ups|tasks|things to do|reminders?"
    r"|notes? to self|for me to do|my homework|homework|(?:things|stuff) for me)"
    r"(?:\s+(?:are|is|for me)(?:\s+to)?)?\s*(?:[:,\-]\s*|\s+(?=\w)|$)",
)

POSITIVE = alternation(
    "liked|loved|like|love|likes|loves|enjoyed|appreciated|impressed|impressive|praised|strong|strongest|stronger"
    "|solid|excellent|great|good|clear|clearly|well|smooth|smoothly|happy|pleased|fantastic|outstanding|best"
    "|thorough|polished|confident|confidently|professional|stood out|standout|strength|strengths|positive|nice"
    "|brilliant|amazing|awesome|perfect|helpful|valuable|creative|structured|well prepared|organized|organised"
    "|engaging|articulate|sharp|knowledgeable|passionate|enthusiastic|friendly|warm|fit|calm|detailed|concise"
    "|compliment|complimented|highlight|highlighted|top|exceptional|remarkable|insightful|thoughtful|fast|quick"
    "|quickly|easy|easily|useful|reliable|responsive|a plus|spot on|on point|nailed|improved|better|faster|easier"
    "|memorable|blown away|highlight|landed|calm|composed|natural|relevant|solid|robust|elegant|innovative"
    "|proactive|credible|convincing|valued|admired|respected|commended|impactful|effective|mature|seasoned"
    "|accurate|precise|readable|clever|efficient|fluent|meticulous|careful|clean|blew them away|blew him away"
    "|blew her away|blown away|raved|rave|were all over|was all over|went down a storm|went down well"
    "|knocked it out|sold on|won them over|won him over|won her over"
    "|crisp|steady|steadiest|dependable|exact|on time|on schedule|highest|a win|a proper win|a real win|saved"
    "|trusts me|trust me|rates me|being reused|the real thing|know it cold|stuff cold|asset|selling point"
)

NEGATIVE = alternation(
    "concern|concerns|concerned|worried|worry|worries|weak|weaker|weakness|weaknesses|vague|shallow|unsure"
    "|unclear|confusing|confused|nervous|hesitant|rambled|rambling|struggled|struggling|lacked|lacking|lack"
    "|missing|missed|not enough|too long|too short|too much|too little|too many|too few|too slow|too fast"
    "|too quiet|too general|too junior|too senior|too technical|too detailed|too vague|too broad|too high|too low"
    "|ran over|over time|overtime|run over|went over|slow|late|poor|poorly|gap|gaps|limited|fell short|short on"
    "|issue|issues|problem|problems|downside|criticism|critical|negative|red flag|hesitation|reservation"
    "|reservations|mistake|mistakes|error|errors|wrong|bad|badly|difficult|hard to follow|hard to understand"
    "|inconsistent|disorganized|disorganised|unprepared|underprepared|rushed|generic|superficial|lengthy"
    "|long-winded|long winded|overqualified|underqualified|doubts|doubt|uncertain|not convinced|not sure|flat"
    "|stiff|monotone|defensive|arrogant|interrupted|less|fewer|only|could be better|could have been|needed more"
    "|need more|needs more|needs work|need work|more experience|more depth|deeper|improve|improvement"
    "|to work on|work on|not fit|wouldn't fit|would not fit|didn't fit|did not fit|not a fit|not a good fit"
    "|thin|rusty|light|light on|lightweight|shaky|sloppy|scattered|unfocused|unstructured|verbose|wordy|outdated"
    "|awkward|abrupt|brief|too brief|defensive|negative|slower|harder|worse|blank|froze|stumbled|mumbled"
    "|too|dropped|forgot|failed|couldn't|could not|didn't|did not|wasn't|was not|weren't|were not|never|no"
    "|could be more|could have been more|could be a bit|could be a little|should be more|need to be more"
    "|needs to be more|a bit more|a little more|could use|should have|should've|hurt|cost me|junior|inexperienced"
    "|hesitant|quiet|reserved|passive|timid|anxious|unpolished|rough|choppy|all over the place|off track|tangent"
    "|tangents|not quite|not really|not strong|not great|not good|fumbled|botched|blanked|bombed|messed up|flubbed"
    "|undersell|undersells|underselling|undersold|clunky|ugly|slipped"
)

# A word of praise or of criticism anywhere in a lower-cased clause (the rules' polarity and the classifier's input).
PRAISE_WORD = re.compile(rf"\b(?:{POSITIVE})\b")
CRITICISM_WORD = re.compile(rf"\b(?:{NEGATIVE})\b|n't\b")

NEGATION = r"(?:not|n't|never|no|hardly|barely)"
# Criticism denied: "no concerns about my SQL", "she didn't have any issues with it", "no red flags at all".
NO_CRITICISM = re.compile(
    r"(?:\bno|\bnot any|(?:n't|\bnot|\bnever) (?:have|had|raise|raised|see|saw|mention|mentioned|flag|flagged) any"
    r"|\bwithout any|\bzero|\bnothing)\s+(?:real\s+|major\s+|big\s+|serious\s+|particular\s+|other\s+)?"
    r"(?:concerns?|issues?|problems?|red flags?|complaints?|worries|doubts?|reservations?|criticisms?|negatives?"
    r"|qualms|objections?)\b"
    r"|\bnothing (?:negative|bad|critical|to worry about)\b"
    r"|\b(?:wasn't|weren't|isn't|aren't|not|never) (?:at all |really |too |that )?(?:worried|concerned|bothered)\b"
    # "the Excel is not the problem", "it is not about my price": a fault ruled out.
    r"|\b(?:is|was|are|were)(?: not|n't) (?:the|a) (?:problem|issue)\b|\b(?:it's not|it is not|it was not|it wasn't"
    r"|it isn't) (?:about|down to|because of) (?:my|the|our)\b"
)

# Verbs of waiting: "I'll hear back Friday" is not a to-do.
WAITING_VERBS = alternation(
    "hear|hear back|know|find out|get an answer|get a call|get an email|get the|get their|receive|be told"
    "|be notified|be contacted|wait|be waiting|see|be|have|expect"
)

# Spoken section labels: "What they liked: ...", "Areas to improve: ...".
SECTION_LABELS = {
    "strengths": re.compile(
        r"^(?:(?:(?:what|the things|things) (?:they|she|he|the \w+) (?:liked|loved|enjoyed)|what went (?:well|right)"
        r"|the good (?:stuff|bits?)|"
        r"positives?|pros|strengths|highlights|good points)\s*[:,\-]"
        r"|(?:the good(?: part| side)?|what worked|the upside|upsides?|on the (?:plus|bright|positive|upside) side"
        r"|pluses|plus points|the wins?|the positives?)\s*[:\-])\s*",
        re.IGNORECASE,
    ),
    "concerns": re.compile(
        r"^(?:(?:what (?:didn't|did not) (?:work|go well|land)|what (?:they|she|he|the \w+) (?:didn't|did not) like"
        r"|what went wrong|negatives?|cons|weaknesses|concerns|areas? (?:to|for|of) improv\w*|things to improve"
        r"|what (?:they|she|he|the \w+)(?:'d| would) like (?:me|us) to work on"
        r"|the bad (?:stuff|bits?)|weak points)\s*[:,\-]"
        r"|(?:the bad(?: part| side)?|not so (?:great|good|hot)|less (?:good|great)|what (?:could|can) (?:be|have been)"
        r" better|room for improvement|(?:the )?downsides?|on the (?:down|flip|negative|minus) side|minuses"
        r"|weak (?:spots?|points?)|red flags?|(?:growth|development|improvement) areas?|areas? (?:to|for) "
        r"(?:work on|growth|development)|the gaps?|the negatives?|the not so good)\s*[:\-])\s*",
        re.IGNORECASE,
    ),
    "advice": re.compile(
        r"^(?:(?:advice|tips|suggestions|recommendations|what to work on)\s*[:,\-]"
        r"|(?:(?:her|his|their|the|my|one|a) )?(?:tips?|pointers?|suggestions?|recommendations?|advice|takeaways?"
        r"|for next time|next time)\s*[:\-])\s*",
        re.IGNORECASE,
    ),
}

# How a small speech model hears "advice" as a label: "And mice, ...", "Leah and mice, ...", "her mice was to ...".
MISHEARD_ADVICE = r"(?:[a-z]+ )?(?:and|that) (?:mice|vice)|(?:her|his|red) mice|mice"

# Labels people dictate before a list ("Good: the demo, the price. Bad: too long. Actions: send X, book Y"):
# after one, each comma-separated part is an item of that section.
LIST_LABELS = {
    "strengths": "good|the good|positives?|pros|plus(?:es)?|what went well|went well|what's going well|liked|wins?"
    "|strengths"
    "|highlights|good points|good stuff",
    "concerns": "bad|the bad|negatives?|cons|minus(?:es)?|niggles?|issues?|worries|worried about|concerns?|didn't like"
    "|disliked|objections?|weaknesses"
    "|not so good|to improve|areas? to (?:work on|improve)|work on|bad points|bad stuff|sticking points?"
    "|gripes?|(?:the )?only note|one note|meh|(?:the |one |only )?worry|(?:the |one |only )?wobble|the catch",
    "advice": "advice|tips?|suggestions?|recommendations?|pointers?"
    f"|(?:[a-z]+'s|her|his|their) (?:view|take|tip|advice)|{MISHEARD_ADVICE}",
    "actions": "(?:my )?actions?(?: on my (?:side|end)| for me)?|action (?:items?|points?)|plan|next(?: steps?)?"
    "|to-?dos?|tasks|my bits|my side|from my side|on my side|for me|me|mine|my end|on my end"
    "|things pending from my side|pending from my side|homework|follow[- ]ups?",
}
# The plural labels also introduce a list with a verb ("Positives were the demo and the price"), and
# with a comma, which is how a speech model writes the colon it heard ("Negatives, the appendix is long").
_LIST_COPULA_LABELS = (
    "positives?|negatives?|pros|cons|concerns|issues|worries|strengths|weaknesses|highlights|next steps|action items"
    "|action points|to-?dos"
)
_LIST_LABEL_GROUPS = "|".join(f"(?P<{section}>{words})" for section, words in LIST_LABELS.items())
LIST_LABEL = re.compile(
    rf"^(?:(?:so|okay|ok|and|right|now|then)[,]?\s+)*(?:(?:{_LIST_LABEL_GROUPS})"
    r"(?:\s+(?:from|for|according to)\s+[\w'’-]+(?:\s+[\w'’-]+)?)?\s*[:\-–—]"
    rf"|(?:the\s+)?(?P<copula>{_LIST_COPULA_LABELS})(?:\s+(?:were|are|was|is)(?:\s+that)?\b|\s*,))\s*"
)
COPULA_SECTIONS = {
    "positive": "strengths",
    "positives": "strengths",
    "pros": "strengths",
    "strengths": "strengths",
    "highlights": "strengths",
    "next steps": "actions",
    "action items": "actions",
    "action points": "actions",
    "todos": "actions",
    "to-dos": "actions",
}


def list_label(lowered: str) -> tuple[str, int] | None:
    """The section a dictated list label at the start of `lowered` opens, and where its items begin."""
    match = LIST_LABEL.match(lowered)
    if not match:
        return None
    if match.group("copula"):
        return COPULA_SECTIONS.get(match.group("copula"), "concerns"), match.end()
    section = next(name for name in LIST_LABELS if match.group(name))
    return section, match.end()


# The fields a memo is dictated under that are no note section: "Contact: Ewan Fraser", "Outcome: signed".
MEMO_FIELDS = alternation(
    "contact|client|company|role|position|attendees|present|date|re|subject|who|call|meeting|notes?|outcome"
    "|decision|bottom line|product|status"
)

# "Feedback: great structure, good energy": a label that says the other side is talking, without a section.
FEEDBACK_LABEL = re.compile(r"^(?:(?:the|their|her|his|overall|early|initial) )*feedback(?:[- ]wise)?\s*[:\-]\s*", re.I)

# --- outcome and names ------------------------------------------------------------------------------------------

# Negated auxiliaries, Scots forms included ("I didnae get it").
NEGATED_AUX = alternation(
    "didn't|did not|don't|do not|won't|will not|wouldn't|would not|no|not|never|haven't|have not|hasn't|has not"
    "|wasn't|was not|weren't|were not|isn't|is not|aren't|are not|can't|cannot|couldn't|could not|didnae|didna"
    "|dinnae|wasnae|isnae|willnae|cannae|ain't"
)

# What a memo calls the call itself: "call with Ines", "catch-up with my manager", "Client call: Ravi".
CALL_NOUNS = alternation(
    "call|chat|meeting|one on one|one-on-one|one to one|one-to-one|review|session|catch up|catch-up|catchup|check in"
    "|check-in|checkin|debrief|appraisal|conversation|sync|lunch|coffee|kopi|zoom|interview"
)

# Someone the speaker knows, not the other side of the call: "my old colleague", "my flatmate".
ACQUAINTANCE = (
    r"my (?:old |former |ex-|best )?(?:friend|colleague|mate|sister|brother|partner|wife|husband|flatmate|cousin"
    r"|classmate|neighbour|neighbor|housemate|coworker|co-worker)"
)

# Fillers a spoken sentence opens with ("okay, so, um, call with Ines"), any number of them.
SPOKEN_LEAD_IN = r"(?:(?:okay|ok|so|right|um|uh|er|alright|anyway)[,]?\s+)*"

# A speaker correcting themselves: "Tolu — no, not Tolu, it was Temitope", "Thursday, no wait, Wednesday",
# "Dana, sorry, Diana", "Tom, well, Thomas". What follows the marker replaces what came just before it.
SELF_CORRECTION = (
    r"(?:\bno,?\s+wait\b|\bwait,?\s+no\b|\bno,?\s+sorry\b|\bsorry,?\s+no\b|\bno,?\s+no\b|\bi mean\b|\bor rather\b"
    r"|\bactually,?\s+no\b|\bno,?\s+actually\b|\bscratch that\b|\bcorrection\b|\bno,?\s+not\b|(?:^"
    r"|[,—–-]\s*)no\b(?=\s*[,—–-])"
    r"|(?<=[,—–-])\s*sorry\b|(?<=[,—–-])\s*well\b(?=\s*,)|\bnot\s+\w+(?:\s+\w+)?,\s+(?:it'?s|it was|it is)\b)"
)

# Words that make a statement hypothetical: "if they make me an offer", "in case they pass".
CONDITIONAL = (
    r"(?:\bif\b(?! (?:possible|needed|necessary|required|so|at all|any|anything|applicable)\b)|\bunless\b|\bin case\b"
    r"|\bassuming\b|\bprovided\b|\bsupposing\b|\bsuppose\b|\bwhether\b"
    r"|(?:^|,\s*|\b(?:said|says|that|and|but)\s+)(?:should|were|had) (?:they|he|she|you)\b)"
)

# Someone other than the speaker getting the job or the work: "went with another profile".
OTHER_PARTY = (
    r"(?:(?:another|a different|the other|one of the other|a stronger|a more \w+)(?: (?:candidate|applicant|person"
    r"|profile|finalist|bidder|agency|supplier|firm)s?)?|other|someone|somebody|a candidate|an? (?:internal|external"
    r"|stronger|more \w+|different|other) (?:candidate|applicant|person|profile)|(?:the |an? )?(?:internal|external)"
    r" (?:candidate|applicant|hire|person|profile|guy|bloke|fella|lad|woman|man|chap)|a person|an applicant"
    r"|(?:other )?candidates|other people|others|a competitor|a rival|the incumbent|the competition)"
)

# Titles said before a surname or a full name: "Frau Weber", "Dr. Anika Sharma", "Tita Aileen".
HONORIFICS = word_set(
    "mr mrs ms miss mx dr doctor prof professor sir madam madame dame frau herr señor senor señora sra sr tita tito"
    " auntie aunty uncle mister ma'am maam kuya ate encik puan cik kak tuan"
)

# Words that are also first names ("May Tanaka", "Will said"): a name only before a surname or a speech verb.
NAME_LIKE_WORDS = word_set("may june april august will grace hope summer frank bill mark rose joy faith dawn autumn")

# Nouns that end a job title: "senior data scientist", "head of people" ends in "head" before "of".
JOB_NOUNS = word_set(
    """
    engineer developer designer manager analyst scientist consultant nurse teacher accountant architect lead
    director specialist coordinator associate assistant officer administrator representative executive supervisor
    editor partner generalist writer copywriter producer planner controller advisor adviser technician head chef
    agent buyer strategist owner clerk operator instructor trainer therapist pharmacist paralegal lawyer solicitor
    auditor actuary economist researcher recruiter marketer programmer tester leader principal chair president
    founder ceo cto coo cfo cmo md vp secretary receptionist cashier driver mechanic electrician surveyor
    biostatistician statistician biologist chemist physicist lecturer professor tutor counsellor counselor counsel
    """
)

# --- what makes a note worth keeping ---------------------------------------------------------------------------

# Words that carry no note on their own: function words, fillers, verdicts with no object ("was really
# positive"), the names of the sections themselves ("the other concern"), and times ("end of next week").
# A clause made only of these is a fragment of speech, not a note ("That I", "Sort of", "Some nice stuff —").
EMPTY_WORDS = word_set(
    """
    a an the this that these those it its it's that's there there's here this's what which who whom whose
    i i'm i'd i'll i've me my mine myself we we're we'd we'll we've us our ours you you're your he he's he'd his
    him she she's she'd her hers they they're they'd they've them their
    and or but so if then than as of at by for from in on to with about into over up out off down just also
    too very really quite pretty super so much more most bit little lot lots kind sort like well yeah yes no not
    okay ok oh ah um uh ha haha wow right anyway anyways actually apparently basically honestly maybe probably
    definitely totally still even though only sure now again ever
    is are was were be been being am do does did didn't don't doesn't done have has had having got get
    will would could should can may might must shall
    said says say told tell reckons reckoned thinks thought think felt feels goes went mentioned noted added
    stuff thing things one ones part bit point points side way lot
    two three four five six couple few several second third bits pieces areas words listed counted gave give gaps
    improve improvements worry worries work flag flagged wanted wants em erm none overall mostly
    good great nice positive pleased happy encouraging fine lovely fair mixed negative constructive helpful
    concern concerns hesitation hesitations criticism criticisms downside downsides plus minus
    issue issues feedback suggestion suggestions advice tip tips comment comments note notes
    strength strengths weakness weaknesses positives negatives pros cons other another main biggest only first
    today tonight tomorrow morning afternoon evening night week weeks weekend month months day days year end
    next last monday tuesday wednesday thursday friday saturday sunday before after until soon later asap
    going forward quote unquote quoting
    haven't hasn't hadn't isn't aren't wasn't weren't won't can't couldn't wouldn't shouldn't should've already
    """
)

"""Sort clauses into strengths, concerns, advice and the user's own actions."""

from __future__ import annotations

import re
from datetime import date

from .clauses import Clause
from .dates import WEEKDAYS, find_due_date
from .lexicon import (
    ACTION_VERBS,
    CALL_NOUNS,
    CRITICISM_WORD,
    FEEDBACK_LABEL,
    MEMO_FIELDS,
    MISHEARD_ADVICE,
    NEGATION,
    NO_CRITICISM,
    PRAISE_WORD,
    REPORTING_VERBS,
    SECTION_LABELS,
    SPEECH_VERBS,
    SPOKEN_LEAD_IN,
    THIRD_PARTY,
    WAITING_VERBS,
)
from .names import COMMON_WORDS
from .outcome import NO_FEEDBACK, REJECTED, is_outcome_statement

STRENGTHS, CONCERNS, ADVICE, ACTIONS = "strengths", "concerns", "advice", "actions"
NOTHING = "other"  # the rules are sure the clause is no note ("no concerns about X"); None: they don't know

_FILLER_ADVERBS = r"(?:also|really|definitely|probably|still|just|then|actually|maybe|quickly|first|at least|totally)"
_MODALS = (
    r"(?:need to|needs to|have to|has to|got to|gotta|should|must|will|'ll|ll|shall|am going to|'m going to"
    r"|m going to|am gonna|'m gonna|gonna|want to|wanna|plan to|intend to|would like to|'d like to|ought to"
    r"|am planning to|'m planning to|will try to|'ll try to|have got to|'ve got to|can now|might as well)"
)
# "I need to, um, give my answer": a filler's comma may be left after the modal.
_SELF_INTENT = re.compile(
    rf"\b(?:i|we)(?:\s+|(?=['’]))(?:{_FILLER_ADVERBS}\s+)*{_MODALS},?\s+"
    rf"(?:{_FILLER_ADVERBS}\s+|try to\s+)*(?P<verb>[\w'-]+)",
)
_REMINDER = re.compile(
    r"\b(?:remember to|don't forget to|do not forget to|must not forget to|make sure (?:to|i|that i)"
    r"|(?:my )?next step is to|the plan is to|(?:i'm|i am) planning to|planning to|(?:i'm|i am) going to"
    r"|i (?:promised|agreed|offered|committed|volunteered|said i'd|told (?:him|her|them) i'd|told \w+ i'd)(?: to)?"
    r"|note to self,? (?:to )?|to do is to|^(?:going to|gonna|gotta|got to|need to|have to|must|should|will|want to))"
    rf"\s+(?:{_FILLER_ADVERBS}\s+)*(?P<verb>[\w'-]+)",
)
_WAITING = re.compile(rf"^(?:{WAITING_VERBS})\b")
# "I need to get the form back to HR" is a to-do; "I need to hear back" is still waiting.
_OBLIGATION = re.compile(
    r"\b(?:need to|needs to|have to|has to|got to|gotta|must|should|ought to|have got to|'ve got to)\b"
)
_PURE_WAITING = re.compile(r"^(?:hear|know|find out|wait|be told|be notified|be contacted|be waiting)\b")
_PROMISE = re.compile(r"\b(?:promised|agreed|committed|said i'd|told \w+ i'd)\b")
_IMPERATIVE = re.compile(
    rf"^(?:(?:{_FILLER_ADVERBS}|please|and|then|to|i guess|i think|i suppose|probably)\s+)*(?:{ACTION_VERBS})\b"
)
# Memo openings where the verb is really a noun: "Call with Ada", "Email from the recruiter".
_NOUN_OPENING = re.compile(
    r"^(?:quick\s+)?(?:call|chat|email|text|talk|meeting|follow[- ]up|feedback|debrief|phone call|notes?)s?\s+"
    r"(?:with|from|about|re|after|regarding|today|this)\b"
)
# What the memo is, not what it says: a dictated header ("Contact: Ewan Fraser", "Call w/ Lucy Tran", "Call
# recap") or the speaker talking to the recorder ("get this down before I forget").
_ABOUT_THE_MEMO = re.compile(
    rf"^(?:{MEMO_FIELDS})\s*[:—–]"
    rf"|^(?:quick\s+)?(?:{CALL_NOUNS}|phone call)\s+(?:w/|w\s|(?:recap|notes|summary|log|debrief)\b)"
    r"|^(?:(?:quick|client|customer|call|interview|feedback)\s+)?debrief$"
    r"|^(?:(?:let me|i'll|i will|i want to|i need to|i'd better|gotta|quickly|just|okay|so)[,]?\s+)*(?:get|write"
    r"|jot|note|put|record|dump) (?:this|it|these|that|everything|all this)(?: all)? down\b(?:[\s,]+(?:quickly|now"
    r"|before i forget|while it'?s (?:still )?fresh))*$|^(?:before i forget|while it'?s (?:still )?fresh)$"
    # ... or the order it is told in: "outcome first because I'll forget", "to-do list first, then notes".
    r"|^(?:(?:the|my)\s+)?(?:outcome|result|verdict|news|good news|bad news|to-?dos?|to-?do list|list|actions"
    r"|notes|feedback)\s+(?:first|last)\b(?:\s+because\b.*|[\s,]+then\s+(?:the\s+)?\w+)?$"
    r"|^(?:okay\s+)?let me do (?:it|this) (?:properly|right|in order)$"
    # ... or announcing a list: "let me note the tasks", "I'll go through the to-dos now".
    r"|^(?:(?:let me|i'll|i will|i want to|i need to|quickly|just|okay|so|now)[,]?\s+)*(?:note|list|jot down|write down"
    r"|get down|go through|run through|go over) (?:the |my |all the )?(?:tasks|to-?dos|actions|action items|next steps"
    r"|follow-?ups)(?:[\s,]+(?:now|quickly|then))*$"
    # The memo's opening line: "Call just ended with Kavitha from HR", "Spoke with Dr. Obi, the country director".
    rf"|^{SPOKEN_LEAD_IN}(?:(?:the|my)\s+)?(?:call|chat|meeting|interview)\s+(?:just\s+)?"
    rf"(?:ended|finished|done|over)\s+with\b|^{SPOKEN_LEAD_IN}(?:i\s+)?(?:just\s+)?"
    r"(?:spoke|talked|chatted|got off(?: the phone| a call)?|came off(?: the phone| a call)?|had a call)\s+with\b"
    # "Mentoring session with Ms. Lim just now", "The final call was with Rose Kaplan", "Review with my manager".
    rf"|^{SPOKEN_LEAD_IN}(?:(?:was|it was|that was|this was)[,]?\s+)?(?:(?:the|my|a|our|this|that)\s+)?"
    rf"(?:(?!(?:{ACTION_VERBS})\b)[\w-]+\s+){{0,2}}?(?:{CALL_NOUNS})\s+(?:was\s+|just now\s+|this morning\s+)?with\b"
    rf"|^{SPOKEN_LEAD_IN}(?:i\s+)?(?:finally\s+)?got hold of\b|^record of\b"
    # The speaker talking about the recording itself: "I'm rambling now", "what else", "recording this because".
    rf"|^{SPOKEN_LEAD_IN}(?:i'm|i am) (?:rambling|babbling|waffling|going on)\b"
    rf"|^{SPOKEN_LEAD_IN}(?:what else|where was i|let me think)\b"
    r"|^(?:i'm |i am )?record(?:ing)? this\b"
    # A self-rating is the app's own field, not a note: "I'd give myself a seven", "score myself a five".
    r"|\b(?:give|gave|giving|rate|rated|rating|score|scored|scoring|mark|marked)\s+myself\b"
)
# Talking to oneself in the second person: "you need to send her your availability", "tomorrow you ring Joanne".
# Only where nobody else is being quoted: "she said you should prep more" stays advice.
_SELF_TALK = re.compile(
    r"^(?:(?:so|and|then|also|okay|right|plus|oh|and then)[,]?\s+)*(?:(?:tomorrow|tonight|today"
    r"|first thing(?: tomorrow)?|this (?:morning|afternoon|evening|weekend)|next week"
    rf"|(?:on )?(?:{'|'.join(WEEKDAYS)}))"
    r"(?: morning| evening| as well| too)?[,]?\s+)?"
    rf"you\s+(?:{_FILLER_ADVERBS}\s+)*(?:need to|have to|must|should|'ve got to|have got to|got to|gotta|'ll|will"
    rf"|are going to|are gonna)?\s*(?:{_FILLER_ADVERBS}\s+)*(?:{ACTION_VERBS})\b"
)
_I_THEN_VERB = re.compile(rf"^(?:i (?:guess|think|suppose) )?i (?:{_FILLER_ADVERBS} )*(?:{ACTION_VERBS})\b")

_SPEECH = (
    rf"(?:{SPEECH_VERBS}|found|described|called"
    r"|was impressed|were impressed|is happy|was happy|were happy|seemed|liked|loved|appreciated|praised"
    r"|raised|flagged|highlighted|complimented|wished|wanted|enjoyed|loves|likes"
    r"|enjoys|appreciates|did (?:not )?(?:note|mention|say|think|feel)|is impressed|are impressed|was pleased"
    r"|is pleased|wondered"
    r"|worried|worries|is worried|was worried|were worried|questioned|doubted|had concerns|has concerns"
    # A verdict given without a verb of saying: "he wasn't sold on my SQL", "they weren't convinced by my demo".
    r"|(?:was|were|is|are)(?:n't| not)? (?:totally |fully |really |entirely |that |too |quite )?(?:sold|convinced"
    r"|impressed|keen|taken|thrilled|blown away)"
    r")"
)
_SPEECH_LEAD = r"\s+(?:(?:also|did|really|had|then|kind of|clearly)\s+)*" + _SPEECH + r"\b"
# Feedback attributed to the other side, matched on lower-cased text.
_ATTRIBUTION = re.compile(
    rf"\b{THIRD_PARTY}{_SPEECH_LEAD}|\b(?:her|his|their)\s+(?:main\s+|only\s+|biggest\s+|one\s+|other\s+"
    r"|overall\s+|key\s+)?(?:concern|feedback|worry|issue|criticism|comment|impression|opinion|tip|advice)s?\b"
    r"|\bthe\s+(?:main\s+|only\s+|biggest\s+|one\s+|other\s+|overall\s+|key\s+)?(?:concern|feedback|worry|issue"
    r"|criticism|impression|sticking point|problem)s?\s+(?:was|is|were|are)\b"
    r"|\baccording to\b|\bapparently\b|\bfeedback was\b"
)
# A capitalised subject ("Kenji said"), matched on the original text.
_NAMED_SPEAKER = re.compile(r"\b([A-Z][a-z'’-]+)" + _SPEECH_LEAD)


def _attributed(text: str, lowered: str) -> bool:
    """True when the clause reports what the other side said or felt."""
    if _ATTRIBUTION.search(lowered):
        return True
    # "Quick note" or "So said" are sentence openers, not speakers.
    return any(m.group(1).lower() not in COMMON_WORDS for m in _NAMED_SPEAKER.finditer(text))


_SELF_REVIEW = re.compile(
    r"\b(?:i think|i felt|i feel|i guess|i know|i reali[sz]e|looking back|in hindsight|rating my own|self[- ]rating"
    r"|self[- ]assessment|my own (?:performance|rating|assessment)|if i'?m honest|to be honest|on my side|i admit)\b",
)
# Advice told as what worked for someone else: "what worked for her was a checklist", "if I were you".
_TOLD_AS_EXPERIENCE = (
    r"what (?:has |had |really )?worked for (?:[\w']+ ){1,6}?(?:was|is)|if i were you|if i was you"
    r"|what (?:he|she|they)(?:'d| would) do (?:is|was)"
)
_ADVICE_CUE = re.compile(
    r"\b(?:suggest(?:ed|s|ion|ions)?|recommend(?:ed|s|ation|ations)?|advi[sc]ed?|advises|advice|tips?"
    r"|told (?:me|us) to|asked (?:me|us) to|encouraged (?:me|us) to|wants? (?:me|us) to|(?:would|'d) like (?:me|us) to"
    r"|urged (?:me|us) to|(?:would|'d) like to see|(?:would|'d) (?:prefer|rather)|prefers"
    rf"|(?:{REPORTING_VERBS})[,:]?\s+(?:that )?(?:i|we|you) (?:(?:really|definitely|probably|just) )?"
    r"(?:should|could|need to|might want to"
    r"|ought to|must|have to|would benefit)|(?:said|says) to|next time|going forward|in (?:the )?future"
    r"|pointers?|it (?:would|'d|might|could|will|may) (?:really |also )?(?:help|be (?:good|better|worth|wise|smart"
    r"|useful|helpful|a good idea|great))|(?:would|'d) be (?:a )?(?:good|great|smart|wise) (?:idea )?to"
    rf"|worth (?:\w+ing)|{_TOLD_AS_EXPERIENCE})\b",
)
_STRONG_ADVICE_CUE = re.compile(
    r"\b(?:suggest(?:ed|s|ion|ions)?|recommend(?:ed|s|ation|ations)?|advi[sc]ed?|advises|advice|tips?"
    rf"|told (?:me|us) to|encouraged (?:me|us) to|urged (?:me|us) to|{_TOLD_AS_EXPERIENCE})\b",
)
_SAID_IMPERATIVE = re.compile(
    rf"\b(?:said|says|told me)[,:]?\s+(?!(?:that|i|my|the|they|he|she|it|we|you|our|there|this)\b)"
    rf"(?:to\s+)?(?:{ACTION_VERBS})\b",
)
_SAID_INSTRUCTION = re.compile(
    r"\b(?:said|says)[,:]?\s+(?!(?:that|i|i'm|i'd|my|the|they|they'd|they're|he|she|it|it's|we|you|our|there|this|no"
    r"|yes|so|if|she'd|he'd|we'd|his|her|their|a|an|thanks|thank|sorry|congratulations|congrats|hello|hi|bye|goodbye"
    r"|okay|ok|well|great|sure|nothing|everything|something|someone|somebody|\d+|one|two|three|four|five|six|seven"
    r"|eight|nine|ten)\b)(?!\w+ (?:are|is|was|were|have|has|had|can|could|would|will|did|do|does|really|also|seem)\b)"
    r"\w+\s+\w+\s+\w+"
)
# Remarks about the user (or the user's team), as opposed to facts about the company.
_ABOUT_USER = re.compile(r"\b(?:i|i'm|i'd|i've|my|me|mine|myself|we|we're|our|us)\b")
_GENERIC_FEEDBACK = re.compile(
    r"^(?:overall,? )?(?:the |her |his |their )?(?:overall |early |initial |general |first )?feedback (?:was|is)"
    r" (?:\w+ )?(?:positive|good|great|mixed"
    r"|negative|fair|constructive|helpful|useful|brief|short|encouraging)(?: overall)?$"
)
_CONCERN_CUE = re.compile(
    r"\b(?:concern(?:s|ed)?|worr(?:y|ied|ies)|weakness(?:es)?|weak spot|to work on|criticism|downside|red flag"
    r"|hesitation|reservations?|(?:main|only|biggest|one) (?:issue|problem|gap|negative|thing)|pushback|sticking point"
    r"|doubts?|dinged|marked me down|knocked|held (?:me|it) back|let me down"
    r"|hurt me|cost me|counted against me|worked against me|tripped me up|weak (?:spots?|points?)|red flags?"
    r"|flagged|room for improvement|could (?:have )?be(?:en)? (?:a (?:bit|little) )?more|the gap (?:was|is)"
    r"|on the (?:down|flip|negative) side|weak(?:er|est)? (?:part|area|side|bit|point)s?"
    # "What killed it was the price", "the killer was price per unit", "knock against us", "I undersell myself".
    r"|what (?:killed|hurt|sank|cost) (?:it|me|us)|the killer (?:was|is)|knocks? against (?:me|us)"
    r"|undersell(?:s|ing)?|undersold"
    # Management and plain speech: "the development point is delegation", "where we fell down: the migration plan",
    # "the whinge was the app drops out", "the wet weather plan is the gap".
    r"|development (?:point|area)s?|areas? (?:for|of) development|growth areas?"
    r"|opportunit(?:y|ies) to (?:improve|level up|grow|develop)|fell down|dropped the ball"
    r"|(?:the|his|her|their|one|main|only|big|biggest) (?:whinge|gripe|moan|grumble|complaint)"
    r"|(?:is|was) the (?:gap|problem|issue|weak spot|sticking point)"
    r"|(?:wanted|needed|preferred|were looking for|was looking for) (?:someone|somebody|a candidate|a person)"
    r"|what(?:'s|’s| is| was)?\s+(?:(?:she|he|they|the \w+)(?:'s|’s|'re|’re| is| are| was| were)?\s+)?"
    r"(?:(?:really|most|still|a bit|less)\s+)?(?:bugging|bothering|annoying|frustrating|worrying|irritating"
    r"|unhappy|not (?:happy|thrilled|pleased|keen|sold|loving|crazy|a fan)|(?:doesn't|don't|didn't|does not|do not"
    r"|did not) (?:love|like|enjoy)|concerned|worried|disappointed))\b"
    r"|\b(?:thing|part|bit)s? (?:that )?(?:she|he|they|the \w+) (?:(?:doesn't|don't|didn't|does not|do not|did not)"
    r" (?:like|love|enjoy)|(?:is|was|are|were) (?:not |un)happy (?:with|about)|(?:isn't|wasn't|aren't|weren't) happy"
    r" (?:with|about)|disliked|dislikes)\b"
    # Hedged criticism: "my budgets are too optimistic", "a bit light on pricing", "my answers lacked depth".
    r"|\b(?<!not )too (?:optimistic|thin|fast|slow|long|short|often|junior|generic|vague|quiet|high|expensive|ambitious"
    r"|cautious|theoretical|academic|wordy|narrow|rigid|informal|casual|aggressive|passive|nervous|complex|dense"
    r"|rushed|much detail|much jargon)\b"
    r"|\b(?:a (?:bit|little|touch|tad)|a wee bit|kind of|kinda|sort of|slightly|somewhat|rather)\s+(?:light|thin|vague"
    r"|shallow|rushed|weak|messy|rusty|flat|generic|unclear|patchy|impatient|slow|nervous|defensive|junior|textbook"
    r"|scattered|rambly|informal|ambitious|inconsistent)\b"
    r"|\b(?:was|were|is|are|seemed|sounded|came across as)(?: \w+)? (?:vague|shallow|inconsistent|unclear|patchy"
    r"|generic|messy|impatient)\b|\b(?:lacked|lacking|lacks|lack of)\b"
    r"|\b(?:unsure|not (?:totally |fully |really |entirely |that |too )?sure) (?:about|of)\b"
    r"|\b(?:well |way |a bit |slightly )?(?:above|over) (?:the other (?:bid|quote|offer)|(?:their |the )?budget"
    r"|their range|the range)\b|\b(?:top|upper end|high end) of (?:the|their) (?:range|band|budget)\b",
)
# Results of the user's work, as a client reports them: "the new site doubled online bookings".
_IMPACT = re.compile(
    r"\b(?:doubled|tripled|quadrupled|halved|(?:cut|cuts|reduced|reduces|slashed|lowered|brought down|decreased)\b"
    r"[\w\s'’-]{0,40}?\b(?:by|in half|to (?:almost |nearly |about )?(?:zero|nothing|\d+))"
    r"|(?:went|gone|are|is|were|was) (?:way |right |well )?up|increased|boosted|grew|jumped|rose|climbed"
    r"|brought in|(?:getting|gets|got|seeing|sees|saw) (?:a lot |way |many |lots |a few |even )?more"
    r"|(?:booking|ordering|buying|using|visiting|signing up|coming back|returning|engaging|clicking|converting"
    r"|sharing|recommending) (?:\w+ )?more"
    r"|(?:went|gone|are|is|were|was|came|come|dropped|fell) (?:way |right |well )?down|dropped|fell"
    r"|(?:spends?|spending|spent|takes?|taking|took) (?:\w+ ){0,2}less time|fewer|gets? used"
    r"|(?:saves?|saved|saving) (?:\w+ ){0,2}(?:time|hours|money))\b"
)
# "costs went up", "complaints doubled": a rise in something bad is a concern (and so is a fall in something good).
_BAD_RISE = re.compile(
    r"\b(?:costs?|prices?|churn|complaints?|errors?|bugs?|crash(?:es)?|delays?|wait(?:ing)? times?|returns"
    r"|cancellations|tickets|expenses|spend|turnover|no-?shows|refunds|downtime)\b[\w\s'’-]{0,20}?\b(?:went up|gone up"
    r"|are up|is up|increased|grew|jumped|rose|climbed|doubled|tripled)\b"
    r"|\b(?:sales|revenue|orders|bookings|signups|sign-ups|traffic|conversions?|engagement|visits|visitors|usage"
    r"|retention|ratings?|scores?|margins?|profits?)\b[\w\s'’-]{0,20}?\b(?:went down|gone down|are down|is down"
    r"|dropped|fell|decreased|declined|halved)\b"
)
# "The one thing they'd like me to work on is X": a weakness, though phrased as a wish.
_WORK_ON = re.compile(
    r"\b(?:thing|area|what)s? (?:that )?(?:they|she|he|the \w+)(?:(?:'d| would) like| wants?) (?:me|us) to (?:work on"
    r"|improve|get better at|brush up on)\b"
)
_STRENGTH_CUE = re.compile(
    r"\b(?:liked|loved|enjoyed|appreciated|impressed|praised|strengths?|stood out|happy with|pleased with|loves|likes"
    r"|enjoys|appreciates|praises|raves about"
    r"|complimented|highlighted|positive|went (?:really |very )?(?:well|smoothly)|did (?:really |very )?well"
    r"|blown away|went down (?:really |very )?well|landed|a highlight|the highlight|raved"
    r"|valued|admired|respected|commended|applauded|was struck by|were struck by|excited about"
    r"|spoke highly|kudos|(?:great|good|excellent|fantastic) job|nailed|resonated|was a hit|(?:big )?fans? of"
    r"|on the (?:plus|bright|positive) side)\b",
)
_NEGATION = re.compile(rf"\b{NEGATION}\b|n't\b")
_PLAIN_NEGATION = re.compile(r"\b(?:not|never|hardly|barely)\b|n't\b")  # "no-shows" is not a negation
# Statements about the user's own conduct on the call feed the checklist, not the notes.
_CONDUCT = re.compile(
    # The user's own conduct on the call ("I thanked her", "kind of argued about X", "asked him to keep my CV").
    r"^(?:(?:i|and|when i|so i)\s+)?(?:(?:also|kind of|sort of|probably|maybe|just|then|even)\s+)*(?:did not|didn't"
    r"|never)?\s*(?:thanked|argued|asked (?:her|him|them|for|about|any|some|if|whether)|requested|told (?:her|him"
    r"|them)|mentioned|stayed|kept|pushed back|expressed|reiterated|let (?:her|him|them) know)\b"
    r"|^i\s+(?:also\s+)?(?:did not|didn't|never)?\s*(?:thank|argue|ask|said|push back)\b|\bthat was hard to hear\b",
)
REASON = re.compile(
    r"\b(?:who|that)\s+(?P<a>(?:had|has|brought|was|is)\s+.+)|\bwith\s+(?P<b>(?:more|stronger|deeper|better|direct"
    r"|prior|relevant|extensive|a stronger|a better|a lot more)\b.+)|\bbecause\s+(?P<c>.+)",
    re.IGNORECASE,
)


_SENT_AS_SAID = re.compile(r"\b(\w+)\s+sent\s+(?=(?:the|my|that|his|her|their|i|it|our)\b)", re.IGNORECASE)
_HEARD_ADVICE = re.compile(rf"\b(?:{MISHEARD_ADVICE})\b(?=\s*(?:[:,.]|was|is|wants?)(?:\s|$))", re.IGNORECASE)


def _as_meant(text: str) -> str:
    """The clause with a small speech model's usual slips put right, for the rules to read."""
    # "Kenji sent the panel felt ..." was "said"; "and mice was to ask more" was "advice".
    text = _SENT_AS_SAID.sub(lambda m: m.group(0) if m.group(1).lower() in {"i", "we"} else f"{m.group(1)} said ", text)
    return _HEARD_ADVICE.sub("advice", text)


# "She wants me to draft the budget by Monday": a task handed to the user is a to-do, not advice.
REQUEST = re.compile(
    r"\b(?<!\bi )(?<!\bi'd )(?<!\bwe )(?:wants?|wanted|asked|(?:would|'d|’d) (?:like|love)|needs?|needed|expects?"
    r"|expected)\s+(?P<who>me|us)\s+to\s+(?:(?:also|just|quickly|first|please|then)\s+)*(?P<verb>[\w'-]+)"
)
# Verbs of a concrete task, a to-do even without a date ("she asked me to send two references").
_TASK_VERB = re.compile(
    r"^(?:send|email|e-mail|write|draft|fill|finish|complete|submit|review|confirm|present|prepare|share|forward"
    r"|sign|return|book|schedule|shadow|record|redo|update|upload|provide|deliver|pick|choose|call|ring|text|put"
    r"|compile|collect|gather|outline|summari[sz]e|attend|organi[sz]e|arrange|turn|hand|bring|list|run|lead|loop|cc"
    r"|let|set|invite|sort|reply|respond)\b"
)
# Requests that report the hiring decision ("they want me to come back", "to start on Monday").
_NOT_TASK_VERB = re.compile(r"^(?:come|meet|interview|start|join|be|have|think|focus|keep|work|get|consider)\b")


def is_request(lowered: str) -> bool:
    """True when someone else asks the user for a concrete task ("he asked me to confirm the time")."""
    match = REQUEST.search(lowered)
    if not match:
        return False
    verb_onwards = lowered[match.start("verb") :]
    if _TASK_VERB.match(verb_onwards) and match.group("who") == "me":
        return True
    return not _NOT_TASK_VERB.match(verb_onwards) and find_due_date(lowered, _ANY_DAY) is not None


_ANY_DAY = date(2026, 1, 5)  # a Monday: only whether a date is said matters here


def _is_action(clause: Clause, lowered: str, previous: str | None) -> re.Match[str] | bool:
    """Return truthy when the clause is the user's own to-do."""
    if is_request(lowered):
        return True
    match = _SELF_INTENT.search(lowered) or _REMINDER.search(lowered)
    if match and not _reported_by_other(lowered[: match.start()]):
        verb_onwards = lowered[match.start("verb") :]
        committed = _OBLIGATION.search(match.group(0)) or _PROMISE.search(match.group(0))
        if _PURE_WAITING.match(verb_onwards) or (
            (_WAITING.match(verb_onwards) or verb_onwards.startswith("have ")) and not committed
        ):
            return False
        return match
    # "... and finish the reading list he sent": the speech verb sits in a relative clause after the to-do.
    if (clause.header or previous == ACTIONS) and _IMPERATIVE.match(lowered) and len(lowered.split()) > 1:
        return True
    if _attributed(clause.text, lowered):
        return False
    if lowered.startswith(("let me ", "let's ")) or (_NOUN_OPENING.match(lowered) and not clause.header):
        return False  # "Let me note the tasks", "Call with Ada": not to-dos
    if (
        _IMPERATIVE.match(lowered)
        and len(lowered.split()) > 1
        and (clause.header or clause.position == 0 or previous == ACTIONS)
    ):
        return True
    return previous == ACTIONS and bool(_I_THEN_VERB.match(lowered))


def _reported_by_other(prefix: str) -> bool:
    """True when the words before "I should" are someone else's speech ("she said I should ...")."""
    said = re.search(rf"\b{_SPEECH}\b|\b(?:told|asked|wants|want) (?:me|us)\b", prefix)
    return bool(said or _THEIR_TAKE.search(prefix))


# "Her take was that I should practise with a timer": advice, said another way.
_THEIR_TAKE = re.compile(r"\b(?:her|his|their) (?:take|view|suggestion|advice|tip|recommendation|idea)(?: was| is)?\b")


_WEAK_PRAISE = ("like", "well")  # "my answers were like, way too long": a filler, not praise


def _polarity(text: str) -> str | None:
    """Return CONCERNS, STRENGTHS or None from the clause's sentiment words.

    Praise and criticism words in one clause ("super strong on X, the only one who did Y") leave it to the
    classifier, which reads the whole clause."""
    if CRITICISM_WORD.search(text):
        praise = [m.group(0) for m in PRAISE_WORD.finditer(text) if m.group(0) not in _WEAK_PRAISE]
        if praise and not _NEGATION.search(text):
            return None
        return CONCERNS
    if PRAISE_WORD.search(text):
        return CONCERNS if _NEGATION.search(text) else STRENGTHS
    return None


def sentiment_section(clause: Clause) -> str | None:
    """CONCERNS or STRENGTHS when the clause's words of praise or criticism point one way, else None."""
    return _polarity(clause.text.lower())


def _feedback_section(text: str, attributed: bool, previous: str | None) -> str | None:
    """Classify a feedback clause as advice, concern or strength."""
    if _GENERIC_FEEDBACK.match(text):
        return None
    if _WORK_ON.search(text):
        return CONCERNS
    if _ADVICE_CUE.search(text) or (attributed and _SAID_IMPERATIVE.search(text)):
        return ADVICE
    if _CONCERN_CUE.search(text):
        return CONCERNS
    if _STRENGTH_CUE.search(text):
        return (
            CONCERNS
            if re.search(r"\b(?:not|n't|never)\b[\w\s]{0,12}$", text[: _STRENGTH_CUE.search(text).start()])
            else STRENGTHS
        )
    if _IMPACT.search(text) and not _SELF_INTENT.search(text):
        return CONCERNS if _BAD_RISE.search(text) or _PLAIN_NEGATION.search(text) else STRENGTHS
    # Opinions must be about the user, or continue a sentence already giving feedback ("... and said X improved").
    continues_feedback = previous in (STRENGTHS, CONCERNS)
    about_user = _ABOUT_USER.search(text) or continues_feedback
    if (attributed and about_user) or _SELF_REVIEW.search(text):
        polarity = _polarity(text)
        # "She said read up on X": a bare instruction after "said" is advice even if the verb was misheard.
        if polarity or (attributed and _SAID_INSTRUCTION.search(text)):
            return polarity or ADVICE
        # "He liked X and said Y really works": Y goes on in the same vein.
        if attributed and continues_feedback and not re.match(r"(?:i|i'm|i've|we)\b", text):
            return previous
    return None


def classify(clauses: list[Clause]) -> list[tuple[Clause, str | None]]:
    """Label each clause with a section (or None), using the sentence it sits in as context."""
    labelled: list[tuple[Clause, str | None]] = []
    attributed_sentence = -1
    previous: str | None = None
    label: str | None = None  # a spoken label ("The bad: ...") applies to the rest of its sentence
    feedback_sentence = -1  # "Feedback: great structure, good energy": remarks about the user
    for clause in clauses:
        if clause.position == 0:
            previous = label = None
        text = _as_meant(clause.text)
        if FEEDBACK_LABEL.match(text):
            text = FEEDBACK_LABEL.sub("", text, count=1)
            attributed_sentence = feedback_sentence = clause.sentence
        lowered = text.lower()
        section = _classify_one(clause, text, lowered, previous, attributed_sentence == clause.sentence)
        own_label = next((name for name, pattern in SECTION_LABELS.items() if pattern.match(lowered)), None)
        if own_label:
            label = own_label
            attributed_sentence = clause.sentence
        elif label and section in (None, STRENGTHS, CONCERNS) and not _NO_ITEM.search(lowered):
            section = label if section is None or not _has_cue(lowered) else section
        elif section is None and feedback_sentence == clause.sentence:
            section = _polarity(lowered)
        if _attributed(text, lowered) or _CONCERN_CUE.search(lowered) or _STRENGTH_CUE.search(lowered):
            attributed_sentence = clause.sentence
        # An item of a dictated list ("Bad: X, Y") is what its label says, but not a suggestion that runs on
        # after it ("Negatives: the fee, she suggests we ..."): speech models drop the full stop before it.
        suggested = _STRONG_ADVICE_CUE.search(lowered)
        if clause.hint and clause.hint != ACTIONS and not _NO_ITEM.search(lowered) and not suggested:
            section = clause.hint
        if section in (None, CONCERNS) and NO_CRITICISM.search(lowered):
            section = NOTHING
        if section is None and _NOUN_OPENING.match(lowered):
            section = NOTHING  # "Feedback from Igor at Lattice": what the memo is about, not a note
        if section == CONCERNS and _OWN_FEELING.match(lowered):
            section = NOTHING  # "I was nervous as anything": the speaker's feeling, not the caller's criticism
        if section == ACTIONS and _TO_THE_LISTENER.search(lowered):
            section = NOTHING  # "I'll ring you after": a voice note's word to the one it is for, not a to-do
        labelled.append((clause, section))
        previous = section
    return labelled


_OWN_FEELING = re.compile(
    r"^(?:(?:and|so|but|honestly|um|like|which)[,\s]+)*i (?:was|am|'m|felt|feel)"
    r" (?:a bit |so |really |quite |very |a little )?(?:worried|nervous|anxious|scared|afraid|stressed)\b"
)
_TO_THE_LISTENER = re.compile(r"\b(?:ring|call|text|phone|send|tell|show|message|ping|update)\s+you\b")
_OWN_AGENT = re.compile(r"\b(?:i|i'll|i'm|i've|i'd|we|we'll|we're|me|my|myself|let's)\b")


_SOMETHING_HAPPENS = re.compile(r"\b(?:will|'ll|is going to|are going to|arrives?|comes?|coming|gets? sent)\b")


# "She'll send the contract", "Isla will introduce me to two investors": a promise that is not the user's to-do.
THEIR_PROMISE = re.compile(
    r"\b(?:she|he|they|[A-Z][a-z]+)(?:'ll|’ll| will| is going to| are going to|'s going to|’s going to| is gonna"
    r"| are gonna| said she'd"
    r"| said he'd| said they'd| promised to| offered to)\s+\w+"
)
_PROMISE_LEAD = re.compile(r"^(?:(?:and|so|then|also|plus|oh|but|and then|okay)[,]?\s+)*", re.IGNORECASE)


# "call me Friday", "send me the slides": the other side acting for the user (the rest of "he'll chase it and
# call me Friday"), never a to-do the user gives themselves.
_DONE_TO_ME = re.compile(
    r"(?:call|ring|phone|email|e-mail|text|message|ping|send|update|get back to|come back to|let) me\b", re.IGNORECASE
)


# "He's seeing two more and will call me Friday": the promise after what they are doing first.
_THEY_WILL_FOR_ME = re.compile(rf"^(?:he|she|they)\b[^.;]*?(?:\bwill|'ll|’ll)\s+{_DONE_TO_ME.pattern}", re.IGNORECASE)


def is_their_task(clause: Clause) -> bool:
    """Whether the clause opens with someone else promising to act ("He'll send me his checklist")."""
    text = clause.text[_PROMISE_LEAD.match(clause.text).end() :]
    if _DONE_TO_ME.match(text) or _THEY_WILL_FOR_ME.match(text):
        return True
    match = THEIR_PROMISE.match(text)
    if not match:
        return False
    subject = re.match(r"[\w-]+", text).group(0).lower()
    return subject in ("he", "she", "they") or subject not in COMMON_WORDS  # "It will", "This'll" are not people


def is_own_praise(clause: Clause) -> bool:
    """Whether the clause is the speaker praising themselves ("I think I nailed the case study"), not the caller."""
    lowered = clause.text.lower()
    return (
        bool(_OWN_VERDICT.match(lowered)) and not _attributed(clause.text, lowered) and _polarity(lowered) != CONCERNS
    )


# An instruction: "actually, prepare one story", "don't speak too fast", "and never apologise for the gap".
_INSTRUCTION_OPENING = re.compile(
    rf"^(?:(?:and|so|but|plus|oh|you know|like|{_FILLER_ADVERBS}"
    r"|(?:she|he|they)(?: also| then| just| really)? (?:said|says|told me))[,:]?\s+)*"
    # Verbs of how to come across are instructions too, though no to-do: "slow down, take a breath".
    r"(?:(?:don't|do not|never|try not to|avoid)\s+\w+|(?:" + ACTION_VERBS + r"|slow down|speed up|breathe|pause"
    r"|relax)\b)"
)


def is_instruction(clause: Clause) -> bool:
    """Whether a clause tells the user what to do or not to do: advice, when the caller says it, not criticism."""
    lowered = clause.text.lower()
    return bool(_INSTRUCTION_OPENING.match(lowered)) and not _NOUN_OPENING.match(lowered)


# Something the speaker already did: "I passed the bend test", "I phoned them" ("I said I'd send it" is a promise).
_PAST_DEED = re.compile(
    r"^(?:(?:and|so|but|well|um|oh|like|also|then|okay)[,\s]+)*i (?!need\b)(?:\w+ed|did|ran|went|got|had|made|gave"
    r"|took|sent|spoke|met|brought)\b(?! to\b)"
)


def is_past_deed(clause: Clause) -> bool:
    """Whether a clause tells what the speaker already did: done, so no to-do."""
    return bool(_PAST_DEED.match(clause.text.lower()))


def is_bare_outcome(clause: Clause) -> bool:
    """Whether a clause only says how it went ("they want me back for a final round", "they're not moving forward
    with me"), with no word of praise, criticism or advice in it: news, not a note."""
    lowered = clause.text.lower()
    feedback = PRAISE_WORD.search(lowered) or CRITICISM_WORD.search(lowered) or _ADVICE_CUE.search(lowered)
    return is_outcome_statement(lowered) and not feedback


def is_own_task(clause: Clause) -> bool:
    """Whether the user is the one to act: "I'll send it", "send the deck", a to-do list item; not "she'll send
    it" or "the contract arrives Monday"."""
    lowered = clause.text.lower()
    if _IMPERATIVE.match(lowered) or _OWN_AGENT.search(lowered):
        return True
    return clause.header and not _SOMETHING_HAPPENS.search(lowered)


def _has_cue(lowered: str) -> bool:
    return bool(_CONCERN_CUE.search(lowered) or _STRENGTH_CUE.search(lowered))


# The other side's questions on the call: "she asked about the thesis plan", "asked me how the take-home went"
# ("asked me to send X" is a request, a to-do, and is decided before this).
_THEY_ASKED = re.compile(
    r"^(?:(?:then|first|and|so|also)\s+)*(?:(?:she|he|they|the panel|the recruiter)\s+)?(?:(?:also|first|then)\s+)?"
    r"(?:asked|ask|asks)(?: me| us)? (?:about|how|what|whether|if|why|where|when)\b"
)
# A question that probes a weakness: "she asked why my tickets keep sitting in review", "he asked whether I'd cope
# with two hundred scripts a day" (but "she asked how I was keeping" is small talk).
_PROBING_QUESTION = re.compile(
    r"^(?:(?:then|and|but|so|also|though)[,]?\s+)*(?:she|he|they|the (?:panel|client|buyer|manager|recruiter))\s+"
    r"(?:also\s+)?asked(?: me| us)? (?:why (?:i|i'd|i've|i'm|my|we|we'd|we've|our|you|your)"
    r"|whether (?:i'd|i could|i can|i would|we could|we can|we'd|our|my))\b"
)
# What was gone over on the call, not what was said of it: "then she looked at my synthesis board", "mostly we
# talked about my portfolio", "I showed her my slides" (the verdict, if any, is the clause after it).
_TOPIC_ONLY = re.compile(
    r"^(?:(?:so|then|first|and|but|mostly|also|after that)[,]?\s+)*(?:she|he|they|we|i)\s+(?:(?:first|then|also|mostly"
    r"|already|just)\s+)*(?:looked at|looked over|went through|went over|talked about|talked through|discussed"
    r"|showed (?:her|him|them))\s+(?:my|the|our)(?:\s+[\w'’-]+){1,5}$"
)
# Feedback not given: "she didn't say my drawings were strong", "he didn't mention the price".
_NOT_SAID = re.compile(
    r"^(?:(?:and|but|so|then|though)[,]?\s+)*[\w'’-]+\s+(?:didn't|did not|never)\s+"
    r"(?:say|mention|comment on|bring up)\b"
)
# Clauses that say nothing about the user: "that's all", "nothing else".
_NO_ITEM = re.compile(r"^(?:that's (?:it|all)|nothing (?:else|more)|not much (?:else|more))\b")
# The speaker's own verdict on themselves, not the other side's: "I think I nailed the case study".
_OWN_VERDICT = re.compile(
    r"^(?:(?:and|but|so|yeah|well|look|also|honestly|personally|still|though)[,]?\s+)*i\s+(?:really\s+|still\s+)?"
    r"(?:think|reckon|feel|felt|thought|guess|suppose|suspect|believe)[,]?\s+(?:that\s+)?(?:i|i'm|i've|i'd|my)\b"
)
# Thanks for how the other side behaved: "was frank with me, which I appreciated" is no note about the user.
_THEIR_MANNER = re.compile(
    r"^(?:(?!\b(?:i|i'm|i'd|i've|my|me|we|our|us)\b).)*,\s*which i (?:really )?appreciated?\b"
    # "She was lovely, by the way", "nice guy, talks a mile a minute", "she was sweet about it".
    r"|^(?:(?:and|but|so|oh|honestly|anyway)[,]?\s+)*(?:(?:she|he|they)(?:'s| is| was| were|'re| are| seemed)?\s+)?"
    r"(?:(?:really|very|so|super|quite|just)\s+)?(?:lovely|sweet|nice|kind|friendly|chatty|polite|pleasant|a sweetheart"
    r"|nice (?:guy|lady|woman|man|bloke|fella)|(?:a )?(?:lovely|nice|sweet|kind) (?:guy|lady|woman|man|bloke|fella"
    r"|person))(?: about it)?\b(?!\s+(?:about|that|to say|of him|of her|of them)\b)"
    r"(?:(?!\b(?:my|i|i'd|i've|i'm|me|we|our|us|said|says|told)\b)[^.]){0,50}$"
    # An aside the speaker marks as such: "her assistant brought cookies, not relevant".
    r"|^.*,\s*(?:not relevant|irrelevant|but whatever|never mind that)\s*$"
)


def _classify_one(clause: Clause, text: str, lowered: str, previous: str | None, attributed: bool) -> str | None:
    if _ABOUT_THE_MEMO.search(lowered):
        return NOTHING
    if not attributed and _SELF_TALK.match(lowered) and not _attributed(text, lowered):
        return ACTIONS
    if _is_action(clause, lowered, previous):
        return ACTIONS
    if _PROBING_QUESTION.match(lowered):
        return CONCERNS
    if NO_FEEDBACK.search(lowered) or _NO_ITEM.search(lowered) or _THEY_ASKED.match(lowered):
        return NOTHING
    if _TOPIC_ONLY.match(lowered) or _NOT_SAID.match(lowered):
        return NOTHING
    if _THEIR_MANNER.match(lowered):
        return NOTHING
    # "He recommended I review X before the next round" is advice even though it mentions a round.
    if _STRONG_ADVICE_CUE.search(lowered) and not _CONDUCT.search(lowered):
        return ADVICE
    labelled = next((name for name, label in SECTION_LABELS.items() if label.match(lowered)), None)
    if labelled:
        return labelled
    if is_outcome_statement(lowered) or _CONDUCT.search(lowered):
        return CONCERNS if REJECTED.search(lowered) and REASON.search(lowered) else NOTHING
    # "The weak part was X, I kind of fumbled Y": the rest of a sentence giving feedback goes on giving it.
    attributed = attributed or _attributed(text, lowered) or (previous in (STRENGTHS, CONCERNS) and clause.position > 0)
    return _feedback_section(lowered, attributed, previous)

"""Classify the call's outcome and whether any feedback was given."""

from __future__ import annotations

import re

_OTHER_CANDIDATE = (
    r"(?:another|a different|other|the other|one of the other|someone|somebody|a candidate|an? (?:internal|external"
    r"|stronger|more \w+|different) (?:candidate|applicant|person)|(?:the |an? )?(?:internal|external) (?:candidate"
    r"|applicant|hire)|a person|an applicant)"
)
_NEGATED = r"(?:didn't|did not|don't|do not|won't|will not|no|not|never|haven't|have not|hasn't|wasn't)"

REJECTED = re.compile(
    rf"\b(?:went|go|going|gone|decided to go|chose|choose|chosen|picked|selected|hired"
    rf"|moving forward|move forward|proceeding|proceed|gave (?:it|the(?: [\w-]+){{1,3}}) to"
    rf"|offered (?:it|the(?: [\w-]+){{1,3}}) to)\s+(?:with\s+)?{_OTHER_CANDIDATE}"
    r"|\bnot (?:been |being )?(?:selected|chosen|successful|shortlisted|hired|moving (?:forward|ahead)|progressing"
    r"|proceeding|advancing|going (?:forward|ahead)|taking (?:me|my application|it) (?:forward|further)|offered)\b"
    r"|\b(?:won't|will not|wouldn't|would not|aren't|are not|isn't|is not|not) (?:be )?(?:moving|going|taking|"
    r"proceeding|progressing|advancing)(?: \w+)? (?:forward|ahead|further)\b"
    rf"|\b{_NEGATED} (?:get|getting|got) (?:it|the(?: [\w-]+){{0,3}} (?:job|role|position|offer|gig|post)|an offer"
    r"|through|selected|hired)\b"
    r"|\brejected\b|\brejection\b|\bturned (?:me )?down\b|\bunsuccessful\b|\b(?:position|role|job) (?:has been|was|is)"
    r" (?:already )?filled\b|\bfilled the (?:role|position|job)\b|\bno longer (?:being )?consider|\bpass(?:ed|ing)? on "
    r"(?:me|my application)\b|\bdecided against\b"
    r"|\b(?:decided|chose|chosen|going|opted) not to (?:move|go|proceed|progress|continue|advance"
    r"|take (?:me|it|things))(?: \w+)? ?(?:forward|ahead|further)?\b|\bit'?s a no\b"
    r"|\bdidn't make (?:it|the cut)\b|\bdid not make (?:it|the cut)\b"
    r"|\bnot (?:the|a) (?:right )?(?:fit|match) for (?:this|the) (?:role|position|job)\b|\bbad news\b"
    r"|\b(?:they|she|he|the \w+)(?: just| basically)? (?:said|says|told me) no\b(?! (?:to|problem|worries|rush|need))"
    r"|\b(?:it|answer)(?:'s| is| was) (?:a |still a )?(?:no|hard no|pass)\b(?! \w+ (?:feedback|decision|news))"
    r"|\bwent (?:in )?(?:another|a different) direction\b|\b(?:decided|chose|opted) to pass\b"
    r"|\b(?:they|(?:the|their|her|his) client(?: [\w&'-]+){0,3}) (?:have |has |ultimately |just )?passed\b"
    r"(?! (?:the|my|a|an|with|by|it|through|along|over|me the))"
    r"|\b(?:won't|will not|wouldn't|not) be (?:making|extending|offering) (?:me )?(?:an? |the )?offer\b",
)
OFFER = re.compile(
    r"\b(?:got|received|have|get|getting|accepted|receiving)\s+(?:the|an|a|their|my)\s+(?:job\s+|formal\s+|verbal\s+"
    r"|written\s+|official\s+|final\s+)?offer\b|\boffered me (?:the|a|an)\b|\b(?:made|extended|gave|give|giving|make"
    r"|making|extend|extending) me (?:an? |the )?(?:\w+ )?offer\b|\b(?:they're|they are|she's|he's) offering me\b"
    r"|\b(?:i )?got the(?: [\w-]+){0,3} (?:job|role|position|gig|post)\b|\bgot hired\b|\boffer letter\b"
    r"|\bjob offer\b|\bwants? to hire me\b"
    r"|\b(?:extend|extending|extended|making|put together|putting together|sending|sent) (?:me )?(?:an?|the|their)"
    r" (?:\w+ )?offer\b|\boffer(?:ing|ed|s)? me (?:the|a|an|that)\b|\b(?:wants?|going|gonna|plan(?:ning)?|decided|like)"
    r" to (?:offer|hire) me\b|\b(?:want|wants|going|gonna|plan(?:ning)?|decided|like) to make me an? (?:\w+ )?offer\b",
)
NEXT_ROUND = re.compile(
    r"(?<!my )\b(?:next|second|third|fourth|final|last|another|follow[- ]up|technical|onsite|on-site|in-person"
    r"|in person|panel)\s+(?:round|stage|interview)s?\b|\bon-?site\b|\bmoving (?:me )?(?:forward|ahead)\b"
    r"|\bmove (?:me )?(?:forward|ahead)\b|\bmoved (?:me )?(?:forward|ahead|on)\b|\bprogress(?:ing|ed)? (?:me )?to\b"
    r"|\badvanc(?:e|ed|ing) (?:me )?to\b|\bcome back (?:in|for)\b|\binvited me (?:to|for|back)\b"
    r"|\bthrough to the\b|\bshortlisted\b|\bsuper ?day\b|\bnext step(?:s)? (?:is|are|will be) (?:a|an|the) "
    r"(?:\w+ )?(?:interview|call|round|meeting|chat)\b"
    r"|\b(?:schedul\w*|set(?:ting)? up|book\w*|arrang\w*) (?:my|the|a) (?:next|second|third|final|follow[- ]up) "
    r"(?:interview|round)\b"
    r"|\b(?:see|meet) me again\b|\b(?:come|coming) back (?:and|to) (?:meet|talk|interview|present)\b"
    r"|\b(?:like|want|wants|invited|inviting|asked|asking) me (?:to )?(?:come |back )*(?:in |back |on site |onsite )"
    r"(?:for|to|and)\b|\bmeet the (?:rest of the )?(?:wider )?team\b"
    r"|\b(?:bring|bringing|have|having|want|wants|invite|invited|inviting|ask|asked|asking|get|getting) me back\b"
    r"|\b(?:want|wants|like|invited|inviting|asked|asking) me to (?:do|give|teach|run|deliver|complete|come in for"
    r"|take|sit) (?:a|an|the) (?:[\w-]+ ){0,2}?(?:teaching demo|demo lesson|sample lesson|interview|round|assessment"
    r"|take[- ]?home|trial (?:day|shift)|shadow(?:ing)? (?:shift|day)|working interview)\b",
)
PENDING = re.compile(
    r"\bstill (?:deciding|deliberating|interviewing|considering|thinking|discussing|reviewing|talking|evaluating"
    r"|weighing|making up|comparing|waiting|meeting)\b|\b(?:haven't|have not|hasn't|has not) (?:yet )?(?:decided"
    r"|made (?:a|their|the) (?:final )?decision)|\bno decision\b|\bnot (?:yet )?decided\b|\bundecided\b"
    r"|\b(?:will|'ll|gonna|going to|should) (?:let me know|get back to me|decide|make (?:a|the|their) (?:final )?"
    r"decision|be in touch|come back to me|reach out)\b|\bwaiting (?:to hear|for (?:their|a|the) (?:final )?"
    r"(?:decision|answer|response))\b|\bon hold\b|\bbetween me and\b|\bdecision (?:by|on|next|in|early|later"
    r"|end of)\b|\bhear back\b",
)
# Weaker signs of a decision still to come, trusted only in a memo about hiring.
_PENDING_WEAK = re.compile(
    r"\bstill (?:finishing|wrapping up|doing|seeing|going through|working through|collecting|gathering|getting)\b"
    r"|\b(?:haven't|have not|hasn't|has not) (?:yet )?heard\b|\bno (?:news|word|update|decision) yet\b"
    r"|\b(?:will|'ll|should|would|gonna|going to|hope to|expects? to) (?:know|decide"
    r"|have (?:an|a|the|their) (?:final )?(?:answer|decision)|get (?:an|a|the) (?:answer|decision)|hear)\b"
    r"|\b(?:get|have) an answer\b",
)
NO_FEEDBACK = re.compile(
    r"\b(?:couldn't|could not|can't|cannot|wouldn't|would not|won't|will not|didn't|did not|unable to|not able to"
    r"|not allowed to|weren't able to|wasn't able to)\s+(?:really\s+)?(?:share|give|provide|offer|tell me|go into"
    r"|get into|say)\b(?:\s+(?:me\s+)?(?:much|any|more|specific|detailed|real|details|feedback|why|anything))"
    r"|\bno (?:specific |real |detailed |actual |useful |concrete )?feedback\b"
    r"(?!,? (?:beyond|other than|except|apart from|besides|aside from|but)\b)"
    r"|\b(?:didn't|did not|don't|do not|never) (?:get|have|receive|got) (?:any |much )?(?:specific |real |detailed "
    r"|actual |useful |concrete )?feedback\b|\bcompany policy\b|\bpolicy (?:is )?not to\b"
    r"|\b(?:doesn't|don't|do not|does not) (?:give|share|provide) (?:any )?feedback\b|\bwithout (?:any )?feedback\b",
)
_OFFER_NEGATED = re.compile(rf"\b{_NEGATED}\b(?:\s+\w+){{0,2}}\s*$")


def _has_offer(text: str) -> bool:
    text = text.lower()
    return any(not _OFFER_NEGATED.search(text[max(0, m.start() - 30) : m.start()]) for m in OFFER.finditer(text))


# Words that show the memo is about a hiring process: without them (a client's or a manager's feedback),
# "they'll decide next week" or "the next meeting" say nothing about a job outcome.
HIRING = re.compile(
    r"\b(?:interview\w*|role|position|job|opening|vacancy|candidates?|applicants?|application|applied|recruit\w*"
    r"|hiring|hire|hired|shortlist\w*|talent|headhunter|cv|resume|résumé|rounds?|onsite|on-site|hr)\b"
)


def classify_outcome(text: str) -> str:
    """Return offer, rejected, next_round, pending or unknown for the whole memo."""
    text = text.lower()  # patterns are lower case; matching without IGNORECASE is several times faster
    if _has_offer(text):
        return "offer"
    if REJECTED.search(text):
        return "rejected"
    hiring = bool(HIRING.search(text))
    if hiring and NEXT_ROUND.search(text):
        return "next_round"
    if PENDING.search(text) or (hiring and _PENDING_WEAK.search(text)):
        return "pending"
    return "unknown"


def is_outcome_statement(clause: str) -> bool:
    """True when a clause only reports the decision ("they went with another candidate")."""
    clause = clause.lower()
    return bool(
        _has_offer(clause)
        or REJECTED.search(clause)
        or NEXT_ROUND.search(clause)
        or PENDING.search(clause)
        or _PENDING_WEAK.search(clause)
    )


def said_no_feedback(text: str) -> bool:
    """True when the memo says no feedback was (or could be) given."""
    text = text.lower()
    return bool(NO_FEEDBACK.search(text))

"""Classify the call's outcome and whether any feedback was given.

The memo is read sentence by sentence for signs of a decision, each with its kind (offer, rejected, next_round,
pending) and where it was said. A sign does not count when its mood or subject says otherwise: a condition ("if
they make me an offer"), a negation ("it's not an offer yet"), a belief ("I thought they'd gone with someone
else"), someone else getting it ("the offer went to an internal candidate" counts as rejected), the speaker's own
to-do ("I need to set up a meeting"), a stage already past ("feedback from the technical interview"), another
company's process ("I have another interview at Domstadt Re"), or what the speaker took back ("send the signed
offer back — wait, no, not yet"). A hedged sign ("they'll probably offer me the job") is a wait.

Of what is left, a decision (offer, rejected) wins over a stage (next_round), which wins over a wait (pending);
between decisions, the last one said wins. A deal won or a promotion granted is an offer; a next meeting a
client books is a next round, in any kind of call; signs that only a hiring memo makes clear are `weak`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (
    ACQUAINTANCE,
    ACTION_VERBS,
    CONDITIONAL,
    NEGATED_AUX,
    NEGATION,
    OTHER_PARTY,
    SELF_CORRECTION,
    SPEECH_VERBS,
)
from .names import find_people_and_companies

_OTHER_CANDIDATE = OTHER_PARTY
_NEGATED = rf"(?:{NEGATED_AUX})"
# What a client buys or a manager grants: "we've won the rebrand", "they accepted the proposal".
# What the other side may not have given yet: "no news yet", "it's no feedback", "Update: no word".
_NEWS = r"news|word|update|decision|feedback|answer|response|reply"
# A spoken or dictated label for the decision: "Outcome: won", "bottom line, still deciding" (a colon heard as a
# comma, as Whisper writes it).
_VERDICT_LABEL = (
    r"\b(?:outcome|result|status|verdict|decision|upshot|update|headline|bottom line)\s*(?::|—|-|,|\bis\b|\bwas\b)\s*"
)
_WORK = (
    r"(?:work|job|contract|deal|account|bid|pitch|tender|project|business|brief|gig|rebrand|follow-on|retainer"
    r"|proposal|quote|order|renewal|extension|promotion|raise|pay rise|role|position|sale)"
)

REJECTED = re.compile(
    rf"\b(?:went|go|going|gone|decided to go|chose|choose|chosen|picked|selected|hired|appoint|appointed|decided for"
    rf"|decided on"
    rf"|(?:gone|went|going|go) ahead|(?:moving|move|moved) (?:forward|ahead)|proceeding|proceed"
    rf"|(?:give|gives|gave|given|giving|offer|offers|offered|offering|award|awarded) (?:it|the(?: [\w-]+){{1,3}}) to)"
    rf"\s+(?:with\s+)?{_OTHER_CANDIDATE}"
    r"|\bnot (?:been |being )?(?:(?:selected|chosen|hired)(?! (?:anyone|anybody|any|a|an|the|someone|somebody"
    r"|yet)\b)|successful|shortlisted|moving (?:forward|ahead)|progressing"
    r"|proceeding|advancing|going (?:forward|ahead)|taking (?:me|my application|it) (?:forward|further)|offered)\b"
    r"|\b(?:won't|will not|wouldn't|would not|aren't|are not|isn't|is not|not) (?:be )?(?:moving|going|taking|"
    r"proceeding|progressing|advancing)(?: \w+){0,2} (?:forward|ahead|further)\b"
    rf"|\b{_NEGATED} (?:get|getting|got|win|winning|won) (?:it|the(?: [\w-]+){{0,3}} (?:job|role|position|offer|gig"
    r"|post|promotion|contract|work|bid|pitch|tender|deal)|an offer|through|selected|hired)\b"
    r"|\b(?:was|were|been|got|get|getting|i'm|i am) rejected\b|\b(?:a|the|their) rejection\b"
    rf"|\brejected (?:me|us|my application|my candidacy|our (?:[\w-]+ )?{_WORK})\b"
    # Said without the past tense: "dem don reject our proposal", "they reject my application".
    rf"|\b(?:they|dem|don|done|she|he) reject (?:me|us|my application|our (?:[\w-]+ )?{_WORK})\b"
    r"|\b(?:wasn't|weren't|was not|were not) successful\b|\boffer(?:ed|s|ing)?\b(?:\s+[\w-]+){0,4}?\s+to\s+"
    rf"{_OTHER_CANDIDATE}|\b(?:decided|chosen|chose|opted) not to (?:renew|continue|extend|go ahead|proceed|sign|buy"
    r"|commission|hire|promote|offer)\b|\bnot (?:going to|gonna) (?:proceed|progress|move forward|go ahead"
    r"|take (?:it|me|things) (?:forward|further))\b"
    r"|\bturned (?:me |us )?down\b|\bunsuccessful\b"
    r"|\b(?:position|role|job|post|vacancy|opening) (?:has been|was|is|'s|has) (?:already |now )?(?:filled|closed)\b"
    r"|\bfilled the (?:role|position|job|post|vacancy)\b|\b(?:they've|they have|they|have|has) (?:already )?filled it\b"
    r"|\bno longer (?:being )?consider|\bpass(?:ed|ing)? on (?:me|my application|us)\b|\bpass(?:ed"
    r"|ing)? on our (?:bid|proposal|quote|pitch|offer|tender)\b|\bdecided against\b"
    r"|\b(?:decided|chose|chosen|going|opted) not to (?:move|go|proceed|progress|continue|advance"
    r"|take (?:me|it|things))(?: \w+)? ?(?:forward|ahead|further)?\b"
    # (but "he didn't make it a big deal" is an idiom about how something was said)
    r"|\bdid(?:n't| not) make (?:it|the cut)\b(?! (?:a|an|into a) (?:big |huge )?(?:deal|thing|issue|problem|drama))"
    r"|\bnot (?:the|a) (?:right )?(?:fit|match) for (?:this|the) (?:role|position|job)\b"
    r"|\b(?:they|she|he|the \w+)(?: just| basically)? (?:said|says|told me) no\b(?! (?:to|problems?|worries|worry"
    r"|rush|need"
    r"|complaints?|issues?|concerns?|doubt|decision|feedback|news|word|update|answer|reply|response|way|one|idea"
    r"|more|further|other|offer|date|timeline|details?|comments?|real|specific|formal|final|set|clear|firm)\b)"
    r"|\b(?:it|answer|that|verdict|outcome|result|decision)(?:'s| is| was|:) (?:a |still a )?(?:no|hard no|pass"
    r"|no-go)\b(?![-'])"
    rf"(?! \w+ (?:feedback|decision|news))(?! (?:{_NEWS}|comments?)\b)"
    r"|\b(?:go|going|gone|went) (?:in )?(?:another|a different) direction\b|\boff the table\b"
    r"|\b(?:promotion|raise|pay rise|offer|role|job|deal|contract|work|project) (?:isn't|is not|wasn't|was not|'s not)"
    r" (?:possible|happening|going ahead|on the table|available|approved)\b|\b(?:decided|chose|opted) to pass\b"
    r"|\b(?:they|(?:the|their|her|his) client(?: [\w&'-]+){0,3}) (?:have |has |ultimately |just )?passed\b"
    r"(?! (?:the|my|a|an|with|by|it|through|along|over|me the))"
    r"|\b(?:won't|will not|wouldn't|not) be (?:making|extending|offering) (?:me )?(?:an? |the )?offer\b"
    # The work or the job went elsewhere: "lost to an in-house build", "the offer went to an internal candidate".
    rf"|\blost (?:it|out|to|the (?:[\w-]+ ){{0,2}}{_WORK})\b|\bwe(?:'ve| have)? lost\b"
    rf"|{_VERDICT_LABEL}(?:we\s+)?(?:lost|unsuccessful|declined"
    rf"|no(?! (?:{_NEWS}|change|date)))\b"
    rf"|\bas lost\b"
    rf"|\blost log\b"
    rf"|\b(?:offer|role|job|position|post|promotion|contract|gig|bid|tender|work|it) (?:went|has gone|is going|will go"
    rf"|was given|has been given|was offered|has been offered|was awarded|has been awarded) to {_OTHER_CANDIDATE}"
    r"|\b(?:hired|filled|promoted|recruited|went|going|gone|decided to go)(?: \w+)? internal(?:ly)?\b"
    r"|\b(?:going|gone|went|go|chosen|chose|picked|selected|opted for|sticking|stick|stay|stayed|staying)"
    r" with (?:a|an|the|their) (?:[\w-]+ ){0,3}?(?:tool|agency|supplier|provider|vendor|firm|team|option|company"
    r"|system|consultancy|competitor|solution|platform|product|build|partner|studio|incumbent|one|university)\b"
    r"|\b(?:chose|chosen|picked|went with|going with|gone with|opted for|decided on|selected)\b[^.]{0,50}\binstead\b"
    r"|\b(?:not|n't|never)\s+(?:going to |gonna )?go(?:ing)? ahead\b|\b(?:not|n't) (?:going to|gonna) happen\b"
    r"|\b(?:isn't|is not|wasn't|not) happening\b|\b(?:withdrew|withdrawn|rescinded|pulled|retracted) (?:the|my"
    r"|their) offer\b|\bpulled (?:the|their) (?:plug|project|funding|budget|pilot|contract)\b"
    r"|\b(?:project|pilot|contract|deal|proposal|engagement|retainer)(?:'s| is| was| got| has been| have been)?"
    r" (?:been )?(?:cancelled|canceled|scrapped|axed|shelved|binned|killed)\b"
    r"|\bsaid no to (?:the|our|my) (?:[\w-]+ ){0,2}?(?:proposal|bid|quote|pitch|offer|tender|plan|pilot|idea|design)\b"
    r"|\b(?:they|he|she|the \w+)(?: have| has|'ve)? declined (?:our|the|my)\b"
    r"|\b(?:go|going|gone|went|take|taking|took|buy|buying) (?:it |their business |the work )?elsewhere\b"
    r"|\b(?:not|n't|never) (?:going to |gonna )?(?:use|hire|appoint|choose|pick|select|go with|work with|buy from"
    r"|sign with) us\b|\b(?:went|going|gone|chose|chosen|picked|opted for|decided on) (?:with )?(?:a|an|the|their) "
    r"(?:cheaper|other|different|rival|competing|lower|local|bigger|larger|existing|current|in-house|internal|external"
    r"|competitor's|cheapest)\b|\b(?:it|the work|the job|the contract|the role)(?:'s| has| is)? gone to\s+"
    rf"{_OTHER_CANDIDATE}",
)
# The other side, as the subject of a decision.
_THEM = (
    r"(?:they|he|she|the (?:client|board|committee|panel|trustees|owner|partners|directors|council|customer|family"
    r"|buyer|md|ceo|founders?))"
)
OFFER = re.compile(
    r"\b(?:got|received|have|get|getting|accepted|receiving)\s+(?:the|an|a|their|my)\s+(?:job\s+|formal\s+|verbal\s+"
    r"|written\s+|official\s+|final\s+)?offer\b|\boffered me (?:the|a|an|this|that)\b|\b(?:made|extended|gave|give"
    r"|giving|make"
    r"|making|extend|extending) me (?:an? |the )?(?:\w+ )?offer\b"
    r"|\b(?:they're|they are|she's|he's) offering (?:me\b|it\b(?! to))"
    r"|\b(?:i )?got the(?: [\w-]+){0,3} (?:job|role|position|gig|post|promotion)\b|\bgot hired\b|\boffer letter\b"
    r"|\boffering (?:me )?(?:the|a|an)(?: [\w-]+){0,4}? (?:job|role|position|post|contract|placement|gig)\b"
    r"|\bjob offer\b|\bwants? to hire me\b|\b(?:they|she|he)(?:'ll| will) offer\b"
    rf"|\b{_THEM}(?:'ve| have| has)? (?:accepted|agreed to|met|matched) (?:my|our) (?:counter[- ]?offer|counter"
    r"|number|asking rate|terms)\b"
    r"|\b(?:offered|gave|given|giving|offering) (?:it|the (?:[\w-]+ ){0,2}?(?:job|role|position|post|gig"
    r"|promotion|contract)) to me\b|^\W*(?:we )?won\W*$"
    r"|\b(?:rollout|roll-out|deal|contract|proposal|quote|budget|extension|renewal|promotion|raise|order"
    r"|phase (?:one|two|three|1|2|3)"
    r"|retainer|project)(?: [\w-]+)? (?:agreed|approved|confirmed|signed|accepted|green-?lit)\b"
    r"|\b(?:extend|extending|extended|making|put together|putting together|sending|sent) (?:me )?(?:an?|the|their)"
    r" (?:\w+ )?offer\b|\boffer(?:ing|ed|s)? me (?:the|a|an|that)\b|\b(?:wants?|going|gonna|plan(?:ning)?|decided|like)"
    r" to (?:offer|hire) me\b|\b(?:want|wants|going|gonna|plan(?:ning)?|decided|like) to make (?:me|you) an?"
    r" (?:\w+ )?offer\b"
    r"|\b(?:like|want|wants|pleased|happy|delighted|going|decided) to offer you\b|\bverbal offer\b"
    r"|\b(?:it's|that's|it is|that is) (?:an|the|a (?:verbal|formal|written|conditional)) offer\b"
    # A client buying: "we've won the rebrand", "they're going with us", "he's signing up for spring".
    r"|\bwe(?:'ve| have)? (?:got|won|landed|secured|clinched) it\b|\bi(?:'ve| have)? got it\s*!"
    r"|\bi(?:'ve| have)? got it\b(?=\W+(?:\w+\W+){0,2}(?:the )?(?:promotion|job|role|raise|position|contract|offer))"
    # "The regrading application has gone through the panel", "I'm moving up to Grade 6".
    r"|\b(?:application|regrading|promotion|promotion case|business case)(?: has| had)? (?:gone|went|got) through\b"
    r"(?! (?:to|into|for)\b)"  # not "went through to the final round"
    r"|\b(?:i'm|i am) moving up to (?:grade|band|level|pay band|step)\b"
    r"|\b(?:i'm|i am) getting the (?:[\w-]+ ){0,4}?(?:post|job|role|position)\b(?! (?:description|spec|details|pack))"
    # "Promotion panel result, I got it."
    r"|\b(?:promotion|job|role|raise|position|contract|transfer)\b[^.!?]{0,30}\bi(?:'ve| have)? got it\b"
    rf"|\b(?:won|landed|secured|clinched|bagged) (?:it|the (?:[\w-]+ ){{0,3}}?{_WORK})\b"
    r"|\b(?:going|gone|went|go|chose|choose|chosen|picked|selected|opted for) (?:with |for )?us\b"
    r"|(?<!i'm )(?<!i am )(?<!i'll )(?<!also )\b(?:went|going|gone) for it\b"  # "someone else also going for it"
    r"|\b(?:he's|she's|they're|he is|she is|they are|i'm|i am) in\b(?=\s*[.!,]|$)"
    # "So we're on!" where a clause starts, not "the framework we're on".
    r"|(?:^|(?<=[,;:!] )|(?<=\bso )|(?<=\band )|(?<=\bthen )|(?<=\bsaid )|(?<=\bsays ))"
    r"we(?:'re| are) on\b(?=\s*[.!,]|$)"
    r"|\b(?:they|he|she|they've|he's|she's|the (?:board|client|committee|panel|team|trustees))(?: have| has)?"
    r"(?: just| finally| now)? (?:said|say|says) yes\b(?! to (?:a|the|another|one more) (?:[\w-]+ )?(?:round|interview"
    r"|stage|meeting|call|demo|chat))|\b(?:gave us|given us|got) (?:a |the )yes\b|\bverbal yes\b"
    r"|\b(?:it's|that's|it is) a yes\b(?! (?:for|to) (?:the |a |another )?(?:[\w-]+ )?(?:round|interview|stage|step"
    r"|meeting|call))"
    r"|\b(?:they're|they are|he's|she's|he is|she is|they'll|he'll|she'll)\s+(?:just\s+)?(?:signing|sign)\b"
    r"|\b(?:they|he|she) signing\b"  # "Confirm already, they signing the contract"
    r"|\b(?:he's|she's|they're|they've|he has|she has|they have) (?:just )?(?:signing|signed) (?:up|on)\b"
    rf"|\baccepted (?:our|the|my) (?:[\w-]+ ){{0,3}}?{_WORK}\b"
    # A client carrying on: "she wants to keep going for term two".
    r"|\b(?:he|she|they|the client)(?: \w+)? (?:wants?|is keen|are keen|is happy|are happy) to (?:keep going"
    r"|carry on|continue)\b(?! (?:with (?:the )?(?:other|interview|search|process)|interviewing|looking))"
    r"|\b(?:he|she|they|the (?:board|client|committee|trustees|owner|team))(?: \w+)? (?:wants?|agreed|decided|happy"
    r"|keen)"
    r" to (?:go ahead|proceed|sign|commit|buy)\b(?! (?:with (?:a|the) )?(?:trial|pilot))"
    r"|\b(?:gave|given|got|have) (?:us |me )?(?:the )?(?:go-?ahead|green light)\b"
    r"|\b(?:they|he|she|the client|the board|the customer)(?:'ve| have| has)? (?:just |finally |now )?signed"
    r" (?:the|our|off|on)\b|\bapproved (?:my|the|our) (?:[\w-]+ ){0,2}?(?:promotion|raise|pay rise|proposal|budget"
    r"|quote"
    r"|bid|plan|business case|contract|order)\b|\bconfirmed (?:the|our|my) (?:[\w-]+ ){0,2}?(?:deal|order|contract"
    r"|booking"
    r"|promotion|raise|pay rise|offer)\b"
    rf"|\b(?:is|are|'s|'re) going ahead\b(?! with (?:(?:a|the) (?:trial|pilot)|{_OTHER_CANDIDATE}))"
    # A manager granting: "I'm being promoted", "I'm getting the pay rise".
    r"|\b(?:i'm|i am|i'll be|i will be|i've been|i have been|i was|i got|i'm getting|i am getting|getting|got"
    r"|been given|been granted|awarded|granted)\s+(?:the |a |my |an )?(?:\w+ )?(?:promotion|raise|pay rise|pay raise"
    r"|salary increase|pay increase)\b|\b(?:i'm|i am|i've been|i have been|i was|i'll be|i will be|getting) (?:being )?"
    r"promoted\b|\b(?:promotion|raise|pay rise|increase)(?:'s| is| was| has been| got|'s been) (?:approved|confirmed"
    r"|granted"
    r"|agreed|signed off)\b|\b(?:has |have )?(?:selected|chosen|picked) me\b(?! for (?:the |a )?(?:\w+ )?(?:round"
    r"|stage|interview))"
    # More ways a client says yes: "they've commissioned us", "it's a go", "he's agreed to the quote".
    r"|\b(?:commissioned|appointed|hired|engaged|retained|awarded|booked|rebooked|rebooking|re-booking) us\b"
    # "Offer!" said alone; "start date's the 3rd"; "Quote for the redesign: accepted minus the extras".
    r"|^\W*(?:an? |the |job )?offer\s*[!.]*\s*$|\bstart date(?:'s| is) (?:the |on )?\d"
    r"|\b(?:quote|proposal|bid|tender|pitch)\b[^.!?:]{0,40}:\s*(?:accepted|approved|agreed|signed|won)\b"
    r"|\bwe(?:'ve| have)? been (?:appointed"
    r"|commissioned|hired|engaged|retained|selected|chosen|awarded)\b|\b(?:placed|put in|confirmed|signed) (?:the|an"
    r"|their|a) (?:[\w-]+ ){0,2}?(?:order|po|purchase order)\b|\b(?:po|purchase order) (?:is "
    r"|was )?(?:being )?(?:raised"
    r"|coming|on its way|sent|signed)\b|\braise the po\b|\bit'?s a go\b|\bdone deal\b|\bdeal(?:'s| is) done\b"
    r"|\bclosed the deal\b|\b(?:it's|it is|the work is|the job is|the contract is|the deal is|the role is) (?:ours"
    r"|mine)\b"
    r"(?! to lose)|\b(?:agreed|signed up|said yes) to (?:the|our) (?:[\w-]+ ){0,2}?(?:quote|proposal|price|terms|plan"
    r"|bid"
    r"|pitch|package|budget|contract)\b|\bwe(?:'re| are| have been|'ve been)(?: now)? (?:their"
    r"|the) preferred (?:supplier"
    r"|partner|agency|vendor|bidder)\b|\brenew(?:ing|ed)? (?:the |our |their )?(?:contract|retainer|deal|subscription"
    r"|licen[cs]e|agreement|engagement|pilot)\b|\b(?:they're|they are|they've|they have|he's|she's|they'll) renewing\b"
    r"|\b(?:pilot|contract|retainer|deal|engagement|agreement|subscription)(?:'s| is| was| has been)?"
    r" (?:getting |being )?(?:renewed|extended)\b"
    r"|\b(?:extend|extending|extended) (?:the |our |their )?(?:contract|retainer|deal|engagement|agreement)\b"
    r"|\b(?:expand|expanding|expanded) (?:the |our |their )?(?:pilot|rollout|roll-out|contract|trial)\b"
    # A client talking to the speaker: "okay, we go with you".
    r"|\b(?:we|we'll|we will|we're going to|we've decided to|they'll|they will) go with you\b"
    r"|\b(?:wants?|agreed|decided|keen|plan(?:s|ning)?) to roll (?:it |this |them )?out\b"
    r"|\b(?:they're|they are|he's|she's|they'll|he'll|she'll) (?:going to )?(?:take|taking|buy|buying|going for|have"
    r"|having) (?:the|our) (?:[\w-]+ ){0,2}?(?:package|option|plan|tier|bundle|licen[cs]e|service|subscription"
    r"|retainer)\b"
    r"|\bgot the (?:[\w-]+ ){0,2}?(?:contract|deal|account|tender|bid|pitch|business|work|raise|pay rise)\b"
    r"|\b(?:he|she|they)(?:'s|'re| is| are) (?:happy|keen|ready|willing|good) to (?:proceed|go ahead|sign|move ahead)\b"
    rf"|\bthat'?s (?:it )?won\b|{_VERDICT_LABEL}(?:we\s+)?(?:won|yes|successful|signed|accepted|agreed)\b|"
    r"\b(?:i'm|i am|i've been|i have been"
    r"|i was|i got) hired\b|\bwe(?:'ve| have)? won\b"
    # The other side's yes, as subject, verb and object: "the board approved it", "she's signed the contract".
    rf"|\b{_THEM}(?:'ve|'s| have| has| had)?(?: just| finally| now| already| actually)? (?:accepted|approved|okayed"
    rf"|ok'd"
    rf"|signed|signed off on|bought|agreed to|commissioned|green-?lit) (?:it|this|the|our|us)\b(?! to\b)"
    rf"|\b{_THEM}(?:'ve|'s| have| has| had)?(?: just| finally| now| already)? (?:ordered|signed off|signed up)\b"
    r"(?! (?:for|to) (?:a|an|the|my|our|his|her|their) (?:[\w-]+ )?(?:newsletter|course|class|webinar|mailing|event"
    r"|talk|session|gym))"
    r"|\b(?:given|gave|give) us (?:the )?(?:work|job|contract|nod|thumbs up|green light|go-?ahead|business)\b"
    r"|\bthumbs up from\b|\bwants? us to (?:do|start|go ahead|crack on|get started|begin|build|deliver|run|handle"
    r"|take on)\b(?! (?:a|an|the|another|some) (?:[\w-]+ )?(?:trial|pilot|demo|workshop|presentation|pitch|proposal"
    r"|revised|second|test|sample|mock))|\b(?:he|she|they)(?:'s|'re| is| are)? (?:really |very |super )?(?:keen|ready"
    r"|happy|raring) to (?:get started|crack on|kick off|start|go)\b|\bwants to (?:go ahead|proceed|sign|commit|buy"
    r"|move ahead|get started|crack on)\b|\b(?:he|she|they)\b(?: [\w']+){1,4}? (?:wants?|agreed|decided) to (?:go ahead"
    r"|proceed|sign|commit|buy)\b",
)
NEXT_ROUND = re.compile(
    r"(?<!my )\b(?:next|second|third|fourth|final|last|another|follow[- ]up|technical|onsite|on-site|in-person"
    r"|in person|panel|one more|further)\s+(?:round|stage|interview)s?\b|\bon-?site\b|\bmoving (?:me |you )?(?:forward"
    r"|ahead)\b"
    r"|\bmove (?:me |you )?(?:forward|ahead)\b|\bmoved (?:me |you )?(?:forward|ahead|on)\b"
    r"|\bprogress(?:ing|ed)? (?:me )?to\b"
    r"|\badvanc(?:e|ed|ing) (?:me )?to\b|\bcome back (?:in|for)\b|\binvited me (?:to|for|back)\b"
    r"|\b(?:i'm|i am|i've been|i have been|i've got|i got|we're|we are|we've been) invited (?:to|for|back)\b"
    r"|\bthrough to (?:the\b|(?:final|next|second|third|last)\b)|\bshortlisted\b|\bsuper ?day\b"
    r"|\bnext step(?:s)? (?:is|are|will be) (?:a|an|the) "
    r"(?:\w+ )?(?:interview|call|round|meeting|chat)\b"
    r"|\b(?:schedul\w*|set(?:ting)? up|book\w*|arrang\w*) (?:my|the|a) (?:next|second|third|final|follow[- ]up) "
    r"(?:interview|round)\b"
    r"|\b(?:see|meet) me again\b|\b(?:come|coming) back (?:and|to) (?:meet|talk|interview|present)\b"
    r"|\b(?:like|want|wants|invited|inviting|asked|asking) me (?:to )?(?:come |back )*(?:in |back |on site |onsite )"
    r"(?:for|to|and)\b|\bmeet the (?:rest of the )?(?:wider )?team\b|\b(?:wants?|would like|'d like|asked"
    r"|invited) me to (?:come (?:in|back|over) )?(?:[\w-]+ ){0,3}?(?:to )?meet\b"
    r"|\b(?:bring|bringing|have|having|want|wants|invite|invited|inviting|ask|asked|asking|get|getting) me back\b"
    r"|\b(?:want|wants|like|invited|inviting|asked|asking) me to (?:do|give|teach|run|deliver|complete|come in for"
    r"|take|sit) (?:a|an|the) (?:[\w-]+ ){0,2}?(?:teaching demo|demo lesson|sample lesson|interview|round|assessment"
    r"|take[- ]?home|trial (?:day|shift)|shadow(?:ing)? (?:shift|day)|working interview)\b"
    r"|\b(?:do|have|for|to|doing|having) (?:a|the|my) final\b(?! (?:decision|answer|say|call|word|offer|version|draft"
    r"|copy|invoice|report|payment|check|number|figure|price|quote|sign|review of))",
)
# Tests and exercises that are a next stage in a hiring memo, but also what feedback is about ("they liked my
# take-home"): they count for the outcome only.
_NEXT_TESTS = re.compile(
    r"\b(?:want|wants|like|invited|inviting|asked|asking) me to (?:do|give|deliver|complete|take|sit) (?:a|an|the)"
    r" (?:[\w-]+ ){0,2}?(?:presentation|case study)\b"
    r"|\b(?:technical|coding|aptitude|psychometric|skills?) (?:test|challenge|exercise|assessment)\b"
    r"|\bassessment (?:centre|center|day)\b|\btrial (?:day|shift|week)\b|\btake[- ]home\b"
    r"|\b(?:scheduled|booked|arranged|set up|lined up) (?:an|a|the|my) (?:[\w-]+ )?(?:interview|call|chat|meeting)\b"
    r"|\b(?:panel|interview|onsite|final)(?: interview)? (?:is )?(?:next|this|on) (?:monday|tuesday|wednesday|thursday"
    r"|friday|week)\b|\binvited (?:me )?(?:to|for) (?:an? )?(?:interview|chat)\b"
    r"|\b(?:want|wants|would like|'d like|going|trying) to (?:schedule|book|arrange|set up|line up) (?:a|an|the|my|me)"
    r"\b|\b(?:final|onsite|on-site|interview|virtual) loop\b",
)
# Stages that say a process goes on, in any kind of call: "through to the final two", "a second meeting with
# their MD, now booked", "she wants me back for a final", "taking my promotion case to the committee".
_NEXT_STAGE = re.compile(
    # "Panel moved to Tues the 24th", "the final's been set for Monday".
    r"\b(?:panel|final|second interview|next interview|interview)(?:'s| is| has been)? (?:moved|rescheduled|set|booked"
    r"|confirmed) (?:to|for)\b|"
    r"\b(?:next|final|last|second|third|another|one more|further)\s+(?:round|stage|step|phase)s?\b(?!\s*:)(?! (?:is"
    rf"|was|would be|will be) to\b)(?<!steps)(?!,?\s+(?:{ACTION_VERBS})\b)"
    r"|\bnext stage\b|\bfinal (?:two|three|four|shortlist|presentation|pitch)\b"
    r"|\b(?:moving|move|moved|put|putting|taking|take|took) me (?:forward|ahead|through)\b|\bon the shortlist\b"
    r"|\bthrough to the (?:last|final|next) (?:two|three|four|five|few|round|stage)\b"
    r"|\b(?:second|follow[- ]on|further) (?:meeting|call|phase|presentation|demo|visit|review|workshop|session|chat"
    r"|study|stage)\b"
    r"|\b(?:booked|scheduled|arranged|(?:is|are|been|got|all) set up|lined up|being booked) (?:a |the |us |me )?"
    r"(?:[\w-]+ ){0,2}?(?:follow[- ]up|site visit|demo|meeting|call|presentation|visit)\b"
    r"|\b(?:wants?|would like|'d like|asked for) (?:a |the )?(?:[\w-]+ ){0,2}?(?:follow[- ]up|site visit|demo"
    r"|presentation|visit)\b|\b(?:site visit|demo|meeting|presentation|follow[- ]up)(?: [\w'-]+){0,4} (?:now )?booked\b"
    r"|\b(?:wants?|would like|'d like|asked|invited|inviting) (?:me|us) (?:back )?(?:to (?:come (?:in|back|over) )?"
    r"(?:[\w-]+ ){0,3}?(?:to )?(?:present|pitch|demo) to (?:the|their|her|his)\b|for (?:a|the) (?:final|second|next))"
    r"|\b(?:i'm|i am|we're|we are) through to the (?:[\w-]+ ){0,2}?(?:evaluation|round|stage|interviews?|final|panel"
    r"|assessment|shortlist|pitch)\b"
    r"|\bwants? me back\b|\b(?:i'm|i am|we're|we are|i'll be|we'll be) (?:in|through to)"
    r" the (?:next|final|last|second)\b|\bgot (?:us|me) through\b"
    r"|\b(?:as|on) a trial\b|\bextend the (?:pilot|trial)\b|\bnext (?:is|up is|will be|comes) (?:a|an|the)\b"
    r"|\bnext one (?:is|will be) (?:with|a|an|the)\b|\bnext up\s*[:,]?\s*(?:a |an |the )?(?:[\w-]+ )?(?:panel|round"
    r"|interview|stage|assessment)\b"
    r"|\b(?:move|moving|go|going|proceed|proceeding|progress|progressing) (?:on |forward |ahead )?(?:to|into|with)"
    r" phase (?:two|three|four|2|3|4)\b"
    r"|\bprogress(?:ing|ed)? me\b|\bmov(?:e|ed|ing) (?:me|us) (?:on )?(?:to|into|through to) (?:the|a|an)\b"
    r"|\bmoving on to (?:the )?(?:next|final|second|third|onsite|on-site|panel|last)\b"
    r"|\b(?:meet|meeting|talk|speak|pitch|pitching|present|presenting) (?:to (?:us|me|them) )?again\b"
    r"|\b(?:wants?|invited|invite|inviting|asked|asking) us back\b|\bwants? (?:me|us) to come back\b"
    r"|\bround (?:two|2|three|3)\b|\b(?:proof of concept|scoping (?:session|call|meeting|workshop)|discovery (?:session"
    r"|workshop))\b|\b(?:made|on|onto|to) the shortlist\b|\bpass(?:ed)? (?:the|my) (?:[\w-]+ ){0,2}?(?:screen|screening"
    r"|round|test|stage|interview|assessment)\b|\b(?:made it|got|i'm|i am) through (?:to|the)\b"
    r"|\b(?:wants?|would like|'d like|asked for|asking for)(?: to see)? (?:a |an |another |the )?"
    r"(?!revised|updated|amended|reworked|new version)(?:[\w-]+ )?(?:demo"
    r"|trial(?: run)?|pilot|proof of concept|mock-?up|prototype)\b|\bin the final (?:two|three|four|few)\b",
)
# "Feedback from the technical interview", "the second round was last week": a stage already past.
_PAST_STAGE = re.compile(
    r"\b(?:from|of|during|since|concerning|regarding|following|after) (?:the|my|their|that|this|our) (?:[\w-]+ ){0,2}$"
)
_MY_TODO = re.compile(
    r"\b(?:i|we)(?:'ll| will| need to| have to|'ve got to| should| must| want to|'d like to| can)(?: also)?\s+$"
    r"|\b(?:let me|remember to|don't forget to)\s+$"
    # A to-do said as a bare verb: "send the take-home write-up tomorrow" is about a stage done, not one to come.
    r"|(?:^|[,:;]\s*|\band\s+)(?:send|finish|submit|write up|upload|email|share|return)\s+(?:the|my)\s+$"
)
_HEDGED = re.compile(
    r"\b(?:might|may|could|possibly|maybe|perhaps|potentially|hopefully|probably|minded to|inclined to)\b"
    r"(?:\s+[\w']+){0,3}\s*$"
)
# "She's putting me forward for site manager, but it's not final, the panel decides": a stage that is a wait.
_NOT_FINAL = re.compile(
    r"^[^.;]*?\bbut (?:it's|it is|that's|that is|nothing's|nothing is) not (?:final|confirmed|definite)\b"
)
# "Prepare questions for the final, just in case": a stage that may not come.
_IN_CASE = re.compile(r"^[^.,;]{0,15}?,?\s*(?:just )?in case\b")
_I_WANT = re.compile(r"(?:want|going|trying|'d like|would like)\b")  # "I want to set up a draft": the speaker's
_MY_STAGE = re.compile(r"\b(?:my|your|the previous|the first|last|this week's|yesterday's|today's)\s+$")
_IN_A_TEST = re.compile(r"\b(?:in|on|with|into|for) (?:the|my|their|that|this|your)\s+$")
_PAST_AFTER = re.compile(r"^\s*(?:was|went|were|is over|had|last|yesterday|earlier|already|itself)\b")
PENDING = re.compile(
    r"(?<!i'm )(?<!i am )(?<!i was )\bstill (?:deciding|deliberating|interviewing|considering|thinking|discussing"
    r"|reviewing|evaluating"
    r"|weighing|making up|comparing|waiting|meeting|mulling|finalising|finalizing)\b|\bstill talking (?:to|with)\b"
    r"|\bstill in (?:the running|contention|the mix|the frame)\b"
    r"|\b(?:haven't|have not|hasn't|has not)"
    r" (?:yet )?(?:decided|(?:made|taken|took|take) (?:a|their|the|any) (?:final )?decision)"
    r"|\b(?:hadn't|had not|didn't|did not) (?:yet )?(?:decide|decided|(?:make|made|take|taken|took) (?:a|their|the|any)"
    r" (?:final )?decision)|\bno decision\b|\bnot (?:yet )?decided\b"
    r"|\bstill not (?:yet )?decid\w*"
    r"|\bundecided\b|\b(?:will|'ll|gonna|going to|should) (?:let (?:me|us) know|inform (?:me|us)"
    r"|get back to (?:me|us)|decide"
    r"|make (?:a|the|their) (?:final )?(?:decision|call)|be in touch|come back to (?:me|us)|reach out|revert)\b"
    r"|\bwaiting (?:to hear|for (?:their|a|the) (?:final )?(?:decision|answer|response)|on (?:the|their|a|that|him|her"
    r"|them|head office|the \w+))\b|\bbetween me and\b|\bdecision (?:by|on|next|in|early|later|end of)\b|\bhear back\b"
    r"|\b(?:come|coming|get|getting) back to (?:me|us)\b|\brevert\b|\bmulling\b|\bin limbo\b|\bpending\b"
    r"|\bno yes yet\b|\bwhich way (?:it'?s|it is) (?:going to|gonna) go\b"
    r"|\b(?:won't|will not|wouldn't|would not|can't|cannot|not going to|aren't going to|isn't going to)"
    r" (?:be able to )?"
    r"(?:decide|know|make (?:a|the|their) (?:final )?decision|have (?:a|an|the) (?:final )?(?:decision|answer))"
    r"(?: \w+)? (?:until|till|before|for)\b"
    r"|\bthinking it over\b|\bsleep on it\b|\b(?:offer|job|role|deal|contract)(?:'s| is) (?:basically |practically "
    r"|pretty much )?"
    r"(?:mine|ours) to lose\b|\b(?:might|may|could|should|likely to|hoping to|hope to|expect to|expecting to) (?:get"
    r"|receive)"
    r" (?:an|the) offer\b|\b(?:expecting|hoping for) (?:an|the) offer\b|\b(?:not|isn't|is not) (?:an|the) offer yet\b"
    r"|\bno offer yet\b|\b(?:haven't|have not|hasn't|has not) (?:yet )?(?:made|sent|given|extended) (?:me )?(?:an?|the)"
    r" (?:\w+ )?offer\b",
)
# More decisions, for the outcome only (REJECTED and OFFER also decide which clauses are feedback).
_REJECTED_MORE = re.compile(
    rf"\b(?:progress|progressing|go forward|going forward|continue|continuing) with {_OTHER_CANDIDATE}"
    r"|\b(?:won't|will not|not|aren't|are not|isn't) (?:be )?(?:progressing|proceeding with|moving forward with"
    r"|taking forward|advancing|continu(?:e|ing) with|going on with) (?:my|me|with me|the application|my candidacy)\b"
    r"|\b(?:won't|will not|wouldn't|would not|aren't|are not|not) (?:be )?offering (?:me|it to me)\b"
    # "They are not continuing after the pilot, they'll build it in-house".
    r"|\b(?:they|she|he|the client)(?:'re| are| is|'s)? not (?:continuing|renewing|extending)\b(?! to\b)"
    # Said plainly or in a sales tool's words: "no for the data job", "not taking me for the post", "closed lost".
    r"|(?<!or )\bno for (?:the|this|that|my|our) (?:[\w-]+ ){0,3}?(?:job|role|position|post|gig|application|contract"
    r"|bid|pitch|tender|promotion)\b|\b(?:not|n't|won't|will not) (?:be )?(?:tak(?:e|ing)|hir(?:e|ing)) me (?:on\b|for"
    r" (?:the|this|that) (?:[\w-]+ ){0,3}?(?:job|role|position|post|gig)\b)|\bclosed[- ]?lost\b"
    r"|\b(?:didn't|did not|don't|do not) (?:think|feel|believe) (?:i was|i'm|i am|i'd be) (?:the |a )?(?:right|good"
    r"|strong|best) (?:enough )?(?:fit|match|candidate)\b"
    r"|\bdid(?:n't| not) make (?:the shortlist|the (?:final|next) (?:round|stage|cut|list))\b"
    # A scheme's way of saying no: "the intake is now full, we have placed you in our talent pool".
    r"|\b(?:placed|put|keep|kept|added|adding|placing) (?:you|me) (?:in|on|to|into) (?:our|the|their) talent pool\b"
    r"|\b(?:intake|cohort|programme|scheme) is (?:now )?full\b"
    r"|\bdid(?:n't| not) get through\b|\b(?:closed|cancelled) the (?:role|position|vacancy|job|opening)\b"
    r"|\b(?:the other|another) (?:candidate|person|applicant|finalist) (?:accepted|got (?:it|the (?:job|role|offer)))\b"
    # "Bilal got the offer, not me".
    r"|\bgot (?:it|the (?:[\w-]+ )?(?:offer|job|role|position|post|place|contract|promotion)),? not me\b"
    rf"|\b{_OTHER_CANDIDATE} (?:was|were|is) (?:a )?(?:better|stronger|closer) (?:fit|match|suited)\b"
    r"|\b(?:chose|picked|went with|hired|selected|preferred) (?:[\w-]+ ){0,3}?(?:over me|instead of me)\b"
    r"|\b(?:i'm|i am|i was|we're|we are|we were) not through\b|\bno (?:promotion|raise|pay rise|offer|deal|contract"
    r"|job)\b(?!\s+(?:\w+\s+)?yet\b)(?! (?:decision|news|letter|details))"
    # "No raise talk, nothing like that", "no promotion or anything, it's just the review": none at stake.
    r"(?! (?:talk|discussion|conversation|chat|or anything|or whatever|on the table|involved|at stake)\b)"
    r"|\b(?:chose|picked|went with|hired|selected) (?:the )?(?:two|three|a couple of|a few|several) (?:others|other"
    r" (?:candidates|people))\b"
    # "The team is gonna pass", "they'll pass": the other side's no (the speaker passing is their own choice).
    r"|\b(?<!i )(?<!i'm )(?<!i am )(?:going to|will|'ll|decided to) pass\b(?! (?:it|the|this|that|along|through|by"
    r"|over|my|me the|him|her|them|on (?:the|this|that) (?:message|details|info)))",
)
_OFFER_MORE = re.compile(
    # "The promotion to staff engineer went through", "my application for the senior grade has been approved".
    r"\b(?:promotion|raise|pay rise|regrading|upgrade|application|bid|proposal|deal|contract|offer|transfer"
    r"|secondment|relocation)\b(?: [\w-]+){0,4}?"
    r" (?:went through|has gone through|came through|has come through|has been approved|was approved|got approved"
    r"|is approved|has been signed off|was signed off|got signed off)\b(?! (?:to|for) (?:the )?(?:next|second|third"
    r"|final|another))|"
    r"\b(?:move|moving|go|going) forward with (?:an|the|a formal|a verbal) offer\b|\bbring (?:me|us) on(?: board)?\b"
    r"|\b(?:purchase order|po|order) (?:came|has come|went|has gone) through\b"
    # "The practice sent the contract over", "they want the full programme, all five teams".
    r"|(?<!i )(?<!we )\bsent (?:me )?the (?:[\w-]+ )?contract over\b"
    r"|\b(?:they|she|he) wants? the (?:full|whole|complete) (?:programme|program|package|rollout|roll-out|service"
    r"|contract)\b"
    r"|\b(?:they're|they are|they'll|they will|he's|she's) rolling (?:it|this|them) out\b"
    r"|\bonboard me\b|\b(?:send|sending|sent) (?:me |over )*(?:the )?(?:offer )?paperwork\b"
    r"|\bcame back with (?:a|an|the|their) (?:[\w-]+ )?(?:number|figure|offer|package|salary)\b|\b(?:wants?"
    r"|would like|'d like) me to start\b|\b(?:they've|they have|they|she|he|she's|he's)(?: \w+)? (?:sent"
    r"|emailed|posted) (?:me )?(?:over )?(?:the|a) (?:[\w-]+ )?(?:contract|offer)\b"
    r"|\bi(?:'ve| have)? accepted\b(?! (?:that|the (?:feedback|decision|rejection)|it was|their decision))"
    r"|\bwelcome (?:to the team|aboard)\b|\b(?:i've been|i have been|i was|i'm|i am) successful\b"
    r"|\b(?:offer|contract)(?: details| letter| paperwork| pack)? (?:is |'s |are )?(?:coming|on its way|to follow"
    r"|in the post|being drawn up|being prepared)\b|\b(?:i'm|i am) (?:their|the) preferred candidate\b"
    r"|\b(?:they|the client|the company|the team) (?:really |totally |definitely )?wants? me\b(?=\s*(?:[.!,]|$|and\b"
    r"|so\b))"
    r"|\b(?:made|extended|sent|gave) (?:an|the|a) (?:[\w-]+ )?offer\b(?! to\b)|\boffer came (?:through|in)\b"
    r"|\b(?:they|she|he)(?:'ve| have| has)? offered\b(?! (?:to|it to|the \w+ to|me feedback|feedback|advice|help))"
    r"|\b(?:their|the) (?:top|first) (?:pick|choice)\b|\b(?:went|going|gone|opted) for (?:option \w+|the (?:full"
    r"|premium|standard|bigger|whole|complete)|our)\b|\b(?:chose|chosen|picked|selected|went with|going with|gone with)"
    r" (?:our|my) (?:[\w-]+ ){0,2}?(?:proposal|bid|quote|pitch|design|concept|tender|option|plan)\b"
    r"|\b(?:they|he|she)(?:'ll| will| would like to| want to| wants to) (?:proceed|go ahead|sign|commit)\b"
    r"|\b(?:move|moving|go|going) forward with (?:us|our (?:proposal|bid|quote|plan)|the (?:full|whole) )"
    # "Their team is renewing our support contract", "the warehouse job is now mine", "closed won".
    r"|\b(?:renew|renewing|renewed|extend|extending|extended) (?:the|our|their) (?:[\w-]+ ){1,2}?(?:contract"
    r"|retainer|deal|subscription|agreement|engagement)\b|\bclosed[- ]?won\b"
    r"|\b(?:it|the (?:[\w-]+ ){0,2}?(?:work|job|role|contract|deal|position|post|gig|promotion|account))(?:'s| is)"
    r"(?: now| officially| all| finally)? (?:ours|mine)\b(?! to lose)"
    r"|\b(?:they|he|she|the (?:client|customer|board|company))(?:'re|'ve|'ll| are| have| will| has| had| is|'s)?"
    r"(?: (?!not\b|never\b)\w+){0,2}? (?:go|goes|going|gone|went) ahead with\b(?! (?:(?:a|the) (?:trial|pilot)|"
    rf"{_OTHER_CANDIDATE}))"
    # The hiring side welcoming the speaker: "we'd love to have you, the offer follows".
    r"|\b(?:we'd|we would|we) (?:love|like|want) to have you\b"
    r"(?!,?\s*(?:pending|subject to|once|if|but|when|after|provided|assuming)\b)"
    r"(?=\s*(?:[.!,;]|$|on board|aboard|on the team|join))",
)
# Who else may have to say yes: "run it past the partners", "the decision sits with head office".
_DECIDERS = (
    r"(?:boss|board|partners?|director|ceo|md|manager|team|committee|accountant|wife|husband|parent company"
    r"|head office|finance|owner|trustees|procurement|legal|panel)"
)
# More signs of a wait, for the outcome only (a clause saying them may still carry feedback or advice).
_PENDING_MORE = re.compile(
    # "The ball's in their court", "nothing is settled", "the committee has not yet reached its decision".
    r"\bball(?:'s| is) in (?:their|his|her|the client's) court\b"
    # "The panel hasn't met yet", "the client gone quiet", "increment still KIV" (keep in view).
    r"|\b(?:panel|committee|board|they) (?:hasn't|haven't|has not|have not) (?:yet )?(?:met|sat|convened)\b"
    r"|(?<!i'm )(?<!i am )(?<!i was )(?<!i've )(?<!i )\b(?:gone|went|going|been) (?:quiet|silent)\b"
    r"(?! (?:when|while|for a (?:second|moment|bit|minute)|on the (?:line|phone|call)))"  # not a pause on the call
    r"|\bkiv\b|\bkeep in view\b"
    r"|\b(?:can't|cannot|couldn't|could not) give (?:me|us) (?:a|any|the) (?:final )?(?:decision|answer)\b"
    r"|\b(?:not yet|yet to) (?:reached|reach|made|make) (?:its|a|their|the) decision\b"
    r"|\bnothing (?:till|until) (?:she|he|they)(?:'s| is| are|'re) back\b"
    r"|\bexpect (?:a|their|the) (?:letter|decision|answer|call) in due course\b"
    # "They have two finalists left and expect to reach a decision next week".
    r"|\b(?:expect|expects|expecting|hope|hopes|hoping|aim|aims|aiming) to (?:reach|make|have) (?:a|their|the)"
    r" (?:final )?decision\b|\b(?:two|three|four|five|\d+) (?:finalists|candidates) left\b"
    r"|\bleanin[g']? (?:our|my|towards us|towards me|in our favour|in my favour)\b"
    r"|\b(?:owner|boss|board|ceo|cfo|finance|legal|director|committee|partners?|head office|procurement)(?:'s| has"
    r"| needs| need| will need| still (?:has|needs))(?: got)? to (?:sign off|approve|okay|sign it off|rubber-stamp)\b|"
    # Nothing decided while hiring waits: "the role is on hold till April", "they've paused hiring".
    r"\bon hold\b|\bon ice\b|\bput (?:a )?pin in\b|\b(?:hiring|budget|headcount|recruitment) freeze\b"
    r"|\b(?:paused|frozen|froze|freezing|pausing)"
    r" (?:hiring|recruitment|the (?:role|post|position|search|process))\b|\b(?:hiring|recruitment|headcount|role|post"
    r"|position|search|process)(?: [\w-]+){0,3}? (?:is|has been|was|'s|are|have been) (?:\w+ )?(?:paused|frozen)\b|"
    r"\b(?:they|she|he)(?:'ll| will| are going to| is going to|'re going to|'s going to) (?:circle back|touch base)\b"
    r"|\b(?:haven't|have not|hasn't|has not|hadn't|had not|didn't|did not) (?:yet )?(?:chosen|picked|selected|hired"
    r"|appointed|decided on|choose|pick|select|hire) (?:anyone|anybody|a candidate|someone|somebody)\b"
    r"|\bradio silence\b|\b(?:reserve|waiting) list\b|\bwait-?listed\b"
    r"|\b(?:decided|deciding|going|want|wants) to hold off\b|\b(?:they're|they are|the client is) holding off\b"
    r"|\b(?:haven't|hasn't|have not|has not) (?:yet )?(?:got|gotten|come) back to (?:me|us)\b"
    r"|\b(?:need|needs|needed|want|wants|asked for) (?:a bit |a little |some )?more time\b"
    r"|\b(?:decision|timeline) (?:got |has been |was )?pushed\b"
    r"|\bstill in the process\b|\b(?:come|get|coming|getting) back (?:to (?:me|us) )?with\b|\b(?:they|he|she"
    r"|the (?:board|panel|client|team"
    r"|committee))(?: (?:decide|decides|are deciding|make (?:a|the|their) decision)|'re deciding|'s deciding)\b"
    r"|\b(?:nobody|no one|no-one)(?:'s| has| have)? (?:yet )?decided\b|\bnothing(?:'s| has)? been decided\b"
    # "The finance director is deciding by the 6th", "they're choosing between two of us", "between us and one other".
    r"|\bthe (?:[\w-]+ ){0,2}?(?:director|manager|owner|buyer|partners?|ceo|cfo|fd|md|founders?|head|lead)"
    r"(?: of [\w-]+)? (?:is|are|'s|'re) (?:still )?deciding\b"
    r"|\b(?:choosing|deciding|picking) between\b|\bbetween us and\b"
    r"|\bdecision (?:is|'s|will be) (?:by|on|next|in|early|later|end of|at the end of)\b"
    r"|\bnot a (?:no|yes)\b"
    r"|\b(?:wants?|asked for|asking for|needs?) (?:a |an )?(?:revised|updated|new|lower|cheaper|amended) (?:quote"
    r"|proposal|price|offer|bid)\b|\b(?:once|when|after|as soon as) (?:the |their |his |her )?(?:budget|sign[- ]off"
    r"|approval|board|funding|paperwork"
    r"|references?|checks?) (?:is |are |has |have |gets? )?(?:approved|signed|cleared|through|confirmed|done|in)\b"
    r"|(?<!lead )(?<!start )(?<!open )(?<!begin )(?<!go )(?<!up )(?<!deal )(?<!help )(?<!agree )(?<!disagree )"
    r"\bwith (?:a|the|their) (?:final )?(?:decision|answer)\b|\bwaiting (?:on|for) (?:the |their |my )?(?:references"
    r"|reference checks?|sign[- ]off|approval|budget|background checks?)\b|\bdecision (?:is |'s )?(?:expected|due"
    r"|coming)\b|\b(?:more|other) (?:interviews|candidates|people|folks|applicants)"
    r" to (?:see|do|meet|interview|talk to)\b"
    r"|\b(?:think|thinking) (?:about it|it over|it through)\b|\bhave a think\b"
    r"|\b(?:check|checking|look at|see|sort out) (?:the |their |his |her )?budget\b|\b(?:will|'ll|going to|gonna)"
    r" confirm (?=next|by|on|in|tomorrow|after|once|later|soon|either|one way|[.,])|\b(?:talking|speaking) to"
    r" (?:\w+ )?(?:other|another|a few|several|two|three|more) (?:suppliers|agencies|firms|candidates|people|vendors"
    r"|companies|providers|bidders)\b|\bcomparing (?:us|our|quotes|bids|options|proposals)\b|\bno (?:answer|response"
    r"|reply|news|word|decision) (?:yet|so far)\b|\b(?:haven't|have not|hasn't|has not) heard (?:back )?yet\b"
    rf"|{_VERDICT_LABEL}(?:pending|tbc|undecided|open|waiting|still (?:deciding|open|pending|undecided))\b"
    rf"|\b(?:run|running|take|taking|put|putting) it (?:past|by|to) (?:the|his|her|their) (?:[\w-]+ )?{_DECIDERS}\b"
    rf"|\bup in the air\b|\bon the fence\b|\bin two minds\b|\bfifty[- ]fifty\b"
    r"|\b(?:get|gets|getting|needs?|waiting for|waiting on|awaiting|subject to) (?:the |a |final |budget |board "
    r"|formal )*"
    r"(?:sign[- ]off|approval|go-ahead)\b|\b(?:it's|it is|decision is|decision's|decision sits|decision rests"
    r"|decision lies|sits|rests)"
    rf" with (?:the |their |his |her )?(?:[\w-]+ )?{_DECIDERS}\b|\b(?:has|have|makes?|make|will make"
    rf"|gets?) the final (?:say|decision"
    r"|call)\b",
)
# Weaker signs of a decision still to come, trusted only in a memo about hiring.
_PENDING_WEAK = re.compile(
    r"\bstill (?:finishing|wrapping up|doing|checking|seeing|going through|working through|collecting|gathering"
    r"|getting)\b"
    rf"|\b(?:haven't|have not|hasn't|has not) (?:yet )?heard\b|\bno (?:{_NEWS}) yet\b"
    # In a review, "nothing decided either way" about a promotion is no wait for a decision.
    r"|\bnothing(?:'s| is| has been)? (?:settled|decided|final|confirmed)\b"
    r"|\b(?:will|'ll|should|would|gonna|going to|hope to|expects? to) (?:know|decide"
    r"|have (?:an|a|the|their) (?:final )?(?:answer|decision)|get (?:an|a|the) (?:answer|decision)|hear)\b"
    r"|\b(?:get|have) an answer\b",
)
# No decision to wait for: "no decision needed here", "the role is on hold", "it wasn't about any decision".
_NO_DECISION = re.compile(
    r"\bno (?:\w+ )?decision (?:needed|required|stuff|involved|to make|to be made)\b|\bno commercial decision\b"
    r"|\b(?:wasn't|was not|isn't|is not|not) about (?:any|a|the) decision\b"
    r"|\b(?:nothing(?: decided| to decide)?|no decision),?\s+(?:just|only) (?:the |a |my )?(?:review|check-in|catch-up"
    r"|chat)\b"
    # "No decision or anything, it's not that kind of call", "no verdict", "there's no process yet".
    r"|\bnot (?:that|the|a) kind of (?:call|meeting|chat|conversation)\b|\bno verdict\b(?! yet)"
    r"|\bno (?:hiring |formal )?process (?:yet|as such|at the moment|right now)\b"
)


def nothing_at_stake(text: str) -> bool:
    """Whether the memo says no decision hangs on the call ("nothing decided, just the review")."""
    return bool(_NO_DECISION.search(text.lower()))


NO_FEEDBACK = re.compile(
    r"\b(?:couldn't|could not|can't|cannot|wouldn't|would not|won't|will not|didn't|did not|unable to|not able to"
    r"|not allowed to|weren't able to|wasn't able to)\s+(?:really\s+)?(?:share|give|provide|offer|tell me|go into"
    r"|get into|say)\b(?:\s+(?:me\s+)?(?:much|any|more|specific|detailed|real|details|feedback|why|anything))"
    r"|\bno (?:specific |real |detailed |actual |useful |concrete )?feedback\b"
    r"(?!,? (?:beyond|other than|except|apart from|besides|aside from|but)\b)"
    r"|\b(?:didn't|did not|don't|do not|never) (?:get|have|receive|got) (?:any |much )?(?:specific |real |detailed "
    r"|actual |useful |concrete )?feedback\b|\bcompany policy\b|\bpolicy (?:is )?not to\b"
    r"|\b(?:doesn't|don't|do not|does not) (?:give|share|provide) (?:any )?feedback\b|\bwithout (?:any )?feedback\b"
    # "She's not at liberty to share the panel's notes", "that's not something they share".
    r"|\bnot at liberty to\b|\bnot something (?:they|we|she|he|the \w+) (?:can )?(?:share|give|disclose|pass on)\b"
    r"|\b(?:don't|do not|doesn't|does not|can't|cannot|isn't able to|aren't able to) (?:share|disclose|pass)"
    r" (?:any |the |interview |anything |their |her |his )*(?:feedback|notes|comments|on)\b",
)
_OFFER_NEGATED = re.compile(rf"\b{_NEGATED}\b(?:\s+\w+){{0,2}}\s*$")
_OFFER_UNREAL = re.compile(
    r"(?:\b(?:might|may|could|hope|hoping|hopefully|expect|expecting|likely|wish|until|before|whether|chance|chances"
    r"|probably|maybe|perhaps|possibly|reckons|thinks|guess|bet)"
    r"|\bi (?:really )?(?:want|wanted|would love|'d love))\b(?:\s+\w+){0,2}\s*$"
)
# "Bad news" alone says little: it counts only when nothing else in the memo says how it went.
_WEAK_REJECTED = re.compile(r"\bbad news\b|\bgutted\b|\bdisappointment\b|\bnot (?:good|great) news\b")
# An offer made to someone else: "offered the role to someone else", "an offer to another candidate".
_TO_OTHER = re.compile(rf"^(?:\s+[\w'-]+){{0,4}}?\s+to\s+{_OTHER_CANDIDATE}")
# "I asked for feedback and she said no": an answer to the speaker's question, not the decision.
_ASKED = re.compile(r"\b(?:i|we) (?:asked|checked|wondered)\b")
_SAID_NO = re.compile(r"\b(?:said|says|told me) no\b")
_CORRECTION = re.compile(SELF_CORRECTION)
# "Jo's promotion went through", "his raise was approved": a grant to someone else.
_SOMEONE_ELSES = re.compile(r"\b(?:(?!(?:he|she|it|that|what|there|here|who|where)['’]s)[a-z]+['’]s|his|her|their)\s+$")
_GRANT = re.compile(r"(?:promotion|raise|pay rise|regrading|upgrade|application)\b")


def _someone_elses(sentence: str, match: re.Match[str]) -> bool:
    """Whether a grant the match names is someone else's ("Jo's promotion went through")."""
    return bool(
        _GRANT.match(match.group(0)) and _SOMEONE_ELSES.search(sentence[max(0, match.start() - 20) : match.start()])
    )


_UNSAID_NO = re.compile(r"\bnot (?:a )?no\b|\bcorrected (?:herself|himself|themselves)\b")
_OTHERS_STAGE = re.compile(
    r"\b(?:people|candidates?|others|applicants|finalists|someone(?: else)?)(?:'s)?\s+(?:still\s+)?(?:to\s+)?$"
)
_TOLD_TO = re.compile(r"\b(?:said|says|told me|asked me|wants me|and|,)\s+to\s+$")
_BY_ME = re.compile(r"\bi(?:'ve| have| had| just| also)?\s+$")
_BELIEF = re.compile(
    r"\bi (?:thought|assumed|was sure|was convinced|expected|feared|was worried|worried|figured|guessed|was afraid"
    r"|half expected|had assumed)\b"
)
_GOT_OFFER = re.compile(r"(?:got|received|have|get|getting|accepted|receiving)\b")
_THIRD_PERSON = re.compile(
    rf"(?:\b(?:{ACQUAINTANCE}|a friend|someone|somebody|he|she|they|[a-z]+ from (?:my|the) \w+)"
    # "Ravi got the promotion": a one-word subject that is not the speaker.
    r"|(?:^\s*|[,:;]\s*|\b(?:that|and|but|me)\s+)(?!(?:i|we|they|you|so|okay|ok|and|but|just|also|finally)\b)[a-z]+)"
    r"(?:'s| has| have|'ve)?\s+(?:\w+\s+)?$"
)
# Waits that the speaker could be the one doing.
_WAIT_ACTION = re.compile(
    r"(?:revert|confirm|decide|think|thinking|check|checking|look at|see|sort out|come back|get back|coming back"
    r"|getting back|run|running|take|taking|put|putting|talk|talking|speak|speaking|comparing|have a think|sleep on)\b"
)
_MODAL_HEAD = re.compile(r"(?:will|'ll|’ll|gonna|going to|should|shall|need to|needs to|have to|has to)\s+")
_MODAL_TAIL = re.compile(
    r"(?:'ll|’ll|\s+will|\s+shall|\s+need to|\s+have to|\s+must|\s+should|\s+can|\s+want to|\s+going to)\s*$"
)
_MY_CHOICE = re.compile(
    r"(?:turned|declined|decided|chose|chosen|picked|went|go|going|gone|pass|passed|passing|opted|selected|stick"
    r"|sticking|stay|stayed|staying)\b"
)
_OTHER_NEWS = re.compile(
    r"\s*,?\s*(?:if|about|when|whenever|of|for)\s+(?:anything|something|another|other|future|any|new|more|a role"
    r"|roles|openings|similar|else)\b"
)
_CORRECTS_PREVIOUS = re.compile(rf"\s*(?:\w+,?\s+)?(?:{SELF_CORRECTION})")
_STAGE_CORRECTED = re.compile(
    r"\b(?:it's|it is|it'll be|that's|it's going to be)\s+(?:an?|the)\s+(?:[\w-]+\s+)?(?:panel|interview|round|stage"
    r"|call|chat|assessment|presentation|test|shift|visit|meeting)\b"
)
_DENIAL = re.compile(rf"\b{NEGATION}\b|n't\b")
_CONDITION = re.compile(CONDITIONAL)
_FUTURE = re.compile(r"(?:'ll|\bwill|\bgoing to)\b")
_AWAITS = re.compile(r"[^.;,]{0,15}?,?\s*(?:once|when|after|as soon as|if|provided|pending|subject to)\b")
_SO = re.compile(r",\s*(?:so|and so|which means|but)\b")
_WHEN = re.compile(r"\b(?:when|once|whenever)\b(?=[^,;]*$)")
_CONDITION_WORDS = 20
_CLAUSE_BREAK = re.compile(
    rf"\b(?:she|he|they|i|we)(?:'s| has| have)? (?:{SPEECH_VERBS}|told|goes|confirmed)\b"
    r"|\b(?:but|so|anyway|then|though|however)\b"
)
# Another company's process, named with capitals: "another interview at Domstadt Re", "an offer from Kestrel".
_ELSEWHERE = re.compile(
    r"\b(?i:another|an|a|my other|the other|a second)\s+(?:[\w-]+\s+)?(?:interview|offer|round|application|process)"
    r"\s+(?:(?:at|with|for|from)\s+(?P<name>[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*)*)"
    r"|at\s+(?!(?:the|them|their|this|that|a|an|my|our|her|his|\d|\w+day\b|noon|nine|ten|eleven|two|three|four)\b)"
    r"(?P<lower>[a-z][\w&'’-]*))"
)
# Where what was said of another company's process stops: the sentence ends, or the speaker turns to this call.
_CLAUSE_END = re.compile(r"[.!?;]|,?\s+but\b|\bthis (?:call|one|role|job)\b", re.IGNORECASE)
_MENTION_REACH = 25  # "the Tessaly take-home", "Tessaly's final round": a stage just after the other company's name
_ELSEWHERE_AFTER = re.compile(
    r"\s+(?:for|at|with)\s+(?:the other|another|a different|my other)\s+(?:job|role|company|position|application"
    r"|opening|firm|employer|agency|consultancy)\b"
)
# Casual forms said in a hurry, read as their full forms: "they wanna bring me back".
_CASUAL_FORMS = {"wanna": "want to", "gonna": "going to", "gotta": "got to", "'cause": "because", "cuz": "because"}
_CASUAL = re.compile(r"\b(?:wanna|gonna|gotta|cuz)\b|'cause\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")


def _has_offer(text: str) -> bool:
    text = text.lower()
    return any(not _OFFER_NEGATED.search(text[max(0, m.start() - 30) : m.start()]) for m in OFFER.finditer(text))


# Words that show the memo is about a hiring process: without them (a client's or a manager's feedback),
# "they'll decide next week" or "the next meeting" say nothing about a job outcome.
HIRING = re.compile(
    r"\b(?:interview\w*|role|position|job|opening|vacancy|candidates?|applicants?|application|applied|recruit\w*"
    r"|hiring|hire|hired|shortlist\w*|talent|headhunter|cv|resume|résumé|internship|graduate scheme"
    r"|rounds?(?! of (?:feedback|edits|changes"
    r"|review|drinks|applause))|onsite|on-site|hr)\b"
)

OFFER_KIND, REJECTED_KIND, NEXT_KIND, PENDING_KIND = "offer", "rejected", "next_round", "pending"


@dataclass(frozen=True)
class Signal:
    """One sign of the outcome: its kind, where it was said, and whether only a hiring memo trusts it."""

    kind: str
    start: int
    end: int
    weak: bool = False


def _sentences(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def _hypothetical(sentence: str, start: int) -> bool:
    """ "If they make me an offer, I'd push on remote days": inside a condition or the clause right after it.

    "If the final goes well they'll give me the offer, so it's the final round": the clause after that is real,
    and so is anything more than a dozen words on (a memo said without punctuation is one long sentence).
    """
    before = sentence[:start]
    when = _WHEN.search(before)
    return _conditional(sentence, start) or bool(when and _in_scope(before[when.end() :]))


def _conditional(sentence: str, start: int) -> bool:
    """Inside an "if", "unless" or "provided" clause, or the clause right after it."""
    before = sentence[:start]
    conditions = list(_CONDITION.finditer(before))
    if not conditions:
        return False
    since = before[conditions[-1].end() :]
    return since.count(",") <= 1 and not _SO.search(since) and _in_scope(since)


def _in_scope(since: str) -> bool:
    """Still inside the condition: not a dozen words on, and no new clause ("she said", "but") begun."""
    return len(since.split()) <= _CONDITION_WORDS and not _CLAUSE_BREAK.search(since)


def _speaker_does(sentence: str, match: re.Match[str]) -> bool:
    modal = _MODAL_HEAD.match(match.group(0))
    verb = match.group(0)[modal.end() :] if modal else match.group(0)
    before = sentence[: match.start()] + (modal.group(0) if modal else "")
    told = _TOLD_TO.search(before)  # "she said to bring my number, and to have a think": an instruction
    return bool(_WAIT_ACTION.match(verb) and (told or _BY_ME.search(_MODAL_TAIL.sub("", before).rstrip() + " ")))


def _believed(sentence: str, start: int) -> bool:
    """ "I thought they'd gone with someone else": what the speaker feared or assumed, not what happened."""
    belief = list(_BELIEF.finditer(sentence[:start]))
    return bool(belief) and _in_scope(sentence[belief[-1].end() : start])


def _negated(sentence: str, start: int) -> bool:
    return bool(_OFFER_NEGATED.search(sentence[max(0, start - 30) : start]))


def _unreal(sentence: str, start: int) -> bool:
    """ "I might get an offer", "before I get the offer letter": an offer hoped for, not made."""
    return bool(_OFFER_UNREAL.search(sentence[max(0, start - 30) : start]))


def _taken_back(sentence: str, end: int) -> bool:
    """ "Send the signed offer back — wait, no, not yet": a correction a few words on that denies the sign.

    A correction that only changes a detail ("they'll revert by Friday — no wait, end of next week") keeps it.
    """
    marker = _CORRECTION.search(sentence, end, end + 60)
    if not marker or len(sentence[end : marker.start()].split()) > 4:
        return False
    said = (
        re.sub(r"^\W*no\b", "", marker.group(0)) + sentence[marker.end() : marker.end() + 25]
    )  # the "no" of "no wait"
    return bool(_DENIAL.search(said))


def _finditer(text: str, *patterns: re.Pattern[str]) -> list[re.Match[str]]:
    return [match for pattern in patterns for match in pattern.finditer(text)]


def _signals_in(sentence: str, offset: int, previous: str, elsewhere: set[str]) -> list[Signal]:
    found: list[Signal] = []
    for match in _finditer(sentence, OFFER, _OFFER_MORE):
        if _negated(sentence, match.start()) or _someone_elses(sentence, match):
            continue
        # "They'll probably offer me the job", "if they make me an offer": an offer still to be decided (but "once
        # the proposal is accepted" in a review says nothing of how the call went).
        hypothetical = _hypothetical(sentence, match.start())
        # "If their board approves it, we're on": a yes still to come (but "once the proposal is accepted" in a
        # review says nothing of how the call went).
        if hypothetical and "offer" not in match.group(0) and not _conditional(sentence, match.start()):
            continue
        # "They'll sign once legal has read it": a yes that waits on something.
        awaits = _FUTURE.search(match.group(0)) and _AWAITS.match(sentence[match.end() : match.end() + 30])
        if hypothetical or awaits or _unreal(sentence, match.start()):
            found.append(Signal(PENDING_KIND, offset + match.start(), offset + match.end()))
            continue
        if _believed(sentence, match.start()) or (
            _GOT_OFFER.match(match.group(0))
            and _THIRD_PERSON.search(sentence[max(0, match.start() - 25) : match.start()])
        ):
            continue  # "I thought they'd made me an offer", "my friend got an offer from them"
        kind = REJECTED_KIND if _TO_OTHER.match(sentence[match.end() : match.end() + 60]) else OFFER_KIND
        found.append(Signal(kind, offset + match.start(), offset + match.end()))
    for match in _finditer(sentence, REJECTED, _REJECTED_MORE):
        if _MY_CHOICE.match(match.group(0)) and _BY_ME.search(sentence[max(0, match.start() - 12) : match.start()]):
            continue  # "I turned down the other offer", "I decided against it": the speaker's own choice
        if _believed(sentence, match.start()):
            continue  # "I thought they'd gone with someone else, but no"
        if not _DENIAL.search(match.group(0)) and _negated(sentence, match.start()):
            continue  # "they haven't turned me down", "they didn't go with someone else"
        said_no = _SAID_NO.search(match.group(0))
        if said_no and (_ASKED.search(sentence[: match.start()]) or _ASKED.search(previous)):
            continue
        if not _hypothetical(sentence, match.start()):
            found.append(Signal(REJECTED_KIND, offset + match.start(), offset + match.end()))
    for pattern, weak in ((NEXT_ROUND, True), (_NEXT_TESTS, True), (_NEXT_STAGE, False)):
        for match in pattern.finditer(sentence):
            if _MY_TODO.search(sentence[max(0, match.start() - 25) : match.start()]) or (
                _I_WANT.match(match.group(0)) and _BY_ME.search(sentence[max(0, match.start() - 12) : match.start()])
            ):
                continue  # "I need to set up a demo": the speaker's to-do
            if match.group(0) in elsewhere or _ELSEWHERE_AFTER.match(sentence[match.end() :]):
                elsewhere.add(match.group(0))  # "the aptitude test for the other job", and that test again later
                continue
            in_a_test = _IN_A_TEST.search(sentence[max(0, match.start() - 20) : match.start()])
            if in_a_test and (pattern is _NEXT_TESTS or match.group(0).endswith("s")):
                continue  # "not many unit tests in the take-home", "think aloud in the next interviews": advice
            if _MY_STAGE.search(sentence[max(0, match.start() - 20) : match.start()]):
                continue  # "they liked my take-home": a stage already done
            if _PAST_STAGE.search(sentence[max(0, match.start() - 40) : match.start()]) or _PAST_AFTER.match(
                sentence[match.end() :]
            ):
                continue
            if _hypothetical(sentence, match.start()) or _negated(sentence, match.start()):
                continue
            # "There might be a final round": a stage still in doubt is a wait.
            hedged = (
                _HEDGED.search(sentence[max(0, match.start() - 30) : match.start()])
                or _IN_CASE.match(sentence[match.end() : match.end() + 30])
                or _NOT_FINAL.match(sentence[match.end() : match.end() + 80])
            )
            # "two more people to interview next week", "a second candidate's interview": others' stages, a wait.
            others = _OTHERS_STAGE.search(sentence[max(0, match.start() - 30) : match.start()])
            kind = PENDING_KIND if hedged or others else NEXT_KIND
            found.append(Signal(kind, offset + match.start(), offset + match.end(), weak))
    for pattern, weak in ((PENDING, False), (_PENDING_MORE, False), (_PENDING_WEAK, True)):
        for match in pattern.finditer(sentence):
            if _OTHER_NEWS.match(sentence[match.end() : match.end() + 40]):
                continue  # "she'll let me know if anything else comes up": not this decision
            if _speaker_does(sentence, match):
                continue  # "I'll revert to her tomorrow", "I need to think about it": the speaker's own doing
            found.append(Signal(PENDING_KIND, offset + match.start(), offset + match.end(), weak))
    # What the speaker took back in the same sentence no longer counts, nor a no the caller corrected
    # ("they said no, and then, well, not no, she corrected herself").
    return [
        s
        for s in found
        if not _taken_back(sentence, s.end - offset)
        and not _replaced(sentence, s, found, offset)
        and not (s.kind == REJECTED_KIND and _UNSAID_NO.search(sentence, s.end - offset))
    ]


def _replaced(sentence: str, signal: Signal, found: list[Signal], offset: int) -> bool:
    """ "They offered me the job — no wait, it's the next round first": a sign the speaker corrects to another."""
    end = signal.end - offset
    marker = _CORRECTION.search(sentence, end, end + 60)
    if not marker or len(sentence[end : marker.start()].split()) > 4:
        return False
    reach = marker.end() + 60
    return any(other.kind != signal.kind and marker.start() <= other.start - offset < reach for other in found)


def _elsewhere(text: str) -> list[tuple[int, int]]:
    """Spans about another company's process: "my other application at Tessaly moved forward, they want a
    screen", to the end of that clause, and each later "the Tessaly take-home"."""
    spans = []
    for match in _ELSEWHERE.finditer(text):
        company = find_people_and_companies(text)[1] or ""  # cached: one look a memo
        name = match.group("name") or match.group("lower")
        if name.split()[0].lower() in company.lower():
            continue
        clause_end = _CLAUSE_END.search(text, match.end())
        spans.append((match.start(), clause_end.start() if clause_end else len(text)))
        for mention in re.finditer(rf"\b{re.escape(name)}\b", text[match.end() :]):
            at = match.end() + mention.start()
            spans.append((at, at + len(name) + _MENTION_REACH))
    return spans


def outcome_signals(text: str) -> list[Signal]:
    """Every sign of the outcome in a memo, in the order said, after mood and subject are weighed."""
    text = _CASUAL.sub(lambda m: _CASUAL_FORMS[m.group(0).lower()], text)
    elsewhere = _elsewhere(text)
    text = text.lower()
    signals: list[Signal] = []
    previous = ""
    other_process: set[str] = set()
    for offset, sentence in _sentences(text):
        if _CORRECTS_PREVIOUS.match(sentence):  # "Actually no, sorry, that was the other job": take it back
            # (but "wait, no, it's a panel, not a shadow" only corrects which stage comes next).
            kept = (NEXT_KIND,) if _STAGE_CORRECTED.search(sentence) else ()
            signals = [s for s in signals if s.start < offset - len(previous) or s.kind in kept]
        signals += _signals_in(sentence, offset, previous, other_process)
        previous = sentence
    signals = [s for s in signals if not any(a <= s.start < b for a, b in elsewhere)]
    # "It's not an offer yet" withdraws an offer said before it.
    withdrawn = [s.start for s in signals if s.kind == PENDING_KIND and "offer" in text[s.start : s.end]]
    if withdrawn:
        signals = [s for s in signals if not (s.kind == OFFER_KIND and s.start < withdrawn[-1])]
    return sorted(signals, key=lambda s: s.start)


def classify_outcome(text: str) -> str:
    """Return offer, rejected, next_round, pending or unknown for the whole memo."""
    signals = outcome_signals(text)
    text = text.lower()  # patterns are lower case; matching without IGNORECASE is several times faster
    hiring = bool(HIRING.search(text))
    signals = [s for s in signals if hiring or not s.weak]
    decisions = [s for s in signals if s.kind in (OFFER_KIND, REJECTED_KIND)]
    if decisions:
        return decisions[-1].kind
    if any(s.kind == NEXT_KIND for s in signals):
        return NEXT_KIND
    if any(s.kind == PENDING_KIND for s in signals) and not _NO_DECISION.search(text):
        return PENDING_KIND
    if _WEAK_REJECTED.search(text):
        return REJECTED_KIND
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

"""Email drafts from what was said: a thank-you, or "please keep me in mind" after a no."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from webapp.models import Memo, User
from webapp.services.exceptions import InvalidInput

KINDS = {"thanks": "Thank-you note", "keep_in_mind": "Please keep me in mind"}
_VERB = re.compile(r"\b(was|were|is|are|had|has|have|did|do|does|liked|loved|showed|came)\b", re.IGNORECASE)
_LEADING = re.compile(r"^(my|your|the|a|an|i|me)\s+", re.IGNORECASE)


@dataclass
class Draft:
    kind: str
    to: str
    subject: str
    body: str

    @property
    def mailto(self) -> str:
        """A mailto: URL (spaces as %20: mail apps do not read + as a space)."""
        subject, body = quote(self.subject, safe=""), quote(self.body, safe="")
        return f"mailto:{quote(self.to, safe='@.')}?subject={subject}&body={body}"


def default_kind(memo: Memo) -> str:
    """A no gets "keep me in mind"; anything else a thank-you."""
    return "keep_in_mind" if memo.outcome == "rejected" else "thanks"


def _first_name(memo: Memo) -> str:
    return memo.contact.split()[0] if memo.contact else "there"


def _visible(memo: Memo, section: str) -> list[str]:
    return [i.text for i in memo.items if i.section == section and not i.deleted]


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".!")
    # Keep acronyms and names as they are ("API design", "Kubernetes"); lower a capitalised first word.
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and not first.isupper() and first.lower() not in ("i",):
        text = text[:1].lower() + text[1:]
    return text


def liked_sentence(strength: str) -> str:
    """One thing they liked, as a sentence: "…that my system design answer came across well."."""
    thing = _lower_first(strength)
    if _VERB.search(thing):
        return f"It was great to hear that {thing}."
    return f"It was great to hear that my {_LEADING.sub('', thing)} came across well."


def compose(memo: Memo, user: User, kind: str | None = None, to: str | None = None) -> Draft:
    """Draft the email from the memo's names, role and the first thing they liked."""
    kind = kind or default_kind(memo)
    if kind not in KINDS:
        raise InvalidInput("Unknown kind of draft.")
    first = _first_name(memo)
    role = memo.role or "the role"
    about = f"the {memo.role} role" if memo.role else "the role"
    at = f" at {memo.company}" if memo.company else ""
    strengths, concerns = _visible(memo, "strengths"), _visible(memo, "concerns")
    liked = liked_sentence(strengths[0]) if strengths else ""
    lines = [f"Hi {first},", ""]
    if kind == "thanks":
        subject = f"Thank you – {role}{at}" if memo.role else f"Thank you for your time{at}"
        lines.append(f"Thank you for taking the time to speak with me about {about}{at}. {liked}".strip())
        lines.append("")
        if memo.outcome == "offer":
            lines.append("I am excited about the offer and will come back to you very soon.")
        elif memo.outcome == "next_round":
            lines.append("I am looking forward to the next steps.")
        else:
            lines.append("I remain very interested in the role and am happy to share anything else that would help.")
    else:
        subject = f"Thank you – and please keep me in mind{at}"
        lines.append(f"Thank you for letting me know about {about}{at}, and for the feedback. {liked}".strip())
        if concerns:
            lines.append("")
            lines.append(f"I am taking the point about {_lower_first(concerns[0])} to heart and working on it.")
        lines.append("")
        company = memo.company or "the team"
        lines.append(
            f"I really enjoyed getting to know {company}. If another opening comes up that fits my background, "
            "I would be glad if you kept me in mind."
        )
    lines += ["", "Best regards,", user.username]
    return Draft(kind=kind, to=(to or "").strip(), subject=subject, body="\n".join(lines))

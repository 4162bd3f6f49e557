"""End-to-end checks on whole memos written for these tests (varied wording, fillers, missing punctuation).

Expectations use the same rule as the evaluation scorer: an item matches when it contains all its keywords.
"""

import json
import re
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.extractor import extract

MEMOS = [
    {
        "id": "my-A",
        "recorded_at": "2026-07-08T18:00:00",
        "text": "ok so i just talked to rachel adams from brightwave media about the content strategist "
        "opening um she said they haven't made a decision yet they're still interviewing two "
        "more people she told me the hiring team really enjoyed my writing samples uh but they "
        "were worried that i don't have much experience with video she recommended i put "
        "together a short video portfolio so i'm going to record a demo reel by the end of next "
        "week and i also want to email rachel tomorrow to thank her",
        "expect": {
            "contact": "Rachel Adams",
            "company": "Brightwave Media",
            "role": ["content strategist"],
            "outcome": "pending",
            "strengths": [["writing samples"]],
            "concerns": [["video"]],
            "advice": [["video portfolio"]],
            "actions": [{"keywords": ["demo reel"], "due": "2026-07-17"}, {"keywords": ["thank"], "due": "2026-07-09"}],
        },
    },
    {
        "id": "my-B",
        "recorded_at": "2026-05-04T12:30:00",
        "text": "Great call with Omar Haddad, the talent partner at Bluepeak Analytics. They're offering "
        "me the machine learning engineer position! Omar mentioned the team was impressed with "
        "my take-home project and my explanation of model drift. He did note that my answers on "
        "cloud cost were a bit thin. His advice was to talk to the team lead about the on-call "
        "rotation before signing. My to-dos: negotiate the start date, ask for the written offer "
        "by Thursday, and call my references this weekend. The contract will arrive next Monday.",
        "expect": {
            "contact": "Omar Haddad",
            "company": "Bluepeak Analytics",
            "role": ["machine learning engineer"],
            "outcome": "offer",
            "strengths": [["take-home"], ["model drift"]],
            "concerns": [["cloud cost"]],
            "advice": [["on-call"]],
            "actions": [
                {"keywords": ["start date"], "due": None},
                {"keywords": ["written offer"], "due": "2026-05-07"},
                {"keywords": ["references"], "due": ["2026-05-09", "2026-05-10"]},
            ],
        },
    },
    {
        "id": "my-C",
        "recorded_at": "2026-06-10T09:15:00",
        "text": "Heard back from Grace Liu at Fernhill Bank regarding the risk analyst role. They're "
        "moving me forward to an onsite next month. Grace told me the interviewers thought I was "
        "very well prepared and my stakeholder story was memorable. On the other hand, they felt "
        "my SQL was rusty. She encouraged me to brush up on window functions. I have to book my "
        "travel within three days, and I want to finish the SQL practice set before the 20th.",
        "expect": {
            "contact": "Grace Liu",
            "company": "Fernhill Bank",
            "role": ["risk analyst"],
            "outcome": "next_round",
            "strengths": [["well prepared"], ["stakeholder"]],
            "concerns": [["rusty"]],
            "advice": [["window functions"]],
            "actions": [
                {"keywords": ["travel"], "due": "2026-06-13"},
                {"keywords": ["practice set"], "due": "2026-06-20"},
            ],
        },
    },
    {
        "id": "my-D",
        "recorded_at": "2026-09-14T17:45:00",
        "text": "Memo after the call with Daniel Okafor from Crestline Software. Unfortunately it's a no "
        "for the QA lead job, they picked an internal candidate. He couldn't really give me much "
        "detail. I stayed polite, thanked him for letting me know, told him I'm still very "
        "interested in the company and asked him to keep my CV on file. Looking back I rambled "
        "during the leadership question. Next step is to update my LinkedIn headline on Monday.",
        "expect": {
            "contact": "Daniel Okafor",
            "company": "Crestline Software",
            "role": ["qa lead"],
            "outcome": "rejected",
            "strengths": [],
            "concerns": [["rambled"]],
            "advice": [],
            "actions": [{"keywords": ["linkedin"], "due": "2026-09-21"}],
        },
    },
    {
        "id": "my-E",
        "recorded_at": "2026-03-02T10:00:00",
        "text": "Notes from the check-in with Helen Brooks at Quarry Foods. She loves the new ordering "
        "app and said delivery times have improved a lot. The main issue for her is that "
        "invoices are hard to read. She'd like us to add a summary page to the invoice. We need "
        "to send her a mock-up by the 3rd and we should set up a training session for her staff "
        "in a couple of weeks.",
        "expect": {
            "contact": "Helen Brooks",
            "company": "Quarry Foods",
            "role": None,
            "outcome": "unknown",
            "strengths": [["ordering app"], ["delivery times"]],
            "concerns": [["invoices"]],
            "advice": [["summary page"]],
            "actions": [
                {"keywords": ["mock-up"], "due": "2026-03-03"},
                {"keywords": ["training"], "due": "2026-03-16"},
            ],
        },
    },
    {
        "id": "my-F",
        "recorded_at": "2026-12-01T16:00:00",
        "text": "feedback call with tanya from orbitel the recruiter for the support engineer role so "
        "she sent the hiring manager liked how calm i was under pressure but the panel thought i "
        "didn't know enough about linux she said take a linux course i'll send her a thank you "
        "note my friday and i need to sign up for that course next week they will decide on "
        "thursday",
        "expect": {
            "contact": "Tanya",
            "company": "Orbitel",
            "role": ["support engineer"],
            "outcome": "pending",
            "strengths": [["calm"]],
            "concerns": [["linux"]],
            "advice": [["linux course"]],
            "actions": [
                {"keywords": ["thank"], "due": "2026-12-04"},
                {"keywords": ["sign up"], "due": ["2026-12-07", "2026-12-11"]},
            ],
        },
    },
    {
        "id": "my-G",
        "recorded_at": "2026-02-16T13:00:00",
        "text": "Spoke with Marco Rossi of Vela Robotics. He said I came across as confident and my demo "
        "was polished. One concern: the team wondered whether I could handle the travel. Marco "
        "suggested I mention my previous field work next time. The final interview is on March "
        "3rd. I will prepare a field work summary the day after tomorrow and remember to confirm "
        "my availability with Marco by February 20th.",
        "expect": {
            "contact": "Marco Rossi",
            "company": "Vela Robotics",
            "role": None,
            "outcome": "next_round",
            "strengths": [["confident"], ["demo"]],
            "concerns": [["travel"]],
            "advice": [["field work"]],
            "actions": [
                {"keywords": ["summary"], "due": "2026-02-18"},
                {"keywords": ["availability"], "due": "2026-02-20"},
            ],
        },
    },
    {
        "id": "my-H",
        "recorded_at": "2026-01-20T19:10:00",
        "text": "So that was Julia Novak from Pinecrest Health about the physiotherapist role. They "
        "decided not to move forward with me. She said my hands-on skills were great but my "
        "documentation was too brief. I kind of argued about the documentation point, which I "
        "regret. I forgot to thank her and I didn't ask for more feedback either. I should write "
        "her an apology email tonight.",
        "expect": {
            "contact": "Julia Novak",
            "company": "Pinecrest Health",
            "role": ["physiotherapist"],
            "outcome": "rejected",
            "strengths": [["hands-on"]],
            "concerns": [["documentation"]],
            "advice": [],
            "actions": [{"keywords": ["apology"], "due": "2026-01-20"}],
        },
    },
    {
        "id": "my-I",
        "recorded_at": "2026-04-14T08:30:00",
        "text": "Had my debrief with Sam Patel, who runs recruiting at Lumen Labs, for the devops "
        "engineer job. They haven't decided yet and Sam will get back to me within two weeks. "
        "Sam pointed out that my Kubernetes answers were strong. The only negative was that I "
        "seemed nervous at the start. Sam's tip was to slow down and breathe. I'm going to "
        "practise mock interviews every evening and I'll ping Sam on Friday to check in.",
        "expect": {
            "contact": "Sam Patel",
            "company": "Lumen Labs",
            "role": ["devops engineer"],
            "outcome": "pending",
            "strengths": [["kubernetes"]],
            "concerns": [["nervous"]],
            "advice": [["slow down"]],
            "actions": [{"keywords": ["mock interviews"], "due": None}, {"keywords": ["ping"], "due": "2026-04-17"}],
        },
    },
    {
        "id": "my-J",
        "recorded_at": "2026-08-11T21:00:00",
        "text": "Quick note. Talked with Anna Berg at Kestrel Consulting. I'm through to the second "
        "round for the strategy associate role! Anna said they loved my market sizing. They'd "
        "like to see more structure in my answers. Action items. Buy a case interview book "
        "today. Schedule two practice cases with Leo this Friday. Also ask Anna who will be on "
        "the panel.",
        "expect": {
            "contact": "Anna Berg",
            "company": "Kestrel Consulting",
            "role": ["strategy associate"],
            "outcome": "next_round",
            "strengths": [["market sizing"]],
            "concerns": [],
            "advice": [["structure"]],
            "actions": [
                {"keywords": ["book"], "due": "2026-08-11"},
                {"keywords": ["practice cases"], "due": "2026-08-14"},
                {"keywords": ["panel"], "due": None},
            ],
        },
    },
    {
        "id": "my-K",
        "recorded_at": "2026-10-05T12:00:00",
        "text": "Just finished the call with Pete from Harbor Dental. He said they offered the hygienist "
        "job to someone with more years in pediatric care. He liked my chairside manner though. "
        "I'll refresh my pediatric certification by the end of the month, and I want to reapply "
        "in three weeks if the other posting opens.",
        "expect": {
            "contact": "Pete",
            "company": "Harbor Dental",
            "role": ["hygienist"],
            "outcome": "rejected",
            "strengths": [["chairside"]],
            "concerns": [["pediatric care"]],
            "advice": [],
            "actions": [
                {"keywords": ["certification"], "due": "2026-10-31"},
                {"keywords": ["reapply"], "due": "2026-10-26"},
            ],
        },
    },
    {
        "id": "b2-1",
        "recorded_at": "2026-03-18T14:00:00",
        "text": "Right, debrief. The recruiter, Nadia Rahman from Solstice Energy, rang about the "
        "project coordinator post. Bad news, they've offered it to someone else. What they "
        "liked: my scheduling tool demo went down really well. What didn't work: they wanted "
        "more depth on budgeting and they had doubts about my stakeholder experience. Her tip "
        "was to get a PMP certificate. Going to apply for the PMP exam by April 10th. Also gotta "
        "update my CV tonight.",
        "expect": {
            "contact": "Nadia Rahman",
            "company": "Solstice Energy",
            "role": ["project coordinator"],
            "outcome": "rejected",
            "strengths": [["scheduling"]],
            "concerns": [["budgeting"], ["stakeholder"]],
            "advice": [["pmp"]],
            "actions": [{"keywords": ["pmp exam"], "due": "2026-04-10"}, {"keywords": ["cv"], "due": "2026-03-18"}],
        },
    },
    {
        "id": "b2-2",
        "recorded_at": "2026-05-21T20:15:00",
        "text": "Chat with Ben Carter at Tidewater Insurance. They'd like me to do a take-home "
        "assignment and then a panel interview. Ben told me my answers on claims handling were a "
        "highlight. He thinks I could be more concise. Let me note the tasks. First, block out "
        "Saturday for the take-home. Second, send Ben my availability for the panel by Tuesday. "
        "The assignment itself arrives tomorrow morning.",
        "expect": {
            "contact": "Ben Carter",
            "company": "Tidewater Insurance",
            "role": None,
            "outcome": "next_round",
            "strengths": [["claims handling"]],
            "concerns": [],
            "advice": [["concise"]],
            "actions": [
                {"keywords": ["take-home"], "due": "2026-05-23"},
                {"keywords": ["availability"], "due": "2026-05-26"},
            ],
        },
    },
    {
        "id": "b2-3",
        "recorded_at": "2026-11-03T11:40:00",
        "text": "um so I spoke to the hiring manager Chloe Dubois at Meridian Health uh for the clinical "
        "data manager job and uh she said it's between me and one other person they'll decide by "
        "the end of the week she really liked that I had worked with trial data before um the "
        "sticking point was that I haven't managed a team she'd recommend I mention the "
        "mentoring I did I told her I'm still really keen on the role and I thanked her for the "
        "call so um tomorrow I'll email her a short summary of my mentoring experience",
        "expect": {
            "contact": "Chloe Dubois",
            "company": "Meridian Health",
            "role": ["clinical data manager"],
            "outcome": "pending",
            "strengths": [["trial data"]],
            "concerns": [["managed a team"]],
            "advice": [["mentoring"]],
            "actions": [{"keywords": ["summary"], "due": "2026-11-04"}],
        },
    },
    {
        "id": "b2-4",
        "recorded_at": "2026-01-09T09:00:00",
        "text": "Feedback from Igor Petrov, the founder of Lattice AI. I didn't get the research "
        "scientist role. He wasn't able to share specifics. I think my presentation on diffusion "
        "models went well, but I struggled with the coding round. To do, practice leetcode "
        "mediums daily and read two papers a week. Send Igor a thank-you email on Monday.",
        "expect": {
            "contact": "Igor Petrov",
            "company": "Lattice AI",
            "role": ["research scientist"],
            "outcome": "rejected",
            "strengths": [["presentation"]],
            "concerns": [["coding round"]],
            "advice": [],
            "actions": [
                {"keywords": ["leetcode"], "due": None},
                {"keywords": ["papers"], "due": None},
                {"keywords": ["thank"], "due": "2026-01-12"},
            ],
        },
    },
    {
        "id": "b2-5",
        "recorded_at": "2026-06-26T16:50:00",
        "text": "Okay recording this after talking with Priscilla Moreno from Evergreen Realty. They "
        "made me an offer for the leasing agent position, starting July 6th. She said the team "
        "loved my energy and that my follow-up email stood out. One thing she mentioned is that "
        "my CRM experience is limited. She advised me to take the free Salesforce trailhead "
        "course. I need to accept or decline within five days and I'll ask for the benefits "
        "document today. She will send the contract next week.",
        "expect": {
            "contact": "Priscilla Moreno",
            "company": "Evergreen Realty",
            "role": ["leasing agent"],
            "outcome": "offer",
            "strengths": [["energy"], ["follow-up email"]],
            "concerns": [["crm"]],
            "advice": [["salesforce"]],
            "actions": [{"keywords": ["accept"], "due": "2026-07-01"}, {"keywords": ["benefits"], "due": "2026-06-26"}],
        },
    },
    {
        "id": "b2-6",
        "recorded_at": "2026-09-02T13:20:00",
        "text": "Quick recap of my call with Tomasz Nowak at Helix Pharma about the regulatory affairs "
        "specialist opening. Good news, I'm moving on to the final stage. Tomasz said the panel "
        "was blown away by my submission timeline example. They felt my knowledge of EU rules "
        "was a bit light. He suggested reading the latest EMA guidance. Remember to send the "
        "reference list by the 15th and book a mock interview with Jo next Thursday.",
        "expect": {
            "contact": "Tomasz Nowak",
            "company": "Helix Pharma",
            "role": ["regulatory affairs specialist"],
            "outcome": "next_round",
            "strengths": [["submission timeline"]],
            "concerns": [["eu rules"]],
            "advice": [["ema guidance"]],
            "actions": [
                {"keywords": ["reference list"], "due": "2026-09-15"},
                {"keywords": ["mock interview"], "due": "2026-09-10"},
            ],
        },
    },
]


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9']+", " ", text.lower()).replace("'", "").strip()


def matches(text: str, keywords: list[str]) -> bool:
    return all(norm(k) in norm(text) for k in keywords)


@pytest.mark.parametrize("memo", MEMOS, ids=[m["id"] for m in MEMOS])
def test_memo(memo: dict) -> None:
    expect = memo["expect"]
    notes = extract(memo["text"], recorded_at=datetime.fromisoformat(memo["recorded_at"]))
    assert norm(expect["contact"]) in norm(notes["contact"] or "")
    assert norm(expect["company"]) in norm(notes["company"] or "")
    if expect["role"]:
        assert matches(notes["role"] or "", expect["role"])
    assert notes["outcome"] == expect["outcome"]
    for section in ("strengths", "concerns", "advice"):
        got = [item["text"] for item in notes[section]]
        for keywords in expect[section]:
            assert any(matches(text, keywords) for text in got), (section, keywords, got)
        for text in got:
            assert any(matches(text, keywords) for keywords in expect[section]), (section, "stray", text)
    for action in expect["actions"]:
        hit = next((a for a in notes["actions"] if matches(a["text"], action["keywords"])), None)
        assert hit is not None, (action, notes["actions"])
        allowed = action["due"] if isinstance(action["due"], list) else [action["due"]]
        if action["due"] is not None:
            assert hit["due"] in allowed, (action, hit)
    assert len(notes["actions"]) == len(expect["actions"])


def test_memo_checklist() -> None:
    memo = next(m for m in MEMOS if m["id"] == "my-D")
    notes = extract(memo["text"], recorded_at=datetime.fromisoformat(memo["recorded_at"]))
    assert notes["checklist"] == {
        "thanked": "done",
        "still_interested": "done",
        "asked_feedback": "not_mentioned",
        "asked_keep_in_mind": "done",
        "did_not_argue": "done",
    }
    assert notes["feedback_given"] is False


VOCABULARY = [
    "I",
    "need",
    "to",
    "send",
    "she",
    "said",
    "they",
    "liked",
    "my",
    "but",
    "too",
    "long",
    "by",
    "Friday",
    "tomorrow",
    "next",
    "week",
    "um",
    "uh",
    "you",
    "know",
    "the",
    "panel",
    "offer",
    "rejected",
    "Sarah",
    "at",
    "Acme",
    ",",
    ".",
    "?",
    "thank",
    "keep",
    "me",
    "in",
    "mind",
    "the",
    "31st",
    "of",
    "February",
    "in",
    "two",
    "weeks",
]
words = st.sampled_from(VOCABULARY)


@settings(max_examples=150, deadline=None)
@given(st.lists(words, max_size=60), st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1)))
def test_never_crashes_and_dues_are_not_in_the_past(tokens: list[str], recorded_at: datetime) -> None:
    notes = extract(" ".join(tokens), recorded_at=recorded_at)
    json.dumps(notes)
    for action in notes["actions"]:
        assert action["due"] is None or action["due"] >= recorded_at.date().isoformat()

"""Unit tests for the memo extractor, on short memos written for these tests."""

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from webapp.extractor import extract
from webapp.extractor.clauses import spoken_punctuation
from webapp.extractor.dates import find_due_date

RECORDED = datetime(2026, 4, 15, 17, 0, tzinfo=timezone(timedelta(hours=2)))  # a Wednesday


def texts(notes: dict, section: str) -> list[str]:
    return [item["text"].lower() for item in notes[section]]


def has_item(notes: dict, section: str, *keywords: str) -> bool:
    return any(all(k in text for k in keywords) for text in texts(notes, section))


def test_output_shape_and_json() -> None:
    notes = extract("Talked to Mia Lund at Corvid Labs. She liked my demo.", recorded_at=RECORDED)
    assert set(notes) == {
        "contact",
        "company",
        "role",
        "outcome",
        "strengths",
        "concerns",
        "advice",
        "actions",
        "checklist",
        "feedback_given",
    }
    assert set(notes["checklist"]) == {
        "thanked",
        "still_interested",
        "asked_feedback",
        "asked_keep_in_mind",
        "did_not_argue",
    }
    json.dumps(notes)
    assert notes["strengths"][0] == {"text": "Demo", "start": None, "end": None}


def test_empty_text() -> None:
    notes = extract("", recorded_at=RECORDED)
    assert notes["outcome"] == "unknown"
    assert notes["actions"] == [] and notes["contact"] is None and notes["feedback_given"] is None
    assert set(notes["checklist"].values()) == {"not_mentioned"}


# --- actions: the user's own to-dos, not the other side's --------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "I need to send the portfolio link by Friday.",
        "I should send the portfolio link by Friday.",
        "I'll send the portfolio link by Friday.",
        "I want to send the portfolio link by Friday.",
        "Remember to send the portfolio link by Friday.",
        "My next step is to send the portfolio link by Friday.",
        "To do: send the portfolio link by Friday.",
        "Action items: send the portfolio link by Friday.",
        "Um, I guess I'm gonna send the, uh, portfolio link by Friday.",
    ],
)
def test_own_intentions_are_actions(sentence: str) -> None:
    notes = extract(sentence, recorded_at=RECORDED)
    assert len(notes["actions"]) == 1
    action = notes["actions"][0]
    assert "portfolio link" in action["text"].lower()
    assert action["due"] == "2026-04-17"
    assert not action["text"].lower().startswith(("i ", "um", "uh"))


@pytest.mark.parametrize(
    "sentence",
    [
        "They will decide next week.",
        "The pay breakdown arrives by email tomorrow.",
        "She'll get back to me Friday.",
        "He is going to send the contract on Monday.",
        "The hiring team will let me know by Thursday.",
        "I should hear back by Friday.",
        "I'll know more next week.",
    ],
)
def test_other_sides_promises_and_waiting_are_not_actions(sentence: str) -> None:
    assert extract(sentence, recorded_at=RECORDED)["actions"] == []


def test_reported_advice_is_not_an_action() -> None:
    notes = extract("She said I should practise my elevator pitch.", recorded_at=RECORDED)
    assert notes["actions"] == []
    assert has_item(notes, "advice", "elevator pitch")


def test_action_list_after_header_is_split() -> None:
    notes = extract(
        "Next steps: polish the slide deck tonight, book a coffee chat with Lee by next Monday, "
        "and read the annual report in two weeks.",
        recorded_at=RECORDED,
    )
    dues = {item["text"].split()[0].lower(): item["due"] for item in notes["actions"]}
    assert dues == {"polish": "2026-04-15", "book": "2026-04-20", "read": "2026-04-29"}


def test_two_actions_in_one_sentence() -> None:
    notes = extract(
        "I'll email Jon a thank you today and follow up on Tuesday if I hear nothing.", recorded_at=RECORDED
    )
    assert [a["due"] for a in notes["actions"]] == ["2026-04-15", "2026-04-21"]


# --- outcome ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("memo", "outcome"),
    [
        ("Great news, they made me an offer for the analyst job.", "offer"),
        ("I got the job!", "offer"),
        ("They're offering me the position at a higher grade.", "offer"),
        ("I'm invited to a final round with the VP.", "next_round"),
        ("They are moving me forward to the onsite.", "next_round"),
        ("There will be a second interview next week.", "next_round"),
        ("They haven't decided yet and will let me know on Monday.", "pending"),
        ("Still waiting to hear back, they're interviewing others.", "pending"),
        ("They went with another candidate.", "rejected"),
        ("Sadly they won't be moving forward with my application.", "rejected"),
        ("I didn't get the offer this time.", "rejected"),
        ("Unfortunately I was not selected.", "rejected"),
        ("We talked about the product roadmap and pricing.", "unknown"),
    ],
)
def test_outcome(memo: str, outcome: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == outcome


@pytest.mark.parametrize(
    ("memo", "outcome"),
    [
        ("Sales call with Dev from Kestrel Foods, outcome, signed on the call, liked the dashboards.", "offer"),
        ("Proposal review with Ana. Bottom line, still deciding, we hear after the holidays.", "pending"),
        ("Result, we lost, the other agency was cheaper.", "rejected"),
        ("The decision was yes, they want the full package.", "offer"),
        ("Quick update: no news yet from the panel at Brightwater.", "pending"),
    ],
)
def test_a_verdict_label_counts_with_a_comma_as_whisper_writes_a_spoken_colon(memo: str, outcome: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == outcome


def test_customer_asking_us_to_offer_something_is_not_a_job_offer() -> None:
    assert extract("He asked us to offer a monthly review.", recorded_at=RECORDED)["outcome"] == "unknown"


# --- feedback sections -------------------------------------------------------------------------------------------


def test_but_splits_praise_from_concern() -> None:
    notes = extract(
        "She said my case presentation was excellent but my numbers were a bit vague.", recorded_at=RECORDED
    )
    assert has_item(notes, "strengths", "case presentation")
    assert has_item(notes, "concerns", "numbers")
    assert not has_item(notes, "strengths", "numbers")


def test_liked_list_becomes_separate_strengths() -> None:
    notes = extract("The panel loved my whiteboard sketch and my questions about the roadmap.", recorded_at=RECORDED)
    assert texts(notes, "strengths") == ["whiteboard sketch", "questions about the roadmap"]


def test_fillers_are_stripped_from_items() -> None:
    notes = extract("Um, so he said, you know, uh, my answers were like, way too long.", recorded_at=RECORDED)
    assert texts(notes, "concerns") == ["my answers were like, way too long"] or has_item(notes, "concerns", "too long")
    assert not any(word in texts(notes, "concerns")[0].split() for word in ("um", "uh"))


def test_advice_forms() -> None:
    notes = extract(
        "He recommended I record myself answering. She told me to cut the intro. "
        "Her advice was to lead with the result.",
        recorded_at=RECORDED,
    )
    assert texts(notes, "advice") == ["record myself answering", "cut the intro", "lead with the result"]


@pytest.mark.parametrize(
    "memo",
    [
        "Overall the feedback was positive.",
        "He said thanks for coming in.",
        "He mentioned the team is growing fast.",
        "I asked about the team size and she said eight people.",
        "The interview was on Monday.",
        "She told me the role is hybrid, three days in the office.",
    ],
)
def test_small_talk_and_facts_are_not_notes(memo: str) -> None:
    notes = extract(memo, recorded_at=RECORDED)
    assert notes["strengths"] == notes["concerns"] == notes["advice"] == notes["actions"] == []


def test_emotional_comment_is_not_a_note() -> None:
    notes = extract("Ouch, that was hard to hear. I kept my cool anyway.", recorded_at=RECORDED)
    assert notes["strengths"] == notes["concerns"] == notes["advice"] == []


def test_rejection_reason_is_a_concern() -> None:
    notes = extract("They hired someone with more retail experience.", recorded_at=RECORDED)
    assert notes["outcome"] == "rejected"
    assert has_item(notes, "concerns", "retail experience")


def test_self_rating_counts_as_concern() -> None:
    notes = extract("Looking back, I think my closing question was weak.", recorded_at=RECORDED)
    assert has_item(notes, "concerns", "closing question")


# --- feedback_given ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "memo",
    [
        "They could not share any feedback because of company policy.",
        "He wasn't able to give me much detail.",
        "I didn't get any real feedback from her.",
    ],
)
def test_no_feedback(memo: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["feedback_given"] is False


def test_feedback_given_when_notes_exist() -> None:
    assert extract("She said my portfolio was strong.", recorded_at=RECORDED)["feedback_given"] is True


# --- names and role ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("memo", "contact", "company", "role"),
    [
        (
            "Call with Hannah Vogel from Brightline Capital about the fund accountant role.",
            "Hannah Vogel",
            "Brightline Capital",
            "fund accountant",
        ),
        ("Recruiter Omar Sadiq at Pebble called about the UX writer position.", "Omar Sadiq", "Pebble", "UX writer"),
        ("Feedback from Luis Ortega, the engineering lead at Quanta Systems.", "Luis Ortega", "Quanta Systems", None),
        ("spoke with ines at fjord health about the job", "Ines", "fjord health", None),
    ],
)
def test_contact_company_role(memo: str, contact: str, company: str, role: str | None) -> None:
    notes = extract(memo, recorded_at=RECORDED)
    assert (notes["contact"], notes["company"], notes["role"]) == (contact, company, role)


# --- checklist ---------------------------------------------------------------------------------------------------


def test_checklist_done() -> None:
    notes = extract(
        "I thanked him for making the time, told him I am still very keen on the team, asked whether there was "
        "anything I could do better, and asked him to keep me in mind if something else comes up. I stayed polite "
        "throughout.",
        recorded_at=RECORDED,
    )
    assert set(notes["checklist"].values()) == {"done"}


def test_checklist_not_done_and_planned() -> None:
    notes = extract(
        "I never actually thanked her. I got defensive about the notice period question. "
        "I have to check whether she can keep me in mind.",
        recorded_at=RECORDED,
    )
    checklist = notes["checklist"]
    assert checklist["thanked"] == "not_done"
    assert checklist["did_not_argue"] == "not_done"
    assert checklist["asked_keep_in_mind"] == "not_done"  # only planned so far
    assert checklist["still_interested"] == "not_mentioned"
    assert checklist["asked_feedback"] == "not_mentioned"


def test_their_thanks_is_not_mine() -> None:
    assert extract("She thanked me for coming in.", recorded_at=RECORDED)["checklist"]["thanked"] == "not_mentioned"


# --- segments ----------------------------------------------------------------------------------------------------


def test_items_get_segment_times() -> None:
    segments = [
        {"start": 0.0, "end": 3.2, "text": "Call with Ada Moss at Fernway."},
        {"start": 3.2, "end": 7.9, "text": "She liked my roadmap section"},
        {"start": 7.9, "end": 11.0, "text": "but felt the budget part was thin."},
        {"start": 11.0, "end": 14.5, "text": "I need to send her the revised budget by Friday."},
    ]
    text = " ".join(segment["text"] for segment in segments)
    notes = extract(text, recorded_at=RECORDED, segments=segments)
    assert (notes["strengths"][0]["start"], notes["strengths"][0]["end"]) == (3.2, 7.9)
    assert (notes["concerns"][0]["start"], notes["concerns"][0]["end"]) == (7.9, 11.0)
    assert (notes["actions"][0]["start"], notes["actions"][0]["end"]) == (11.0, 14.5)


def test_item_spanning_segments_gets_their_union() -> None:
    segments = [
        {"start": 1.0, "end": 2.0, "text": "I need to send"},
        {"start": 2.0, "end": 4.5, "text": "the case study tomorrow."},
    ]
    notes = extract("I need to send the case study tomorrow.", recorded_at=RECORDED, segments=segments)
    assert (notes["actions"][0]["start"], notes["actions"][0]["end"]) == (1.0, 4.5)


def test_extract_is_deterministic() -> None:
    memo = "Chat with Rob Tan at Sole Foods. He liked my pitch but wanted more numbers. I'll send data on Monday."
    assert extract(memo, recorded_at=RECORDED) == extract(memo, recorded_at=RECORDED)


# --- names without a lead-in, agencies and full names ------------------------------------------------------------


@pytest.mark.parametrize(
    ("memo", "contact", "company"),
    [
        ("Ana Ruiz from Birchwood Schools emailed me, they want me back for the final round.", "Ana Ruiz", "Birchwood"),
        (
            "Omar, my manager, gave me feedback on the launch. Omar Farouk. He said my plan was solid.",
            "Omar Farouk",
            None,
        ),
        ("My recruiter at Bramble Health, Chris Tan, said they went with another candidate.", "Chris Tan", "Bramble"),
        (
            "Call with Mina Park from Crestline Talent. Her client, Northstar Bank, passed on me.",
            "Mina Park",
            "Northstar",
        ),
        (
            "so yeah raj mehta texted me he's the recruiter at bluefin analytics they loved my sql",
            "raj mehta",
            "bluefin",
        ),
        ("ok so dana from ridgeway foods called and they're offering me the buyer job", "dana", "ridgeway foods"),
        ("call with tessa moore from harborline staffing and the client pinewood health passed", "tessa", "pinewood"),
        ("the recruiter from acme energy lena ortiz she said they liked my field work", "lena ortiz", "acme energy"),
        (
            "so i spoke to jorge the recruiter at copper canyon realty jorge alvarez he said no",
            "jorge alvarez",
            "copper",
        ),
    ],
)
def test_names_without_a_lead_in(memo: str, contact: str, company: str | None) -> None:
    notes = extract(memo, recorded_at=RECORDED)
    assert (notes["contact"] or "").lower() == contact.lower() or contact.lower() in (notes["contact"] or "").lower()
    if company is None:
        assert notes["company"] is None
    else:
        assert company.lower() in (notes["company"] or "").lower()


def test_praise_then_concern_in_one_run_on_sentence() -> None:
    notes = extract(
        "she said the panel really liked my budget model and how i ran the workshop the only thing they flagged "
        "was my lack of public sector experience",
        recorded_at=RECORDED,
    )
    assert has_item(notes, "strengths", "budget model") and has_item(notes, "strengths", "workshop")
    assert has_item(notes, "concerns", "public sector") and not has_item(notes, "strengths", "public sector")


def test_client_results_and_what_they_dislike() -> None:
    notes = extract(
        "Check-in with Greg Olsen at Maple Street Cafe. The new menu boards doubled dessert sales and the staff "
        "spend less time answering questions. What he's not happy about is the printer, it keeps jamming. "
        "He'd prefer a simpler ordering screen.",
        recorded_at=RECORDED,
    )
    assert has_item(notes, "strengths", "dessert sales")
    assert has_item(notes, "concerns", "printer") and not has_item(notes, "concerns", "dessert")
    assert has_item(notes, "advice", "ordering screen")


def test_a_fall_in_something_bad_is_good_news() -> None:
    notes = extract("She said refund requests went down after the launch but sales went down too.", RECORDED)
    assert has_item(notes, "strengths", "refund") and has_item(notes, "concerns", "sales")


def test_a_task_someone_asks_for_is_a_to_do() -> None:
    notes = extract(
        "He wants me to put together a one page summary of the pilot by Friday. She asked me to confirm the time. "
        "She asked me to keep working on my SQL.",
        recorded_at=RECORDED,
    )
    assert [a["due"] for a in notes["actions"] if "summary" in a["text"].lower()] == ["2026-04-17"]
    assert has_item(notes, "actions", "confirm the time")
    assert has_item(notes, "advice", "sql") and not has_item(notes, "actions", "sql")


def test_a_request_to_come_back_is_the_next_round_not_a_to_do() -> None:
    notes = extract("The recruiter said they'd like me to do a take home for the analyst role.", RECORDED)
    assert notes["outcome"] == "next_round" and not notes["actions"] and not notes["advice"]


@pytest.mark.parametrize(
    "memo",
    [
        "I'm going to reply and thank her for her time.",
        "I'll write back and thank him.",
        "I need to sign and return the offer letter by Friday.",
    ],
)
def test_a_bare_verb_joined_to_the_next_is_one_to_do(memo: str) -> None:
    assert len(extract(memo, recorded_at=RECORDED)["actions"]) == 1


def test_no_feedback_beyond_still_keeps_the_praise() -> None:
    notes = extract("No real feedback beyond that they liked my take-home.", recorded_at=RECORDED)
    assert has_item(notes, "strengths", "take-home")


def test_misheard_by_before_a_day_is_written_as_by():
    notes = extract(
        "I need to send a thank you email my Friday.",
        datetime(2026, 11, 25, 17, 30, tzinfo=timezone(timedelta(hours=1))),
    )
    assert [(a["text"], a["due"]) for a in notes["actions"]] == [("Send a thank you email by Friday", "2026-11-27")]


# --- outcome: who it happened to, how sure, and what the speaker took back ---------------------------------------


@pytest.mark.parametrize(
    "memo",
    [
        "The recruiter rang: they made an offer to another candidate for the planner job.",
        "Bit gutted, the agency said the client went with another profile in the end.",
        "She told me the team lead role went to an internal candidate.",
        "Apparently the position is closed for me now, they filled it last week.",
        "He said they decided to offer the job to someone with more hospital experience.",
        "The board chose a local firm instead, so the tender is gone.",
        "Long story short, we lost the pitch to a bigger studio.",
        "The promotion to principal isn't happening this year, he was straight with me.",
    ],
)
def test_an_offer_to_someone_else_or_work_gone_elsewhere_is_rejected(memo: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == "rejected"


@pytest.mark.parametrize(
    ("memo", "outcome"),
    [
        (
            "Talked to Femi about the pricing analyst role. If they make me an offer I'll ask for Fridays off.",
            "pending",  # an offer still to be decided
        ),
        ("If they give me the offer I'd negotiate the notice period. She said they'll decide by Friday.", "pending"),
        ("He said should they offer me the job, the salary band is fixed.", "pending"),
        ("I might get an offer next week, fingers crossed, it's down to two of us.", "pending"),
        ("Honestly the offer is basically mine to lose, the panel meets on Monday.", "pending"),
    ],
)
def test_an_offer_only_imagined_or_hoped_for_is_not_an_offer(memo: str, outcome: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == outcome


@pytest.mark.parametrize(
    "memo",
    [
        "Good news on the UX role, she wants me back for a final with the head of design.",
        "The recruiter said they're moving me forward to the panel stage.",
        "Client call with Ravi: we booked a follow-up meeting with their finance director for next month.",
        "We're through to the final two for the Leeds tender, presenting on the 9th.",
        "She wants us to present to the trust's board before they commit.",
        "If the final goes well they'll give me the offer, so it's the final round now.",
    ],
)
def test_a_stage_still_to_come_is_the_next_round(memo: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == "next_round"


@pytest.mark.parametrize(
    "memo",
    [
        "Proposal call with Dev: they'll decide by Friday.",
        "She said the hiring team will revert after the long weekend.",
        "He needs to run it past the partners and come back to us.",
        "Still no decision on the retainer, it's with their procurement team.",
        "Quick one about the care home contract: honestly it's up in the air until their budget is approved.",
    ],
)
def test_a_decision_still_to_come_is_pending(memo: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == "pending"


@pytest.mark.parametrize(
    "memo",
    [
        "Brilliant call with Orla, we've won the shop fit-out, deposit comes next week.",
        "They've accepted our proposal for the spring campaign.",
        "The board signed off on the pilot rollout, so we're on.",
        "Review with my manager: I'm being promoted to team lead from June.",
        "She confirmed the pay rise, four percent from April.",
        "Sales call with Pete: he's agreed to the quote, so that's won.",
    ],
)
def test_a_deal_won_or_a_promotion_granted_is_an_offer(memo: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == "offer"


@pytest.mark.parametrize(
    ("memo", "outcome"),
    [
        ("I need to sign the job offer, no wait, it's not an offer yet, they'll confirm on Monday.", "pending"),
        (
            "They went with someone else. Actually no, sorry, that was the other job, they offered me this one.",
            "offer",
        ),
        ("They said they'd offer me the role, no wait, they haven't decided yet.", "pending"),
        ("She'll let me know by Friday, no wait, Thursday, about the second interview.", "next_round"),
    ],
)
def test_the_speaker_correcting_themselves_keeps_the_last_word(memo: str, outcome: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == outcome


@pytest.mark.parametrize(
    "memo",
    [
        "Mentor call with Ada. She thinks I should write more and network at meetups. I'll book a follow-up.",
        "One to one with my lead. I need to set up a meeting with finance next week about the budget.",
        "I asked for feedback from the technical interview and she said no, she doesn't have any.",
        "He rejected my idea of weekly stand-ups, fair enough, and liked the retro format.",
        "I'm still thinking about what she said about my portfolio.",
    ],
)
def test_no_decision_talked_about_is_unknown(memo: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == "unknown"


def test_another_companys_interview_is_not_this_calls_outcome() -> None:
    memo = (
        "Call with Anna Weber from Rheinblick Versicherung about the actuary job. I have another interview at "
        "Domstadt Re on Tuesday. Anna said they will make a decision in two weeks."
    )
    notes = extract(memo, recorded_at=RECORDED)
    assert (notes["outcome"], notes["company"]) == ("pending", "Rheinblick Versicherung")


# --- names: first names that are words, corrections, headers, and whose company it is -------------------------


@pytest.mark.parametrize(
    ("memo", "contact"),
    [
        ("Spoke to May Tanaka about the designer role. She liked my portfolio.", "May Tanaka"),
        ("June said the panel liked me. That was June Park, the hiring manager.", "June Park"),
        ("Call with Will Hartley this morning. Will said the price was fine.", "Will Hartley"),
        ("Mentor call with Hope Adeyemi. Hope thinks I should network more.", "Hope Adeyemi"),
        ("Summer Lee rang back, she loved the pitch.", "Summer Lee"),
    ],
)
def test_a_word_that_is_also_a_first_name_is_a_person_before_a_surname_or_speech(memo: str, contact: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["contact"] == contact


def test_a_month_alone_is_not_a_person() -> None:
    notes = extract("In May the team liked my demo. The review is in June.", recorded_at=RECORDED)
    assert notes["contact"] is None


@pytest.mark.parametrize(
    ("memo", "contact"),
    [
        ("Quick one: it was Amara — no, it was Chinedu, from Lagos Freight, who called.", "Chinedu"),
        ("Had a chat with Dana, sorry, Diana Lopez at Crestview Homes.", "Diana Lopez"),
        ("I spoke with Tolu from Beacon Energy — no, not Tolu, it was Temitope, Temitope Adewale.", "Temitope Adewale"),
        (
            "Mentoring call with Sione, no, sorry, it was Viliami, Sione couldn't make it. Viliami Taufa.",
            "Viliami Taufa",
        ),
        ("Call with my mentor, Tom, well, Thomas, Thomas Abernathy, he hates Tom.", "Thomas Abernathy"),
    ],
)
def test_a_name_the_speaker_corrects_gives_way_to_the_last_one(memo: str, contact: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["contact"] == contact


@pytest.mark.parametrize(
    ("memo", "company"),
    [
        ("The role at Indus Bank — not Indus, sorry, Indigo Bank — is in risk. Rahul called about it.", "Indigo Bank"),
        ("That was Brianna from Sequoia Grove Hospitality — no wait, Sequoia Crest Hospitality.", "Sequoia Crest"),
    ],
)
def test_a_company_the_speaker_corrects_gives_way_to_the_last_one(memo: str, company: str) -> None:
    assert company in (extract(memo, recorded_at=RECORDED)["company"] or "")


@pytest.mark.parametrize(
    ("memo", "contact", "company"),
    [
        (
            "Notes from yesterday's call, Ollie Grant, Grant & Sons Plumbing. He liked the quote.",
            "Ollie Grant",
            "Grant & Sons Plumbing",
        ),
        ("Call w/ Lucy Tran, Tran & Co Accountants. She wants a second meeting.", "Lucy Tran", "Tran & Co Accountants"),
        ("Sales call. Fatima Khan, Khan Brothers Builders, Leeds. She's in.", "Fatima Khan", "Khan Brothers Builders"),
        ("Debrief: Raj Kapoor, finance director, Sterling Print. He liked the plan.", "Raj Kapoor", "Sterling Print"),
        ("Contact: Becky, procurement, Ellsworth Retail. Shop fit tender.", "Becky", "Ellsworth Retail"),
    ],
)
def test_a_header_names_the_contact_and_their_company(memo: str, contact: str, company: str) -> None:
    notes = extract(memo, recorded_at=RECORDED)
    assert (notes["contact"], notes["company"]) == (contact, company)


@pytest.mark.parametrize(
    ("memo", "company"),
    [
        ("Acme's recruiter, Jo Park, called about the analyst job.", "Acme"),
        ("Call with Samira at Tran and Co Accountants about the audit proposal.", "Tran and Co Accountants"),
        ("Quick summary of my call with Eve Hart about the copywriter role at Fennel and Rowe.", "Fennel and Rowe"),
        (
            "Priya from Talentbridge called about the analyst role at Halcyon Health. They want me back.",
            "Halcyon Health",
        ),
        ("Marco, the recruiter at Skyline Staffing, called about the Shopify role.", "Shopify"),
        (
            "We pitched the loyalty app to Verde Foods, I'm calling from Brightside Media. Ana Silva liked it.",
            "Verde Foods",
        ),
        (
            "Our agency, Pixel Studio, pitched to Hartwell Foods today. Priya Natarajan said the board loved it.",
            "Hartwell Foods",
        ),
        (
            "Call with Tom Reyes from Nimbus Cloud about our FlowDesk rollout. Tom said FlowDesk saved hours.",
            "Nimbus Cloud",
        ),
        ("Spoke to Lena Ortiz at Harbor Foods in Manchester. Lena wants a second meeting in Leeds.", "Harbor Foods"),
        (
            "The call was from the Head of Parks and Open Spaces, Harrowgate Borough Council, about the ranger post.",
            "Harrowgate Borough Council",
        ),
        # A site of the firm, and a skill, are no firm.
        ("Call with Siobhan Reilly at Orange, about the pilot of our rota tool in the Bristol call centre.", "Orange"),
        (
            "Mateusz is from the agency Kestrel People. He said the client from Gdańsk office is happy with me.",
            "Kestrel People",
        ),
        ("Call about the ML engineer role. Next step is a reference check at Quantiphi.", "Quantiphi"),
        (
            "Ravi from Teo Pantry called about the sous chef job at the Tanjong Pagar outlet of Cinnabar Group.",
            "Cinnabar Group",
        ),
    ],
)
def test_the_company_is_the_employer_or_the_client(memo: str, company: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["company"] == company


def test_a_company_named_before_role_is_not_the_role() -> None:
    notes = extract("Marco called about the Shopify role, the senior analyst one.", recorded_at=RECORDED)
    assert notes["role"] == "senior analyst"
    assert extract("It's for the Shopify role.", recorded_at=RECORDED)["role"] is None
    notes = extract("Interview for the Ferrous Systems solutions architect job went well.", recorded_at=RECORDED)
    assert notes["role"] == "solutions architect"


def test_the_person_on_the_call_beats_people_they_mention() -> None:
    notes = extract(
        "Tyler called — Tyler Brennan, from Ironclad Staffing. He said the owner, Doctor Patel, loved my answers. "
        "One-on-one prep with Scott Henley later: he wants me to train Jordan up, and to sit down with Jordan.",
        recorded_at=RECORDED,
    )
    assert notes["contact"] == "Tyler Brennan"


@pytest.mark.parametrize(
    ("memo", "outcome"),
    [
        (
            "Recruiter call about the data role. I thought they'd gone with someone else, but no, they want me back "
            "for the final round.",
            "next_round",
        ),
        (
            "Recruiter call about the data role. My friend got an offer from them last year. Anyway, they'll decide "
            "next week.",
            "pending",
        ),
        ("Mentor call: she reckons they'll probably offer me the job, but who knows.", "pending"),
        (
            "Call about the support role. There's no second round, they decide straight after this one, by Friday.",
            "pending",
        ),
        ("Call about the support role. I will revert to her tomorrow with my availability.", "unknown"),
        ("Proposal call with Ken. I need to think about it before I reply to his questions.", "unknown"),
        ("Call about the planner role. They haven't rejected me, they're still interviewing.", "pending"),
    ],
)
def test_beliefs_hedges_other_peoples_offers_and_my_own_doings_are_not_decisions(memo: str, outcome: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == outcome


def test_a_memo_said_without_punctuation_keeps_conditions_to_their_clause() -> None:
    memo = (
        "so yeah i asked her if there was any feedback and she said the panel really liked me and that they want "
        "me back for a final round next week with the vp"
    )
    assert extract(memo, recorded_at=RECORDED)["outcome"] == "next_round"


def test_idioms_and_headers_said_without_punctuation_are_not_conditions_or_stages() -> None:
    memo = (
        "she advised me to get the cloud cert if possible the client wants to set up the final round with the "
        "director next steps send her my references"
    )
    assert extract(memo, recorded_at=RECORDED)["outcome"] == "next_round"
    # A role on hold is a wait, not a next stage ("next steps" is a header, not a round).
    memo = "call with rhea about the support lead role the client put it on hold next steps send rhea my references"
    assert extract(memo, recorded_at=RECORDED)["outcome"] == "pending"


# --- fragments, the memo's own header lines, and other people's promises ------------------------------------------


@pytest.mark.parametrize(
    "memo",
    [
        "Rosa called about the barista job. She was really positive. The other concern, um. That I.",
        "Contact: Ivo Brandt, buyer, Kettle & Pine. Call w/ Ivo about the spring order.",
        "Okay, let me get this down before I forget. Call recap.",
    ],
)
def test_fragments_and_header_lines_are_not_notes(memo: str) -> None:
    notes = extract(memo, recorded_at=RECORDED)
    assert [notes[s] for s in ("strengths", "concerns", "advice", "actions")] == [[], [], [], []]


def test_a_time_said_after_a_to_do_dates_that_to_do() -> None:
    notes = extract("To do: update the pitch deck for Ivo. End of next week.", recorded_at=RECORDED)
    dated = [(a["text"].lower(), a["due"]) for a in notes["actions"]]
    assert dated == [("update the pitch deck for ivo", "2026-04-24")]


def test_someone_elses_promise_in_a_to_do_list_is_not_mine() -> None:
    notes = extract(
        "Next steps: send Ama the case study by Friday. Ama will introduce me to her CFO. "
        "He'll send me the style guide.",
        recorded_at=RECORDED,
    )
    assert texts(notes, "actions") == ["send ama the case study by friday"]


@pytest.mark.parametrize(
    ("memo", "outcome"),
    [
        ("Pia from the bakery rang about the head baker job, and she offered it to me on the spot!", "offer"),
        ("Supplier review with Ken, Halden Farms. Outcome: full rollout agreed across the depots.", "offer"),
        ("Pitch call with Lumo Studio. Won. They start in May.", "offer"),
        ("Call about the analyst job. They won't decide until after the holidays.", "pending"),
        ("Recruiter call for the sales role: he wants me to do a final with the regional director.", "next_round"),
        ("Client call with Oda. Outcome: they want a follow-on study next quarter.", "next_round"),
        (
            "Call about the developer job. No decision yet. He said there weren't many tests in the take-home.",
            "pending",
        ),
    ],
)
def test_outcome_forms_said_in_passing(memo: str, outcome: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == outcome


@pytest.mark.parametrize(
    ("memo", "outcome"),
    [
        ("Tomasz from Brightline rang. They're moving ahead with other candidates for the data role.", "rejected"),
        ("Recruiter said they won't be taking my application further for the ops job.", "rejected"),
        ("Client call with Inez. They pulled the project, the budget went elsewhere.", "rejected"),
        ("Call with Femke about the refit quote. They said no to the proposal, too pricey.", "rejected"),
        ("Debrief with Ola. The panel resolved to appoint another applicant for the analyst post.", "rejected"),
        ("Review call with the hotel group: they're extending the contract for another year.", "offer"),
        ("Ops lead at Kestrel said the pilot's getting renewed for twelve months.", "offer"),
        ("Call with Ruth at Pennant. They're expanding the pilot to four more depots.", "offer"),
        ("Bao called about the kitchen fit-out and at the end he said okay, we go with you.", "offer"),
        ("Recruiter call about the QA role: they want to move you forward to the tech screen.", "next_round"),
        ("She confirm I pass the first round for the auditor role, next one is with the partner.", "next_round"),
        ("Agency call, the controller role. Next up: technical panel, date to follow.", "next_round"),
        ("The HR lady say the manager still not decide on the clerk role, maybe two more weeks.", "pending"),
        ("Interview feedback call. They need a bit more time before deciding on the role.", "pending"),
        ("Nadia said I'm still in the running for the planner job, references this week.", "pending"),
    ],
)
def test_outcome_forms_said_by_other_writers(memo: str, outcome: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == outcome


def test_a_stage_prepared_for_just_in_case_is_still_a_wait() -> None:
    memo = (
        "Call with Ines about the buyer job. She said they're still deciding. I'll prepare some questions for the "
        "final just in case, by Monday."
    )
    assert extract(memo, recorded_at=RECORDED)["outcome"] == "pending"


def test_a_round_of_feedback_does_not_make_a_review_a_hiring_memo() -> None:
    memo = (
        "Peer review with Kofi, my round of feedback from the team. He said my write-ups are clear. For me, "
        "I want to set up a reading group next month."
    )
    assert extract(memo, recorded_at=RECORDED)["outcome"] == "unknown"


def test_second_person_to_dos_are_the_users_own() -> None:
    memo = (
        "Right. Call with Orla at Tessellate went okay. You need to send her the case study "
        "by Friday, and tomorrow you ring the agency about the notice period. She said you should slow down."
    )
    notes = extract(memo, recorded_at=RECORDED)
    assert has_item(notes, "actions", "case study")
    assert has_item(notes, "actions", "agency")
    assert not has_item(notes, "actions", "slow down")  # quoted advice stays advice
    dues = {item["text"].lower(): item["due"] for item in notes["actions"]}
    assert any("case study" in text and due == "2026-04-17" for text, due in dues.items())
    assert any("agency" in text and due == "2026-04-16" for text, due in dues.items())


def test_the_opening_line_self_ratings_and_asking_for_feedback_are_not_notes() -> None:
    memo = (
        "Call just ended with Signe Dahl from Brightwater regarding the logistics analyst role. She couldn't "
        "give feedback yet. I asked for feedback on the case study anyway. I'd give myself a seven. I need to "
        "email Signe my references tomorrow."
    )
    notes = extract(memo, recorded_at=RECORDED)
    every = [text for section in ("strengths", "concerns", "advice", "actions") for text in texts(notes, section)]
    assert [text for text in every if "references" in text] and len(every) == 1, every


def test_a_relative_clause_without_that_stays_with_its_remark() -> None:
    memo = "Call with Pia at Lumo. She said my portfolio was the strongest one she'd seen this year."
    notes = extract(memo, recorded_at=RECORDED)
    assert texts(notes, "strengths") and all("seen" in text for text in texts(notes, "strengths"))


@pytest.mark.parametrize(
    ("memo", "contact", "company"),
    [
        (
            "Joy Alleyne from Islandwide Recruitment called about the Tidewater Bank credit analyst thing. "
            "She said the panel liked my ratios.",
            "Joy Alleyne",
            "Tidewater Bank",
        ),
        (
            "Lindiwe from Kloof Talent phoned about Protea Mutual, the pricing analyst role. No decision yet.",
            "Lindiwe",
            "Protea Mutual",
        ),
        (
            "Call from Mr Dev Rao of Rao Associates, acting for Harbour & Finch, regarding the counsel role.",
            "Dev Rao",
            "Harbour & Finch",
        ),
        (
            "Two of them on the call, Ben from the agency, Hale Search, and then Mira Osei from Quayside Trust, "
            "the HR lead, who did the talking. Mira said they're still deciding.",
            "Mira Osei",
            "Quayside Trust",
        ),
        ("I finally got Tobias Lind on the phone, the recruiter at Norrland Systems.", "Tobias Lind", None),
        (
            "The letter came from Lionel Ames, General Counsel, about the paralegal job at Fenwick Homes Group.",
            "Lionel Ames",
            "Fenwick Homes Group",
        ),
        ("Aunty Bola call me about the cook job.", "Bola", None),
        ("Encik Farid from Sinar Logistik rang about the clerk job.", "Farid", "Sinar Logistik"),
        (
            "Hartwell. Hartwell Farm Supply, the feed store chain. Dana Cole there called about the yard job.",
            "Dana Cole",
            "Hartwell Farm Supply",
        ),
        ("Brightwell, the agency out of Leeds, rang about the buyer job.", None, None),  # a town, not a caller
        ("The General Counsel rang from Lowmoor Homes Group about our bid.", None, "Lowmoor Homes Group"),
        ("General Counsel Lionel Ames called about the paralegal job.", "Lionel Ames", None),  # the title before it
        (
            "I spoke to Chief Operating Officer Amina Bello about the analyst job at Atlas Shipping.",
            "Amina Bello",
            "Atlas Shipping",
        ),
        ("Lina from TalentoMX says next round for the customer success lead at Nube Pagos.", "Lina", "Nube Pagos"),
        ("So Drew Hastings, the agency recruiter, rang about the content role at Paper Crane.", "Drew Hastings", None),
    ],
)
def test_who_called_and_for_which_employer(memo: str, contact: str | None, company: str | None) -> None:
    notes = extract(memo, recorded_at=RECORDED)
    assert notes["contact"] == contact
    if company:
        assert notes["company"] == company


def test_how_the_feedback_was_laid_out_and_how_the_call_began_are_not_notes() -> None:
    memo = (
        "Mentoring session with Ms. Ong just now. She gave me two good points and two things to improve. "
        "My stakeholder map was strong. My estimates run long, she said. Then I need to book a coffee with "
        "Farid next week."
    )
    notes = extract(memo, recorded_at=RECORDED)
    every = [text for section in ("strengths", "concerns", "advice", "actions") for text in texts(notes, section)]
    assert not [text for text in every if "session" in text or "two things" in text or "two good" in text], every
    assert has_item(notes, "strengths", "stakeholder map")
    assert has_item(notes, "actions", "coffee", "farid")  # a to-do that books a call is still a to-do


@pytest.mark.parametrize(
    "line",
    [
        "She's not at liberty to share the panel's notes.",
        "That's not something they share, she said.",
        "They don't share interview feedback, policy.",
    ],
)
def test_a_policy_of_no_feedback_is_no_feedback(line: str) -> None:
    memo = f"Call with Arvo from the agency about the Helix Labs tester role. {line} I'll send a thank-you today."
    notes = extract(memo, recorded_at=RECORDED)
    assert notes["feedback_given"] is False
    assert not notes["strengths"] and not notes["concerns"] and not notes["advice"]


def test_their_questions_and_talk_about_the_recording_are_not_notes() -> None:
    memo = (
        "Call with Wren at Halyard about the planner role. First she asked how the take-home went for me. "
        "She asked me to send my portfolio by Friday. I'm rambling now. She said my Gantt chart was clear."
    )
    notes = extract(memo, recorded_at=RECORDED)
    every = [text for section in ("strengths", "concerns", "advice", "actions") for text in texts(notes, section)]
    assert not [text for text in every if "take-home" in text or "rambling" in text], every
    assert has_item(notes, "actions", "portfolio")  # "asked me to" is a request: a to-do
    assert has_item(notes, "strengths", "gantt")


@pytest.mark.parametrize(
    ("memo", "outcome"),
    [
        ("About the support lead job: they haven't made an offer yet, they're still checking references.", "pending"),
        ("Sam from the agency, re the ops role. They said yes to a final round with the COO.", "next_round"),
        ("They told me I'm their preferred candidate, offer details to follow by email.", "offer"),
        ("I've been invited to the assessment centre for the graduate scheme.", "next_round"),
        ("They're keeping me on the reserve list in case the first choice says no, for the role.", "pending"),
        ("They haven't got back to me since the interview, the recruiter is chasing them.", "pending"),
        ("The headhunter said the client decided to hold off filling the role until spring.", "pending"),
        ("They want me to do a paid trial week before deciding on the role.", "next_round"),
        ("The hiring manager said I'm in, contract on its way for the role.", "offer"),
    ],
)
def test_more_ways_to_say_how_a_hiring_call_ended(memo: str, outcome: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == outcome


def test_advice_to_hold_off_is_not_a_wait() -> None:
    memo = "Review with Dana. Advice: build three scenarios into the model, and hold off on the second tab."
    assert extract(memo, recorded_at=RECORDED)["outcome"] == "unknown"


@pytest.mark.parametrize(
    ("line", "keyword"),
    [
        ("She said my budgets are too optimistic.", "budgets"),
        ("He thought I was a bit light on pricing conversations.", "pricing"),
        ("It was felt that my answers on vendor risk lacked depth.", "vendor risk"),
        ("She's unsure about my Terraform experience.", "terraform"),
        ("They said my salary ask was at the top of their range.", "salary"),
        ("He said the price was well above the other bid.", "price"),
    ],
)
def test_hedged_criticism_is_a_concern(line: str, keyword: str) -> None:
    notes = extract(f"Feedback call with Lior at Quillon about the platform role. {line}", recorded_at=RECORDED)
    assert has_item(notes, "concerns", keyword), notes


@pytest.mark.parametrize(
    ("line", "keyword"),
    [
        ("She said my demo was crisp.", "demo"),
        ("He said the churn report I cleared was a proper win.", "churn report"),
        ("She said my shift rotas are always on time.", "rotas"),
        ("He reckons my runbook saved the team a whole weekend.", "runbook"),
    ],
)
def test_plain_praise_is_a_strength(line: str, keyword: str) -> None:
    notes = extract(f"Review call with Ama at Corran about my first quarter. {line}", recorded_at=RECORDED)
    assert has_item(notes, "strengths", keyword), notes


def test_their_take_on_what_i_should_do_is_advice() -> None:
    memo = "Mentor call with Idris. His take was that I should practise the pitch with a timer before the demo day."
    notes = extract(memo, recorded_at=RECORDED)
    assert has_item(notes, "advice", "timer")
    assert not has_item(notes, "actions", "timer")


def test_punctuation_said_aloud_is_read_as_punctuation() -> None:
    memo = (
        "Call notes comma Priya Raman comma head of data at Quillfield full stop Outcome colon they have offered me "
        "the job full stop Feedback colon loved my dashboard demo full stop Actions colon send the signed contract "
        "by Friday full stop"
    )
    result = extract(memo, recorded_at=datetime(2026, 7, 8, 18, 15))
    assert (result["contact"], result["company"], result["outcome"]) == ("Priya Raman", "Quillfield", "offer")
    assert [item["text"] for item in result["strengths"]] == ["Dashboard demo"]
    assert [(item["text"], item["due"]) for item in result["actions"]] == [
        ("Send the signed contract by Friday", "2026-07-10")
    ]


def test_one_comma_in_a_sentence_is_a_word_not_dictation() -> None:
    assert spoken_punctuation("She said I overuse the Oxford comma in my reports.") == (
        "She said I overuse the Oxford comma in my reports."
    )
    assert spoken_punctuation("Trial period comma two weeks comma a review period after it period Then I decide") == (
        "Trial period, two weeks, a review period after it. Then I decide"
    )


@pytest.mark.parametrize(
    ("memo", "outcome"),
    [
        (
            "My other application at Tessaly moved forward, they want a screen. But this call, with Ben at Corvid "
            "about the analyst job, they are still deciding.",
            "pending",
        ),
        ("Ingrid said the panel is gonna pass on this one, they need someone senior.", "rejected"),
        ("Recruiter call about the designer job. I am going to pass on their offer, the salary is too low.", "unknown"),
        ("Annual review with Marta. The promotion to senior designer went through, it starts in March.", "offer"),
        ("Recruiter call. My application went through to the final round with the CTO.", "next_round"),
        ("Check-in with Hope. Ravi got the promotion to team lead, which, fine. It was a normal review.", "unknown"),
        ("Yes! Just got the job at Brisa.", "offer"),
        ("Call with Sam about the data job. The role is on hold until April, headcount is frozen.", "pending"),
        ("Kai called about the marketing job, and it is no feedback, nothing, just that hiring is paused.", "pending"),
        ("Good news, the regrading application has gone through the panel, it starts next month.", "offer"),
        ("Review with my manager. She says I'm moving up to band seven from April.", "offer"),
        ("Recruiter call. They reject my application, no reason given.", "rejected"),
        ("The lady from the council said they have placed me in their talent pool for now.", "rejected"),
        ("Thanks for applying, the graduate intake is now full, said the email from Harlow Foods.", "rejected"),
        ("Call with the client at Penfold Dental. She wants to keep going for the second term, same rate.", "offer"),
        ("Call with Ivo at Brandmere. She's putting me forward for site manager, but it's not final.", "pending"),
        ("Chat with Rina at Talmont. The panel hasn't met yet, so nothing to report.", "pending"),
        ("Update on the Castellan bid: since the demo they have gone quiet.", "pending"),
        ("Call with Ivo at Brandmere. Ivo went quiet when I asked about pay.", "unknown"),
        ("Call with Nell at Fernbrook. So we're on! The contract starts Monday.", "offer"),
        ("Call with Nell at Fernbrook about the framework we're on.", "unknown"),
        ("Call with Omar at Quaystone. They agreed to move to phase two of the pilot in August.", "next_round"),
        ("Call with Bea at Hollin. They're minded to put me through to the final.", "pending"),
        ("Call with Ade at Lagoon Foods. Good news, I'm getting the warehouse supervisor post.", "offer"),
        ("Mentor call with Ruth at Hollin. No decision or anything, it's not that kind of call.", "unknown"),
        ("Chat with Ruth at Hollin about maybe joining one day. Nothing decided, there's no process yet.", "unknown"),
        ("Call with Ade at Lagoon Foods. Confirm already, they signing the contract next week.", "offer"),
        ("Call with Siti at Kedai Mawar. Increment still KIV, she said.", "pending"),
        ("Call with Siti at Kedai Mawar. She can't give me a decision until the board sits.", "pending"),
        (
            "Call with Siti at Kedai Mawar. They want me back for a second interview. Wait, no, it's a panel, not an "
            "interview.",
            "next_round",
        ),
    ],
)
def test_outcome_with_its_subject_and_its_process(memo: str, outcome: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == outcome


@pytest.mark.parametrize(
    ("memo", "outcome"),
    [
        (
            "Feedback from Ms Ortiz concerning the second round of interviews for the controller post. Nothing is "
            "settled; the ball is in their court.",
            "pending",
        ),
        ("Recruiter call about the UX job. If the budget clears at month end, they'll offer. Not before.", "pending"),
        ("Call with Lena about our audit proposal. She said they'll sign once legal has read it.", "pending"),
        (
            "Quote call with Jack at Bluebonnet. It sounds like it's leaning our way, but the owner has to sign off.",
            "pending",
        ),
        ("Review with Tom. On the promotion, nothing decided either way, we revisit in six months.", "unknown"),
        ("The committee has not yet reached its decision on the radiologist appointment.", "pending"),
    ],
)
def test_a_yes_that_waits_on_something_is_a_wait(memo: str, outcome: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == outcome


@pytest.mark.parametrize(
    ("memo", "contact", "company"),
    [
        (
            "My old colleague Priya texted to say she got an offer at Lumen. But then Ines Adeyemi, the recruiter at "
            "Bright, rang about the UX role.",
            "Ines Adeyemi",
            "Bright",
        ),
        ("Mock interview with my friend Park Min-jun, he works as a recruiter in a bank.", "Park Min-jun", None),
        (
            "Right, driving. Tom, Tom Okafor, the recruiter at Bramble, called about the ops lead role.",
            "Tom Okafor",
            "Bramble",
        ),
        (
            "So Grace Oyelaran, the head of finance at Oak and Ember, she is the hiring manager, rang me.",
            "Grace Oyelaran",
            "Oak and Ember",
        ),
        (
            "Okay so Ramesh sir, the hiring manager at Vastra Retail, he called for the buyer post.",
            "Ramesh",
            "Vastra Retail",
        ),
        (
            "Quick call. Hope Sinclair at Bright. Product analyst. They offered it to the other finalist. Apply to the "
            "Lattice job by Friday.",
            "Hope Sinclair",
            "Bright",
        ),
        ("For the record. Dr Ayo Bankole's office at the Royal Eastbrook Hospital telephoned.", "Ayo Bankole", None),
        ("okay mentor call w Zoe. she said my github is great.", "Zoe", None),
        ("So Rahul from Quantiphi called, the recruiter. The panel felt my ML basics are weak.", "Rahul", "Quantiphi"),
    ],
)
def test_the_contact_is_who_called_not_who_was_mentioned(memo: str, contact: str, company: str | None) -> None:
    result = extract(memo, recorded_at=RECORDED)
    assert result["contact"] == contact
    if company:
        assert result["company"] == company


# What a small speech model writes for a dictated memo: colons become commas or full stops, sentences run on.


def test_labels_said_with_a_comma_inside_a_run_on_sentence_still_sort_their_items() -> None:
    memo = (
        "Demo call with Petra Holm at Fenwick Foods, she liked, the recipe search and the shopping list, "
        "objections, the price per seat, actions, send Petra a pilot quote by Friday."
    )
    notes = extract(memo, recorded_at=RECORDED)
    assert has_item(notes, "strengths", "recipe search")
    assert has_item(notes, "concerns", "price per seat")
    assert not has_item(notes, "strengths", "price per seat")
    dated = [(a["text"].lower(), a["due"]) for a in notes["actions"]]
    assert dated == [("send petra a pilot quote by friday", "2026-04-17")]


def test_a_label_said_as_a_sentence_of_its_own_sorts_the_next_one() -> None:
    memo = (
        "Catch-up with my mentor Ines Varga. What went well? The onboarding checklist. "
        "Areas to work on. The handover notes."
    )
    notes = extract(memo, recorded_at=RECORDED)
    assert texts(notes, "strengths") == ["the onboarding checklist"]
    assert texts(notes, "concerns") == ["the handover notes"]


def test_a_memo_field_said_with_a_comma_ends_the_list_before_it() -> None:
    memo = "Positives, the dashboard and the alerts, decision, they will think it over, next, send the invoice today."
    notes = extract(memo, recorded_at=RECORDED)
    assert texts(notes, "strengths") == ["the dashboard and the alerts"]
    assert [(a["text"].lower(), a["due"]) for a in notes["actions"]] == [("send the invoice today", "2026-04-15")]


def test_a_label_word_said_as_an_aside_is_no_label() -> None:
    memo = "Review with Dora. She had no worries about the audit, which, good, because I was nervous about it."
    notes = extract(memo, recorded_at=RECORDED)
    assert not has_item(notes, "strengths", "nervous")


def test_a_suggestion_said_after_a_list_of_concerns_is_advice() -> None:
    memo = "Call with Omar Diaz. Negatives, the onboarding is slow, Omar suggests we record a short welcome video."
    notes = extract(memo, recorded_at=RECORDED)
    assert has_item(notes, "concerns", "onboarding")
    assert has_item(notes, "advice", "video")
    assert not has_item(notes, "concerns", "video")


@pytest.mark.parametrize(
    "line",
    ["Leah and mice, a glossary for the report.", "Her mice was to add a glossary to the report."],
)
def test_advice_as_a_speech_model_mishears_it_is_advice(line: str) -> None:
    notes = extract(f"Client call with Bo Lindqvist about the survey report. {line}", recorded_at=RECORDED)
    assert has_item(notes, "advice", "glossary")


@pytest.mark.parametrize(
    ("line", "due"),
    [
        ("To do: check the venue costs by the end on the week.", "2026-04-17"),
        ("To do: book the venue, end on next week.", "2026-04-24"),
        ("To do: send Ola the thank-you note to me.", "2026-04-15"),
        ("So, um, tomorrow I'll call Marko about the proofs and the paper.", "2026-04-16"),
        ("I need to, um, give my answer to Lena by the 30th.", "2026-04-30"),
        ("Next steps: ask my old manager Tomas, who works there now, about the team this weekend.", "2026-04-18"),
    ],
)
def test_due_dates_survive_what_a_speech_model_makes_of_them(line: str, due: str) -> None:
    notes = extract(f"Call with Mara Quist. {line}", recorded_at=RECORDED)
    assert [a["due"] for a in notes["actions"]] == [due], notes["actions"]


def test_to_me_after_a_verb_that_takes_it_is_no_date() -> None:
    notes = extract("Call with Mara Quist. They offered it to me. I need to sign the contract.", recorded_at=RECORDED)
    assert [a["due"] for a in notes["actions"]] == [None]


@pytest.mark.parametrize(
    "memo",
    [
        "Chat with Nell Ortega. The main hesitation, em. My charts were hard to follow.",
        "Chat with Nell Ortega. The stuff to work on. My charts were hard to follow.",
        "Chat with Nell Ortega. Overall, yeah, pretty positive. My charts were hard to follow.",
    ],
)
def test_a_bare_label_or_verdict_is_no_note_but_what_follows_is(memo: str) -> None:
    notes = extract(memo, recorded_at=RECORDED)
    items = texts(notes, "strengths") + texts(notes, "concerns")
    assert all("charts" in item for item in items)
    assert has_item(notes, "concerns", "charts")


def test_thanks_for_how_the_caller_behaved_is_no_strength() -> None:
    memo = "Call with Bram Yeo. He was very frank, which I appreciated. He liked my pricing model."
    notes = extract(memo, recorded_at=RECORDED)
    assert not has_item(notes, "strengths", "frank")
    assert has_item(notes, "strengths", "pricing model")


def test_what_the_other_side_will_do_is_neither_note_nor_action() -> None:
    memo = (
        "Call with Bram Yeo. My forecasting was weak. They'll pay for a training course."
        " He's going to send me a reading list."
    )
    notes = extract(memo, recorded_at=RECORDED)
    assert not has_item(notes, "strengths", "course") and not has_item(notes, "concerns", "course")
    assert not has_item(notes, "actions", "reading list")


def test_lower_case_client_beats_the_agency_in_heard_text() -> None:
    # A speech model writes the client in lower case: the job's employer is still the company, not the agency.
    notes = extract(
        "So that was Odile from Pinewood Recruiting, about the harbour glass thing, the buyer job.",
        recorded_at=RECORDED,
    )
    assert notes["company"] == "Harbour Glass"
    notes = extract("Toma from Quill Talent rang, and the role at copper kettle bakery is a no.", recorded_at=RECORDED)
    assert notes["company"] == "Copper Kettle Bakery"
    notes = extract("Lumi from Fern Staffing called: marsh lane dental is offering me the job.", recorded_at=RECORDED)
    assert notes["company"] == "Marsh Lane Dental"


def test_agency_stays_the_company_when_no_client_is_named() -> None:
    notes = extract("Call with Odile from Pinewood Recruiting about the senior buyer role.", recorded_at=RECORDED)
    assert notes["company"] == "Pinewood Recruiting"


@pytest.mark.parametrize(
    ("memo", "outcome"),
    [
        ("Chat with the hiring lead about the analyst role. The warehouse team job is now mine.", "offer"),
        ("Account call with Bram. They are renewing our cloud hosting contract for two years.", "offer"),
        ("Account call. The customer is going ahead with the licence deal.", "offer"),
        ("Account call. The customer is not going ahead with the licence deal.", "rejected"),
        ("Interview debrief. At the end the director said we'd love to have you, paperwork soon.", "offer"),
        ("Call with the agency recruiter. They will not continue with my application for the tester post.", "rejected"),
        ("Spoke to the lead. They are not taking me for the designer position.", "rejected"),
        ("Short call. It's a no for the payroll role, nothing more said.", "rejected"),
        ("Pipeline note for the Harrow account: closed lost.", "rejected"),
        ("Phone call about the nurse job. They did not take the decision yet, they will inform me.", "pending"),
        ("Call about the tutor vacancy. They had not chosen anyone so far.", "pending"),
        ("Call about the tutor vacancy. Sadly I was not chosen.", "rejected"),
        (
            "Interview call. The head said we'd love to have you, subject to the budget review, she will let me know.",
            "pending",
        ),
        (
            "Review with my lead. I must renew your first aid certificate, she said, and the other candidate got it.",
            "rejected",
        ),
    ],
)
def test_outcomes_said_in_less_usual_words(memo: str, outcome: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == outcome


@pytest.mark.parametrize(
    ("line", "due"),
    [
        ("I should file the expenses by Tuesday, no wait, Monday, since the audit starts Tuesday.", "2026-04-20"),
        ("I need to pay the deposit within 48 hours, actually no, just pay it by Friday.", "2026-04-17"),
        ("I need to phone the landlord on Thursday, sorry, Wednesday.", "2026-04-22"),
        ("I need to return the forms by Monday, no later than that.", "2026-04-20"),
    ],
)
def test_a_corrected_day_is_the_due_date(line: str, due: str) -> None:
    notes = extract(f"Call with Mara Quist. {line}", recorded_at=RECORDED)
    assert [a["due"] for a in notes["actions"]][:1] == [due], notes["actions"]


def test_to_hide_at_the_end_of_a_to_do_is_today() -> None:
    assert find_due_date("tidy up the budget sheet to hide", date(2026, 4, 14)) == date(2026, 4, 14)
    assert find_due_date("post the invite to hide itself", date(2026, 4, 14)) == date(2026, 4, 14)
    assert find_due_date("they have nothing to hide", date(2026, 4, 14)) is None


@pytest.mark.parametrize(
    ("memo", "outcome"),
    [
        ("The agency phoned back: it's a yes for the last interview, with the ward manager.", "next_round"),
        ("It's a yes! They want me to start in March.", "offer"),
        ("So they're offering the night-shift charge nurse contract, twelve weeks.", "offer"),
        ("They're offering the post to someone who already works there.", "rejected"),
        ("The lady from personnel said they would not be offering me the clerk job.", "rejected"),
        ("The trustees are meeting in May and they're deciding then whether to fund the second year.", "pending"),
        ("Good news on the garden project, phase one is approved, the rest waits for spring.", "offer"),
    ],
)
def test_outcome_said_as_a_stage_yes_a_contract_offered_or_a_decision_under_way(memo: str, outcome: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == outcome


# --- names as a small speech model hears them ----------------------------------------------------------------------


def test_a_name_said_twice_in_a_row_is_the_contact() -> None:
    # No lead-in names the caller, but people repeat a name so it is heard: that is who the memo is about.
    notes = extract("Right, Tamsin, Tamsin Rowe. She liked my budget plan.", recorded_at=RECORDED)
    assert notes["contact"] == "Tamsin Rowe"
    notes = extract("Okay, Oskar. Oskar thinks the roadmap slipped twice.", recorded_at=RECORDED)
    assert notes["contact"] == "Oskar"


def test_a_title_of_address_makes_a_person_not_a_company() -> None:
    notes = extract("Dr. Nadia Rooke office at Fernleigh Hospital telephoned about the post.", recorded_at=RECORDED)
    assert notes["contact"] == "Nadia Rooke"


def test_a_company_suffix_heard_in_lower_case_stays_with_the_name() -> None:
    # "Quarrybank construction" as heard: the lower-case last word still marks the company, and it is the client.
    notes = extract(
        "Ines from redfern staffing rang about the site manager job, Quarrybank construction, it's an offer.",
        recorded_at=RECORDED,
    )
    assert notes["company"] == "Quarrybank construction"
    # A suffix word inside a longer phrase ("credit control") names no company.
    notes = extract("Call with Ada Brisk. Outsourced credit control went well.", recorded_at=RECORDED)
    assert notes["company"] is None


def test_a_header_company_heard_in_lower_case() -> None:
    memo = "Pilot review, Colm Varley, finance director, brackenfold care homes. Positive."
    notes = extract(memo, recorded_at=RECORDED)
    assert notes["contact"] == "Colm Varley" and notes["company"] == "Brackenfold Care Homes"


def test_with_heard_as_in_or_win_after_a_meeting_still_names_the_person() -> None:
    notes = extract("Notes on my appraisal in Corinne Blythe. She liked the launch plan.", recorded_at=RECORDED)
    assert notes["contact"] == "Corinne Blythe"
    notes = extract("My one-on-one win Dario Pell went fine, he liked the launch plan.", recorded_at=RECORDED)
    assert notes["contact"] == "Dario Pell"


def test_a_name_after_a_bare_from_is_the_callers_company() -> None:
    # The caller's own name came out as an ordinary word; "from X called" still makes X the company.
    notes = extract("Earlier today jess from Larkmoor called about the onsite.", recorded_at=RECORDED)
    assert notes["contact"] != "Larkmoor" and notes["company"] == "Larkmoor"
    # A message from a person is still from that person.
    notes = extract("Got an email from Ottilie Brown at Sandgate Dental, it's a no.", recorded_at=RECORDED)
    assert notes["contact"] == "Ottilie Brown" and notes["company"] == "Sandgate Dental"


def test_the_job_employer_heard_in_lower_case_beats_the_callers_firm() -> None:
    notes = extract(
        "Ryan from Tollgate rang. The amber mill foods thing, the buyer job, is an offer.", recorded_at=RECORDED
    )
    assert notes["company"] == "Amber Mill Foods"
    # Without a suffix the lower-case words may be anything: the caller's firm stays.
    notes = extract("Ryan from Tollgate rang. The night shift role is gone.", recorded_at=RECORDED)
    assert notes["company"] == "Tollgate"


def test_a_header_with_a_family_company_names_the_person_wherever_it_starts() -> None:
    notes = extract("Sails the brief, Tomos Wynne, Wynne agricultural, drone surveys. He's in.", recorded_at=RECORDED)
    assert notes["contact"] == "Tomos Wynne"
    notes = extract(
        "Feedback call, Odette Lyle, head of audit, harrowgate mutual, about the audit role.", recorded_at=RECORDED
    )
    assert notes["company"] == "Harrowgate Mutual"


def test_a_name_the_memo_comes_back_to_is_the_contact_when_nothing_else_names_one() -> None:
    memo = "Can't sleep after all that, Idris. Honestly Idris covered everything twice, the pay band too."
    assert extract(memo, recorded_at=RECORDED)["contact"] == "Idris"


def test_a_company_named_outright_or_worked_for_is_the_company() -> None:
    memo = "Kit from hollow search rang about the buyer job, the company is called ferncastle marine, an offer."
    assert extract(memo, recorded_at=RECORDED)["company"].lower() == "ferncastle marine"
    notes = extract("Spoke to Wren Ahl, she works for Pellucid about the tester post.", recorded_at=RECORDED)
    assert notes["contact"] == "Wren Ahl" and notes["company"] == "Pellucid"


def test_the_only_full_name_in_a_memo_is_the_contact() -> None:
    # The lead-in was misheard into ordinary words; one full name is left, and nothing marks it a company.
    memo = "They're a new cat, Odhran Vellacott. He liked the dashboard and wants fewer charts."
    assert extract(memo, recorded_at=RECORDED)["contact"] == "Odhran Vellacott"
    # Two full names and no lead-in: no guess.
    memo = "Odhran Vellacott and Maeve Tully both sat in. The dashboard went down well."
    assert extract(memo, recorded_at=RECORDED)["contact"] is None


def test_met_at_the_start_of_a_sentence_is_not_part_of_the_name() -> None:
    assert extract("Met Ilse Brandt for coffee, she liked my slides.", recorded_at=RECORDED)["contact"] == "Ilse Brandt"


def test_head_of_a_department_heard_as_head_on_still_names_the_organisation() -> None:
    memo = "Call with Arno Pike, head on engineering at Lodestar, for the Nato engineer post."
    assert extract(memo, recorded_at=RECORDED)["company"] == "Lodestar"


def test_what_was_gone_over_is_no_note() -> None:
    notes = extract(
        "Met Oskar from Brightfield. First he looked at my pitch deck. He said my market slide was really strong. "
        "Mostly we talked about my hiring plan.",
        recorded_at=RECORDED,
    )
    assert has_item(notes, "strengths", "market slide")
    assert not has_item(notes, "strengths", "pitch deck")
    assert not has_item(notes, "strengths", "hiring plan")


def test_praise_not_given_is_no_note() -> None:
    notes = extract(
        "Chat with Wren at Halloway. She praised my budgeting. She didn't say my forecasts were strong, and I noticed.",
        recorded_at=RECORDED,
    )
    assert has_item(notes, "strengths", "budgeting")
    assert not has_item(notes, "strengths", "forecasts")
    assert not has_item(notes, "concerns", "forecasts")


def test_spoken_quote_marks_make_no_note_and_leave_the_text() -> None:
    notes = extract(
        "Call with Ines at Tallow. She said, quote, your onboarding flow is the tidiest we have seen, unquote. "
        "Her advice, quote, show the flow on a phone. I'll send her the prototype by Friday.",
        recorded_at=RECORDED,
    )
    every = [text for section in ("strengths", "concerns", "advice", "actions") for text in texts(notes, section)]
    assert has_item(notes, "advice", "phone")
    assert not any("quote" in text for text in every)


def test_a_going_forward_aside_stays_with_its_suggestion() -> None:
    notes = extract(
        "Review with Dana at Pellmark. It was suggested that, going forward, I book a weekly slot with my mentor.",
        recorded_at=RECORDED,
    )
    assert has_item(notes, "advice", "weekly slot")
    every = [text for section in ("strengths", "concerns", "advice", "actions") for text in texts(notes, section)]
    assert all("weekly slot" in text for text in every)


@pytest.mark.parametrize("opening", ["Review w Tomas Berg.", "okay review recap.", "Client debrief."])
def test_a_memo_heading_is_no_to_do_or_note(opening: str) -> None:
    notes = extract(f"{opening} He liked my roadmap. I'll send him the budget by Friday.", recorded_at=RECORDED)
    every = [text for section in ("strengths", "concerns", "advice", "actions") for text in texts(notes, section)]
    assert has_item(notes, "actions", "budget")
    assert not any("recap" in text or "debrief" in text or "tomas" in text for text in every)


def test_a_clause_of_only_pronoun_and_auxiliary_is_no_note() -> None:
    from webapp.extractor.phrasing import has_substance

    assert not has_substance("I haven't")
    assert not has_substance("I should've already")
    assert has_substance("I hadn't priced in the travel")


@pytest.mark.parametrize("announcement", ["Let me note the tasks.", "Okay, I'll go through the to-dos now."])
def test_announcing_the_to_do_list_is_no_to_do(announcement: str) -> None:
    notes = extract(f"{announcement} Post the signed form by Friday.", recorded_at=RECORDED)
    assert [a["text"].lower() for a in notes["actions"]] == ["post the signed form by friday"]


def test_a_name_field_read_aloud_with_a_comma_names_the_contact() -> None:
    notes = extract(
        "Reading my notes back. Name, Odile Marchetti-Ross, depot manager, Harbourline Freight. She liked my rota.",
        recorded_at=RECORDED,
    )
    assert (notes["contact"], notes["company"]) == ("Odile Marchetti-Ross", "Harbourline Freight")


# --- what a note is not, and outcomes said in turns (corpus files l and m, odd halves) ---------------------------


def test_the_speakers_own_praise_is_no_strength_when_the_caller_gave_feedback() -> None:
    notes = extract(
        "Call with Priti at Carrow Labs. She liked my test plan. I think I nailed the live demo, honestly.",
        recorded_at=RECORDED,
    )
    assert has_item(notes, "strengths", "test plan")
    assert not has_item(notes, "strengths", "live demo")
    # With no feedback from the caller, the speaker's own read is all there is, and it stays.
    notes = extract(
        "Call with Priti at Carrow Labs. She couldn't share any feedback. I think my live demo went well.",
        recorded_at=RECORDED,
    )
    assert has_item(notes, "strengths", "live demo")


def test_the_clause_saying_who_called_is_no_note() -> None:
    notes = extract(
        "That was Fenella from Quayside Talent, Fenella Drury, about the planner job. She liked my timelines.",
        recorded_at=RECORDED,
    )
    every = [text for section in ("strengths", "concerns", "advice") for text in texts(notes, section)]
    assert has_item(notes, "strengths", "timelines")
    assert not any("quayside" in text for text in every)


def test_a_verb_and_its_pronoun_alone_say_nothing() -> None:
    from webapp.extractor.phrasing import has_substance

    assert not has_substance("Sign it")
    assert not has_substance("Address that")
    assert has_substance("Sign the lease")


def test_which_one_was_meant_goes_on_with_the_note_before() -> None:
    notes = extract(
        "Chat with Bram at Oakhurst. He praised my cost model, the one from the bridge job.", recorded_at=RECORDED
    )
    assert has_item(notes, "strengths", "cost model", "bridge job")
    assert len(notes["strengths"]) == 1


@pytest.mark.parametrize(
    "aside",
    ["She was lovely, by the way.", "Nice guy, talks a mile a minute.", "Her intern brought biscuits, not relevant."],
)
def test_small_talk_about_the_caller_is_no_note(aside: str) -> None:
    notes = extract(f"Call with Ruth at Penmore. {aside} She said my rota was clear.", recorded_at=RECORDED)
    every = [text for section in ("strengths", "concerns", "advice") for text in texts(notes, section)]
    assert has_item(notes, "strengths", "rota")
    assert len(every) == 1, every


@pytest.mark.parametrize(
    ("line", "keywords"),
    [
        ("The weaker bit was my stats answer.", ("stats",)),
        ("What killed it was the delivery time, we were two weeks slower.", ("delivery time",)),
        ("The killer was the unit price.", ("unit price",)),
        ("She said I undersell my team lead work.", ("undersell",)),
        ("She asked why my tickets sit in review for days.", ("tickets",)),
        ("The development point, phrased as an opportunity, is delegation.", ("delegation",)),
        ("Where we fell down: the rollout plan.", ("rollout plan",)),
        ("His one whinge was the app drops out on the farm.", ("app drops",)),
        ("What she wants me to work on is my forecasting.", ("forecasting",)),
        ("The wet weather plan is the gap.", ("wet weather",)),
    ],
)
def test_criticism_said_without_the_usual_words_is_a_concern(line: str, keywords: tuple[str, ...]) -> None:
    notes = extract(f"Call with Sanne at Hollis. {line}", recorded_at=RECORDED)
    assert has_item(notes, "concerns", *keywords), notes["concerns"]


@pytest.mark.parametrize(
    ("memo", "outcome"),
    [
        (
            "Nils rang. They said no, and then, well, not no, he corrected himself, they want a second chat.",
            "next_round",
        ),
        ("Ops review with Ama. The purchase order came through this morning for both sites.", "offer"),
        ("After the pilot they're rolling it out to every branch.", "offer"),
        ("The head of finance is deciding by the 6th.", "pending"),
        ("They're choosing between two of us, he'll ring on Monday.", "pending"),
        ("Sales debrief. We're through to the technical evaluation, us and two others.", "next_round"),
        ("They offered me the job, no wait, it's the next round first, with the director.", "next_round"),
        ("It's a rejection, sorry, no, they're still deciding.", "pending"),
        ("The clinic sent the contract over for the receptionist post.", "offer"),
        ("Good news, they want the full programme for all three wards.", "offer"),
        ("Nobody's decided anything, the manager is away until the 30th.", "pending"),
        ("Pilot review. They are not continuing after the pilot, they'll do it in-house.", "rejected"),
        ("Mid-year review. Sam's promotion went through. Mine is with HR, she'll hear by the 6th.", "pending"),
        ("Lone Star called. The dispatcher job went to an internal guy.", "rejected"),
        ("RFP update: they've moved us to the final pricing stage, us and one other.", "next_round"),
        ("Outcome: no decision yet, he'll make the call by Friday. Send the take home write-up tomorrow.", "pending"),
    ],
)
def test_outcomes_corrected_or_said_through_the_business(memo: str, outcome: str) -> None:
    assert extract(memo, recorded_at=RECORDED)["outcome"] == outcome


@pytest.mark.parametrize(
    "heading", ["Sales debrief, Tollgate Bakeries.", "Account: Tollgate Bakeries. Buyer, Ines Roy."]
)
def test_a_memo_headed_with_the_account_names_the_company(heading: str) -> None:
    notes = extract(f"{heading} She liked our samples.", recorded_at=RECORDED)
    assert notes["company"] == "Tollgate Bakeries"


# --- to-do lists, office and plain criticism, recruiters' clients (corpus files n and o, odd halves) -------------


@pytest.mark.parametrize("label", ["Actions on my side:", "My actions:"])
def test_a_to_do_list_under_my_actions_is_split_into_to_dos(label: str) -> None:
    notes = extract(f"Call with Ravi at Corbel. {label} quote to Ravi tomorrow, pricing sheet due Friday.", RECORDED)
    assert [(a["text"].lower(), a["due"]) for a in notes["actions"]] == [
        ("quote to ravi tomorrow", "2026-04-16"),
        ("pricing sheet due friday", "2026-04-17"),
    ]


def test_list_words_said_before_a_to_do_are_not_part_of_it() -> None:
    notes = extract("Call with Ravi at Corbel. First off, book the rehearsal room. Last thing, email Ravi.", RECORDED)
    assert [a["text"].lower() for a in notes["actions"]] == ["book the rehearsal room", "email ravi"]


def test_eow_is_the_end_of_the_week() -> None:
    assert find_due_date("send the deck EOW", date(2026, 4, 15)) == date(2026, 4, 17)


def test_the_client_a_recruiter_called_about_is_the_company() -> None:
    notes = extract("Claire at Vantage Search called re Obsidian Ridge Partners, the operations role.", RECORDED)
    assert notes["company"] == "Obsidian Ridge Partners"


def test_the_depot_a_job_is_at_is_no_company() -> None:
    notes = extract("Big news from Kingfisher Supply Chain, the planner job at the Thurrock depot.", RECORDED)
    assert notes["company"] == "Kingfisher Supply Chain"


@pytest.mark.parametrize("word", ["Filipino", "Agent", "UK"])
def test_nationalities_and_common_words_are_no_names(word: str) -> None:
    from webapp.extractor.names import find_people_and_companies

    assert word not in find_people_and_companies(f"{word} team rang about the job. Ada Quist at Tellis said hello.")


# --- advice that goes on, outcomes in a few more words, a name taken back (corpus files p and q, odd halves) -----


def test_an_undated_instruction_after_a_tip_is_more_of_the_tip() -> None:
    notes = extract(
        "Call with Ines at Tidewater. Her tip was to rehearse the pricing slide. And bring printed copies. "
        "I'll book the rehearsal room tomorrow.",
        RECORDED,
    )
    assert has_item(notes, "advice", "rehearse") and has_item(notes, "advice", "printed copies")
    assert [(a["text"].lower(), a["due"]) for a in notes["actions"]] == [
        ("book the rehearsal room tomorrow", "2026-04-16")
    ]


def test_a_dated_to_do_after_a_tip_stays_a_to_do() -> None:
    notes = extract(
        "Call with Ines at Tidewater. Her tip was to rehearse the pricing slide. Email Ines by Friday.", RECORDED
    )
    assert [(a["text"].lower(), a["due"]) for a in notes["actions"]] == [("email ines by friday", "2026-04-17")]


@pytest.mark.parametrize(
    ("memo", "outcome"),
    [
        ("Rashid at Coldharbour, the site manager job. Through to final. They liked my floor plans.", "next_round"),
        ("Rashid at Coldharbour called. I'm invited to the portfolio round next month.", "next_round"),
        ("So Rashid at Coldharbour goes, they want to make you an offer, and I nearly dropped the phone.", "offer"),
        ("Rashid at Coldharbour rang. My old classmate got the offer, not me. Still, good practice.", "rejected"),
        ("Rashid at Coldharbour says they've still got three more folks to see this week.", "pending"),
        ("Rashid at Coldharbour says they've put a pin in the refit until the spring budget.", "pending"),
        ("Rashid at Coldharbour says the whole project is on ice until the merger closes.", "pending"),
        ("Ines from Tidewater rang. They've accepted my counter-offer, so that's the job.", "offer"),
        # An idiom about how criticism was said is no rejection; a review says nothing decided.
        ("Review with Ines. He didn't make it a big deal, but my forecasts were late twice.", "unknown"),
        # Advice about interviews to come is no next round.
        ("Ines at Tidewater will let me know on Monday. Her tip: slow down in the next interviews.", "pending"),
        ("Ines at Tidewater says they have three finalists left and hope to make a decision soon.", "pending"),
        ("Sana rang: promotion board result, I got it. Senior planner from June.", "offer"),
        ("Sana rang. My secondment to the Lisbon team is approved, from March.", "offer"),
        ("Dr Hale rang, and they're offering it, the lecturer post, from January.", "offer"),
        # Nothing at stake in a review; others still to interview is a wait; an instruction to think is no wait.
        ("Review with Sana. No raise talk, nothing like that, that's in the autumn.", "unknown"),
        ("Sana at Corbel says they have two more people to interview next week, so no decision yet.", "pending"),
        ("Sana at Corbel rang. She told me to have a think about my notice period.", "unknown"),
        ("Kofi, Ridgeway Haulage. Planner. Offer! Start date is the 3rd of May.", "offer"),
        ("Call with Ana at Quinta Gardens. Quote for the patio: accepted minus the lighting.", "offer"),
        ("Call with Ana at Quinta Gardens. Rebooking us for the spring fair, deposit coming.", "offer"),
        ("HR call, Tran from Lotus Hotels. No feedback, just scheduling. Panel moved to Tues the 24th.", "next_round"),
        ("Review with Lani. Nothing decided, just the review. I told her I applied for the trainer job.", "unknown"),
        # A question is no offer; someone else going for it is no yes.
        ("Call with Ana at Quinta. Offer? Not yet. Pending sign-off from finance.", "pending"),
        ("Still nothing from Saltpan. My friend there says an internal girl was also going for it.", "unknown"),
    ],
)
def test_outcomes_said_in_a_few_more_ways(memo: str, outcome: str) -> None:
    assert extract(memo, RECORDED)["outcome"] == outcome


def test_every_mention_of_a_name_taken_back_goes() -> None:
    notes = extract(
        "So that was Mara. Mara, sorry, no, Moira. Moira Quinn from Beacon Labs. She liked my demo.", RECORDED
    )
    assert notes["contact"] == "Moira Quinn"


def test_a_talk_still_to_come_is_not_the_call() -> None:
    notes = extract(
        "Odette, the recruiter from Larchmont Insurance, rang about the analyst job. She liked my SQL. "
        "I'll call her back once I've talked to Ben.",
        RECORDED,
    )
    assert notes["contact"] == "Odette"


def test_a_to_do_label_with_its_colon_mid_sentence_starts_a_list() -> None:
    notes = extract(
        "Call with Ines at Tidewater, the kettle's boiling, so quickly, actions: email the deck tonight, "
        "ring the printer on Friday.",
        RECORDED,
    )
    assert [(a["text"].lower(), a["due"]) for a in notes["actions"]] == [
        ("email the deck tonight", "2026-04-15"),
        ("ring the printer on friday", "2026-04-17"),
    ]


def test_an_instruction_not_to_do_something_is_advice_not_criticism() -> None:
    notes = extract(
        "Call with Ines at Tidewater. And also, don't read from the slides, she said, it looks nervous.", RECORDED
    )
    assert has_item(notes, "advice", "read from the slides") and notes["concerns"] == []


def test_the_other_side_calling_me_back_is_not_my_to_do() -> None:
    notes = extract("Call with Ines at Tidewater. She'll check with finance and call me Friday.", RECORDED)
    assert notes["actions"] == []


def test_a_word_the_speech_model_repeats_in_a_loop_is_said_once() -> None:
    notes = extract(
        "Call with Tamsin Tamsin Tamsin Tamsin Tamsin Tamsin from Greyfield Surveys. She liked my drone work.", RECORDED
    )
    assert notes["contact"] == "Tamsin"


@pytest.mark.parametrize(
    ("memo", "contact", "company"),
    [
        (
            "Just left Castillo Brothers, the shopfront job. Ana, Ana Castillo, the owner, liked my sketches.",
            "Ana Castillo",
            "Castillo Brothers",
        ),
        (
            "Okay. Brigid, from Lowry and Vance, rang me back about the junior solicitor post.",
            "Brigid",
            "Lowry and Vance",
        ),
    ],
)
def test_a_family_firm_and_a_firm_of_two_names_are_companies(memo: str, contact: str, company: str) -> None:
    notes = extract(memo, RECORDED)
    assert (notes["contact"], notes["company"]) == (contact, company)


def test_advice_told_as_what_worked_for_someone_else_is_advice() -> None:
    notes = extract(
        "Call with Ines at Tidewater. What worked for the people she has placed was a one-page case log.", RECORDED
    )
    assert has_item(notes, "advice", "case log") and notes["strengths"] == []


def test_news_of_the_outcome_alone_is_no_note() -> None:
    notes = extract(
        "Spoke to Ines at Tidewater. Their take: they are not moving forward with me. She liked my case study.",
        RECORDED,
    )
    assert notes["outcome"] == "rejected"
    assert notes["advice"] == [] and not has_item(notes, "strengths", "moving forward")


def test_a_promise_to_call_me_after_what_they_do_first_is_theirs() -> None:
    notes = extract(
        "Ines at Tidewater rang. So she is seeing a couple more people and will ring me on Friday.", RECORDED
    )
    assert notes["actions"] == []


@pytest.mark.parametrize(
    ("memo", "company"),
    [
        # A firm taken back, with its article, or after the tail of its old name.
        (
            "That was Ruth, the director at the Bellweather Trust, no, the Ashcombe Foundation, about the grants post.",
            "Ashcombe Foundation",
        ),
        (
            "Ravi, head of hiring at Kessler Institute of Design, sorry, it's Kessler College, rang about the job.",
            "Kessler College",
        ),
        # A number inside a name, and a firm said as its web address.
        ("Dee from Dock 4 Logistics rang about the forklift job. She liked my safety record.", "Dock 4 Logistics"),
        ("Okay, Lorna from quillhire dot io called about the support lead job.", "Quillhire"),
        # Past work is no employer; a description in lower case is no name.
        (
            "Call with Tomas from Redfern about the kitchen tender. He liked that we did the Pellow job in May.",
            "Redfern",
        ),
        (
            "Nadia from Foxglove Recruitment rang about the ward clerk job at the hospital trust.",
            "Foxglove Recruitment",
        ),
        # Hotels, inns and clubs are firms; the word alone is no name.
        ("Mick, the landlord of the Copper Kettle Inn, rang to say no to our ales.", "Copper Kettle Inn"),
        ("Jo from Wrenfield Rowing Club called about the coaching job at the Hospital.", "Wrenfield Rowing Club"),
        # The name, then what kind of place it is; "X is the firm" says so outright.
        (
            "I'm at the bus stop. Rang Hollybank, the care home, about the night carer job. Spoke to Brenda.",
            "Hollybank",
        ),
        (
            "Called Wilson Pryce about the trainee job. Wilson Pryce is the firm, by the way, not a person.",
            "Wilson Pryce",
        ),
        # "For X, the Y job" names the employer; the agency the recruiter is from gives way to it.
        (
            "Mo at Kestrel Search. For Dunmore Asset Management, the analyst job. Through to the final.",
            "Dunmore Asset Management",
        ),
        # An agency named as one, and a new clause after the noun, boost nothing.
        ("Grace from Peoplesmith, the agency for Lantern Health, rang about the ward job.", "Lantern Health"),
    ],
)
def test_companies_said_in_more_shapes(memo: str, company: str) -> None:
    assert extract(memo, RECORDED)["company"] == company


def test_the_speakers_own_nerves_are_no_concern() -> None:
    notes = extract("Call with Ines at Tidewater. I was worried my answers ran long. She liked my pricing.", RECORDED)
    assert notes["concerns"] == [] and has_item(notes, "strengths", "pricing")


def test_a_voice_note_to_someone_close_keeps_only_my_to_dos() -> None:
    notes = extract(
        "Hi love, quick one. Call with Ines at Tidewater, she liked my pricing. Send the deck tonight. "
        "I'll ring you after work.",
        RECORDED,
    )
    assert [a["text"].lower() for a in notes["actions"]] == ["send the deck tonight"]


def test_what_i_already_did_is_no_to_do() -> None:
    notes = extract("Call with Ines at Tidewater. I passed the forklift assessment on Monday.", RECORDED)
    assert notes["actions"] == []


@pytest.mark.parametrize(
    "line",
    [
        "She also said don't send the long deck, the board has no patience for it.",
        "She said slow down before each answer.",
    ],
)
def test_instructions_after_she_also_said_or_on_how_to_speak_are_advice(line: str) -> None:
    notes = extract(f"Call with Ines at Tidewater. {line}", RECORDED)
    assert len(notes["advice"]) == 1 and notes["concerns"] == []


def test_a_fault_ruled_out_is_no_concern() -> None:
    notes = extract("Call with Ines at Tidewater. She said the portfolio is not the problem at all.", RECORDED)
    assert notes["concerns"] == []


def test_a_date_said_after_a_to_do_dates_it() -> None:
    notes = extract("Call with Ines at Tidewater. Mine: book the safety course, do it by the 20th of April.", RECORDED)
    assert [(a["text"].lower(), a["due"]) for a in notes["actions"]] == [("book the safety course", "2026-04-20")]


def test_two_tasks_joined_by_and_share_the_deadline_said_once() -> None:
    notes = extract(
        "Call with Ines at Tidewater. To do: draft the budget and send it to Priya by Friday. Email the landlord "
        "tomorrow and ask about the deposit. I'll read the brief tonight, and I'll call Sam on Monday.",
        RECORDED,
    )
    assert [(a["text"].lower(), a["due"]) for a in notes["actions"]] == [
        ("draft the budget", "2026-04-17"),
        ("send it to priya by friday", "2026-04-17"),
        ("email the landlord tomorrow", "2026-04-16"),
        ("ask about the deposit", "2026-04-16"),
        ("read the brief tonight", "2026-04-15"),  # each of these has a subject and a day of its own
        ("call sam on monday", "2026-04-20"),
    ]


def test_a_task_before_that_is_due_on_the_day_said_before_it() -> None:
    notes = extract(
        "Call with Ines at Tidewater. The final is on the 21st, so I must print my portfolio before that.", RECORDED
    )
    assert [(a["text"].lower(), a["due"]) for a in notes["actions"]] == [
        ("print my portfolio before that", "2026-04-21")
    ]


def test_a_speaker_named_mid_remark_keeps_the_remark_whole() -> None:
    notes = extract(
        "Review with Dana. She said my reporting is solid. The two new starters, she said, are too dependent on me.",
        RECORDED,
    )
    assert has_item(notes, "concerns", "two new starters", "dependent")


def test_the_order_the_memo_is_told_in_is_no_note() -> None:
    notes = extract(
        "Outcome first, then the rest. Call with Ines at Tidewater, I'm through to the final. "
        "Things for me, send the references tonight.",
        RECORDED,
    )
    assert [a["text"].lower() for a in notes["actions"]] == ["send the references tonight"]
    assert notes["strengths"] == notes["advice"] == notes["concerns"] == []


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("payslip copy by Mon", date(2026, 4, 20)),
        ("book the site visit Thurs", date(2026, 4, 16)),
        ("chase her Tues if silent", date(2026, 4, 21)),
        ("send the rota by Sat", date(2026, 4, 18)),
        ("I sat the exam in March", None),
        ("send it, c'mon", None),
        ("send my availability for next week by tomorrow", date(2026, 4, 16)),
    ],
)
def test_weekdays_written_short_and_a_deadline_over_what_it_is_for(text: str, due: date | None) -> None:
    assert find_due_date(text, RECORDED.date()) == due


def test_a_thing_named_with_and_and_a_verb_is_one_to_do() -> None:
    notes = extract("Call with Ines at Tidewater. To do: book a lunch and learn slot, and send the deck.", RECORDED)
    assert [a["text"].lower() for a in notes["actions"]] == ["book a lunch and learn slot", "send the deck"]


@pytest.mark.parametrize("line", ["Gripe: I skip my one to ones.", "Only note: weak on the tachograph rules."])
def test_clipped_labels_for_criticism(line: str) -> None:
    notes = extract(f"Call with Ines at Tidewater. {line}", RECORDED)
    assert len(notes["concerns"]) == 1 and notes["advice"] == []


@pytest.mark.parametrize(
    "line",
    [
        "The month end close is two days faster since I rebuilt the templates, she said.",
        "Her view is that my bookkeeping background is a real asset for the role.",
    ],
)
def test_praise_in_plain_words_is_a_strength(line: str) -> None:
    notes = extract(f"Call with Ines at Tidewater. {line}", RECORDED)
    assert len(notes["strengths"]) == 1 and notes["concerns"] == []

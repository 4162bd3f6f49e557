"""Unit tests for the memo extractor, on short memos written for these tests."""

import json
from datetime import datetime, timedelta, timezone

import pytest

from webapp.extractor import extract

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

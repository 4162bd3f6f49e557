"""The clause classifier: the real embedding model and the shipped weights, on sentences written for these tests."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from webapp.extractor import EXAMPLE_LABELS, extract
from webapp.extractor.classifier import LABELS, NEIGHBOUR_SIMILARITY, label_clauses, model
from webapp.extractor.embeddings import encoder, read_safetensors

WEDNESDAY_EVENING = datetime(2026, 7, 8, 18, 15)
CORPUS = Path(__file__).parent / "data" / "corpus"


def texts(result: dict, section: str) -> list[str]:
    return [item["text"].lower() for item in result[section]]


def test_embeddings_put_paraphrases_close_and_other_topics_far():
    vectors = encoder().encode(
        [
            "She loved my portfolio.",
            "She really liked my portfolio.",
            "I have to renew my car insurance.",
        ]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > 0.85
    assert vectors[0] @ vectors[2] < 0.3
    assert encoder().encode([]).shape == (0, 384)


def test_safetensors_are_read_without_torch(tmp_path):
    header = json.dumps({"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}).encode()
    path = tmp_path / "tiny.safetensors"
    path.write_bytes(len(header).to_bytes(8, "little") + header + np.arange(4, dtype=np.float32).tobytes())
    assert read_safetensors(path)["w"].tolist() == [[0.0, 1.0], [2.0, 3.0]]


def test_the_shipped_model_matches_its_labels():
    assert model().weights.shape[1] == len(LABELS)
    assert set(EXAMPLE_LABELS) <= set(LABELS)


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("They weren't totally sold on my system design.", "concerns"),
        ("He reckons I undersold my leadership experience.", "concerns"),
        ("I'll send Omar the revised deck on Thursday.", "actions"),
        ("The weather was awful on the drive home.", "other"),
    ],
)
def test_what_the_rules_leave_open_the_classifier_decides(sentence, label):
    assert label_clauses([sentence], [None], [False]) == [label]


@pytest.mark.parametrize(
    ("sentence", "section", "word"),
    [
        ("Apparently my portfolio blew them away.", "strengths", "portfolio"),
        ("She goes, you should really work on your storytelling.", "advice", "storytelling"),
        ("Leo's feedback: my roadmap exercise was solid, but my metrics answer was weak.", "strengths", "roadmap"),
        ("Leo's feedback: my roadmap exercise was solid, but my metrics answer was weak.", "concerns", "metrics"),
    ],
)
def test_feedback_in_words_nobody_here_wrote_lands_in_its_section(sentence, section, word):
    result = extract(f"Notes on the call with Leo Marsh at Tallis. {sentence}", WEDNESDAY_EVENING)
    assert any(word in t for t in texts(result, section)), result


def test_a_rule_that_decides_is_kept():
    assert label_clauses(["Bring the laptop."], ["actions"], [True]) == ["actions"]


def test_a_correction_decides_a_sentence_like_it_and_not_others():
    examples = [("They weren't sold on my SQL", "concerns")]
    like_it, unlike = "He wasn't sold on my SQL either.", "I booked a table for Friday."
    assert encoder().encode([like_it])[0] @ encoder().encode([examples[0][0]])[0] >= NEIGHBOUR_SIMILARITY
    labels = label_clauses([like_it, unlike], ["advice", None], [False, False], examples)
    assert labels[0] == "concerns"  # ahead of the rules, too
    assert labels[1] != "concerns"


def test_a_corrected_sentence_lands_where_the_user_put_it_in_the_next_memo():
    memo = "Call with Ines at Parkway. Ines said they weren't sold on my SQL."
    before = extract(memo, WEDNESDAY_EVENING)
    assert not any("sql" in t for t in texts(before, "advice"))
    # The user files a similar remark under Advice once; the next memo follows them.
    after = extract(memo, WEDNESDAY_EVENING, examples=[("They were not sold on my SQL", "advice")])
    assert any("sql" in t for t in texts(after, "advice"))
    assert not any("sql" in t for t in texts(after, "concerns"))


# -- The failure classes the rules used to have, in new words ------------------------------------------------


def test_a_dictated_actions_list_gives_each_action_with_its_date():
    result = extract(
        "Call with Jo Park from Fernhill. Actions: send Jo my references by Thursday and update my CV tonight.",
        WEDNESDAY_EVENING,
    )
    actions = {item["text"].lower(): item["due"] for item in result["actions"]}
    assert actions == {"send jo my references by thursday": "2026-07-09", "update my cv tonight": "2026-07-08"}


def test_dictated_good_and_bad_lists_give_one_note_a_part():
    result = extract(
        "Pitch debrief, Hollis Bakery. Good: the moodboard, the pricing tiers, the delivery plan. "
        "Bad: the timeline is too tight, they want a local photographer.",
        WEDNESDAY_EVENING,
    )
    assert len(result["strengths"]) == 3 and len(result["concerns"]) == 2


def test_positives_were_and_negatives_were_open_lists_too():
    result = extract(
        "Positives were the clean dashboard and the onboarding video. Negatives were that the export is slow.",
        WEDNESDAY_EVENING,
    )
    assert any("dashboard" in t for t in texts(result, "strengths"))
    assert any("export" in t for t in texts(result, "concerns"))


@pytest.mark.parametrize(
    "sentence",
    [
        "She didn't have any concerns about my SQL.",
        "No red flags at all, she said.",
        "He had no real issues with my notice period.",
        "They weren't worried about the gap in my CV.",
    ],
)
def test_criticism_denied_is_no_concern(sentence):
    assert extract(f"Call with Ruth at Aldmoor. {sentence}", WEDNESDAY_EVENING)["concerns"] == []


def test_what_someone_else_will_do_is_not_the_users_follow_up():
    result = extract(
        "Spoke to Dev at Kestrel. The contract arrives on Monday. Dev will send the paperwork tomorrow. "
        "I need to sign it by Friday.",
        WEDNESDAY_EVENING,
    )
    assert [item["text"].lower() for item in result["actions"]] == ["sign it by friday"]


def _memo_files() -> list[Path]:
    return sorted(CORPUS.glob("*.json"))


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9']+", " ", text.lower()).replace("'", "").strip()


@pytest.mark.parametrize("path", _memo_files(), ids=lambda p: p.name)
def test_corpus_memos_are_labelled_in_the_scorers_format(path):
    memos = json.loads(path.read_text())
    assert len(memos) == len({m["id"] for m in memos}) >= 40  # ids unique; a file is a writer's whole brief
    for memo in memos:
        said = f" {_norm(memo['text'])} "
        expect = memo["expect"]
        assert expect["outcome"] in ("offer", "next_round", "pending", "rejected", "unknown"), memo["id"]
        for section in ("strengths", "concerns", "advice"):
            for keywords in expect[section]:
                assert all(f" {_norm(k)} " in said for k in keywords), (memo["id"], keywords)
        for action in expect["actions"]:
            assert all(f" {_norm(k)} " in said for k in action["keywords"]), (memo["id"], action)
        datetime.fromisoformat(memo["recorded_at"])
    heard = CORPUS / "heard" / path.name
    assert heard.exists(), f"what tiny.en heard of {path.name} is missing: run make_heard.py"
    assert set(json.loads(heard.read_text())) == {m["id"] for m in memos}


def test_training_fits_a_small_network_that_separates_what_it_was_shown():
    from webapp.extractor.train import accuracy, fit

    rng = np.random.default_rng(1)
    centres = rng.normal(size=(len(LABELS), 8))
    y = np.repeat(np.arange(len(LABELS)), 40)
    x = (centres[y] + 0.3 * rng.normal(size=(len(y), 8))).astype(np.float32)
    trained = fit(x, y, hidden=16, epochs=300)
    assert trained.hidden_weights.shape == (8, 16)
    assert accuracy(trained, x, y) > 0.95


def test_the_outcome_model_decides_what_no_outcome_rule_reads() -> None:
    from webapp.extractor.clauses import clean
    from webapp.extractor.outcome import classify_outcome

    memo = (
        "Ines at Tidewater rang. No news really, the hiring group still has to get together, she will call me once"
        " they have."
    )
    assert classify_outcome(clean(memo)) == "unknown"  # no rule knows this way of saying it
    assert extract(memo, datetime(2026, 4, 15, 17, 0))["outcome"] == "pending"


def test_the_outcome_model_leaves_a_review_undecided() -> None:
    memo = "Quarterly review with my manager Ines. She liked my reports and wants me to delegate more."
    assert extract(memo, datetime(2026, 4, 15, 17, 0))["outcome"] == "unknown"


def test_outcome_training_learns_which_clause_decides_a_memo() -> None:
    from webapp.extractor.outcome_model import OUTCOMES
    from webapp.extractor.train import fit_outcome, outcome_accuracy

    rng = np.random.default_rng(2)
    markers = rng.normal(size=(len(OUTCOMES), 8))
    bags, outcomes = [], []
    for memo in range(200):
        outcome = memo % len(OUTCOMES)
        filler = 0.3 * rng.normal(size=(4, 8))  # clauses that say nothing of the outcome
        # An undecided memo has only filler; a decided one has one clause that says how it went.
        clauses = filler if OUTCOMES[outcome] == "unknown" else np.vstack([filler, markers[outcome]])
        bags.append(clauses.astype(np.float32))
        outcomes.append(outcome)
    trained = fit_outcome(bags, np.array(outcomes), epochs=200)
    assert outcome_accuracy(trained, bags, np.array(outcomes)) > 0.9

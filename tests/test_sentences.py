"""Transcript lines are sentences: Whisper's segments split and merged at sentence ends, times by characters."""

from __future__ import annotations

from support import DATA, upload

from transcription.types import Segment, Transcript
from webapp.models import Memo
from webapp.services.sentences import sentences

MID_SENTENCE = [
    Segment(0.0, 6.0, "I spoke with Sarah, the recruiter at Northwind"),
    Segment(6.0, 12.0, "Labs, about the next round. She said Dr. Lee liked it. Then"),
    Segment(12.0, 14.0, "we talked."),
]


def test_segments_cut_mid_sentence_become_whole_sentences():
    found = sentences(MID_SENTENCE)
    assert [s.text for s in found] == [
        "I spoke with Sarah, the recruiter at Northwind Labs, about the next round.",
        "She said Dr. Lee liked it.",
        "Then we talked.",
    ]
    # Each starts where its words are spoken: interpolated by characters inside the 6..12 s segment.
    assert found[0].start == 0.0 and 8.0 < found[1].start < 9.5 < found[2].start < 12.0
    assert found[2].end == 14.0


def test_the_text_is_kept_word_for_word():
    assert " ".join(s.text for s in sentences(MID_SENTENCE)) == " ".join(s.text for s in MID_SENTENCE)


def test_a_run_on_without_full_stops_still_breaks_at_segment_ends():
    run_on = [Segment(i * 6.0, i * 6.0 + 6.0, f"and then part {i} went on") for i in range(6)]
    found = sentences(run_on, max_seconds=20)
    assert len(found) > 1 and all(s.end - s.start <= 20 for s in found)


def test_question_and_exclamation_end_sentences_and_blank_segments_are_dropped():
    found = sentences([Segment(0, 4, "Really? Yes! Good."), Segment(4, 5, "  ")])
    assert [s.text for s in found] == ["Really?", "Yes!", "Good."]


class MidSentenceEngine:
    """Stands in for Whisper with segments that break mid-sentence, as tiny.en does every ~6 s."""

    name = "fixed"
    model_name = "fixed"

    def transcribe(self, samples, vocabulary=None) -> Transcript:
        return Transcript(" ".join(s.text for s in MID_SENTENCE), "en", 14.0, list(MID_SENTENCE))


def test_a_transcribed_memo_stores_sentences(ann, app, client):
    from webapp.extensions import db
    from webapp.services import jobs, pipeline

    memo_id = upload(client, DATA / "memo_opus.webm", ann.csrf()).json["id"]
    with app.app_context():
        pipeline.run(jobs.claim("w", lease_seconds=60), MidSentenceEngine(), app.config["DATA_DIR"], 120)
        memo = db.session.get(Memo, memo_id)
        assert [s.text for s in memo.segments][0].endswith("Northwind Labs, about the next round.")
        assert [s.position for s in memo.segments] == [0, 1, 2]
    page = client.get(f"/memos/{memo_id}").get_data(as_text=True)
    assert "recruiter at Northwind Labs, about the next round." in page

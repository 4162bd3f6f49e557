"""The engine bench's spoken set and its WER over all words, without a model."""

from __future__ import annotations

from pathlib import Path

from bench.engines import BenchAudio, _overall_wer, memo_text, spoken_texts


def test_spoken_set_reads_three_voices_from_each_training_file() -> None:
    items = spoken_texts()
    assert len(items) == 14
    by_file: dict[str, set[str]] = {}
    for label, voice, _ in items[:12]:
        by_file.setdefault(label.split("-")[0], set()).add(voice)
    assert sorted(by_file) == ["a", "b", "c", "d"]  # never e, the untouched test split
    assert all(len(voices) == 3 for voices in by_file.values())
    assert items[12][2] == memo_text(87, 3)
    assert len(items[13][2].split()) < 20  # the short memo: one sentence


def test_overall_wer_weighs_each_recording_by_its_words() -> None:
    long = BenchAudio("long", Path("long.webm"), "one two three four five six seven eight nine ten")
    short = BenchAudio("short", Path("short.webm"), "hello there")
    rows = [
        (long, "faster-whisper base", {"text": "one two three four five six seven eight nine ten"}),
        (short, "faster-whisper base", {"text": "hello"}),
    ]
    # 1 error in 12 words, not the mean of 0% and 50%.
    assert _overall_wer(rows) == ["faster-whisper base: WER 8.3% over all 12 words"]

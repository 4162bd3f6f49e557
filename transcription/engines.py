"""Whisper engines. Each takes 16 kHz mono float32 samples and returns a Transcript."""

from __future__ import annotations

import ctypes
import ctypes.util
import difflib
import functools
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

import numpy as np

from transcription.audio import SAMPLE_RATE, duration_of
from transcription.models import DEFAULT_MODEL, ct2_model_dir
from transcription.types import ModelNotAvailableError, Segment, Transcript

ENGINES = ("faster-whisper", "openai-whisper")
DEFAULT_ENGINE = "faster-whisper"


class Engine(Protocol):
    name: str
    model_name: str

    def transcribe(self, samples: np.ndarray, vocabulary: list[str] | None = None) -> Transcript:
        """Transcribe 16 kHz mono float32 samples."""


def cpu_threads() -> int:
    """Half the cores for each decoding pass: with names known, two passes run side by side.

    On a 2-core machine one thread was also faster than two for a single tiny.en pass
    (RTF 0.059-0.065 against 0.070-0.073 over 213 s of memos, alternating runs).
    """
    return max(1, (os.cpu_count() or 1) // 2)


MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's mallopt() parameter number


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    """The C library when it is glibc (it has mallopt and malloc_trim), else None."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def cap_malloc_arenas(arenas: int = MALLOC_ARENAS) -> None:
    """Cap glibc's malloc arenas for this process (no-op elsewhere).

    Each decoding thread otherwise gets its own arena, and freed decoder buffers stay in them:
    with two passes side by side the worker peaked at 474-483 MB on a 30 s memo, 420-424 MB
    capped at 2, at the same speed (plain pass: 356-368 MB, 345-346 MB capped).
    """
    if libc := _glibc():
        libc.mallopt(_M_ARENA_MAX, arenas)


def release_freed_memory() -> None:
    """Give the memory a finished memo's decoding freed back to the system (glibc only).

    Otherwise the process keeps it and the next memo's peak lands on top: measured on a
    30 s memo with names, 276-289 MB held before it and a 394-405 MB peak; trimmed,
    188-193 MB and 349-359 MB.
    """
    if libc := _glibc():
        libc.malloc_trim(0)


class FasterWhisperEngine:
    """CTranslate2 Whisper, int8 on the CPU, with Silero VAD to skip silence.

    Two CTranslate2 workers share the weights, so a memo's plain and prompted passes run side by
    side (see transcribe_with_vocabulary): one pass barely gains from the second core.
    """

    name = "faster-whisper"

    def __init__(self, model: str = DEFAULT_MODEL, cache_dir: str | Path | None = None, beam_size: int = 5):
        from faster_whisper import WhisperModel

        self.model_name = model
        self.beam_size = beam_size
        cap_malloc_arenas()
        self._model = WhisperModel(
            str(ct2_model_dir(model, cache_dir)),
            device="cpu",
            compute_type="int8",
            cpu_threads=cpu_threads(),
            num_workers=2,
            local_files_only=True,
        )

    def transcribe(self, samples: np.ndarray, vocabulary: list[str] | None = None) -> Transcript:
        """Transcribe samples; `vocabulary` names are spelled as given (see transcribe_with_vocabulary)."""
        # num_workers=2 lets the prompted pass run in a second thread on the same weights.
        release_freed_memory()  # what decoding the file and writing its playback copy freed
        try:
            segments, language = transcribe_with_vocabulary(self._decode, samples, vocabulary, side_by_side=True)
        finally:
            release_freed_memory()
        return _transcript(segments, language, samples)

    def _decode(self, samples: np.ndarray, prompt: str | None = None, clip: bool = False) -> tuple[list[Segment], str]:
        # faster-whisper computes the log-Mel spectrogram of its whole input at once (~0.6 MB
        # a second: +170 MB peak on a 5 min memo), so long memos go in pieces cut at pauses.
        found: list[Segment] = []
        languages: list[str] = []
        for start, end in pieces(samples):
            segments, language = self._decode_piece(samples[start:end], prompt, clip)
            offset = start / SAMPLE_RATE
            found += [Segment(round(s.start + offset, 2), round(s.end + offset, 2), s.text) for s in segments]
            languages.append(language)
        return found, languages[0]

    def _decode_piece(self, samples: np.ndarray, prompt: str | None, clip: bool) -> tuple[list[Segment], str]:
        segments, info = self._model.transcribe(
            samples,
            beam_size=self.beam_size,
            vad_filter=not clip,  # a clip is one segment the first pass already found speech in
            without_timestamps=clip,
            condition_on_previous_text=False,
            # hotwords go into every window's previous-text slot (initial_prompt only into the first).
            hotwords=prompt,
        )
        return [Segment(round(s.start, 2), round(s.end, 2), s.text.strip()) for s in segments], info.language


PIECE_SECONDS = 60
# A cut goes at the quietest 200 ms within the last PAUSE_SEARCH_SECONDS of a piece.
PAUSE_SEARCH_SECONDS = 10


def pieces(samples: np.ndarray, piece_seconds: float = PIECE_SECONDS) -> list[tuple[int, int]]:
    """(start, end) sample ranges of at most `piece_seconds`, cut in pauses; one range for short audio."""
    limit = int(piece_seconds * SAMPLE_RATE)
    frame = SAMPLE_RATE // 50  # 20 ms
    cuts = [0]
    while samples.size - cuts[-1] > limit:
        lo = cuts[-1] + limit - int(PAUSE_SEARCH_SECONDS * SAMPLE_RATE)
        window = samples[lo : cuts[-1] + limit]
        energy = np.square(window[: window.size // frame * frame].reshape(-1, frame), dtype=np.float32).mean(axis=1)
        # Smoothed over 10 frames, so the cut lands in a pause, not in a plosive's short silence.
        smooth = np.convolve(energy, np.ones(10, dtype=np.float32), mode="same")
        cuts.append(lo + int(np.argmin(smooth)) * frame + frame // 2)
    return list(zip(cuts, [*cuts[1:], samples.size], strict=True))


# A decoder: (samples, prompt or None, clip?) -> (segments, language). `clip` means a short
# piece cut out of the memo at a segment's times: decode it whole, without timestamps.
Decoder = Callable[[np.ndarray, "str | None", bool], tuple[list[Segment], str]]

# A prompted pass that keeps less than this share of a plain segment's words dropped it.
_DROPPED_SHARE = 0.5
# A name-bearing change that removes more words than this is a drop, not a respelling.
_MAX_NAME_DEFICIT = 3


def vocabulary_prompt(vocabulary: list[str] | None) -> str | None:
    """The names as prompt text for Whisper's previous-text context."""
    if not vocabulary:
        return None
    # "Names: ..." reads as a label, not as speech: measured on the dev memos it both
    # fixed more names and lost fewer opening words than the bare comma-separated list.
    return "Names: " + ", ".join(vocabulary) + "."


def transcribe_with_vocabulary(
    decode: Decoder, samples: np.ndarray, vocabulary: list[str] | None, side_by_side: bool = False
) -> tuple[list[Segment], str]:
    """Decode plainly, then take from a prompted pass only the changes that spell a vocabulary name.

    A prompt makes Whisper spell the names right but it can also drop the words that
    repeat it (a memo opening "Recruiter Lisa Park from Hooli called" lost its first
    sentence to the prompt "Lisa Park, Hooli"). So the plain pass stays the transcript,
    with its timestamps; the prompted pass only swaps in name-bearing words; and a plain
    segment the prompted pass dropped is decoded again alone with the prompt. With
    `side_by_side` (a `decode` that is safe in two threads at once), both passes run together.
    """
    prompt = vocabulary_prompt(vocabulary)
    if not vocabulary or prompt is None:
        return decode(samples, None, False)
    plain, prompted, language = _plain_and_prompted(decode, samples, prompt, side_by_side)
    if not plain:
        return plain, language
    names = _vocabulary_words(vocabulary)
    texts, kept = adopt_names([s.text for s in plain], " ".join(s.text for s in prompted), names)
    out = []
    for seg, text, share in zip(plain, texts, kept, strict=True):
        if share < _DROPPED_SHARE:
            clip = samples[max(0, int((seg.start - 0.2) * SAMPLE_RATE)) : int((seg.end + 0.2) * SAMPLE_RATE)]
            again, _ = decode(clip, prompt, True)
            (text,), _ = adopt_names([seg.text], " ".join(s.text for s in again), names)
        out.append(Segment(seg.start, seg.end, respell(text, vocabulary)))
    return out, language


def _plain_and_prompted(
    decode: Decoder, samples: np.ndarray, prompt: str, side_by_side: bool
) -> tuple[list[Segment], list[Segment], str]:
    """The plain pass's segments, the prompted pass's segments, and the language."""
    if not side_by_side:
        plain, language = decode(samples, None, False)
        return plain, decode(samples, prompt, False)[0] if plain else [], language
    # Side by side the prompted pass costs little time: on 2 cores with tiny.en one pass decodes
    # no faster on two threads than on one, and 13 memos with names took 1.1x the plain pass's
    # time instead of 2.1x, with the same words. Greedy decoding of the prompted pass, or decoding
    # only the segments that look like they hold a name, saved less and lost names. The price is
    # a second decoder's buffers while both run (worker peak 412 MB against 347 MB without names).
    with ThreadPoolExecutor(max_workers=1) as pool:
        prompted = pool.submit(decode, samples, prompt, False)
        plain, language = decode(samples, None, False)
        return plain, prompted.result()[0], language


def respell(text: str, vocabulary: list[str]) -> str:
    """Write each vocabulary name that the text holds in other letter case as the user typed it."""
    for name in vocabulary:
        parts = name.split()
        if not parts:
            continue
        pattern = r"(?<!\w)" + r"[\s-]+".join(re.escape(part) for part in parts) + r"(?!\w)"
        text = re.sub(pattern, lambda _m, name=name: name, text, flags=re.IGNORECASE)
    return text


def adopt_names(plain: list[str], prompted: str, names: set[str]) -> tuple[list[str], list[float]]:
    """Each plain segment's text with the prompted words that spell a name swapped in, and the share it kept."""
    tokens = [(i, word) for i, text in enumerate(plain) for word in text.split()]
    a = [_norm(word) for _, word in tokens]
    b_words = prompted.split()
    b = [_norm(word) for word in b_words]
    out: list[list[str]] = [[] for _ in plain]
    kept = [0] * len(plain)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        adopt = (
            tag in ("replace", "insert")
            and any(word in names for word in b[j1:j2])
            and (i2 - i1) - (j2 - j1) <= _MAX_NAME_DEFICIT
        )
        if adopt:
            # The new words join the segment of the plain word they replace (or follow).
            seg = tokens[min(i1, len(tokens) - 1)][0]
            out[seg].extend(b_words[j1:j2])
        else:
            # Anything else the prompt changed is not trusted: keep the plain words.
            for seg, word in tokens[i1:i2]:
                out[seg].append(word)
        if tag == "equal" or adopt:
            for seg, _ in tokens[i1:i2]:
                kept[seg] += 1
    totals = [len(text.split()) for text in plain]
    return [" ".join(words) for words in out], [k / t if t else 1.0 for k, t in zip(kept, totals, strict=True)]


def _norm(word: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", word.lower())


def _vocabulary_words(vocabulary: list[str]) -> set[str]:
    return {_norm(word) for name in vocabulary for word in name.split() if _norm(word)}


def _transcript(segments: list[Segment], language: str, samples: np.ndarray) -> Transcript:
    segments = [s for s in segments if s.text]
    return Transcript(
        text=" ".join(s.text for s in segments),
        language=language or "en",
        duration=duration_of(samples),
        segments=segments,
    )


def load_engine(name: str = DEFAULT_ENGINE, model: str = DEFAULT_MODEL, cache_dir: str | Path | None = None) -> Engine:
    """Build the engine `name` with weights `model`; loading is slow, do it once per process."""
    if name == "faster-whisper":
        return FasterWhisperEngine(model, cache_dir)
    if name == "openai-whisper":
        from transcription.openai_engine import OpenAIWhisperEngine

        return OpenAIWhisperEngine(model, cache_dir)
    raise ModelNotAvailableError(f"Unknown engine {name!r}: choose one of {', '.join(ENGINES)}.")


__all__ = [
    "ENGINES",
    "DEFAULT_ENGINE",
    "Engine",
    "FasterWhisperEngine",
    "load_engine",
    "SAMPLE_RATE",
    "transcribe_with_vocabulary",
    "vocabulary_prompt",
]

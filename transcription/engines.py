"""Whisper engines. Each takes 16 kHz mono float32 samples and returns a Transcript."""

from __future__ import annotations

import os
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
    """All cores: the worker transcribes one memo at a time."""
    return os.cpu_count() or 1


class FasterWhisperEngine:
    """CTranslate2 Whisper, int8 on the CPU, with Silero VAD to skip silence."""

    name = "faster-whisper"

    def __init__(self, model: str = DEFAULT_MODEL, cache_dir: str | Path | None = None, beam_size: int = 5):
        from faster_whisper import WhisperModel

        self.model_name = model
        self.beam_size = beam_size
        self._model = WhisperModel(
            str(ct2_model_dir(model, cache_dir)),
            device="cpu",
            compute_type="int8",
            cpu_threads=cpu_threads(),
            local_files_only=True,
        )

    def transcribe(self, samples: np.ndarray, vocabulary: list[str] | None = None) -> Transcript:
        """Transcribe samples; `vocabulary` names are passed as hotwords."""
        segments, info = self._model.transcribe(
            samples,
            beam_size=self.beam_size,
            vad_filter=True,
            condition_on_previous_text=False,
            hotwords=", ".join(vocabulary) if vocabulary else None,
        )
        found = [Segment(round(s.start, 2), round(s.end, 2), s.text.strip()) for s in segments]
        return _transcript(found, info.language, samples)


def vocabulary_prompt(vocabulary: list[str] | None) -> str | None:
    """The names as prompt text for Whisper's previous-text context."""
    if not vocabulary:
        return None
    return ", ".join(vocabulary)


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


__all__ = ["ENGINES", "DEFAULT_ENGINE", "Engine", "FasterWhisperEngine", "load_engine", "SAMPLE_RATE"]

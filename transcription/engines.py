"""The engine registry: which Whisper engines exist and how to load one by name."""

from __future__ import annotations

from pathlib import Path

from transcription.exceptions import ModelNotAvailableError
from transcription.models import DEFAULT_MODEL
from transcription.types import Engine

ENGINES = ("faster-whisper", "openai-whisper")
DEFAULT_ENGINE = "faster-whisper"


def load_engine(name: str = DEFAULT_ENGINE, model: str = DEFAULT_MODEL, cache_dir: str | Path | None = None) -> Engine:
    """Build the engine `name` with weights `model`; loading is slow, do it once per process."""
    if name == "faster-whisper":
        from transcription.faster_whisper_engine import FasterWhisperEngine

        return FasterWhisperEngine(model, cache_dir)
    if name == "openai-whisper":
        from transcription.openai_engine import OpenAIWhisperEngine

        return OpenAIWhisperEngine(model, cache_dir)
    raise ModelNotAvailableError(f"Unknown engine {name!r}: choose one of {', '.join(ENGINES)}.")

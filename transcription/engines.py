"""The engine registry: which Whisper engines exist and how to load one by name."""

from __future__ import annotations

from pathlib import Path

from transcription.denoise import DEFAULT_DENOISER, DenoisedEngine, load_denoiser
from transcription.exceptions import ModelNotAvailableError
from transcription.models import DEFAULT_MODEL
from transcription.types import Engine

ENGINES = ("faster-whisper", "openai-whisper")
DEFAULT_ENGINE = "faster-whisper"


def load_engine(
    name: str = DEFAULT_ENGINE,
    model: str = DEFAULT_MODEL,
    cache_dir: str | Path | None = None,
    denoise: str = DEFAULT_DENOISER,
) -> Engine:
    """Build the engine `name` with weights `model`, behind the denoiser `denoise`; do it once per process."""
    denoiser = load_denoiser(denoise)  # first: a denoiser that is not installed fails before the slow part
    engine = _engine(name, model, cache_dir)
    return DenoisedEngine(engine, denoiser) if denoiser else engine


def _engine(name: str, model: str, cache_dir: str | Path | None) -> Engine:
    if name == "faster-whisper":
        from transcription.faster_whisper_engine import FasterWhisperEngine

        return FasterWhisperEngine(model, cache_dir)
    if name == "openai-whisper":
        from transcription.openai_engine import OpenAIWhisperEngine

        return OpenAIWhisperEngine(model, cache_dir)
    raise ModelNotAvailableError(f"Unknown engine {name!r}: choose one of {', '.join(ENGINES)}.")

"""The transcript shape every engine returns, and the engine protocol."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Protocol

import numpy as np

from transcription.audio import duration_of


@dataclass
class Segment:
    start: float
    end: float
    text: str


@dataclass
class Transcript:
    text: str
    language: str
    duration: float
    segments: list[Segment] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain JSON-ready dict: {"text", "language", "duration", "segments"}."""
        return asdict(self)


class Engine(Protocol):
    name: str
    model_name: str

    def transcribe(self, samples: np.ndarray, vocabulary: list[str] | None = None) -> Transcript:
        """Transcribe 16 kHz mono float32 samples."""


def transcript_from_segments(segments: list[Segment], language: str, samples: np.ndarray) -> Transcript:
    """The Transcript of a decoded memo: empty segments dropped, text joined, duration from the samples."""
    segments = [s for s in segments if s.text]
    return Transcript(
        text=" ".join(s.text for s in segments),
        language=language or "en",
        duration=duration_of(samples),
        segments=segments,
    )

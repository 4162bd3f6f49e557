"""The transcript shape every engine returns, and the errors they raise."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


class TranscriptionError(Exception):
    """Base class: a memo could not be transcribed; the message is for a person."""


class AudioDecodeError(TranscriptionError):
    """The file is not audio we can decode (corrupt, truncated, or not audio at all)."""


class AudioTooLongError(TranscriptionError):
    """The recording is longer than the configured maximum."""


class ModelNotAvailableError(TranscriptionError):
    """The requested model or engine is not installed on this machine."""


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

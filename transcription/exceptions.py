"""Every error the transcription package raises; the message is for a person."""

from __future__ import annotations


class TranscriptionError(Exception):
    """Base class: a memo could not be transcribed."""


class AudioDecodeError(TranscriptionError):
    """The file is not audio we can decode (corrupt, truncated, or not audio at all)."""


class AudioTooLongError(TranscriptionError):
    """The recording is longer than the configured maximum."""


class ModelNotAvailableError(TranscriptionError):
    """The requested model or engine is not installed on this machine."""

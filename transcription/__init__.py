"""Audio decoding and Whisper engines: audio in, text with timed segments out.

Nothing in this package imports Flask or the database.
"""

from transcription.types import Segment, Transcript, TranscriptionError

__all__ = ["Segment", "Transcript", "TranscriptionError"]

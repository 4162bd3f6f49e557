"""Audio decoding and Whisper engines: audio in, text with timed segments out.

Nothing in this package imports Flask or the database.
"""

from transcription.exceptions import TranscriptionError
from transcription.types import Segment, Transcript

__all__ = ["Segment", "Transcript", "TranscriptionError"]

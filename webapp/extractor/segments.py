"""Map character offsets in the joined transcript back to Whisper segment times."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SegmentSpan:
    """Where a segment's text sits in the joined transcript, and when it was spoken."""

    start_char: int
    end_char: int
    start: float
    end: float


def locate_segments(text: str, segments: Sequence[dict] | None) -> list[SegmentSpan]:
    """Find each segment's character span in text (segments are joined by single spaces)."""
    spans: list[SegmentSpan] = []
    cursor = 0
    for segment in segments or []:
        piece = str(segment.get("text", "")).strip()
        if not piece:
            continue
        found = text.find(piece, cursor)
        # Fall back to the expected position when the text was altered (e.g. extra whitespace).
        start_char = found if found >= 0 else cursor
        end_char = start_char + len(piece)
        spans.append(SegmentSpan(start_char, end_char, float(segment["start"]), float(segment["end"])))
        cursor = end_char
    return spans


def time_range(spans: list[SegmentSpan], start_char: int, end_char: int) -> tuple[float | None, float | None]:
    """Return (start, end) seconds of the segments overlapping the character range, or (None, None)."""
    hits = [s for s in spans if s.start_char < end_char and s.end_char > start_char]
    if not hits:
        return None, None
    return min(s.start for s in hits), max(s.end for s in hits)

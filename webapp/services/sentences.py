"""Transcript lines as sentences: Whisper's ~6 s segments split and merged at sentence ends.

Times inside a segment are interpolated by characters, which is cheap and needs no word timestamps
(those cost more decoding time than the few tenths of a second of precision they add to a line's start).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transcription.types import Segment

# A sentence ends at . ! ? or … (closing quotes and brackets kept), before a space.
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*(?=\s)")
# "Mr. Smith" and "e.g. the" do not end a sentence.
ABBREVIATIONS = frozenset({"mr.", "mrs.", "ms.", "dr.", "st.", "vs.", "e.g.", "i.e.", "etc.", "approx."})
# A run-on stretch with no full stop still breaks at Whisper's own segment ends past this length.
MAX_SENTENCE_SECONDS = 20.0


@dataclass
class _Piece:
    start: float
    end: float
    text: str
    ends_sentence: bool


def sentences(segments: list[Segment], max_seconds: float = MAX_SENTENCE_SECONDS) -> list[Segment]:
    """The segments' text regrouped into sentences, each starting at the moment it is spoken."""
    grouped: list[Segment] = []
    current: list[_Piece] = []
    for piece in (p for segment in segments for p in _pieces(segment)):
        if current and piece.end - current[0].start > max_seconds and not current[-1].ends_sentence:
            grouped.append(_join(current))
            current = []
        current.append(piece)
        if piece.ends_sentence:
            grouped.append(_join(current))
            current = []
    if current:
        grouped.append(_join(current))
    return grouped


def _pieces(segment: Segment) -> list[_Piece]:
    """A segment cut at its sentence ends, each piece timed by its share of the segment's characters."""
    text = segment.text.strip()
    if not text:
        return []
    cuts = [m.end() for m in SENTENCE_END.finditer(text) if not _is_abbreviation(text, m.start())]
    bounds = [0, *cuts, len(text)]
    span = segment.end - segment.start
    pieces = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        piece = text[lo:hi].strip()
        if piece:
            at = segment.start + span * lo / len(text)
            until = segment.start + span * hi / len(text)
            pieces.append(_Piece(round(at, 2), round(until, 2), piece, _ends_sentence(piece)))
    return pieces


def _is_abbreviation(text: str, end: int) -> bool:
    word = text[:end].rsplit(maxsplit=1)[-1].casefold() if text[:end].strip() else ""
    return word in ABBREVIATIONS


def _ends_sentence(piece: str) -> bool:
    stripped = piece.rstrip("\"'”’)]")
    return stripped.endswith((".", "!", "?", "…")) and not _is_abbreviation(stripped, len(stripped))


def _join(pieces: list[_Piece]) -> Segment:
    return Segment(pieces[0].start, pieces[-1].end, " ".join(p.text for p in pieces))

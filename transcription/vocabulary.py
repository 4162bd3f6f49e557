"""Names spelled right: a plain pass stays the transcript, a prompted pass only lends it the names.

Shared by every engine: each passes its own decoder to transcribe_with_vocabulary.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from transcription.audio import SAMPLE_RATE
from transcription.types import Segment

# A decoder: (samples, prompt or None, clip?) -> (segments, language). `clip` means a short
# piece cut out of the memo at a segment's times: decode it whole, without timestamps.
Decoder = Callable[[np.ndarray, "str | None", bool], tuple[list[Segment], str]]

# A prompted pass that keeps less than this share of a plain segment's words dropped it.
_DROPPED_SHARE = 0.5
# A name-bearing change that removes more words than this is a drop, not a respelling.
_MAX_NAME_DEFICIT = 3


def vocabulary_prompt(vocabulary: list[str] | None) -> str | None:
    """The names as prompt text for Whisper's previous-text context."""
    if not vocabulary:
        return None
    # "Names: ..." reads as a label, not as speech: measured on the dev memos it both
    # fixed more names and lost fewer opening words than the bare comma-separated list.
    return "Names: " + ", ".join(vocabulary) + "."


def transcribe_with_vocabulary(
    decode: Decoder, samples: np.ndarray, vocabulary: list[str] | None, side_by_side: bool = False
) -> tuple[list[Segment], str]:
    """Decode plainly, then take from a prompted pass only the changes that spell a vocabulary name.

    A prompt makes Whisper spell the names right but it can also drop the words that
    repeat it (a memo that opened with the caller's name and company lost that first
    sentence to a prompt of the same two names). So the plain pass stays the transcript,
    with its timestamps; the prompted pass only swaps in name-bearing words; and a plain
    segment the prompted pass dropped is decoded again alone with the prompt. With
    `side_by_side` (a `decode` that is safe in two threads at once), both passes run together.
    """
    prompt = vocabulary_prompt(vocabulary)
    if not vocabulary or prompt is None:
        return decode(samples, None, False)
    plain, prompted, language = _plain_and_prompted(decode, samples, prompt, side_by_side)
    if not plain:
        return plain, language
    names = _vocabulary_words(vocabulary)
    texts, kept = adopt_names([s.text for s in plain], " ".join(s.text for s in prompted), names)
    out = []
    for seg, text, share in zip(plain, texts, kept, strict=True):
        if share < _DROPPED_SHARE:
            clip = samples[max(0, int((seg.start - 0.2) * SAMPLE_RATE)) : int((seg.end + 0.2) * SAMPLE_RATE)]
            again, _ = decode(clip, prompt, True)
            (text,), _ = adopt_names([seg.text], " ".join(s.text for s in again), names)
        out.append(Segment(seg.start, seg.end, respell(text, vocabulary)))
    return out, language


def _plain_and_prompted(
    decode: Decoder, samples: np.ndarray, prompt: str, side_by_side: bool
) -> tuple[list[Segment], list[Segment], str]:
    """The plain pass's segments, the prompted pass's segments, and the language."""
    if not side_by_side:
        plain, language = decode(samples, None, False)
        return plain, decode(samples, prompt, False)[0] if plain else [], language
    # Side by side the prompted pass costs little time: on 2 cores with tiny.en one pass decodes
    # no faster on two threads than on one, and 13 memos with names took 1.1x the plain pass's
    # time instead of 2.1x, with the same words. Greedy decoding of the prompted pass, or decoding
    # only the segments that look like they hold a name, saved less and lost names. The price is
    # a second decoder's buffers while both run (worker peak 412 MB against 347 MB without names).
    with ThreadPoolExecutor(max_workers=1) as pool:
        prompted = pool.submit(decode, samples, prompt, False)
        plain, language = decode(samples, None, False)
        return plain, prompted.result()[0], language


def respell(text: str, vocabulary: list[str]) -> str:
    """Write each vocabulary name that the text holds in other letter case as the user typed it."""
    for name in vocabulary:
        parts = name.split()
        if not parts:
            continue
        pattern = r"(?<!\w)" + r"[\s-]+".join(re.escape(part) for part in parts) + r"(?!\w)"
        text = re.sub(pattern, lambda _m, name=name: name, text, flags=re.IGNORECASE)
    return text


def adopt_names(plain: list[str], prompted: str, names: set[str]) -> tuple[list[str], list[float]]:
    """Each plain segment's text with the prompted words that spell a name swapped in, and the share it kept."""
    tokens = [(i, word) for i, text in enumerate(plain) for word in text.split()]
    a = [_norm(word) for _, word in tokens]
    b_words = prompted.split()
    b = [_norm(word) for word in b_words]
    out: list[list[str]] = [[] for _ in plain]
    kept = [0] * len(plain)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        adopt = (
            tag in ("replace", "insert")
            and any(word in names for word in b[j1:j2])
            and (i2 - i1) - (j2 - j1) <= _MAX_NAME_DEFICIT
        )
        if adopt:
            # The new words join the segment of the plain word they replace (or follow).
            seg = tokens[min(i1, len(tokens) - 1)][0]
            out[seg].extend(b_words[j1:j2])
        else:
            # Anything else the prompt changed is not trusted: keep the plain words.
            for seg, word in tokens[i1:i2]:
                out[seg].append(word)
        if tag == "equal" or adopt:
            for seg, _ in tokens[i1:i2]:
                kept[seg] += 1
    totals = [len(text.split()) for text in plain]
    return [" ".join(words) for words in out], [k / t if t else 1.0 for k, t in zip(kept, totals, strict=True)]


def _norm(word: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", word.lower())


def _vocabulary_words(vocabulary: list[str]) -> set[str]:
    return {_norm(word) for name in vocabulary for word in name.split() if _norm(word)}

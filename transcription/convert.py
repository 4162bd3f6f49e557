"""Turn a CTranslate2 Whisper model into an openai-whisper checkpoint, offline.

The bundled weights only exist in CTranslate2 form, so the second engine gets
its checkpoint by reading model.bin directly. The layout follows CTranslate2's
`ModelSpec._serialize`: version, spec name, revision, the variables (name,
rank, shape, dtype id, byte count, raw bytes), then aliases.
"""

from __future__ import annotations

import json
import os
import re
import struct
from pathlib import Path

import numpy as np

from transcription.exceptions import ModelNotAvailableError

# Order of CTranslate2's DataType enum (include/ctranslate2/types.h).
_DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")
_SUPPORTED_BINARY_VERSIONS = range(1, 7)


def read_ct2_variables(model_bin: Path) -> dict[str, np.ndarray]:
    """Read every variable of a CTranslate2 model.bin; aliases point at the same array."""
    data = memoryview(bytearray(Path(model_bin).read_bytes()))  # writable: torch.from_numpy wants that
    pos = 0

    def unpack(fmt: str):
        nonlocal pos
        (value,) = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return value

    def string() -> str:
        nonlocal pos
        length = unpack("H")  # includes the trailing NUL
        text = bytes(data[pos : pos + length - 1]).decode("utf-8")
        pos += length
        return text

    version = unpack("I")
    if version not in _SUPPORTED_BINARY_VERSIONS:
        raise ModelNotAvailableError(f"CTranslate2 model format version {version} is not supported.")
    spec = string()
    if spec != "WhisperSpec":
        raise ModelNotAvailableError(f"{model_bin} holds a {spec}, not a Whisper model.")
    unpack("I")  # spec revision: the variable names below are the same for revisions 1-3
    variables: dict[str, np.ndarray] = {}
    for _ in range(unpack("I")):
        name = string()
        shape = tuple(unpack("I") for _ in range(unpack("B")))
        dtype = _DTYPES[unpack("B")]
        size = unpack("I")
        raw = data[pos : pos + size]
        pos += size
        variables[name] = _to_array(raw, dtype, shape)
    for _ in range(unpack("I")):
        alias, target = string(), string()
        variables[alias] = variables[target]
    return variables


def _to_array(raw: memoryview, dtype: str, shape: tuple[int, ...]) -> np.ndarray:
    if dtype == "bfloat16":
        # numpy has no bfloat16: it is the top half of a float32.
        return (np.frombuffer(raw, dtype="<u2").astype("<u4") << 16).view("<f4").reshape(shape)
    return np.frombuffer(raw, dtype=np.dtype(dtype).newbyteorder("<")).reshape(shape)


def _dequantize(variables: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Float weights: float16 and float32 kept as stored, int8/int16 divided by their `weight_scale`."""
    out: dict[str, np.ndarray] = {}
    for name, value in variables.items():
        if name.endswith("_scale") or value.ndim == 0:
            continue  # scales are folded in below; scalars are flags like num_heads
        scale = variables.get(name + "_scale")
        if value.dtype not in (np.float16, np.float32):
            # float16 stays float16: half the checkpoint on disk, and whisper.load_model
            # copies it into its float32 parameters anyway.
            value = value.astype(np.float32)
        if scale is not None:
            # CTranslate2 quantizes per output row as round(w * 127 / amax(row)).
            scale = scale.astype(np.float32)
            value = value / (scale.reshape(-1, *([1] * (value.ndim - 1))) if scale.ndim else scale)
        out[name] = value
    return out


def _count_layers(variables: dict[str, np.ndarray], prefix: str) -> int:
    pattern = re.compile(rf"^{prefix}/layer_(\d+)/")
    return len({m.group(1) for name in variables if (m := pattern.match(name))})


def _heads(variables: dict[str, np.ndarray], prefix: str, state: int) -> int:
    stored = variables.get(f"{prefix}/num_heads")
    if stored is not None:
        return int(stored)
    return state // 64  # every Whisper size uses 64-wide heads


def model_dims(variables: dict[str, np.ndarray]) -> dict[str, int]:
    """The ModelDimensions whisper needs, read off the variable shapes."""
    n_audio_state, n_mels, _ = variables["encoder/conv1/weight"].shape
    n_vocab, n_text_state = variables["decoder/embeddings/weight"].shape
    return {
        "n_mels": int(n_mels),
        "n_vocab": int(n_vocab),
        "n_audio_ctx": int(variables["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": int(n_audio_state),
        "n_audio_head": _heads(variables, "encoder", int(n_audio_state)),
        "n_audio_layer": _count_layers(variables, "encoder"),
        "n_text_ctx": int(variables["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(n_text_state),
        "n_text_head": _heads(variables, "decoder", int(n_text_state)),
        "n_text_layer": _count_layers(variables, "decoder"),
    }


def _attention(weights: dict, src: str, dst: str, fused: list[str]) -> dict[str, np.ndarray]:
    """Split CTranslate2's fused projections into whisper's query/key/value/out."""
    out: dict[str, np.ndarray] = {}
    linears = [(f"{src}/linear_{i}/weight", f"{src}/linear_{i}/bias") for i in range(len(fused) + 1)]
    for (weight, bias), names in zip(linears, [*fused, "out"], strict=True):
        parts = names.split(",")
        pieces = zip(parts, np.split(weights[weight], len(parts)), np.split(weights[bias], len(parts)), strict=True)
        for part, w, b in pieces:
            out[f"{dst}.{part}.weight"] = w
            if part != "key":  # whisper's key projection has no bias (CTranslate2 stores zeros)
                out[f"{dst}.{part}.bias"] = b
    return out


def _layer_norm(weights: dict, src: str, dst: str) -> dict[str, np.ndarray]:
    return {f"{dst}.weight": weights[f"{src}/gamma"], f"{dst}.bias": weights[f"{src}/beta"]}


def _mlp(weights: dict, src: str, dst: str) -> dict[str, np.ndarray]:
    return {
        f"{dst}.mlp.0.weight": weights[f"{src}/linear_0/weight"],
        f"{dst}.mlp.0.bias": weights[f"{src}/linear_0/bias"],
        f"{dst}.mlp.2.weight": weights[f"{src}/linear_1/weight"],
        f"{dst}.mlp.2.bias": weights[f"{src}/linear_1/bias"],
        **_layer_norm(weights, f"{src}/layer_norm", f"{dst}.mlp_ln"),
    }


def whisper_state_dict(variables: dict[str, np.ndarray], dims: dict[str, int]) -> dict[str, np.ndarray]:
    """Map CTranslate2 variable names onto whisper's `Whisper.state_dict()` keys."""
    w = _dequantize(variables)
    state: dict[str, np.ndarray] = {
        "encoder.conv1.weight": w["encoder/conv1/weight"],
        "encoder.conv1.bias": w["encoder/conv1/bias"],
        "encoder.conv2.weight": w["encoder/conv2/weight"],
        "encoder.conv2.bias": w["encoder/conv2/bias"],
        "encoder.positional_embedding": w["encoder/position_encodings/encodings"],
        **_layer_norm(w, "encoder/layer_norm", "encoder.ln_post"),
        # The decoder embeddings double as the output projection in whisper.
        "decoder.token_embedding.weight": w["decoder/embeddings/weight"],
        "decoder.positional_embedding": w["decoder/position_encodings/encodings"],
        **_layer_norm(w, "decoder/layer_norm", "decoder.ln"),
    }
    for i in range(dims["n_audio_layer"]):
        src, dst = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        state.update(_attention(w, f"{src}/self_attention", f"{dst}.attn", ["query,key,value"]))
        state.update(_layer_norm(w, f"{src}/self_attention/layer_norm", f"{dst}.attn_ln"))
        state.update(_mlp(w, f"{src}/ffn", dst))
    for i in range(dims["n_text_layer"]):
        src, dst = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        state.update(_attention(w, f"{src}/self_attention", f"{dst}.attn", ["query,key,value"]))
        state.update(_layer_norm(w, f"{src}/self_attention/layer_norm", f"{dst}.attn_ln"))
        state.update(_attention(w, f"{src}/attention", f"{dst}.cross_attn", ["query", "key,value"]))
        state.update(_layer_norm(w, f"{src}/attention/layer_norm", f"{dst}.cross_attn_ln"))
        state.update(_mlp(w, f"{src}/ffn", dst))
    return state


def alignment_heads(ct2_dir: Path) -> list[list[int]] | None:
    """The (layer, head) pairs used for word timestamps, from config.json."""
    config = Path(ct2_dir) / "config.json"
    if not config.exists():
        return None
    heads = json.loads(config.read_text()).get("alignment_heads")
    return [[int(layer), int(head)] for layer, head in heads] if heads else None


def convert_checkpoint(ct2_dir: Path, out_path: Path) -> Path:
    """Write an openai-whisper checkpoint (what `whisper.load_model(path)` reads) from a CTranslate2 model."""
    import torch

    ct2_dir, out_path = Path(ct2_dir), Path(out_path)
    variables = read_ct2_variables(ct2_dir / "model.bin")
    dims = model_dims(variables)
    state = {name: torch.from_numpy(np.ascontiguousarray(v)) for name, v in whisper_state_dict(variables, dims).items()}
    checkpoint = {
        "dims": dims,
        "model_state_dict": state,
        # whisper.load_model ignores extra keys; OpenAIWhisperEngine applies this at load time.
        "alignment_heads": alignment_heads(ct2_dir),
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(f"{out_path.name}.{os.getpid()}.part")  # two workers may convert at once
    torch.save(checkpoint, tmp)
    tmp.replace(out_path)  # a half-written checkpoint must never look finished
    return out_path


def alignment_heads_dump(heads: list[list[int]], dims: dict[str, int]) -> bytes:
    """gzip+base85 of the boolean (layer, head) mask, the form `Whisper.set_alignment_heads` takes."""
    import base64
    import gzip

    mask = np.zeros((dims["n_text_layer"], dims["n_text_head"]), dtype=bool)
    for layer, head in heads:
        mask[layer, head] = True
    return base64.b85encode(gzip.compress(mask.tobytes()))

"""openai-whisper (PyTorch) engine on the same weights as faster-whisper, fully offline.

The weights ship only in CTranslate2 form, so the first use converts them into an
openai-whisper checkpoint in the cache folder (transcription.convert). An official
checkpoint already on disk, or a path to any .pt checkpoint, is used as it is.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path

import numpy as np

from transcription.exceptions import ModelNotAvailableError
from transcription.models import DEFAULT_MODEL, ct2_model_dir, default_cache_dir
from transcription.types import Segment, Transcript, transcript_from_segments
from transcription.vocabulary import transcribe_with_vocabulary


def _whisper():
    try:
        import torch
        import whisper
    except ImportError as exc:
        raise ModelNotAvailableError(
            "The openai-whisper engine is not installed: pip install -e '.[openai-whisper]'."
        ) from exc
    return whisper, torch


def official_checkpoint(name: str) -> Path | None:
    """Path of an official openai-whisper checkpoint for `name` if one was downloaded before, else None."""
    whisper, _ = _whisper()
    url = whisper._MODELS.get(name)
    if url is None:
        return None
    root = Path(os.getenv("XDG_CACHE_HOME", Path.home() / ".cache")) / "whisper"
    path = root / os.path.basename(url)
    return path if path.is_file() else None


def converted_checkpoint(model: str, cache_dir: str | Path | None = None) -> Path:
    """The checkpoint converted from the CTranslate2 model `model`, converting it on first use."""
    from transcription.convert import convert_checkpoint

    source = ct2_model_dir(model, cache_dir)
    model_bin = source / "model.bin"
    stat = model_bin.stat()
    # Keyed on the source file, so an upgraded model package gets converted anew.
    key = hashlib.sha256(f"{model_bin.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:10]
    label = model if model in ("tiny.en", "base") else source.name
    target = Path(cache_dir or default_cache_dir()) / "openai-whisper" / f"{label}-{key}.pt"
    if not target.exists():
        convert_checkpoint(source, target)
    return target


class OpenAIWhisperEngine:
    """openai-whisper in float32 on the CPU; no VAD, windows of 30 s like the reference implementation."""

    name = "openai-whisper"

    def __init__(self, model: str = DEFAULT_MODEL, cache_dir: str | Path | None = None, beam_size: int = 5):
        whisper, torch = _whisper()
        self.model_name = model
        self.beam_size = beam_size
        torch.set_num_threads(os.cpu_count() or 1)  # one pass at a time here: all cores
        heads = None
        if model.endswith(".pt") and Path(model).is_file():
            path = Path(model)
        elif official := official_checkpoint(model):
            path, heads = official, whisper._ALIGNMENT_HEADS[model]
        else:
            path = converted_checkpoint(model, cache_dir)
        # Loading a path (never a name) guarantees whisper never tries to download.
        self._model = whisper.load_model(str(path), device="cpu")
        if heads is None:
            heads = _checkpoint_alignment_heads(path, self._model.dims)
        if heads is not None:
            self._model.set_alignment_heads(heads)
        self._load_tokenizer(whisper)

    def _load_tokenizer(self, whisper) -> None:
        # whisper reads its tiktoken file without closing it: load it once here (it is cached)
        # so the ResourceWarning never reaches callers that turn warnings into errors.
        name = "multilingual" if self._model.is_multilingual else "gpt2"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            whisper.tokenizer.get_encoding(name=name, num_languages=self._model.num_languages)

    def transcribe(self, samples: np.ndarray, vocabulary: list[str] | None = None) -> Transcript:
        """Transcribe samples; `vocabulary` names are spelled as given (see transcribe_with_vocabulary)."""
        samples = np.ascontiguousarray(samples, dtype=np.float32)  # an array: whisper never calls ffmpeg
        segments, language = transcribe_with_vocabulary(self._decode, samples, vocabulary)
        return transcript_from_segments(segments, language, samples)

    def _decode(self, samples: np.ndarray, prompt: str | None = None, clip: bool = False) -> tuple[list[Segment], str]:
        whisper, torch = _whisper()
        with torch.inference_mode():
            result = whisper.transcribe(
                self._model,
                samples,
                verbose=None,
                fp16=False,
                language=None if self._model.is_multilingual else "en",
                beam_size=self.beam_size,
                best_of=self.beam_size,
                condition_on_previous_text=False,
                initial_prompt=prompt,
                carry_initial_prompt=True,  # the names stay in context for every 30 s window
                without_timestamps=clip,
            )
        found = [Segment(round(s["start"], 2), round(s["end"], 2), s["text"].strip()) for s in result["segments"]]
        return found, result.get("language") or "en"


def _checkpoint_alignment_heads(path: Path, dims) -> bytes | None:
    """Alignment heads stored by transcription.convert, in the form set_alignment_heads takes."""
    import torch

    from transcription.convert import alignment_heads_dump

    checkpoint = torch.load(path, map_location="cpu", weights_only=True, mmap=True)
    heads = checkpoint.get("alignment_heads")
    return alignment_heads_dump(heads, vars(dims)) if heads else None

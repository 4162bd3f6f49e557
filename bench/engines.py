"""Engines: both Whisper engines side by side on the same audio: load time, speed (RTF), peak memory, WER.

Run by `debrief bench engines` (part of a plain `debrief bench`); `--audio FILE`, `--spoken-set` (the 14
memos of spoken_set, WER over all their words), `--model` (repeatable: models side by side), `--beam-size`
(default: each engine's own decoding). Each engine runs on each recording in a fresh subprocess
(`python -m bench.engines --worker ...`), so a row's peak memory is that of one process transcribing one
file. Speech is made with espeak-ng from known text, so its reference words are exact.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from transcription.engines import ENGINES
from transcription.faster_whisper_engine import cpu_threads
from transcription.models import DEFAULT_MODEL

JFK_TEXT = "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country."
# The project's shared/ folder sits beside the checkout, on developer machines and in CI alike.
SHARED_AUDIO = Path(__file__).resolve().parents[1].parent / "shared" / "audio"

# Spoken memo material: no digits or abbreviations, so espeak-ng's reading is the reference itself.
_NAMES = ["Helen Carter", "Marcus Reed", "Nina Patel", "Oscar Brandt", "Julia Romero", "Kevin Walsh"]
_COMPANIES = ["Bluefin Software", "Riverstone Logistics", "Copperleaf", "Meridian Health", "Tallgrass Energy"]
_ROLES = ["customer success", "supply chain planner", "user researcher", "platform engineer", "finance analyst"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
_TEMPLATES = [
    "{name} from {company} rang me back this afternoon about the {role} position.",
    "{first} told me the hiring team enjoyed how I walked them through my last migration project.",
    "What worried them was that my answer about handling conflict stayed too general.",
    "Her tip was to bring one concrete story with real numbers to each question about teamwork.",
    "I promised to email {first} my list of references before {day} evening.",
    "They would like me to meet the head of engineering at {company} for one more conversation.",
    "The whiteboard part went smoothly, although I was slow to spot the edge cases.",
    "Reminder to myself: book a practice session with a friend on {day} and rewrite my summary slide.",
    "It stung a little, but every point she raised is something I can actually work on.",
    "Before the next step I want to read their latest product announcements and jot down some questions.",
    "{first} expects to share the salary range on {day}, and I should answer within two days of that.",
    "All in all a positive call, and it sounds like a short paid trial project comes next.",
]


@dataclass
class BenchAudio:
    """One recording with the words it is known to contain."""

    label: str
    path: Path
    reference: str


def memo_text(seconds: float, seed: int = 0, words_per_minute: int = 165) -> str:
    """Memo-like English text that espeak-ng speaks in about `seconds` at `words_per_minute`."""
    rng = random.Random(seed)
    sentences: list[str] = []
    target = seconds * words_per_minute / 60
    while sum(len(s.split()) for s in sentences) < target:
        name = rng.choice(_NAMES)
        sentences.append(
            rng.choice(_TEMPLATES).format(
                name=name,
                first=name.split()[0],
                company=rng.choice(_COMPANIES),
                role=rng.choice(_ROLES),
                day=rng.choice(_DAYS),
            )
        )
    return " ".join(sentences)


def speak(text: str, out_path: Path, voice: str = "en-us", speed: int = 165) -> Path:
    """Speak `text` into a WAV file with espeak-ng."""
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(out_path), text], check=True, capture_output=True
    )
    return out_path


def default_audio(workdir: Path) -> list[BenchAudio]:
    """A 30 s and a 5 min espeak-ng memo, plus jfk.flac when the shared folder has it."""
    items = []
    for label, seconds, seed in (("memo-30s", 30, 1), ("memo-5min", 300, 2)):
        text = memo_text(seconds, seed)
        items.append(BenchAudio(label, speak(text, workdir / f"{label}.wav"), text))
    jfk = SHARED_AUDIO / "jfk.flac"
    if jfk.exists():
        items.append(BenchAudio("jfk.flac", jfk, JFK_TEXT))
    return items


# The extractor's corpus, files a-d only: e_mixed_tricky.json is the untouched test split.
CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus"
SPOKEN_FILES = ("a_recruiter_rambling", "b_client_british", "c_review_mentor", "d_nofeedback_world")
VOICES_A_FILE = 3


def to_webm(wav: Path, out_path: Path, bitrate: str = "32k", filters: str | None = None) -> Path:
    """`wav` as mono Opus in WebM at 48 kHz, as a phone's browser records; `filters` an ffmpeg -af chain."""
    command = ["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), "-ac", "1", "-ar", "48000"]
    command += ["-af", filters] if filters else []
    subprocess.run([*command, "-c:a", "libopus", "-b:a", bitrate, str(out_path)], check=True, capture_output=True)
    return out_path


def spoken_texts() -> list[tuple[str, str, str]]:
    """(label, voice, text) of the spoken set: the first memo of each of 3 voices from each corpus file a-d,
    the 87 s memo of `memo_text(87, 3)` and a 5 s one."""
    items = []
    for name in SPOKEN_FILES:
        memos = json.loads((CORPUS / f"{name}.json").read_text())
        first_of_voice: dict[str, dict] = {}
        for memo in memos:
            first_of_voice.setdefault(memo.get("voice", "en-us"), memo)
        for voice, memo in list(first_of_voice.items())[:VOICES_A_FILE]:
            items.append((memo["id"], voice, memo["text"]))
    items += [("memo-87s", "en-us", memo_text(87, 3)), ("memo-5s", "en-us", memo_text(5, 0))]
    return items


def spoken_set(workdir: Path) -> list[BenchAudio]:
    """The 14 spoken memos (see spoken_texts) as Opus 32 kb/s in WebM in `workdir`, with their words."""
    out = []
    for label, voice, text in spoken_texts():
        wav = speak(text, workdir / f"{label}.wav", voice=voice)
        out.append(BenchAudio(label, to_webm(wav, workdir / f"{label}.webm"), text))
        wav.unlink()
    return out


def words(text: str) -> list[str]:
    """Lower-case words without punctuation, as the WER compares them."""
    return re.sub(r"[^a-z0-9']+", " ", text.lower()).replace("'", "").split()


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate: word-level edit distance over the reference length."""
    ref, hyp = words(reference), words(hypothesis)
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1] / max(1, len(ref))


def _worker(engine: str, model: str, cache_dir: str | None, beam_size: int | None, path: str) -> dict:
    """Run in the subprocess: load, warm up, transcribe one file, report time and peak RSS."""
    from transcription.audio import decode

    started = time.perf_counter()
    if engine == "faster-whisper":
        from transcription.faster_whisper_engine import FasterWhisperEngine

        runner = FasterWhisperEngine(model, cache_dir, beam_size=beam_size)
    else:
        from transcription.openai_engine import OpenAIWhisperEngine

        runner = OpenAIWhisperEngine(model, cache_dir, **({"beam_size": beam_size} if beam_size else {}))
    loaded = time.perf_counter() - started
    samples = decode(path)
    runner.transcribe(samples[:32_000])  # one-time setup (thread pools, kernels) is not part of the memo's time
    started = time.perf_counter()
    transcript = runner.transcribe(samples)
    wall = time.perf_counter() - started
    # ru_maxrss is in KiB on Linux: the peak of this process, model and decoding included.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "load": loaded,
        "wall": wall,
        "duration": transcript.duration,
        "peak_mb": peak_mb,
        "text": transcript.text,
    }


def _run_worker(engine: str, model: str, cache_dir: str | None, beam_size: int | None, path: Path) -> dict:
    cmd = [sys.executable, "-m", "bench.engines", "--worker", engine, model, cache_dir or "", str(beam_size or "")]
    out = subprocess.run([*cmd, str(path)], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"{engine} failed on {path.name}: {out.stderr.strip()[-500:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_engine_bench(
    audio_files: list[Path] | None = None,
    beam_size: int | None = None,
    models: tuple[str, ...] = (DEFAULT_MODEL,),
    cache_dir: str | Path | None = None,
    engines: tuple[str, ...] = ENGINES,
    spoken: bool = False,
) -> str:
    """Run every engine with every model on the same audio and return the results as a printable table.

    Without `audio_files`, speaks a 30 s and a 5 min memo with espeak-ng (WER against that
    text) and adds ../shared/audio/jfk.flac when present; given files have no reference.
    With `spoken`, the 14 memos of spoken_set instead, and each model's WER over all their words.
    """
    with tempfile.TemporaryDirectory(prefix="debrief-bench-") as tmp:
        if spoken:
            items = spoken_set(Path(tmp))
        elif audio_files is None:
            items = default_audio(Path(tmp))
        else:
            items = [
                BenchAudio(Path(p).name, Path(p), JFK_TEXT if Path(p).name == "jfk.flac" else "") for p in audio_files
            ]
        rows = []
        for item in items:
            for model in models:
                for engine in engines:
                    result = _run_worker(engine, model, str(cache_dir) if cache_dir else None, beam_size, item.path)
                    rows.append((item, f"{engine} {model}", result))
    return _table(rows, beam_size)


def _table(rows: list[tuple[BenchAudio, str, dict]], beam_size: int | None) -> str:
    header = (
        f"{'audio':<10} {'engine, model':<23} {'length':>7} {'load':>6} {'wall':>7} {'RTF':>6} {'peak RSS':>9} "
        f"{'WER':>6}"
    )
    beam = f"beam {beam_size}" if beam_size else "each engine's own decoding"
    lines = [
        f"{beam}, faster-whisper {cpu_threads()} thread(s) a pass, "
        f"openai-whisper {os.cpu_count()} threads, one fresh process per row",
        header,
        "-" * len(header),
    ]
    walls: dict[str, dict[str, float]] = {}
    for item, engine, r in rows:
        error = f"{wer(item.reference, r['text']):6.1%}" if item.reference else f"{'-':>6}"
        rtf = r["wall"] / max(r["duration"], 1e-9)
        lines.append(
            f"{item.label:<10} {engine:<23} {r['duration']:6.1f}s {r['load']:5.1f}s {r['wall']:6.2f}s "
            f"{rtf:6.3f} {r['peak_mb']:6.0f} MB {error}"
        )
        walls.setdefault(item.label, {})[engine] = r["wall"]
    lines += _overall_wer(rows)
    for label, by_engine in walls.items():
        for name, wall in by_engine.items():
            other = by_engine.get(name.replace("faster-whisper", "openai-whisper"))
            if name.startswith("faster-whisper") and other and wall:
                lines.append(f"{label}: {name} is {other / wall:.1f}x faster than openai-whisper")
    return "\n".join(lines)


def _overall_wer(rows: list[tuple[BenchAudio, str, dict]]) -> list[str]:
    """Each engine and model's WER over all the words of the recordings that have a reference."""
    totals: dict[str, tuple[float, int]] = {}
    for item, engine, r in rows:
        if item.reference:
            edits, n = totals.get(engine, (0.0, 0))
            size = len(words(item.reference))
            totals[engine] = (edits + wer(item.reference, r["text"]) * size, n + size)
    return [f"{engine}: WER {edits / n:.1%} over all {n} words" for engine, (edits, n) in totals.items()]


if __name__ == "__main__":
    # Only the per-row subprocess starts here; people run `debrief bench engines`.
    if len(sys.argv) != 7 or sys.argv[1] != "--worker":
        sys.exit("usage: debrief bench engines  (python -m bench.engines --worker is its per-row subprocess)")
    _, _, name, model_name, cache, beam, audio_path = sys.argv
    print(json.dumps(_worker(name, model_name, cache or None, int(beam) if beam else None, audio_path)))

"""Write what tiny.en hears of every corpus memo: espeak-ng speech → Opus in WebM (as a browser records) → text.

    .venv/bin/python tests/data/corpus/make_heard.py [--model base] [corpus files...]

Each corpus file X.json gets heard/X.json: {memo id: transcript}. With `--model M` another model listens and
the texts go to heard_M/X.json instead (not kept in the repository: it measures what a bigger model would
give, as the README's notes-quality section does for Whisper base). Memos already there are skipped, so an
interrupted run picks up where it stopped. The extractor's classifier trains on these too, so it learns
the words a small speech model gets wrong.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # tests/, for the one test-speech helper

from support import speech  # noqa: E402


def main(paths: list[Path], model: str = "tiny.en") -> None:
    from transcription.audio import decode
    from transcription.engines import load_engine

    engine = load_engine("faster-whisper", model)
    folder = HERE / ("heard" if model == "tiny.en" else f"heard_{model}")
    folder.mkdir(exist_ok=True)
    for path in paths:
        target = folder / path.name
        heard = json.loads(target.read_text()) if target.exists() else {}
        for memo in json.loads(path.read_text()):
            if memo["id"] in heard:
                continue
            with tempfile.TemporaryDirectory() as tmp:
                audio = Path(tmp) / "memo.webm"
                # As the shared scorer speaks a memo: 165 words a minute, Opus 32 kb/s at 48 kHz.
                speech(memo["text"], audio, voice=memo.get("voice", "en-us"), speed=165, rate=48000, bitrate="32k")
                heard[memo["id"]] = engine.transcribe(decode(str(audio))).text
            target.write_text(json.dumps(heard, indent=1, ensure_ascii=False) + "\n")
            print(path.name, memo["id"], flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    model = args.pop(args.index("--model") + 1) if "--model" in args else "tiny.en"
    args = [a for a in args if a != "--model"]
    main([Path(p) for p in args] or sorted(HERE.glob("*.json")), model)

#!/usr/bin/env bash
# Regenerates the test clips (needs espeak-ng, ffmpeg and sox). The speech is made by the tests' own helper,
# support.speech, so run it with the project's Python: PYTHON=.venv/bin/python tests/data/make_clips.sh
set -euo pipefail
cd "$(dirname "$0")"
PYTHONPATH=.. "${PYTHON:-python3}" - <<'PY'
from pathlib import Path

from support import speech

TEXT = (
    "Sarah from Acme called about the senior sales role. She liked my presentation. "
    "I need to send a thank you email by Friday."
)
speech(TEXT, Path("memo_opus.webm"), rate=48000, bitrate="24k")
speech(TEXT, Path("memo_aac.m4a"), rate=44100, bitrate="32k")
PY
tmp=$(mktemp -d)
sox -n -r 16000 -c 1 "$tmp/silence.wav" trim 0 0.5
ffmpeg -loglevel error -y -i "$tmp/silence.wav" -c:a libopus -b:a 16k silence.webm
rm -r "$tmp"

#!/usr/bin/env bash
# Regenerates the test clips (needs espeak-ng, sox and ffmpeg).
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
espeak-ng -s 150 -w "$tmp/memo.wav" "Sarah from Acme called about the senior sales role. She liked my presentation. I need to send a thank you email by Friday."
ffmpeg -loglevel error -y -i "$tmp/memo.wav" -ac 1 -ar 48000 -c:a libopus -b:a 24k memo_opus.webm
ffmpeg -loglevel error -y -i "$tmp/memo.wav" -ac 1 -ar 44100 -c:a aac -b:a 32k memo_aac.m4a
sox -n -r 16000 -c 1 "$tmp/silence.wav" trim 0 0.5
ffmpeg -loglevel error -y -i "$tmp/silence.wav" -c:a libopus -b:a 16k silence.webm
rm -r "$tmp"

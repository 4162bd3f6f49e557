"""The `debrief` command without a server: transcribe and extract."""

from __future__ import annotations

import json

from click.testing import CliRunner
from support import DATA

from webapp.cli import main


def test_transcribe_json():
    result = CliRunner().invoke(main, ["transcribe", "--json", str(DATA / "memo_aac.m4a")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"text", "language", "duration", "segments"}
    assert "thank you" in data["text"].lower()
    assert data["segments"][0]["start"] >= 0


def test_transcribe_real_speech(shared_audio):
    result = CliRunner().invoke(main, ["transcribe", str(shared_audio / "jfk.flac")])
    assert result.exit_code == 0
    assert "ask not what your country can do for you" in result.output.lower()


def test_transcribe_rejects_non_audio(tmp_path):
    junk = tmp_path / "junk.mp3"
    junk.write_text("not audio")
    result = CliRunner().invoke(main, ["transcribe", str(junk)])
    assert result.exit_code == 1
    assert "Error:" in result.output

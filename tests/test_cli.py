"""The `debrief` command without a server: transcribe and extract."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner
from support import DATA

from webapp.cli import main


def test_transcribe_json():
    result = CliRunner().invoke(main, ["transcribe", "--json", str(DATA / "memo_aac.m4a")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"text", "language", "duration", "engine", "model", "segments"}
    assert (data["engine"], data["model"]) == ("faster-whisper", "tiny.en")
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


def test_bench_extract_prints_its_figure():
    """Only that the part runs and reports; the time itself is not checked (tests do no timing)."""
    result = CliRunner().invoke(main, ["bench", "extract"])
    assert result.exit_code == 0, result.output
    assert "== debrief bench extract" in result.output
    assert re.search(r"Extraction, \d+-word transcript .*median [0-9.]+ ms wall \([0-9.]+ ms CPU\)", result.output)


def test_bench_rejects_an_unknown_part():
    result = CliRunner().invoke(main, ["bench", "everything"])
    assert result.exit_code == 2
    assert "engines" in result.output

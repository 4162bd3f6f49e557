"""End to end with the real model: upload, the worker transcribes, the transcript appears."""

from __future__ import annotations

import pytest
from support import DATA, upload, words

from webapp.models import Job, Memo


@pytest.mark.parametrize("clip", ["memo_opus.webm", "memo_aac.m4a"])
def test_uploaded_memo_is_transcribed(ann, client, run_worker, clip):
    memo_id = upload(client, DATA / clip, ann.csrf()).json["id"]
    page = client.get(f"/memos/{memo_id}", headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in page.text  # polls while queued

    assert run_worker() == 2  # transcribe, then take notes

    memo = client.get(f"/api/memos/{memo_id}").json
    assert memo["status"] == "ready"
    heard = words(memo["transcript"]["text"])
    assert "senior sales" in heard and "thank you email" in heard
    assert memo["transcript"]["language"] == "en"
    assert (memo["transcript"]["engine"], memo["transcript"]["model"]) == ("faster-whisper", "tiny.en")
    assert 8 < memo["duration"] < 10
    segments = memo["transcript"]["segments"]
    assert segments and all(s["end"] > s["start"] >= 0 for s in segments)

    page = client.get(f"/memos/{memo_id}", headers={"HX-Request": "true"})
    assert "hx-trigger" not in page.text.split('id="notes"')[0]  # stopped polling
    assert "data-seek" in page.text
    more = client.get(f"/memos/{memo_id}").text.split("<summary>More</summary>")[1]
    assert "Transcribed by faster-whisper · tiny.en" in more.split("</details>")[0]


def test_real_speech_jfk(ann, client, run_worker, shared_audio):
    memo_id = upload(client, shared_audio / "jfk.flac", ann.csrf()).json["id"]
    run_worker()
    memo = client.get(f"/api/memos/{memo_id}").json
    assert "ask not what your country can do for you" in words(memo["transcript"]["text"])
    assert memo["duration"] == pytest.approx(11.0, abs=0.1)


def test_silence_is_no_speech_not_invented_text(ann, client, run_worker):
    memo_id = upload(client, DATA / "silence.webm", ann.csrf()).json["id"]
    run_worker()
    memo = client.get(f"/api/memos/{memo_id}").json
    assert memo["status"] == "no_speech"
    assert memo["transcript"]["segments"] == []
    assert "No speech detected" in client.get(f"/memos/{memo_id}").text


def test_truncated_webm_fails_with_a_reason_and_keeps_the_audio(ann, app, client, run_worker, tmp_path):
    truncated = tmp_path / "cut.webm"
    truncated.write_bytes((DATA / "memo_opus.webm").read_bytes()[:300])
    memo_id = upload(client, truncated, ann.csrf()).json["id"]
    good_id = upload(client, DATA / "memo_opus.webm", ann.csrf()).json["id"]
    run_worker()
    memo = client.get(f"/api/memos/{memo_id}").json
    assert memo["status"] in ("failed", "no_speech")
    if memo["status"] == "failed":
        assert memo["error"] and "Traceback" not in memo["error"]
    with client.get(f"/memos/{memo_id}/audio/original") as original:
        assert original.status_code == 200
        assert original.data == truncated.read_bytes()
    assert client.get(f"/api/memos/{good_id}").json["status"] == "ready"  # the queue went on


def test_corrupt_file_fails_readably_and_can_be_retried(ann, app, client, run_worker, tmp_path):
    corrupt = tmp_path / "corrupt.webm"
    corrupt.write_bytes(b"\x1a\x45\xdf\xa3" + b"\x00garbage" * 200)
    memo_id = upload(client, corrupt, ann.csrf()).json["id"]
    run_worker()
    memo = client.get(f"/api/memos/{memo_id}").json
    assert memo["status"] == "failed"
    assert memo["failed_stage"] == "transcribe"
    assert "could not be decoded" in memo["error"] or "not audio we can read" in memo["error"]
    page = client.get(f"/memos/{memo_id}")
    assert "Retry" in page.text
    client.post(f"/memos/{memo_id}/retry", data={"csrf_token": ann.csrf()})
    assert client.get(f"/api/memos/{memo_id}").json["status"] == "queued"


def test_playback_copy_plays_and_seeks(ann, app, client, run_worker):
    memo_id = upload(client, DATA / "memo_opus.webm", ann.csrf()).json["id"]
    run_worker()
    with (
        client.get(f"/memos/{memo_id}/audio") as full,
        client.get(f"/memos/{memo_id}/audio", headers={"Range": "bytes=1000-1999"}) as part,
    ):
        check_playback_copy(full, part)


def check_playback_copy(full, part):
    assert full.status_code == 200
    assert full.mimetype == "audio/mp4"
    assert full.data[4:8] == b"ftyp"
    assert "private" in full.headers["Cache-Control"]
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 1000-1999/{len(full.data)}"
    assert part.data == full.data[1000:2000]

    import io

    import av

    with av.open(io.BytesIO(full.data)) as container:
        assert container.duration / av.time_base == pytest.approx(8.7, abs=0.3)
        container.seek(int(5 * av.time_base))  # a seek index exists: jumping near the end works
        assert next(container.decode(audio=0)).time >= 4.0


def test_lease_token_guards_late_results(ann, app, client, engine):
    """A worker whose lease expired cannot overwrite the result of the worker that took over."""
    from webapp.extensions import db
    from webapp.services import jobs, pipeline

    memo_id = upload(client, DATA / "memo_opus.webm", ann.csrf()).json["id"]
    with app.app_context():
        stale = jobs.claim("old-worker", lease_seconds=-1)  # expires at once
        fresh = jobs.claim("new-worker", lease_seconds=60)
        assert stale.id == fresh.id and fresh.attempts == 2
        pipeline.run(stale, engine, app.config["DATA_DIR"], 120)
        assert db.session.get(Memo, memo_id).transcript_text is None  # the stale result was dropped
        pipeline.run(fresh, engine, app.config["DATA_DIR"], 120)
        db.session.expire_all()
        assert db.session.get(Memo, memo_id).transcript_text
        assert Job.query.filter_by(memo_id=memo_id, kind="transcribe").one().status == "done"

"""Search: ranking, snippets that open the memo at the moment, filters, the index kept in sync."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from review_helpers import acme_call, index_rows, make_memo
from support import DATA, upload

from webapp.extensions import db
from webapp.models import Memo, NoteItem, Segment
from webapp.services import accounts, notes, search


def results(app, query: str, username: str = "ann", **filters) -> list:
    with app.app_context():
        user = accounts.get_user(username)
        found = search.search(user, query, search.Filters(**filters))
        highlight = app.jinja_env.filters["highlight"]  # as the results page renders a snippet
        return [(r.memo.id, [(h.kind, str(highlight(h.snippet)), h.start) for h in r.hits]) for r in found]


def test_ranking_prefers_notes_and_needs_every_word(ann, app):
    strong = acme_call(app)
    weak = make_memo(app, title="Globex call", segments=[(0, 5, "We talked about the office design and parking.")])
    other = make_memo(app, title="Initech call", segments=[(0, 5, "Nothing about that topic at all.")])

    found = results(app, "design")
    assert [memo_id for memo_id, _ in found] == [strong, weak]
    assert other not in [m for m, _ in found]

    # Every word must occur: the Globex memo says "design" but never "system".
    assert [m for m, _ in results(app, "system design")] == [strong]
    assert [m for m, _ in results(app, '"system design"')] == [strong]
    assert results(app, '"design system"') == []


def test_snippets_are_highlighted_escaped_and_point_into_the_audio(ann, app, client):
    memo_id = make_memo(
        app, segments=[(0, 3, "Hello there."), (12.5, 16, "They asked about <script>alert(1)</script> Kubernetes")]
    )
    hits = results(app, "kubernetes")[0][1]
    assert hits[0][0] == "transcript" and hits[0][2] == 12.5
    assert "<mark>Kubernetes</mark>" in hits[0][1]
    assert "<script>" not in hits[0][1] and "&lt;script&gt;alert(1)" in hits[0][1]

    page = client.get("/search?q=kubernetes")
    assert page.status_code == 200
    assert f'href="/memos/{memo_id}?t=12.5"' in page.text
    assert "<mark>Kubernetes</mark>" in page.text and "<script>alert" not in page.text
    assert 'id="search-q"' in page.text

    partial = client.get("/search?q=kubernetes", headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<section id="search-results"')

    # The memo page the link opens carries the player that review.js seeks.
    assert 'id="player"' in client.get(f"/memos/{memo_id}?t=12.5").text


def test_last_word_matches_as_a_prefix_and_syntax_is_harmless(ann, app, client):
    memo_id = acme_call(app)
    assert [m for m, _ in results(app, "kube")] == [memo_id]
    assert results(app, "kube ") == []  # a finished word is a whole word
    for nasty in ['"', "AND OR NOT", "NEAR(a b)", "*", "(", "col:value", "'; DROP TABLE memos; --", "ü " * 300]:
        assert client.get("/search", query_string={"q": nasty}).status_code == 200


def test_filters(ann, app, client):
    acme = acme_call(app, recorded_at=datetime(2026, 3, 2, 10, 0))
    globex = make_memo(
        app,
        title="Globex final round",
        recorded_at=datetime(2026, 4, 20, 10, 0),
        segments=[(0, 6, "Final round with Bill Lumbergh about system design.")],
        concerns=["System design depth"],
        actions=[("Send references", date(2026, 4, 22), True)],
        contact="Bill Lumbergh",
        company="Globex",
        outcome="rejected",
    )
    with app.app_context():
        acme_company = db.session.get(Memo, acme).company_id
        globex_contact = db.session.get(Memo, globex).contact_id

    assert {m for m, _ in results(app, "design")} == {acme, globex}
    assert [m for m, _ in results(app, "design", company_id=acme_company)] == [acme]
    assert [m for m, _ in results(app, "design", contact_id=globex_contact)] == [globex]
    assert [m for m, _ in results(app, "design", outcome="rejected")] == [globex]
    assert [m for m, _ in results(app, "design", date_from=date(2026, 4, 1))] == [globex]
    assert [m for m, _ in results(app, "design", date_to=date(2026, 3, 31))] == [acme]
    assert [m for m, _ in results(app, "design", open_actions=True)] == [acme]  # Globex's one is done
    # No words, only filters: the matching memos, newest first.
    assert [m for m, _ in results(app, "", date_from=date(2026, 1, 1))] == [globex, acme]
    assert results(app, "") == []

    page = client.get("/search", query_string={"q": "design", "outcome": "rejected", "from": "2026-04-01"})
    assert "Globex final round" in page.text and "Acme recruiter call" not in page.text
    assert client.get("/search", query_string={"q": "x", "from": "not a date"}).status_code == 200
    assert "Dates look like" in client.get("/search", query_string={"from": "tomorrow"}).text


def test_index_follows_edits_deletions_and_rebuilds(ann, app):
    memo_id = acme_call(app)
    with app.app_context():
        memo = db.session.get(Memo, memo_id)
        segment = db.session.scalar(db.select(Segment).where(Segment.memo_id == memo_id, Segment.position == 2))
        notes.update_segment(memo, segment.id, "The concern was that I have not used Nomad in production.")
        query = db.select(NoteItem).where(NoteItem.memo_id == memo_id, NoteItem.section == "concerns")
        notes.delete_item(db.session.scalar(query))
        notes.update_header(memo, "company", "Initrode")
    assert results(app, "kubernetes") == []
    assert [m for m, _ in results(app, "nomad")] == [memo_id]
    header = results(app, "initrode")[0][1][0]
    assert header[0] == "memo" and "<mark>Initrode</mark>" in header[1]

    with app.app_context():
        rows = search.rebuild_index()
        assert db.engine.dialect.name != "sqlite" or rows > 0
    assert [m for m, _ in results(app, "nomad")] == [memo_id]

    with app.app_context():
        from webapp.services import memos

        assert db.engine.dialect.name != "sqlite" or index_rows([memo_id]) > 0
        memos.delete_memo(accounts.get_user("ann"), db.session.get(Memo, memo_id), app.config["DATA_DIR"])
        assert index_rows([memo_id]) == 0
    assert results(app, "nomad") == []


def test_other_users_memos_never_show(auth, app, client):
    auth.create("ann")
    auth.create("bob")
    acme_call(app, "ann")
    auth.login("bob")
    assert results(app, "kubernetes", username="bob") == []
    page = client.get("/search?q=kubernetes")
    assert "Acme recruiter call" not in page.text and "Nothing found" in page.text


def test_transcribed_memo_is_searchable(ann, app, client, run_worker):
    """Through the real worker: what Whisper heard is in the index once the memo is ready."""
    memo_id = upload(client, DATA / "memo_opus.webm", ann.csrf()).json["id"]
    assert results(app, "sales") == []
    run_worker()
    found = results(app, "senior sales")
    assert [m for m, _ in found] == [memo_id]
    transcript_hits = [h for h in found[0][1] if h[0] == "transcript"]
    assert transcript_hits and transcript_hits[0][2] is not None
    assert f"/memos/{memo_id}?t=" in client.get("/search?q=senior+sales").text


@pytest.mark.parametrize(
    ("raw", "fts", "pg"),
    [
        ("system design", '"system" AND "design"*', "(system) & design:*"),
        ('"system design" kube', '"system design" AND "kube"*', "(system <-> design) & kube:*"),
        ("design ", '"design"', "(design)"),
        ("a", '"a"', "(a)"),
    ],
)
def test_query_translation(raw, fts, pg):
    query = search.parse_query(raw)
    assert search.fts5_match(query) == fts
    assert search.pg_tsquery(query) == pg

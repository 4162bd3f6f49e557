"""No 500 from any input: the adversarial pass's cases as a table, dates outside 1970–2199 refused wherever they
enter, imports that refuse what they cannot keep, and a property test over every route in the url map."""

from __future__ import annotations

import inspect
import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.pool import NullPool
from support import DATA, AuthActions, new_uuid, upload
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from webapp import create_app
from webapp.extensions import db, upgrade_database
from webapp.models import Action, Memo, NoteItem, Segment
from webapp.services import accounts, calendar, export, notes, parse, people, search
from webapp.services.exceptions import InvalidInput

HUGE = "99999999999999999999"  # past 2^63: SQLite's integers end there, and PostgreSQL's ids at 2^31
OUT_OF_RANGE = "Dates must be between 1970 and 2199."


class World:
    """Ann (logged in) and Bob, each with a memo, a note, a transcript line, a follow-up, a company, a person."""

    def __init__(self, app, auth: AuthActions):
        self.app, self.auth, self.client = app, auth, auth.client
        self.ann = self._fill(auth, "ann")
        self.bob = self._fill(auth, "bob")
        auth.login("ann")
        self.csrf = auth.csrf()
        with app.app_context():
            user = accounts.get_user("ann")
            self.feed_token = calendar.new_feed_token(user)
            # A date stored before dates were checked: the feed, the .ics and snoozing must still answer.
            memo = db.session.get(Memo, self.ann["memo_id"])
            legacy = notes.add_action(memo, "Send the signed contract", due=date(9999, 12, 31))
            self.ann["legacy_action_id"] = legacy.id

    def _fill(self, auth: AuthActions, name: str) -> dict[str, int]:
        auth.create(name)
        auth.login(name)
        response = upload(auth.client, DATA / "memo_opus.webm", auth.csrf(), title=f"{name}'s call")
        assert response.status_code == 201
        auth.logout()
        with self.app.app_context():
            memo = db.session.get(Memo, response.json["id"])
            memo.status, memo.transcript_text, memo.company, memo.contact = "ready", "Hello.", "Acme", "Jane Roe"
            memo.segments.append(Segment(position=0, start=0.0, end=1.0, text="Hello."))
            memo.items.append(NoteItem(section="strengths", text="Clear answers"))
            action = notes.add_action(memo, "Email Jane", due=date(2026, 3, 15))
            people.link_memo(memo)
            db.session.commit()
            return {
                "memo_id": memo.id,
                "item_id": memo.items[0].id,
                "segment_id": memo.segments[0].id,
                "action_id": action.id,
                "company_id": memo.company_id,
                "contact_id": memo.contact_id,
                "token_id": accounts.create_token(memo.user, "script")[0].id,
            }


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("any-input")
    app = create_app(
        {
            "TESTING": True,
            "DATA_DIR": str(data_dir),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{data_dir / 'debrief.sqlite'}",
            "SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": NullPool},  # closed when each test ends
            "SECRET_KEY": "test-secret",
            "RATELIMIT_ENABLED": False,
        }
    )
    upgrade_database(app)
    yield World(app, AuthActions(app, app.test_client()))
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def stored(app) -> dict:
    """Every row of every table, and every file in the audio store."""
    with app.app_context():
        db.session.remove()
        rows = {
            table.name: sorted((tuple(row) for row in db.session.execute(table.select())), key=repr)
            for table in db.metadata.sorted_tables
        }
    audio = Path(app.config["DATA_DIR"]) / "audio"
    return {"rows": rows, "files": sorted(str(p.relative_to(audio)) for p in audio.rglob("*"))}


def corrupt_zip() -> bytes:
    """A real export's zip with its compressed bytes damaged: the directory reads, the member does not."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(export.JSON_NAME, json.dumps({"format": export.FORMAT, "memos": []}) * 50)
    data = bytearray(buffer.getvalue())
    data[60:90] = b"\xff" * 30  # inside the deflate stream of the only member
    return bytes(data)


EMPTY_ZIP = b"PK\x05\x06" + bytes(18)  # only the end-of-directory record

# (what, method, url with {ids}, form or JSON, status, words the answer must hold)
ADVERSARIAL = [
    ("company filter past 2^63", "GET", f"/search?company={HUGE}", None, 200, "Bad company."),
    ("contact filter past 2^63", "GET", f"/search?contact={HUGE}", None, 200, "Bad contact."),
    ("superscript two as company", "GET", "/search?company=²", None, 200, "Bad company."),
    ("Arabic-Indic digit as contact", "GET", "/search?contact=٣", None, 200, "Bad contact."),
    ("search up to 9999-12-31", "GET", "/search?to=9999-12-31", None, 200, OUT_OF_RANGE),
    ("search from 0001-01-01", "GET", "/search?from=0001-01-01", None, 200, OUT_OF_RANGE),
    ("search from 30 February", "GET", "/search?from=2026-02-30", None, 200, "Dates look like 2026-03-15."),
    ("calendar month 9999-12", "GET", "/calendar?month=9999-12", None, 404, "Not found."),
    ("calendar month 0001-01", "GET", "/calendar?month=0001-01", None, 404, "Not found."),
    ("calendar month ²026-03", "GET", "/calendar?month=²026-03", None, 404, "Not found."),
    ("merge a company into 2^66", "POST", "/companies/{company_id}/merge", {"into": HUGE}, 404, "Not found."),
    ("merge a person into 2^66", "POST", "/people/{contact_id}/merge", {"into": HUGE}, 404, "Not found."),
    ("merge a person into ²", "POST", "/people/{contact_id}/merge", {"into": "²"}, 404, "Not found."),
    ("self-rating ²", "POST", "/memos/{memo_id}/self-rating", {"preparation": "²"}, 400, "Ratings are 1 to 5."),
    ("self-rating past 2^63", "POST", "/memos/{memo_id}/self-rating", {"answers": HUGE}, 400, "Ratings are 1 to 5."),
    ("retention ²", "POST", "/account/retention", {"days": "²"}, 303, ""),
    ("retention 'forever'", "POST", "/account/retention", {"days": "forever"}, 303, ""),
    ("a corrupt zip to import", "POST", "/account/import", {"archive": (corrupt_zip(), "debrief.zip")}, 303, ""),
    ("a zip with nothing inside", "POST", "/account/import", {"archive": (EMPTY_ZIP, "a.zip")}, 303, ""),
    ("follow-up due 9999-12-31", "POST", "/actions/{action_id}", {"due": "9999-12-31"}, 400, OUT_OF_RANGE),
    ("follow-up due 1969-12-31", "POST", "/actions/{action_id}", {"due": "1969-12-31"}, 400, OUT_OF_RANGE),
    ("new follow-up due 2200-01-01", "POST", "/memos/{memo_id}/actions", {"text": "x", "due": "2200-01-01"}, 400, ""),
    ("API due 9999-12-31", "PATCH", "/api/actions/{action_id}", {"due": "9999-12-31"}, 400, OUT_OF_RANGE),
    ("API due ²026-01-01", "PATCH", "/api/actions/{action_id}", {"due": "²026-01-01"}, 400, "must look like"),
    ("snooze a follow-up due 9999-12-31", "POST", "/actions/{legacy_action_id}/snooze", {"by": "week"}, 303, ""),
    (".ics of a follow-up due 9999-12-31", "GET", "/actions/{legacy_action_id}/calendar.ics", None, 400, ""),
    ("API cursor past 2^63", "GET", f"/api/memos?cursor={HUGE}", None, 400, "Unknown cursor."),
    ("memo list before ²", "GET", "/memos?before=²", None, 200, ""),
    ("a memo id in Arabic-Indic digits", "GET", "/memos/١", None, 404, "Not found."),
    ("a follow-up added to memo ١", "POST", "/memos/١/actions", {"text": "Call"}, 404, "Not found."),
    ("a NUL in a search", "GET", "/search?q=acme%00", None, 400, "Text cannot contain NUL characters."),
    ("a NUL in a title", "POST", "/memos/{memo_id}/title", {"title": "Acme\x00"}, 400, "cannot contain NUL"),
    ("a NUL in JSON text", "PATCH", "/api/actions/{action_id}", {"text": "\x00"}, 400, "The text cannot be empty."),
    ("JSON nested 100,000 deep", "PATCH", "/api/actions/{action_id}", "[" * 100_000, 400, "Send a JSON object"),
]


@pytest.mark.parametrize(
    "what, method, url, body, status, words", [pytest.param(*row, id=row[0]) for row in ADVERSARIAL]
)
def test_adversarial_input_gets_a_plain_answer_and_changes_nothing(world, what, method, url, body, status, words):
    before = stored(world.app)
    url = url.format(**world.ann)
    if method == "PATCH":
        json_body = {"data": body, "content_type": "application/json"} if isinstance(body, str) else {"json": body}
        response = world.client.patch(url, headers={"X-CSRFToken": world.csrf}, **json_body)
    elif method == "POST":
        files = {name: (io.BytesIO(value[0]), value[1]) for name, value in body.items() if isinstance(value, tuple)}
        data = {**body, **files, "csrf_token": world.csrf}
        response = world.client.post(url, data=data, content_type="multipart/form-data")
    else:
        response = world.client.get(url)
    assert response.status_code == status, (what, response.text[:300])
    assert words in response.text, what
    assert stored(world.app) == before


def test_the_calendar_feed_leaves_out_a_date_it_cannot_hold_and_keeps_the_rest(world):
    response = world.client.get(f"/calendar/feed/{world.feed_token}.ics")
    assert response.status_code == 200
    assert "Email Jane" in response.text and "Send the signed contract" not in response.text


def test_the_calendar_stops_at_the_ends_of_the_accepted_range(world):
    last, first = world.client.get("/calendar?month=2199-12"), world.client.get("/calendar?month=1970-01")
    assert (last.status_code, first.status_code) == (200, 200)
    assert "Next month" not in last.text and "Previous month" in last.text
    assert "Previous month" not in first.text and "Next month" in first.text


def test_a_follow_up_due_on_the_last_accepted_day_is_kept(world):
    response = world.client.post(
        "/actions/{action_id}".format(**world.ann), data={"due": "2199-12-31", "csrf_token": world.csrf}
    )
    assert response.status_code == 303
    with world.app.app_context():
        assert db.session.get(Action, world.ann["action_id"]).due == date(2199, 12, 31)
        db.session.get(Action, world.ann["action_id"]).due = date(2026, 3, 15)
        db.session.commit()


# --- Imports: what cannot be kept is refused; what was still being worked on lands where it can finish ----------


def export_zip(*memos: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        document = {"format": export.FORMAT, "version": export.VERSION, "memos": list(memos)}
        archive.writestr(export.JSON_NAME, json.dumps(document))
    return buffer.getvalue()


def exported_memo(**fields) -> dict:
    return {"client_uuid": new_uuid(), "recorded_at": "2026-03-02T10:00:00", "status": "ready", **fields}


def import_(world, archive: bytes):
    data = {"archive": (io.BytesIO(archive), "debrief.zip"), "csrf_token": world.csrf}
    response = world.client.post("/account/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    return world.client.get(response.headers["Location"]).text


@pytest.mark.parametrize(
    "memo, reason",
    [
        (exported_memo(title="x" * 100_000), "The title is longer than 200 characters."),
        (exported_memo(recorded_at="9999-12-31T23:59:59"), "not an ISO date between 1970 and 2199"),
        (exported_memo(recorded_at="0001-01-01T00:00:00"), "not an ISO date between 1970 and 2199"),
        (exported_memo(actions=[{"text": "Call back", "due": "9999-12-31"}]), OUT_OF_RANGE),
        (exported_memo(company="c" * 5000), "The company&#39;s name is longer than 200 characters."),
    ],
    ids=["a 100,000-character title", "recorded in 9999", "recorded in year 1", "due in 9999", "a 5000-char company"],
)
def test_an_import_with_a_value_debrief_cannot_keep_is_refused_whole(world, memo, reason):
    before = stored(world.app)
    page = import_(world, export_zip(exported_memo(), memo))
    assert "Nothing was imported" in page and reason in page
    assert stored(world.app) == before


def test_an_imported_memo_still_being_transcribed_without_audio_can_be_retried(world):
    transcribing, extracting = exported_memo(status="transcribing"), exported_memo(status="extracting")
    extracting["transcript_text"] = "We will send the offer on Friday."
    import_(world, export_zip(transcribing, extracting))
    with world.app.app_context():
        stuck = db.session.scalar(db.select(Memo).where(Memo.client_uuid == transcribing["client_uuid"]))
        assert (stuck.status, stuck.failed_stage) == ("failed", "transcribe")
        assert stuck.error == "This memo was imported without its audio, so it cannot be transcribed."
        notes_to_take = db.session.scalar(db.select(Memo).where(Memo.client_uuid == extracting["client_uuid"]))
        assert notes_to_take.status == "extracting" and [j.kind for j in notes_to_take.jobs] == ["extract"]
        stuck_id = stuck.id
    # A failed memo is one Retry accepts (it fails again, readably, until the audio is there).
    response = world.client.post(f"/memos/{stuck_id}/retry", data={"csrf_token": world.csrf})
    assert response.status_code == 303 and "Only a failed memo" not in world.client.get(f"/memos/{stuck_id}").text


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=30) | st.from_regex(r"-?[0-9]{1,25}(-[0-9]{1,3}){0,2}", fullmatch=True))
def test_the_parsers_answer_any_text_with_a_value_in_range_or_a_refusal(text):
    """The one set of parsers: whatever the text, a value in range, None (empty), or InvalidInput — nothing else."""
    checks = {
        parse.parse_id: lambda v: 1 <= v <= parse.MAX_ID,
        parse.parse_date: parse.in_range,
        parse.parse_month: lambda v: parse.in_range(v) and v.day == 1,
        parse.parse_datetime: parse.in_range,
    }
    for parser, in_range in checks.items():
        try:
            value = parser(text, "refused")
        except InvalidInput as exc:
            assert exc.message.startswith(("refused", "Dates must be", "Months must be"))
        else:
            assert value is None or in_range(value), (parser.__name__, text, value)
    digits = re.fullmatch(r"[0-9]{1,18}", text.strip())  # ASCII only: "²" and "٣" are no id
    assert parse.id_or_none(text) == (int(text) if digits and 1 <= int(text) <= parse.MAX_ID else None)


# --- Property-based: every route, every parameter, malformed values; logged in and out ---------------------------

# Values that are no valid id, number, date, month, name or file: each must be refused, never a 500.
MALFORMED = st.sampled_from(
    [
        HUGE,
        "-" + HUGE,
        "2147483648",
        "²",
        "٣",
        "1e3",
        "-1",
        "0",
        "0x10",
        "9999-12-31",
        "0001-01-01",
        "2026-02-30",
        "9999-12",
        "0001-01",
        "2026-13",
        "\x00",
        "\u202e",
        "../../etc/passwd",
        "%00",
        "' OR 1=1 --",
        '"*',
        "NEAR(",
        "x" * 100_000,
    ]
) | st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=12).filter(
    lambda text: not text.isascii() or not text.isalnum()  # not by chance a real title, stage or time zone
)
BAD_FILES = st.sampled_from([b"", b"\x00" * 64, b"PK\x03\x04broken", b"not audio at all", b"<html>"])
# Endpoints that act with no input to refuse: fine to call, but they change things by design.
ACTS_WITHOUT_INPUT = {
    "auth.logout",
    "auth.device_token",
    "accounts.end_sessions",
    "accounts.forget_corrections",
    "calendar.new_feed",
    "calendar.feed_off",
}
_FIELD = re.compile(r"(?:args|form|files)(?:\.get(?:list)?\(|\[)\s*[\"'](\w+)[\"']")
_FILTER = re.compile(r"(?:number|day)\(\s*\"(\w+)\"")  # search.parse_filters reads its fields through these


def route_fields(app, endpoint: str) -> list[str]:
    """Every query or form field the endpoint's module reads (a superset for any one route: harmless)."""
    source = inspect.getsource(inspect.getmodule(app.view_functions[endpoint]))
    names = set(_FIELD.findall(source))
    if endpoint == "search.index":
        filters = inspect.getsource(search.parse_filters)
        names |= set(_FIELD.findall(filters)) | set(_FILTER.findall(filters))
    if endpoint == "notes.self_rating":
        names |= set(notes.SELF_RATING_DIMENSIONS)
    if endpoint == "api.update_action":
        names |= {"done", "due", "text"}
    return sorted(names)


def routes(app) -> list[tuple[str, str, object]]:
    return sorted(
        (rule.endpoint, method, rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    )


def build_url(rule, values: dict[str, str]) -> str:
    """The rule's path with each <converter:name> replaced by a value, percent-encoded as a client would."""
    return re.sub(r"<(?:[^:<>]+:)?(\w+)>", lambda m: quote(values[m.group(1)], safe=""), rule.rule)


@st.composite
def malformed_request(draw, app, ids: dict[str, int] | None):
    """A route, its path values (malformed, or `ids` of a row), and malformed values for fields it reads."""
    endpoint, method, rule = draw(st.sampled_from(routes(app)))
    path = {}
    for name in rule.arguments:
        real = [str(ids[name])] if ids and name in ids else []
        path[name] = draw(st.sampled_from(real) | MALFORMED) if real else draw(MALFORMED)
    fields = {name: draw(MALFORMED) for name in route_fields(app, endpoint) if draw(st.booleans())}
    files = {name: draw(BAD_FILES) for name in ("audio", "archive") if name in fields}
    return endpoint, method, build_url(rule, path), fields, files


def send(client, method: str, url: str, fields: dict, files: dict, csrf: str | None) -> tuple[int, str]:
    """(status, start of the body), the response closed: an audio file or a spooled form part is let go at once."""
    response = _request(client, method, url, fields, files, csrf)
    with response:
        return response.status_code, response.get_data()[:500].decode(errors="replace")


def _request(client, method: str, url: str, fields: dict, files: dict, csrf: str | None):
    headers = {"X-CSRFToken": csrf} if csrf else {}
    if method == "GET":
        return client.get(url, query_string=fields)
    if method == "PATCH":
        return client.patch(url, json=fields, headers=headers)
    if method == "DELETE":
        return client.delete(url, query_string=fields, headers=headers)
    data = {**fields, **{name: FileStorage(io.BytesIO(content), "f.webm") for name, content in files.items()}}
    if csrf:
        data["csrf_token"] = csrf
    # Encoded in memory: werkzeug's test client leaks its temp file for bodies over 500 kB.
    boundary, body = encode_multipart(data)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}", headers=headers)


def test_the_route_walk_reaches_every_route_and_the_fields_they_read(world):
    endpoints = {endpoint for endpoint, _, _ in routes(world.app)}
    assert len(endpoints) > 60 and "notes.self_rating" in endpoints and "static" not in endpoints
    assert {"company", "contact", "from", "to", "q"} <= set(route_fields(world.app, "search.index"))
    assert "into" in route_fields(world.app, "people.merge_person")
    assert "days" in route_fields(world.app, "export.retention")


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data(), logged_in=st.booleans(), with_csrf=st.booleans())
def test_no_route_answers_malformed_values_with_a_5xx_or_a_change(world, data, logged_in, with_csrf):
    """Path values are malformed or Bob's, so no request may change anything stored, logged in as Ann or not."""
    endpoint, method, url, fields, files = data.draw(malformed_request(world.app, world.bob))
    if logged_in and endpoint in ACTS_WITHOUT_INPUT:
        return
    client = world.client if logged_in else world.app.test_client()
    before = stored(world.app)
    status, text = send(client, method, url, fields, files, world.csrf if with_csrf else None)
    assert status < 500, (endpoint, method, url, fields, text)
    assert stored(world.app) == before, (endpoint, method, url, fields)


# Deleting Ann's rows would leave the rest of the run nothing to reach.
DELETES = {"memos.delete", "api.delete_memo", "notes.delete_item", "notes.delete_action", "export.delete_account"}


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_route_answers_malformed_values_for_ones_own_rows_with_a_5xx(world, data):
    """Ann's own ids reach the code behind each route; malformed values there are refused (changing nothing) or,
    where any text is a fair value (a title, a note), taken — never a 500."""
    endpoint, method, url, fields, files = data.draw(malformed_request(world.app, world.ann))
    if endpoint in ACTS_WITHOUT_INPUT | DELETES:
        return
    before = stored(world.app)
    status, text = send(world.client, method, url, fields, files, world.csrf)
    assert status < 500, (endpoint, method, url, fields, text)
    if status >= 400:
        assert stored(world.app) == before, (endpoint, method, url, fields)

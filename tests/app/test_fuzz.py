"""Fuzz every route with the value classes of issue 12: no 5xx, and no control character is ever stored.

Routes come from `app.url_map`, so new routes are covered automatically:

- every URL segment (`<id:…>` ids, slugs, tokens, keys) and `?page=` of every route gets the URL value classes;
- every POST route gets its form: the fields are read from the forms the app renders (every GET page is
  crawled as anonymous, citizen, moderator and admin; survey steps are walked), or from FALLBACK_FIELDS for
  a route no page shows a form for. Each field in turn gets each value class while the others keep their
  rendered values; then every field at once, and every field twice (duplicated fields).

Afterwards every text and JSON column of every table is scanned for control, BiDi and zero-width characters
and non-finite numbers. The suite runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urlsplit

import pytest
from sqlalchemy import JSON, String, Text, select, update
from werkzeug.exceptions import HTTPException

from app.auth.models import User
from app.extensions import db
from app.processes.models import Process
from tests.app.test_access import required_level, url_values
from tests.auth import factories

pytestmark = pytest.mark.slow

VALUE_CLASSES = [
    ("empty", ""),
    ("100k characters", "x" * 100_000),
    ("NUL", "a\x00b"),
    ("invalid UTF-8", b"\xff\xfe\xc3("),
    ("control characters", "a\x01\x07\x08\x0b\x1b\x7f\x85b"),
    ("BiDi override", "\u202eevil\u202c\u2066x\u2069"),
    ("zero-width only", "\u200b\u200c\u200d\u2060\ufeff"),
    ("2^31", "2147483648"),
    ("2^63", "9223372036854775808"),
    ("20 digits", "9" * 20),
    ("5000 digits", "9" * 5000),
    ("superscript two", "²"),
    ("nan", "nan"),
    ("inf", "-inf"),
    ("1e309", "1e309"),
    ("unknown enum", "zz-unknown"),
]
URL_ID_VALUES = ["0", "2147483648", "9223372036854775808", "9" * 20, "9" * 5000, "%C2%B2", "%FF", "%00", "-1"]
URL_TEXT_VALUES = ["%00", "a%00b", "%FF", "%01%1B", "%E2%80%AE", "%E2%80%8B", "x" * 5000, "..", "%2F"]
PAGE_VALUES = ["0", "-1", "2147483648", "9" * 20, "9" * 5000, "%C2%B2", "%FF", "%00", "nan"]

# POST routes that no rendered page shows a form for (or whose form needs state the crawl does not reach).
FALLBACK_FIELDS = {
    "auth.logout": [],
    "auth.resend_confirmation": [],
    "site.set_language": [("locale", "en"), ("next", "/")],
    "notifications.read_all": [],
    "notifications.follow": [("follow", "1"), ("next", "/")],
    "proposals.vote": [("value", "agree"), ("next", "/")],
    "proposals.withdraw": [],
    "discussion.create": [("body", "Ein Kommentar mit Inhalt"), ("alignment", "pro"), ("parent_id", "")],
    "discussion.vote": [("value", "1"), ("next", "/")],
    "discussion.delete": [],
    "moderation.bulk": [("action", "hide"), ("item_ids", "proposal:1"), ("reason", "spam")],
    "moderation.merge": [("target", "1"), ("reason", "Doppelt")],
    "moderation.lock": [("locked", "1")],
    "analysis_runs.move": [("theme", ""), ("back", "none")],
    "analysis_runs.rename": [("label", "Thema")],
    "dashboard.reference_save": [("age_group-source", "Statistik"), ("age_group-share_0", "100")],
    "survey_admin.question_move": [("direction", "up")],
    "survey_admin.section_move": [("direction", "up")],
}
KNOWN_ELSEWHERE: tuple = ()  # paths of defects tracked in another issue (none at the moment)
# Run last (they delete, withdraw, block or change roles); the data and the role users are restored after each.
DESTRUCTIVE = ("delete", "withdraw", "block", "unblock", "user_role", "merge", "logout", "copy", "child_delete")
ROLE_OF_LEVEL = {"anonymous": None, "unconfirmed": "unconfirmed", "citizen": "citizen", "author": "citizen",
                 "moderator": "moderator", "admin": "admin"}
# What is stored must never contain these (tab, line feed and carriage return are fine in multi-line text).
FORBIDDEN_STORED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2060\u202a-\u202e\u2066-\u2069\ufeff]")
NON_FINITE_JSON = re.compile(r"\b(NaN|-?Infinity)\b")
_ARGUMENT = re.compile(r"<(?:([^<>:]+):)?(\w+)>")


@pytest.fixture
def app_overrides():
    return {"RATELIMIT_ENABLED": False, "REPORT_CHART_IMAGES": False}


# --- reading the rendered forms ------------------------------------------------------------------------------

class Unchecked(str):
    """The value of a checkbox that is not ticked: a browser does not send it."""


class _Forms(HTMLParser):
    """Every <form> of a page: method, action and the fields a browser would send (name, value)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action") or "",
                          "fields": [], "radios": set(), "submits": set()}
            self.forms.append(self._form)
        if self._form is None or "name" not in attrs and tag != "option":
            return
        name = attrs.get("name")
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            value = attrs.get("value") or ""
            if kind == "radio":
                if name not in self._form["radios"]:
                    self._form["radios"].add(name)
                    self._form["fields"].append((name, value))
            elif kind == "checkbox":
                if "checked" in attrs:
                    self._form["fields"].append((name, value or "y"))
                else:
                    self._form["fields"].append((name, Unchecked(value or "y")))  # known name, not sent
            elif kind in ("submit", "image"):
                if name not in self._form["submits"]:
                    self._form["submits"].add(name)
                    self._form["fields"].append((name, value))
            elif kind != "file":
                self._form["fields"].append((name, value))
        elif tag == "button" and (attrs.get("type") or "submit") == "submit":
            if name not in self._form["submits"]:
                self._form["submits"].add(name)
                self._form["fields"].append((name, attrs.get("value") or ""))
        elif tag == "textarea":
            self._textarea = [name, ""]
        elif tag == "select":
            self._select = [name, None, None]
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in attrs:
                self._select[2] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "textarea" and self._textarea is not None:
            self._form["fields"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, first, selected = self._select
            self._form["fields"].append((name, selected if selected is not None else (first or "")))
            self._select = None
        elif tag == "form":
            self._form = None


def page_forms(html: str, page_url: str) -> list[tuple[str, list]]:
    """(action URL, fields) of every POST form on a page; an empty action posts to the page itself."""
    parser = _Forms()
    parser.feed(html)
    return [(form["action"] or page_url, [(n, v) for n, v in form["fields"] if n != "csrf_token"])
            for form in parser.forms if form["method"] == "post"]


def endpoint_of(app, url: str) -> str | None:
    parts = urlsplit(url)
    try:
        endpoint, _args = app.url_map.bind("localhost").match(parts.path, method="POST")
    except HTTPException:
        return None
    return endpoint


# --- clients, URLs and the stored-data scan -----------------------------------------------------------------

def client_as(app, role: str | None):
    client = app.test_client()
    if role is not None:
        response = client.post("/auth/login", data={"email": factories.EMAILS[role], "password": factories.PASSWORD})
        assert response.status_code == 302, f"login as {role} failed"
    return client


def rule_url(rule, values: dict, replace: dict | None = None) -> str:
    """The rule's URL with the test data's values, some arguments replaced by raw (already encoded) text."""
    replace = replace or {}

    def argument(match):
        name = match.group(2)
        return replace[name] if name in replace else quote(str(values[name]), safe="")
    return _ARGUMENT.sub(argument, rule.rule)


def body(pairs) -> str:
    """An urlencoded form body; bytes values are sent as they are (invalid UTF-8 included)."""
    return urlencode([(name, value) for name, value in pairs if not isinstance(value, Unchecked)])


def send(client, method: str, url: str, pairs=None) -> int:
    """The status code of one request (streamed downloads are closed unread)."""
    if method == "GET":
        response = client.get(url)
    else:
        response = client.open(url, method=method, data=body(pairs or []),
                               content_type="application/x-www-form-urlencoded")
    response.close()
    return response.status_code


def scan_stored_text() -> list[str]:
    """Every stored text with a forbidden character, and every JSON value with NaN/Infinity."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = [column for column in table.columns if isinstance(column.type, (String, Text, JSON))]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            for column, value in zip(columns, row):
                if value is None:
                    continue
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if FORBIDDEN_STORED.search(text) or (not isinstance(value, str) and NON_FINITE_JSON.search(text)):
                    found.append(f"{table.name}.{column.name} = {text[:80]!r}")
    return found


def restore(slug: str) -> None:
    """Undo what a route did to the role users (blocks, roles) and the process (its address, published), so
    later routes run as intended."""
    process_id = db.session.scalar(select(Process.id).order_by(Process.id).limit(1))
    db.session.execute(update(Process).where(Process.id == process_id).values(slug=slug, published=True))
    for name, email in factories.EMAILS.items():
        role = name if name in ("moderator", "admin") else "citizen"
        db.session.execute(update(User).where(User.email == email).values(role=role, blocked_at=None,
                                                                          blocked_until=None))
    db.session.commit()


def _role_for(endpoint: str) -> str | None:
    return ROLE_OF_LEVEL[required_level(endpoint)]


def _is_destructive(endpoint: str) -> bool:
    return any(word in endpoint.split(".")[-1] for word in DESTRUCTIVE)


# --- the tests ----------------------------------------------------------------------------------------------

def test_url_segments_and_page_numbers(app, users, process):
    """Every `<…>` segment of every route and `?page=` of every GET route: never a 5xx."""
    failures = []
    with app.app_context():
        values = url_values(process)
    clients = {}
    rules = sorted(app.url_map.iter_rules(), key=lambda rule: (_is_destructive(rule.endpoint), rule.rule))
    for rule in rules:
        role = _role_for(rule.endpoint)
        client = clients.get(role) or clients.setdefault(role, client_as(app, role))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            urls = []
            for name in rule.arguments:
                urls += [rule_url(rule, values, {name: value}) for value in URL_ID_VALUES + URL_TEXT_VALUES]
            if method == "GET":
                urls += [f"{rule_url(rule, values)}?page={value}" for value in PAGE_VALUES]
            for url in urls:
                status = send(client, method, url)
                if status >= 500:
                    failures.append(f"{method} {url[:120]} as {role}: {status}")
        with app.app_context():
            restore(process)
    assert not failures, "\n".join(failures)
    with app.app_context():
        assert scan_stored_text() == []


def _crawl(app, values) -> dict[str, tuple[str, str | None, list]]:
    """{endpoint: (url, role, fields)} of every POST form the GET pages render, per role."""
    found: dict[str, tuple[str, str | None, list]] = {}
    extra_pages = [f"/admin/processes/{values['slug']}/surveys/{values['survey_id']}/questions/new"
                   f"?section={values['section_id']}&kind={kind}"
                   for kind in ("single_choice", "multiple_choice", "likert", "scale", "ranking", "short_text",
                                "long_text", "number", "date", "matrix")]
    for role in (None, "citizen", "moderator", "admin"):
        client = client_as(app, role)
        pages = [rule_url(rule, values) for rule in app.url_map.iter_rules()
                 if "GET" in rule.methods and rule.endpoint not in ("static", "report.export_file",
                                                                   "report.oparl_file", "auth.confirm")]
        for page in pages + (extra_pages if role == "admin" else []):
            response = client.get(page)
            if response.status_code != 200 or "html" not in (response.content_type or ""):
                continue
            for action, fields in page_forms(response.get_data(as_text=True), page):
                endpoint = endpoint_of(app, action)
                if endpoint is None or endpoint == "surveys.answer":
                    continue
                key = f"{endpoint} {re.sub(r'/[0-9]+', '/#', action)}"  # one form per route and kind
                if key not in found or len(fields) > len(found[key][2]):
                    found[key] = (action, role, fields)
    return found


def _post_targets(app, values) -> list[tuple[str, str, str | None, list]]:
    """(endpoint, url, role, fields) for every POST route: crawled forms, then FALLBACK_FIELDS."""
    crawled = _crawl(app, values)
    # posted by the role the route is for (a form seen by an admin on a citizen's route is sent as the citizen)
    targets = [(key.split(" ")[0], url, _role_for(key.split(" ")[0]), fields)
               for key, (url, _role, fields) in crawled.items()]
    covered = {endpoint for endpoint, *_rest in targets}
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and rule.endpoint not in covered and rule.endpoint != "surveys.answer":
            targets.append((rule.endpoint, rule_url(rule, values), _role_for(rule.endpoint),
                            FALLBACK_FIELDS.get(rule.endpoint, [("value", "1")])))
            covered.add(rule.endpoint)
    targets = [target for target in targets if not any(known.match(target[1]) for known in KNOWN_ELSEWHERE)]
    return sorted(targets, key=lambda target: (_is_destructive(target[0]), target[0], target[1]))


def _variants(fields: list) -> list[tuple[str, list]]:
    """Each field with each value class (others as rendered), all fields at once, unknown field names (with
    5,000-digit numbers in them), every field twice."""
    names = list(dict.fromkeys(name for name, _value in fields))
    variants = []
    for name in names:
        for label, value in VALUE_CLASSES:
            pairs = [(n, v) for n, v in fields if n != name] + [(name, value)]
            variants.append((f"{name}={label}", pairs))
    for label, value in VALUE_CLASSES:
        variants.append((f"all fields={label}", [(name, value) for name in names]))
    digits = "9" * 5000
    variants.append(("unknown field names", [*fields, ("zz-unknown", "x"), (f"q{digits}", "x"), (f"q{digits}-c1", "x"),
                                             *[(f"{name}-{digits}", "x") for name in names],
                                             *[(f"{name}_{digits}", "x") for name in names]]))
    variants.append(("duplicated fields", [(n, v) for n, v in fields] + [(n, "zz-unknown") for n in names]
                     + [(n, v) for n, v in fields]))
    return variants


def _fuzz_survey_steps(app, values, failures) -> None:
    """Walk the anonymous survey step by step; fuzz every step's form before answering it as rendered.
    A variant that was accepted (a redirect) may have moved the response on: the walk so far is replayed in
    a new browser session before the next variant."""
    url = f"/processes/{values['slug']}/surveys/{values['survey_id']}"
    walked: list[list] = []

    def fresh_client():
        client = client_as(app, None)
        for answers in walked:
            send(client, "POST", url, answers)
        return client

    client = fresh_client()
    for _step in range(8):
        response = client.get(url)
        forms = [(action, fields) for action, fields in page_forms(response.get_data(as_text=True), url)
                 if endpoint_of(app, action) == "surveys.answer"]
        if not forms or dict(forms[0][1]).get("step") in {dict(answers).get("step") for answers in walked}:
            break
        action, fields = forms[0]
        for label, pairs in _variants(fields):
            if label.startswith("step="):
                continue  # another step's key would only show that step
            status = send(client, "POST", action, pairs)
            if status >= 500:
                failures.append(f"POST {action} ({label}) anonymous: {status}")
            elif status < 400:
                client = fresh_client()
        ticked = {n for n, v in fields if not isinstance(v, Unchecked)}  # tick the first box of each group
        answers = [(n, str(v)) if isinstance(v, Unchecked) and n not in ticked and not ticked.add(n) else (n, v)
                   for n, v in fields if n != "action"]
        walked.append([*answers, ("action", "next")])
        client = fresh_client()


def test_every_form_field_of_every_post_route(app, users, process):
    """Every field of every POST form with every value class: never a 5xx, nothing invisible stored."""
    failures = []
    with app.app_context():
        values = url_values(process)
    targets = _post_targets(app, values)
    for endpoint, url, role, fields in targets:
        with app.app_context():
            restore(process)
            values = url_values(process)  # re-created if a destructive route removed it
        client = client_as(app, role)
        for label, pairs in _variants(fields):
            status = send(client, "POST", url, pairs)
            if status >= 500:
                failures.append(f"POST {url} ({label}) as {role}: {status}")
            if endpoint == "auth.logout" or endpoint == "auth.login":
                client = client_as(app, role)
    _fuzz_survey_steps(app, values, failures)
    assert not failures, "\n".join(failures)
    with app.app_context():
        assert scan_stored_text() == []

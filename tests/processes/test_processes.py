"""Process pages and the phase logic."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.processes.models import Phase, Process
from app.processes.permissions import is_participation_open, process_state
from tests.processes.factories import make_process

DAY = date(2026, 11, 25)


def _process(*spans, published=True):
    process = Process(slug="p", title="P", published=published)
    kinds = ["information", "participation", "evaluation", "results"]
    process.phases = [Phase(kind=kind, starts_on=start, ends_on=end) for kind, (start, end) in zip(kinds, spans)]
    return process


SPANS = [(date(2026, 11, 1), date(2026, 11, 10)), (date(2026, 11, 11), date(2026, 11, 30)),
         (date(2026, 12, 5), date(2026, 12, 31)), (date(2027, 1, 1), date(2027, 6, 30))]


@pytest.mark.parametrize(
    ("day", "status", "kind", "next_kind"),
    [
        (date(2026, 10, 31), "upcoming", None, "information"),
        (date(2026, 11, 1), "running", "information", "participation"),
        (date(2026, 11, 10), "running", "information", "participation"),
        (date(2026, 11, 11), "running", "participation", "evaluation"),
        (date(2026, 11, 30), "running", "participation", "evaluation"),
        (date(2026, 12, 2), "between", None, "evaluation"),
        (date(2027, 1, 1), "running", "results", None),
        (date(2027, 7, 1), "finished", None, None),
    ],
)
def test_process_state_follows_the_date(day, status, kind, next_kind):
    state = process_state(_process(*SPANS), day)
    assert state.status == status
    assert (state.phase.kind if state.phase else None) == kind
    assert (state.next_phase.kind if state.next_phase else None) == next_kind


def test_process_without_phases_is_unscheduled():
    assert process_state(_process(), DAY).status == "unscheduled"


@pytest.mark.parametrize(("day", "published", "expected"), [
    (date(2026, 11, 20), True, True), (date(2026, 11, 20), False, False),
    (date(2026, 11, 5), True, False), (date(2026, 12, 10), True, False),
])
def test_participation_is_open_only_in_the_participation_phase(day, published, expected):
    assert is_participation_open(_process(*SPANS, published=published), day) is expected


def test_home_lists_published_processes_only(client, app):
    with app.app_context():
        make_process("offen")
        make_process("entwurf", published=False)
        make_process("vorbei", current="results", day=date.today() - timedelta(days=400))
    page = client.get("/").get_data(as_text=True)
    assert "/processes/offen/" in page
    assert "/processes/entwurf/" not in page
    assert "Abgeschlossene Beteiligungen" in page and "/processes/vorbei/" in page


def test_process_page_shows_timeline_topics_districts_and_what_to_do(client, process):
    response = client.get(f"/processes/{process}/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Was Sie jetzt tun können" in page and "Jetzt mitmachen" in page
    assert 'aria-current="step"' in page
    assert "Thema 1" in page and "Gaarden-Ost" in page
    assert "<strong>Beschreibung</strong>" in page  # Markdown rendered


@pytest.mark.parametrize(("current", "text"), [
    ("information", "Informieren Sie sich"),
    ("evaluation", "Die Verwaltung wertet alle Beiträge aus"),
    ("results", "Die Ergebnisse der Beteiligung liegen vor"),
])
def test_process_page_tells_what_is_possible_in_each_phase(client, app, current, text):
    with app.app_context():
        slug = make_process(current=current).slug
    assert text in client.get(f"/processes/{slug}/").get_data(as_text=True)


def test_process_page_follows_the_clock(client, app):
    with app.app_context():
        slug = make_process(current="participation").slug
    app.config["FROZEN_NOW"] = datetime.now(UTC) + timedelta(days=200)
    assert "Beteiligungsprozess ist abgeschlossen" in client.get(f"/processes/{slug}/").get_data(as_text=True)


def test_draft_process_is_hidden_from_citizens_but_not_from_admins(client, auth, app, users):
    with app.app_context():
        slug = make_process(published=False).slug
    assert client.get(f"/processes/{slug}/").status_code == 404
    auth.login_as("citizen")
    assert client.get(f"/processes/{slug}/").status_code == 404
    auth.logout()
    auth.login_as("admin")
    page = client.get(f"/processes/{slug}/")
    assert page.status_code == 200 and "Entwurf" in page.get_data(as_text=True)


def test_unknown_process_is_a_translated_404(client):
    response = client.get("/processes/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Diesen Beteiligungsprozess gibt es nicht." in response.get_data(as_text=True)


def test_process_page_uses_a_constant_number_of_queries(client, app, count_queries):
    with app.app_context():
        small = make_process(topics=1, districts=("A",)).slug
        large = make_process(topics=12, districts=tuple(f"Stadtteil {n}" for n in range(40))).slug
    with count_queries() as few:
        client.get(f"/processes/{small}/")
    with count_queries() as many:
        client.get(f"/processes/{large}/")
    assert few.count == many.count
    assert few.count <= 6  # 6th: whether the process has a summary in Leichte Sprache (app/legal)

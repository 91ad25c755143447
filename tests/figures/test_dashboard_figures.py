"""The dashboard figures (app/figures/services.py) against a hand-built process with known numbers."""
from __future__ import annotations

from datetime import UTC

import pytest

from analysis.report_labels import GERMAN_LABELS
from app.extensions import db
from app.figures import services as figures
from app.figures.labels import report_labels
from app.figures.models import ReferenceShare
from tests.auth import factories
from tests.figures.factories import EXPECTED, add_more_data, make_dashboard_data
from tests.processes.factories import make_process
from tests.proposals import factories as fp


@pytest.fixture
def data(app, process):
    with app.app_context():
        return make_dashboard_data(process)


@pytest.fixture
def ctx(app, process, data):
    """A request context (gettext needs one) with the process loaded."""
    with app.test_request_context():
        yield fp.process_by_slug(process)


def test_participation_totals_timeline_and_breakdowns(ctx):
    part = figures.participation(ctx)
    assert (part.participants, part.proposals, part.comments, part.votes, part.survey_responses) == (
        EXPECTED["participants"], EXPECTED["proposals"], EXPECTED["comments"], EXPECTED["votes"],
        EXPECTED["survey_responses"])
    assert {(p.date.isoformat(), p.channel): p.count for p in part.timeline} == EXPECTED["timeline"]
    assert [(d.district, d.participants, d.proposals) for d in part.by_district] == EXPECTED["by_district"]
    assert [(p.pillar, p.participants, p.proposals, p.comments, p.votes) for p in part.by_pillar] == \
        EXPECTED["by_pillar"]
    days = [point.date for point in part.timeline]
    assert days == sorted(days)


def test_pillar_filter(ctx, data):
    part = figures.participation(ctx, topic_id=data["topics"][0])
    assert (part.participants, part.proposals, part.comments, part.votes, part.survey_responses) == (5, 2, 2, 6, 0)
    assert [(p.pillar, p.participants) for p in part.by_pillar] == [("Thema 1", 5)]
    assert [(d.district, d.participants, d.proposals) for d in part.by_district] == [
        ("Altstadt", 5, 1), ("Gaarden-Ost", 3, 1), ("Mettenhof", 0, 0)]
    assert "Umfrageantworten" not in {point.channel for point in part.timeline}


def test_district_filter_equals_its_breakdown_row(ctx, data):
    part = figures.participation(ctx, district_id=data["districts"][0])
    # P1 with its four votes and one comment, and the two responses of people living in Altstadt.
    assert (part.participants, part.proposals, part.comments, part.votes, part.survey_responses) == (6, 1, 1, 4, 2)
    assert [(d.district, d.participants, d.proposals) for d in part.by_district] == [("Altstadt", 6, 1)]
    both = figures.participation(ctx, topic_id=data["topics"][1], district_id=data["districts"][0])
    assert (both.participants, both.proposals, both.votes) == (0, 0, 0)  # P4 (Thema 2, Altstadt) is hidden


def test_proposal_rows(ctx, data):
    rows = figures.proposal_rows(ctx)
    assert [row.ref for row in rows] == data["refs"]
    first, second, third = rows
    assert (first.title, first.pillar, first.district, first.status) == (
        "Bänke an der Kiellinie", "Thema 1", "Altstadt", "Eingereicht")
    assert (first.agree, first.disagree, first.pass_, first.comments, first.answer) == (2, 1, 1, 1, "")
    assert (second.status, second.answer, second.agree, second.disagree) == (
        "Angenommen", "Die Verwaltung setzt das 2027 um.", 1, 1)
    assert (third.district, third.agree) == ("", 1)
    assert [row.ref for row in figures.proposal_rows(ctx, topic_id=data["topics"][0])] == data["refs"][:2]
    assert [row.ref for row in figures.proposal_rows(ctx, district_id=data["districts"][1])] == [data["refs"][1]]


def test_survey_results_skip_drafts_and_free_text(ctx):
    surveys = figures.survey_results(ctx)
    assert [(s.title, s.responses) for s in surveys] == [("Umfrage Engagement", 3), ("Umfrage mit Konto", 1)]
    choice, scale = surveys[0].questions  # the long-text question is not part of the figures
    assert (choice.text, choice.responses, [(o.label, o.count) for o in choice.options], choice.mean) == (
        "Engagieren Sie sich?", 3, [("Ja", 2), ("Nein", 1)], None)
    assert scale.responses == 3 and scale.mean == 8.0
    assert {o.label: o.count for o in scale.options if o.count} == {"6": 1, "8": 1, "10": 1}


def test_representativeness_needs_a_reference(ctx, data):
    assert figures.representativeness(ctx) is None
    shares = {"u18": 10, "18-29": 20, "30-44": 25, "45-59": 20, "60-74": 15, "75+": 10}
    db.session.add_all(ReferenceShare(process_id=ctx.id, dimension="age_group", category=key, share=value,
                                      source="Beispielzahlen") for key, value in shares.items())
    db.session.commit()
    result = figures.representativeness(ctx)
    (dimension,) = result.dimensions  # no district reference entered
    assert dimension.name == "Altersgruppe" and dimension.reference_source == "Beispielzahlen"
    # Completed responses of non-draft surveys with an age group: two 18–29 (one of them with an account), one 30–44.
    assert [(c.label, c.observed, c.reference_share) for c in dimension.categories] == [
        ("unter 18", 0, 0.10), ("18 bis 29", 2, 0.20), ("30 bis 44", 1, 0.25), ("45 bis 59", 0, 0.20),
        ("60 bis 74", 0, 0.15), ("75 und älter", 0, 0.10)]


def test_moderation_summary(ctx):
    summary = figures.moderation_summary(ctx)
    reasons = {item.label: item.count for item in summary.reports_by_reason}
    assert reasons["Spam oder Werbung"] == 2 and reasons["Beleidigend oder hasserfüllt"] == 1
    assert sum(reasons.values()) == 3
    actions = {item.label: item.count for item in summary.actions}
    assert actions["Ausgeblendet"] == 1 and actions["Meldungen verworfen"] == 2
    assert sum(actions.values()) == 3  # process set-up and the other process are not counted
    assert summary.median_hours_to_decision == 4.0


def test_figures_need_a_constant_number_of_queries(app, process, data, count_queries):
    def run() -> int:
        with app.test_request_context():
            proc = fp.process_by_slug(process)
            with count_queries() as counter:
                figures.participation(proc)
                figures.participation(proc, topic_id=data["topics"][0], district_id=data["districts"][0])
                figures.proposal_rows(proc)
                figures.survey_results(proc)
                figures.representativeness(proc)
                figures.moderation_summary(proc)
            return counter.count

    before = run()
    with app.app_context():
        add_more_data(process)
    assert run() == before


def test_labels_cover_every_key_of_the_library():
    from app import create_app
    from config import TestConfig

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
    with app.test_request_context():
        labels = report_labels()
        assert set(labels) == set(GERMAN_LABELS)
        assert labels == GERMAN_LABELS  # German: the source texts are the library's defaults
    with app.test_request_context(headers={"Accept-Language": "en"}):
        labels = report_labels()
        assert set(labels) == set(GERMAN_LABELS)
        assert (labels["_language"], labels["_thousands"], labels["_decimal"], labels["_percent"]) == (
            "en", ",", ".", "{}%")


def test_participants_count_each_account_once_across_channels(app, process):
    with app.app_context():
        proc = fp.process_by_slug(process)
        person = factories.make_user()
        proposal = fp.make_proposal(proc, person)
        fp.make_comment(proposal, person)
        other = fp.make_proposal(proc, factories.make_user())
        fp.make_vote(other, person)
    with app.test_request_context():
        part = figures.participation(fp.process_by_slug(process))
        assert (part.participants, part.proposals, part.comments, part.votes) == (2, 2, 1, 1)


def test_many_districts_are_counted_in_several_masks(app):
    """More districts than bits in one mask column (60): the per-district participants stay exact."""
    with app.app_context():
        proc = make_process(districts=tuple(f"Bezirk {n:02d}" for n in range(70)))
        slug = proc.slug
        people = [factories.make_user() for _ in range(3)]
        for position in (0, 59, 60, 61, 69):
            proposal = fp.make_proposal(proc, people[0], district=proc.districts[position])
            for voter in people[1:position % 3 + 1]:
                fp.make_vote(proposal, voter)
    with app.test_request_context():
        proc = fp.process_by_slug(slug)
        counts = {d.district: d.participants for d in figures.participation(proc).by_district if d.participants}
        assert counts == {"Bezirk 00": 1, "Bezirk 59": 3, "Bezirk 60": 1, "Bezirk 61": 2, "Bezirk 69": 1}
        assert figures.participation(proc).participants == 3


def test_timeline_days_are_local_calendar_days(app, process):
    """Europe/Berlin: 22:30 UTC in summer is 00:30 the next day; in winter 22:30 UTC is still 23:30."""
    from datetime import datetime

    moments = [datetime(2026, 6, 1, 21, 30, tzinfo=UTC),   # 23:30 CEST, 1 June
               datetime(2026, 6, 1, 22, 30, tzinfo=UTC),   # 00:30 CEST, 2 June
               datetime(2026, 12, 1, 22, 30, tzinfo=UTC),  # 23:30 CET, 1 December
               datetime(2026, 12, 1, 23, 30, tzinfo=UTC)]  # 00:30 CET, 2 December
    with app.app_context():
        proc = fp.process_by_slug(process)
        for moment in moments:
            fp.make_proposal(proc, factories.make_user()).created_at = moment
        db.session.commit()
    with app.test_request_context():
        timeline = figures.participation(fp.process_by_slug(process)).timeline
    assert {(point.date.isoformat(), point.count) for point in timeline} == {
        ("2026-06-01", 1), ("2026-06-02", 1), ("2026-12-01", 1), ("2026-12-02", 1)}

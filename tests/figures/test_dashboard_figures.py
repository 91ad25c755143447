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
    assert sum(d.participants for d in part.by_district) == part.participants
    assert sum(d.proposals for d in part.by_district) == part.proposals
    assert (part.accounts, part.anonymous_responses, part.hidden_proposals, part.merged_proposals) == (
        EXPECTED["accounts"], EXPECTED["anonymous_responses"], EXPECTED["hidden_proposals"],
        EXPECTED["merged_proposals"])
    assert part.accounts + part.anonymous_responses == part.participants
    assert [(p.pillar, p.participants, p.proposals, p.comments, p.votes) for p in part.by_pillar] == \
        EXPECTED["by_pillar"]
    days = [point.date for point in part.timeline]
    assert days == sorted(days)


def test_pillar_filter(ctx, data):
    part = figures.participation(ctx, topic_id=data["topics"][0])
    assert (part.participants, part.proposals, part.comments, part.votes, part.survey_responses) == (5, 2, 2, 6, 0)
    assert [(p.pillar, p.participants) for p in part.by_pillar] == [("Thema 1", 5)]
    # Of the five accounts in Thema 1 only a gave a district (Altstadt); survey responses have no pillar.
    assert [(d.district, d.participants, d.proposals) for d in part.by_district] == [
        ("Altstadt", 1, 1), ("Gaarden-Ost", 0, 1), ("Mettenhof", 0, 0), ("ohne Stadtteil", 4, 0)]
    assert "Umfrageantworten" not in {point.channel for point in part.timeline}


def test_district_filter_keeps_its_contributions_and_lists_its_residents(ctx, data):
    part = figures.participation(ctx, district_id=data["districts"][0])
    # P1 with its four votes and one comment, and the two responses of people living in Altstadt.
    assert (part.participants, part.proposals, part.comments, part.votes, part.survey_responses) == (6, 1, 1, 4, 2)
    # Of those six, two live in Altstadt (account a, one anonymous response); no "ohne Stadtteil" row here.
    assert [(d.district, d.participants, d.proposals) for d in part.by_district] == [("Altstadt", 2, 1)]
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
    # The official answer of P2 is counted on the proposal (no audit entry records it here): the same
    # source as the statuses. Process set-up and the other process are not counted.
    assert actions["Status/offizielle Antwort gesetzt"] == 1 and summary.official_answers == 1
    assert sum(actions.values()) == 4
    assert {item.label: item.count for item in summary.statuses} == {"Eingereicht": 2, "Angenommen": 1}
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


def test_district_rows_count_residents_and_located_proposals(app):
    """Residents: the district an account gave in its latest survey response, or an anonymous response's
    own; proposals by their location; everyone and everything else in "ohne Stadtteil". The rows add up."""
    from datetime import datetime

    from tests.surveys.factories import add_question, add_section, make_response, make_survey

    with app.app_context():
        proc = make_process(districts=("Altstadt", "Gaarden-Ost", "Wik"))
        slug = proc.slug
        mover, walker, voter = (factories.make_user() for _ in range(3))
        altstadt, gaarden, wik = proc.districts
        located = fp.make_proposal(proc, mover, district=altstadt)  # located in Altstadt, author lives in Wik
        fp.make_proposal(proc, walker)  # no location
        fp.make_vote(located, voter)
        survey = make_survey(proc, audience="accounts", ask_demographics=True)
        question = add_question(add_section(survey), "single_choice", "Frage?", choices=["Ja", "Nein"])
        from app.surveys.validation import Value
        answer = {question.id: Value(text="c1")}
        make_response(survey.id, answer, user=mover, district_id=gaarden.id,
                      submitted_at=datetime(2026, 3, 1, tzinfo=UTC))
        later = make_survey(proc, audience="accounts", ask_demographics=True, title="Später")
        second = add_question(add_section(later), "single_choice", "Frage?", choices=["Ja", "Nein"])
        make_response(later.id, {second.id: Value(text="c1")}, user=mover, district_id=wik.id,  # the latest counts
                      submitted_at=datetime(2026, 3, 5, tzinfo=UTC))
        anonymous = make_survey(proc, ask_demographics=True)
        other = add_question(add_section(anonymous), "single_choice", "Frage?", choices=["Ja", "Nein"])
        make_response(anonymous.id, {other.id: Value(text="c1")}, district_id=altstadt.id)
    with app.test_request_context():
        part = figures.participation(fp.process_by_slug(slug))
        rows = [(d.district, d.participants, d.proposals) for d in part.by_district]
        assert rows == [("Altstadt", 1, 1), ("Gaarden-Ost", 0, 0), ("Wik", 1, 0), ("ohne Stadtteil", 2, 1)]
        assert (part.participants, part.accounts, part.anonymous_responses) == (4, 3, 1)
        assert sum(row[1] for row in rows) == part.participants and sum(row[2] for row in rows) == part.proposals


def test_merged_and_hidden_proposals_are_counted_apart_and_never_ranked(app):
    with app.app_context():
        proc = make_process()
        slug = proc.slug
        people = [factories.make_user() for _ in range(4)]
        target = fp.make_proposal(proc, people[0], title="Ziel")
        merged = fp.make_proposal(proc, people[1], title="Zusammengeführt")
        unloved = fp.make_proposal(proc, people[2], title="Ohne Zustimmung")
        fp.make_proposal(proc, people[3], title="Ausgeblendet", hidden_at=target.created_at)
        for voter in people:
            fp.make_vote(merged, voter, "agree")
        fp.make_vote(target, people[1], "agree")
        fp.make_vote(unloved, people[0], "disagree")
        merged.merged_into_id, merged.status = target.id, "merged"
        db.session.commit()
        refs = {"target": target.reference, "merged": merged.reference, "unloved": unloved.reference}
    with app.test_request_context():
        proc = fp.process_by_slug(slug)
        part = figures.participation(proc)
        assert (part.proposals, part.merged_proposals, part.hidden_proposals) == (2, 1, 1)
        rows = figures.proposal_rows(proc)
        by_ref = {row.ref: row for row in rows}
        assert by_ref[refs["merged"]].merged_into == refs["target"]  # the Anlage names the target
        assert [row.ref for row in figures.most_agreed(rows, 5)] == [refs["target"]]  # no merged, no 0 agree
        (block, *_rest) = figures.pillar_results(proc, rows, None)
        assert [row.ref for row in block.top_proposals] == [refs["target"]]


def test_number_question_is_a_histogram_with_median_and_unit(app):
    from app.surveys.validation import Value
    from tests.surveys.factories import add_question, add_section, make_response, make_survey

    with app.app_context():
        proc = make_process()
        slug = proc.slug
        survey = make_survey(proc)
        hours = add_question(add_section(survey), "number", "Stunden im Monat?",
                             settings={"min_value": 0, "max_value": 300, "unit": "Stunden"})
        for value in (2, 4, 4, 10, 30):
            make_response(survey.id, {hours.id: Value(number=float(value))})
        many = add_question(add_section(survey), "number", "Viele Werte?")
        for value in range(0, 100, 3):
            make_response(survey.id, {many.id: Value(number=float(value))})
    with app.test_request_context():
        (result,) = figures.survey_results(fp.process_by_slug(slug))
        few, wide = result.questions
        assert (few.kind, few.unit, few.responses, few.median, few.mean) == ("number", "Stunden", 5, 4.0, 10.0)
        assert [(o.label, o.count) for o in few.options] == [("2", 1), ("4", 2), ("10", 1), ("30", 1)]
        assert len(wide.options) <= 12 and sum(o.count for o in wide.options) == wide.responses == 34
        assert wide.options[0].label == "0–9"


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

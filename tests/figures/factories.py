"""A hand-built process for the dashboard tests: every figure is known exactly (see EXPECTED).

Call `make_dashboard_data(slug)` inside an app context on a process from `factories.make_process`
(topics "Thema 1–3", districts Altstadt, Gaarden-Ost, Mettenhof). Returns plain ids.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.audit.models import AuditEntry
from app.audit.services import record
from app.extensions import db
from app.surveys.validation import Value
from tests.auth import factories
from tests.moderation.factories import make_report
from tests.proposals import factories as fp
from tests.surveys.factories import add_question, add_section, make_response, make_survey

DAY1 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY2 = DAY1 + timedelta(days=1)
DAY3 = DAY1 + timedelta(days=2)

# The figures of the whole process (no filter).
EXPECTED = {
    "participants": 9,  # accounts a–f (6) + three anonymous survey responses
    "accounts": 6, "anonymous_responses": 3, "hidden_proposals": 1, "merged_proposals": 0,
    "proposals": 3, "comments": 2, "votes": 7, "survey_responses": 4,
    "timeline": {  # (day, channel) → count
        ("2026-03-02", "Vorschläge"): 1, ("2026-03-02", "Umfrageantworten"): 1,
        ("2026-03-03", "Vorschläge"): 2, ("2026-03-03", "Stimmen"): 4, ("2026-03-03", "Kommentare"): 1,
        ("2026-03-04", "Stimmen"): 3, ("2026-03-04", "Kommentare"): 1, ("2026-03-04", "Umfrageantworten"): 3,
    },
    # Residents (the district given in a survey: account a and one anonymous response in Altstadt, one
    # anonymous response in Gaarden-Ost; the other six gave none) and the proposals located there.
    "by_district": [("Altstadt", 2, 1), ("Gaarden-Ost", 1, 1), ("Mettenhof", 0, 0), ("ohne Stadtteil", 6, 1)],
    "by_pillar": [("Thema 1", 5, 2, 2, 6), ("Thema 2", 2, 1, 0, 1), ("Thema 3", 0, 0, 0, 0)],
}


def _at(obj, moment):
    obj.created_at = moment
    return obj


def make_dashboard_data(slug: str) -> dict:
    """Proposals, votes, comments, surveys, reports and audit entries with known figures."""
    process = fp.process_by_slug(slug)
    t1, t2, t3 = process.topics
    d1, d2, d3 = process.districts
    a, b, c, d, e, f = (factories.make_user(display_name=f"Geheime Person {n}") for n in "abcdef")
    p1 = _at(fp.make_proposal(process, a, title="Bänke an der Kiellinie", topic=t1, district=d1), DAY1)
    p2 = _at(fp.make_proposal(process, b, title="Spielplatz in Gaarden", topic=t1, district=d2), DAY2)
    p3 = _at(fp.make_proposal(process, c, title="Ehrenamtskarte für alle", topic=t2), DAY2)
    p4 = _at(fp.make_proposal(process, a, title="Ausgeblendet", topic=t2, district=d1, hidden_at=DAY2), DAY2)
    p5 = _at(fp.make_proposal(process, d, title="Zurückgezogen", topic=t3, district=d3, withdrawn_at=DAY2), DAY2)
    p2.status, p2.official_answer = "accepted", "Die Verwaltung setzt das 2027 um."
    db.session.commit()
    for proposal, voter, value, moment in [(p1, b, "agree", DAY2), (p1, c, "agree", DAY2), (p1, d, "disagree", DAY2),
                                           (p1, e, "pass", DAY2), (p2, a, "agree", DAY3), (p2, c, "disagree", DAY3),
                                           (p3, f, "agree", DAY3), (p4, b, "agree", DAY3), (p5, e, "agree", DAY3)]:
        vote = fp.make_vote(proposal, voter, value)
        vote.created_at = vote.updated_at = moment
    _at(fp.make_comment(p1, e), DAY2)
    deleted = _at(fp.make_comment(p1, f), DAY2)
    deleted.deleted_at, deleted.body, p1.comment_count = DAY3, "", p1.comment_count - 1
    _at(fp.make_comment(p2, a), DAY3)
    _at(fp.make_comment(p2, d), DAY3).hidden_at = DAY3
    _at(fp.make_comment(p4, c), DAY3)
    db.session.commit()
    ids = _surveys(process, a, d1, d2)
    ids.update(_moderation(process, p1, p2, c, d, e))
    return {"process_id": process.id, "topics": [t1.id, t2.id, t3.id], "districts": [d1.id, d2.id, d3.id],
            "proposals": [p.id for p in (p1, p2, p3, p4, p5)], "refs": [p.reference for p in (p1, p2, p3)], **ids}


def _surveys(process, a, d1, d2) -> dict:
    survey = make_survey(process, title="Umfrage Engagement", ask_demographics=True)
    section = add_section(survey)
    engaged = add_question(section, "single_choice", "Engagieren Sie sich?", choices=["Ja", "Nein"])
    scale = add_question(section, "scale", "Wie gut informiert?")
    add_question(section, "long_text", "Ihre Idee")
    answers = [("c1", 8, "18-29", d1.id, DAY1), ("c2", 6, "30-44", d2.id, DAY3), ("c1", 10, None, None, DAY3)]
    for choice, number, age, district, moment in answers:
        make_response(survey.id, {engaged.id: Value(text=choice), scale.id: Value(number=float(number))},
                      age_group=age, district_id=district, submitted_at=moment)
    make_response(survey.id, {engaged.id: Value(text="c2")}, status="draft", age_group="75+")
    accounts = make_survey(process, title="Umfrage mit Konto", audience="accounts", ask_demographics=True)
    question = add_question(add_section(accounts), "single_choice", "Kennen Sie das Ehrenamtsbüro?",
                            choices=["Ja", "Nein"])
    make_response(accounts.id, {question.id: Value(text="c1")}, user=a, age_group="18-29", district_id=d1.id,
                  submitted_at=DAY3)
    draft = make_survey(process, title="Entwurf", status="draft")
    hidden_question = add_question(add_section(draft), "single_choice", "Entwurfsfrage", choices=["Ja"])
    make_response(draft.id, {hidden_question.id: Value(text="c1")}, age_group="75+", submitted_at=DAY3)
    return {"survey_id": survey.id, "account_survey_id": accounts.id, "draft_survey_id": draft.id}


def _moderation(process, p1, p2, c, d, e) -> dict:
    moderator = factories.make_user(role="moderator", display_name="Moderatorin Geheim")
    for item, reporter, reason, hours in [(p1, c, "spam", 2), (p1, d, "spam", 4), (p2, e, "insult", 10)]:
        report = make_report(item, reporter, reason)
        report.created_at = DAY2
        report.resolved_at, report.resolution = DAY2 + timedelta(hours=hours), "dismissed"
    for action in ("hide", "dismiss", "dismiss", "process_update"):
        record(moderator, action, process_id=process.id, item_kind="proposal", item_id=p1.id)
    record(moderator, "hide", process_id=process.id + 1000, item_kind="proposal", item_id=1)
    db.session.commit()
    return {"audit_entries": db.session.query(AuditEntry).count()}


def add_more_data(slug: str, n: int = 6) -> None:
    """More of everything: proposals with votes and comments, survey responses, reports (query-count tests)."""
    from sqlalchemy import select

    from app.surveys.models import Survey

    process = fp.process_by_slug(slug)
    people = [factories.make_user() for _ in range(n)]
    for index, person in enumerate(people):
        proposal = fp.make_proposal(process, person, topic=process.topics[index % 3],
                                    district=process.districts[index % 3])
        for voter in people:
            if voter is not person:
                fp.make_vote(proposal, voter, "agree")
        fp.make_comment(proposal, people[(index + 1) % n])
        make_report(proposal, people[(index + 2) % n], "off_topic")
    survey = db.session.scalar(select(Survey).where(Survey.process_id == process.id, Survey.status == "open")
                               .order_by(Survey.id))
    questions = survey.questions()
    choice = next(q for q in questions if q.kind == "single_choice")
    scale = next(q for q in questions if q.kind == "scale")
    for index in range(n):
        make_response(survey.id, {choice.id: Value(text="c1"), scale.id: Value(number=float(index))},
                      age_group="45-59", district_id=process.districts[index % 3].id)
    db.session.commit()

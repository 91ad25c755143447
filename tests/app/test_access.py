"""Route × role access matrix over EVERY registered route.

Each endpoint needs an entry in ACCESS (or a blueprint default); a new route without one
fails `test_every_endpoint_is_classified`, so new routes are covered automatically.
Levels, lowest first: anonymous < unconfirmed < citizen < moderator < admin.
Below the level: anonymous visitors are sent to the login page, logged-in users get 403.
At or above it: never 401/403, never a server error.
The extra level "author" marks routes only the author of the proposal or comment may use
(the objects in `url_values` belong to the citizen): everyone else logged in gets 403.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app import create_app
from app.auth.models import User
from app.extensions import db
from app.processes.models import Phase, Process
from app.proposals.models import Proposal
from config import TestConfig
from tests.auth import factories

LEVELS = ["anonymous", "unconfirmed", "citizen", "moderator", "admin"]
ROLE_EMAILS = {
    "unconfirmed": factories.EMAILS["unconfirmed"],
    "citizen": factories.EMAILS["citizen"],
    "moderator": factories.EMAILS["moderator"],
    "admin": factories.EMAILS["admin"],
}

BLUEPRINT_DEFAULTS = {"admin": "admin", "moderation": "moderator", "survey_admin": "admin", "legal_admin": "admin",
                      "api": "anonymous",
                      "account": "unconfirmed"}  # account: self-service for every logged-in account
ACCESS = {
    "static": "anonymous",
    "site.set_language": "anonymous",
    "site.health": "anonymous",
    # Legal pages (app/legal); their administration (legal_admin) defaults to admin.
    "legal.imprint": "anonymous",
    "legal.privacy": "anonymous",
    "legal.accessibility": "anonymous",
    "legal.feedback": "anonymous",
    "legal.feedback_thanks": "anonymous",
    "legal.easy_language": "anonymous",
    "legal.easy_language_process": "anonymous",
    "legal.sign_language": "anonymous",
    "site.ready": "anonymous",
    "site.index": "anonymous",
    "site.process": "anonymous",
    "auth.register": "anonymous",
    "auth.login": "anonymous",
    "auth.logout": "anonymous",
    "auth.confirm": "anonymous",
    "auth.reset_request": "anonymous",
    "auth.reset_password": "anonymous",
    "auth.account": "unconfirmed",
    "auth.resend_confirmation": "unconfirmed",
    "auth.logout_everywhere": "unconfirmed",
    "account.confirm_email": "anonymous",  # the link from the mail works without logging in
    "proposals.index": "anonymous",
    "discussion.proposal": "anonymous",
    "proposals.new": "citizen",
    "proposals.similar": "citizen",
    "proposals.vote": "citizen",
    "proposals.edit": "author",
    "proposals.withdraw": "author",
    "proposals.export_votes": "admin",
    "discussion.create": "citizen",
    "discussion.vote": "citizen",
    "discussion.edit": "author",
    "discussion.delete": "author",
    "notifications.index": "unconfirmed",
    "notifications.read_all": "unconfirmed",
    # Opening one's own notification; anyone else's answers 404 like an unknown id.
    "notifications.open_notification": "unconfirmed",
    "notifications.follow": "citizen",
    "surveys.index": "anonymous",
    "surveys.answer": "anonymous",  # url_values points at an open anonymous survey
    "surveys.results": "anonymous",
    "site.plotly_stylesheet": "anonymous",
    # Moderation (the rest of the blueprint defaults to moderator). The matrix's process has no
    # assigned moderators, so every moderator moderates it; it does not let moderators answer.
    "moderation.queue": "moderator",
    "moderation.bulk": "moderator",
    "moderation.proposal": "moderator",
    "moderation.comment": "moderator",
    "moderation.act_proposal": "moderator",
    "moderation.act_comment": "moderator",
    "moderation.lock": "moderator",
    "moderation.curate": "moderator",
    "moderation.merge": "moderator",
    "moderation.users": "moderator",
    "moderation.block": "moderator",
    "moderation.unblock": "moderator",
    "moderation.report_proposal": "citizen",
    "moderation.report_comment": "citizen",
    "moderation.answer": "admin",
    "moderation.audit_log": "admin",
    "moderation.audit_csv": "admin",
    "moderation.summary": "anonymous",
    # Analysis runs (app/analysis_runs): moderators of the process view and edit themes; admins start runs.
    "analysis_runs.index": "moderator",
    "analysis_runs.start": "admin",
    "analysis_runs.run": "moderator",
    "analysis_runs.status": "moderator",
    "analysis_runs.items": "moderator",
    "analysis_runs.rename": "moderator",
    "analysis_runs.move": "moderator",
    "exports.process_xlsx": "admin",
    "exports.opendata_index": "anonymous",
    "exports.opendata_file": "anonymous",
    "exports.opendata_zip": "anonymous",
    # Report draft (app/report). The OParl objects are public once a process is in its results
    # phase; the matrix's process is in its participation phase, so they are admin-only here.
    "report.edit": "admin",
    "report.export_start": "admin",
    "report.export_status": "admin",
    "report.export_file": "admin",
    "report.oparl_index": "admin",
    "report.oparl_paper": "admin",
    "report.oparl_file": "admin",
    "report.oparl_system": "admin",
    "report.oparl_bodies": "admin",
    "report.oparl_body": "admin",
    "report.oparl_list": "admin",
    "report.oparl_organization": "admin",
    "report.oparl_consultation": "admin",
    # Dashboards (app/dashboard). The public results page answers everyone (before the results
    # phase with a notice that results follow).
    "dashboard.index": "admin",
    "dashboard.reference": "admin",
    "dashboard.reference_save": "admin",
    "dashboard.reference_delete": "admin",
    "dashboard.results": "anonymous",
}


def url_values(slug: str) -> dict:
    """Values for URL arguments, from the data the matrix sets up. Add new argument names here."""
    process = db.session.scalar(select(Process).where(Process.slug == slug))
    phase = db.session.scalar(select(Phase).where(Phase.process_id == process.id))
    citizen = db.session.scalar(select(User).where(User.email == factories.EMAILS["citizen"]))
    survey = _survey_values(process)
    return {
        **survey,
        **_participation_values(process, citizen),
        **_analysis_values(process),
        "slug": slug,
        "kind": "phases",
        "item_id": phase.id,
        "user_id": citizen.id,
        "token": "not-a-valid-token",
        "filename": "css/ratschlag.css",
        "dataset": "proposals",
        "job_id": 1,
        "listing": "organization",
        "organization_key": "ratsversammlung",
        "index": 1,
        "name": "bericht.md",
        "paper_key": slug,
        "file_key": f"{slug}-anlage-1",
        "file_name": f"{slug}-anlage-1.csv",
        "dimension": "age_group",
        "feedback_id": 1,  # unknown ids answer 404 to admins
        "video_id": 1,
        "reference": db.session.scalar(select(Proposal.reference).where(Proposal.process_id == process.id).limit(1)),
        "rest": "nowhere",
    }


def _survey_values(process) -> dict:
    """An open anonymous survey with sections and questions (created on first use)."""
    from app.surveys.models import Survey, SurveyQuestion, SurveySection
    from tests.surveys.factories import make_conditional_survey

    survey_id = db.session.scalar(  # one with questions (tests/app/test_fuzz.py may have deleted others)
        select(Survey.id).join(SurveySection, SurveySection.survey_id == Survey.id).join(SurveyQuestion)
        .where(Survey.process_id == process.id, Survey.status == "open").order_by(Survey.id).limit(1))
    if survey_id is None:
        ids = make_conditional_survey(process, audience="anonymous")
        survey_id = ids["survey"]
    survey = db.session.get(Survey, survey_id)
    return {"survey_id": survey.id, "section_id": survey.sections[0].id,
            "question_id": survey.sections[0].questions[0].id, "fmt": "csv"}


def _participation_values(process, citizen) -> dict:
    """A proposal by the citizen with a comment by the citizen (created on first use)."""
    from app.comments.models import Comment
    from app.notifications.models import Notification
    from app.proposals.models import Proposal
    from tests.proposals.factories import make_comment, make_proposal

    proposal = db.session.scalar(select(Proposal).where(Proposal.process_id == process.id))
    if proposal is None:
        proposal = make_proposal(process, citizen)
        make_comment(proposal, citizen)
    comment_id = db.session.scalar(select(Comment.id).where(Comment.proposal_id == proposal.id))
    notification_id = db.session.scalar(select(Notification.id).where(Notification.user_id == citizen.id))
    if notification_id is None:
        notification = Notification(user_id=citizen.id, kind="status", proposal_id=proposal.id, status="accepted")
        db.session.add(notification)
        db.session.commit()
        notification_id = notification.id
    return {"proposal_id": proposal.id, "comment_id": comment_id, "notification_id": notification_id}


def _analysis_values(process) -> dict:
    """A finished analysis run (version 1) with a theme and an item (created on first use)."""
    from app.analysis_runs.models import AnalysisItem, AnalysisRun, AnalysisTheme
    from tests.analysis_runs.factories import make_finished_run

    run_id = db.session.scalar(select(AnalysisRun.id).where(AnalysisRun.process_id == process.id,
                                                            AnalysisRun.version == 1))
    if run_id is None:
        run_id = make_finished_run(process.id, items=1, version=1)["run_id"]
    theme_id = db.session.scalar(select(AnalysisTheme.id).where(AnalysisTheme.run_id == run_id).limit(1))
    item_id = db.session.scalar(select(AnalysisItem.id).where(AnalysisItem.run_id == run_id).limit(1))
    return {"version": 1, "theme_id": theme_id, "analysis_item_id": item_id}


def required_level(endpoint: str) -> str | None:
    if endpoint in ACCESS:
        return ACCESS[endpoint]
    return BLUEPRINT_DEFAULTS.get(endpoint.split(".")[0])


def _routes():
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield pytest.param(rule.endpoint, rule.rule, method, id=f"{method} {rule.rule}")


ROUTES = list(_routes())


def test_every_endpoint_is_classified():
    unclassified = sorted({param.values[0] for param in ROUTES if required_level(param.values[0]) is None})
    assert unclassified == [], f"add these endpoints to ACCESS in tests/app/test_access.py: {unclassified}"


@pytest.mark.parametrize(("endpoint", "rule", "method"), ROUTES)
def test_route_access_by_role(app, users, process, endpoint, rule, method):
    level = required_level(endpoint)
    assert level is not None
    with app.test_request_context():
        values = url_values(process)
        url_rule = next(r for r in app.url_map.iter_rules(endpoint) if r.rule == rule)
        from flask import url_for

        url = url_for(endpoint, **{name: values[name] for name in url_rule.arguments})
    for role in LEVELS:
        client = app.test_client()
        if role != "anonymous":
            login = client.post("/auth/login", data={"email": ROLE_EMAILS[role], "password": factories.PASSWORD})
            assert login.status_code == 302, f"login as {role} failed"
        response = client.open(url, method=method)
        allowed = role == "citizen" if level == "author" else LEVELS.index(role) >= LEVELS.index(level)
        where = f"{method} {url} as {role}"
        assert response.status_code < 500, f"{where}: server error {response.status_code}"
        if allowed:
            assert response.status_code not in (401, 403), f"{where}: refused but should be allowed"
        elif role == "anonymous":
            assert response.status_code == 302 and "/auth/login" in response.headers["Location"], (
                f"{where}: expected a redirect to the login page, got {response.status_code}"
            )
        else:
            assert response.status_code == 403, f"{where}: expected 403, got {response.status_code}"

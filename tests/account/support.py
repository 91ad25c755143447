"""Shared by the account tests and the account browser walk: the data, the expected counts, the places to look."""
from __future__ import annotations

import io

import openpyxl
from sqlalchemy import func, select

from app.comments.models import Comment, CommentVote
from app.extensions import db
from app.moderation.models import Flag
from app.notifications.models import Follow, Notification
from app.proposals.models import Proposal, Vote
from app.surveys.models import SurveyAnswer, SurveyResponse
from app.surveys.validation import Value
from tests.auth import factories
from tests.exports.factories import make_export_process
from tests.moderation.factories import make_report
from tests.proposals import factories as fp
from tests.surveys.factories import make_response

OWN_FLAG_DETAILS = "Das ist Werbung, finde ich."
OWN_ANSWER = "Meine Antwort mit Konto"
KINDS = ("account", "proposals", "comments", "votes", "comment_votes", "survey_responses", "survey_answers",
         "follows", "notifications", "reports_filed")
# What belongs to other people in the test process: names, addresses, their texts.
OTHERS = ("Otto Other", "Mona Moderator", "Ada Admin", "Uwe Unconfirmed", factories.EMAILS["other_citizen"],
          factories.EMAILS["moderator"], factories.EMAILS["admin"], "Otto meldet auch", "Gute Idee!",
          "Kommentar zum versteckten Vorschlag", "Beleidigung", "Doppelte Ehrenamtskarte")
COUNTED = (Proposal, Comment, Vote, CommentVote, SurveyResponse, SurveyAnswer, Flag)


def make_account_data() -> dict:
    """The export test process (every kind of content, in its participation phase) plus what only a person's
    own account has: an account-linked survey response, a notification and a report filed (call in an app
    context)."""
    data = make_export_process(current="participation")
    citizen = fp.user_by_email(factories.EMAILS["citizen"])
    other = fp.user_by_email(factories.EMAILS["other_citizen"])
    p2 = db.session.get(Proposal, data["proposals"]["p2"][0])
    make_report(p2, citizen, "spam", OWN_FLAG_DETAILS)
    make_report(p2, other, "insult", "Otto meldet auch")
    db.session.add(Notification(user_id=citizen.id, kind="reply", proposal_id=data["proposals"]["p1"][0],
                                comment_id=data["comments"]["c1"]))
    db.session.commit()
    survey = data["survey"]
    make_response(survey["survey"], {survey["engaged"]: Value(text="c1"), survey["idea"]: Value(text=OWN_ANSWER)},
                  user=citizen)
    make_response(survey["survey"], {survey["engaged"]: Value(text="c2")}, user=other)
    return data


def expected_counts(app, user_id: int) -> dict[str, int]:
    """Rows of each kind in the database that belong to `user_id` (counted independently of the export)."""
    def count(model, *conditions):
        return db.session.scalar(select(func.count()).select_from(model).where(*conditions))

    with app.app_context():
        own_responses = select(SurveyResponse.id).where(SurveyResponse.user_id == user_id)
        return {
            "account": 1,
            "proposals": count(Proposal, Proposal.author_id == user_id),
            "comments": count(Comment, Comment.author_id == user_id),
            "votes": count(Vote, Vote.user_id == user_id),
            "comment_votes": count(CommentVote, CommentVote.user_id == user_id),
            "survey_responses": count(SurveyResponse, SurveyResponse.user_id == user_id),
            "survey_answers": count(SurveyAnswer, SurveyAnswer.response_id.in_(own_responses)),
            "follows": count(Follow, Follow.user_id == user_id),
            "notifications": count(Notification, Notification.user_id == user_id),
            "reports_filed": count(Flag, Flag.reporter_id == user_id),
        }


def counts(app) -> dict[str, int]:
    """Totals that a deletion must not change."""
    with app.app_context():
        totals = {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in COUNTED}
        for column in ("agree_count", "disagree_count", "pass_count", "comment_count"):
            totals[column] = db.session.scalar(select(func.sum(getattr(Proposal, column))))
        return totals


def everything_public_and_exported(app, data, tmp_path) -> dict[str, str]:
    """Every place that shows or exports the process's contributions, as text."""
    slug, p1 = data["slug"], data["proposals"]["p1"][0]
    texts = {}
    anonymous = app.test_client()
    texts["proposal page"] = anonymous.get(f"/proposals/{p1}").get_data(as_text=True)
    texts["proposal list"] = anonymous.get(f"/processes/{slug}/proposals/").get_data(as_text=True)
    for dataset in ("proposals", "comments", "survey-results"):
        for fmt in ("csv", "json"):
            texts[f"open data {dataset}.{fmt}"] = anonymous.get(
                f"/processes/{slug}/opendata/{dataset}.{fmt}").get_data(as_text=True)
    admin = app.test_client()
    csrf, app.config["WTF_CSRF_ENABLED"] = app.config.get("WTF_CSRF_ENABLED", True), False  # the browser tests'
    try:
        assert admin.post("/auth/login", data={"email": factories.EMAILS["admin"],
                                               "password": factories.PASSWORD}).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = csrf
    book = openpyxl.load_workbook(io.BytesIO(admin.get(f"/admin/processes/{slug}/export.xlsx").get_data()))
    texts["xlsx"] = "\n".join(repr(row) for sheet in book for row in sheet.iter_rows(values_only=True))
    texts["votes.csv"] = admin.get(f"/admin/processes/{slug}/votes.csv").get_data(as_text=True)
    texts["admin users"] = admin.get("/admin/users/").get_data(as_text=True)
    texts["audit log"] = admin.get("/moderation/audit").get_data(as_text=True)
    texts["audit csv"] = admin.get("/moderation/audit.csv").get_data(as_text=True)
    out = tmp_path / "bericht.md"
    result = app.test_cli_runner().invoke(args=["report", "export", "--process", slug, "--format", "md",
                                                "--out", str(out)])
    assert result.exit_code == 0, result.output
    texts["report"] = out.read_text(encoding="utf-8")
    return texts

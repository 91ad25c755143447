"""What the platform stores about one person, kind by kind, for "download my data" (DSGVO Art. 15, 20).

Each kind is a list of columns and a query over the person's own rows only: other people appear at most as
the number of an item (a proposal's reference, a comment's id), never by name or account.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.auth.models import User
from app.comments.models import Comment, CommentVote
from app.extensions import db
from app.moderation.models import Flag
from app.notifications.models import Follow, Notification
from app.processes.models import District, Process, Topic
from app.proposals.models import Proposal, Vote
from app.surveys.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse

VOTE_NAMES = {1: "agree", -1: "disagree", 0: "pass"}


@dataclass(frozen=True)
class Kind:
    """One file of the download: `name` (file name), a heading, columns, and the statement for one user."""

    name: str
    title: object
    columns: tuple[str, ...]
    statement: Callable[[int], object]
    convert: Callable[[tuple], tuple] = tuple


def _account(user_id: int):
    return select(User.id, User.email, User.display_name, User.role, User.created_at, User.confirmed_at,
                  User.locale, User.email_notifications, User.last_login_at).where(User.id == user_id)


def _proposals(user_id: int):
    return (select(Proposal.id, Proposal.reference, Process.slug, Topic.title, District.name, Proposal.title,
                   Proposal.body, Proposal.status, Proposal.created_at, Proposal.edited_at, Proposal.withdrawn_at,
                   Proposal.agree_count, Proposal.disagree_count, Proposal.pass_count, Proposal.comment_count)
            .join(Process, Process.id == Proposal.process_id).join(Topic, Topic.id == Proposal.topic_id)
            .outerjoin(District, District.id == Proposal.district_id)
            .where(Proposal.author_id == user_id).order_by(Proposal.id))


def _comments(user_id: int):
    return (select(Comment.id, Proposal.reference, Comment.parent_id, Comment.alignment, Comment.body,
                   Comment.created_at, Comment.edited_at, Comment.deleted_at)
            .join(Proposal, Proposal.id == Comment.proposal_id)
            .where(Comment.author_id == user_id).order_by(Comment.id))


def _votes(user_id: int):
    return (select(Proposal.reference, Vote.value, Vote.created_at, Vote.updated_at)
            .join(Proposal, Proposal.id == Vote.proposal_id).where(Vote.user_id == user_id).order_by(Vote.id))


def _comment_votes(user_id: int):
    return (select(CommentVote.comment_id, CommentVote.value, CommentVote.created_at)
            .where(CommentVote.user_id == user_id).order_by(CommentVote.id))


def _survey_responses(user_id: int):
    return (select(SurveyResponse.id, Survey.title, SurveyResponse.status, SurveyResponse.started_at,
                   SurveyResponse.submitted_at, SurveyResponse.age_group, SurveyResponse.gender, District.name)
            .join(Survey, Survey.id == SurveyResponse.survey_id)
            .outerjoin(District, District.id == SurveyResponse.district_id)
            .where(SurveyResponse.user_id == user_id).order_by(SurveyResponse.id))


def _survey_answers(user_id: int):
    return (select(SurveyAnswer.response_id, SurveyQuestion.text, SurveyAnswer.value_text, SurveyAnswer.value_number,
                   SurveyAnswer.value_json, SurveyAnswer.other_text)
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
            .where(SurveyResponse.user_id == user_id).order_by(SurveyAnswer.response_id, SurveyAnswer.id))


def _follows(user_id: int):
    return (select(Proposal.reference, Follow.created_at).join(Proposal, Proposal.id == Follow.proposal_id)
            .where(Follow.user_id == user_id).order_by(Follow.id))


def _notifications(user_id: int):
    return (select(Notification.kind, Proposal.reference, Notification.comment_id, Notification.status,
                   Notification.created_at, Notification.read_at)
            .join(Proposal, Proposal.id == Notification.proposal_id)
            .where(Notification.user_id == user_id).order_by(Notification.id))


def _flags(user_id: int):
    reported = aliased(Proposal)
    return (select(Flag.reason, Flag.details, reported.reference, Flag.comment_id, Flag.created_at,
                   Flag.resolved_at, Flag.resolution)
            .outerjoin(reported, reported.id == Flag.proposal_id)
            .where(Flag.reporter_id == user_id).order_by(Flag.id))


def _vote_row(row: tuple) -> tuple:
    reference, value, *rest = row
    return (reference, VOTE_NAMES.get(value, value), *rest)


def _comment_vote_row(row: tuple) -> tuple:
    comment_id, value, created = row
    return (comment_id, "up" if value > 0 else "down", created)


KINDS: tuple[Kind, ...] = (
    Kind("account", _l("Konto"), ("id", "email", "display_name", "role", "created_at", "confirmed_at", "locale",
                                  "email_notifications", "last_login_at"), _account),
    Kind("proposals", _l("Vorschläge"), ("id", "reference", "process", "topic", "district", "title", "body",
                                         "status", "created_at", "edited_at", "withdrawn_at", "agree_count",
                                         "disagree_count", "pass_count", "comment_count"), _proposals),
    Kind("comments", _l("Kommentare"), ("id", "proposal", "parent_comment_id", "alignment", "body", "created_at",
                                        "edited_at", "deleted_at"), _comments),
    Kind("votes", _l("Stimmen zu Vorschlägen"), ("proposal", "vote", "created_at", "updated_at"), _votes, _vote_row),
    Kind("comment_votes", _l("Bewertungen von Kommentaren"), ("comment_id", "vote", "created_at"), _comment_votes,
         _comment_vote_row),
    Kind("survey_responses", _l("Umfrageantworten"), ("response_id", "survey", "status", "started_at",
                                                       "submitted_at", "age_group", "gender", "district"),
         _survey_responses),
    Kind("survey_answers", _l("Antworten auf Umfragefragen"), ("response_id", "question", "text", "number",
                                                                "choices", "other_text"), _survey_answers),
    Kind("follows", _l("Gefolgte Vorschläge"), ("proposal", "created_at"), _follows),
    Kind("notifications", _l("Benachrichtigungen"), ("kind", "proposal", "comment_id", "status", "created_at",
                                                      "read_at"), _notifications),
    Kind("reports_filed", _l("Eingereichte Meldungen"), ("reason", "details", "proposal", "comment_id",
                                                          "created_at", "resolved_at", "resolution"), _flags),
)


def rows(kind: Kind, user_id: int) -> Iterator[tuple]:
    """The person's rows of one kind, streamed from the database."""
    for row in db.session.execute(kind.statement(user_id).execution_options(yield_per=500)):
        yield kind.convert(tuple(row))

"""Collecting what a run analyses: the visible submissions of a process and the votes on proposals.

Everything is returned as plain records for the `analysis` package. Voter ids are replaced by
running numbers here (in memory only); no user id leaves this module.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select

from analysis.privacy import redact_contacts
from app.analysis_runs.models import EXCERPT_MAX
from app.comments.models import Comment, comment_reference
from app.extensions import db
from app.processes.models import Topic
from app.proposals.models import Proposal, Status, Vote
from app.surveys.models import Survey, SurveyResponse
from app.surveys.queries import free_text_submissions

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKERS = re.compile(r"[*_`#>~|]+")


@dataclass
class Collected:
    """Submissions (``records``) and pseudonymised votes of one process."""

    records: list[dict] = field(default_factory=list)
    voters: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # running numbers, not user ids
    statements: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # proposal ids
    values: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))

    def count(self, kind: str) -> int:
        return sum(record["kind"] == kind for record in self.records)


def plain_excerpt(*parts: str | None, limit: int = EXCERPT_MAX) -> str:
    """Plain text (Markdown links and markers removed, contacts redacted), shortened at a word."""
    text = " – ".join(part for part in parts if part)
    text = redact_contacts(" ".join(_MARKERS.sub(" ", _LINK.sub(r"\1", text)).split()))
    if len(text) <= limit:
        return text
    return text[: limit - 2].rsplit(" ", 1)[0] + " …"


def pillar_fields(topic_id: int | None, *, prior: bool) -> dict:
    """The pillar columns the theme analysis reads: ``pillar`` (topic id as text, "" for none) and
    ``pillar_is_prior``. A proposal's pillar was chosen by its author (comments share their proposal's);
    a survey answer's pillar is only its question's, so the analysis may place it where its content fits."""
    return {"pillar": "" if topic_id is None else str(topic_id), "pillar_is_prior": prior}


def _visible_proposals(process_id: int):
    return (Proposal.process_id == process_id, Proposal.hidden_at.is_(None), Proposal.withdrawn_at.is_(None),
            Proposal.merged_into_id.is_(None), Proposal.status != Status.MERGED.value)


def collect(process_id: int, *, votes: bool = True) -> Collected:
    """Visible proposals, comments and survey free text of a process, and (unless `votes` is False) the
    votes on visible proposals."""
    collected = Collected()
    rows = db.session.execute(
        select(Proposal.id, Proposal.reference, Proposal.title, Proposal.body, Proposal.topic_id,
               Proposal.district_id).where(*_visible_proposals(process_id)).order_by(Proposal.id))
    for pid, reference, title, body, topic_id, district_id in rows:
        collected.records.append({
            "id": f"p{pid}", "kind": "proposal", "source_id": pid, "reference": reference, "title": title,
            "text": body, "topic_id": topic_id, "district_id": district_id, "excerpt": plain_excerpt(title, body),
            "context": f"p{pid}", **pillar_fields(topic_id, prior=False)})
    _add_comments(collected, process_id)
    _add_survey_answers(collected, process_id)
    if votes:
        _add_votes(collected, process_id)
    return collected


def _add_comments(collected: Collected, process_id: int) -> None:
    """Comments that readers see: not deleted or hidden, under a proposal that is not hidden or withdrawn.

    Comments under merged proposals stay (their discussion is still part of the process).
    """
    rows = db.session.execute(
        select(Comment.id, Comment.body, Proposal.id, Proposal.reference, Proposal.topic_id, Proposal.district_id)
        .join(Proposal, Proposal.id == Comment.proposal_id)
        .where(Proposal.process_id == process_id, Proposal.hidden_at.is_(None), Proposal.withdrawn_at.is_(None),
               Comment.hidden_at.is_(None), Comment.deleted_at.is_(None))
        .order_by(Comment.id))
    for cid, body, proposal_id, reference, topic_id, district_id in rows:
        if body and body.strip():
            collected.records.append({
                "id": f"c{cid}", "kind": "comment", "source_id": cid, "reference": comment_reference(reference, cid),
                "title": "", "text": body, "topic_id": topic_id, "district_id": district_id,
                "excerpt": plain_excerpt(body), "context": f"p{proposal_id}", **pillar_fields(topic_id, prior=False)})


def _add_survey_answers(collected: Collected, process_id: int) -> None:
    """Survey free text, cited as U<survey id>-<n> (n counts that survey's free-text answers)."""
    submissions = free_text_submissions(process_id)
    if not submissions:
        return
    responses = {rid: (survey_id, district_id) for rid, survey_id, district_id in db.session.execute(
        select(SurveyResponse.id, SurveyResponse.survey_id, SurveyResponse.district_id)
        .join(Survey, Survey.id == SurveyResponse.survey_id).where(Survey.process_id == process_id))}
    topics = dict(db.session.execute(select(Topic.title, Topic.id).where(Topic.process_id == process_id)).all())
    numbers: dict[int, int] = {}
    for submission in submissions:
        _, response_id, question_id = submission["id"].split("-")
        survey_id, district_id = responses[int(response_id)]
        numbers[survey_id] = numbers.get(survey_id, 0) + 1
        key = f"U{survey_id}-{numbers[survey_id]}"
        topic_id = topics.get(submission["topic"])
        collected.records.append({
            "id": key, "kind": "survey", "source_id": int(question_id), "reference": key, "title": "",
            "text": submission["text"], "topic_id": topic_id, "district_id": district_id,
            "excerpt": plain_excerpt(submission["text"]), "context": f"q{question_id}",
            **pillar_fields(topic_id, prior=True)})


def _add_votes(collected: Collected, process_id: int) -> None:
    """Votes on visible proposals; user ids become running numbers in the order first seen."""
    rows = db.session.execute(
        select(Vote.user_id, Vote.proposal_id, Vote.value).join(Proposal, Proposal.id == Vote.proposal_id)
        .where(*_visible_proposals(process_id)).order_by(Vote.user_id, Vote.proposal_id)).all()
    if not rows:
        return
    users = np.fromiter((row[0] for row in rows), np.int64, len(rows))
    _, pseudonyms = np.unique(users, return_inverse=True)
    collected.voters = pseudonyms.astype(np.int64)
    collected.statements = np.fromiter((row[1] for row in rows), np.int64, len(rows))
    collected.values = np.fromiter((row[2] for row in rows), np.int8, len(rows))

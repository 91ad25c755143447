"""Factories for proposals, votes, comments and follows (call inside an app context).

They write rows directly (no permission checks) and keep the counters on the proposal and
comment rows consistent, like the services do. The look-ups `user_by_email` (tests/auth) and
`process_by_slug` (tests/processes) are available here too: the tests call them as `fp.…`.
"""
from __future__ import annotations

import itertools

from sqlalchemy import func, select

from app.auth.models import User
from app.comments.models import Comment, CommentVote
from app.core.clock import now, today
from app.extensions import db
from app.notifications.models import Follow
from app.processes.models import Process
from app.proposals.models import COUNTER_COLUMNS, VOTE_VALUES, Proposal, Vote
from app.proposals.services import reference_for
from tests.auth import factories
from tests.auth.factories import user_by_email
from tests.processes.factories import process_by_slug

_counter = itertools.count(1)


def make_proposal(process: Process, author: User | None = None, *, title: str | None = None,
                  body: str = "Eine ausführliche Beschreibung des Vorschlags.", topic=None, district=None,
                  follow: bool = True, **fields) -> Proposal:
    author = author or factories.make_user()
    number = (db.session.scalar(select(func.max(Proposal.number)).where(Proposal.process_id == process.id)) or 0) + 1
    proposal = Proposal(
        process_id=process.id, number=number, reference=reference_for(process, today().year, number),
        author_id=author.id, topic_id=(topic or process.topics[0]).id,
        district_id=district.id if district else None,
        title=title or f"Vorschlag Nummer {next(_counter)}", body=body, created_at=now(), **fields,
    )
    db.session.add(proposal)
    db.session.flush()
    if follow:
        db.session.add(Follow(user_id=author.id, proposal_id=proposal.id))
    db.session.commit()
    return proposal


def make_vote(proposal: Proposal, user: User, value: str = "agree") -> Vote:
    stored = VOTE_VALUES[value].value
    vote = Vote(user_id=user.id, proposal_id=proposal.id, value=stored)
    db.session.add(vote)
    column = COUNTER_COLUMNS[stored]
    setattr(proposal, column, getattr(proposal, column) + 1)
    if user.id != proposal.author_id and proposal.engaged_at is None:
        proposal.engaged_at = now()
    db.session.commit()
    return vote


def make_comment(proposal: Proposal, author: User | None = None, *, parent: Comment | None = None,
                 body: str = "Ein Kommentar.", alignment: str = "neutral", commit: bool = True) -> Comment:
    author = author or factories.make_user()
    comment = Comment(proposal_id=proposal.id, author_id=author.id, body=body, alignment=alignment,
                      parent_id=parent.id if parent else None,
                      root_id=(parent.root_id or parent.id) if parent else None,
                      depth=parent.depth + 1 if parent else 0, created_at=now())
    db.session.add(comment)
    proposal.comment_count += 1
    if author.id != proposal.author_id and proposal.engaged_at is None:
        proposal.engaged_at = now()
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return comment


def make_comment_vote(comment: Comment, user: User, value: int = 1) -> CommentVote:
    vote = CommentVote(user_id=user.id, comment_id=comment.id, value=value, created_at=now())
    db.session.add(vote)
    if value == 1:
        comment.up_count += 1
    else:
        comment.down_count += 1
    db.session.commit()
    return vote



def fill_process(slug: str, *, proposals: int, comments_per_thread: int, voters: int) -> int:
    """Proposals with votes, and a threaded discussion with comment votes on the first one; returns its id.

    For the query-count tests of the list and the proposal page: the same shape at any size."""
    process = process_by_slug(slug)
    people = [factories.make_user() for _ in range(voters)]
    first = None
    for number in range(proposals):
        proposal = make_proposal(process, people[number % voters], topic=process.topics[number % 3],
                                 district=process.districts[number % 3] if number % 2 else None)
        for person in people[: number % voters]:
            make_vote(proposal, person, ["agree", "disagree", "pass"][person.id % 3])
        first = first or proposal
    for number in range(comments_per_thread):
        root = make_comment(first, people[number % voters], commit=False)
        reply = make_comment(first, people[(number + 1) % voters], parent=root, commit=False)
        make_comment(first, people[(number + 2) % voters], parent=reply, commit=False)
    db.session.commit()
    citizen = user_by_email(factories.EMAILS["citizen"])
    for comment in comments_of(first)[:10]:
        if comment.author_id != citizen.id:
            make_comment_vote(comment, citizen)
    make_vote(first, citizen)
    return first.id


def comments_of(proposal: Proposal) -> list[Comment]:
    """The comments on a proposal, oldest first."""
    return list(db.session.scalars(select(Comment).where(Comment.proposal_id == proposal.id).order_by(Comment.id)))

"""Demo data: the small Kiel demo gains proposals (idempotently); the large data set is consistent."""
from __future__ import annotations

from sqlalchemy import func, select

from app.comments.models import Comment, CommentVote
from app.core.clock import today
from app.demo import large
from app.extensions import db
from app.proposals.models import Proposal, Vote


def count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def test_small_demo_adds_proposals_once(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        proposals, comments = count(Proposal), count(Comment)
        assert proposals == 8 and comments >= 5
        assert count(Proposal, Proposal.official_answer.is_not(None)) == 2
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        assert (count(Proposal), count(Comment)) == (proposals, comments)


TINY = large.Sizes(participants=60, proposals=120, votes=1500, comments=600, big_thread=200, comment_votes=300)


def _seed(app):
    from app.demo.seed import seed_kiel

    with app.app_context():
        seed_kiel(today())
        return large.seed_large(today(), TINY)


def test_large_demo_is_consistent_and_idempotent(app):
    result = _seed(app)
    assert result.created and result.counts["proposals"] == 120
    with app.app_context():
        assert count(Vote) == 1500 + 15  # plus the small demo's votes
        assert count(Comment, Comment.proposal_id == result.big_thread_id) >= 200
        for proposal in db.session.scalars(select(Proposal)):
            votes = dict(db.session.execute(select(Vote.value, func.count()).where(Vote.proposal_id == proposal.id)
                                            .group_by(Vote.value)).all())
            assert (proposal.agree_count, proposal.disagree_count, proposal.pass_count) == (
                votes.get(1, 0), votes.get(-1, 0), votes.get(0, 0))
            assert proposal.comment_count == count(Comment, Comment.proposal_id == proposal.id,
                                                   Comment.deleted_at.is_(None))
        for comment in db.session.scalars(select(Comment).where(Comment.parent_id.is_not(None))):
            assert comment.depth <= 2 and comment.root_id is not None
        assert count(CommentVote) == 300
        assert not large.seed_large(today(), TINY).created


def test_large_demo_is_reproducible(app):
    first = _seed(app)
    with app.app_context():
        titles = list(db.session.scalars(select(Proposal.title).order_by(Proposal.id)))
        db.session.execute(Vote.__table__.delete())
        for model in (CommentVote, Comment):
            db.session.execute(model.__table__.delete())
        db.session.execute(Proposal.__table__.delete().where(Proposal.id > 8))
        from app.auth.models import User
        from app.notifications.models import Follow

        db.session.execute(Follow.__table__.delete().where(Follow.proposal_id > 8))
        db.session.execute(User.__table__.delete().where(User.email.like(f"%@{large.EMAIL_DOMAIN}")))
        db.session.commit()
        again = large.seed_large(today(), TINY)
        assert again.created and again.counts == first.counts
        assert list(db.session.scalars(select(Proposal.title).order_by(Proposal.id)))[8:] == titles[8:]


def test_cli_large_demo(app, runner, monkeypatch):
    monkeypatch.setattr(large, "Sizes", lambda: TINY)
    result = runner.invoke(args=["demo", "--scale", "large"])
    assert result.exit_code == 0, result.output
    assert "Large data set created" in result.output and "Longest discussion: /proposals/" in result.output
    assert "already present" in runner.invoke(args=["demo", "--scale", "large"]).output

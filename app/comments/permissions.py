"""Who may comment, reply, vote on, edit and delete comments (pure predicates)."""
from __future__ import annotations

from datetime import date

from app.auth.permissions import can_participate
from app.comments.models import MAX_DEPTH, Comment
from app.processes.permissions import is_participation_open
from app.proposals.models import Proposal


def discussion_open(proposal: Proposal, day: date) -> bool:
    """Comments are open on visible, active proposals during the participation phase (not on merged ones)."""
    return (is_participation_open(proposal.process, day) and not proposal.is_withdrawn
            and not proposal.is_hidden and not proposal.is_merged)


def can_comment(user, proposal: Proposal, day: date) -> bool:
    return can_participate(user) and discussion_open(proposal, day)


def can_reply(user, comment: Comment, proposal: Proposal, day: date) -> bool:
    """Replies go three levels deep; deleted, hidden and locked-thread comments get no new replies."""
    return (can_comment(user, proposal, day) and comment.depth < MAX_DEPTH and not comment.is_deleted
            and not comment.is_hidden and not comment.thread_locked)


def is_comment_author(user, comment: Comment) -> bool:
    return bool(user and user.is_authenticated and comment.author_id == user.id)


def can_edit_comment(user, comment: Comment, proposal: Proposal, day: date) -> bool:
    """Authors edit their own comments while the discussion is open."""
    return (can_participate(user) and is_comment_author(user, comment) and discussion_open(proposal, day)
            and not comment.is_deleted and not comment.is_hidden)


def can_delete_comment(user, comment: Comment) -> bool:
    """Authors may always delete their own comment (a placeholder keeps the thread)."""
    return is_comment_author(user, comment) and not comment.is_deleted


def can_vote_comment(user, comment: Comment, proposal: Proposal, day: date) -> bool:
    """Up/down votes on other people's visible comments while the discussion is open."""
    return (can_comment(user, proposal, day) and not is_comment_author(user, comment)
            and not comment.is_deleted and not comment.is_hidden)

"""Reading a page of a discussion: top-level comments paginated, their replies in one query.

Whatever the size of the thread, a page costs a count, the top-level comments, their replies
and (for logged-in readers) their own comment votes: four queries.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.comments.models import Comment, CommentVote
from app.extensions import db

PER_PAGE = 20
ORDERS = ("oldest", "newest")


@dataclass
class CommentPage:
    pagination: object
    replies: dict[int, list[Comment]] = field(default_factory=dict)  # parent id → replies, oldest first
    my_votes: dict[int, int] = field(default_factory=dict)           # comment id → +1/-1

    @property
    def roots(self) -> list[Comment]:
        return self.pagination.items

    def all_comments(self) -> list[Comment]:
        return [*self.roots, *(reply for replies in self.replies.values() for reply in replies)]


def comment_page(proposal_id: int, user, *, page: int = 1, order: str = "oldest",
                 per_page: int = PER_PAGE) -> CommentPage:
    """Top-level comments of page `page` with all their replies and the reader's votes on them."""
    ordering = Comment.id.desc() if order == "newest" else Comment.id.asc()
    roots = (select(Comment).where(Comment.proposal_id == proposal_id, Comment.parent_id.is_(None))
             .options(joinedload(Comment.author)).order_by(ordering))
    pagination = db.paginate(roots, page=max(page, 1), per_page=per_page, error_out=False)
    result = CommentPage(pagination)
    root_ids = [comment.id for comment in pagination.items]
    # Both queries also run for an empty page, so that every page costs the same.
    replies = db.session.scalars(select(Comment).where(Comment.root_id.in_(root_ids))
                                 .options(joinedload(Comment.author)).order_by(Comment.id))
    grouped = defaultdict(list)
    for reply in replies:
        grouped[reply.parent_id].append(reply)
    result.replies = dict(grouped)
    if getattr(user, "is_authenticated", False):
        ids = [comment.id for comment in result.all_comments()]
        rows = db.session.execute(select(CommentVote.comment_id, CommentVote.value)
                                  .where(CommentVote.user_id == user.id, CommentVote.comment_id.in_(ids)))
        result.my_votes = dict(rows.all())
    return result


def page_of(comment: Comment, order: str = "oldest", per_page: int = PER_PAGE) -> int:
    """The page of the discussion on which `comment` (or, for a reply, its thread) appears."""
    root_id = comment.root_id or comment.id
    before = Comment.id <= root_id if order != "newest" else Comment.id >= root_id
    position = db.session.scalar(select(func.count()).select_from(Comment).where(
        Comment.proposal_id == comment.proposal_id, Comment.parent_id.is_(None), before))
    return max(1, -(-(position or 1) // per_page))

"""Comment use cases: add (or reply), edit, delete, vote. One transaction each."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import joinedload

from app.comments import permissions
from app.comments.models import ALIGNMENT_VALUES, MAX_DEPTH, Comment, CommentVote
from app.core.clock import now
from app.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from app.core.events import comment_posted
from app.core.numbers import parse_id
from app.core.text import clean_text
from app.extensions import db
from app.proposals.models import Proposal
from app.proposals.services import merged_refusal

BODY_MAX = 2000  # characters of a comment


COMMENT_VOTES = {"up": 1, "down": -1, "withdraw": None}


def _closed_message(proposal: Proposal | None = None):
    if proposal is not None and proposal.is_merged:
        return merged_refusal(proposal)
    return _l("Die Diskussion ist nur während der Beteiligungsphase geöffnet.")


def _clean_body(body) -> str:
    body = clean_text(body)
    if not body:
        raise DomainError(_l("Bitte schreiben Sie einen Kommentar."), field="body")
    if len(body) > BODY_MAX:
        raise DomainError(_l("Ein Kommentar darf höchstens %(max)d Zeichen lang sein.", max=BODY_MAX), field="body")
    return body


def _clean_alignment(alignment) -> str:
    alignment = alignment or "neutral"
    if alignment not in ALIGNMENT_VALUES:
        raise DomainError(_l("Bitte wählen Sie „Dafür“, „Dagegen“ oder „Neutral“."), field="alignment")
    return alignment


def get_comment(comment_id) -> Comment:
    """The comment (with its author), or NotFound."""
    comment_id = parse_id(comment_id)
    if comment_id is None:
        raise NotFound(_l("Diesen Kommentar gibt es nicht."))
    comment = db.session.scalar(select(Comment).where(Comment.id == comment_id).options(joinedload(Comment.author)))
    if comment is None:
        raise NotFound(_l("Diesen Kommentar gibt es nicht."))
    return comment


def _parent(proposal: Proposal, parent_id) -> Comment | None:
    if parent_id in (None, ""):
        return None
    number = parse_id(parent_id)
    parent = db.session.get(Comment, number) if number is not None else None
    if parent is None or parent.proposal_id != proposal.id or parent.is_hidden:  # hidden: as if unknown
        raise DomainError(_l("Der Kommentar, auf den Sie antworten wollen, existiert nicht."))
    return parent


def comment_refusal(user, proposal: Proposal):
    """Why `user` may not comment on `proposal` (translated)."""
    if permissions.can_participate(user):
        return _closed_message(proposal)
    return _l("Zum Kommentieren melden Sie sich bitte an und bestätigen Ihre E-Mail-Adresse.")


def add_comment(user, proposal: Proposal, *, body, alignment=None, parent_id=None, day: date) -> Comment:
    """Add a comment, or a reply when `parent_id` is given; the parent's author is notified."""
    if not permissions.can_comment(user, proposal, day):
        raise PermissionDenied(comment_refusal(user, proposal))
    body, alignment = _clean_body(body), _clean_alignment(alignment)
    parent = _parent(proposal, parent_id)
    if parent is not None and not permissions.can_reply(user, parent, proposal, day):
        if parent.depth >= MAX_DEPTH:
            raise DomainError(_l("Auf diese Antwort kann nicht weiter geantwortet werden."))
        if parent.thread_locked:
            raise DomainError(_l("Dieser Thread ist von der Moderation gesperrt."))
        raise DomainError(_l("Auf diesen Kommentar kann nicht mehr geantwortet werden."))
    comment = Comment(proposal_id=proposal.id, author_id=user.id, body=body, alignment=alignment, created_at=now(),
                      parent_id=parent.id if parent else None,
                      root_id=(parent.root_id or parent.id) if parent else None,
                      depth=parent.depth + 1 if parent else 0)
    db.session.add(comment)
    db.session.flush()
    changes = {"comment_count": Proposal.comment_count + 1}
    db.session.execute(update(Proposal).where(Proposal.id == proposal.id).values(changes))
    if user.id != proposal.author_id:
        db.session.execute(update(Proposal).where(Proposal.id == proposal.id, Proposal.engaged_at.is_(None))
                           .values(engaged_at=comment.created_at))
    comment_posted.send(comment, parent=parent, proposal=proposal, author=user)
    db.session.commit()
    return comment


def edit_comment(user, comment: Comment, proposal: Proposal, *, body, alignment=None, day: date) -> Comment:
    """The author changes the text; the comment is marked as edited with the time."""
    if not permissions.can_edit_comment(user, comment, proposal, day):
        if not permissions.is_comment_author(user, comment):
            raise PermissionDenied(_l("Sie können nur Ihre eigenen Kommentare bearbeiten."))
        raise PermissionDenied(_l("Dieser Kommentar kann nicht mehr bearbeitet werden."))
    comment.body = _clean_body(body)
    comment.alignment = _clean_alignment(alignment or comment.alignment)
    comment.edited_at = now()
    db.session.commit()
    return comment


def delete_comment(user, comment: Comment) -> Comment:
    """The author deletes the comment: the text goes, a placeholder keeps the thread intact."""
    if not permissions.can_delete_comment(user, comment):
        if not permissions.is_comment_author(user, comment):
            raise PermissionDenied(_l("Sie können nur Ihre eigenen Kommentare löschen."))
        raise DomainError(_l("Dieser Kommentar ist bereits gelöscht."))
    comment.body = ""
    comment.deleted_at = now()
    db.session.execute(update(Proposal).where(Proposal.id == comment.proposal_id, Proposal.comment_count > 0)
                       .values(comment_count=Proposal.comment_count - 1))
    db.session.execute(delete(CommentVote).where(CommentVote.comment_id == comment.id))
    comment.up_count = comment.down_count = 0
    db.session.commit()
    return comment


def vote_comment(user, comment: Comment, proposal: Proposal, value, day: date) -> int | None:
    """Up (+1) or down (-1) vote on someone else's comment, or withdraw it; one per person."""
    if comment.is_hidden:  # answered like an unknown id: no hint that a hidden comment has this number
        raise NotFound(_l("Diesen Kommentar gibt es nicht."))
    if value not in COMMENT_VOTES:
        raise DomainError(_l("Bitte wählen Sie „hilfreich“ oder „nicht hilfreich“."), field="value")
    if not permissions.can_vote_comment(user, comment, proposal, day):
        if permissions.is_comment_author(user, comment):
            raise DomainError(_l("Über Ihre eigenen Kommentare können Sie nicht abstimmen."))
        raise PermissionDenied(_closed_message(proposal) if not permissions.discussion_open(proposal, day)
                               else _l("Über diesen Kommentar kann nicht abgestimmt werden."))
    new, user_id, comment_id = COMMENT_VOTES[value], user.id, comment.id
    for _attempt in range(6):
        try:
            _apply_comment_vote(user_id, comment_id, new)
            db.session.commit()
            return new
        except (IntegrityError, OperationalError, _Changed):
            db.session.rollback()
    raise Conflict(_l("Ihre Bewertung konnte gerade nicht gespeichert werden. Bitte versuchen Sie es erneut."))


class _Changed(Exception):
    pass


def _apply_comment_vote(user_id: int, comment_id: int, new: int | None) -> None:
    mine = (CommentVote.user_id == user_id) & (CommentVote.comment_id == comment_id)
    old = db.session.scalar(select(CommentVote.value).where(mine))
    if old == new:
        return
    if old is None:
        db.session.execute(insert(CommentVote).values(user_id=user_id, comment_id=comment_id, value=new,
                                                      created_at=now()))
    elif new is None:
        if db.session.execute(delete(CommentVote).where(mine, CommentVote.value == old)).rowcount != 1:
            raise _Changed()
    elif db.session.execute(update(CommentVote).where(mine, CommentVote.value == old)
                            .values(value=new)).rowcount != 1:
        raise _Changed()
    up = (new == 1) - (old == 1)
    down = (new == -1) - (old == -1)
    db.session.execute(update(Comment).where(Comment.id == comment_id)
                       .values(up_count=Comment.up_count + up, down_count=Comment.down_count + down))


def recount_comments(proposal_id: int) -> None:
    """Set a proposal's comment counter from its comment rows (in the caller's transaction), by the rule the
    counter follows on every change: `add_comment` counts a comment, `delete_comment` uncounts it, hiding
    leaves it counted. So: every comment that is not deleted."""
    count = db.session.scalar(select(func.count()).select_from(Comment)
                              .where(Comment.proposal_id == proposal_id, Comment.deleted_at.is_(None)))
    db.session.execute(update(Proposal).where(Proposal.id == proposal_id).values(comment_count=count))

"""Merging duplicate proposals, and the duplicate candidates moderators see."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update

from app.audit import services as audit
from app.comments.models import Comment
from app.comments.services import recount_comments
from app.core.errors import Conflict, DomainError, PermissionDenied
from app.core.numbers import parse_id
from app.core.text import clean_text
from app.extensions import db
from app.moderation import notify
from app.moderation.items import load_item
from app.moderation.permissions import can_moderate
from app.notifications.models import Follow
from app.proposals.models import Proposal, Status, Vote
from app.proposals.queries import similar_proposals
from app.proposals.services import recount_votes


def duplicate_candidates(proposal: Proposal, limit: int = 5) -> list:
    """Similar proposals of the same process (the similarity used at submission), merged ones left out."""
    found = similar_proposals(proposal.process, proposal.title, proposal.body, exclude_id=proposal.id, limit=limit * 2)
    return [(candidate, score) for candidate, score in found if candidate.merged_into_id is None][:limit]


def merge_pair(actor, source_id, target_id) -> tuple[Proposal, Proposal]:
    """The (source, target) `actor` may merge, checked as the merge checks it; changes nothing (the
    confirmation step shows them)."""
    source = load_item("proposal", source_id)
    try:
        target = load_item("proposal", target_id)
    except DomainError:
        raise DomainError(_l("Bitte wählen Sie einen bestehenden Zielvorschlag."), field="target") from None
    for item in (source, target):
        if not can_moderate(actor, item.process):
            raise PermissionDenied(_l("Sie moderieren diesen Beteiligungsprozess nicht."))
    source_p, target_p = source.obj, target.obj
    if source_p.id == target_p.id:
        raise DomainError(_l("Ein Vorschlag kann nicht mit sich selbst zusammengeführt werden."), field="target")
    if source_p.process_id != target_p.process_id:
        raise DomainError(_l("Nur Vorschläge desselben Beteiligungsprozesses können zusammengeführt werden."),
                          field="target")
    if source_p.merged_into_id is not None:
        raise Conflict(_l("Dieser Vorschlag wurde bereits zusammengeführt."))
    if target_p.merged_into_id is not None or target_p.hidden_at is not None or target_p.withdrawn_at is not None:
        raise DomainError(_l("Der Zielvorschlag ist zusammengeführt, ausgeblendet oder zurückgezogen."),
                          field="target")
    return source_p, target_p


def merge_proposals(actor, source_id, target_id, *, reason=None) -> Proposal:
    """Merge `source` into `target`: votes move (a person who voted on both keeps the target vote),
    comments and followers move, the source shows "merged into" and redirects. Returns the target.
    """
    source_p, target_p = merge_pair(actor, source_id, target_id)
    reason = clean_text(reason)[:500]
    both = select(Vote.user_id).where(Vote.proposal_id == target_p.id)
    db.session.execute(delete(Vote).where(Vote.proposal_id == source_p.id, Vote.user_id.in_(both)))
    db.session.execute(update(Vote).where(Vote.proposal_id == source_p.id).values(proposal_id=target_p.id))
    db.session.execute(update(Comment).where(Comment.proposal_id == source_p.id).values(proposal_id=target_p.id))
    mails = notify.followers_about_merge(source_p, target_p, actor.id)
    following = select(Follow.user_id).where(Follow.proposal_id == target_p.id)
    db.session.execute(delete(Follow).where(Follow.proposal_id == source_p.id, Follow.user_id.in_(following)))
    db.session.execute(update(Follow).where(Follow.proposal_id == source_p.id).values(proposal_id=target_p.id))
    db.session.execute(update(Proposal).where(Proposal.id == source_p.id).values(
        merged_into_id=target_p.id, status=Status.MERGED.value))
    for proposal_id in (source_p.id, target_p.id):
        recount_votes(proposal_id)
        recount_comments(proposal_id)
    audit.record(actor, "merge", process_id=source_p.process_id, item_kind="proposal", item_id=source_p.id,
                 reason=reason, details=f"merged into proposal {target_p.id} ({target_p.reference})")
    db.session.commit()
    db.session.expire_all()
    notify.send(mails)
    return db.session.get(Proposal, target_p.id)


def resolve_target(source_id, raw) -> int | None:
    """The id of the target named by a reference number (e.g. ENG-2026-0042) or an internal id."""
    text = clean_text(raw, single_line=True)
    if text.isascii() and text.isdigit():
        return parse_id(text)
    source = db.session.get(Proposal, parse_id(source_id) or 0)
    if source is None or not text:
        return None
    return db.session.scalar(select(Proposal.id).where(Proposal.process_id == source.process_id,
                                                       func.upper(Proposal.reference) == text.upper()))

"""Loading the items moderation works on: proposals and comments, addressed as (kind, id) or "kind:id"."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.comments.models import Comment, comment_reference
from app.core.errors import NotFound
from app.core.numbers import parse_id
from app.extensions import db
from app.processes.models import Process
from app.proposals.models import Proposal

KINDS = ("proposal", "comment")


@dataclass
class Item:
    """A proposal or a comment together with its proposal and process."""

    kind: str
    obj: Proposal | Comment
    proposal: Proposal

    @property
    def id(self) -> int:
        return self.obj.id

    @property
    def key(self) -> str:
        """The form value of the item ("comment:12"); not for people: they read `reference`."""
        return f"{self.kind}:{self.obj.id}"

    @property
    def reference(self) -> str:
        """How people cite the item: ENG-2026-0011 for a proposal, ENG-2026-0011/K12 for a comment."""
        if self.kind == "proposal":
            return self.proposal.reference
        return comment_reference(self.proposal.reference, self.obj.id)

    @property
    def process(self) -> Process:
        return self.proposal.process


def parse_key(raw) -> tuple[str, int]:
    """Turn "proposal:12" into ("proposal", 12); anything else is NotFound."""
    kind, _, number = str(raw or "").partition(":")
    number = parse_id(number)
    if kind not in KINDS or number is None:
        raise NotFound(_l("Diesen Beitrag gibt es nicht."))
    return kind, number


def _proposal_options():
    return (joinedload(Proposal.process).selectinload(Process.phases), joinedload(Proposal.author))


def load_items(refs: list[tuple[str, int]]) -> list[Item]:
    """Load every referenced item (two queries at most); NotFound if any one of them does not exist."""
    proposal_ids = {number for kind, number in refs if kind == "proposal"}
    comment_ids = {number for kind, number in refs if kind == "comment"}
    comments = {}
    if comment_ids:
        comments = {c.id: c for c in db.session.scalars(
            select(Comment).where(Comment.id.in_(comment_ids)).options(joinedload(Comment.author)))}
        proposal_ids |= {c.proposal_id for c in comments.values()}
    proposals = {}
    if proposal_ids:
        proposals = {p.id: p for p in db.session.scalars(
            select(Proposal).where(Proposal.id.in_(proposal_ids)).options(*_proposal_options()))}
    items = []
    for kind, number in refs:
        if kind == "proposal" and number in proposals:
            items.append(Item("proposal", proposals[number], proposals[number]))
        elif kind == "comment" and number in comments:
            comment = comments[number]
            items.append(Item("comment", comment, proposals[comment.proposal_id]))
        else:
            raise NotFound(_l("Diesen Beitrag gibt es nicht."))
    return items


def load_item(kind: str, item_id) -> Item:
    """One item, or NotFound."""
    number = parse_id(item_id)
    if kind not in KINDS or number is None:
        raise NotFound(_l("Diesen Beitrag gibt es nicht."))
    return load_items([(kind, number)])[0]


def thread_of(comment: Comment) -> list[Comment]:
    """The whole thread a comment belongs to (top-level comment first), for the preview in context."""
    root_id = comment.root_id or comment.id
    return list(db.session.scalars(
        select(Comment).where((Comment.id == root_id) | (Comment.root_id == root_id))
        .options(selectinload(Comment.author)).order_by(Comment.id)))

"""The audit log as people read it: items by reference number, details in words instead of stored strings.

Entries stay as they were written (the log is append-only); this module only reads them for the page. A
page of entries costs a fixed number of queries: proposals, comments, people, topics and districts named
on the page are loaded once each.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.labels import USER_ROLE_LABELS
from app.auth.models import User
from app.comments.models import Comment, comment_reference
from app.extensions import db
from app.moderation.labels import MODERATED_ITEM_LABELS
from app.processes.models import District, Topic
from app.proposals.labels import PROPOSAL_STATUS_LABELS
from app.proposals.models import Proposal

_BLOCK = re.compile(r"^until=(?P<until>\d{4}-\d{2}-\d{2}|-); hidden_items=(?P<hidden>\d+)$")
_ANSWER = re.compile(r"^status=(?P<status>\w+)$")
_MERGE = re.compile(r"^merged into proposal (?P<id>\d+) \((?P<reference>[^)]*)\)$")
_CURATE = re.compile(r"^topic (?P<old_topic>\d+) -> (?P<new_topic>\d+); "
                     r"district (?P<old_district>\d+|-) -> (?P<new_district>\d+|-)$")
_ROLE = re.compile(r"^(?P<old>\w+) -> (?P<new>\w+)$")


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    item: str | None        # "Vorschlag ENG-2026-0011", "Kommentar ENG-2026-0011/K12", "Person: Ole K."
    item_url: str | None
    details: str


def audit_rows(entries: list[AuditEntry]) -> list[AuditRow]:
    """The entries of one page, ready to show."""
    names = _Names(entries)
    return [AuditRow(entry, *names.item(entry), details=names.details(entry)) for entry in entries]


def _ids(entries, kind: str) -> set[int]:
    return {entry.item_id for entry in entries if entry.item_kind == kind and entry.item_id is not None}


class _Names:
    def __init__(self, entries: list[AuditEntry]):
        proposal_ids = _ids(entries, "proposal")
        comment_ids = _ids(entries, "comment")
        self.proposals = dict(db.session.execute(
            select(Proposal.id, Proposal.reference).where(Proposal.id.in_(proposal_ids))).all()) if proposal_ids else {}
        self.comments = {comment_id: comment_reference(reference, comment_id) for comment_id, reference in
                         db.session.execute(select(Comment.id, Proposal.reference)
                                            .join(Proposal, Proposal.id == Comment.proposal_id)
                                            .where(Comment.id.in_(comment_ids)))} if comment_ids else {}
        user_ids = _ids(entries, "user")
        self.users = dict(db.session.execute(
            select(User.id, User.display_name).where(User.id.in_(user_ids))).all()) if user_ids else {}
        curated = [match for entry in entries if entry.action == "curate"
                   and (match := _CURATE.match(entry.details or ""))]
        topic_ids = {int(match[key]) for match in curated for key in ("old_topic", "new_topic")}
        district_ids = {int(match[key]) for match in curated for key in ("old_district", "new_district")
                        if match[key] != "-"}
        self.topics = dict(db.session.execute(
            select(Topic.id, Topic.title).where(Topic.id.in_(topic_ids))).all()) if topic_ids else {}
        self.districts = dict(db.session.execute(
            select(District.id, District.name).where(District.id.in_(district_ids))).all()) if district_ids else {}

    def item(self, entry: AuditEntry) -> tuple[str | None, str | None]:
        kind, item_id = entry.item_kind, entry.item_id
        if item_id is None:
            return None, None
        if kind == "proposal":
            reference = self.proposals.get(item_id)
            url = url_for("moderation.proposal", proposal_id=item_id) if reference else None
            return f"{MODERATED_ITEM_LABELS['proposal']} {reference or f'#{item_id}'}", url
        if kind == "comment":
            reference = self.comments.get(item_id)
            url = url_for("moderation.comment", comment_id=item_id) if reference else None
            return f"{MODERATED_ITEM_LABELS['comment']} {reference or f'#{item_id}'}", url
        if kind == "user":
            return _("Person: %(name)s", name=self.users.get(item_id, f"#{item_id}")), None
        return None, None

    def details(self, entry: AuditEntry) -> str:
        text = entry.details or ""
        describe = {"block": self._block, "answer": self._answer, "merge": self._merge, "curate": self._curate,
                    "role": self._role}.get(entry.action)
        match = describe and describe(text)
        return match or text

    @staticmethod
    def _block(text: str) -> str | None:
        match = _BLOCK.match(text)
        if not match:
            return None
        until = (_("unbefristet") if match["until"] == "-"
                 else _("bis %(date)s", date=format_date(date.fromisoformat(match["until"]), "medium")))
        hidden = int(match["hidden"])
        if not hidden:
            return until
        return f"{until} · " + ngettext("%(num)d Beitrag ausgeblendet", "%(num)d Beiträge ausgeblendet", hidden)

    @staticmethod
    def _answer(text: str) -> str | None:
        match = _ANSWER.match(text)
        if not match:
            return None
        return _("Status: %(status)s", status=PROPOSAL_STATUS_LABELS.get(match["status"], match["status"]))

    @staticmethod
    def _merge(text: str) -> str | None:
        match = _MERGE.match(text)
        return _("Ziel: %(reference)s", reference=match["reference"]) if match else None

    def _curate(self, text: str) -> str | None:
        match = _CURATE.match(text)
        if not match:
            return None
        parts = []
        if match["old_topic"] != match["new_topic"]:
            parts.append(_("Thema: %(old)s → %(new)s", old=self._topic(match["old_topic"]),
                           new=self._topic(match["new_topic"])))
        if match["old_district"] != match["new_district"]:
            parts.append(_("Stadtteil: %(old)s → %(new)s", old=self._district(match["old_district"]),
                           new=self._district(match["new_district"])))
        return "; ".join(parts)

    def _topic(self, raw: str) -> str:
        return self.topics.get(int(raw), f"#{raw}")

    def _district(self, raw: str) -> str:
        return "–" if raw == "-" else self.districts.get(int(raw), f"#{raw}")

    @staticmethod
    def _role(text: str) -> str | None:
        match = _ROLE.match(text)
        if not match:
            return None
        return _("Rolle: %(old)s → %(new)s", old=USER_ROLE_LABELS.get(match["old"], match["old"]),
                 new=USER_ROLE_LABELS.get(match["new"], match["new"]))

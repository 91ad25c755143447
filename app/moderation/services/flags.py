"""Moderation use cases on items: flag, hide, restore, dismiss (single and bulk), lock threads, curate.

Each function checks permissions, validates every input before changing anything, writes the
audit entry and commits once. Mails go out after the commit.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.audit import services as audit
from app.auth.permissions import can_participate
from app.comments.models import Comment
from app.core.clock import now
from app.core.errors import Conflict, DomainError, PermissionDenied
from app.core.text import clean_text
from app.extensions import db
from app.moderation import notify
from app.moderation.items import Item, load_item, load_items, parse_key
from app.moderation.models import REASON_VALUES, Flag
from app.moderation.permissions import can_moderate, can_report, item_visible

DETAILS_MAX = 1000
REASON_MAX = 500
BULK_MAX = 200
ACTIONS = ("hide", "restore", "dismiss")


def _flag_filter(item: Item):
    column = Flag.proposal_id if item.kind == "proposal" else Flag.comment_id
    return column == item.id


def open_flag_count(item: Item) -> int:
    """Reports on `item` that no moderator has dealt with yet."""
    return db.session.scalar(select(func.count()).select_from(Flag)
                             .where(_flag_filter(item), Flag.resolved_at.is_(None)))


def open_flags(item: Item) -> list[Flag]:
    """The open reports on `item`, oldest first (moderators see who reported)."""
    return list(db.session.scalars(select(Flag).where(_flag_filter(item), Flag.resolved_at.is_(None))
                                   .order_by(Flag.created_at)))


def flag_item(reporter, kind: str, item_id, *, reason, details=None) -> Flag:
    """`reporter` reports a proposal or comment; after N distinct reports the item is hidden pending review."""
    item = load_item(kind, item_id)
    if not can_participate(reporter):
        raise PermissionDenied(_l("Zum Melden melden Sie sich bitte an und bestätigen Ihre E-Mail-Adresse."))
    if not item.process.published or not item_visible(item.obj) or not item_visible(item.proposal):
        raise Conflict(_l("Dieser Beitrag ist nicht mehr sichtbar und kann nicht gemeldet werden."))
    if not can_report(reporter, item.obj):
        raise PermissionDenied(_l("Eigene Beiträge können Sie nicht melden."))
    if reason not in REASON_VALUES:
        raise DomainError(_l("Bitte wählen Sie einen Grund aus der Liste."), field="reason")
    details = clean_text(details)
    if len(details) > DETAILS_MAX:
        raise DomainError(_l("Höchstens %(max)d Zeichen.", max=DETAILS_MAX), field="details")
    if db.session.scalar(select(Flag.id).where(_flag_filter(item), Flag.reporter_id == reporter.id)):
        raise Conflict(_l("Sie haben diesen Beitrag bereits gemeldet."))
    first_open = open_flag_count(item) == 0
    flag = Flag(reporter_id=reporter.id, process_id=item.process.id, reason=reason, details=details or None,
                created_at=now(), **{f"{item.kind}_id": item.id})
    db.session.add(flag)
    mails = []
    try:
        db.session.flush()
    except IntegrityError:  # a double submit
        db.session.rollback()
        raise Conflict(_l("Sie haben diesen Beitrag bereits gemeldet.")) from None
    if first_open:
        notify.moderators_about_flag(item)
    if open_flag_count(item) >= current_app.config["MODERATION_AUTO_HIDE_REPORTS"]:
        hidden_reason = str(_l("Mehrere Personen haben diesen Beitrag gemeldet; er wird von der Moderation geprüft."))
        _hide(item, hidden_reason)
        audit.record(None, "auto_hide", process_id=item.process.id, item_kind=item.kind, item_id=item.id,
                     reason=hidden_reason)
        mails = notify.author_about_hiding(item, hidden_reason)
    db.session.commit()
    notify.send(mails)
    return flag


def _hide(item: Item, reason: str) -> None:
    item.obj.hidden_at = now()
    item.obj.hidden_reason = reason


def _resolve_flags(items: list[Item], resolution: str) -> None:
    for kind in ("proposal", "comment"):
        ids = [item.id for item in items if item.kind == kind]
        if ids:
            column = Flag.proposal_id if kind == "proposal" else Flag.comment_id
            db.session.execute(update(Flag).where(column.in_(ids), Flag.resolved_at.is_(None))
                               .values(resolved_at=now(), resolution=resolution))


def _check_moderator(actor, items: list[Item]) -> None:
    for item in items:
        if not can_moderate(actor, item.process):
            raise PermissionDenied(_l("Sie moderieren diesen Beteiligungsprozess nicht."))


def _open_counts(items: list[Item]) -> dict[str, int]:
    counts = {}
    for kind in ("proposal", "comment"):
        ids = [item.id for item in items if item.kind == kind]
        if not ids:
            continue
        column = Flag.proposal_id if kind == "proposal" else Flag.comment_id
        rows = db.session.execute(select(column, func.count()).where(column.in_(ids), Flag.resolved_at.is_(None))
                                  .group_by(column))
        counts.update({f"{kind}:{item_id}": count for item_id, count in rows})
    return counts


def _check_state(action: str, items: list[Item], reason: str) -> None:
    """Refuse the whole action if it does not fit any one item (nothing is changed then)."""
    if action == "hide" and not reason:
        raise DomainError(_l("Bitte geben Sie einen Grund an; die Verfasserin oder der Verfasser sieht ihn."),
                          field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(_l("Höchstens %(max)d Zeichen.", max=REASON_MAX), field="reason")
    counts = _open_counts(items) if action in ("hide", "dismiss") else {}
    for item in items:
        hidden = item.obj.hidden_at is not None
        if action == "hide" and hidden and not counts.get(item.key):
            raise Conflict(_l("Der Beitrag %(item)s ist bereits ausgeblendet.", item=item.reference))
        if action == "restore" and not hidden:
            raise Conflict(_l("Der Beitrag %(item)s ist nicht ausgeblendet.", item=item.reference))
        if action == "dismiss" and (hidden or not counts.get(item.key)):
            raise Conflict(_l("Zum Beitrag %(item)s gibt es keine offenen Meldungen zum Verwerfen "
                              "(ausgeblendete Beiträge bitte wiederherstellen).", item=item.reference))


def moderate(actor, action: str, keys: list, *, reason=None) -> list[Item]:
    """Hide, restore or dismiss the reports of one or many items ("proposal:12", "comment:5").

    Hiding an item that is already hidden with open reports (hidden automatically after N reports)
    confirms the hide: the moderator's reason replaces the provisional one, the reports are closed,
    the author learns the reason, and the log says `confirm_hide`.
    All ids are checked first (existence, permission, state); any problem changes nothing.
    """
    if action not in ACTIONS:
        raise DomainError(_l("Bitte wählen Sie eine Aktion."), field="action")
    keys = list(dict.fromkeys(keys))
    if not keys:
        raise DomainError(_l("Bitte wählen Sie mindestens einen Beitrag aus."), field="item_ids")
    if len(keys) > BULK_MAX:
        raise DomainError(_l("Höchstens %(max)d Beiträge auf einmal.", max=BULK_MAX), field="item_ids")
    items = load_items([parse_key(key) for key in keys])
    _check_moderator(actor, items)
    reason = clean_text(reason)
    _check_state(action, items, reason)
    mails = []
    for item in items:
        logged = action
        if action == "hide":
            if item.obj.hidden_at is not None:  # hidden automatically, reports still open: confirm
                item.obj.hidden_reason = reason
                logged = "confirm_hide"
            else:
                _hide(item, reason)
            mails += notify.author_about_hiding(item, reason)
        elif action == "restore":
            item.obj.hidden_at = None
            item.obj.hidden_reason = None
        audit.record(actor, logged, process_id=item.process.id, item_kind=item.kind, item_id=item.id,
                     reason=reason)
    _resolve_flags(items, {"hide": "hidden", "restore": "restored", "dismiss": "dismissed"}[action])
    db.session.commit()
    notify.send(mails)
    return items


def set_thread_lock(actor, comment_id, *, locked: bool, reason=None) -> Comment:
    """Lock (no new replies) or unlock the thread a comment belongs to."""
    item = load_item("comment", comment_id)
    _check_moderator(actor, [item])
    root = item.obj if item.obj.root_id is None else db.session.get(Comment, item.obj.root_id)
    if (root.locked_at is not None) == locked:
        raise Conflict(_l("Der Thread ist bereits gesperrt.") if locked else _l("Der Thread ist nicht gesperrt."))
    reason = clean_text(reason)
    if len(reason) > REASON_MAX:
        raise DomainError(_l("Höchstens %(max)d Zeichen.", max=REASON_MAX), field="reason")
    root.locked_at = now() if locked else None
    audit.record(actor, "lock" if locked else "unlock", process_id=item.process.id, item_kind="comment",
                 item_id=root.id, reason=reason)
    db.session.commit()
    return root


def curate_proposal(actor, proposal_id, *, topic_id, district_id=None, reason=None):
    """Moderators correct a proposal's topic or district (logged with before and after)."""
    item = load_item("proposal", proposal_id)
    _check_moderator(actor, [item])
    proposal, process = item.obj, item.process
    topic = next((t for t in process.topics if str(t.id) == str(topic_id)), None)
    if topic is None:
        raise DomainError(_l("Bitte wählen Sie eines der Themen aus."), field="topic")
    district = None
    if district_id not in (None, "", "0", 0):
        district = next((d for d in process.districts if str(d.id) == str(district_id)), None)
        if district is None:
            raise DomainError(_l("Bitte wählen Sie einen Stadtteil aus der Liste."), field="district")
    new_district_id = district.id if district else None
    if proposal.topic_id == topic.id and proposal.district_id == new_district_id:
        raise Conflict(_l("Thema und Stadtteil sind unverändert."))
    details = (f"topic {proposal.topic_id} -> {topic.id}; "
               f"district {proposal.district_id or '-'} -> {new_district_id or '-'}")
    proposal.topic_id, proposal.district_id = topic.id, new_district_id
    audit.record(actor, "curate", process_id=process.id, item_kind="proposal", item_id=proposal.id,
                 reason=clean_text(reason)[:REASON_MAX], details=details)
    db.session.commit()
    return proposal


def get_item_for(actor, kind: str, item_id) -> Item:
    """An item a moderator may act on (NotFound / PermissionDenied otherwise)."""
    item = load_item(kind, item_id)
    _check_moderator(actor, [item])
    return item



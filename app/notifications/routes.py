"""Notifications page, marking them read, and following proposals."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.auth.permissions import can_participate, require
from app.core.pagination import page_number
from app.core.urls import safe_next_url
from app.notifications import services
from app.proposals.labels import PROPOSAL_STATUS_LABELS
from app.proposals.services import get_proposal

bp = Blueprint("notifications", __name__)


@bp.get("/notifications/")
@login_required
def index():
    """The user's notifications, newest first."""
    pagination = services.list_notifications(current_user, page_number(request.args.get("page")))
    return render_template("notifications/index.html", pagination=pagination, status_labels=PROPOSAL_STATUS_LABELS)


def _target_url(notification) -> str:
    """Where a notification leads: the proposal (at the comment or answer), or the moderation item."""
    proposal_id, comment_id = notification.proposal_id, notification.comment_id
    if notification.kind == "report":
        if comment_id:
            return url_for("moderation.comment", comment_id=comment_id)
        return url_for("moderation.proposal", proposal_id=proposal_id)
    anchor = None
    if comment_id and notification.kind in ("reply", "hidden"):
        anchor = f"comment-{comment_id}"
    elif notification.kind == "answer":
        anchor = "answer-heading"
    return url_for("discussion.proposal", proposal_id=proposal_id, _anchor=anchor)


@bp.get("/notifications/<id:notification_id>")
@login_required
def open_notification(notification_id: int):
    """Open a notification: it is marked read, then the browser goes on to what it is about (a plain link,
    so it works without JavaScript)."""
    return redirect(_target_url(services.open_notification(current_user, notification_id)))


@bp.post("/notifications/read")
@login_required
def read_all():
    """Mark all notifications as read."""
    count = services.mark_all_read(current_user)
    if count:
        flash(_l("Alle Benachrichtigungen sind als gelesen markiert."), "success")
    return redirect(url_for("notifications.index"))


@bp.post("/proposals/<id:proposal_id>/follow")
@require(can_participate)
def follow(proposal_id: int):
    """Follow (`follow=1`) or stop following (`follow=0`) a proposal."""
    proposal = get_proposal(proposal_id, current_user)
    following = services.set_following(current_user, proposal, request.form.get("follow") != "0")
    flash(_l("Sie folgen diesem Vorschlag jetzt.") if following else _l("Sie folgen diesem Vorschlag nicht mehr."),
          "success")
    fallback = url_for("discussion.proposal", proposal_id=proposal.id, _anchor="follow")
    return redirect(safe_next_url(request.form.get("next"), fallback))

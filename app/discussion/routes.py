"""The proposal page and what citizens do in its discussion: comment, reply, edit, delete, rate comments."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth.permissions import can_participate, is_moderator, require
from app.comments import permissions, services
from app.comments.queries import page_of
from app.core.clock import today
from app.core.errors import DomainError, PermissionDenied
from app.core.numbers import parse_id
from app.core.ratelimit import post_limit
from app.core.urls import safe_next_url
from app.discussion.forms import CommentEditForm, StaffCommentEditForm, comment_form
from app.discussion.pages import cached_detail, render_detail
from app.proposals.services import get_proposal

bp = Blueprint("discussion", __name__)


@bp.get("/proposals/<id:proposal_id>")
def proposal(proposal_id: int):
    """A proposal with its votes and a page of its discussion; merged proposals redirect to their target."""
    def load():
        proposal = get_proposal(proposal_id, current_user)
        if proposal.merged_into_id is not None and not is_moderator(current_user):
            abort(redirect(url_for("discussion.proposal", proposal_id=proposal.merged_into_id,
                                   merged_from=proposal.id)))
        return proposal

    return cached_detail(load)


def _comment_url(comment) -> str:
    """The detail page (on the right page of the discussion) scrolled to `comment`."""
    order = "newest" if request.values.get("order") == "newest" else "oldest"
    page = page_of(comment, order)
    return url_for("discussion.proposal", proposal_id=comment.proposal_id, page=page if page > 1 else None,
                   order=order if order == "newest" else None, _anchor=f"comment-{comment.id}")


def _field_error(form, error: DomainError) -> None:
    field = getattr(form, error.field)
    field.errors = [*field.errors, error.message]


def _parent_id(raw) -> int | None:
    return parse_id(raw) if raw not in (None, "") else None


@bp.post("/proposals/<id:proposal_id>/comments")
@require(can_participate)
@post_limit("RATELIMIT_COMMENT")
def create(proposal_id: int):
    """Post a comment, or a reply when `parent_id` is given; errors show the page again."""
    proposal = get_proposal(proposal_id, current_user)
    if not permissions.can_comment(current_user, proposal, today()):
        raise PermissionDenied(services.comment_refusal(current_user, proposal))
    raw_parent = request.form.get("parent_id")
    parent_id = _parent_id(raw_parent)
    if raw_parent not in (None, "") and parent_id is None:
        raise DomainError(_l("Der Kommentar, auf den Sie antworten wollen, existiert nicht."))
    form = comment_form(parent_id, staff=is_moderator(current_user))
    if form.validate():
        try:
            comment = services.add_comment(current_user, proposal, body=form.body.data,
                                           alignment=form.alignment.data, parent_id=parent_id, day=today())
        except DomainError as error:
            if isinstance(error, PermissionDenied) or not hasattr(form, error.field or ""):
                raise
            _field_error(form, error)
        else:
            flash(_l("Danke! Ihr Kommentar ist veröffentlicht."), "success")
            return redirect(_comment_url(comment))
    return render_detail(proposal, 400, comment_form_override=form, reply_to=parent_id)


@bp.route("/comments/<id:comment_id>/edit", methods=["GET", "POST"])
@require(can_participate)
@post_limit("RATELIMIT_COMMENT")
def edit(comment_id: int):
    """The author edits a comment (marked as edited)."""
    comment = services.get_comment(comment_id)
    proposal = get_proposal(comment.proposal_id, current_user)
    if not permissions.can_edit_comment(current_user, comment, proposal, today()):
        if not permissions.is_comment_author(current_user, comment):
            raise PermissionDenied(_l("Sie können nur Ihre eigenen Kommentare bearbeiten."))
        raise PermissionDenied(_l("Dieser Kommentar kann nicht mehr bearbeitet werden."))
    form = (StaffCommentEditForm if is_moderator(current_user) else CommentEditForm)(obj=comment)
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate():
            try:
                services.edit_comment(current_user, comment, proposal, body=form.body.data,
                                      alignment=form.alignment.data, day=today())
            except DomainError as error:
                if not hasattr(form, error.field or ""):
                    raise
                _field_error(form, error)
            else:
                flash(_l("Ihr Kommentar wurde geändert."), "success")
                return redirect(_comment_url(comment))
    return render_template("comments/edit.html", form=form, comment=comment, proposal=proposal), status


@bp.post("/comments/<id:comment_id>/delete")
@require(can_participate)
def delete(comment_id: int):
    """The author deletes a comment; a placeholder keeps the thread."""
    comment = services.get_comment(comment_id)
    get_proposal(comment.proposal_id, current_user)
    services.delete_comment(current_user, comment)
    flash(_l("Ihr Kommentar wurde gelöscht."), "success")
    return redirect(_comment_url(comment))


@bp.post("/comments/<id:comment_id>/vote")
@require(can_participate)
@post_limit("RATELIMIT_VOTE")
def vote(comment_id: int):
    """Up/down vote on a comment, or withdraw it (`value`)."""
    comment = services.get_comment(comment_id)
    proposal = get_proposal(comment.proposal_id, current_user)
    services.vote_comment(current_user, comment, proposal, request.form.get("value"), today())
    flash(_l("Ihre Bewertung wurde gespeichert."), "success")
    return redirect(safe_next_url(request.form.get("next"), _comment_url(comment)))

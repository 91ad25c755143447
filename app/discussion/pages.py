"""The proposal page: a proposal with its votes, follow state, merge history and a page of its discussion.

It composes proposals, comments, notifications (following) and moderation (merges), so it lives above all
of them; the comment views show it again with their form errors.
"""
from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from app.auth.permissions import is_moderator
from app.comments import permissions as comment_permissions
from app.comments.labels import COMMENT_ALIGNMENT_LABELS, thread_labels
from app.comments.queries import ORDERS, comment_page
from app.comments.services import BODY_MAX
from app.core.clock import today
from app.core.pagecache import anonymous_key, cached_page
from app.core.pagination import page_number
from app.discussion.forms import comment_form
from app.notifications.services import is_following
from app.processes.labels import PHASE_LABELS
from app.processes.permissions import process_state
from app.proposals import permissions
from app.proposals.labels import PROPOSAL_STATUS_LABELS, PROPOSAL_VOTE_LABELS
from app.proposals.models import VOTE_NAMES
from app.proposals.services import proposals_merged_into, vote_refusal, votes_of


def detail_context(proposal, *, comment_form_override=None, reply_to: int | None = None) -> dict:
    """Everything the detail template needs, in a constant number of queries."""
    user, day = current_user, today()
    # request.values: the query string of a GET, or the hidden fields of a comment form shown again with errors.
    order = request.values.get("order") if request.values.get("order") in ORDERS else "oldest"
    page = page_number(request.values.get("page"))
    comments = comment_page(proposal.id, user, page=page, order=order)
    can_comment = comment_permissions.can_comment(user, proposal, day)
    # Reply forms are plain markup in the template; only a reply form with errors is a WTForms form.
    reply_error_form = comment_form_override if reply_to is not None else None
    my_vote = votes_of(user, [proposal.id]).get(proposal.id)
    merged_from = proposals_merged_into(proposal)  # the record of proposals merged into this one
    return {
        "proposal": proposal,
        "process": proposal.process,
        "state": process_state(proposal.process, day),
        "phase_labels": PHASE_LABELS,
        "status_labels": PROPOSAL_STATUS_LABELS,
        "vote_labels": PROPOSAL_VOTE_LABELS,
        "alignment_labels": {value: str(label) for value, label in COMMENT_ALIGNMENT_LABELS.items()},
        "my_vote": VOTE_NAMES.get(my_vote) if my_vote is not None else None,
        "can_vote": permissions.can_vote(user, proposal, day),
        "vote_refusal": vote_refusal(user, proposal, day),
        "can_edit": permissions.can_edit(user, proposal, day),
        "can_withdraw": permissions.can_withdraw(user, proposal, day),
        "following": is_following(user, proposal.id),
        "comments": comments,
        "comment_order": order,
        "can_comment": can_comment,
        "discussion_open": comment_permissions.discussion_open(proposal, day),
        "comment_form": (comment_form_override if reply_to is None and comment_form_override is not None
                         else comment_form(None, formdata=None, staff=is_moderator(user))),
        "staff": is_moderator(user),
        "reply_error_form": reply_error_form,
        "reply_to": reply_to,
        "labels": thread_labels(),
        "body_max": BODY_MAX,
        "comment_permissions": comment_permissions,
        "day": day,
        "merged_from": merged_from,
        "redirected_from": next((other for other in merged_from
                                 if str(other.id) == request.args.get("merged_from")), None),
    }


def render_detail(proposal, status: int = 200, **kwargs):
    """Render the detail page for `proposal` (also used to show form errors after a POST)."""
    return render_template("proposals/detail.html", **detail_context(proposal, **kwargs)), status


def cached_detail(load_proposal):
    """The detail page for a GET; anonymous readers get it from the page cache.

    `load_proposal()` is only called when the page is rendered, so a cache hit costs no query.
    """
    def render(**extra) -> str:
        return render_template("proposals/detail.html", **detail_context(load_proposal()), **extra)

    return cached_page(anonymous_key("proposal"), render)

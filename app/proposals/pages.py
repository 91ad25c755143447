"""Assembling the proposal list page."""
from __future__ import annotations

import secrets

from flask import render_template, request, session
from flask_login import current_user

from app.auth.permissions import is_admin
from app.core.clock import today
from app.core.pagecache import anonymous_key, cached_page
from app.processes.labels import PHASE_LABELS
from app.processes.permissions import process_state
from app.processes.services import get_process
from app.proposals import permissions
from app.proposals.labels import PROPOSAL_SORT_LABELS, PROPOSAL_STATUS_LABELS
from app.proposals.models import VOTE_NAMES
from app.proposals.queries import list_proposals, parse_filters
from app.proposals.services import votes_of

SEED_KEY = "proposal_seed"


def visitor_seed() -> int:
    """The visitor's seed for the random order, kept in the session so the order stays stable."""
    if SEED_KEY not in session:
        session[SEED_KEY] = secrets.randbelow(10**9)
    return int(session[SEED_KEY])


def list_context(slug: str) -> dict:
    """Everything the list template needs, in a constant number of queries."""
    user, day = current_user, today()
    process = get_process(slug, include_unpublished=is_admin(user))
    filters = parse_filters(request.args, process)
    pagination = list_proposals(process, filters, seed=visitor_seed() if filters.sort == "random" else 0)
    my_votes = votes_of(user, [proposal.id for proposal in pagination.items])
    return {
        "process": process, "filters": filters, "pagination": pagination,
        "my_votes": {proposal_id: VOTE_NAMES[value] for proposal_id, value in my_votes.items()},
        "state": process_state(process, day), "phase_labels": PHASE_LABELS, "status_labels": PROPOSAL_STATUS_LABELS,
        "sort_labels": PROPOSAL_SORT_LABELS, "can_submit": permissions.can_submit(user, process, day),
    }


def cached_list(slug: str):
    """The list page; anonymous readers get it from the page cache (never the per-visitor random order)."""
    key = anonymous_key("proposals") if request.args.get("sort") != "random" else None

    def render(**extra) -> str:
        return render_template("proposals/list.html", **list_context(slug), **extra)

    return cached_page(key, render)

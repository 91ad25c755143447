"""Proposal pages: list, submit, edit, withdraw, vote; similar-proposal suggestions (the page of one proposal is
`app.discussion`)."""
from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.audit.services import log_export
from app.auth.permissions import admin_required, can_participate, is_admin, require
from app.core.clock import today
from app.core.errors import DomainError, PermissionDenied
from app.core.forms import show_domain_error
from app.core.numbers import parse_id
from app.core.ratelimit import post_limit
from app.core.urls import safe_next_url
from app.processes.services import get_process
from app.proposals import permissions, services
from app.proposals.export import votes_csv
from app.proposals.forms import ProposalForm
from app.proposals.pages import cached_list
from app.proposals.queries import similar_proposals

bp = Blueprint("proposals", __name__)


@bp.get("/processes/<slug>/proposals/")
def index(slug: str):
    """The filtered, searchable, sorted list of proposals of a process."""
    return cached_list(slug)


@bp.route("/processes/<slug>/proposals/new", methods=["GET", "POST"])
@require(can_participate)
@post_limit("RATELIMIT_PROPOSAL")
def new(slug: str):
    """Submit a proposal (the "check" button shows similar proposals without saving)."""
    process = get_process(slug, include_unpublished=is_admin(current_user))
    if not permissions.can_submit(current_user, process, today()):
        raise PermissionDenied(_l("Vorschläge können nur während der Beteiligungsphase eingereicht werden."))
    form = ProposalForm()
    form.set_choices(process)
    similar = []
    status = 200
    if request.method == "POST":
        status = 400
        if request.form.get("action") == "check":
            # The same suggestions as the live ones while typing the title (the body only when there is no title).
            similar = similar_proposals(process, (form.title.data or "").strip()[:300] or (form.body.data or "")[:300])
            status = 200
        elif form.validate():
            try:
                proposal = services.submit_proposal(current_user, process, title=form.title.data, body=form.body.data,
                                                    topic_id=form.topic.data, district_id=form.district.data,
                                                    day=today())
            except DomainError as error:
                show_domain_error(form, error)
            else:
                flash(_l("Danke! Ihr Vorschlag ist eingereicht: %(reference)s.", reference=proposal.reference),
                      "success")
                return redirect(url_for("discussion.proposal", proposal_id=proposal.id))
    return render_template("proposals/new.html", form=form, process=process, similar=similar), status


@bp.get("/processes/<slug>/proposals/similar")
@require(can_participate)
def similar(slug: str):
    """Similar proposals for a title being written (HTML fragment for the form's live suggestions)."""
    process = get_process(slug, include_unpublished=is_admin(current_user))
    title = (request.args.get("title") or "")[:300]
    exclude = parse_id(request.args.get("exclude"))
    items = similar_proposals(process, title, exclude_id=exclude)
    return render_template("proposals/_similar.html", similar=items, live=True)


@bp.route("/proposals/<id:proposal_id>/edit", methods=["GET", "POST"])
@require(can_participate)
@post_limit("RATELIMIT_PROPOSAL_EDIT")
def edit(proposal_id: int):
    """The author changes the proposal while nobody else has voted or commented."""
    proposal = services.get_proposal(proposal_id, current_user)
    if not permissions.can_edit(current_user, proposal, today()):
        raise PermissionDenied(services.edit_refusal(current_user, proposal))
    form = ProposalForm(obj=proposal)
    form.set_choices(proposal.process)
    if request.method == "GET":
        form.topic.data, form.district.data = proposal.topic_id, proposal.district_id or 0
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate():
            try:
                services.edit_proposal(current_user, proposal, title=form.title.data, body=form.body.data,
                                       topic_id=form.topic.data, district_id=form.district.data, day=today())
            except DomainError as error:
                show_domain_error(form, error)
            else:
                flash(_l("Ihre Änderungen sind gespeichert."), "success")
                return redirect(url_for("discussion.proposal", proposal_id=proposal.id))
    return render_template("proposals/edit.html", form=form, proposal=proposal, process=proposal.process), status


@bp.post("/proposals/<id:proposal_id>/withdraw")
@require(can_participate)
def withdraw(proposal_id: int):
    """The author withdraws the proposal."""
    proposal = services.get_proposal(proposal_id, current_user)
    services.withdraw_proposal(current_user, proposal, today())
    flash(_l("Ihr Vorschlag wurde zurückgezogen."), "success")
    return redirect(url_for("discussion.proposal", proposal_id=proposal.id))


@bp.post("/proposals/<id:proposal_id>/vote")
@require(can_participate)
@post_limit("RATELIMIT_VOTE")
def vote(proposal_id: int):
    """Agree, disagree, pass or withdraw the vote (`value`)."""
    proposal = services.get_proposal(proposal_id, current_user)
    stored = services.cast_vote(current_user, proposal, request.form.get("value"), today())
    flash(_l("Ihre Stimme wurde zurückgenommen.") if stored is None else _l("Ihre Stimme wurde gespeichert."),
          "success")
    fallback = url_for("discussion.proposal", proposal_id=proposal.id, _anchor="vote")
    return redirect(safe_next_url(request.form.get("next"), fallback))


@bp.get("/admin/processes/<slug>/votes.csv")
@admin_required
def export_votes(slug: str):
    """Download the process's votes as a Pol.is votes.csv (administration)."""
    process = get_process(slug, include_unpublished=True, with_children=False)
    log_export(current_user, "export_votes", process_id=process.id, details="votes.csv")
    response = Response(stream_with_context(votes_csv(process)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{process.slug}-votes.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response

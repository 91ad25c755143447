"""Moderation views: reporting, the queue, item pages with actions, merging, official answers."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from app.audit import services as audit
from app.audit.labels import AUDIT_ACTION_LABELS
from app.auth.permissions import admin_required, can_participate, is_moderator, require
from app.core.errors import DomainError
from app.core.forms import show_domain_error
from app.core.pagination import page_number
from app.core.ratelimit import post_limit
from app.moderation import permissions, services
from app.moderation.auditlog import audit_rows
from app.moderation.forms import ActionForm, AnswerForm, BlockForm, CurateForm, FlagForm, MergeForm, UnblockForm
from app.moderation.items import load_item, thread_of
from app.moderation.labels import FLAG_REASON_LABELS, MODERATED_ITEM_LABELS, MODERATION_ACTION_LABELS
from app.moderation.queue import QueueFilters, hidden_items, open_queue, visible_processes
from app.processes.services import get_process
from app.proposals.labels import PROPOSAL_STATUS_LABELS
from app.proposals.models import STATUS_VALUES
from app.proposals.services import proposals_merged_into

bp = Blueprint("moderation", __name__)
moderator_only = require(is_moderator)


def _page() -> int:
    return page_number(request.args.get("page"))


def _labels() -> dict:
    return {"reason_labels": FLAG_REASON_LABELS, "action_labels": MODERATION_ACTION_LABELS,
            "kind_labels": MODERATED_ITEM_LABELS, "status_labels": PROPOSAL_STATUS_LABELS,
            "audit_labels": AUDIT_ACTION_LABELS}


@bp.get("/")
@moderator_only
def queue():
    """Open reports grouped by item (or hidden items with ?state=hidden), with single and bulk actions."""
    filters = QueueFilters.from_args(request.args)
    entries, pagination, hidden = [], None, []
    if filters.state == "hidden":
        hidden = hidden_items(current_user, filters)
    else:
        entries, pagination = open_queue(current_user, filters, _page())
    return render_template("moderation/queue.html", entries=entries, pagination=pagination, hidden=hidden,
                           filters=filters, processes=visible_processes(current_user), form=ActionForm(),
                           **_labels())


@bp.post("/bulk")
@moderator_only
def bulk():
    """Hide, restore or dismiss many items at once; any invalid id changes nothing."""
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        items = services.moderate(current_user, request.form.get("action", ""), request.form.getlist("item_ids"),
                                  reason=form.reason.data)
    except DomainError as error:
        if error.status_code in (403, 404):
            raise  # forged or foreign ids: an error page, nothing changed
        flash(error.message, "error")
        return redirect(url_for("moderation.queue"), 303)
    flash(ngettext("Aktion für %(num)d Beitrag ausgeführt.", "Aktion für %(num)d Beiträge ausgeführt.", len(items)),
          "success")
    return redirect(request.referrer if _same_queue(request.referrer) else url_for("moderation.queue"))


def _same_queue(url) -> bool:
    root = url_for("moderation.queue", _external=True)
    return bool(url) and url.startswith(root) and "//" not in url[len(root):]


def _report(kind: str, item_id: int):
    item = load_item(kind, item_id)
    if not item.process.published or (item.obj.hidden_at and not is_moderator(current_user)):
        abort(404)
    form = FlagForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.flag_item(current_user, kind, item_id, reason=form.reason.data, details=form.details.data)
        except DomainError as error:
            show_domain_error(form, error)
            status = error.status_code
        else:
            flash(_l("Danke für Ihre Meldung. Die Moderation sieht sie sich an."), "success")
            anchor = f"comment-{item.id}" if kind == "comment" else None
            return redirect(url_for("discussion.proposal", proposal_id=item.proposal.id, _anchor=anchor))
    elif request.method == "POST":
        status = 400
    return render_template("moderation/report.html", form=form, item=item, **_labels()), status


@bp.route("/proposals/<id:proposal_id>/report", methods=["GET", "POST"])
@require(can_participate)
@post_limit("RATELIMIT_REPORT")
def report_proposal(proposal_id: int):
    """Report a proposal (form fields `reason`, `details`)."""
    return _report("proposal", proposal_id)


@bp.route("/comments/<id:comment_id>/report", methods=["GET", "POST"])
@require(can_participate)
@post_limit("RATELIMIT_REPORT")
def report_comment(comment_id: int):
    """Report a comment (form fields `reason`, `details`)."""
    return _report("comment", comment_id)


def _item_page(kind: str, item_id: int, *, status: int = 200, **forms):
    item = services.get_item_for(current_user, kind, item_id)
    context = {"item": item, "open_flags": services.open_flags(item), "action_form": ActionForm(),
               "can_answer": permissions.can_answer(current_user, item.process), **_labels()}
    if kind == "comment":
        context["thread"] = thread_of(item.obj)
    else:
        context["candidates"] = services.duplicate_candidates(item.obj)
        context["merged_from"] = proposals_merged_into(item.obj)
        context["merge_form"] = forms.get("merge_form") or MergeForm(formdata=None)
        context["curate_form"] = forms.get("curate_form") or _curate_form(item, formdata=None)
    return render_template("moderation/item.html", **context), status


def _curate_form(item, **kwargs) -> CurateForm:
    form = CurateForm(**kwargs)
    process = item.process
    form.topic.choices = [(str(topic.id), topic.title) for topic in process.topics]
    form.district.choices = [("", _l("kein bestimmter Stadtteil"))] + [
        (str(district.id), district.name) for district in process.districts]
    if kwargs.get("formdata", True) is None:
        form.topic.data = str(item.obj.topic_id)
        form.district.data = str(item.obj.district_id or "")
    return form


@bp.get("/proposals/<id:proposal_id>")
@moderator_only
def proposal(proposal_id: int):
    """A proposal with its reports, actions, duplicate candidates, merge and curation."""
    return _item_page("proposal", proposal_id)


@bp.get("/comments/<id:comment_id>")
@moderator_only
def comment(comment_id: int):
    """A comment in its thread, with its reports and actions."""
    return _item_page("comment", comment_id)


def _act(kind: str, item_id: int):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.moderate(current_user, request.form.get("action", ""), [f"{kind}:{item_id}"],
                          reason=form.reason.data)
    except DomainError as error:
        if error.status_code in (403, 404):
            raise
        flash(error.message, "error")
    else:
        flash(_l("Erledigt."), "success")
    return redirect(url_for(f"moderation.{kind}", **{f"{kind}_id": item_id}))


@bp.post("/proposals/<id:proposal_id>/action")
@moderator_only
def act_proposal(proposal_id: int):
    """Hide, restore or dismiss reports of one proposal (field `action`, `reason`)."""
    return _act("proposal", proposal_id)


@bp.post("/comments/<id:comment_id>/action")
@moderator_only
def act_comment(comment_id: int):
    """Hide, restore or dismiss reports of one comment (field `action`, `reason`)."""
    return _act("comment", comment_id)


@bp.post("/comments/<id:comment_id>/lock")
@moderator_only
def lock(comment_id: int):
    """Lock or unlock (`locked` = 1 / 0) the thread of a comment."""
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_thread_lock(current_user, comment_id, locked=request.form.get("locked") == "1",
                                 reason=form.reason.data)
    except DomainError as error:
        if error.status_code in (403, 404):
            raise
        flash(error.message, "error")
    else:
        flash(_l("Erledigt."), "success")
    return redirect(url_for("moderation.comment", comment_id=comment_id))


@bp.post("/proposals/<id:proposal_id>/curate")
@moderator_only
def curate(proposal_id: int):
    """Correct the topic or district of a proposal."""
    item = services.get_item_for(current_user, "proposal", proposal_id)
    form = _curate_form(item)
    if form.validate_on_submit():
        try:
            services.curate_proposal(current_user, proposal_id, topic_id=form.topic.data,
                                     district_id=form.district.data, reason=form.reason.data)
        except DomainError as error:
            show_domain_error(form, error)
            return _item_page("proposal", proposal_id, status=error.status_code, curate_form=form)
        flash(_l("Thema und Stadtteil gespeichert."), "success")
        return redirect(url_for("moderation.proposal", proposal_id=proposal_id))
    return _item_page("proposal", proposal_id, status=400, curate_form=form)


@bp.route("/proposals/<id:proposal_id>/merge", methods=["GET", "POST"])
@moderator_only
def merge(proposal_id: int):
    """Merge this proposal into the target (by reference number like ENG-2026-0042 or internal id).

    Two steps, without JavaScript: a GET with `?target=` (the links of duplicate candidates and analysis runs)
    or a POST of the form shows what will happen; only a POST with `confirm=1` merges.
    """
    services.get_item_for(current_user, "proposal", proposal_id)
    if request.method == "GET":
        if not request.args.get("target"):
            return redirect(url_for("moderation.proposal", proposal_id=proposal_id, _anchor="merge-heading"))
        form = MergeForm(formdata=None, data={"target": request.args.get("target")})
        return _merge_confirmation(proposal_id, form)
    form = MergeForm()
    if not form.validate_on_submit():
        return _item_page("proposal", proposal_id, status=400, merge_form=form)
    if request.form.get("confirm") != "1":
        return _merge_confirmation(proposal_id, form)
    try:
        target = services.merge_proposals(current_user, proposal_id,
                                          services.resolve_target(proposal_id, form.target.data),
                                          reason=form.reason.data)
    except DomainError as error:
        return _merge_refused(proposal_id, form, error)
    flash(_l("Zusammengeführt mit %(reference)s.", reference=target.reference), "success")
    return redirect(url_for("moderation.proposal", proposal_id=target.id))


def _merge_refused(proposal_id: int, form: MergeForm, error: DomainError):
    if error.status_code in (403, 404) and not error.field:
        raise error
    show_domain_error(form, error)
    return _item_page("proposal", proposal_id, status=error.status_code, merge_form=form)


def _merge_confirmation(proposal_id: int, form: MergeForm):
    """The confirmation step: both proposals, what moves, the reason; nothing is changed yet."""
    try:
        source, target = services.merge_pair(current_user, proposal_id,
                                             services.resolve_target(proposal_id, form.target.data))
    except DomainError as error:
        return _merge_refused(proposal_id, form, error)
    return render_template("moderation/merge_confirm.html", source=source, target=target, form=form, **_labels())


@bp.route("/proposals/<id:proposal_id>/answer", methods=["GET", "POST"])
@moderator_only
def answer(proposal_id: int):
    """Set the status and official answer of a proposal (admins; moderators where the process allows)."""
    item = load_item("proposal", proposal_id)
    if not permissions.can_answer(current_user, item.process):
        abort(403)
    proposal = item.obj
    form = AnswerForm(data={"status": proposal.status, "official_answer": proposal.official_answer or ""})
    form.status.choices = [(value, PROPOSAL_STATUS_LABELS[value]) for value in STATUS_VALUES if value != "merged"]
    status = 200
    if form.validate_on_submit():
        try:
            services.answer_proposal(current_user, proposal, status=form.status.data,
                            official_answer=form.official_answer.data)
        except DomainError as error:
            show_domain_error(form, error)
            status = error.status_code
        else:
            flash(_l("Status und offizielle Antwort gespeichert."), "success")
            return redirect(url_for("discussion.proposal", proposal_id=proposal.id))
    elif request.method == "POST":
        status = 400
    return render_template("moderation/answer.html", form=form, proposal=proposal, **_labels()), status


@bp.get("/users/")
@moderator_only
def users():
    """People with a block on record."""
    return render_template("moderation/users.html", people=services.blocked_users(), unblock_form=UnblockForm())


@bp.route("/users/<id:user_id>/block", methods=["GET", "POST"])
@moderator_only
def block(user_id: int):
    """Block a person with a reason and an optional end date, optionally hiding all their content."""
    person = services.get_user(user_id)
    form = BlockForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.block_user(current_user, user_id, reason=form.reason.data, until=form.until.data,
                       hide_content=form.hide_content.data)
        except DomainError as error:
            show_domain_error(form, error)
            status = error.status_code
        else:
            flash(_l("%(name)s ist gesperrt.", name=person.display_name), "success")
            return redirect(url_for("moderation.users"))
    elif request.method == "POST":
        status = 400
    return render_template("moderation/block.html", form=form, person=person), status


@bp.post("/users/<id:user_id>/unblock")
@moderator_only
def unblock(user_id: int):
    """Lift the block of a person."""
    form = UnblockForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        person = services.unblock_user(current_user, user_id, reason=form.reason.data)
    except DomainError as error:
        if error.status_code in (403, 404):
            raise
        flash(error.message, "error")
    else:
        flash(_l("Die Sperre von %(name)s ist aufgehoben.", name=person.display_name), "success")
    return redirect(url_for("moderation.users"), 303)


@bp.get("/audit")
@admin_required
def audit_log():
    """The audit log, filterable by action, process and person (admins only)."""
    filters = audit.AuditFilters.from_args(request.args)
    pagination = audit.list_entries(filters, _page())
    return render_template("moderation/audit.html", pagination=pagination, filters=filters,
                           rows=audit_rows(pagination.items), actors=audit.actors(), system=audit.SYSTEM,
                           processes=visible_processes(current_user), **_labels())


@bp.get("/audit.csv")
@admin_required
def audit_csv():
    """The filtered audit log as a CSV download (streamed)."""
    filters = audit.AuditFilters.from_args(request.args)
    lines = stream_with_context(audit.csv_lines(filters))
    return Response(lines, mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=ratschlag-audit.csv"})


@bp.get("/processes/<slug>/summary")
def summary(slug: str):
    """Public moderation summary of a process: counts by report reason and by action, no personal data."""
    process = get_process(slug, with_children=False)
    return render_template("moderation/summary.html", process=process, summary=services.process_summary(process.id),
                           **_labels())

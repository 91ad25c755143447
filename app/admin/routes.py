"""Administration: processes with their phases, topics and districts; accounts and roles."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from app.admin import services as admin_services
from app.admin.forms import DistrictBulkForm, DistrictForm, PhaseForm, ProcessForm, RoleForm, TopicForm
from app.auth import services as account_services
from app.auth.models import User
from app.auth.permissions import admin_required
from app.core.confirm import Choice, Confirmation, confirmation_page, is_confirmed
from app.core.errors import DomainError
from app.core.forms import EmptyForm, english_texts, show_domain_error
from app.core.outbox import status_counts as mail_status_counts
from app.core.pagination import page_number
from app.core.text import clean_text
from app.extensions import db
from app.processes import services as process_services
from app.processes.labels import PHASE_LABELS
from app.processes.models import District, Phase, Process, Topic
from app.processes.services import get_process

bp = Blueprint("admin", __name__)


@bp.before_request
@admin_required
def guard():
    """Every administration page is for admins only."""



@bp.get("/")
def index():
    processes = list(db.session.scalars(select(Process).order_by(Process.created_at.desc())))
    return render_template("admin/index.html", processes=processes, mail_counts=mail_status_counts())


@bp.route("/processes/new", methods=["GET", "POST"])
def process_new():
    form = ProcessForm()
    if form.validate_on_submit():
        try:
            process = process_services.save_process(None, **_process_fields(form), actor=current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_l("Der Prozess wurde angelegt. Legen Sie jetzt Phasen, Themen und Stadtteile an."), "success")
            return redirect(url_for("admin.process_edit", slug=process.slug))
    return render_template("admin/process_new.html", form=form)


def _process_fields(form: ProcessForm) -> dict:
    fields = {name: getattr(form, name).data for name in
              ("slug", "title", "summary", "description", "reference_prefix", "published",
               "moderators_may_answer")}
    return {**fields, "english": english_texts(form, "title", "summary", "description")}


def _render_process(process: Process, status: int = 200, **forms):
    forms.setdefault("process_form", ProcessForm(obj=process, formdata=None))
    forms.setdefault("phase_form", PhaseForm(formdata=None))
    forms.setdefault("topic_form", TopicForm(formdata=None))
    forms.setdefault("district_form", DistrictBulkForm(formdata=None))
    return render_template("admin/process_edit.html", process=process, phase_labels=PHASE_LABELS,
                           delete_form=EmptyForm(), **forms), status


@bp.route("/processes/<slug>/", methods=["GET", "POST"])
def process_edit(slug: str):
    process = get_process(slug, include_unpublished=True)
    if request.method == "GET":
        return _render_process(process)
    form = ProcessForm()
    if form.validate_on_submit():
        try:
            process_services.save_process(process, **_process_fields(form), actor=current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_l("Änderungen gespeichert."), "success")
            return redirect(url_for("admin.process_edit", slug=process.slug))
    return _render_process(process, 400, process_form=form)


# --- phases, topics and districts share one pattern: add on the process page, edit, delete ---

@dataclass(frozen=True)
class ChildKind:
    model: type
    add_form: type
    edit_form: type
    form_name: str  # name of the add form on the process page
    add: Callable
    update: Callable
    added: object
    title: object


def _add_phase(process, form):
    process_services.save_phase(process, None, kind=form.kind.data, starts_on=form.starts_on.data,
                     ends_on=form.ends_on.data, description=form.description.data,
                     english=english_texts(form, "description"), actor=current_user)


def _update_phase(process, phase, form):
    process_services.save_phase(process, phase, kind=form.kind.data, starts_on=form.starts_on.data,
                     ends_on=form.ends_on.data, description=form.description.data,
                     english=english_texts(form, "description"), actor=current_user)


def _add_topic(process, form):
    process_services.save_topic(process, None, title=form.title.data, description=form.description.data,
                     position=form.position.data, english=english_texts(form, "title", "description"),
                     actor=current_user)


def _update_topic(process, topic, form):
    process_services.save_topic(process, topic, title=form.title.data, description=form.description.data,
                     position=form.position.data, english=english_texts(form, "title", "description"),
                     actor=current_user)


def _add_districts(process, form):
    process_services.add_districts(process, form.names.data.splitlines(), actor=current_user)


def _update_district(process, district, form):
    process_services.save_district(process, district, name=form.name.data, position=form.position.data,
                                   actor=current_user)


CHILD_KINDS = {
    "phases": ChildKind(Phase, PhaseForm, PhaseForm, "phase_form", _add_phase, _update_phase,
                        _l("Die Phase wurde gespeichert."), _l("Phase bearbeiten")),
    "topics": ChildKind(Topic, TopicForm, TopicForm, "topic_form", _add_topic, _update_topic,
                        _l("Das Thema wurde gespeichert."), _l("Thema bearbeiten")),
    "districts": ChildKind(District, DistrictBulkForm, DistrictForm, "district_form", _add_districts,
                           _update_district, _l("Die Stadtteile wurden gespeichert."), _l("Stadtteil bearbeiten")),
}
KIND_CONVERTER = "<any(phases, topics, districts):kind>"


def _child(process: Process, kind: str, item_id: int):
    item = db.session.get(CHILD_KINDS[kind].model, item_id)
    if item is None or item.process_id != process.id:
        abort(404)
    return item


@bp.post(f"/processes/<slug>/{KIND_CONVERTER}")
def child_add(slug: str, kind: str):
    process = get_process(slug, include_unpublished=True)
    spec = CHILD_KINDS[kind]
    form = spec.add_form()
    if form.validate_on_submit():
        try:
            spec.add(process, form)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(spec.added, "success")
            return redirect(url_for("admin.process_edit", slug=process.slug, _anchor=kind))
    return _render_process(process, 400, **{spec.form_name: form})


@bp.route(f"/processes/<slug>/{KIND_CONVERTER}/<id:item_id>", methods=["GET", "POST"])
def child_edit(slug: str, kind: str, item_id: int):
    process = get_process(slug, include_unpublished=True)
    spec = CHILD_KINDS[kind]
    item = _child(process, kind, item_id)
    form = spec.edit_form(obj=item)
    status = 200
    if form.validate_on_submit():
        try:
            spec.update(process, item, form)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(spec.added, "success")
            return redirect(url_for("admin.process_edit", slug=process.slug, _anchor=kind))
    if request.method == "POST":
        status = 400
    return render_template("admin/child_edit.html", process=process, form=form, title=spec.title,
                           kind=kind, item=item), status


def _item_name(kind: str, item) -> str:
    return str(PHASE_LABELS[item.kind]) if kind == "phases" else (item.title if kind == "topics" else item.name)


def _delete_confirmation(process: Process, kind: str, item, usage) -> Confirmation:
    """The page asking "really delete?", with what happens to what uses the item."""
    name = _item_name(kind, item)
    titles = {"phases": _l("Phase löschen"), "topics": _l("Thema löschen"), "districts": _l("Stadtteil löschen")}
    consequences = []
    if usage.proposals:
        consequences.append(ngettext(
            "%(num)d Vorschlag ist zugeordnet; er wechselt dorthin, wo Sie es unten wählen.",
            "%(num)d Vorschläge sind zugeordnet; sie wechseln dorthin, wo Sie es unten wählen.", usage.proposals))
    if usage.questions:
        consequences.append(ngettext(
            "%(num)d Umfragefrage gehört zu diesem Thema; sie wechselt zum gewählten Thema.",
            "%(num)d Umfragefragen gehören zu diesem Thema; sie wechseln zum gewählten Thema.", usage.questions))
    if usage.responses:
        consequences.append(ngettext(
            "%(num)d Umfrage-Antwort nennt diesen Stadtteil; sie verliert diese Angabe.",
            "%(num)d Umfrage-Antworten nennen diesen Stadtteil; sie verlieren diese Angabe.", usage.responses))
    if usage.surveys:
        consequences.append(ngettext(
            "%(num)d Umfrage ist an diese Phase gebunden; sie nimmt danach in der Beteiligungsphase Antworten an.",
            "%(num)d Umfragen sind an diese Phase gebunden; sie nehmen danach in der Beteiligungsphase Antworten an.",
            usage.surveys))
    if not consequences:
        consequences.append(_("Nichts im Prozess verwendet es."))
    choice = None
    if kind in ("topics", "districts") and usage.needs_target:
        options = [(str(other.id), other.title if kind == "topics" else other.name)
                   for other in admin_services.targets_for(item)]
        if kind == "districts":
            options.append((admin_services.NO_DISTRICT, _("keinem Stadtteil zuordnen")))
        choice = Choice("target", _("Die Vorschläge wechseln zum Thema") if kind == "topics"
                        else _("Die Vorschläge wechseln zum Stadtteil"), options)
    return Confirmation(
        title=str(titles[kind]), question=_("Möchten Sie „%(name)s“ wirklich löschen?", name=name),
        button=_("Endgültig löschen"), consequences=consequences, choice=choice,
        cancel_url=url_for("admin.process_edit", slug=process.slug, _anchor=kind),
        refusal=admin_services.refusal(item, usage))


@bp.route(f"/processes/<slug>/{KIND_CONVERTER}/<id:item_id>/delete", methods=["GET", "POST"])
def child_delete(slug: str, kind: str, item_id: int):
    """GET (and a POST without confirmation): what deleting would do; the confirmed POST deletes."""
    process = get_process(slug, include_unpublished=True)
    item = _child(process, kind, item_id)
    confirmation = _delete_confirmation(process, kind, item, admin_services.usage_of(item))
    name = _item_name(kind, item)
    if not is_confirmed():
        return confirmation_page(confirmation)
    try:
        admin_services.delete_process_item(current_user, item, request.form.get("target", ""))
    except DomainError as error:
        if confirmation.choice is not None and error.field == "target":
            confirmation.choice.error = str(error.message)
        else:
            confirmation.refusal = str(error.message)
        return confirmation_page(confirmation, 400)
    flash(_l("„%(name)s“ wurde gelöscht.", name=name), "success")
    return redirect(url_for("admin.process_edit", slug=process.slug, _anchor=kind))


@bp.get("/users/")
def users():
    page = page_number(request.args.get("page"))
    query = clean_text(request.args.get("q"), single_line=True)[:100]
    pagination = account_services.list_users(page, query=query)
    return render_template("admin/users.html", pagination=pagination, query=query, role_form=RoleForm)


@bp.post("/users/<id:user_id>/role")
def user_role(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            account_services.change_role(current_user, user, form.role.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_l("Die Rolle von %(name)s wurde geändert.", name=user.display_name), "success")
    else:
        flash(_l("Unbekannte Rolle."), "error")
    return redirect(url_for("admin.users"))

"""Administration of the legal pages: the operator's details, accessibility feedback, Leichte-Sprache summaries
of processes and sign-language videos. Admins only."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.auth.permissions import admin_required
from app.core.errors import DomainError
from app.core.forms import EmptyForm, show_domain_error
from app.extensions import db
from app.legal import queries, services
from app.legal.forms import EasyLanguageForm, VideoForm, form_values, legal_details_form
from app.legal.labels import SETTING_FIELDS, needs_input
from app.processes.models import Process
from app.processes.services import get_process

bp = Blueprint("legal_admin", __name__)


@bp.before_request
@admin_required
def guard():
    """Every page here is for admins only."""


@bp.route("/rechtliches", methods=["GET", "POST"])
def details():
    """The operator's details shown on Impressum, privacy notice and accessibility statement."""
    details = queries.legal_details()
    if request.method == "GET":
        form = legal_details_form(details)
    else:
        form = legal_details_form(details, formdata=request.form)
        if form.validate_on_submit():
            try:
                services.save_legal_details(form_values(form), actor=current_user)
            except DomainError as error:
                show_domain_error(form, error)
            else:
                flash(_l("Änderungen gespeichert."), "success")
                return redirect(url_for("legal_admin.details"))
    return render_template("legal/admin_details.html", form=form, fields=SETTING_FIELDS, details=details,
                           needs_input=needs_input, incomplete=details.incomplete(),
                           feedback_count=len(queries.list_feedback())), 400 if form.errors else 200


@bp.get("/rechtliches/rueckmeldungen")
def feedback():
    """Barriers reported through the accessibility statement's form."""
    return render_template("legal/admin_feedback.html", items=queries.list_feedback(), delete_form=EmptyForm())


@bp.post("/rechtliches/rueckmeldungen/<id:feedback_id>/loeschen")
def feedback_delete(feedback_id: int):
    """Delete a handled feedback message."""
    if EmptyForm().validate_on_submit():
        services.delete_feedback(feedback_id, actor=current_user)
        flash(_l("Die Rückmeldung wurde gelöscht."), "success")
    return redirect(url_for("legal_admin.feedback"))


@bp.get("/leichte-sprache")
def easy_language():
    """Every process with or without its Leichte-Sprache summary."""
    processes = list(db.session.scalars(select(Process).order_by(Process.created_at.desc())))
    summaries = queries.easy_language_summaries([process.id for process in processes])
    return render_template("legal/admin_easy_language.html", processes=processes, summaries=summaries)


@bp.route("/leichte-sprache/<slug>", methods=["GET", "POST"])
def easy_language_edit(slug: str):
    """Write, change or remove the Leichte-Sprache summary of a process."""
    process = get_process(slug, include_unpublished=True, with_children=False)
    summary = queries.easy_language_summary(process.id)
    form = EasyLanguageForm(data={"text": summary.text if summary else ""})
    if form.validate_on_submit():
        try:
            services.save_easy_language_summary(process, form.text.data or "", actor=current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_l("Änderungen gespeichert."), "success")
            return redirect(url_for("legal_admin.easy_language"))
    return render_template("legal/admin_easy_language_edit.html", process=process, form=form), \
        400 if form.errors else 200


@bp.route("/gebaerdensprache", methods=["GET", "POST"])
def videos():
    """The sign-language videos: list, add."""
    form = VideoForm()
    if form.validate_on_submit():
        try:
            services.add_video(title=form.title.data, url=form.url.data, description=form.description.data or "",
                               position=form.position.data, actor=current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_l("Das Video wurde hinzugefügt."), "success")
            return redirect(url_for("legal_admin.videos"))
    return render_template("legal/admin_videos.html", form=form, videos=queries.list_videos(),
                           delete_form=EmptyForm(), is_local_video=services.is_local_video), \
        400 if form.errors else 200


@bp.post("/gebaerdensprache/<id:video_id>/loeschen")
def video_delete(video_id: int):
    """Remove a sign-language video."""
    if EmptyForm().validate_on_submit():
        services.delete_video(video_id, actor=current_user)
        flash(_l("Das Video wurde entfernt."), "success")
    return redirect(url_for("legal_admin.videos"))

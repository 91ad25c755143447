"""Survey administration: builder, preview, results with charts, exports (admins only)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.audit.services import log_export
from app.auth.permissions import admin_required
from app.core.confirm import Confirmation, confirmation_page, is_confirmed
from app.core.errors import DomainError
from app.core.forms import EmptyForm, english_texts, show_domain_error
from app.core.numbers import parse_id
from app.extensions import db
from app.processes.labels import PHASE_LABELS
from app.processes.services import get_process
from app.surveys import queries, services
from app.surveys.export import export_response
from app.surveys.forms import NewQuestionForm, NewSurveyForm, QuestionForm, SectionForm, SurveyForm
from app.surveys.labels import CHOICES_FIELD_LABELS, QUESTION_KIND_LABELS, SURVEY_AUDIENCE_LABELS, SURVEY_STATUS_LABELS
from app.surveys.models import CONDITION_KINDS, KINDS, Survey, SurveyQuestion, SurveySection, condition_values
from app.surveys.queries.results import parse_group, survey_results
from app.surveys.validation import DEMOGRAPHICS_STEP, Step
from app.surveys.views import question_context, render_results

bp = Blueprint("survey_admin", __name__)
SURVEY_URL = "/processes/<slug>/surveys/<id:survey_id>"

@bp.context_processor
def labels():
    return {"status_labels": SURVEY_STATUS_LABELS, "audience_labels": SURVEY_AUDIENCE_LABELS}


@bp.before_request
@admin_required
def guard():
    """Every survey administration page is for admins only."""


def _survey(slug: str, survey_id: int) -> Survey:
    return queries.get_survey(survey_id, slug)


def _child(model, item_id: int, survey: Survey):
    item = db.session.get(model, item_id)
    if item is None or (item.survey_id != survey.id):
        abort(404)
    return item


def _phase_choices(process) -> list[tuple[str, str]]:
    return [("", str(_l("Beteiligungsphase (Standard)")))] + [
        (str(phase.id), f"{PHASE_LABELS[phase.kind]} ({phase.starts_on:%d.%m.%Y}–{phase.ends_on:%d.%m.%Y})")
        for phase in process.phases]


def _survey_fields(form) -> dict:
    raw_phase = form.phase_id.data or ""
    return {"title": form.title.data, "description": form.description.data, "audience": form.audience.data,
            "phase_id": parse_id(raw_phase) or (-1 if raw_phase else None),  # -1: refused by the service
            "ask_demographics": form.ask_demographics.data, "english": english_texts(form, "title", "description")}


@bp.get("/surveys/")
def overview():
    """All surveys of all processes."""
    surveys = db.session.scalars(select(Survey).options(selectinload(Survey.process))
                                 .order_by(Survey.process_id, Survey.created_at, Survey.id))
    return render_template("surveys/admin/overview.html", surveys=list(surveys))


@bp.route("/processes/<slug>/surveys/", methods=["GET", "POST"])
def index(slug: str):
    """A process's surveys, and a form to create one."""
    process = get_process(slug, include_unpublished=True)
    form = NewSurveyForm()
    form.phase_id.choices = _phase_choices(process)
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate_on_submit():
            try:
                survey = services.create_survey(process, **_survey_fields(form), actor=current_user)
            except DomainError as error:
                show_domain_error(form, error)
            else:
                flash(
                    _l("Die Umfrage wurde als Entwurf angelegt. Fügen Sie jetzt Abschnitte und Fragen hinzu."),
                    "success",
                )
                return redirect(url_for("survey_admin.builder_page", slug=slug, survey_id=survey.id))
    surveys = db.session.scalars(select(Survey).where(Survey.process_id == process.id).order_by(Survey.id)).all()
    counts = {survey.id: queries.response_count(survey, complete_only=True) for survey in surveys}
    return render_template("surveys/admin/index.html", process=process, surveys=surveys, counts=counts,
                           form=form), status


def _render_builder(survey: Survey, status: int = 200, **forms):
    process = survey.process
    settings = forms.pop("settings_form", None)
    if settings is None:
        settings = SurveyForm(obj=survey, formdata=None)
        settings.phase_id.data = str(survey.phase_id or "")
    settings.phase_id.choices = _phase_choices(process)
    new_question = NewQuestionForm(formdata=None)
    new_question.section.choices = [(str(section.id), section.title) for section in survey.sections]
    return render_template(
        "surveys/admin/builder.html", survey=survey, process=process, settings_form=settings,
        section_form=forms.pop("section_form", None) or SectionForm(formdata=None, prefix="section"),
        new_question_form=new_question,
        locked=queries.is_locked(survey), responses=queries.response_count(survey, complete_only=True),
        drafts=queries.response_count(survey), action_form=EmptyForm(), **question_context(),
    ), status


@bp.route(f"{SURVEY_URL}/", methods=["GET", "POST"])
def builder_page(slug: str, survey_id: int):
    """The questionnaire with its settings, sections and questions."""
    survey = _survey(slug, survey_id)
    if request.method == "GET":
        return _render_builder(survey)
    form = SurveyForm()
    form.phase_id.choices = _phase_choices(survey.process)
    if form.validate_on_submit():
        try:
            services.update_survey(survey, status=form.status.data, **_survey_fields(form), actor=current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_l("Änderungen gespeichert."), "success")
            return redirect(url_for("survey_admin.builder_page", slug=slug, survey_id=survey.id))
    return _render_builder(survey, 400, settings_form=form)


@bp.post(f"{SURVEY_URL}/copy")
def copy(slug: str, survey_id: int):
    survey = _survey(slug, survey_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    new = services.copy_survey(survey, actor=current_user)
    flash(_l("Eine Kopie wurde als neuer Entwurf angelegt."), "success")
    return redirect(url_for("survey_admin.builder_page", slug=slug, survey_id=new.id))


def _builder_url(slug: str, survey: Survey, anchor: str | None = None) -> str:
    return url_for("survey_admin.builder_page", slug=slug, survey_id=survey.id, _anchor=anchor)


def _confirm_delete(title, name: str, consequences: list[str], cancel_url: str):
    """The confirmation page of a delete (GET, or a POST without the confirmation field)."""
    return confirmation_page(Confirmation(title=str(title), question=_("Möchten Sie „%(name)s“ wirklich löschen?",
                                                                        name=name),
                                          button=_("Endgültig löschen"), cancel_url=cancel_url,
                                          consequences=consequences))


@bp.route(f"{SURVEY_URL}/delete", methods=["GET", "POST"])
def delete(slug: str, survey_id: int):
    survey = _survey(slug, survey_id)
    if not is_confirmed():
        questions = survey.questions()
        return _confirm_delete(_l("Umfrage löschen"), survey.title, [
            _("Abschnitte: %(sections)d, Fragen: %(questions)d – alles wird mit gelöscht.",
              sections=len(survey.sections), questions=len(questions))], _builder_url(slug, survey, "delete-heading"))
    try:
        services.delete_survey(survey, actor=current_user)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(_builder_url(slug, survey))
    flash(_l("Die Umfrage wurde gelöscht."), "success")
    return redirect(url_for("survey_admin.index", slug=slug))


@bp.post(f"{SURVEY_URL}/sections")
def section_add(slug: str, survey_id: int):
    survey = _survey(slug, survey_id)
    form = SectionForm(prefix="section")  # prefixed: the settings form on the same page has a "title" too
    if form.validate_on_submit():
        try:
            services.save_section(survey, None, title=form.title.data, description=form.description.data,
                                 english=english_texts(form, "title", "description"), actor=current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_l("Der Abschnitt wurde angelegt."), "success")
            return redirect(url_for("survey_admin.builder_page", slug=slug, survey_id=survey.id, _anchor="sections"))
    return _render_builder(survey, 400, section_form=form)


@bp.route(f"{SURVEY_URL}/sections/<id:section_id>", methods=["GET", "POST"])
def section_edit(slug: str, survey_id: int, section_id: int):
    survey = _survey(slug, survey_id)
    section = _child(SurveySection, section_id, survey)
    form = SectionForm(obj=section)
    if form.validate_on_submit():
        try:
            services.save_section(survey, section, title=form.title.data, description=form.description.data,
                                 english=english_texts(form, "title", "description"), actor=current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_l("Der Abschnitt wurde gespeichert."), "success")
            return redirect(url_for("survey_admin.builder_page", slug=slug, survey_id=survey.id, _anchor="sections"))
    status = 400 if request.method == "POST" else 200
    return render_template("surveys/admin/section_edit.html", survey=survey, process=survey.process, form=form,
                           section=section), status


def _item_action(slug: str, survey: Survey, action, done) -> object:
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        action()
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(done, "success")
    return redirect(url_for("survey_admin.builder_page", slug=slug, survey_id=survey.id, _anchor="sections"))


@bp.route(f"{SURVEY_URL}/sections/<id:section_id>/delete", methods=["GET", "POST"])
def section_delete(slug: str, survey_id: int, section_id: int):
    survey = _survey(slug, survey_id)
    section = _child(SurveySection, section_id, survey)
    if not is_confirmed():
        return _confirm_delete(_l("Abschnitt löschen"), section.title, [ngettext(
            "Der Abschnitt hat %(num)d Frage; sie wird mit gelöscht.",
            "Der Abschnitt hat %(num)d Fragen; sie werden mit gelöscht.", len(section.questions))],
            _builder_url(slug, survey, "sections"))
    return _item_action(slug, survey, lambda: services.delete_section(section, actor=current_user),
                        _l("Der Abschnitt wurde gelöscht."))


@bp.post(f"{SURVEY_URL}/sections/<id:section_id>/move")
def section_move(slug: str, survey_id: int, section_id: int):
    survey = _survey(slug, survey_id)
    section = _child(SurveySection, section_id, survey)
    direction = request.form.get("direction", "")
    return _item_action(slug, survey, lambda: services.move_section(section, direction, actor=current_user),
                        _l("Verschoben."))


def _topic_choices(process) -> list[tuple[str, str]]:
    return [("", str(_l("Kein Thema")))] + [(str(topic.id), topic.title) for topic in process.topics]


def _condition_choices(survey: Survey, section: SurveySection) -> dict:
    """'Always' plus, grouped by question, every value of a condition-capable question in an earlier section."""
    choices: dict = {None: [("", str(_l("Immer anzeigen")))]}
    number = 0
    for earlier in survey.sections:
        if earlier.id == section.id:
            break
        for question in earlier.questions:
            number += 1
            if question.kind in CONDITION_KINDS:
                choices[f"F{number}: {question.text[:80]}"] = [(f"{question.id}:{value}", f"= {label}")
                                                               for value, label in condition_values(question)]
    return choices


def _question_page(survey: Survey, section: SurveySection, kind: str, form: QuestionForm,
                   question: SurveyQuestion | None, status: int = 200):
    form.topic_id.choices = _topic_choices(survey.process)
    form.condition.choices = _condition_choices(survey, section)
    if kind in CHOICES_FIELD_LABELS:
        form.choices.label.text = str(CHOICES_FIELD_LABELS[kind])
    return render_template("surveys/admin/question_form.html", survey=survey, process=survey.process, form=form,
                           section=section, kind=kind, kind_label=QUESTION_KIND_LABELS[kind], question=question,
                           locked=queries.is_locked(survey)), status


def _save_question(slug, survey, section, kind, question, form):
    try:
        saved = services.save_question(survey, section, question, form.spec(kind), actor=current_user)
    except DomainError as error:
        show_domain_error(form, error)
        return None
    flash(_l("Die Frage wurde gespeichert."), "success")
    return redirect(url_for("survey_admin.builder_page", slug=slug, survey_id=survey.id,
                            _anchor=f"question-{saved.id}"))


@bp.route(f"{SURVEY_URL}/questions/new", methods=["GET", "POST"])
def question_new(slug: str, survey_id: int):
    """Add a question: section and kind come from the builder page's small form."""
    survey = _survey(slug, survey_id)
    kind = request.args.get("kind", "")
    raw_section = request.args.get("section", "")
    section = next((item for item in survey.sections if str(item.id) == raw_section), None)
    if kind not in KINDS or section is None:
        flash(_l("Bitte wählen Sie einen Abschnitt und einen Fragetyp."), "error")
        return redirect(url_for("survey_admin.builder_page", slug=slug, survey_id=survey.id, _anchor="add-question"))
    form = QuestionForm()
    form.topic_id.choices = _topic_choices(survey.process)
    form.condition.choices = _condition_choices(survey, section)
    if request.method == "GET":
        form.fill_defaults(kind)
    elif form.validate_on_submit():
        done = _save_question(slug, survey, section, kind, None, form)
        if done:
            return done
    return _question_page(survey, section, kind, form, None, 400 if request.method == "POST" else 200)


@bp.route(f"{SURVEY_URL}/questions/<id:question_id>", methods=["GET", "POST"])
def question_edit(slug: str, survey_id: int, question_id: int):
    survey = _survey(slug, survey_id)
    question = _child(SurveyQuestion, question_id, survey)
    form = QuestionForm()
    form.topic_id.choices = _topic_choices(survey.process)
    form.condition.choices = _condition_choices(survey, question.section)
    if request.method == "GET":
        form.fill_from(question)
    elif form.validate_on_submit():
        done = _save_question(slug, survey, question.section, question.kind, question, form)
        if done:
            return done
    return _question_page(survey, question.section, question.kind, form, question,
                          400 if request.method == "POST" else 200)


@bp.route(f"{SURVEY_URL}/questions/<id:question_id>/delete", methods=["GET", "POST"])
def question_delete(slug: str, survey_id: int, question_id: int):
    survey = _survey(slug, survey_id)
    question = _child(SurveyQuestion, question_id, survey)
    if not is_confirmed():
        return _confirm_delete(_l("Frage löschen"), question.text,
                               [_("Die Frage wird aus dem Abschnitt „%(section)s“ entfernt.",
                                 section=question.section.title)], _builder_url(slug, survey, "sections"))
    return _item_action(slug, survey, lambda: services.delete_question(question, actor=current_user),
                        _l("Die Frage wurde gelöscht."))


@bp.post(f"{SURVEY_URL}/questions/<id:question_id>/move")
def question_move(slug: str, survey_id: int, question_id: int):
    survey = _survey(slug, survey_id)
    question = _child(SurveyQuestion, question_id, survey)
    direction = request.form.get("direction", "")
    return _item_action(slug, survey, lambda: services.move_question(question, direction, actor=current_user),
                        _l("Verschoben."))


@bp.get(f"{SURVEY_URL}/preview")
def preview(slug: str, survey_id: int):
    """Every section as respondents see it, with conditional questions marked."""
    survey = _survey(slug, survey_id)
    steps = [Step(f"s{section.id}", section, tuple(section.questions)) for section in survey.sections
             if section.questions]
    if survey.ask_demographics:
        steps.append(Step(DEMOGRAPHICS_STEP, None))
    return render_template("surveys/admin/preview.html", survey=survey, process=survey.process, steps=steps,
                           districts=survey.process.districts, data={}, error_for={}, **question_context())


@bp.get(f"{SURVEY_URL}/results")
def results(slug: str, survey_id: int):
    """All aggregates without suppression, sample free texts, charts, and the export links."""
    survey = _survey(slug, survey_id)
    group = parse_group(survey, request.args.get("group"))
    return render_results(survey, survey_results(survey, public=False, group=group), admin=True)


@bp.get(f"{SURVEY_URL}/export.<any(csv, xlsx):fmt>")
def export(slug: str, survey_id: int, fmt: str):
    """Download all completed responses (streamed)."""
    survey = _survey(slug, survey_id)
    log_export(current_user, "export_survey", process_id=survey.process_id, item_kind="survey", item_id=survey.id,
               details=fmt)
    return export_response(survey, fmt)

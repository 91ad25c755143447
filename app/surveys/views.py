"""Rendering shared by the public pages and the administration (answer form, preview, results)."""
from __future__ import annotations

from datetime import date

from flask import render_template
from flask_login import current_user

from app.surveys import permissions
from app.surveys.answers import anchor, field_name, format_number, to_form
from app.surveys.charts import question_chart
from app.surveys.labels import DEMOGRAPHIC_LABELS, QUESTION_KIND_LABELS
from app.surveys.models import AGE_GROUPS, GENDERS, PREFER_NOT, condition_label
from app.surveys.queries.results import SUPPRESS_BELOW, SurveyResults, demographic_options
from app.surveys.validation import FieldError


def question_context() -> dict:
    """Helpers the question macros need."""
    return {"anchor": anchor, "field_name": field_name, "format_number": format_number, "age_groups": AGE_GROUPS,
            "genders": GENDERS, "prefer_not": PREFER_NOT, "demographic_labels": DEMOGRAPHIC_LABELS,
            "kind_labels": QUESTION_KIND_LABELS, "condition_label": condition_label}


def _stored_form(progress, step) -> dict[str, list[str]]:
    if step.is_demographics:
        response = progress.response
        if response is None:
            return {}
        return {"demo_age_group": [response.age_group or PREFER_NOT], "demo_gender": [response.gender or PREFER_NOT],
                "demo_district": [str(response.district_id) if response.district_id else PREFER_NOT]}
    data: dict[str, list[str]] = {}
    for question in step.questions:
        data.update(to_form(question, progress.answers.get(question.id)))
    return data


def render_step(survey, progress, requested: str | None, day: date, *, errors: list[FieldError] | None = None,
                data: dict | None = None, status: int = 200):
    """The answering page: the requested (or resumed) step, the thank-you page, or why one cannot answer."""
    reason = permissions.answer_block_reason(current_user, survey, day)
    common = {"survey": survey, "process": survey.process,
              "results_public": permissions.results_are_public(survey, day)}
    if progress.is_complete:
        return render_template("surveys/thanks.html", **common), status
    if reason is not None or not progress.steps:
        return render_template("surveys/answer.html", reason=reason, step=None, **common), status
    keys = [step.key for step in progress.steps]
    index = keys.index(requested) if requested in keys and keys.index(requested) <= progress.reachable \
        else progress.reachable
    step = progress.steps[index]
    errors = errors or []
    return render_template(
        "surveys/answer.html", reason=None, step=step, index=index, steps=progress.steps,
        reachable=progress.reachable, data=data if data is not None else _stored_form(progress, step),
        errors=errors, error_for={error.anchor: error.message for error in errors},
        districts=survey.process.districts, **question_context(), **common,
    ), status


def render_results(survey, results: SurveyResults, *, admin: bool, status: int = 200):
    """Results page (public or administration) with tables and chart data."""
    charts = {result.question.id: question_chart(result) for result in results.questions}
    options = demographic_options(survey) if survey.ask_demographics else {}
    return render_template(
        "surveys/results.html" if not admin else "surveys/admin/results.html", survey=survey,
        process=survey.process, results=results, charts=charts, admin=admin, threshold=SUPPRESS_BELOW,
        group_options=options, demographic_labels=DEMOGRAPHIC_LABELS, kind_labels=QUESTION_KIND_LABELS,
    ), status

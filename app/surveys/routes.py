"""Public survey pages: list, answering (section by section, without JavaScript), results."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from app.auth.permissions import is_admin
from app.core.clock import today
from app.extensions import limiter, login_manager
from app.processes.services import get_process
from app.surveys import permissions, queries, services
from app.surveys.queries.results import parse_group, survey_results
from app.surveys.views import render_results, render_step

bp = Blueprint("surveys", __name__)

COOKIE_NAME = "ratschlag_survey"
COOKIE_MAX_AGE = timedelta(days=365)
FORM_CONTROL_FIELDS = ("csrf_token", "step", "action")


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="survey-browser")


def _browser_token() -> str | None:
    """The random token from the signed survey cookie, or None."""
    raw = request.cookies.get(COOKIE_NAME)
    if not raw:
        return None
    try:
        token = _serializer().loads(raw)
    except BadSignature:
        return None
    return token if isinstance(token, str) and 20 <= len(token) <= 100 else None


def _counted(response) -> bool:
    """Deduct the survey rate limit only for responses started or submitted."""
    return bool(g.get("survey_counted"))


@bp.get("/processes/<slug>/surveys/")
def index(slug: str):
    process = get_process(slug, include_unpublished=is_admin(current_user))
    return render_template("surveys/index.html", process=process, surveys=queries.list_public_surveys(process),
                           day=today(), permissions=permissions)


@bp.route("/processes/<slug>/surveys/<id:survey_id>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_SURVEY_POST"], methods=["POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_SURVEY"], methods=["POST"], deduct_when=_counted)
def answer(slug: str, survey_id: int):
    """Answer a survey: GET shows the current section (or resumes a draft), POST stores one section."""
    survey = queries.get_survey(survey_id, slug)
    if not permissions.can_view_survey(current_user, survey):
        abort(404)
    day = today()
    user = current_user if current_user.is_authenticated else None
    token = _browser_token()
    if request.method == "GET":
        respondent = queries.Respondent(user=user, browser_token=token)
        return render_step(survey, queries.progress(survey, respondent), request.args.get("step"), day)
    if not survey.is_anonymous and user is None:
        return login_manager.unauthorized()
    new_cookie = survey.is_anonymous and token is None
    if new_cookie:
        token = queries.new_browser_token()
    respondent = queries.Respondent(user=user, browser_token=token)
    form = {key: values for key, values in request.form.to_dict(flat=False).items() if key not in FORM_CONTROL_FIELDS}
    step_key, action = request.form.get("step", ""), request.form.get("action", "next")
    outcome = services.save_step(survey, respondent, step_key, form, action, day)
    if outcome.errors:
        progress = queries.progress(survey, respondent)
        response = render_step(survey, progress, step_key, day, errors=outcome.errors, data=form, status=400)
    else:
        g.survey_counted = outcome.started or outcome.completed
        if outcome.notice:
            flash(outcome.notice, "success" if action == "save" else "info")
        target = {"step": outcome.next_step} if outcome.next_step else {}
        response = redirect(url_for("surveys.answer", slug=slug, survey_id=survey.id, **target))
    if new_cookie:
        response = current_app.make_response(response)
        response.set_cookie(COOKIE_NAME, _serializer().dumps(token), max_age=COOKIE_MAX_AGE, httponly=True,
                            samesite="Lax", secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


@bp.get("/processes/<slug>/surveys/<id:survey_id>/results")
def results(slug: str, survey_id: int):
    """Public results: only in the results phase, with small groups suppressed."""
    survey = queries.get_survey(survey_id, slug)
    if not permissions.can_view_survey(current_user, survey):
        abort(404)
    day = today()
    if not permissions.results_are_public(survey, day):
        return render_template("surveys/results_pending.html", survey=survey, process=survey.process)
    group = parse_group(survey, request.args.get("group"))
    return render_results(survey, survey_results(survey, public=True, group=group), admin=False)

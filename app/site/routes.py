"""Site-wide pages: the home page, a process's page, the language switch, health and assets (the legal pages are
in `app.legal`)."""
from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.permissions import is_admin
from app.auth.services import set_preferred_locale
from app.core.clock import today
from app.core.i18n import remember_locale
from app.core.plotly_assets import plotly_css
from app.core.readiness import readiness_checks
from app.core.urls import safe_next_url
from app.legal import queries as legal_queries
from app.processes.labels import PHASE_LABELS
from app.processes.permissions import process_state
from app.processes.services import get_process, list_published_processes
from app.surveys.queries import list_public_surveys

bp = Blueprint("site", __name__)

ASSET_CACHE_SECONDS = 365 * 24 * 3600


@bp.get("/")
def index():
    """The current and the finished processes."""
    day = today()
    processes = [(process, process_state(process, day)) for process in list_published_processes()]
    current = [item for item in processes if item[1].status != "finished"]
    finished = [item for item in processes if item[1].status == "finished"]
    return render_template("processes/index.html", current=current, finished=finished, phase_labels=PHASE_LABELS)


@bp.get("/processes/<slug>/")
def process(slug: str):
    """A process: its phases, pillars, what to do now, its published surveys, and a link to its summary in
    Leichte Sprache when it has one."""
    process = get_process(slug, include_unpublished=is_admin(current_user))
    return render_template(
        "processes/detail.html", process=process, state=process_state(process, today()),
        today=today(), phase_labels=PHASE_LABELS, surveys=list_public_surveys(process),
        easy_language=legal_queries.easy_language_summary(process.id) is not None,
    )


@bp.post("/language")
def set_language():
    """Persist the visitor's language choice (session, and the account when logged in)."""
    locale = request.form.get("locale", "")
    if not remember_locale(locale):
        abort(400)
    if current_user.is_authenticated:
        set_preferred_locale(current_user, locale)
    return redirect(safe_next_url(request.form.get("next"), url_for("site.index")))


@bp.get("/health")
def health():
    """Liveness probe for the load balancer; no database access."""
    return {"status": "ok"}


@bp.get("/ready")
def ready():
    """Readiness probe: 200 when the database (and Redis, if configured) answer, else 503 with what failed."""
    checks = readiness_checks()
    ready = all(value == "ok" for value in checks.values())
    response = current_app.response_class(
        json.dumps({"status": "ok" if ready else "unavailable", "checks": checks}),
        status=200 if ready else 503, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/static/vendor/plotly.css")
def plotly_stylesheet():
    """plotly.js's own base styles as a stylesheet, so that it needs no inline <style> (strict CSP)."""
    response = current_app.response_class(plotly_css(), mimetype="text/css")
    response.headers["Cache-Control"] = f"public, max-age={ASSET_CACHE_SECONDS}, immutable"
    return response

"""Analysis pages under /admin/processes/<slug>/analysis: runs, progress, results, theme edits."""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.analysis_runs import labels, permissions, queries, services
from app.analysis_runs.forms import MoveForm, RenameForm, StartForm
from app.auth.permissions import admin_required, moderator_required
from app.core.errors import DomainError
from app.core.forms import show_domain_error
from app.core.numbers import parse_id
from app.core.pagination import page_number
from app.processes.services import get_process

bp = Blueprint("analysis_runs", __name__)


def _process(slug: str):
    process = get_process(slug, include_unpublished=True, with_children=False)
    services.require_view(current_user, process)
    return process


def _page() -> int:
    return page_number(request.args.get("page"))


def _render_index(process, form: StartForm, status: int = 200):
    runs = queries.runs_of_process(process.id)
    return render_template("analysis_runs/index.html", process=process, runs=runs, form=form,
                           may_start=permissions.can_start_run(current_user, process),
                           shown_status=queries.shown_status, labels=labels), status


@bp.get("/")
@moderator_required
def index(slug: str):
    """All runs of the process (versions) and, for admins, the form to start a new one."""
    return _render_index(_process(slug), StartForm(formdata=None))


@bp.post("/")
@admin_required
def start(slug: str):
    process = _process(slug)
    form = StartForm()
    if not form.validate_on_submit():
        return _render_index(process, form, 400)
    try:
        run = services.start_analysis(current_user, process, form.values())
    except DomainError as error:
        show_domain_error(form, error)
        return _render_index(process, form, error.status_code)
    flash(_l("Analyse Version %(version)d gestartet.", version=run.version), "success")
    return redirect(url_for(".run", slug=process.slug, version=run.version), 303)


@bp.get("/<id:version>/")
@moderator_required
def run(slug: str, version: int):
    """Progress while the run works; themes, duplicates and opinion groups once it is finished."""
    process = _process(slug)
    analysis = services.get_run(process, version)
    finished = analysis.status == "finished"
    themes, unassigned = queries.theme_overview(analysis) if finished else ([], 0)
    return render_template("analysis_runs/run.html", process=process, run=analysis, themes=themes,
                           unassigned=unassigned, status=queries.status_payload(analysis), labels=labels,
                           merge_links=queries.merge_links(analysis) if finished else [])


@bp.get("/<id:version>/status")
@moderator_required
def status(slug: str, version: int):
    """Small JSON for the progress page (polled by static/js/analysis-progress.js)."""
    payload = queries.status_payload(services.get_run(_process(slug), version))
    response = jsonify(payload)
    response.headers["Cache-Control"] = "no-store"
    return response


def _theme_key(raw: str | None) -> int | None:
    """?theme=<id> or ?theme=none (submissions without a theme); anything else is a 404."""
    if raw == "none":
        return None
    theme_id = parse_id(raw)
    if theme_id is None:
        abort(404)
    return theme_id


def _render_items(process, analysis, theme_id, *, status: int = 200, rename_form=None, move_error=None):
    themes = queries.themes_of_run(analysis)
    theme = next((t for t in themes if t.id == theme_id), None)
    if theme_id is not None and theme is None:
        abort(404)
    move_form = MoveForm(formdata=None)
    move_form.theme.choices = [("", str(_l("Ohne Thema")))] + [(str(t.id), t.label) for t in themes]
    return render_template(
        "analysis_runs/items.html", process=process, run=analysis, theme=theme, themes=themes,
        pagination=queries.items_page(analysis, theme_id, _page()), move_form=move_form,
        rename_form=rename_form or RenameForm(formdata=None, label=theme.label if theme else ""),
        move_error=move_error, may_edit=permissions.can_edit_themes(current_user, process),
        labels=labels), status


@bp.get("/<id:version>/items")
@moderator_required
def items(slug: str, version: int):
    """The submissions of one theme (or without theme), paginated, with rename and move forms."""
    process = _process(slug)
    return _render_items(process, services.get_run(process, version), _theme_key(request.args.get("theme")))


@bp.post("/<id:version>/themes/<id:theme_id>/label")
@moderator_required
def rename(slug: str, version: int, theme_id: int):
    process = _process(slug)
    analysis = services.get_run(process, version)
    form = RenameForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.rename_theme(current_user, process, analysis, theme_id, form.label.data)
    except DomainError as error:
        if not error.field:
            raise
        show_domain_error(form, error)
        return _render_items(process, analysis, theme_id, status=400, rename_form=form)
    flash(_l("Die Bezeichnung des Themas wurde geändert."), "success")
    return redirect(url_for(".items", slug=slug, version=version, theme=theme_id), 303)


@bp.post("/<id:version>/items/<id:analysis_item_id>/theme")
@moderator_required
def move(slug: str, version: int, analysis_item_id: int):
    process = _process(slug)
    analysis = services.get_run(process, version)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    raw = (form.theme.data or "").strip()
    back = request.form.get("back", "")
    back_theme = _theme_key(back) if back else None
    try:
        theme_id = parse_id(raw) if raw else None
        if raw and theme_id is None:
            raise DomainError(_l("Dieses Thema gehört nicht zu dieser Analyse."), field="theme")
        services.move_item(current_user, process, analysis, analysis_item_id, theme_id)
    except DomainError as error:
        if not error.field:
            raise
        return _render_items(process, analysis, back_theme, status=400, move_error=error.message)
    flash(_l("Der Beitrag wurde verschoben."), "success")
    return redirect(url_for(".items", slug=slug, version=version, theme=back or "none"), 303)

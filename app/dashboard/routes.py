"""Dashboard views: the admin dashboard with filters, the reference distribution, the public results page."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth.permissions import admin_required, is_admin
from app.core.clock import today
from app.core.confirm import Confirmation, confirmation_page, is_confirmed
from app.core.errors import DomainError
from app.core.forms import EmptyForm, show_domain_error
from app.dashboard import permissions
from app.dashboard.forms import parse_filters, reference_form, share_fields
from app.dashboard.pages import dashboard_context, results_context
from app.figures import services as figures
from app.figures.labels import reference_dimension_labels
from app.processes.labels import PHASE_LABELS
from app.processes.permissions import process_state
from app.processes.services import get_process

bp = Blueprint("dashboard", __name__)
ADMIN_URL = "/admin/processes/<slug>/dashboard"


@bp.get(ADMIN_URL)
@admin_required
def index(slug: str):
    """The dashboard; GET filters `topic` and `district` (unknown ids: a message, the whole process shown)."""
    process = get_process(slug, include_unpublished=True)
    filters = parse_filters(process, request.args)
    context = dashboard_context(process, filters)
    status = 400 if filters.errors else 200
    return render_template("dashboard/index.html", process=process, filters=filters, **context), status


def _forms(process, **overrides) -> dict:
    stored = figures.reference_of(process)
    forms = {}
    for dimension in figures.REFERENCE_DIMENSIONS:
        if dimension in overrides:
            forms[dimension] = overrides[dimension]
            continue
        categories = figures.known_categories(process, dimension)
        rows = {row.category: row for row in stored.get(dimension, [])}
        data = {f"share_{i}": f"{rows[key].share:g}".replace(".", ",") for i, (key, _label) in enumerate(categories)
                if key in rows}
        if rows:
            data["source"] = next(iter(rows.values())).source
        forms[dimension] = reference_form(categories, dimension, formdata=None, data=data)
    return {"forms": forms, "stored": stored}


def _render_reference(process, status: int = 200, **overrides):
    return render_template("dashboard/reference.html", process=process, dimension_labels=reference_dimension_labels(),
                           share_fields=share_fields, delete_form=EmptyForm(), **_forms(process, **overrides)), status


@bp.get(ADMIN_URL + "/reference")
@admin_required
def reference(slug: str):
    """One form per dimension (age group, district): the reference shares in percent and their source."""
    return _render_reference(get_process(slug, include_unpublished=True))


@bp.post(ADMIN_URL + "/reference/<dimension>")
@admin_required
def reference_save(slug: str, dimension: str):
    process = get_process(slug, include_unpublished=True)
    if dimension not in figures.REFERENCE_DIMENSIONS:
        abort(404)
    categories = figures.known_categories(process, dimension)
    form = reference_form(categories, dimension)
    if form.validate_on_submit():
        shares = {key: field.number for (key, _label), field in zip(categories, share_fields(form))}
        try:
            figures.save_reference(current_user, process, dimension, shares, form.source.data)
        except DomainError as error:
            _attach_error(form, categories, error)
        else:
            flash(_l("Die Referenzwerte wurden gespeichert."), "success")
            return redirect(url_for("dashboard.reference", slug=process.slug))
    return _render_reference(process, 400, **{dimension: form})


def _attach_error(form, categories, error: DomainError) -> None:
    """Errors about one category go to its field, the sum to the first field, the rest by field name."""
    fields = share_fields(form)
    keys = [key for key, _label in categories]
    if error.field in keys:
        error.field = fields[keys.index(error.field)].short_name
    elif error.field == "total" and fields:
        error.field = fields[0].short_name
    show_domain_error(form, error)


@bp.route(ADMIN_URL + "/reference/<dimension>/delete", methods=["GET", "POST"])
@admin_required
def reference_delete(slug: str, dimension: str):
    process = get_process(slug, include_unpublished=True)
    if dimension not in figures.REFERENCE_DIMENSIONS:
        abort(404)
    if not is_confirmed():
        name = reference_dimension_labels()[dimension]
        return confirmation_page(Confirmation(
            title=str(_l("Referenzwerte löschen")),
            question=str(_l("Möchten Sie die Referenzwerte „%(name)s“ wirklich löschen?", name=name)),
            button=str(_l("Endgültig löschen")), cancel_url=url_for("dashboard.reference", slug=process.slug),
            consequences=[str(_l("Das Dashboard und der Bericht vergleichen die Beteiligten danach nicht mehr "
                                 "mit diesen Anteilen."))]))
    if figures.delete_reference(current_user, process, dimension):
        flash(_l("Die Referenzwerte wurden gelöscht."), "success")
    return redirect(url_for("dashboard.reference", slug=process.slug))


@bp.get("/processes/<slug>/results")
def results(slug: str):
    """Public results once the process is in its results phase (or over); before that a notice (200)."""
    process = get_process(slug, include_unpublished=is_admin(current_user))
    day = today()
    if not permissions.results_are_public(process, day):
        return render_template("dashboard/results_pending.html", process=process, state=process_state(process, day),
                               phase_labels=PHASE_LABELS)
    return render_template("dashboard/results.html", process=process, **results_context(process))

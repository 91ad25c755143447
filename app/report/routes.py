"""The report draft page, report exports (background jobs and their files) and the OParl objects."""
from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.audit.services import log_export
from app.auth.permissions import admin_required, is_admin
from app.core.clock import now, today
from app.core.confirm import Confirmation, confirmation_page, is_confirmed
from app.core.errors import DomainError
from app.core.forms import EmptyForm, show_domain_error
from app.core.ratelimit import user_or_address
from app.extensions import limiter, login_manager
from app.figures import services as figures
from app.processes.services import get_process
from app.report import drafts, exports, oparl, rendering, services
from app.report.export_forms import ExportForm, blank_export_form
from app.report.forms import form_for_draft, report_form, submitted_rows
from app.report.permissions import can_read_oparl, report_is_public
from app.report.preview import outline

bp = Blueprint("report", __name__)
MIMETYPES = {**rendering.MIMETYPES, "oparl": "application/json",
             "anlage": None}  # Anlagen: by file name (XLSX, CSV)


def _page(process, form, draft, status: int = 200):
    run = figures.latest_run(process)
    report = rendering.build_process_report(process, draft, run)
    for name in ("betreff", "antrag"):
        default = report.label(f"default_{name}").format(title=report.process_title)
        form[name].description = _l("Leer lassen für den Standardtext: %(text)s", text=default)
    return render_template(
        "report/edit.html", process=process, form=form, draft=draft, reset_form=EmptyForm(),
        outline=outline(report), report=report,
        oparl_url=url_for("report.oparl_paper", slug=process.slug, paper_key=process.slug),
        public=report_is_public(process, today()), analysis_run=run,
        export_form=blank_export_form(), exports=exports.latest_exports(process), moment=now(),
    ), status


@bp.route("/admin/processes/<slug>/report", methods=["GET", "POST"])
@admin_required
def edit(slug: str):
    """Edit kind, reference, date, Betreff, Antrag and Beratungsfolge; preview and download links."""
    process = get_process(slug, include_unpublished=True)
    if request.method == "GET":
        draft = drafts.get_or_default_draft(process)
        return _page(process, form_for_draft(draft, drafts.draft_steps(draft)), draft)
    if request.form.get("action") == "reset":
        if not is_confirmed():
            return confirmation_page(Confirmation(
                title=str(_l("Berichtsentwurf zurücksetzen")),
                question=str(_l("Möchten Sie Betreff, Antrag und Beratungsfolge wirklich auf den Standard "
                                "zurücksetzen?")),
                button=str(_l("Zurücksetzen")), cancel_url=url_for("report.edit", slug=process.slug),
                consequences=[str(_l("Ihre Texte in Betreff und Antrag und Ihre Beratungsfolge gehen verloren; "
                                     "Art, Drucksachen-Nummer und Datum bleiben."))],
                hidden={"action": "reset"}))
        if EmptyForm().validate_on_submit():
            services.reset_draft(process, current_user)
            flash(_l("Betreff, Antrag und Beratungsfolge stehen wieder auf dem Standard."), "success")
        return redirect(url_for("report.edit", slug=process.slug))
    form = report_form(submitted_rows(request.form))
    if form.validate_on_submit():
        try:
            services.save_draft(process, current_user, form.draft_data())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_l("Der Berichtsentwurf wurde gespeichert."), "success")
            return redirect(url_for("report.edit", slug=process.slug))
    return _page(process, form, drafts.get_or_default_draft(process), 400)


@bp.post("/admin/processes/<slug>/report/exports")
@admin_required
def export_start(slug: str):
    """Start a background job that renders the ticked formats; then its status page."""
    process = get_process(slug, include_unpublished=True)
    form = ExportForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("report.edit", slug=process.slug) + "#export-heading")
    try:
        job = exports.start_export(current_user, process, form.chosen(), rendering.oparl_base_url(process))
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("report.edit", slug=process.slug) + "#export-heading")
    return redirect(url_for("report.export_status", slug=process.slug, job_id=job.id))


@bp.get("/admin/processes/<slug>/report/exports/<id:job_id>")
@admin_required
def export_status(slug: str, job_id: int):
    """Progress of an export job (refreshes itself while it runs) and, when finished, its files."""
    process = get_process(slug, include_unpublished=True)
    job = exports.get_export(process, job_id)
    return render_template("report/export.html", process=process, job=job, moment=now())


@bp.get("/admin/processes/<slug>/report/exports/<id:job_id>/<name>")
@admin_required
def export_file(slug: str, job_id: int, name: str):
    """A file of a finished export job (no rendering here: the job made it)."""
    process = get_process(slug, include_unpublished=True)
    job = exports.get_export(process, job_id)
    path = exports.file_path(job, name)
    entry = job.file(name)
    mimetype = MIMETYPES.get(entry["format"])
    response = send_file(path, mimetype=mimetype, as_attachment=True, download_name=name, max_age=0)
    if mimetype:
        response.headers["Content-Type"] = mimetype  # as given: Werkzeug would add a second charset
    response.headers["Cache-Control"] = "no-store"
    log_export(current_user, "export_report", process_id=process.id, item_kind="report", details=entry["format"])
    return response


# --- OParl: admins always; everyone once the process is in its results phase -----------------

def _oparl_process(slug: str):
    """The process, if the current user may read its OParl objects (else login page or 403).

    A draft (unpublished) process is NotFound for everyone but admins, exactly like an unknown slug.
    """
    process = get_process(slug, include_unpublished=is_admin(current_user))
    if not can_read_oparl(current_user, process, today()):
        abort(login_manager.unauthorized() if not current_user.is_authenticated else 403)
    return process


def _public_limit() -> str:
    return current_app.config.get("RATELIMIT_REPORT_FILES", "60 per hour")


_oparl_limit = limiter.limit(_public_limit, key_func=user_or_address, exempt_when=lambda: is_admin(current_user))


def _logged(process, details: str) -> None:
    if current_user.is_authenticated:  # public files of a finished process are not logged per reader
        log_export(current_user, "export_report", process_id=process.id, item_kind="report", details=details)


def _json_response(body: bytes) -> Response:
    return Response(body, mimetype="application/json", headers={"Cache-Control": "no-store"})


def _oparl_object(slug: str, kind: str, key: str | None = None) -> Response:
    process = _oparl_process(slug)
    base_url = oparl.public_base_url(process, current_user)
    return _json_response(oparl.object_bytes(process, base_url, kind, key))


@bp.get("/processes/<slug>/oparl/")
@_oparl_limit
def oparl_index(slug: str):
    """The OParl base of a process: leads to its System object."""
    process = _oparl_process(slug)
    return redirect(url_for("report.oparl_system", slug=process.slug))


@bp.get("/processes/<slug>/oparl/system")
@_oparl_limit
def oparl_system(slug: str):
    """The OParl System (JSON)."""
    return _oparl_object(slug, "system")


@bp.get("/processes/<slug>/oparl/body")
@_oparl_limit
def oparl_bodies(slug: str):
    """The list of Bodies: the one Body (the city)."""
    return _oparl_object(slug, "bodies")


@bp.get("/processes/<slug>/oparl/body/1")
@_oparl_limit
def oparl_body(slug: str):
    """The Body the Paper belongs to."""
    return _oparl_object(slug, "body")


@bp.get("/processes/<slug>/oparl/body/1/<any(organization, person, meeting, paper):listing>")
@_oparl_limit
def oparl_list(slug: str, listing: str):
    """A list the Body names: the committees, the Paper, and (empty) persons and meetings."""
    return _oparl_object(slug, "list", listing)


@bp.get("/processes/<slug>/oparl/organization/<organization_key>")
@_oparl_limit
def oparl_organization(slug: str, organization_key: str):
    """A committee of the Beratungsfolge as an OParl Organization."""
    return _oparl_object(slug, "organization", organization_key)


@bp.get("/processes/<slug>/oparl/paper/<paper_key>/consultation/<id:index>")
@_oparl_limit
def oparl_consultation(slug: str, paper_key: str, index: int):
    """One step of the Beratungsfolge as an OParl Consultation."""
    process = _oparl_process(slug)
    oparl.check_paper_key(process, paper_key)
    return _oparl_object(slug, "consultation", str(index))


@bp.get("/processes/<slug>/oparl/paper/<paper_key>")
@_oparl_limit
def oparl_paper(slug: str, paper_key: str):
    """The report as an OParl 1.1 Paper (JSON)."""
    process = _oparl_process(slug)
    oparl.check_paper_key(process, paper_key)
    body = oparl.paper_bytes(process, oparl.public_base_url(process, current_user))
    _logged(process, "oparl-paper")
    return _json_response(body)


@bp.get("/processes/<slug>/oparl/file/<file_key>/<file_name>")
@_oparl_limit
def oparl_file(slug: str, file_key: str, file_name: str):
    """A File of the Paper: the report PDF or the CSV of an Anlage (exactly the bytes described)."""
    process = _oparl_process(slug)
    wanted = oparl.parse_file(process, file_key, file_name)
    if wanted.kind == "anlage":
        body = oparl.anlage_csv(process, wanted.number)
        _logged(process, file_name)
        return Response(body, content_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="{file_name}"', "Cache-Control": "no-store"})
    body = oparl.main_file_bytes(process)
    _logged(process, file_name)
    return Response(body, content_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{file_name}"', "Cache-Control": "no-store"})

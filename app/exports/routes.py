"""Export downloads: the administration's XLSX of a process, and the public open-data files."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request, send_file
from flask_babel import force_locale
from flask_login import current_user

from app.audit.services import log_export
from app.auth.permissions import admin_required, is_admin
from app.comments.labels import COMMENT_ALIGNMENT_LABELS
from app.core.clock import now
from app.core.xlsx import workbook_response
from app.exports import opendata, services
from app.exports.workbook import write_process_workbook
from app.processes.services import get_process
from app.proposals.labels import PROPOSAL_STATUS_LABELS

bp = Blueprint("exports", __name__)

OPEN_DATA_MAX_AGE = 300  # seconds; open data may lag five minutes behind the platform
MIMETYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


@bp.get("/admin/processes/<slug>/export.xlsx")
@admin_required
def process_xlsx(slug: str):
    """All raw data of a process as one workbook (administration only; logged)."""
    process = get_process(slug, include_unpublished=True)
    response = workbook_response(lambda handle: write_process_workbook(process, handle), f"{process.slug}.xlsx")
    log_export(current_user, "export_process", process_id=process.id, details="xlsx")
    return response


@bp.get("/processes/<slug>/opendata/")
def opendata_index(slug: str):
    """What the open data of a published process holds: files, licence, formats, columns."""
    process = get_process(slug, with_children=False)
    datasets = [(name, dataset.columns()) for name, dataset in opendata.DATASETS.items()]
    return render_template("exports/opendata.html", process=process, datasets=datasets,
                           titles=opendata.DATASET_TITLES, descriptions=opendata.DATASET_DESCRIPTIONS,
                           licence_name=opendata.LICENCE_NAME, licence_url=opendata.LICENCE_URL,
                           status_labels=PROPOSAL_STATUS_LABELS, alignment_labels=COMMENT_ALIGNMENT_LABELS)


@bp.get("/processes/<slug>/opendata/<any(proposals, comments, 'survey-results'):dataset>.<any(csv, json):fmt>")
def opendata_file(slug: str, dataset: str, fmt: str):
    """One open-data file, streamed (published processes only; no personal data)."""
    process = get_process(slug, with_children=False)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):  # the same bytes for everyone: cacheable
        body = opendata.open_file(dataset, fmt, process.id)
    response = Response(body, content_type=MIMETYPES[fmt])  # the charset is in the type already
    disposition = "attachment" if fmt == "csv" else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{process.slug}-{dataset}.{fmt}"'
    response.headers["Cache-Control"] = f"public, max-age={OPEN_DATA_MAX_AGE}"
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Link"] = f'<{opendata.LICENCE_URL}>; rel="license"'
    return response


@bp.get("/processes/<slug>/opendata.zip")
def opendata_zip(slug: str):
    """All open data of a process as one ZIP (CSV, JSON, README), rebuilt in the background when the data
    changed (see app.exports.services). Anyone for published processes, administrators for the others."""
    process = get_process(slug, include_unpublished=is_admin(current_user), with_children=False)
    dump = services.current_zip(process, request.url_root)
    path = services.zip_path(process.id)
    if dump is None or not dump.has_file or not path.is_file():
        failed = dump is not None and dump.shown_status(now()) == "failed"
        response = current_app.make_response((
            render_template("exports/opendata_zip_pending.html", process=process, failed=failed),
            503 if failed else 202))
        response.headers["Retry-After"] = "60"
        response.headers["Cache-Control"] = "no-store"
        return response
    response = send_file(path, mimetype="application/zip", as_attachment=True,
                         download_name=f"{process.slug}-opendata.zip", conditional=True, etag=dump.sha256,
                         last_modified=dump.generated_at)
    response.headers["Cache-Control"] = (f"public, max-age={OPEN_DATA_MAX_AGE}" if process.published
                                         else "no-store")
    if process.published:
        response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Link"] = f'<{opendata.LICENCE_URL}>; rel="license"'
    return response

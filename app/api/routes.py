"""The read API `/api/v1/`: thin GET views that parse, read, validate against the schema and answer JSON.

Every answer: validated by its Pydantic model before it is sent; an `ETag` (304 for a matching
`If-None-Match`); `Access-Control-Allow-Origin: *` without credentials; rate-limited per address
(`RATELIMIT_API`). The API never looks at the login: everybody sees exactly what an anonymous visitor of
the site sees. Errors are JSON (`{"error": {"code", "message"}}`, translated), never a 500 for bad input.
"""
from __future__ import annotations

import functools
import re

from flask import Blueprint, Response, current_app, json, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException

from app.analysis_runs.queries import results as analysis_results
from app.api import cursors, openapi, payloads, queries, schemas
from app.core.clock import today
from app.core.errors import ERROR_TEXTS, DomainError, render_error
from app.core.numbers import MAX_ID, parse_int
from app.core.pagecache import PageCache
from app.extensions import limiter
from app.figures import services as figures
from app.moderation.services.summary import process_summary
from app.processes.services import get_process, list_published_processes
from app.proposals.models import STATUS_VALUES
from app.surveys import permissions as survey_permissions
from app.surveys.queries import get_survey, list_public_surveys
from app.surveys.queries.results import SUPPRESS_BELOW, survey_results

bp = Blueprint("api", __name__, url_prefix=openapi.PREFIX)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REFERENCE = re.compile(r"^[A-Z]{2,6}-[0-9]{4}-[0-9]{4,}$")
MAX_AGE = 60  # seconds clients and proxies may reuse an answer without asking again
SORTS = ("newest", "agreed", "discussed")
CACHE_ENTRIES = 64
CACHE_MAX_BYTES = 256 * 1024


class ApiError(Exception):
    """An answer with an error status and a translated message."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def _limit() -> str:
    return current_app.config["RATELIMIT_API"]


limiter.limit(_limit, key_func=get_remote_address)(bp)


def error_response(code: int, message) -> Response:
    """`{"error": {"code", "message"}}` with the status `code` (the message translated, never cached)."""
    body = schemas.Error(error=schemas.ErrorBody(code=code, message=str(message)))
    response = Response(body.model_dump_json(), status=code, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    return error_response(error.code, error.message)


@bp.errorhandler(DomainError)
def _domain_error(error: DomainError):
    return error_response(error.status_code, error.message)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    code = error.code if error.code in ERROR_TEXTS else 400
    if code == 429:
        response = error_response(429, ERROR_TEXTS[429][1])
        response.headers["Retry-After"] = "60"
        return response
    return error_response(code, ERROR_TEXTS[code][1])


def not_routed(error: HTTPException):
    """Addresses no route matches (control characters in a path segment, say): JSON under /api/, else the page."""
    if request.path.startswith(openapi.PREFIX + "/") or request.path == openapi.PREFIX:
        return error_response(404, ERROR_TEXTS[404][1])
    return render_error(404)


@bp.errorhandler(Exception)
def _unexpected(error: Exception):
    current_app.logger.exception("Unhandled API error on %s", request.path)
    return error_response(500, ERROR_TEXTS[500][1])


@bp.after_request
def _headers(response: Response) -> Response:
    """CORS for reading, and conditional answers: ETag on every success, 304 when the client has it."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Link, Retry-After"
    if response.status_code == 200 and request.method in ("GET", "HEAD"):
        response.headers.setdefault("Cache-Control", f"public, max-age={MAX_AGE}")
        response.add_etag()
        response.make_conditional(request)
    return response


def api_cache() -> PageCache:
    """The API's own small cache (per process): at most CACHE_ENTRIES answers of up to CACHE_MAX_BYTES each,
    so that a client walking every page cannot fill the memory (about 16 MB at most)."""
    return current_app.extensions.setdefault("api_cache", PageCache(max_entries=CACHE_ENTRIES))


def cached(view):
    """Keep the view's successful JSON answer for PAGE_CACHE_SECONDS, as the site does for anonymous pages:
    the API answers the same to everybody, so it may lag that long behind the platform."""

    @functools.wraps(view)
    def wrapper(**values):
        seconds = current_app.config.get("PAGE_CACHE_SECONDS")
        if not seconds:
            return view(**values)
        key = ("api", request.path, request.query_string)
        body = api_cache().get(key)
        if body is None:
            response = view(**values)
            if response.status_code != 200:
                return response
            body = response.get_data()
            if len(body) <= CACHE_MAX_BYTES:
                api_cache().set(key, body, seconds)
        return Response(body, mimetype="application/json")

    return wrapper


def _json(model: type[schemas.Schema], payload: dict, **headers) -> Response:
    """Validate `payload` against `model` and answer it as JSON."""
    body = model.model_validate(payload).model_dump_json(by_alias=True)
    response = Response(body, mimetype="application/json")
    response.headers.update(headers)
    return response


def _bad(name: str) -> ApiError:
    return ApiError(400, _("Der Parameter „%(name)s“ ist ungültig.", name=name))


def _int_arg(name: str, default: int | None, minimum: int, maximum: int) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    number = parse_int(raw, minimum=minimum, maximum=maximum)
    if number is None:
        raise _bad(name)
    return number


def _cursor_arg(sort: str) -> tuple[int, int] | None:
    raw = request.args.get("cursor")
    if raw is None or raw == "":
        return None
    try:
        return cursors.decode(raw, sort)
    except cursors.BadCursor:
        raise _bad("cursor") from None


def _process(slug: str, *, with_children: bool = True):
    if not SLUG.match(slug) or len(slug) > 80:
        raise ApiError(404, _("Diesen Beteiligungsprozess gibt es nicht."))
    return get_process(slug, with_children=with_children)  # published only: NotFound otherwise


def _reference(reference: str) -> str:
    if len(reference) > 32 or not REFERENCE.match(reference):
        raise ApiError(404, _("Diesen Vorschlag gibt es nicht."))
    return reference


def _next_link(endpoint: str, cursor: str | None, **values) -> str | None:
    if cursor is None:
        return None
    arguments = {key: value for key, value in request.args.items() if key != "cursor"}
    arguments.update(values)
    return url_for(endpoint, cursor=cursor, _external=True, **arguments)


@bp.get("/")
def index():
    """Where to start: the document, the documentation, the processes."""
    return _json(schemas.Index, {
        "name": "Ratschlag", "version": openapi.API_VERSION,
        "openapi": url_for("api.openapi_document", _external=True), "docs": url_for("api.docs", _external=True),
        "processes": url_for("api.processes", _external=True),
        "licence": "https://www.govdata.de/dl-de/zero-2-0"})


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 document (generated from the schemas the answers are validated with)."""
    server = url_for("api.index", _external=True).rstrip("/")
    return Response(json.dumps(openapi.document(server), ensure_ascii=False), mimetype="application/json")


@bp.get("/docs")
def docs():
    """The documentation, rendered on the server from the OpenAPI document (no scripts, no external assets)."""
    server = url_for("api.index", _external=True).rstrip("/")
    document = openapi.document(server)
    return render_template("api/docs.html", document=document, endpoints=openapi.ENDPOINTS, base=server,
                           tables=openapi.schema_tables(document["components"]["schemas"]),
                           type_name=openapi.type_name)


@bp.get("/processes")
@cached
def processes():
    """Published processes, newest first."""
    day = today()
    return _json(schemas.ProcessList,
                 {"data": [payloads.process_summary(process, day) for process in list_published_processes()]})


@bp.get("/processes/<slug>")
@cached
def process(slug: str):
    """A published process with phases, pillars and districts."""
    return _json(schemas.Process, payloads.process_document(_process(slug), today()))


@bp.get("/processes/<slug>/proposals")
@cached
def proposals(slug: str):
    """A page of readable proposals, filtered and sorted like the site's list, with a keyset cursor."""
    process = _process(slug, with_children=False)
    sort = request.args.get("sort") or "newest"
    if sort not in SORTS:
        raise _bad("sort")
    status = request.args.get("status") or None
    if status is not None and status not in STATUS_VALUES:
        raise _bad("status")
    q = " ".join((request.args.get("q") or "").split())
    if len(q) > 200:
        raise _bad("q")
    filters = queries.ProposalFilters(topic_id=_int_arg("topic", None, 1, MAX_ID),
                                      district_id=_int_arg("district", None, 1, MAX_ID), status=status, q=q, sort=sort)
    limit = _int_arg("limit", 20, 1, 100)
    rows, merged, following = queries.proposal_page(process.id, filters, limit, _cursor_arg(sort))
    pattern = payloads.proposal_url_pattern()
    return _json(schemas.ProposalPage, {
        "data": [payloads.proposal_document(row, merged.get(row[0], []), pattern) for row in rows],
        "links": {"next": _next_link("api.proposals", following, slug=slug)}})


def _readable_proposal(process, reference: str):
    row = queries.find_proposal(process.id, _reference(reference))
    if row is None:
        raise ApiError(404, _("Diesen Vorschlag gibt es nicht."))
    return row


@bp.get("/processes/<slug>/proposals/<reference>")
@cached
def proposal(slug: str, reference: str):
    """A readable proposal; a merged one redirects to the proposal it was merged into."""
    process = _process(slug, with_children=False)
    row = _readable_proposal(process, reference)
    if row[12] is not None:  # merged: the site's page redirects to the target, and so does the API
        return redirect(url_for("api.proposal", slug=slug, reference=row[13], _external=True), 301)
    merged = queries.merged_from([row[0]])
    return _json(schemas.Proposal,
                 payloads.proposal_document(row, merged.get(row[0], []), payloads.proposal_url_pattern()))


@bp.get("/processes/<slug>/proposals/<reference>/comments")
@cached
def comments(slug: str, reference: str):
    """A page of the visible comments of a readable proposal, oldest first."""
    process = _process(slug, with_children=False)
    row = _readable_proposal(process, reference)
    if row[12] is not None:  # merged: its comments moved to the target with the merge
        return redirect(url_for("api.comments", slug=slug, reference=row[13], _external=True), 301)
    limit = _int_arg("limit", 50, 1, 100)
    after = _cursor_arg("comments")
    rows, following = queries.comment_page(row[0], limit, after[1] if after else None)
    cursor = cursors.encode("comments", 0, following) if following is not None else None
    return _json(schemas.CommentPage, {
        "data": [payloads.comment_document(comment) for comment in rows],
        "links": {"next": _next_link("api.comments", cursor, slug=slug, reference=reference)}})


@bp.get("/processes/<slug>/surveys")
@cached
def surveys(slug: str):
    """The open and closed surveys of a published process."""
    process = _process(slug)
    return _json(schemas.SurveyList,
                 {"data": [payloads.survey_summary(survey, slug) for survey in list_public_surveys(process)]})


def _survey(slug: str, raw_id: str):
    process = _process(slug)
    survey_id = parse_int(raw_id, minimum=1, maximum=MAX_ID)
    survey = None
    if survey_id is not None:
        try:
            survey = get_survey(survey_id, process.slug)
        except DomainError:
            survey = None
    if survey is None or survey.status == "draft":
        raise ApiError(404, _("Diese Umfrage gibt es nicht."))
    return survey


@bp.get("/processes/<slug>/surveys/<survey_id>")
@cached
def survey(slug: str, survey_id: str):
    """The structure of a survey: sections, questions, choices, conditions."""
    chosen = _survey(slug, survey_id)
    public = survey_permissions.results_are_public(chosen, today())
    return _json(schemas.Survey, payloads.survey_document(chosen, slug, public))


@bp.get("/processes/<slug>/surveys/<survey_id>/results", endpoint="survey_results")
@cached
def survey_results_view(slug: str, survey_id: str):
    """Published results of a survey, small counts suppressed as on the site."""
    chosen = _survey(slug, survey_id)
    if not survey_permissions.results_are_public(chosen, today()):
        raise ApiError(404, _("Die Ergebnisse werden erst in der Ergebnisphase veröffentlicht."))
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):  # the same bytes for everyone
        document = payloads.survey_results_document(survey_results(chosen, public=True))
    return _json(schemas.SurveyResults, document)


@bp.get("/processes/<slug>/analysis")
@cached
def analysis(slug: str):
    """Themes and opinion groups of the latest finished analysis, once results are public (else null)."""
    process = _process(slug)
    run = figures.latest_run(process) if payloads.results_public(process, today()) else None
    if run is None:
        return _json(schemas.AnalysisResponse, {"data": None})
    opinions = figures.opinions(run)
    statements = [s.ref for group in (opinions.groups if opinions else []) for s in group.representative]
    statements += [s.ref for s in (opinions.consensus if opinions else [])]
    visible = queries.visible_references(process.id, statements)
    document = payloads.analysis_document(run, analysis_results.themes_by_pillar(run), opinions, visible,
                                          SUPPRESS_BELOW)
    return _json(schemas.AnalysisResponse, {"data": document})


@bp.get("/processes/<slug>/moderation")
@cached
def moderation(slug: str):
    """Reports by reason and moderation actions by kind (counts only), as on the public summary page."""
    summary = process_summary(_process(slug, with_children=False).id)
    return _json(schemas.ModerationSummary, {"total_reports": summary.total_reports,
                                             "reports_by_reason": summary.reports_by_reason,
                                             "actions": summary.actions})


@bp.get("/<path:rest>")
def unknown(rest: str):
    """Anything else under /api/v1/: a JSON 404."""
    raise ApiError(404, ERROR_TEXTS[404][1])

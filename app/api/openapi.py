"""The OpenAPI 3.1 document of the read API, generated from the Pydantic models in `app.api.schemas`.

`ENDPOINTS` lists every operation once (path, summary, parameters, response model, error codes); the views
in `app.api.routes` answer exactly these paths, and a test checks that the two agree. Component schemas are
the models' JSON Schema 2020-12, which OpenAPI 3.1 takes unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from app.api import schemas

API_VERSION = "1.0.0"
PREFIX = "/api/v1"
REF = "#/components/schemas/{model}"
SLUG = {"name": "slug", "in": "path", "required": True, "description": "The process's short name in its address.",
        "schema": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80}}
REFERENCE = {"name": "reference", "in": "path", "required": True, "description": "The proposal's reference.",
             "schema": {"type": "string", "pattern": "^[A-Z]{2,6}-[0-9]{4}-[0-9]{4,}$", "maxLength": 32}}
SURVEY_ID = {"name": "survey_id", "in": "path", "required": True, "description": "The survey's id.",
             "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}


@dataclass(frozen=True)
class Endpoint:
    path: str
    operation_id: str
    summary: str
    description: str
    model: type[BaseModel] | None  # None: not JSON (documentation page)
    parameters: tuple[dict, ...] = ()
    query: type[BaseModel] | None = None
    errors: tuple[int, ...] = (404, 429)
    example: str = ""
    extra_responses: dict = field(default_factory=dict)


ENDPOINTS = (
    Endpoint("/", "index", "Einstieg", "Links to the document, the documentation and the processes.", schemas.Index,
             errors=(429,), example="/api/v1/"),
    Endpoint("/openapi.json", "openapi", "OpenAPI-Dokument", "This document (OpenAPI 3.1).", None, errors=(429,),
             example="/api/v1/openapi.json"),
    Endpoint("/docs", "docs", "Dokumentation", "The documentation page (HTML, generated from this document).", None,
             errors=(429,), example="/api/v1/docs"),
    Endpoint("/processes", "processes", "Beteiligungsprozesse",
             "Published processes, newest first.", schemas.ProcessList, errors=(429,), example="/api/v1/processes"),
    Endpoint("/processes/{slug}", "process", "Ein Beteiligungsprozess",
             "A published process with its phases, pillars (topics) and districts.", schemas.Process, (SLUG,),
             example="/api/v1/processes/engagement-strategie"),
    Endpoint("/processes/{slug}/proposals", "proposals", "Vorschläge",
             "Readable proposals (not hidden, withdrawn or merged), filtered like the site's list, newest first "
             "or by agreement or discussion, in pages of up to 100 (keyset cursor in the `next` link).",
             schemas.ProposalPage, (SLUG,), schemas.ProposalQuery, errors=(400, 404, 429),
             example="/api/v1/processes/engagement-strategie/proposals?limit=100&sort=agreed"),
    Endpoint("/processes/{slug}/proposals/{reference}", "proposal", "Ein Vorschlag",
             "A readable proposal. The address of a merged proposal redirects (301) to the proposal it was merged "
             "into.", schemas.Proposal, (SLUG, REFERENCE),
             example="/api/v1/processes/engagement-strategie/proposals/ENG-2026-0001",
             extra_responses={"301": {"description": "Merged: `Location` is the proposal it was merged into.",
                                      "headers": {"Location": {"schema": {"type": "string"}}}}}),
    Endpoint("/processes/{slug}/proposals/{reference}/comments", "comments", "Kommentare zu einem Vorschlag",
             "Visible comments (not hidden or deleted), oldest first; `parent_id` and `depth` give the threads.",
             schemas.CommentPage, (SLUG, REFERENCE), schemas.CommentQuery, errors=(400, 404, 429),
             example="/api/v1/processes/engagement-strategie/proposals/ENG-2026-0001/comments",
             extra_responses={"301": {"description": "Merged: `Location` is the comments of the proposal it was "
                                                     "merged into (its comments moved there).",
                                      "headers": {"Location": {"schema": {"type": "string"}}}}}),
    Endpoint("/processes/{slug}/surveys", "surveys", "Umfragen", "Open and closed surveys of the process.",
             schemas.SurveyList, (SLUG,), example="/api/v1/processes/engagement-strategie/surveys"),
    Endpoint("/processes/{slug}/surveys/{survey_id}", "survey", "Aufbau einer Umfrage",
             "Sections and questions with their choices and conditions.", schemas.Survey, (SLUG, SURVEY_ID),
             example="/api/v1/processes/engagement-strategie/surveys/1"),
    Endpoint("/processes/{slug}/surveys/{survey_id}/results", "survey_results", "Ergebnisse einer Umfrage",
             "Published results (from the process's results phase on): counts of 1 to 4 people are null, "
             "questions and groups with fewer than 5 respondents are suppressed; no free-text answers.",
             schemas.SurveyResults, (SLUG, SURVEY_ID),
             example="/api/v1/processes/engagement-strategie/surveys/1/results"),
    Endpoint("/processes/{slug}/analysis", "analysis", "Themen und Meinungsgruppen",
             "Themes and opinion groups of the latest finished analysis, once results are published.",
             schemas.AnalysisResponse, (SLUG,), example="/api/v1/processes/engagement-strategie/analysis"),
    Endpoint("/processes/{slug}/moderation", "moderation", "Moderation in Zahlen",
             "Reports by reason and moderation actions by kind (counts only).", schemas.ModerationSummary, (SLUG,),
             example="/api/v1/processes/engagement-strategie/moderation"),
)

ERROR_DESCRIPTIONS = {400: "A query parameter or cursor is not valid.", 404: "Not found (or not published).",
                      429: "Too many requests: wait a moment."}


def query_parameters(model: type[BaseModel]) -> list[dict]:
    """The fields of a query model as OpenAPI query parameters (their JSON Schema, without titles)."""
    schema = model.model_json_schema()
    parameters = []
    for name, prop in schema["properties"].items():
        prop = {key: value for key, value in prop.items() if key not in ("title", "description")}
        if "anyOf" in prop:  # `int | None`: the parameter is optional, so only the non-null branch
            branches = [branch for branch in prop.pop("anyOf") if branch.get("type") != "null"]
            prop.update(branches[0])
        if prop.get("default", 0) is None:
            del prop["default"]
        parameters.append({"name": name, "in": "query", "required": False,
                           "description": model.model_fields[name].description or "", "schema": prop})
    return parameters


def _headers() -> dict:
    return {"ETag": {"description": "Send it back in `If-None-Match` to get 304 while nothing changed.",
                     "schema": {"type": "string"}},
            "Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}}}


def _operation(endpoint: Endpoint) -> dict:
    if endpoint.model is None:
        media = "application/json" if endpoint.operation_id == "openapi" else "text/html"
        content = {media: {"schema": {"type": "object"} if media == "application/json" else {"type": "string"}}}
    else:
        content = {"application/json": {"schema": {"$ref": REF.format(model=endpoint.model.__name__)}}}
    responses = {"200": {"description": "OK", "headers": _headers(), "content": content},
                 "304": {"description": "Not modified (the `If-None-Match` ETag is current)."}}
    responses.update(endpoint.extra_responses)
    for code in endpoint.errors:
        responses[str(code)] = {"description": ERROR_DESCRIPTIONS[code],
                                "content": {"application/json": {"schema": {"$ref": REF.format(model="Error")}}}}
    parameters = list(endpoint.parameters) + (query_parameters(endpoint.query) if endpoint.query else [])
    operation = {"operationId": endpoint.operation_id, "summary": endpoint.summary,
                 "description": endpoint.description, "responses": responses}
    if parameters:
        operation["parameters"] = parameters
    return operation


@lru_cache(maxsize=1)
def _components() -> dict:
    models = [schemas.Error] + [endpoint.model for endpoint in ENDPOINTS if endpoint.model is not None]
    _, definitions = models_json_schema([(model, "serialization") for model in models], ref_template=REF)
    return definitions.get("$defs", {})


def document(server_url: str) -> dict:
    """The OpenAPI 3.1 document, with `server_url` (the API's absolute base address) as its server."""
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Ratschlag – Lese-API",
            "version": API_VERSION,
            "description": (
                "Read-only JSON about published participation processes: proposals, comments, surveys and "
                "their published results, analysis themes and opinion groups, moderation counts. No personal "
                "data. Lists are paged with an opaque cursor (`next` link, `limit` up to 100). Every answer has "
                "an `ETag` (send `If-None-Match` for 304) and `Access-Control-Allow-Origin: *`. Errors are "
                "`{\"error\": {\"code\", \"message\"}}` with a message in the request's language."),
            "license": {"name": "Datenlizenz Deutschland – Zero – Version 2.0",
                        "url": "https://www.govdata.de/dl-de/zero-2-0"},
        },
        "servers": [{"url": server_url}],
        "paths": {endpoint.path: {"get": _operation(endpoint)} for endpoint in ENDPOINTS},
        "components": {"schemas": _components()},
    }


def type_name(schema: dict) -> str:
    """A short readable type of a JSON Schema (`string`, `integer | null`, `list of Proposal`, `"a" | "b"`)."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(type_name(branch) for branch in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(f'"{value}"' for value in schema["enum"])
    if "const" in schema:
        return f'"{schema["const"]}"'
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {type_name(schema.get('items', {}))}"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"map of {type_name(schema['additionalProperties'])}"
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return kind


def schema_tables(components: dict) -> list[tuple[str, str, list[tuple[str, str, bool, str]]]]:
    """Per component schema: name, description and rows (field, type, required, description), for the docs page."""
    tables = []
    for name, schema in sorted(components.items()):
        required = set(schema.get("required", []))
        rows = [(field_name, type_name(prop), field_name in required, prop.get("description", ""))
                for field_name, prop in schema.get("properties", {}).items()]
        tables.append((name, schema.get("description", ""), rows))
    return tables

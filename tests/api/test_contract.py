"""Contract tests: schemathesis generates requests from /api/v1/openapi.json and checks every answer.

For every operation of the document, property-based cases are generated from its schema: valid values
(positive), values that break the schema (negative), and valid query values against the real data of
`tests.api.factories.make_api_data` (path fixed to the seeded process, proposal and survey). Every answer
must be documented (status code, content type, headers), match its response schema, never be a server
error, and invalid input must be rejected (schemathesis' checks in `call_and_validate`).

(schemathesis' `from_fixture` pytest integration breaks on pytest 9, so the cases are driven with
`operation.as_strategy()` and Hypothesis' `@given` inside one test, which is what the integration does.)
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from app.api import cursors
from tests.api.factories import make_api_data

EXAMPLES = 20  # per operation and kind of case: ~40 s for the whole document on a shared machine


@pytest.fixture
def app_overrides() -> dict:
    return {"RATELIMIT_API": "100000 per minute"}


def _run(strategy, check) -> None:
    @given(case=strategy)
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        check(case)

    run()


def test_every_operation_keeps_its_contract(app, users):
    with app.app_context():
        data = make_api_data()
    real = {"slug": data["slug"], "reference": data["proposals"]["p1"][1], "survey_id": data["survey"]["survey"]}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    statuses: dict[str, set[int]] = {}

    def check(case):
        if case.meta and case.meta.generation.mode == GenerationMode.POSITIVE and (case.query or {}).get("cursor"):
            # An opaque cursor cannot be described by a schema: a valid request carries one the API made.
            sort = "comments" if case.operation.path.endswith("/comments") else case.query.get("sort", "newest")
            case.query["cursor"] = cursors.encode(sort if isinstance(sort, str) else "newest", 3, 2)
        response = case.call_and_validate()
        statuses.setdefault(case.operation.label, set()).add(response.status_code)

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12  # schemathesis leaves out the operation serving the document itself
    for operation in operations:
        _run(operation.as_strategy(generation_mode=GenerationMode.POSITIVE), check)
        if schema.raw_schema["paths"][operation.path]["get"].get("parameters"):  # else nothing can be invalid
            _run(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE), check)
        fixed = {name: real[name] for name in ("slug", "reference", "survey_id") if name in operation.path}
        if fixed:
            _run(operation.as_strategy(generation_mode=GenerationMode.POSITIVE, path_parameters=fixed), check)
    # the real data was reached: every operation answered 200 at least once
    assert all(200 in codes for codes in statuses.values()), statuses

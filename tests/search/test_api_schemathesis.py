"""Schemathesis generates requests from the API's own OpenAPI document and checks every
answer against it with all its checks: no 5xx, documented status codes, content types and
headers, response bodies that match their schemas, valid data accepted, invalid refused.

One exception: the ``code`` parameter's grammar (codes/tags.py: codes, families, ranges of
five code systems) is richer than an OpenAPI pattern can say, so the document types it as a
string; a generated value that is no code is then refused with a 400 naming the field —
checked here instead of "schema-valid data is accepted". Likewise a CasePilot question that
looks like patient information (a phone number, a date of birth) is refused with a 400 naming
``q`` before anything is stored."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from careercenter.privacy import patient_information
from careercenter.search.query import code_term
from tests.support.factories import JobFactory

EXAMPLES_PER_OPERATION = 60


def test_every_api_operation_conforms_to_its_openapi_document(app):
    JobFactory(title="Spine Surgery Coder", code_tags=["630xx", "M51.16"])
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 3

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,  # the same sample in every run: a failure reproduces
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def conforms(case: schemathesis.Case) -> None:
            codes = (case.query or {}).get("code") or []
            codes = codes if isinstance(codes, list) else [codes]
            question = str((case.query or {}).get("q") or "")
            refused = None
            if any(code_term(str(code)) is None for code in codes if str(code).strip()):
                refused = "code"
            elif case.path == "/api/v1/ask" and patient_information(question):
                refused = "q"
            if refused:
                answer = case.call_and_validate(excluded_checks=[positive_data_acceptance])
                assert answer.status_code == 400, answer.text
                assert refused in answer.json()["error"]["fields"]
            else:
                case.call_and_validate()

        conforms()

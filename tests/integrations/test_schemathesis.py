"""Schemathesis against the generated OpenAPI schema: for every operation, examples drawn
from the schema (a bounded number) are sent as each role, with that role's token. No answer
may be a server error, and every answer must match the schema (status code, content type,
headers and body)."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.renderers import JSONRenderer
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.integrations.world import ROLES

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 6


def _generated_schema() -> dict:
    """The document /api/v1/schema/ serves, generated when the tests are collected (it
    needs no database); the requests then go to the app itself through WSGI."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(JSONRenderer().render(document))


DOCUMENT = _generated_schema()
schema = schemathesis.openapi.from_dict(DOCUMENT)
schema.app = get_wsgi_application()
OPERATIONS = [
    (method.upper(), path)
    for path, item in DOCUMENT["paths"].items()
    for method in item
    if method in {"get", "post", "put", "patch", "delete"}
]


# Random ids mostly meet a 404; half of the examples use the world's own objects instead.
KNOWN = {
    "plans": ["plan", "draft_plan"],
    "goals": ["goal", "draft_goal"],
    "strategies": ["strategy", "draft_strategy"],
    "departments": ["department"],
    "measures": ["measure", "approved_measure", "unplanned_measure", "draft_measure"],
    "implementation-plans": ["submitted_ip", "approved_ip", "draft_ip"],
    "reporting-rounds": ["round", "closed_round"],
    "funding-requests": ["funding", "approved_funding"],
    "work-plans": ["work_plan", "published_work_plan"],
    "projects": ["project"],
    "indicators": ["indicator", "draft_indicator"],
    "hearings": ["hearing", "planned_hearing"],
    "reports": ["report", "published_report"],
}


def _use_known_ids(case, world, path: str, pick: int) -> None:
    if not case.path_parameters or pick % 2:
        return
    resource = path.split("/")[3]
    names = KNOWN[resource]
    name = names[pick // 2 % len(names)]
    for parameter in case.path_parameters:
        case.path_parameters[parameter] = world.resolve(name).pk


@pytest.fixture
def keep_the_test_connection():
    """Requests go through the real WSGI handler, which closes the database connection
    after each request; the test's transaction lives on that connection (PostgreSQL),
    so the handler is told not to, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def no_throttling(settings):
    settings.API_THROTTLE_RATES = {"anon": None, "user": None}


def test_the_schema_has_every_resource():
    paths = {path for _method, path in OPERATIONS}
    assert len(OPERATIONS) >= 30
    assert "/api/v1/measures/{id}/" in paths
    assert "/api/v1/implementation-plans/{id}/approve/" in paths


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_operation_answers_as_its_schema_says(
    world, no_throttling, keep_the_test_connection, method, path
):
    operation = schema[path][method]

    @given(case=operation.as_strategy(), pick=st.integers(min_value=0, max_value=15))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def every_role(case, pick):
        _use_known_ids(case, world, path, pick)
        for role in ROLES:
            token = world.tokens.get(role)
            headers = {"Authorization": f"Token {token}"} if token else {}
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)

    every_role()


# Writes anyone may send without a key: a response to an open hearing, as on its page.
PUBLIC_WRITES = {("POST", "/api/v1/hearings/{hearing_pk}/responses/")}


def test_reads_are_open_to_the_anonymous_and_writes_need_a_key():
    for method, path in OPERATIONS:
        security = DOCUMENT["paths"][path][method.lower()].get("security", [])
        if method == "GET" or (method, path) in PUBLIC_WRITES:
            assert {} in security, (method, path)
        else:
            assert {} not in security, (method, path)
            assert {"tokenAuth": []} in security, (method, path)


def test_every_operation_documents_its_error_answers():
    for method, path in OPERATIONS:
        responses = DOCUMENT["paths"][path][method.lower()]["responses"]
        assert {"400", "401", "403", "404", "429"} <= set(responses), (method, path)
    approve = DOCUMENT["paths"]["/api/v1/implementation-plans/{id}/approve/"]["post"]
    assert "409" in approve["responses"]
    assert "examples" in approve["responses"]["409"]["content"]["application/json"]


def test_the_measure_list_documents_its_filters_and_an_example():
    operation = DOCUMENT["paths"]["/api/v1/measures/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {
        "plan",
        "goal",
        "strategy",
        "department",
        "owner",
        "status",
        "overdue",
        "changed_since",
        "q",
        "ordering",
        "page",
        "page_size",
    } <= names
    assert operation["responses"]["200"]["content"]["application/json"]["examples"]

"""Every endpoint of /api/v1/ × role (anonymous, politician, lead of the owning department,
lead of another department, coordinator), reads and writes: the HTTP answer, as one table.

Requests carry each role's API token. Each write runs in its own savepoint and is rolled
back, so every role meets the same state. The rows are checked against the URL patterns:
a new endpoint (or a new method on one) without a row fails `test_every_endpoint_has_a_row`.
"""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.integrations.world import ROLES


@dataclass(frozen=True)
class Row:
    name: str  # the URL name in the api-v1 namespace
    expected: dict[str, int]
    kwargs: str = ""  # "pk=world.attribute …"
    method: str = "get"
    data: dict = field(default_factory=dict)
    query: str = ""


def cells(anonymous, politician, owner_lead, other_lead, coordinator) -> dict[str, int]:
    return dict(
        zip(ROLES, [anonymous, politician, owner_lead, other_lead, coordinator], strict=True)
    )


PUBLIC = cells(200, 200, 200, 200, 200)
STAFF_ONLY = cells(404, 404, 200, 200, 200)  # a draft: the public and politicians get 404
OWNER_SIDE = cells(404, 404, 200, 404, 200)  # internal to the owner side and the coordinator
FOLLOW_UP = cells(401, 403, 200, 200, 200)  # staff resources
READ_ONLY = cells(401, 403, 403, 403, 403)  # a write on a read-only resource

RESPOND = dict(
    method="post",
    data={
        "sender_name": "Kari Nordmann",
        "sender_category": "person",
        "email": "kari@example.org",
        "text": "Vi trenger flere små boliger.",
    },
)

ROWS = [
    Row("api-root", PUBLIC),
    Row("schema", PUBLIC),
    Row("docs", PUBLIC),
    Row("plan-list", PUBLIC),
    Row("plan-list", READ_ONLY, method="post", data={"title": "x"}),
    Row("plan-detail", PUBLIC, "pk=plan.pk"),
    Row("plan-detail", STAFF_ONLY, "pk=draft_plan.pk"),
    Row("plan-detail", READ_ONLY, "pk=plan.pk", method="delete"),
    Row("goal-list", PUBLIC),
    Row("goal-detail", PUBLIC, "pk=goal.pk"),
    Row("goal-detail", STAFF_ONLY, "pk=draft_goal.pk"),
    Row("strategy-list", PUBLIC),
    Row("strategy-detail", PUBLIC, "pk=strategy.pk"),
    Row("strategy-detail", STAFF_ONLY, "pk=draft_strategy.pk"),
    Row("department-list", PUBLIC),
    Row("department-detail", PUBLIC, "pk=department.pk"),
    Row("measure-list", PUBLIC),
    Row(
        "measure-list",
        cells(401, 403, 403, 403, 201),
        method="post",
        data={
            "plan": "plan.pk",
            "strategy": "strategy.pk",
            "code": "9.9.9",
            "title": "Flere utleieboliger",
            "responsible_department": "department.pk",
            "responsible_person": "owner_lead.pk",
        },
    ),
    Row("measure-detail", PUBLIC, "pk=measure.pk"),
    Row("measure-detail", STAFF_ONLY, "pk=draft_measure.pk"),
    Row(
        "measure-detail",
        cells(401, 403, 403, 403, 200),
        "pk=measure.pk",
        method="patch",
        data={"version": 1, "title": "Nytt navn"},
    ),
    Row("measure-status-updates", PUBLIC, "measure_pk=approved_measure.pk"),
    Row("measure-status-updates", STAFF_ONLY, "measure_pk=draft_measure.pk"),
    Row(
        "measure-status-updates",
        cells(401, 403, 201, 403, 201),
        "measure_pk=unplanned_measure.pk",
        method="post",
        data={"status": "in_progress", "progress": 50, "text": "Godt i gang."},
    ),
    Row("implementation-plan-list", PUBLIC),
    Row(
        "implementation-plan-list",
        cells(401, 403, 403, 403, 201),
        method="post",
        data={"measure": "unplanned_measure.pk", "due_date": "2099-01-01"},
    ),
    Row("implementation-plan-detail", OWNER_SIDE, "pk=submitted_ip.pk"),
    Row("implementation-plan-detail", PUBLIC, "pk=approved_ip.pk"),
    Row(
        "implementation-plan-detail",
        cells(401, 403, 200, 404, 200),
        "pk=draft_ip.pk",
        method="patch",
        data={"version": 1, "expected_result": "Ti boliger."},
    ),
    Row(
        "implementation-plan-submit",
        cells(401, 403, 200, 404, 200),
        "pk=draft_ip.pk",
        method="post",
        data={"version": 1},
    ),
    Row(
        "implementation-plan-approve",
        cells(401, 403, 403, 404, 200),
        "pk=submitted_ip.pk",
        method="post",
        data={"version": 1},
    ),
    Row(
        "implementation-plan-return",
        cells(401, 403, 403, 404, 200),
        "pk=submitted_ip.pk",
        method="post",
        data={"version": 1, "feedback": "Legg inn kostnadene."},
    ),
    Row("reporting-round-list", FOLLOW_UP),
    Row("reporting-round-detail", FOLLOW_UP, "pk=round.pk"),
    Row(
        "reporting-round-list",
        cells(401, 403, 403, 403, 201),
        method="post",
        data={
            "plan": "plan.pk",
            "name": "Våren 2099",
            "due_date": "2099-03-01",
            "confirm_parallel": True,
        },
    ),
    Row("reporting-round-close", cells(401, 403, 403, 403, 200), "pk=round.pk", method="post"),
    # closing a closed round: a conflict with its state
    Row(
        "reporting-round-close", cells(401, 403, 403, 403, 409), "pk=closed_round.pk", method="post"
    ),
    Row("funding-request-list", PUBLIC),
    Row("funding-request-detail", OWNER_SIDE, "pk=funding.pk"),
    Row("funding-request-detail", PUBLIC, "pk=approved_funding.pk"),
    # The public sees no work plan (an empty list, 404 for one); politicians the published
    Row("work-plan-list", PUBLIC),
    Row("work-plan-detail", STAFF_ONLY, "pk=work_plan.pk"),
    Row("work-plan-detail", cells(404, 200, 200, 200, 200), "pk=published_work_plan.pk"),
    Row("project-list", FOLLOW_UP),
    Row("project-detail", FOLLOW_UP, "pk=project.pk"),
    Row("indicator-list", PUBLIC),
    Row("indicator-detail", PUBLIC, "pk=indicator.pk"),
    Row("indicator-detail", STAFF_ONLY, "pk=draft_indicator.pk"),
    Row("indicator-values", PUBLIC, "pk=indicator.pk"),
    Row("indicator-values", STAFF_ONLY, "pk=draft_indicator.pk"),
    Row("hearing-list", PUBLIC),
    Row("hearing-detail", PUBLIC, "pk=hearing.pk"),
    Row("hearing-detail", STAFF_ONLY, "pk=planned_hearing.pk"),
    Row("hearing-responses", PUBLIC, "hearing_pk=hearing.pk"),
    Row("hearing-responses", STAFF_ONLY, "hearing_pk=planned_hearing.pk"),
    # A response to an open hearing: anyone (as on its page); a planned hearing is unseen
    # by the public and politicians (404) and not taking responses for staff (409).
    Row("hearing-responses", cells(201, 201, 201, 201, 201), "hearing_pk=hearing.pk", **RESPOND),
    Row(
        "hearing-responses",
        cells(404, 404, 409, 409, 409),
        "hearing_pk=planned_hearing.pk",
        **RESPOND,
    ),
    Row("report-list", PUBLIC),
    Row(
        "report-list",
        cells(401, 403, 403, 403, 202),
        method="post",
        data={"plan": "plan.pk", "as_of": "2025-01-01", "title": "Status 2025"},
    ),
    Row("report-detail", STAFF_ONLY, "pk=report.pk"),
    Row("report-detail", PUBLIC, "pk=published_report.pk"),
    Row("report-pdf", STAFF_ONLY, "pk=report.pk"),
    Row("report-pdf", PUBLIC, "pk=published_report.pk"),
]


def _value(world, value):
    if isinstance(value, str) and value.endswith(".pk"):
        return world.resolve(value)
    return value


def _call(client, world, row: Row, role: str):
    kwargs = {}
    for pair in row.kwargs.split():
        key, _sep, source = pair.partition("=")
        kwargs[key] = world.resolve(source)
    url = reverse(f"api-v1:{row.name}", kwargs=kwargs) + (f"?{row.query}" if row.query else "")
    data = {key: _value(world, value) for key, value in row.data.items()}
    method = getattr(client, row.method)
    if row.method == "get":
        return method(url, **world.auth(role))
    return method(url, data, content_type="application/json", **world.auth(role))


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=[f"{r.method} {r.name} {r.kwargs}".strip() for r in ROWS])
def test_each_role_gets_the_answer_in_the_table(client, world, row):
    got = {}
    for role in ROLES:
        with transaction.atomic():
            response = _call(client, world, row, role)
            got[role] = response.status_code
            transaction.set_rollback(True)
    assert got == row.expected, row


def api_endpoints() -> set[tuple[str, str]]:
    """(URL name, method) of every endpoint under /api/v1/, from the URL patterns."""
    found = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "api-v1" and pattern.name:
                actions = getattr(pattern.callback, "actions", None) or {"get": "get"}
                for method in actions:
                    found.add((pattern.name, method))

    walk(get_resolver().url_patterns, None)
    return found


def test_every_endpoint_has_a_row():
    covered = {(row.name, row.method) for row in ROWS}
    # Every method the router maps needs a row (PUT is left out: no resource has it).
    missing = sorted(
        (name, method)
        for name, method in api_endpoints()
        if (name, method) not in covered and method not in {"head", "options", "put"}
    )
    assert not missing, f"API endpoints without a row in ROWS: {missing}"


@pytest.mark.django_db
def test_the_public_and_politicians_never_see_internal_fields(client, world):
    """Risks of a status update, a plan's pending state, unpublished responses' senders."""
    for role in ("anonymous", "politician"):
        updates = client.get(
            f"/api/v1/measures/{world.approved_measure.pk}/status-updates/", **world.auth(role)
        ).json()["results"]
        assert updates and all(u["risks"] is None for u in updates)
        measure = client.get(f"/api/v1/measures/{world.measure.pk}/", **world.auth(role)).json()
        assert measure["implementation_plan"] is None  # submitted, not approved
        responses = client.get(
            f"/api/v1/hearings/{world.hearing.pk}/responses/", **world.auth(role)
        ).json()["results"]
        assert [r["id"] for r in responses] == [world.published_response.pk]
        assert responses[0]["email"] is None
        plans = client.get("/api/v1/plans/", **world.auth(role)).json()["results"]
        assert world.draft_plan.pk not in {p["id"] for p in plans}
        reports = client.get("/api/v1/reports/", **world.auth(role)).json()["results"]
        assert [r["id"] for r in reports] == [world.published_report.pk]
    owner = client.get(
        f"/api/v1/measures/{world.approved_measure.pk}/status-updates/", **world.auth("owner_lead")
    ).json()["results"]
    assert owner[0]["risks"] == "Internt: mangler tomt."
    staff = client.get(f"/api/v1/measures/{world.measure.pk}/", **world.auth("other_lead")).json()
    assert staff["implementation_plan"]["status"] == "submitted"

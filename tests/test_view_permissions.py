"""Every named URL of the project × role: the HTTP answer, as one table.

The rows are checked against `django.urls.get_resolver()`: a new URL without a row
(or a row for a URL that is gone) fails `test_every_url_has_a_row`, naming it. Only
the URLs in NOT_IN_THE_MATRIX are left out, each with its reason.

Cells: 200/403/404/405 are status codes; LOGIN is a redirect to the login page; DONE
is a redirect elsewhere (a POST that did its work, or a refusal told by a message).
GET for pages; POST (with a small body) for the POST-only endpoints, whose GET is
checked in `test_post_only_endpoints_refuse_get`.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from bodobolig.permissions import Role
from hearings.models import Hearing
from integrations.services import api_token_create, calendar_feed_for
from measures.followup.content import implementation_plan_content
from measures.models import CouncilReport, ImplementationPlan, ImplementationPlanVersion
from plans.models import Plan
from tests.factories import (
    CouncilReportFactory,
    GoalFactory,
    ImplementationPlanFactory,
    MeasureFactory,
    NotificationFactory,
    PlanFactory,
    ReportingRoundFactory,
    StatusUpdateFactory,
    StrategyFactory,
    make_department_with_lead,
    make_user,
)

ROLES = ["anonymous", "politician", "owner_lead", "other_lead", "coordinator"]
LOGIN, DONE = "login", "done"

# Named URLs that are not the project's own pages, and why.
NOT_IN_THE_MATRIX = {
    "login": "Django's auth login page",
    "logout": "Django's auth logout (POST only)",
    "set_language": "Django's i18n language switch",
}
NOT_IN_THE_MATRIX_NAMESPACES = {
    "admin": "Django's admin (tests/test_admin.py)",
    "api-v1": "the API's own endpoint × role table (tests/integrations/test_api_permissions.py)",
}


@dataclass(frozen=True)
class Row:
    expected: dict[str, Any]  # role → cell
    kwargs: str = ""  # "name=world_attribute …": the URL's arguments from the world
    query: str = ""
    method: str = "get"
    data: dict = field(default_factory=dict)


def every(cell) -> dict[str, Any]:
    return dict.fromkeys(ROLES, cell)


def cells(anonymous, politician, owner_lead, other_lead, coordinator) -> dict[str, Any]:
    return dict(
        zip(ROLES, [anonymous, politician, owner_lead, other_lead, coordinator], strict=True)
    )


PUBLIC = every(200)
COORDINATOR_ONLY = cells(LOGIN, 403, 403, 403, 200)
STAFF = cells(LOGIN, 403, 200, 200, 200)
LOGGED_IN = cells(LOGIN, 200, 200, 200, 200)
OWNER_SIDE = cells(LOGIN, 403, 200, 403, 200)
HIDDEN_DRAFT = cells(404, 404, 200, 200, 200)  # a draft plan: staff only
UNPUBLISHED = cells(404, 404, 200, 200, 200)  # an unpublished report: staff only

# One row per URL name; "name@variant" adds a row for another object or query.
ROWS: dict[str, Row] = {
    # --- the root pages
    "home": Row(every(DONE)),  # to the plan list
    "plan_list": Row(PUBLIC),
    "plan_detail": Row(PUBLIC, "slug=plan.slug"),
    "plan_detail@draft": Row(HIDDEN_DRAFT, "slug=draft_plan.slug"),
    "key_figures": Row(PUBLIC, "slug=plan.slug"),
    # --- plans
    "plans:goal_create": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "plans:goal_edit": Row(COORDINATOR_ONLY, "slug=plan.slug pk=goal.pk"),
    "plans:strategy_create": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "plans:strategy_edit": Row(COORDINATOR_ONLY, "slug=plan.slug pk=strategy.pk"),
    # --- measures: register
    "measures:measure_create": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "measures:measure_detail": Row(PUBLIC, "pk=measure.pk"),
    "measures:measure_detail@draft_plan": Row(HIDDEN_DRAFT, "pk=draft_measure.pk"),
    "measures:measure_edit": Row(COORDINATOR_ONLY, "pk=measure.pk"),
    "measures:measure_reassign": Row(COORDINATOR_ONLY, "pk=measure.pk"),
    "measures:comment_add": Row(
        cells(LOGIN, 403, DONE, 403, DONE),
        "pk=measure.pk",
        method="post",
        data={"text": "Et spørsmål om framdriften."},
    ),
    # --- measures: follow-up
    "measures:measure_list": Row(STAFF),
    "measures:measure_list@stale": Row(STAFF, query="stale=1"),
    "measures:measure_export": Row(STAFF, "fmt=xlsx"),
    "measures:measure_export@csv": Row(STAFF, "fmt=csv"),
    "measures:dashboard": Row(COORDINATOR_ONLY),
    "measures:implementation_plan_order": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "measures:implementation_plan": Row(cells(404, 404, 200, 404, 200), "pk=measure.pk"),
    "measures:implementation_plan@approved": Row(PUBLIC, "pk=approved_measure.pk"),
    "measures:implementation_plan_edit": Row(
        cells(LOGIN, 404, DONE, 404, DONE),  # submitted: not editable, to the plan
        "pk=measure.pk",
    ),
    "measures:implementation_plan_submit": Row(
        cells(LOGIN, 404, DONE, 404, DONE), "pk=measure.pk", method="post"
    ),
    "measures:implementation_plan_review": Row(
        cells(LOGIN, 404, 403, 404, DONE),
        "pk=measure.pk",
        method="post",
        data={"decision": "approve", "feedback": "", "version": 1},
    ),
    "measures:implementation_plan_versions": Row(cells(LOGIN, 404, 200, 404, 200), "pk=measure.pk"),
    "measures:implementation_plan_diff": Row(
        cells(LOGIN, 404, 200, 404, 200), "pk=measure.pk number=version.number"
    ),
    "measures:round_list": Row(STAFF),
    "measures:round_open": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "measures:round_detail": Row(STAFF, "pk=round.pk"),
    "measures:round_close": Row(cells(LOGIN, 403, 403, 403, DONE), "pk=round.pk", method="post"),
    "measures:status_update": Row(OWNER_SIDE, "round_pk=round.pk pk=measure.pk"),
    "measures:status_update_reopen": Row(
        cells(LOGIN, 403, 403, 403, DONE),
        "round_pk=round.pk pk=approved_measure.pk",
        method="post",
        data={"reason": "Framdriften ser feil ut."},
    ),
    "measures:my_measures": Row(STAFF),
    "measures:measure_delegate": Row(OWNER_SIDE, "pk=measure.pk"),
    "measures:follow_up_settings": Row(COORDINATOR_ONLY),
    # --- measures: council reports
    "measures:council_report_list": Row(PUBLIC),
    "measures:council_report_request": Row(cells(403, 403, 403, 403, 200), "slug=plan.slug"),
    "measures:council_report_detail": Row(UNPUBLISHED, "pk=report.pk"),
    "measures:council_report_detail@published": Row(PUBLIC, "pk=published_report.pk"),
    "measures:council_report_status": Row(UNPUBLISHED, "pk=report.pk"),
    "measures:council_report_download": Row(UNPUBLISHED, "pk=report.pk"),
    "measures:council_report_download@published": Row(PUBLIC, "pk=published_report.pk"),
    "measures:council_report_publish": Row(
        cells(404, 404, 403, 403, DONE), "pk=report.pk", method="post"
    ),
    "measures:council_report_retry": Row(
        cells(404, 404, 403, 403, DONE), "pk=report.pk", method="post"
    ),
    # --- measures: notifications
    "measures:notification_list": Row(LOGGED_IN),
    "measures:notification_resend": Row(
        cells(LOGIN, 403, 403, 403, DONE), "pk=notification.pk", method="post"
    ),
    "measures:notification_preferences": Row(LOGGED_IN),
    # --- the API: /api/v1/ has its own table; the first /api/ paths moved there
    "api-schema": Row(PUBLIC),
    "api-moved": Row(every(308)),
    "api-moved-path": Row(every(308), "rest=measures/"),
    # --- integrations
    "integrations:page": Row(LOGGED_IN),
    "integrations:token_create": Row(
        cells(LOGIN, 201, 201, 201, 201), method="post", data={"name": "Sak/arkiv"}
    ),
    "integrations:token_revoke": Row(
        cells(LOGIN, 404, DONE, 404, 404), "pk=owner_token.pk", method="post"
    ),
    "integrations:calendar_regenerate": Row(cells(LOGIN, DONE, DONE, DONE, DONE), method="post"),
    "integrations:calendar_feed": Row(PUBLIC, "secret=owner_feed.secret"),
    "integrations:calendar_feed@unknown": Row(every(404), "secret=ukjent"),
    "integrations:archive_report": Row(cells(LOGIN, 404, 403, 403, 200), "pk=report.pk"),
    "integrations:archive_plan": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "integrations:archive_hearing": Row(COORDINATOR_ONLY, "pk=hearing.pk"),
}


# --- The data: one world for the module -----------------------------------------


class World:
    """Everything the URLs need, built with tests/factories.py."""

    def __init__(self):
        own_department, owner_lead = make_department_with_lead()
        _other_department, other_lead = make_department_with_lead()
        coordinator = make_user(Role.COORDINATOR)
        self.users = {
            "anonymous": None,
            "politician": make_user(Role.POLITICIAN),
            "owner_lead": owner_lead,
            "other_lead": other_lead,
            "coordinator": coordinator,
        }
        self.plan = PlanFactory()
        self.goal = GoalFactory(plan=self.plan)
        self.strategy = StrategyFactory(goal=self.goal)

        def owned_measure(strategy):
            return MeasureFactory(
                strategy=strategy,
                responsible_department=own_department,
                responsible_person=owner_lead,
            )

        # A measure whose implementation plan is submitted (version 1) and is in the
        # open round; another whose plan is approved.
        self.measure = owned_measure(self.strategy)
        ip = ImplementationPlanFactory(
            measure=self.measure,
            status=ImplementationPlan.Status.SUBMITTED,
            ordered_by=coordinator,
        )
        self.version = ImplementationPlanVersion.objects.create(
            implementation_plan=ip,
            number=1,
            submitted_by=owner_lead,
            submitted_at=timezone.now(),
            content=implementation_plan_content(ip),
        )
        self.approved_measure = owned_measure(self.strategy)
        ImplementationPlanFactory(
            measure=self.approved_measure, status=ImplementationPlan.Status.APPROVED
        )
        self.round = ReportingRoundFactory(plan=self.plan, opened_by=coordinator)
        self.round.measures.set([self.measure, self.approved_measure])
        # The approved measure has answered the round (the coordinator may reopen it).
        StatusUpdateFactory(
            measure=self.approved_measure,
            reporting_round=self.round,
            submitted_by=owner_lead,
        )

        self.draft_plan = PlanFactory(status=Plan.Status.DRAFT)
        self.draft_measure = owned_measure(StrategyFactory(goal=GoalFactory(plan=self.draft_plan)))

        self.report = CouncilReportFactory(
            plan=self.plan,
            status=CouncilReport.Status.READY,
            file=ContentFile(b"%PDF-1.4 rapport", name="rapport.pdf"),
            page_count=1,
        )
        self.published_report = CouncilReportFactory(
            plan=self.plan,
            status=CouncilReport.Status.READY,
            file=ContentFile(b"%PDF-1.4 rapport", name="publisert.pdf"),
            page_count=1,
            published_at=timezone.now(),
        )
        self.notification = NotificationFactory(recipient=owner_lead)
        self.owner_token, _key = api_token_create(user=owner_lead, name="Budsjett")
        self.owner_feed = calendar_feed_for(owner_lead)
        self.hearing = Hearing.objects.create(
            plan=self.plan,
            title="Høring",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + dt.timedelta(days=42),
            status=Hearing.Status.OPEN,
        )

    def resolve(self, path: str):
        value = self
        for part in path.split("."):
            value = getattr(value, part)
        return value


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One data set for the module, rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield World()
        transaction.set_rollback(True)


# --- The URLs of the project ------------------------------------------------------


def project_url_names() -> set[str]:
    """Every named URL (with its namespace) outside NOT_IN_THE_MATRIX."""
    names: set[str] = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if inner in NOT_IN_THE_MATRIX_NAMESPACES:
                    continue
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names - set(NOT_IN_THE_MATRIX)


def _url_name(row_name: str) -> str:
    return row_name.split("@")[0]


def test_every_url_has_a_row():
    names = project_url_names()
    rows = {_url_name(name) for name in ROWS}
    missing = sorted(names - rows)
    assert not missing, f"URLs without a row in ROWS (tests/test_view_permissions.py): {missing}"
    gone = sorted(rows - names)
    assert not gone, f"rows for URLs that no longer exist: {gone}"


def _request(client, world, name: str, role: str):
    row = ROWS[name]
    kwargs = {}
    for pair in row.kwargs.split():
        key, _sep, source = pair.partition("=")
        kwargs[key] = world.resolve(source) if "." in source else source
    url = reverse(_url_name(name), kwargs=kwargs)
    if row.query:
        url += "?" + row.query
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    if row.method == "post":
        return client.post(url, row.data)
    return client.get(url)


def _answer(response) -> Any:
    if response.status_code == 302:
        if response["Location"].startswith(reverse("login") + "?next="):
            return LOGIN
        return DONE
    return response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(ROWS))
def test_each_role_gets_the_answer_in_the_table(client, world, name):
    got = {}
    for role in ROLES:
        got[role] = _answer(_request(client, world, name, role))
        client.logout()
    assert got == ROWS[name].expected


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, row in ROWS.items() if row.method == "post"])
def test_post_only_endpoints_refuse_get(client, world, name):
    row = ROWS[name]
    kwargs = {}
    for pair in row.kwargs.split():
        key, _sep, source = pair.partition("=")
        kwargs[key] = world.resolve(source)
    client.force_login(world.users["coordinator"])
    assert client.get(reverse(_url_name(name), kwargs=kwargs)).status_code == 405

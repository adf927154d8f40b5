"""Every list endpoint of /api/v1/ answers in a fixed number of queries: the count is pinned
at two sizes (so an N+1 shows), for the public and for the coordinator with a token."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analyses.models import Indicator, IndicatorValue
from hearings.models import Hearing, HearingResponse
from measures.models import (
    CouncilReport,
    FundingRequest,
    ImplementationPlan,
    OngoingProject,
    WorkPlanItem,
)
from plans.models import WorkPlan
from tests.factories import (
    CouncilReportFactory,
    DepartmentFactory,
    GoalFactory,
    ImplementationActivityFactory,
    ImplementationPlanFactory,
    MeasureFactory,
    ReportingRoundFactory,
    StatusUpdateFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db


def grow(world, n: int) -> None:
    """n more of everything the lists show, in the world's adopted plan."""
    plan = world.plan
    today = timezone.localdate()
    for i in range(n):
        goal = GoalFactory(plan=plan)
        strategy = StrategyFactory(goal=goal)
        measure = MeasureFactory(strategy=strategy, responsible_department=DepartmentFactory())
        StatusUpdateFactory(measure=measure)
        ip = ImplementationPlanFactory(measure=measure, status=ImplementationPlan.Status.APPROVED)
        ImplementationActivityFactory(implementation_plan=ip)
        FundingRequest.objects.create(
            measure=measure, implementation_plan=ip, year=2025, amount=1000, source="operating"
        )
        round_ = ReportingRoundFactory(plan=plan)
        round_.measures.add(measure)
        StatusUpdateFactory(measure=world.approved_measure, reporting_round=round_)
        work_plan = WorkPlan.objects.create(
            plan=plan,
            year=2100 + WorkPlan.objects.count(),
            title=f"Arbeidsplan {n}-{i}",
            published_at=timezone.now(),
        )
        WorkPlanItem.objects.create(
            work_plan=work_plan, measure=measure, responsible=world.users["owner_lead"]
        )
        project = OngoingProject.objects.create(
            name=f"Prosjekt {n}-{i}", department=world.department, contact=world.users["owner_lead"]
        )
        project.measures.add(measure)
        indicator = Indicator.objects.create(
            code=f"ind-{n}-{i}", name=f"Indikator {i}", unit="stk", source="ssb", goal=goal
        )
        year = 1900 + IndicatorValue.objects.filter(indicator=world.indicator).count()
        IndicatorValue.objects.create(indicator=world.indicator, year=year, value=i)
        IndicatorValue.objects.create(indicator=indicator, year=2020, value=i)
        hearing = Hearing.objects.create(
            plan=plan,
            title=f"Høring {i}",
            starts_on=today,
            ends_on=today + dt.timedelta(days=42),
            status=Hearing.Status.OPEN,
        )
        HearingResponse.objects.create(
            hearing=world.hearing,
            channel="web",
            received_on=today,
            sender_name=f"Avsender {i}",
            sender_category="interest",
            text="Innspill.",
            publication=HearingResponse.Publication.PUBLISHED,
        )
        hearing.responses.create(
            channel="web", received_on=today, sender_name="X", sender_category="person", text="."
        )
        CouncilReportFactory(
            plan=plan, status=CouncilReport.Status.READY, published_at=timezone.now()
        )


# URL → (queries for the public, queries for the coordinator with a token). Each list:
# the page's count and rows, plus the rows it carries along; the token costs one query
# (token with its user) and the role one (the user's groups).
LISTS = {
    # count, page
    "/api/v1/plans/": (2, 4),
    "/api/v1/goals/": (2, 4),
    "/api/v1/strategies/": (2, 4),  # the goal is joined
    "/api/v1/departments/": (2, 3),  # no rule to ask: no role query
    # the stale rule's N, the page's ids with the count (a window), its rows as plain SQL
    # (strategy, goal, department, person, implementation plan and the newest update
    # joined)
    "/api/v1/measures/": (3, 5),
    "/api/v1/measures/?plan={plan}&page_size=5": (3, 5),
    # any other filter takes the usual road: the stale rule's N, count, the page's ids, its
    # rows
    "/api/v1/measures/?status=in_progress&status=planned": (4, 6),
    # count, page, activities
    "/api/v1/implementation-plans/": (3, 5),
    # count, page (with the measure); the coordinator sees all rows
    "/api/v1/funding-requests/": (2, 4),
    # count, page with its two counts as subqueries (anonymous: 401 before any query)
    "/api/v1/reporting-rounds/": (0, 4),
    # count, page, the lines (measure and person joined); the public reads no work plan,
    # which is known without asking the database
    "/api/v1/work-plans/": (0, 5),
    # count, page (department and contact joined), the measures (anonymous: 401 first)
    "/api/v1/projects/": (0, 5),
    "/api/v1/indicators/": (2, 4),
    # + the indicator; + the indicator and all its values once, for small-count protection
    "/api/v1/indicators/{indicator}/values/": (5, 7),
    "/api/v1/hearings/": (2, 4),
    "/api/v1/hearings/{hearing}/responses/": (4, 6),  # + the hearing, the points
    "/api/v1/measures/{measure}/status-updates/": (3, 5),  # + the measure; "who" joined
    "/api/v1/reports/": (2, 4),
}


def _count(client, url, headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code in {200, 401}, (url, response.status_code)
    return len(queries)


@pytest.mark.parametrize(("template", "expected"), list(LISTS.items()))
def test_list_query_count_is_pinned_at_two_sizes(client, world, template, expected):
    url = template.format(
        indicator=world.indicator.pk,
        hearing=world.hearing.pk,
        measure=world.approved_measure.pk,
        plan=world.plan.pk,
    )
    # "Last used" is written on a token's first request; the counts are of the ones after.
    client.get("/api/v1/", **world.auth("coordinator"))
    counts = []
    for more in (2, 10):  # 2, then 12 of everything
        grow(world, more)
        public = _count(client, url, {})
        coordinator = _count(client, url, world.auth("coordinator"))
        counts.append((public, coordinator))
    assert counts == [expected, expected], f"{url}: {counts}"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "page_size=2",
        "plan={plan}&page_size=2",
        "plan={plan}&page_size=2&page=2",
        "plan=0{plan}&page=1",
        "plan={plan}&page=last&page_size=2",
        "plan={plan}&page=999",
        "plan={plan}&page=0",
        "plan={draft_plan}",
        "plan=999999999",
        "plan=abc",
        "page=abc",
    ],
)
def test_the_plan_and_paging_road_answers_as_the_usual_one(client, world, query):
    """`?plan=N` with paging alone skips the filter set and counts with the page
    (`MeasureViewSet._plan_page`); an empty search (`q=`) filters nothing but takes the
    usual road. The answers must be the same, links aside."""
    grow(world, 3)
    query = query.format(plan=world.plan.pk, draft_plan=world.draft_plan.pk)
    for role in ("anonymous", "politician", "coordinator"):
        short = client.get(f"/api/v1/measures/?{query}", **world.auth(role))
        usual = client.get(f"/api/v1/measures/?{query}&q=", **world.auth(role))
        assert short.status_code == usual.status_code, (role, query)
        body = usual.content.decode().replace("&q=", "").replace("?q=&", "?").replace("?q=", "")
        assert short.content.decode() == body, (role, query)

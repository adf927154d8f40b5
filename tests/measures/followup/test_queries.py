"""Query counts of the workflow pages, pinned at two sizes so an N+1 shows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from measures.models import ImplementationPlan, StatusUpdate
from tests.factories import MeasureFactory, ReportingRoundFactory
from tests.measures.workflow_world import make_world

pytestmark = pytest.mark.django_db


def _grow(w, count):
    """`count` measures of the lead's department, each with a plan, all in one open round."""
    measures = [
        MeasureFactory(
            strategy=w.measure.strategy,
            responsible_department=w.department,
            responsible_person=w.lead,
            reporting_delegate=w.colleague if n % 2 else None,
        )
        for n in range(count)
    ]
    for n, measure in enumerate(measures):
        ImplementationPlan.objects.create(
            measure=measure,
            status="ordered" if n % 2 else "approved",
            due_date=timezone.localdate() + dt.timedelta(days=n - 3),
        )
    round_ = ReportingRoundFactory(plan=w.plan)
    round_.measures.set(measures)
    for measure in measures[::2]:
        StatusUpdate.objects.create(
            measure=measure,
            reporting_round=round_,
            status="in_progress",
            progress=10,
            text="ok",
            submitted_by=w.lead,
            submitted_at=timezone.now(),
        )
    return round_


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["my_measures", "round_detail", "round_list"])
def test_workflow_pages_query_count_does_not_grow_with_measures(client, page):
    counts = []
    for size in (5, 60):
        w = make_world(suffix=f" {size}")
        round_ = _grow(w, size)
        client.force_login(w.lead)
        url = {
            "my_measures": reverse("measures:my_measures"),
            "round_detail": reverse("measures:round_detail", args=[round_.pk]),
            "round_list": reverse("measures:round_list"),
        }[page]
        counts.append(_count(client, url))
    assert counts[0] == counts[1], counts


def test_my_measures_query_count_is_pinned(client, django_assert_num_queries):
    w = make_world()
    _grow(w, 20)
    client.force_login(w.lead)
    # session, user, groups (role), departments led, departments as member, units below
    # (one per level: the first finds none); what is owed (one UNION, read once for the
    # page, the total and the overdue count); the measures: count, the page's keys and its
    # rows (plan/department/people/implementation plan joined); the owed page's measures
    # and rounds; how many measures to confirm and lines in this year's work plan (each
    # paged; none here, so no page is read); the plans of the filter.
    with django_assert_num_queries(15):
        client.get(reverse("measures:my_measures"))


def test_implementation_plan_page_query_count_does_not_grow_with_activities(client):
    from measures.models import ImplementationActivity, ImplementationPlanVersion

    counts = []
    for size in (2, 40):
        w = make_world(suffix=f" {size}")
        ip = ImplementationPlan.objects.create(
            measure=w.measure, status="submitted", due_date=timezone.localdate()
        )
        for n in range(size):
            ImplementationActivity.objects.create(
                implementation_plan=ip, title=f"A{n}", responsible=w.colleague
            )
            ImplementationPlanVersion.objects.create(
                implementation_plan=ip,
                number=n + 1,
                submitted_by=w.lead,
                submitted_at=timezone.now(),
                content={},
            )
        client.force_login(w.coordinator)
        counts.append(_count(client, reverse("measures:implementation_plan", args=[w.measure.pk])))
    assert counts[0] == counts[1], counts

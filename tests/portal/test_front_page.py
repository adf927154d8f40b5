"""The front page and the plan list: what the service is, the plans with their state, the
latest published report, key figures, an open hearing, and one's own next deadlines."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bodobolig.permissions import Role
from hearings.models import Hearing
from measures.models import CouncilReport, ImplementationPlan, Measure
from plans.models import Plan
from tests.factories import (
    CouncilReportFactory,
    GoalFactory,
    ImplementationPlanFactory,
    MeasureFactory,
    PlanFactory,
    StrategyFactory,
    make_department_with_lead,
    make_user,
)

pytestmark = pytest.mark.django_db


def _plan(count: int, **plan_kwargs) -> Plan:
    plan = PlanFactory(**plan_kwargs)
    strategy = StrategyFactory(goal=GoalFactory(plan=plan))
    for i in range(count):
        MeasureFactory(
            strategy=strategy,
            status=Measure.Status.COMPLETED if i % 2 else Measure.Status.IN_PROGRESS,
        )
    return plan


def test_front_page_lists_plans_current_first_with_their_state(client):
    old = _plan(2, title="Gammel plan", slug="gammel", period_start=2014, period_end=2017)
    old.status = Plan.Status.COMPLETED
    old.save()
    current = _plan(4, title="Ny plan", slug="ny", period_start=2018, period_end=2021)
    _plan(
        1,
        title="Utkastet",
        slug="utkast",
        period_start=2022,
        period_end=2025,
        status=Plan.Status.DRAFT,
    )
    response = client.get("/")
    assert response.status_code == 200
    cards = response.context["cards"]
    assert [c.plan.slug for c in cards] == ["ny", "gammel"]  # the draft is not public
    assert cards[0].is_current and cards[0].card.rollup.count == 4
    assert cards[0].card.rollup.counts()["completed"] == 2
    html = response.content.decode()
    assert "Gjeldende plan" in html
    assert "Fullført: 2" in html and "Pågår: 2" in html
    assert reverse("key_figures", kwargs={"slug": current.slug}) in html
    assert "Dine neste frister" not in html


def test_front_page_shows_the_latest_published_report_only(client):
    plan = _plan(1)
    published = CouncilReportFactory(
        plan=plan, title="Rapport 2025", status="ready", published_at=timezone.now()
    )
    CouncilReportFactory(plan=plan, title="Utkast 2026", status="ready")  # not published
    html = client.get("/").content.decode()
    assert "Rapport 2025" in html and published.get_absolute_url() in html
    assert "Utkast 2026" not in html


def test_front_page_names_an_open_hearing_and_links_its_public_page(client):
    plan = _plan(1, status=Plan.Status.HEARING)
    hearing = Hearing.objects.create(
        plan=plan,
        title="Høring av boligplanen",
        starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2026, 12, 15),
        status=Hearing.Status.OPEN,
    )
    html = client.get("/").content.decode()
    assert "Høring av boligplanen" in html
    assert "15. desember 2026" in html
    assert f'href="{reverse("hearings:detail", args=[hearing.pk])}"' in html


def test_lead_sees_own_next_deadlines_on_the_front_page(client):
    department, lead = make_department_with_lead()
    measure = MeasureFactory(responsible_department=department, responsible_person=lead)
    ImplementationPlanFactory(
        measure=measure,
        status=ImplementationPlan.Status.ORDERED,
        due_date=timezone.localdate() - dt.timedelta(days=2),
    )
    MeasureFactory(plan=measure.plan, strategy=measure.strategy)  # someone else's
    client.force_login(lead)
    response = client.get("/")
    deadlines = response.context["deadlines"]
    assert [d.measure for d in deadlines] == [measure]
    html = response.content.decode()
    assert "Dine neste frister" in html
    assert "fristen var" in html  # overdue
    assert reverse("measures:implementation_plan", kwargs={"pk": measure.pk}) in html


def test_politician_has_no_deadlines_section(client):
    _plan(1)
    client.force_login(make_user(Role.POLITICIAN))
    assert "Dine neste frister" not in client.get("/").content.decode()


@pytest.mark.parametrize("count", [3, 60])
def test_front_page_query_count_does_not_grow_with_measures(
    client, django_assert_num_queries, count
):
    plan = _plan(count)
    CouncilReportFactory(plan=plan, status="ready", published_at=timezone.now())
    # 1 plans with goal counts, 2 the current plan, 3 measures' status and progress,
    # 4 the latest published report, 5 the regions, 6 the plan's indicators (none here,
    # so no values or targets are fetched), 7 an open hearing.
    with django_assert_num_queries(7):
        assert client.get("/").status_code == 200


def test_plan_list_shows_period_status_and_counts(client):
    _plan(3, title="Handlingsplan", period_start=2014, period_end=2017)
    html = client.get(reverse("plan_list")).content.decode()
    assert "Handlingsplan 2014–2017" in html
    assert "Vedtatt" in html
    assert "3 tiltak" in html and "Fullført: 1" in html


def test_unpublished_report_of_a_published_plan_is_not_counted(client):
    plan = _plan(1)
    CouncilReportFactory(plan=plan, status=CouncilReport.Status.READY)
    assert client.get("/").context["report"] is None

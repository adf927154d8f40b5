"""The public measure list: anyone searches and filters what the plan page shows."""

import pytest
from django.urls import reverse

from bodobolig.permissions import Role
from measures.models import Measure
from plans.models import Plan
from tests.factories import (
    DepartmentFactory,
    GoalFactory,
    MeasureFactory,
    PlanFactory,
    StrategyFactory,
    make_user,
)

pytestmark = pytest.mark.django_db
URL = reverse("measures:public_measure_list")


@pytest.fixture
def world():
    plan = PlanFactory()
    goal1, goal2 = GoalFactory(plan=plan), GoalFactory(plan=plan)
    housing, nav = DepartmentFactory(name="Eiendom"), DepartmentFactory(name="NAV Bodø")
    measures = {
        "startlan": MeasureFactory(
            strategy=StrategyFactory(goal=goal1),
            title="Startlån til unge",
            responsible_department=housing,
        ),
        "foyer": MeasureFactory(
            strategy=StrategyFactory(goal=goal2),
            title="Foyer Bodø",
            description="Bolig og oppfølging for ungdom",
            responsible_department=nav,
            status=Measure.Status.COMPLETED,
        ),
    }
    draft = PlanFactory(status=Plan.Status.DRAFT, slug="utkast")
    measures["draft"] = MeasureFactory(
        strategy=StrategyFactory(goal=GoalFactory(plan=draft)), title="Hemmelig utkast"
    )
    return plan, goal1, nav, measures


def _titles(response) -> set[str]:
    return {m.title for m in response.context["page"].object_list}


def test_public_sees_the_current_plans_measures_and_never_a_drafts(client, world):
    response = client.get(URL)
    assert response.status_code == 200
    assert _titles(response) == {"Startlån til unge", "Foyer Bodø"}
    assert "Hemmelig utkast" not in client.get(URL, {"plan": ""}).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "completed"}, {"Foyer Bodø"}),
        ({"q": "ungdom"}, {"Foyer Bodø"}),  # the description counts
        ({"q": "TIL UNGE"}, {"Startlån til unge"}),  # any case (ASCII on SQLite)
        ({"q": "finnes ikke"}, set()),
    ],
)
def test_filters_by_status_and_text(client, world, query, expected):
    assert _titles(client.get(URL, query)) == expected


def test_filters_by_goal_and_department(client, world):
    _plan, goal1, nav, _measures = world
    assert _titles(client.get(URL, {"goal": goal1.pk})) == {"Startlån til unge"}
    assert _titles(client.get(URL, {"responsible_department": nav.pk})) == {"Foyer Bodø"}


def test_a_bad_filter_value_is_a_message_not_an_error(client, world):
    response = client.get(URL, {"status": "tull", "goal": "abc"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors


def test_nothing_internal_is_shown(client, world):
    html = client.get(URL).content.decode()
    assert "Gjennomføringsplan" not in html
    assert "Sist rapportert" not in html
    assert "eksport" not in html.lower()


def test_politician_reads_the_list_and_staff_get_a_link_to_theirs(client, world):
    client.force_login(make_user(Role.POLITICIAN))
    assert client.get(URL).status_code == 200
    assert f'href="{reverse("measures:measure_list")}"' not in client.get(URL).content.decode()
    client.force_login(make_user(Role.COORDINATOR))
    assert "Til oppfølgingslisten" in client.get(URL).content.decode()


@pytest.mark.parametrize("extra", [0, 40])
def test_query_count_does_not_grow_with_measures(client, world, django_assert_num_queries, extra):
    plan, goal1, _nav, measures = world
    for _ in range(extra):
        MeasureFactory(strategy=measures["startlan"].strategy)
    # 1 the current plan, 2 the count, 3 the page's keys, 4 its measures with their joins,
    # 5-7 the plan, goal and department choices of the filter form.
    with django_assert_num_queries(7):
        response = client.get(URL, {"plan": plan.pk})
    assert len(response.context["page"].object_list) == 2 + extra

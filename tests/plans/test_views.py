"""The first pages: the plan page, log in/out, the home redirect."""

import re

import pytest
from django.urls import reverse

from bodobolig.permissions import Role
from measures.models import FundingRequest
from plans.models import Plan
from tests.factories import GoalFactory, MeasureFactory, StrategyFactory, make_user

pytestmark = pytest.mark.django_db


def _plan_with_measures(count: int) -> Plan:
    strategies = [StrategyFactory(goal=GoalFactory()) for _ in range(1)]
    plan = strategies[0].goal.plan
    goals = [strategies[0].goal] + [GoalFactory(plan=plan) for _ in range(2)]
    strategies += [StrategyFactory(goal=goal) for goal in goals for _ in range(3)]
    for i in range(count):
        MeasureFactory(strategy=strategies[i % len(strategies)])
    return plan


def _measure_links(response) -> int:
    return len(re.findall(r'class="ds-link" href="/tiltak/\d+/"', response.content.decode()))


@pytest.mark.parametrize(
    ("count", "first", "later", "links"),
    [
        # A small plan shows every measure. The first view counts: 1 plan (with
        # predecessor), 2 goals, 3 strategies, 4 the latest published report, 5 the plan's
        # revision, 6-8 made (savepoint, insert, release), 9 one row of facts per measure
        # (status, progress, latest risk), 10 the revision again for the funding table,
        # 11-12 funding requested vs granted per year and the decisions' case numbers,
        # 13 the plan's hearings (the link to an open one), 14 the measures with
        # department and owner. Later views read the counts kept under the revision:
        # 1-4, the revision twice, the hearings and the measures.
        (10, 14, 8, 10),
        # A big plan shows its strategies collapsed: the same without the measures.
        (300, 13, 7, 0),
    ],
)
def test_plan_page_query_count_does_not_grow_with_measures(
    client, django_assert_num_queries, count, first, later, links
):
    plan = _plan_with_measures(count)
    with django_assert_num_queries(first):
        response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    assert _measure_links(response) == links
    with django_assert_num_queries(later):
        response = client.get(plan.get_absolute_url())
    assert _measure_links(response) == links


def test_big_plan_opens_one_strategy_at_a_time_and_in_full_on_its_own_page(
    client, django_assert_num_queries
):
    plan = _plan_with_measures(300)
    client.get(plan.get_absolute_url())  # counts the plan once
    strategy = plan.goals.order_by("number").first().strategies.order_by("number").first()
    in_strategy = strategy.measures.count()
    # The later view's seven (the parametrized test above) and the strategy's measures.
    with django_assert_num_queries(8):
        response = client.get(plan.get_absolute_url(), {"strategi": strategy.pk})
    assert _measure_links(response) == in_strategy
    # The same, less the hearings' links.
    with django_assert_num_queries(7):
        response = client.get(reverse("plan_full", kwargs={"slug": plan.slug}))
    assert _measure_links(response) == 300


def test_plan_page_sums_funding_per_year_with_the_decisions_case_numbers(client):
    strategy = StrategyFactory()
    first, second = MeasureFactory(strategy=strategy), MeasureFactory(strategy=strategy)
    for measure, year, amount, granted, case in [
        (first, 2016, 100_000, 60_000, "2016/12"),
        (second, 2016, 50_000, None, ""),
        (second, 2015, 20_000, 20_000, "2015/3"),
        (first, 2016, 10_000, 10_000, "2016/7"),
        (second, 2016, 5_000, 5_000, "2016/12"),  # the same decision again: named once
    ]:
        FundingRequest.objects.create(
            measure=measure,
            year=year,
            amount=amount,
            granted_amount=granted,
            decision_case_number=case,
            source="operating",
        )
    rows = client.get(strategy.goal.plan.get_absolute_url()).context["funding_years"]
    assert [(r.year, r.requested, r.granted, r.case_numbers) for r in rows] == [
        (2015, 20_000, 20_000, ["2015/3"]),
        (2016, 165_000, 75_000, ["2016/12", "2016/7"]),
    ]


def test_plan_page_rolls_progress_up_per_strategy_and_goal(client):
    strategy = StrategyFactory()
    MeasureFactory(strategy=strategy, progress=20, status="in_progress")
    MeasureFactory(strategy=strategy, progress=100, status="completed")
    MeasureFactory(strategy=strategy, progress=90, status="cancelled")  # not counted
    response = client.get(strategy.goal.plan.get_absolute_url())
    goal = response.context["goals"][0]
    assert goal.strategies.all()[0].rollup.progress == 60
    assert goal.rollup.progress == 60
    assert goal.rollup.count == 3


def test_draft_plan_is_hidden_from_the_public_and_politicians(client):
    plan = _plan_with_measures(1)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
    assert client.get(plan.get_absolute_url()).status_code == 404
    client.force_login(make_user(Role.POLITICIAN))
    assert client.get(plan.get_absolute_url()).status_code == 404
    client.force_login(make_user(Role.COORDINATOR))
    assert client.get(plan.get_absolute_url()).status_code == 200


def test_unknown_plan_is_404(client):
    assert client.get("/planer/finnes-ikke/").status_code == 404


def test_base_template_is_accessible_and_names_the_municipality(client, settings):
    settings.MUNICIPALITY_NAME = "Testkommune"
    plan = _plan_with_measures(1)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert '<html lang="nb"' in html
    assert '<a class="ds-skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<nav" in html and "<header" in html and "<footer" in html
    assert "Testkommune" in html


def test_english_is_available(client):
    plan = _plan_with_measures(1)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(plan.get_absolute_url()).content.decode()
    assert '<html lang="en"' in html


def test_login_with_wrong_password_shows_a_norwegian_message(client):
    make_user(Role.LEAD, username="ola")
    response = client.post(reverse("login"), {"username": "ola", "password": "feil"})
    assert response.status_code == 200
    assert "Brukernavn eller passord er feil" in response.content.decode()


def test_norwegian_is_the_default_whatever_the_browser_asks(client):
    plan = _plan_with_measures(1)
    html = client.get(plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert '<html lang="nb"' in html

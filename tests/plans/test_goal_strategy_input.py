"""Bad input for goals and strategies: a field message, never a 500 (SQLite and PostgreSQL)."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from plans.models import GOAL_STATEMENT_MAX, STRATEGY_DESCRIPTION_MAX, Goal, Strategy
from tests.factories import GoalFactory
from tests.measures.coordinator_data import make_plan_with_measures

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(client):
    data = make_plan_with_measures(1)
    client.force_login(data.coordinator)
    return data


@pytest.mark.parametrize("number", [32768, 40000, 10**12])
def test_a_goal_number_above_the_column_range_is_a_field_message(client, data, number):
    response = client.post(
        reverse("plans:goal_create", args=[data.plan.slug]),
        {"number": number, "title": "Organisering", "statement": "Godt samarbeid."},
    )

    assert response.status_code == 400
    assert "number" in response.context["form"].errors
    assert "32767" in response.content.decode().replace("\xa0", "").replace(" ", "")
    assert not Goal.objects.filter(plan=data.plan, title="Organisering").exists()


def test_a_strategy_number_above_the_column_range_is_a_field_message(client, data):
    goal = data.measures[0].strategy.goal
    response = client.post(
        reverse("plans:strategy_create", args=[data.plan.slug]),
        {"goal": goal.pk, "number": 40000, "title": "Faste møter", "description": ""},
    )

    assert response.status_code == 400
    assert "number" in response.context["form"].errors


def test_the_highest_number_is_accepted(client, data):
    response = client.post(
        reverse("plans:goal_create", args=[data.plan.slug]),
        {"number": 32767, "title": "Organisering", "statement": "Godt samarbeid."},
    )

    assert response.status_code == 302


def test_a_huge_goal_statement_is_refused_with_a_message_and_the_goal_is_kept(client, data):
    goal = data.measures[0].strategy.goal
    before = goal.statement
    response = client.post(
        reverse("plans:goal_edit", args=[data.plan.slug, goal.pk]),
        {"number": goal.number, "title": goal.title, "statement": "x" * 1_000_000},
    )

    assert response.status_code == 400
    assert "statement" in response.context["form"].errors
    goal.refresh_from_db()
    assert goal.statement == before


def test_a_huge_strategy_description_is_refused_with_a_message(client, data):
    goal = data.measures[0].strategy.goal
    response = client.post(
        reverse("plans:strategy_create", args=[data.plan.slug]),
        {
            "goal": goal.pk,
            "number": 9,
            "title": "Faste møter",
            "description": "x" * (STRATEGY_DESCRIPTION_MAX + 1),
        },
    )

    assert response.status_code == 400
    assert "description" in response.context["form"].errors
    assert not Strategy.objects.filter(goal=goal, number=9).exists()


def test_the_database_refuses_an_over_long_statement_too():
    with pytest.raises(IntegrityError):
        GoalFactory(statement="x" * (GOAL_STATEMENT_MAX + 1))

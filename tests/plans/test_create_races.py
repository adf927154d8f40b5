"""A double-click on "create": two POSTs at once give one row and one field message, no 500.

PostgreSQL, real connections in threads. Both requests are held at a barrier after
their "already taken?" check and before their insert, so the race the review found
(25 of 30 trials gave a 500) happens every time here.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from measures.models import Measure
from measures.register import services as register_services
from plans import services as plan_services
from plans.models import Goal, Strategy
from tests.measures.coordinator_data import make_plan_with_measures

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _hold_after_check(monkeypatch, module, name):
    """Wrap module.name so both requests wait for each other at that point."""
    barrier = threading.Barrier(2, timeout=20)
    original = getattr(module, name)

    def held(*args, **kwargs):
        result = original(*args, **kwargs)
        barrier.wait()
        return result

    monkeypatch.setattr(module, name, held)


def _post_twice(user, url, data):
    """Two clients of the same user POST the same form at the same moment."""
    answers = [None, None]

    def run(index):
        client = Client()
        client.force_login(user)
        try:
            answers[index] = client.post(url, data)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def _outcome(answers):
    return sorted(answer.status_code for answer in answers)


def test_two_simultaneous_goal_creates_give_one_goal_and_a_field_message(monkeypatch):
    data = make_plan_with_measures(1)
    # Held after the "number taken?" check, just before the insert.
    _hold_before(monkeypatch, plan_services, "_create_unique")

    answers = _post_twice(
        data.coordinator,
        reverse("plans:goal_create", args=[data.plan.slug]),
        {"number": 7, "title": "Organisering", "statement": "Godt samarbeid."},
    )

    assert _outcome(answers) == [302, 400]
    refused = next(a for a in answers if a.status_code == 400).content.decode()
    assert "Planen har allerede et målområde med nummer 7." in refused
    assert Goal.objects.filter(plan=data.plan, number=7).count() == 1


def test_two_simultaneous_strategy_creates_give_one_strategy_and_a_field_message(monkeypatch):
    data = make_plan_with_measures(1)
    goal = data.measures[0].strategy.goal
    _hold_before(monkeypatch, plan_services, "_create_unique")

    answers = _post_twice(
        data.coordinator,
        reverse("plans:strategy_create", args=[data.plan.slug]),
        {"goal": goal.pk, "number": 9, "title": "Faste møter", "description": ""},
    )

    assert _outcome(answers) == [302, 400]
    refused = next(a for a in answers if a.status_code == 400).content.decode()
    assert "Målområdet har allerede en strategi med nummer 9." in refused
    assert Strategy.objects.filter(goal=goal, number=9).count() == 1


def test_two_simultaneous_measure_creates_give_one_measure_and_a_field_message(monkeypatch):
    data = make_plan_with_measures(2)
    strategy = data.measures[0].strategy
    code = f"{strategy.code}.77"
    # The owner check runs after the code check and before the insert.
    _hold_after_check(monkeypatch, register_services, "_check_owner")

    answers = _post_twice(
        data.coordinator,
        reverse("measures:measure_create", args=[data.plan.slug]),
        {
            "strategy": strategy.pk,
            "code": code,
            "title": "Nytt tiltak for unge",
            "responsible_department": data.departments[2].pk,
            "responsible_person": data.leads[2].pk,
            "status": "not_started",
            "progress": 0,
        },
    )

    assert _outcome(answers) == [302, 400], [a.content.decode()[:2000] for a in answers]
    refused = next(a for a in answers if a.status_code == 400).content.decode()
    assert f"Koden {code} er allerede brukt av et annet tiltak i planen." in refused
    assert Measure.objects.filter(plan=data.plan, code=code).count() == 1


def _hold_before(monkeypatch, module, name):
    barrier = threading.Barrier(2, timeout=20)
    original = getattr(module, name)

    def held(*args, **kwargs):
        barrier.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, held)

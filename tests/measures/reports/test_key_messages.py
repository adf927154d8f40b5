"""The key messages that open the council report's summary, on data where every figure
is known: four measures, a first published report, then changes before the second."""

import datetime as dt

import pytest
from django.utils import timezone

from bodobolig.permissions import Role
from measures.models import Measure
from measures.reports import services as report_services
from tests.factories import MeasureFactory, StrategyFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


@pytest.fixture
def measures():
    strategy = StrategyFactory()
    past = timezone.localdate() - dt.timedelta(days=30)
    return {
        "a": MeasureFactory(strategy=strategy, status=Measure.Status.IN_PROGRESS, progress=40),
        "b": MeasureFactory(strategy=strategy, status=Measure.Status.POSTPONED, progress=10),
        "c": MeasureFactory(
            strategy=strategy, status=Measure.Status.IN_PROGRESS, progress=20, planned_end=past
        ),
        "d": MeasureFactory(strategy=strategy, status=Measure.Status.NOT_STARTED, progress=0),
    }


def _ready_report(plan, coordinator, **kwargs):
    report = report_services.council_report_request(
        plan=plan, user=coordinator, as_of=timezone.localdate(), queue_render=False, **kwargs
    )
    return report_services.council_report_render(report_id=report.pk)


def test_the_first_report_says_what_is_delayed_and_that_it_is_the_first(coordinator, measures):
    plan = measures["a"].plan
    messages = _ready_report(plan, coordinator).snapshot["key_messages"]
    assert messages[0] == "Planen har 4 tiltak med samlet framdrift 18\xa0%; 0 er fullført."
    assert messages[1] == "2 av 4 tiltak er forsinket eller utsatt."
    assert messages[2] == "Dette er den første statusrapporten til bystyret for planen."
    assert 3 <= len(messages) <= 5


def test_the_next_report_counts_what_is_new_since_the_published_one(coordinator, measures):
    plan = measures["a"].plan
    first = _ready_report(plan, coordinator)
    report_services.council_report_publish(report=first, user=coordinator)
    Measure.objects.filter(pk=measures["a"].pk).update(
        status=Measure.Status.COMPLETED, progress=100
    )
    Measure.objects.filter(pk=measures["d"].pk).update(status=Measure.Status.POSTPONED)

    messages = _ready_report(plan, coordinator, case_number="24/2").snapshot["key_messages"]

    assert messages[1] == "3 av 4 tiltak er forsinket eller utsatt; 1 nytt siden forrige rapport."
    assert messages[2] == (
        "Siden forrige rapport har 2 tiltak endret status eller framdrift, og 1 er blitt fullført."
    )
    assert 3 <= len(messages) <= 5


def test_a_withdrawn_report_is_not_the_previous_report(coordinator, measures):
    plan = measures["a"].plan
    first = _ready_report(plan, coordinator)
    report_services.council_report_publish(report=first, user=coordinator)
    report_services.council_report_withdraw(report=first, user=coordinator, reason="Feil tall")

    second = _ready_report(plan, coordinator, case_number="24/3")

    assert second.snapshot["previous"] is None
    assert (
        "Dette er den første statusrapporten til bystyret for planen."
        in (second.snapshot["key_messages"])
    )


def test_the_key_messages_open_the_summary_on_the_page(client, coordinator, measures):
    report = _ready_report(measures["a"].plan, coordinator)
    client.force_login(coordinator)
    body = client.get(report.get_absolute_url()).content.decode()
    assert body.index("Hovedbudskap") < body.index("Tiltak etter status")
    assert "2 av 4 tiltak er forsinket eller utsatt." in body

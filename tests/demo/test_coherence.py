"""Coherence rules the app relies on, checked on the loaded demo and on generated data.

- a measure's status and progress agree (completed ⇒ 100, not started ⇒ 0), and so do a
  status update's;
- a measure's derived `last_reported_at` is the newest `submitted_at` of its status updates, and
  NULL when it has none;
- funding request years lie inside the measure's plan period;
- a plan has at most one open reporting round.
"""

import datetime as dt

import pytest
from django.db.models import Count, F, Max, Q

from demo import bodo
from demo.generate import generate_small
from measures.models import FundingRequest, Measure, MeasureStatus, ReportingRound, StatusUpdate
from plans.models import Plan

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)
INCOHERENT = Q(status=MeasureStatus.COMPLETED) & ~Q(progress=100) | Q(
    status=MeasureStatus.NOT_STARTED
) & ~Q(progress=0)


def _load_demo():
    bodo.load_demo(today=TODAY)
    return Plan.objects.filter(slug__in=[bodo.HISTORIC_SLUG, bodo.CURRENT_SLUG])


def _generate(**kwargs):
    result = generate_small(today=TODAY, measures=300, owners=60, departments=12, **kwargs)
    return Plan.objects.filter(pk__in=[result.plan_id, result.predecessor_id])


DATASETS = {
    "demo": _load_demo,
    "generated": _generate,
    "generated-without-updates": lambda: _generate(updates_per_measure=0),
}


@pytest.fixture(params=list(DATASETS))
def plans(request):
    return DATASETS[request.param]()


def test_measure_status_and_progress_agree(plans):
    measures = Measure.objects.filter(plan__in=plans)
    assert measures.exists()
    assert list(measures.filter(INCOHERENT).values_list("code", "status", "progress")) == []


def test_status_update_status_and_progress_agree(plans):
    updates = StatusUpdate.objects.filter(measure__plan__in=plans)
    bad = updates.filter(INCOHERENT).values_list("measure__code", "status", "progress")
    assert list(bad) == []


def test_last_reported_is_the_newest_status_update_or_null(plans):
    # Derived, never stored: the column is gone and the annotation is the newest update.
    assert "last_reported_at" not in {f.name for f in Measure._meta.get_fields()}
    measures = (
        Measure.objects.filter(plan__in=plans)
        .with_last_reported()
        .annotate(newest=Max("status_updates__submitted_at"))
    )
    wrong = [
        (m.code, m.last_reported_at, m.newest) for m in measures if m.last_reported_at != m.newest
    ]
    assert wrong == []


def test_funding_years_lie_inside_the_plan_period(plans):
    funding = FundingRequest.objects.filter(measure__plan__in=plans)
    outside = funding.filter(
        Q(year__lt=F("measure__plan__period_start")) | Q(year__gt=F("measure__plan__period_end"))
    )
    assert list(outside.values_list("measure__code", "year")) == []


def test_at_most_one_open_reporting_round_per_plan(plans):
    open_rounds = (
        ReportingRound.objects.filter(plan__in=plans, status=ReportingRound.Status.OPEN)
        .values("plan")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert list(open_rounds) == []


def test_demo_measures_without_updates_show_no_last_reported_date():
    plans = _load_demo()
    silent = Measure.objects.filter(plan__in=plans, status_updates__isnull=True)
    assert silent.exists()  # the new, not yet started measure of the successor
    assert not silent.with_last_reported().filter(last_reported_at__isnull=False).exists()


def test_generated_measures_without_updates_show_no_last_reported_date():
    plans = _generate(updates_per_measure=0)
    current = Measure.objects.filter(plan__in=plans, plan__status=Plan.Status.ADOPTED)
    assert not StatusUpdate.objects.filter(measure__in=current).exists()
    assert not current.with_last_reported().filter(last_reported_at__isnull=False).exists()


def test_generated_completed_measures_have_older_updates_under_way():
    plans = _generate()
    older = StatusUpdate.objects.filter(
        measure__plan__in=plans, measure__status=MeasureStatus.COMPLETED
    ).exclude(progress=100)
    assert older.exists()
    assert not older.filter(status=MeasureStatus.COMPLETED).exists()

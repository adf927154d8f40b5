"""Rules the database enforces itself: tried through the ORM, bypassing every form."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError

from hearings.models import Hearing
from measures.models import Measure, StatusUpdate
from plans.models import Plan
from tests.factories import (
    DepartmentFactory,
    MeasureFactory,
    PlanFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _measure_fields(**overrides):
    strategy = StrategyFactory()
    fields = {
        "plan": strategy.goal.plan,
        "strategy": strategy,
        "number": 1,
        "code": "1.1.1",
        "title": "Tiltak uten eier",
        "responsible_department": DepartmentFactory(),
        "responsible_person": UserFactory(),
    }
    fields.update(overrides)
    return fields


@pytest.mark.parametrize("missing", ["responsible_department", "responsible_person"])
def test_measure_without_owner_is_refused_by_the_database(missing):
    fields = _measure_fields(**{missing: None})
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.create(**fields)
    assert not Measure.objects.exists()


@pytest.mark.parametrize("missing", ["responsible_department_id", "responsible_person_id"])
def test_removing_an_owner_with_a_bulk_update_is_refused(missing):
    measure = MeasureFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(**{missing: None})


def test_deleting_a_department_that_owns_measures_is_refused():
    measure = MeasureFactory()
    with pytest.raises(ProtectedError):
        measure.responsible_department.delete()
    assert Measure.objects.filter(pk=measure.pk).exists()


def test_deleting_a_person_who_owns_measures_is_refused():
    measure = MeasureFactory()
    with pytest.raises(ProtectedError):
        measure.responsible_person.delete()


def test_measure_code_is_unique_within_a_plan_but_not_across_plans():
    measure = MeasureFactory(code="2.3.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureFactory(strategy=measure.strategy, code="2.3.1")
    MeasureFactory(code="2.3.1")  # another plan
    assert Measure.objects.filter(code="2.3.1").count() == 2


@pytest.mark.parametrize("progress", [101, 250])
def test_progress_above_100_is_refused(progress):
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureFactory(progress=progress)


def test_status_update_progress_above_100_is_refused():
    measure = MeasureFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusUpdate.objects.create(
            measure=measure,
            status="in_progress",
            progress=120,
            text="x",
            submitted_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        )


def test_plan_period_end_before_start_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(period_start=2017, period_end=2014)
    PlanFactory(period_start=2017, period_end=2017)


@pytest.mark.parametrize("case_number", ["14/1234", "2014/1234", ""])
def test_well_formed_case_numbers_are_accepted(case_number):
    assert PlanFactory(case_number=case_number).pk


@pytest.mark.parametrize("case_number", ["1234", "14-1234", "214/12", "14/", "PS 15/7", "14/12a"])
def test_malformed_case_numbers_are_refused_by_the_database(case_number):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(case_number=case_number)


@pytest.mark.parametrize("ends_on", [dt.date(2013, 11, 1), dt.date(2013, 10, 1)])
def test_hearing_deadline_must_be_after_its_start(ends_on):
    plan = PlanFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Hearing.objects.create(
            plan=plan, title="Høring", starts_on=dt.date(2013, 11, 1), ends_on=ends_on
        )


def test_clean_gives_readable_norwegian_messages():
    from django.core.exceptions import ValidationError

    plan = Plan(
        title="P",
        slug="p",
        municipality="K",
        period_start=2017,
        period_end=2014,
        case_number="feil",
    )
    with pytest.raises(ValidationError) as excinfo:
        plan.full_clean()
    messages = excinfo.value.message_dict
    assert "Perioden kan ikke slutte før den begynner." in messages["period_end"]
    assert "14/1234" in messages["case_number"][0]

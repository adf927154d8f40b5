"""The shortcuts the 50-row lists render with say exactly what Django's general ones say."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation

from bodobolig.templatetags.bolig import day
from measures.models import ImplementationPlan, Measure, MeasureStatus
from measures.status import ImplementationPlanStatus


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2017, 12, 31),
        dt.date(2014, 1, 2),
        # 23:30 UTC on New Year's Eve is already 1 January in Bodø.
        dt.datetime(2016, 12, 31, 23, 30, tzinfo=dt.UTC),
        dt.datetime(2016, 6, 1, 12, 0, tzinfo=dt.UTC),
    ],
)
def test_day_writes_what_the_date_filter_writes(value):
    # Through templates: the engine gives `date` local time (expects_localtime).
    general = Template('{{ value|date:"d.m.Y" }}').render(Context({"value": value}))
    assert Template("{% load bolig %}{{ value|day }}").render(Context({"value": value})) == general


def test_day_of_nothing_is_empty():
    assert day(None) == "" == date_filter(None, "d.m.Y")


def test_a_local_datetime_is_shown_as_it_is():
    value = timezone.make_aware(dt.datetime(2016, 12, 31, 23, 30))
    assert day(value) == "31.12.2016"


@pytest.mark.parametrize("language", ["nb", "en"])
def test_status_labels_are_the_models_displays(language):
    with translation.override(language):
        for value in MeasureStatus.values:
            measure = Measure(status=value)
            assert str(measure.status_label) == str(measure.get_status_display())
        for value in ImplementationPlanStatus.values:
            plan = ImplementationPlan(status=value)
            assert str(plan.status_label) == str(plan.get_status_display())

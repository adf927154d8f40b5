"""django-filter sets of the plan's life resources in the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from measures.models import OngoingProject
from plans.models import Department, WorkPlan


class WorkPlanFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(label=_("Plan"))
    year = django_filters.NumberFilter(label=_("År"))
    responsible = django_filters.NumberFilter(
        field_name="items__responsible",
        distinct=True,
        label=_("Har linjer med denne ansvarlige (bruker-id)"),
    )

    class Meta:
        model = WorkPlan
        fields: list[str] = []


class OngoingProjectFilter(django_filters.FilterSet):
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=_("Virksomhet")
    )
    measure = django_filters.NumberFilter(
        field_name="measures", distinct=True, label=_("Tiltak (id)")
    )
    active_on = django_filters.DateFilter(label=_("Pågår på dato"), method="filter_active_on")
    q = django_filters.CharFilter(label=_("Søk i navn og beskrivelse"), method="search")

    class Meta:
        model = OngoingProject
        fields: list[str] = []

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(
            Q(start__isnull=True) | Q(start__lte=value), Q(end__isnull=True) | Q(end__gte=value)
        )

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

"""django-filter sets for the API's plan resources.

A plan, goal or strategy the user may not see is refused exactly like one that does
not exist (the same 400), so a filter never reveals that a draft exists.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import Department, Goal, Plan, Strategy
from plans.selectors import plans_visible_to


def visible_plans(request):
    return plans_visible_to(getattr(request, "user", None))


def visible_goals(request):
    return Goal.objects.filter(plan__in=visible_plans(request))


def visible_strategies(request):
    return Strategy.objects.filter(goal__plan__in=visible_plans(request))


class PlanFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Plan.Status.choices, label=_("Status"))
    year = django_filters.NumberFilter(
        label=_("Planer som gjelder dette året"), method="filter_year"
    )
    q = django_filters.CharFilter(label=_("Søk i tittel og sammendrag"), method="search")

    class Meta:
        model = Plan
        fields = ["status", "year", "q"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(period_start__lte=value, period_end__gte=value)

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))


class GoalFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=visible_plans, label=_("Plan"))

    class Meta:
        model = Goal
        fields = ["plan"]


class StrategyFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(
        queryset=visible_plans, field_name="goal__plan", label=_("Plan")
    )
    goal = django_filters.ModelChoiceFilter(queryset=visible_goals, label=_("Målområde"))

    class Meta:
        model = Strategy
        fields = ["plan", "goal"]


class DepartmentFilter(django_filters.FilterSet):
    parent = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=_("Overordnet enhet")
    )
    is_external = django_filters.BooleanFilter(label=_("Ekstern samarbeidspartner"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Søk i navn"))

    class Meta:
        model = Department
        fields = ["parent", "is_external", "q"]

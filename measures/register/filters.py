"""The public measure list's filters: what anyone may search the plan's measures by."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bodobolig.forms import Form
from measures.models import Measure, MeasureStatus
from plans.models import Department, Goal
from plans.selectors import plans_visible_to


def _plans(request):
    return plans_visible_to(request.user if request else None).order_by("-period_start")


class PublicMeasureFilter(django_filters.FilterSet):
    """Plan, goal, responsible department, status and free text: the fields the plan page
    shows everyone. Nothing internal (implementation plans, rounds, staleness)."""

    q = django_filters.CharFilter(label=_("Søk i kode, tittel og beskrivelse"), method="search")
    plan = django_filters.ModelChoiceFilter(
        label=_("Plan"), queryset=_plans, empty_label=_("Alle planer")
    )
    goal = django_filters.ModelChoiceFilter(
        label=_("Målområde"),
        field_name="strategy__goal",
        queryset=Goal.objects.select_related("plan").order_by("plan", "number"),
        empty_label=_("Alle målområder"),
    )
    responsible_department = django_filters.ModelChoiceFilter(
        label=_("Ansvarlig virksomhet"),
        # The departments that own a measure (a subquery: a join would repeat each one).
        queryset=Department.objects.filter(
            pk__in=Measure.objects.values("responsible_department_id")
        ).order_by("name"),
        empty_label=_("Alle virksomheter"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MeasureStatus.choices, empty_label=_("Alle statuser")
    )

    class Meta:
        model = Measure
        fields: list[str] = []
        form = Form

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        plan_id = (data or {}).get("plan")
        if plan_id and str(plan_id).isdigit():
            field = self.form.fields["goal"]
            field.queryset = field.queryset.filter(plan_id=plan_id)
            field = self.form.fields["responsible_department"]
            field.queryset = Department.objects.filter(
                pk__in=Measure.objects.filter(plan_id=plan_id).values("responsible_department_id")
            ).order_by("name")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(title__icontains=value) | Q(description__icontains=value)
        )

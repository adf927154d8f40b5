"""django-filter sets for the measure list, its exports and the dashboard's links."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bodobolig import permissions
from bodobolig.api_filters import SinceFilter
from bodobolig.forms import ColumnsChoiceIterator, Form, PersonLabels
from measures import status
from measures.followup import selectors
from measures.models import (
    ACTIVE_STATUSES,
    FollowUpSettings,
    FundingRequest,
    ImplementationPlan,
    Measure,
    MeasureStatus,
    ReportingRound,
    StatusUpdate,
)
from measures.register.filters import PublicMeasureFilter
from plans.models import Department, Goal, Strategy
from plans.selectors import plans_visible_to

# Sort keys of the list's columns → the ordering they stand for. "code" sorts
# by the numbers behind the code, so 10.1.1 comes after 2.1.1.
SORTS = {
    "code": ("plan__period_start", "strategy__goal__number", "strategy__number", "number"),
    "title": ("title",),
    "department": ("responsible_department__name",),
    "owner": ("responsible_person__last_name", "responsible_person__first_name"),
    "status": ("status",),
    "progress": ("progress",),
    "implementation_plan": ("implementation_plan__status",),
    "planned_end": ("planned_end",),
    "last_reported_at": ("last_reported_at",),
}
SORT_CHOICES = [(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS]
DEFAULT_SORT = "code"


def _with_last_reported(queryset):
    """The derived "last reported" column, unless the queryset already has it."""
    if "last_reported_at" in queryset.query.annotations:
        return queryset
    return queryset.with_last_reported()


def _plans(request):
    return plans_visible_to(request.user if request else None).order_by("-period_start")


class _OwnerChoiceIterator(django_filters.fields.ModelChoiceIterator, ColumnsChoiceIterator):
    """django-filter's iterator (its "null" choice) over plain columns."""


class OwnerChoiceField(PersonLabels, django_filters.fields.ModelChoiceField):
    iterator = _OwnerChoiceIterator


class OwnerFilter(django_filters.ModelChoiceFilter):
    field_class = OwnerChoiceField


class MeasureFilter(PublicMeasureFilter):
    """The staff list's filters: the public list's (search, plan, goal, department, status)
    and the internal ones (strategy, owner, implementation plans, rounds, staleness)."""

    FIELD_ORDER = [
        "q",
        "plan",
        "goal",
        "strategy",
        "responsible_department",
        "responsible_person",
        "status",
    ]

    strategy = django_filters.ModelChoiceFilter(
        label=_("Strategi"),
        queryset=Strategy.objects.select_related("goal").order_by("goal__number", "number"),
        empty_label=_("Alle strategier"),
    )
    responsible_person = OwnerFilter(
        label=_("Hovedansvarlig"),
        # EXISTS per person (the index on the owner column) rather than DISTINCT over a
        # join with every measure: the choices cost the same at 2,000 or 20,000 measures.
        queryset=get_user_model()
        .objects.filter(Exists(Measure.objects.filter(responsible_person=OuterRef("pk"))))
        .order_by("last_name", "first_name"),
        empty_label=_("Alle"),
    )
    active = django_filters.ChoiceFilter(
        label=_("Aktive tiltak"),
        choices=[("1", _("Bare aktive (ikke startet, planlagt, pågår)"))],
        empty_label=_("Alle"),
        method="filter_active",
    )
    implementation_plan_state = django_filters.ChoiceFilter(
        label=_("Gjennomføringsplan"),
        choices=selectors.ImplementationPlanState.choices,
        empty_label=_("Alle"),
        method="filter_implementation_plan_state",
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Over frist"),
        choices=selectors.Overdue.choices,
        empty_label=_("Alle"),
        method="filter_overdue",
    )
    stale = django_filters.ChoiceFilter(
        label=_("Ikke oppdatert"),
        choices=[("1", _("Ikke rapportert på lenge"))],
        empty_label=_("Alle"),
        method="filter_stale",
    )
    round = django_filters.ModelChoiceFilter(
        label=_("Rapporteringsrunde"),
        queryset=ReportingRound.objects.order_by("-due_date"),
        empty_label=_("Alle"),
        method="filter_round",
    )
    answered = django_filters.ChoiceFilter(
        label=_("Svart i runden"),
        choices=[("1", _("Har svart")), ("0", _("Har ikke svart"))],
        empty_label=_("Alle"),
        method="filter_answered",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sortering"), choices=SORT_CHOICES, method="filter_sort", empty_label=None
    )

    class Meta(PublicMeasureFilter.Meta):
        pass

    def __init__(self, data=None, *args, **kwargs):
        # The public filter narrows the goal and department choices to the chosen plan;
        # the strategy and round choices narrow here.
        super().__init__(data, *args, **kwargs)
        plan_id = (data or {}).get("plan")
        if plan_id and str(plan_id).isdigit():
            fields = self.form.fields
            fields["strategy"].queryset = fields["strategy"].queryset.filter(goal__plan_id=plan_id)
            fields["round"].queryset = fields["round"].queryset.filter(plan_id=plan_id)
        # The shared fields first, each internal one next to its kin (strategy after goal).
        self.form.order_fields(self.FIELD_ORDER)
        self.form.fields["stale"].help_text = _(
            "Tiltak som ikke er fullført eller avbrutt, uten statusoppdatering de siste %(days)s dagene."
        ) % {"days": self.stale_after_days}

    @property
    def stale_after_days(self) -> int:
        if not hasattr(self, "_stale_after_days"):
            self._stale_after_days = FollowUpSettings.stale_after_days_setting()
        return self._stale_after_days

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # Sorting applies even when the sort field is absent.
        if not self.form.cleaned_data.get("sort"):
            queryset = self.filter_sort(queryset, "sort", DEFAULT_SORT)
        return queryset

    def filter_active(self, queryset, name, value):
        return queryset.active() if value == "1" else queryset

    def filter_implementation_plan_state(self, queryset, name, value):
        return selectors.filter_implementation_plan_state(queryset, value)

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        if value == selectors.Overdue.IMPLEMENTATION_PLAN:
            return queryset.filter(selectors.implementation_plan_overdue_q(today))
        return queryset.filter(selectors.status_update_overdue(today))

    def filter_stale(self, queryset, name, value):
        return _with_last_reported(queryset).filter(
            status.stale_q(timezone.now(), self.stale_after_days)
        )

    def filter_round(self, queryset, name, value):
        answered = self.form.cleaned_data.get("answered")
        return selectors.filter_round(
            queryset, value.pk, None if answered in (None, "") else answered == "1"
        )

    def filter_answered(self, queryset, name, value):
        return queryset  # applied together with `round`

    def filter_sort(self, queryset, name, value):
        key = value.lstrip("-")
        fields = SORTS.get(key, SORTS[DEFAULT_SORT])
        if key == "last_reported_at":
            queryset = _with_last_reported(queryset)
        # Empty values (no plan ordered, no end date, never reported) go last either way,
        # on SQLite and PostgreSQL alike (they disagree on where NULL sorts by default).
        descending = value.startswith("-")
        ordering = [
            F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
            for field in fields
        ]
        return queryset.order_by(*ordering, "pk")


class MyMeasureFilter(django_filters.FilterSet):
    """ "Mine tiltak": find one measure among hundreds by code or title, status, plan and
    how the user is responsible for it."""

    q = django_filters.CharFilter(label=_("Søk i kode og tittel"), method="search")
    plan = django_filters.ModelChoiceFilter(
        label=_("Plan"),
        queryset=_plans,
        empty_label=_("Alle planer"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MeasureStatus.choices, empty_label=_("Alle statuser")
    )
    responsibility = django_filters.ChoiceFilter(
        label=_("Ansvar"),
        choices=[
            ("owner", _("Jeg er hovedansvarlig")),
            ("delegate", _("Jeg rapporterer for hovedansvarlig")),
            ("department", _("Virksomheten min har ansvaret")),
        ],
        empty_label=_("Alle"),
        method="filter_responsibility",
    )

    class Meta:
        model = Measure
        fields: list[str] = []
        form = Form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the running plans: "Mine tiltak" leaves completed plans out.
        plans = self.form.fields["plan"]
        plans.queryset = plans.queryset.exclude(status="completed")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__istartswith=value) | Q(title__icontains=value))

    def filter_responsibility(self, queryset, name, value):
        user = self.request.user
        if value == "owner":
            return queryset.filter(responsible_person=user)
        if value == "delegate":
            return queryset.filter(reporting_delegate=user)
        return queryset.exclude(responsible_person=user).exclude(reporting_delegate=user)


# --- The API's filters (measures/followup/api.py) -----------------------------------------
#
# A plan, goal or strategy the reader may not see is refused like an unknown id (the same
# 400), so a filter never tells that a draft exists. Filters on internal follow-up state
# (implementation plans not approved, overdue) are for the staff.


def _visible_goals(request):
    return Goal.objects.filter(plan__in=_plans(request))


def _visible_strategies(request):
    return Strategy.objects.filter(goal__plan__in=_plans(request))


STAFF_ONLY = _("Bare ansatte kan filtrere på dette.")


class ApiMeasureFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=_plans, label=_("Plan"))
    goal = django_filters.ModelChoiceFilter(
        queryset=_visible_goals, field_name="strategy__goal", label=_("Målområde")
    )
    strategy = django_filters.ModelChoiceFilter(queryset=_visible_strategies, label=_("Strategi"))
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(),
        field_name="responsible_department",
        label=_("Ansvarlig virksomhet"),
    )
    owner = django_filters.NumberFilter(
        field_name="responsible_person", label=_("Hovedansvarlig (bruker-id)")
    )
    status = django_filters.MultipleChoiceFilter(choices=MeasureStatus.choices, label=_("Status"))
    active = django_filters.BooleanFilter(label=_("Bare aktive tiltak"), method="filter_active")
    stale = django_filters.BooleanFilter(label=_("Ikke oppdatert"), method="filter_stale")
    overdue = django_filters.ChoiceFilter(
        choices=selectors.Overdue.choices, label=_("Over frist (ansatte)"), method="filter_overdue"
    )
    implementation_plan_state = django_filters.ChoiceFilter(
        choices=selectors.ImplementationPlanState.choices,
        label=_("Gjennomføringsplan (ansatte)"),
        method="filter_implementation_plan_state",
    )
    changed_since = SinceFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Endret siden (ISO 8601)")
    )
    q = django_filters.CharFilter(label=_("Søk i kode, tittel og beskrivelse"), method="search")

    class Meta:
        model = Measure
        fields: list[str] = []

    @property
    def _staff(self) -> bool:
        return permissions.is_staff_member(getattr(self.request, "user", None))

    def _staff_only(self, name):
        if not self._staff:
            raise ValidationError({name: [STAFF_ONLY]})

    def search(self, queryset, name, value):
        return MeasureFilter.search(self, queryset, name, value)

    def filter_active(self, queryset, name, value):
        return queryset.active() if value else queryset.exclude(status__in=ACTIVE_STATUSES)

    def filter_stale(self, queryset, name, value):
        stale = status.stale_q(timezone.now(), FollowUpSettings.stale_after_days_setting())
        queryset = _with_last_reported(queryset)
        return queryset.filter(stale) if value else queryset.exclude(stale)

    def filter_overdue(self, queryset, name, value):
        self._staff_only(name)
        return MeasureFilter.filter_overdue(self, queryset, name, value)

    def filter_implementation_plan_state(self, queryset, name, value):
        self._staff_only(name)
        return selectors.filter_implementation_plan_state(queryset, value)


class ImplementationPlanFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(
        queryset=_plans, field_name="measure__plan", label=_("Plan")
    )
    measure = django_filters.NumberFilter(label=_("Tiltak (id)"))
    status = django_filters.MultipleChoiceFilter(
        choices=ImplementationPlan.Status.choices, label=_("Status")
    )
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label=_("Frist til og med")
    )
    changed_since = SinceFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Endret siden (ISO 8601)")
    )

    class Meta:
        model = ImplementationPlan
        fields: list[str] = []


class StatusUpdateFilter(django_filters.FilterSet):
    reporting_round = django_filters.NumberFilter(label=_("Rapporteringsrunde (id)"))
    submitted_since = SinceFilter(
        field_name="submitted_at", lookup_expr="gte", label=_("Rapportert siden (ISO 8601)")
    )

    class Meta:
        model = StatusUpdate
        fields: list[str] = []


class ReportingRoundFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=_plans, label=_("Plan"))
    status = django_filters.ChoiceFilter(choices=ReportingRound.Status.choices, label=_("Status"))

    class Meta:
        model = ReportingRound
        fields: list[str] = []


class FundingRequestFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(
        queryset=_plans, field_name="measure__plan", label=_("Plan")
    )
    measure = django_filters.NumberFilter(label=_("Tiltak (id)"))
    year = django_filters.NumberFilter(label=_("År"))
    status = django_filters.ChoiceFilter(choices=FundingRequest.Status.choices, label=_("Status"))
    source = django_filters.ChoiceFilter(
        choices=FundingRequest.Source.choices, label=_("Finansieringskilde")
    )

    class Meta:
        model = FundingRequest
        fields: list[str] = []

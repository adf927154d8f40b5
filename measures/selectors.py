"""Reads of measures and their follow-up, each carrying the joins its page needs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from bodobolig import permissions
from measures.models import ImplementationPlan, Measure, MeasureStatus, Notification
from plans.models import Goal, Plan, Strategy
from plans.selectors import department_with_children_ids, plans_visible_to


@dataclass
class Rollup:
    """Progress of a group of measures: cancelled ones do not count, completed ones count 100."""

    count: int = 0
    progress: int = 0
    by_status: Counter = field(default_factory=Counter)

    @classmethod
    def of(cls, measures) -> Rollup:
        by_status = Counter(m.status for m in measures)
        counted = [m for m in measures if m.status != MeasureStatus.CANCELLED]
        total = sum(100 if m.status == MeasureStatus.COMPLETED else m.progress for m in counted)
        return cls(
            count=len(measures),
            progress=round(total / len(counted)) if counted else 0,
            by_status=by_status,
        )

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        """(value, label, count) in the order of the status choices, zeros left out."""
        return [
            (value, label, self.by_status[value])
            for value, label in MeasureStatus.choices
            if self.by_status[value]
        ]


def measures_visible_to(user) -> QuerySet[Measure]:
    return Measure.objects.filter(plan__in=plans_visible_to(user))


def plan_tree(plan: Plan) -> list[Goal]:
    """The plan's goals → strategies → measures, each goal and strategy with a `rollup`.

    Three queries whatever the plan's size: goals, strategies, measures with owners.
    """
    measures = Measure.objects.select_related(
        "responsible_department", "responsible_person"
    ).order_by("number")
    strategies = Strategy.objects.prefetch_related(
        Prefetch("measures", queryset=measures)
    ).order_by("number")
    goals = list(
        plan.goals.prefetch_related(Prefetch("strategies", queryset=strategies)).order_by("number")
    )
    for goal in goals:
        goal_measures = []
        for strategy in goal.strategies.all():
            strategy_measures = list(strategy.measures.all())
            strategy.rollup = Rollup.of(strategy_measures)
            goal_measures.extend(strategy_measures)
        goal.rollup = Rollup.of(goal_measures)
    return goals


def plan_rollup(goals: list[Goal]) -> Rollup:
    return Rollup.of(
        [m for goal in goals for strategy in goal.strategies.all() for m in strategy.measures.all()]
    )


def measure_for_page(user, pk: int) -> Measure:
    """One measure with everything its page shows; 404 when the user may not see it."""
    queryset = Measure.objects.select_related(
        "plan",
        "strategy__goal",
        "responsible_department__parent",
        "responsible_person",
        "reporting_delegate",
        "carried_over_from__plan",
    ).prefetch_related("legal_bases", "challenges", "contributing_departments")
    return permissions.get_object_for_user(queryset, user, pk=pk)


def notifications_visible_to(user) -> QuerySet[Notification]:
    """The coordinator sees every notice; anyone else their own. With the recipient joined."""
    queryset = Notification.objects.select_related("recipient").order_by("-created_at", "-pk")
    if permissions.can(user, permissions.Action.VIEW_ALL_NOTIFICATIONS):
        return queryset
    return queryset.filter(recipient=user)


# --- Implementation plans, reporting rounds, "mine tiltak" ---------------------------------


def implementation_plan_for_page(
    user, measure_pk: int, action: permissions.Action = permissions.Action.VIEW
) -> ImplementationPlan:
    """The measure's implementation plan with activities, funding and versions.

    404 when there is none or the user may not see it (drafts and returned plans
    are internal); 403 when they may see it but not do `action`.
    """
    from measures.models import ImplementationPlanVersion

    queryset = ImplementationPlan.objects.select_related(
        "measure__plan",
        "measure__strategy__goal",
        "measure__responsible_department__parent",
        "measure__responsible_person",
        "measure__reporting_delegate",
        "ordered_by",
        "approved_by",
    ).prefetch_related(
        "activities__responsible",
        "funding",
        Prefetch(
            "versions",
            queryset=ImplementationPlanVersion.objects.select_related("submitted_by").order_by(
                "-number"
            ),
        ),
    )
    return permissions.get_object_for_user(queryset, user, action, measure_id=measure_pk)


def reporting_rounds_with_counts(user) -> QuerySet:
    """Rounds in the plans the user may see, each with `measure_count` and `answered_count`."""
    from django.db.models import Count

    from measures.models import ReportingRound

    return (
        ReportingRound.objects.filter(plan__in=plans_visible_to(user))
        .select_related("plan")
        .annotate(
            measure_count=Count("measures", distinct=True),
            answered_count=Count("status_updates", distinct=True),
        )
        .order_by("status", "-due_date", "-pk")
    )


def reporting_round_rows(reporting_round) -> list[Measure]:
    """The round's measures, each with `round_update` (its answer in the round, or None)."""
    from measures.models import StatusUpdate

    updates = {
        u.measure_id: u
        for u in StatusUpdate.objects.filter(reporting_round=reporting_round).select_related(
            "submitted_by"
        )
    }
    measures = list(
        reporting_round.measures.select_related(
            "plan", "responsible_department__parent", "responsible_person", "reporting_delegate"
        ).order_by("code")
    )
    for measure in measures:
        measure.round_update = updates.get(measure.pk)
    return measures


@dataclass
class Owed:
    """One thing a lead owes: an implementation plan or a status update, and by when."""

    kind: str  # "implementation_plan" or "status_update"
    measure: Measure
    due_date: object
    label: str
    url: str
    overdue: bool


def my_measures(user) -> list[Measure]:
    """Measures the user owns, reports on, or their departments (with units below) own."""
    from django.db.models import Q

    from measures.models import ReportingRound

    department_ids = department_with_children_ids(permissions._department_ids_of(user))
    open_rounds = ReportingRound.objects.filter(status=ReportingRound.Status.OPEN).order_by(
        "due_date"
    )
    return list(
        Measure.objects.filter(
            Q(responsible_person=user)
            | Q(reporting_delegate=user)
            | Q(responsible_department__in=department_ids)
        )
        .exclude(plan__status="completed")
        .select_related(
            "plan",
            "implementation_plan",
            "responsible_department__parent",
            "responsible_person",
            "reporting_delegate",
        )
        .prefetch_related(
            Prefetch("reporting_rounds", queryset=open_rounds, to_attr="open_rounds"),
        )
        .distinct()
        .order_by("plan__period_start", "code")
    )


def owed_by(measures: list[Measure], today) -> list[Owed]:
    """What the measures still owe: open implementation plans and missing round answers."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from measures.models import ImplementationPlan, StatusUpdate

    round_ids = {r.pk for m in measures for r in m.open_rounds}
    answered = set(
        StatusUpdate.objects.filter(
            reporting_round_id__in=round_ids, measure__in=[m.pk for m in measures]
        ).values_list("measure_id", "reporting_round_id")
    )
    owed = []
    for measure in measures:
        try:
            ip = measure.implementation_plan
        except ImplementationPlan.DoesNotExist:
            ip = None
        if ip is not None and ip.is_open:
            owed.append(
                Owed(
                    "implementation_plan",
                    measure,
                    ip.due_date,
                    _("Gjennomføringsplan (%(status)s)") % {"status": ip.get_status_display()},
                    reverse("measures:implementation_plan", kwargs={"pk": measure.pk}),
                    ip.due_date < today,
                )
            )
        for round_ in measure.open_rounds:
            if (measure.pk, round_.pk) in answered:
                continue
            owed.append(
                Owed(
                    "status_update",
                    measure,
                    round_.due_date,
                    _("Statusrapport: %(round)s") % {"round": round_.name},
                    reverse(
                        "measures:status_update",
                        kwargs={"round_pk": round_.pk, "pk": measure.pk},
                    ),
                    round_.due_date < today,
                )
            )
    owed.sort(key=lambda o: (o.due_date, o.measure.code))
    return owed

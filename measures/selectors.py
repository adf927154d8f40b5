"""Reads of measures and their follow-up, each carrying the joins its page needs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from bodobolig import permissions
from measures.models import CouncilReport, Measure, MeasureStatus, Notification
from plans.models import Goal, Plan, Strategy
from plans.selectors import plans_visible_to


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


def council_reports_visible_to(user) -> QuerySet[CouncilReport]:
    """The reports the user may read (the same rule as `permissions.can_view_report`):
    staff see every report, politicians the published ones, the public the published
    reports of adopted or completed plans. Carries the plan for the list's columns."""
    reports = CouncilReport.objects.select_related("plan")
    if permissions.is_staff_member(user):
        return reports
    reports = reports.filter(published_at__isnull=False)
    if permissions.is_politician(user):
        return reports
    return reports.filter(plan__status__in=[Plan.Status.ADOPTED, Plan.Status.COMPLETED])


def notifications_visible_to(user) -> QuerySet[Notification]:
    """The coordinator sees every notice; anyone else their own. With the recipient joined."""
    queryset = Notification.objects.select_related("recipient").order_by("-created_at", "-pk")
    if permissions.can(user, permissions.Action.VIEW_ALL_NOTIFICATIONS):
        return queryset
    return queryset.filter(recipient=user)

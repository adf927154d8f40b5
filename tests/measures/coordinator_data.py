"""A plan of any size with every follow-up state, for the coordinator pages' tests."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from bodobolig.audit import log_action
from bodobolig.permissions import Role
from measures.models import (
    FollowUpSettings,
    ImplementationPlan,
    Measure,
    MeasureStatus,
    ReportingRound,
    StatusUpdate,
)
from measures.register.services import comment_add
from measures.status import effective_progress
from plans.models import Plan
from tests.factories import (
    GoalFactory,
    PlanFactory,
    StrategyFactory,
    make_department_with_lead,
    make_user,
)

STATUSES = [s for s, _label in MeasureStatus.choices]
IP_STATES = [None, *[s for s, _label in ImplementationPlan.Status.choices]]


@dataclass
class PlanData:
    plan: Plan
    measures: list[Measure]
    departments: list
    leads: list
    coordinator: object
    round: ReportingRound
    today: dt.date


def make_plan_with_measures(n: int) -> PlanData:
    """`n` measures over 2 goals × 2 strategies and 3 departments, cycling through every
    status and implementation-plan state; an open round past its due date that half of
    them answered; every fifth measure last reported long ago."""
    FollowUpSettings.load()
    today = timezone.localdate()
    now = timezone.now()
    coordinator = make_user(Role.COORDINATOR)
    plan = PlanFactory()
    strategies = []
    for g in (1, 2):
        goal = GoalFactory(plan=plan, number=g)
        strategies += [StrategyFactory(goal=goal, number=s) for s in (1, 2)]
    departments, leads = zip(*[make_department_with_lead() for _ in range(3)], strict=True)
    rows = []
    for i in range(n):
        strategy = strategies[i % 4]
        rows.append(
            Measure(
                plan=plan,
                strategy=strategy,
                number=i + 1,
                code=f"{strategy.goal.number}.{strategy.number}.{i + 1}",
                title=f"Tiltak nummer {i + 1}",
                description="Boliger for unge" if i % 7 == 0 else "",
                responsible_department=departments[i % 3],
                responsible_person=leads[i % 3],
                status=STATUSES[i % len(STATUSES)],
                progress=effective_progress(STATUSES[i % len(STATUSES)], (i * 7) % 100),
                planned_start=today - dt.timedelta(days=100),
                planned_end=today + dt.timedelta(days=i),
            )
        )
    measures = Measure.objects.bulk_create(rows)
    fifth = {m.pk for i, m in enumerate(measures) if i % 5 == 0}

    def long_ago(measure) -> bool:
        return measure.pk in fifth

    ImplementationPlan.objects.bulk_create(
        ImplementationPlan(
            measure=m,
            status=IP_STATES[i % len(IP_STATES)],
            due_date=today + dt.timedelta(days=-5 if i % 2 else 5),
            ordered_by=coordinator,
        )
        for i, m in enumerate(measures)
        if IP_STATES[i % len(IP_STATES)] is not None
    )
    round_ = ReportingRound.objects.create(
        plan=plan, name="Tertial", due_date=today - dt.timedelta(days=1), opened_by=coordinator
    )
    active = [m for m in measures if m.status in {"not_started", "planned", "in_progress"}]
    round_.measures.set(active)
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            measure=m,
            reporting_round=round_,
            status=m.status,
            progress=m.progress,
            text="Går bra.",
            submitted_by=m.responsible_person,
            submitted_at=now,
        )
        for m in active[::2]
        if not long_ago(m)
    )
    # "Last reported" is derived from status updates: one outside the round for each.
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            measure=m,
            status=m.status,
            progress=m.progress,
            text="Tidligere status.",
            submitted_by=m.responsible_person,
            submitted_at=now - dt.timedelta(days=200 if long_ago(m) else 3),
        )
        for m in measures
    )
    # A little history for the activity list, the same at every size.
    for m in measures[:3]:
        m.title = f"{m.title} (endret)"
        m._history_user = coordinator
        m.save()
        log_action(
            "measure.updated", actor=coordinator, target=m, changes={"Tiltak": ("", m.title)}
        )
        comment_add(measure=m, author=coordinator, text="Hei!")
    return PlanData(
        plan=plan,
        measures=measures,
        departments=list(departments),
        leads=list(leads),
        coordinator=coordinator,
        round=round_,
        today=today,
    )

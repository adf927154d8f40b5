"""The coordinator's dashboard: one plan's follow-up at a glance, in a fixed number of
queries, every number linking to the measure list that shows the same measures."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from bodobolig.audit import describe
from bodobolig.models import AuditEntry
from measures import revisions
from measures.followup.selectors import (
    ImplementationPlanState,
    implementation_plan_overdue_q,
    stale_by_update_sets_q,
    status_update_overdue_count,
    unconfirmed_measures,
)
from measures.models import (
    ACTIVE_STATUSES,
    FollowUpSettings,
    ImplementationPlan,
    Measure,
    MeasureStatus,
    ReportingRound,
    StatusUpdate,
)
from measures.status import implementation_plan_owed_q, stale_q
from plans.models import Department, Plan
from plans.selectors import plans_visible_to


@dataclass
class StatusTable:
    """Rows (goal or department) × measure status, with counts; zero cells are kept.
    Every number comes with the link to the list of those measures."""

    rows: list[dict]
    totals: list[tuple[int, str]]  # per status: (n, link)
    total: int
    total_href: str


# Owners named per open round (those with the most unanswered measures); the list behind
# "vis de som ikke har svart" has them all. The page stays one size with 300 owners.
MISSING_OWNERS_SHOWN = 15


@dataclass
class RoundCompletion:
    round: ReportingRound
    total: int = 0
    answered: int = 0
    missing_owners: list[dict] = field(default_factory=list)
    missing_owner_count: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


@dataclass
class Activity:
    when: dt.datetime
    who: str  # the actor's name; the sentence in `text` names them too
    kind: str
    measure_id: int | None
    measure_code: str
    text: str


# Owners who have not confirmed their measures: the first ones and how many.
UNCONFIRMED_SHOWN = 20


@dataclass
class Dashboard:
    plan: Plan | None
    today: dt.date
    stale_after_days: int
    by_goal: StatusTable
    by_department: StatusTable
    active_count: int
    implementation_plan_states: list[tuple[str, str, int]]
    without_approved_plan: int
    implementation_plans_overdue: int
    overdue_implementation_plans: list[ImplementationPlan]
    status_updates_overdue: int
    stale: int
    rounds: list[RoundCompletion]
    unconfirmed: list[Measure]
    unconfirmed_count: int
    activity: list[Activity]


def _status_table(counts, keys: list[tuple[Any, str]], *, plan: Plan, param: str) -> StatusTable:
    """`counts`: rows of (key, status, n); `keys`: (key, label) in display order. Each
    cell is (n, link to the measure list of those measures); the links are made here,
    not in the template, which drew a few hundred cells slower than the rest of the page."""
    list_url = f"{reverse('measures:measure_list')}?plan={plan.pk}"
    cells: dict[Any, Counter] = {key: Counter() for key, _label in keys}
    for key, status, n in counts:
        cells.setdefault(key, Counter())[status] += n
    rows = [
        {
            "label": label,
            "cells": [
                (cells[key][value], f"{list_url}&{param}={key}&status={value}")
                for value, _l in MeasureStatus.choices
            ],
            "total": sum(cells[key].values()),
            "total_href": f"{list_url}&{param}={key}",
        }
        for key, label in keys
    ]
    totals = Counter()
    for counter in cells.values():
        totals.update(counter)
    return StatusTable(
        rows=rows,
        totals=[
            (totals[value], f"{list_url}&status={value}") for value, _l in MeasureStatus.choices
        ],
        total=sum(totals.values()),
        total_href=list_url,
    )


@dataclass(frozen=True)
class _CountRow:
    goal: int
    status: str
    implementation_plan: str | None  # its status; None when none is ordered
    n: int
    implementation_plan_overdue: int
    stale: int


def _measure_counts(
    plan: Plan, *, now: dt.datetime, today: dt.date, stale_after_days: int
) -> list[_CountRow]:
    """The plan's measures counted in one pass, grouped by goal, status and
    implementation-plan status, with how many of each group are overdue or stale: the goal
    table, the plan states and the follow-up counts are sums of these few rows. (Four
    queries, each reading every measure, cost 60 ms at 20,000 measures. The departments
    are counted apart: grouped with the rest they made thousands of rows.)"""
    rows = (
        Measure.objects.filter(plan=plan)
        .values_list("strategy__goal_id", "status", "implementation_plan__status")
        .annotate(
            n=Count("pk"),
            implementation_plan_overdue=Count("pk", filter=implementation_plan_overdue_q(today)),
            # The same rule as `stale_measures` and the list's ?stale=1.
            stale=Count("pk", filter=stale_by_update_sets_q(now, stale_after_days)),
        )
        .order_by()
    )
    return [_CountRow(*row) for row in rows]


def _summed(rows: list[_CountRow], key: str) -> list[tuple]:
    """(key, status, n) summed over the other groupings, for `_status_table`."""
    sums: Counter = Counter()
    for row in rows:
        sums[getattr(row, key), row.status] += row.n
    return [(*group, n) for group, n in sums.items()]


def dashboard_plans(user) -> QuerySet[Plan]:
    return plans_visible_to(user).order_by("-period_start", "title")


def dashboard(plan: Plan, *, now: dt.datetime | None = None) -> Dashboard:
    """Everything on the coordinator's dashboard for one plan.

    The counts are kept under the plan's revision (measures.revisions): counted once
    after each change in a fixed number of queries whatever the plan's size (aggregates
    per goal and department, counts per follow-up condition, the open rounds'
    completion, ten overdue plans, the unconfirmed owners); then two queries (the
    revision and the setting) and the fifteen newest audit entries, which are read on
    every view.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    stale_after_days = FollowUpSettings.stale_after_days_setting()  # 1 query, no write
    counted = revisions.counted(
        plan.pk,
        "dashboard",
        lambda: _counted(plan, now=now, today=today, stale_after_days=stale_after_days),
        today=today,
        depends_on=[stale_after_days],
    )
    return dataclasses.replace(counted, plan=plan, activity=recent_activity(plan))


def _counted(plan: Plan, *, now: dt.datetime, today: dt.date, stale_after_days: int) -> Dashboard:
    """The dashboard without its plan and activity: what is kept in the cache."""
    counts = _measure_counts(plan, now=now, today=today, stale_after_days=stale_after_days)
    goals = list(plan.goals.order_by("number").values_list("pk", "number", "title"))
    by_goal = _status_table(
        _summed(counts, "goal"),
        [(pk, f"{number} {title}") for pk, number, title in goals],
        plan=plan,
        param="goal",
    )
    by_department_counts = list(
        Measure.objects.filter(plan=plan)
        .values_list("responsible_department_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    departments = sorted(
        Department.objects.filter(
            pk__in={pk for pk, _status, _n in by_department_counts}
        ).values_list("pk", "name"),
        key=lambda d: d[1],
    )
    by_department = _status_table(
        by_department_counts, departments, plan=plan, param="responsible_department"
    )
    state_counts = Counter()
    for row in counts:
        if row.status in ACTIVE_STATUSES:
            state_counts[row.implementation_plan] += row.n
    states = [
        (
            ImplementationPlanState.MISSING.value,
            ImplementationPlanState.MISSING.label,
            state_counts[None],
        )
    ] + [(value, label, state_counts[value]) for value, label in ImplementationPlan.Status.choices]
    # The list's ?overdue=status_update rule, counted from the open rounds' members.
    status_updates_overdue = status_update_overdue_count(plan, today)
    overdue_plans = list(
        ImplementationPlan.objects.filter(
            implementation_plan_owed_q(measure="measure__"),
            measure__plan=plan,
            due_date__lt=today,
        )
        .select_related("measure__responsible_department", "measure__responsible_person")
        .order_by("due_date", "measure__code")[:10]
    )
    unconfirmed = unconfirmed_measures(plan)
    return Dashboard(
        plan=None,
        today=today,
        stale_after_days=stale_after_days,
        by_goal=by_goal,
        by_department=by_department,
        active_count=sum(row.n for row in counts if row.status in ACTIVE_STATUSES),
        implementation_plan_states=states,
        without_approved_plan=sum(
            n for value, _l, n in states if value != ImplementationPlan.Status.APPROVED
        ),
        implementation_plans_overdue=sum(row.implementation_plan_overdue for row in counts),
        overdue_implementation_plans=overdue_plans,
        status_updates_overdue=status_updates_overdue,
        stale=sum(row.stale for row in counts),
        rounds=_open_round_completion(plan),
        # The first ones and how many: a slice and a count, not every measure.
        unconfirmed=list(unconfirmed[:UNCONFIRMED_SHOWN]),
        unconfirmed_count=unconfirmed.count(),
        activity=[],
    )


def stale_measures(plan: Plan, *, now: dt.datetime, stale_after_days: int) -> QuerySet[Measure]:
    """The plan's measures "not updated" on `now`'s day: the dashboard's number, by the
    stale rule of `measures.status` (the list's ?stale=1 filter asks the same rule)."""
    return (
        Measure.objects.filter(plan=plan)
        .with_last_reported()
        .filter(stale_q(now, stale_after_days))
    )


def _open_round_completion(plan: Plan) -> list[RoundCompletion]:
    """x of y answered and who has not, for each open round: three queries."""
    rounds = {
        r.pk: RoundCompletion(round=r)
        for r in plan.reporting_rounds.filter(status=ReportingRound.Status.OPEN).order_by(
            "due_date"
        )
    }
    if not rounds:
        return []
    membership = ReportingRound.measures.through.objects.filter(
        reportinground_id__in=list(rounds)
    ).annotate(
        answered=Exists(
            StatusUpdate.objects.filter(
                measure_id=OuterRef("measure_id"), reporting_round_id=OuterRef("reportinground_id")
            )
        )
    )
    for round_id, answered, n in (
        membership.values_list("reportinground_id", "answered").annotate(n=Count("pk")).order_by()
    ):
        rounds[round_id].total += n
        if answered:
            rounds[round_id].answered += n
    missing = (
        membership.filter(answered=False)
        .values(
            "reportinground_id",
            "measure__responsible_person_id",
            "measure__responsible_person__first_name",
            "measure__responsible_person__last_name",
            "measure__responsible_person__username",
            "measure__responsible_department__name",
        )
        .annotate(n=Count("pk"))
        .order_by(
            "-n",
            "measure__responsible_department__name",
            "measure__responsible_person__last_name",
        )
    )
    for row in missing:
        completion = rounds[row["reportinground_id"]]
        completion.missing_owner_count += 1
        if len(completion.missing_owners) >= MISSING_OWNERS_SHOWN:
            continue
        first = row["measure__responsible_person__first_name"]
        last = row["measure__responsible_person__last_name"]
        completion.missing_owners.append(
            {
                "person_id": row["measure__responsible_person_id"],
                "name": f"{first} {last}".strip() or row["measure__responsible_person__username"],
                "department": row["measure__responsible_department__name"],
                "count": row["n"],
            }
        )
    return list(rounds.values())


ACTIVITY_LIMIT = 15
# What the feed reads of an entry and its measure.
ACTIVITY_COLUMNS = (
    "created_at",
    "actor_name",
    "action",
    "target_label",
    "data",
    "measure_id",
    "measure__code",
)


def recent_activity(plan: Plan, limit: int = ACTIVITY_LIMIT) -> list[Activity]:
    """The plan's newest audit entries, each as one plain sentence naming who acted.

    One query (the index audit_plan_time), with the measure's code for the link.
    """
    entries = (
        AuditEntry.objects.filter(plan=plan)
        .select_related("measure")
        .only(*ACTIVITY_COLUMNS)
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        Activity(
            when=entry.created_at,
            who=entry.actor_name,
            kind=entry.action.split(".")[0],
            measure_id=entry.measure_id,
            measure_code=entry.measure.code if entry.measure_id else "",
            text=describe(entry),
        )
        for entry in entries
    ]

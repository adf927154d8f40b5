"""Reads of measures and their follow-up, each carrying the joins its page needs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bodobolig import permissions
from measures.models import (
    ACTIVE_STATUSES,
    CouncilReport,
    FollowUpSettings,
    ImplementationPlan,
    ImplementationPlanVersion,
    Measure,
    MeasureStatus,
    Notification,
    ReportingRound,
    StatusUpdate,
)
from plans.models import Department, Goal, Plan, Strategy
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
        "implementation_plan",  # the page links to it (a LEFT JOIN, no extra query)
    ).prefetch_related("legal_bases", "challenges", "contributing_departments")
    return permissions.get_object_for_user(queryset, user, pk=pk)


# --- Follow-up: the conditions the dashboard counts and the measure list filters by ---
#
# The dashboard's numbers and the list behind each link come from the same
# expressions below, so a number and the length of its list always agree.

OPEN_IMPLEMENTATION_PLAN_STATUSES = (
    ImplementationPlan.Status.ORDERED,
    ImplementationPlan.Status.DRAFT,
    ImplementationPlan.Status.RETURNED,
)


class ImplementationPlanState(models.TextChoices):
    """The implementation-plan side of a measure, as the list filters it."""

    MISSING = "missing", _("Ikke bestilt")
    NOT_APPROVED = "not_approved", _("Ikke godkjent (alle)")
    ORDERED = "ordered", _("Bestilt")
    DRAFT = "draft", _("Under arbeid")
    SUBMITTED = "submitted", _("Levert")
    RETURNED = "returned", _("Sendt tilbake")
    APPROVED = "approved", _("Godkjent")


class Overdue(models.TextChoices):
    IMPLEMENTATION_PLAN = "implementation_plan", _("Gjennomføringsplan over frist")
    STATUS_UPDATE = "status_update", _("Statusrapport over frist")


def filter_implementation_plan_state(queryset: QuerySet[Measure], state: str) -> QuerySet:
    if state == ImplementationPlanState.MISSING:
        return queryset.filter(implementation_plan__isnull=True)
    if state == ImplementationPlanState.NOT_APPROVED:
        return queryset.exclude(implementation_plan__status=ImplementationPlan.Status.APPROVED)
    return queryset.filter(implementation_plan__status=state)


def implementation_plan_overdue_q(today: dt.date) -> Q:
    """The owner still owes the plan and its due date has passed."""
    return Q(
        implementation_plan__status__in=OPEN_IMPLEMENTATION_PLAN_STATUSES,
        implementation_plan__due_date__lt=today,
    )


def status_update_overdue(today: dt.date) -> Exists:
    """The measure is in an open reporting round past its due date and has not answered it."""
    membership = ReportingRound.measures.through.objects
    answered = StatusUpdate.objects.filter(
        measure_id=OuterRef("measure_id"), reporting_round_id=OuterRef("reportinground_id")
    )
    return Exists(
        membership.filter(
            measure_id=OuterRef("pk"),
            reportinground__status=ReportingRound.Status.OPEN,
            reportinground__due_date__lt=today,
        ).filter(~Exists(answered))
    )


def stale_q(now: dt.datetime, stale_after_days: int) -> Q:
    """An unfinished measure (postponed ones too) with no report, or never reported and
    created, more than N days ago."""
    cutoff = now - dt.timedelta(days=stale_after_days)
    return ~Q(status__in=[MeasureStatus.COMPLETED, MeasureStatus.CANCELLED]) & (
        Q(last_reported_at__lt=cutoff) | Q(last_reported_at__isnull=True, created_at__lt=cutoff)
    )


def round_answered(round_id: int) -> Exists:
    return Exists(
        StatusUpdate.objects.filter(measure_id=OuterRef("pk"), reporting_round_id=round_id)
    )


def filter_round(queryset: QuerySet[Measure], round_id: int, answered: bool | None) -> QuerySet:
    queryset = queryset.filter(reporting_rounds=round_id)
    if answered is None:
        return queryset
    condition = round_answered(round_id)
    return queryset.filter(condition if answered else ~condition)


def measure_list(user) -> QuerySet[Measure]:
    """The measures the user may list, with the joins of the list and its exports."""
    return measures_visible_to(user).select_related(
        "plan",
        "strategy__goal",
        "responsible_department",
        "responsible_person",
        "implementation_plan",
    )


# --- The coordinator's dashboard ----------------------------------------------


@dataclass
class StatusTable:
    """Rows (goal or department) × measure status, with counts; zero cells are kept."""

    rows: list[dict]
    totals: dict
    total: int


@dataclass
class RoundCompletion:
    round: ReportingRound
    total: int = 0
    answered: int = 0
    missing_owners: list[dict] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


@dataclass
class Activity:
    when: dt.datetime
    who: Any
    kind: str
    measure_id: int | None
    measure_code: str
    text: str


@dataclass
class Dashboard:
    plan: Plan
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
    activity: list[Activity]


def _status_table(counts, keys: list[tuple[Any, str]]) -> StatusTable:
    """`counts`: rows of (key, status, n); `keys`: (key, label) in display order."""
    cells: dict[Any, Counter] = {key: Counter() for key, _label in keys}
    for key, status, n in counts:
        cells.setdefault(key, Counter())[status] += n
    rows = [
        {
            "key": key,
            "label": label,
            "cells": [(value, cells[key][value]) for value, _l in MeasureStatus.choices],
            "total": sum(cells[key].values()),
        }
        for key, label in keys
    ]
    totals = Counter()
    for counter in cells.values():
        totals.update(counter)
    return StatusTable(
        rows=rows,
        totals=[(value, totals[value]) for value, _l in MeasureStatus.choices],
        total=sum(totals.values()),
    )


def dashboard_plans(user) -> QuerySet[Plan]:
    return plans_visible_to(user).order_by("-period_start", "title")


def dashboard(plan: Plan, *, now: dt.datetime | None = None) -> Dashboard:
    """Everything on the coordinator's dashboard for one plan.

    A fixed number of queries whatever the plan's size: aggregates per goal
    and department, counts per follow-up condition, the open rounds'
    completion, ten overdue plans and the fifteen newest history records.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    stale_after_days = FollowUpSettings.load().stale_after_days  # 1 query (get_or_create)
    measures = Measure.objects.filter(plan=plan)

    goals = list(plan.goals.order_by("number").values_list("pk", "number", "title"))
    by_goal_counts = measures.values_list("strategy__goal_id", "status").annotate(n=Count("pk"))
    by_goal = _status_table(
        by_goal_counts.order_by(), [(pk, f"{number} {title}") for pk, number, title in goals]
    )
    by_department_counts = list(
        measures.values_list("responsible_department_id", "responsible_department__name", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    departments = sorted(
        {(pk, name) for pk, name, _s, _n in by_department_counts}, key=lambda d: d[1]
    )
    by_department = _status_table(
        [(pk, status, n) for pk, _name, status, n in by_department_counts], departments
    )

    active = measures.filter(status__in=ACTIVE_STATUSES)
    state_counts = dict(
        active.values_list("implementation_plan__status").annotate(n=Count("pk")).order_by()
    )
    states = [
        (
            ImplementationPlanState.MISSING.value,
            ImplementationPlanState.MISSING.label,
            state_counts.get(None, 0),
        )
    ] + [
        (value, label, state_counts.get(value, 0))
        for value, label in ImplementationPlan.Status.choices
    ]
    counts = measures.aggregate(
        active=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
        ip_overdue=Count("pk", filter=implementation_plan_overdue_q(today)),
        su_overdue=Count("pk", filter=Q(status_update_overdue(today))),
        stale=Count("pk", filter=stale_q(now, stale_after_days)),
    )
    overdue_plans = list(
        ImplementationPlan.objects.filter(
            measure__plan=plan,
            status__in=OPEN_IMPLEMENTATION_PLAN_STATUSES,
            due_date__lt=today,
        )
        .select_related("measure__responsible_department", "measure__responsible_person")
        .order_by("due_date", "measure__code")[:10]
    )
    return Dashboard(
        plan=plan,
        today=today,
        stale_after_days=stale_after_days,
        by_goal=by_goal,
        by_department=by_department,
        active_count=counts["active"],
        implementation_plan_states=states,
        without_approved_plan=sum(
            n for value, _l, n in states if value != ImplementationPlan.Status.APPROVED
        ),
        implementation_plans_overdue=counts["ip_overdue"],
        overdue_implementation_plans=overdue_plans,
        status_updates_overdue=counts["su_overdue"],
        stale=counts["stale"],
        rounds=_open_round_completion(plan),
        activity=recent_activity(plan),
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
        .order_by("measure__responsible_department__name", "measure__responsible_person__last_name")
    )
    for row in missing:
        first = row["measure__responsible_person__first_name"]
        last = row["measure__responsible_person__last_name"]
        rounds[row["reportinground_id"]].missing_owners.append(
            {
                "person_id": row["measure__responsible_person_id"],
                "name": f"{first} {last}".strip() or row["measure__responsible_person__username"],
                "department": row["measure__responsible_department__name"],
                "count": row["n"],
            }
        )
    return list(rounds.values())


ACTIVITY_LIMIT = 15


def recent_activity(plan: Plan, limit: int = ACTIVITY_LIMIT) -> list[Activity]:
    """The newest history records of the plan's measures, implementation plans and status
    updates, merged: one query per history table."""
    measure_history = (
        Measure.history.filter(plan_id=plan.pk)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
    plan_history = (
        ImplementationPlan.history.filter(measure__plan=plan)
        .select_related("history_user", "measure")
        .order_by("-history_date")[:limit]
    )
    update_history = (
        StatusUpdate.history.filter(measure__plan=plan)
        .select_related("history_user", "measure")
        .order_by("-history_date")[:limit]
    )
    verbs = {"+": _("opprettet"), "~": _("endret"), "-": _("slettet")}
    items = []
    for record in measure_history:
        items.append(
            Activity(
                when=record.history_date,
                who=record.history_user,
                kind="measure",
                measure_id=record.id,
                measure_code=record.code,
                text=_("Tiltak %(verb)s") % {"verb": verbs[record.history_type]}
                + (f": {record.history_change_reason}" if record.history_change_reason else ""),
            )
        )
    for record in plan_history:
        items.append(
            Activity(
                when=record.history_date,
                who=record.history_user,
                kind="implementation_plan",
                measure_id=record.measure_id,
                measure_code=record.measure.code if record.measure else "",
                text=_("Gjennomføringsplan %(verb)s (%(status)s)")
                % {"verb": verbs[record.history_type], "status": record.get_status_display()},
            )
        )
    for record in update_history:
        items.append(
            Activity(
                when=record.history_date,
                who=record.history_user,
                kind="status_update",
                measure_id=record.measure_id,
                measure_code=record.measure.code if record.measure else "",
                text=_("Statusrapport %(verb)s (%(status)s, %(progress)s %%)")
                % {
                    "verb": verbs[record.history_type],
                    "status": record.get_status_display(),
                    "progress": record.progress,
                },
            )
        )
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:limit]


# --- The measure page's timeline ------------------------------------------------

# Measure columns whose changes the timeline shows, with their labels.
TIMELINE_FIELDS = {
    "responsible_department_id": _("Ansvarlig virksomhet"),
    "responsible_person_id": _("Hovedansvarlig"),
    "reporting_delegate_id": _("Rapporterer (delegert)"),
    "status": _("Status"),
    "planned_start": _("Planlagt start"),
    "planned_end": _("Planlagt slutt"),
    "code": _("Kode"),
    "title": _("Tittel"),
}


@dataclass
class TimelineEntry:
    when: dt.datetime
    kind: str  # status_update, implementation_plan, version, comment, change, created
    title: str
    who: Any = None
    text: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    obj: Any = None


def _display(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def measure_history_entries(measure: Measure) -> list[TimelineEntry]:
    """Changes of owner, status, dates and title, from consecutive history records.

    Three queries: the records with their users, then the names of the departments
    and people they mention.
    """
    records = list(
        measure.history.select_related("history_user").order_by("history_date", "history_id")
    )
    department_ids = {r.responsible_department_id for r in records}
    user_ids = {r.responsible_person_id for r in records} | {
        r.reporting_delegate_id for r in records if r.reporting_delegate_id
    }
    departments = (
        dict(Department.objects.filter(pk__in=department_ids).values_list("pk", "name"))
        if len(records) > 1
        else {}
    )
    people = (
        {
            u.pk: u.get_full_name() or u.get_username()
            for u in get_user_model().objects.filter(pk__in=user_ids)
        }
        if len(records) > 1
        else {}
    )
    statuses = dict(MeasureStatus.choices)
    names = {
        "responsible_department_id": departments,
        "responsible_person_id": people,
        "reporting_delegate_id": people,
        "status": statuses,
    }
    entries = []
    for previous, record in zip([None, *records], records, strict=False):
        if previous is None:
            if record.history_type != "+":
                continue  # history starts after the row was created (bulk loads)
            entries.append(
                TimelineEntry(
                    when=record.history_date,
                    kind="created",
                    title=_("Tiltaket ble opprettet"),
                    who=record.history_user,
                )
            )
            continue
        changes = []
        for name, label in TIMELINE_FIELDS.items():
            old, new = getattr(previous, name), getattr(record, name)
            if old != new:
                lookup = names.get(name, {})
                changes.append(
                    (str(label), _display(lookup.get(old, old)), _display(lookup.get(new, new)))
                )
        if changes:
            entries.append(
                TimelineEntry(
                    when=record.history_date,
                    kind="change",
                    title=_("Endret"),
                    who=record.history_user,
                    text=record.history_change_reason or "",
                    changes=changes,
                )
            )
    return entries


def measure_timeline(measure: Measure, *, internal: bool) -> list[TimelineEntry]:
    """Status updates for everyone; for those who may see internals also the
    implementation plan and its versions, comments and the change history. Newest first.
    A fixed number of queries whatever the size of the plan."""
    entries = [
        TimelineEntry(
            when=update.submitted_at,
            kind="status_update",
            title=_("Statusrapport"),
            who=update.submitted_by,
            text=update.text,
            obj=update,
        )
        for update in measure.status_updates.select_related("submitted_by", "reporting_round")
    ]
    if internal:
        plan = (
            ImplementationPlan.objects.filter(measure=measure).select_related("ordered_by").first()
        )
        if plan is not None:
            entries.append(
                TimelineEntry(
                    when=plan.ordered_at,
                    kind="implementation_plan",
                    title=_("Gjennomføringsplan bestilt, frist %(date)s")
                    % {"date": plan.due_date.strftime("%d.%m.%Y")},
                    who=plan.ordered_by,
                    text=plan.order_message,
                    obj=plan,
                )
            )
        versions = ImplementationPlanVersion.objects.filter(
            implementation_plan__measure=measure
        ).select_related("submitted_by")
        entries += [
            TimelineEntry(
                when=version.submitted_at,
                kind="version",
                title=_("Gjennomføringsplan versjon %(n)s levert (%(outcome)s)")
                % {"n": version.number, "outcome": version.get_outcome_display()},
                who=version.submitted_by,
                text=version.feedback,
                obj=version,
            )
            for version in versions
        ]
        entries += [
            TimelineEntry(
                when=comment.created_at,
                kind="comment",
                title=_("Kommentar"),
                who=comment.author,
                text=comment.text,
                obj=comment,
            )
            for comment in measure.comments.select_related("author")
        ]
        entries += measure_history_entries(measure)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


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
